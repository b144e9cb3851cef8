"""Writes a SYNTHETIC rook grid of N x N units as NetworkX adjacency JSON (GerryChain's format), with a
population, an area, a county and a shared perimeter on every edge: `python make_grid.py N OUT`."""
import json
import sys

n, out = int(sys.argv[1]), sys.argv[2]
nodes = [{"id": f"{i}-{j}", "population": (i * 7 + j * 13) % 1000 + 1, "area": 0.5 + ((i + j) % 10) / 10,
          "county": f"c{i // 40}", "note": "SYNTHETIC"} for i in range(n) for j in range(n)]
adjacency = []
for i in range(n):
    for j in range(n):
        adjacency.append([{"id": f"{a}-{b}", "shared_perim": 1.0}
                          for a, b in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1))
                          if 0 <= a < n and 0 <= b < n])
json.dump({"directed": False, "multigraph": False, "graph": {"synthetic": True}, "nodes": nodes,
           "adjacency": adjacency}, open(out, "w"))
