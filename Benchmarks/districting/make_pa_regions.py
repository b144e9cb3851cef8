"""Stand-in counties for the Pennsylvania VTD graph, which carries no county column.

usage: python make_pa_regions.py IN.json OUT.json [--regions 67] [--seed 67]

The bundled graph (data/pennsylvania) has population, the 2011 plan and shapes, but no county of each VTD,
and its node ids are not in GEOID order, so counties cannot be recovered from it. The region-aware
benchmark therefore uses a stand-in layer of the same size: 67 connected groups of VTDs (Pennsylvania has
67 counties), the graph-distance Voronoi cells of 67 VTDs drawn with the seed (breadth-first growth from
all seeds at once, neighbours in id order). Both tools read the same file, attribute `county`. These are
not Pennsylvania's counties; what is compared is the two samplers on the same layer.
"""
import argparse
import collections
import json
import random

ap = argparse.ArgumentParser()
ap.add_argument("src")
ap.add_argument("out")
ap.add_argument("--regions", type=int, default=67)
ap.add_argument("--seed", type=int, default=67)
a = ap.parse_args()
d = json.load(open(a.src))
ids = [n["id"] for n in d["nodes"]]
index = {v: i for i, v in enumerate(ids)}
adj = [sorted(index[x["id"]] for x in row) for row in d["adjacency"]]
seeds = random.Random(a.seed).sample(range(len(ids)), a.regions)
label = [-1] * len(ids)
queue = collections.deque()
for r, s in enumerate(seeds):
    label[s] = r
    queue.append(s)
while queue:
    v = queue.popleft()
    for w in adj[v]:
        if label[w] == -1:
            label[w] = label[v]
            queue.append(w)
assert all(x >= 0 for x in label), "the graph is not connected"
for n, r in zip(d["nodes"], label):
    n["county"] = f"c{r:02d}"
json.dump(d, open(a.out, "w"))
