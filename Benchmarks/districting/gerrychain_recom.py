"""Run GerryChain 1.0's ReCom on a NetworkX JSON graph and report steps per second and peak memory.

usage: python gerrychain_recom.py GRAPH.json --districts K --steps N --epsilon E --initial COLUMN
          [--seed S] [--tree random|uniform] [--pair-selection district_pairs|cut_edges]
          [--record FILE.jsonl] [--region-surcharge COLUMN=WEIGHT ...] [--split-column COLUMN]

Prints one JSON line: {"steps", "seconds", "steps_per_second", "peak_rss_kb", ...}. The timed part is
the chain loop only (graph loading and partition setup are excluded), as for Saylau. Each step is one
accepted ReCom proposal (always_accept, no extra constraints: ReCom keeps plans within epsilon).
"""
import argparse
import json
import random
import resource
import sys
import time
from functools import partial

from gerrychain import Graph, MarkovChain, Partition
from gerrychain.accept import always_accept
from gerrychain.proposals import recom
from gerrychain.tree import bipartition_tree, random_spanning_tree, uniform_spanning_tree
from gerrychain.updaters import Tally, cut_edges

ap = argparse.ArgumentParser()
ap.add_argument("graph")
ap.add_argument("--districts", type=int, required=True)
ap.add_argument("--steps", type=int, required=True)
ap.add_argument("--epsilon", type=float, required=True)
ap.add_argument("--initial", required=True)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--tree", choices=["random", "uniform"], default="random")
ap.add_argument("--pair-selection", default="district_pairs")
ap.add_argument("--record")
ap.add_argument("--region-surcharge", action="append", default=[],
                help="COLUMN=WEIGHT: GerryChain's region surcharge (region-aware ReCom); repeatable")
ap.add_argument("--split-column", help="count the split regions of this column at every step")
a = ap.parse_args()
surcharge = {k: float(v) for k, v in (x.rsplit("=", 1) for x in a.region_surcharge)} or None

graph = Graph.from_json(a.graph)
partition = Partition(
    graph, a.initial, updaters={"population": Tally("population", alias="population"), "cut_edges": cut_edges}
)
assert len(partition) == a.districts, f"{len(partition)} districts in {a.initial}"
ideal = sum(partition["population"].values()) / len(partition)
tree_fn = uniform_spanning_tree if a.tree == "uniform" else random_spanning_tree
proposal = partial(
    recom,
    pop_col="population",
    pop_target=ideal,
    epsilon=a.epsilon,
    bipartition_tree_fn=partial(bipartition_tree, spanning_tree_fn=tree_fn),
    pair_selection=a.pair_selection,
    region_surcharge=surcharge,
)
# total_steps counts the initial state, so steps + 1 states give `steps` proposals.
chain = MarkovChain(proposal, [], always_accept, partition, total_steps=a.steps + 1, rng=random.Random(a.seed))
out = open(a.record, "w") if a.record else None
split_of = None  # built from the partition's own graph (GerryChain 1.0 renumbers nodes internally)
splits = []
start = time.perf_counter()
for i, state in enumerate(chain):
    if i == 0:
        start = time.perf_counter()  # exclude the initial state
        continue
    if a.split_column and split_of is None:
        pg = state.graph
        split_of = {v: pg.node_data(v)[a.split_column] for v in pg.node_indices}
    if split_of is not None:
        seen = {}
        split = set()
        for v, d in state.assignment.items():
            r = split_of[v]
            if seen.setdefault(r, d) != d:
                split.add(r)
        splits.append(len(split))
    if out:
        dev = max(abs(p - ideal) / ideal for p in state["population"].values())
        rec = {"step": i, "cut_edges": len(state["cut_edges"]), "max_deviation": dev}
        if splits:
            rec["splits"] = splits[-1]
        out.write(json.dumps(rec) + "\n")
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = {"tool": "gerrychain", "tree": a.tree, "steps": a.steps, "seconds": elapsed,
          "steps_per_second": a.steps / elapsed, "peak_rss_kb": peak}
if splits:
    result["splits"] = splits
print(json.dumps(result))
