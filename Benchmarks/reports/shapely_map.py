"""Shapely/pyproj peer for the map benchmark: the same work as `saylau map --election 2023 --by region`.

Reads the bundled kz_adm2.geojson and admin_units.csv, dissolves the units into the 2023 constituencies
(union per constituency; the split Al-Farabi District and the unassigned units stay on their own),
projects to the same Albers equal-area conic (lon0 67, lat0 48, parallels 43 and 53, sphere R 6371 km),
fits 976 x 520 px, simplifies with a 0.35 px tolerance (topology-preserving per shape), rounds to 0.1 px
and writes an SVG with one path per constituency plus the dissolved borders. No insets, labels or legend:
it is the geometric core only, so the comparison favours the peer.
Usage: python3 shapely_map.py RESOURCES_DIR OUT.svg
"""
import csv
import json
import sys
import time
from collections import defaultdict

import shapely
from pyproj import Transformer
from shapely.geometry import shape

res, out = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
with open(f"{res}/kz_adm2.geojson", encoding="utf-8") as f:
    features = json.load(f)["features"]
group = {}
with open(f"{res}/admin_units.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        for code in filter(None, row["geo_code"].split(";")):
            group[code] = row["constituency_2023"]  # "6;7" for the split unit
parts = defaultdict(list)
for feat in features:
    parts[group.get(feat["properties"]["code"], "unassigned:" + feat["properties"]["code"])].append(
        shape(feat["geometry"]))
dissolved = {k: shapely.union_all(v) for k, v in sorted(parts.items())}
albers = Transformer.from_crs(
    "EPSG:4326", "+proj=aea +lat_0=48 +lon_0=67 +lat_1=43 +lat_2=53 +R=6371000 +units=km +no_defs",
    always_xy=True)
projected = {k: shapely.transform(g, lambda c: __import__("numpy").column_stack(albers.transform(c[:, 0], c[:, 1])))
             for k, g in dissolved.items()}
minx, miny, maxx, maxy = shapely.union_all(list(projected.values())).bounds
scale = min(976 / (maxx - minx), 520 / (maxy - miny))
ox = 12 + (976 - (maxx - minx) * scale) / 2 - minx * scale
oy = 64 + (520 - (maxy - miny) * scale) / 2 + maxy * scale
paths = []
for k, g in projected.items():
    s = shapely.transform(g, lambda c: __import__("numpy").column_stack((ox + c[:, 0] * scale, oy - c[:, 1] * scale)))
    s = shapely.simplify(s, 0.35, preserve_topology=True)
    d = []
    for poly in shapely.get_parts(s):
        for ring in [poly.exterior, *poly.interiors]:
            pts = [f"{x:.1f} {y:.1f}" for x, y in ring.coords]
            d.append("M" + "L".join(pts) + "z")
    paths.append(f'<path data-group="{k}" d="{"".join(d)}"/>')
# Dissolved borders: the boundaries of the constituencies, merged so shared borders are drawn once.
import numpy as np
lines = shapely.line_merge(shapely.union_all([shapely.boundary(g) for g in projected.values()]))
lines = shapely.transform(lines, lambda c: np.column_stack((ox + c[:, 0] * scale, oy - c[:, 1] * scale)))
lines = shapely.simplify(lines, 0.35)
bd = "".join("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in part.coords) for part in shapely.get_parts(lines))
paths.append(f'<path fill="none" stroke="#fff" d="{bd}"/>')
with open(out, "w", encoding="utf-8") as f:
    f.write('<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="868">\n' + "\n".join(paths) + "\n</svg>\n")
print(f"groups {len(paths)} seconds {time.perf_counter() - t0:.3f}", file=sys.stderr)
