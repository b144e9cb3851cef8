"""Write the benchmark grids as NetworkX adjacency JSON (the format both tools read).

usage: python make_grids.py OUT_DIR [SIZE ...]   (default sizes 30 60 120)

Each node has population 1 and an `initial` plan of 12 districts drawn by GerryChain's
recursive_tree_part (seed 2026, epsilon 0.05), so Saylau and GerryChain start from the same plan.
Node ids are "x,y" strings; edges are the rook (4-neighbour) lattice.
"""
import json
import random
import sys
from pathlib import Path

import networkx as nx
from gerrychain import Graph
from gerrychain.partition import recursive_tree_part

out = Path(sys.argv[1])
sizes = [int(s) for s in sys.argv[2:]] or [30, 60, 120]
out.mkdir(parents=True, exist_ok=True)
for n in sizes:
    path = out / f"grid_{n}.json"
    if path.exists():
        continue
    g = nx.grid_2d_graph(n, n)
    g = nx.relabel_nodes(g, {(x, y): f"{x},{y}" for x, y in g.nodes})
    for v in g.nodes:
        g.nodes[v]["population"] = 1
    graph = Graph.from_networkx(g)
    parts = recursive_tree_part(graph, range(12), n * n / 12, "population", 0.05, rng=random.Random(2026))
    for v in g.nodes:
        g.nodes[v]["initial"] = int(parts[v])
    data = nx.adjacency_data(g)
    path.write_text(json.dumps(data))
    print(f"wrote {path}", file=sys.stderr)
