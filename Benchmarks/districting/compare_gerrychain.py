"""Correctness check: Saylau's ReCom and GerryChain 1.0's ReCom give the same cut-edge distribution on
Pennsylvania (18 districts from the 2011 plan `CD`, epsilon 0.02, uniform spanning trees, uniform choice
among adjacent district pairs: GerryChain's defaults except the tree, which we set to its Wilson sampler
`uniform_spanning_tree`, the one Saylau uses).

usage: python compare_gerrychain.py --saylau .build/release/saylau [--steps 3000] [--burn 500] [--chains 2]

Each tool runs `chains` independent chains of `steps` steps (GerryChain: one process per chain). After
`burn` steps of burn-in, each chain's cut-edge series is cut into 10 batches; the batch means give the
standard error of the mean (batch-means method, which accounts for autocorrelation). The means agree
within sampling error if |difference| < 3 combined standard errors (about 99.7 % if the errors are normal).
Quantiles (5/25/50/75/95 %) are printed for a visual check. Not run in CI: it takes about 15 minutes.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--saylau", required=True)
ap.add_argument("--steps", type=int, default=3000)
ap.add_argument("--burn", type=int, default=500)
ap.add_argument("--chains", type=int, default=2)
ap.add_argument("--records", default="Benchmarks/results", help="where GerryChain's per-step records go")
a = ap.parse_args()
here = Path(__file__).resolve().parent
graph = "data/pennsylvania/PA_graph_with_data_vtd.json"
rec = Path(a.records)
rec.mkdir(parents=True, exist_ok=True)

# GerryChain chains (reuse complete records from an earlier run with the same settings).
procs = []
for c in range(a.chains):
    path = rec / f"gc_pa_uniform_long_s{c + 1}.jsonl"
    if path.exists() and sum(1 for _ in open(path)) >= a.steps:
        continue
    procs.append(subprocess.Popen(
        [sys.executable, str(here / "gerrychain_recom.py"), graph, "--districts", "18", "--steps", str(a.steps),
         "--epsilon", "0.02", "--initial", "CD", "--tree", "uniform", "--seed", str(c + 1), "--record", str(path)],
        stdout=subprocess.DEVNULL))
for p in procs:
    p.wait()
gc = [[json.loads(l)["cut_edges"] for l in open(rec / f"gc_pa_uniform_long_s{c + 1}.jsonl")][: a.steps]
      for c in range(a.chains)]

with tempfile.TemporaryDirectory() as d:
    subprocess.run([a.saylau, "ensemble", "--graph", graph, "--districts", "18", "--steps", str(a.steps),
                    "--seed", "1", "--epsilon", "0.02", "--initial", "CD", "--chains", str(a.chains), "--basic",
                    "--quiet", "--out", d + "/e"], check=True, stdout=subprocess.DEVNULL)
    sy = [[json.loads(l)["cut_edges"] for l in open(f"{d}/e/chain-{c:03d}.jsonl")] for c in range(a.chains)]


def batch_stats(chains):
    means = []
    for series in chains:
        s = series[a.burn:]
        size = len(s) // 10
        means += [statistics.fmean(s[i * size:(i + 1) * size]) for i in range(10)]
    return statistics.fmean(means), statistics.stdev(means) / len(means) ** 0.5


def quantiles(chains):
    v = sorted(x for s in chains for x in s[a.burn:])
    return [v[int(q * (len(v) - 1))] for q in (0.05, 0.25, 0.5, 0.75, 0.95)]


(ms, ses), (mg, seg) = batch_stats(sy), batch_stats(gc)
z = (ms - mg) / (ses ** 2 + seg ** 2) ** 0.5
result = {
    "steps": a.steps, "burn_in": a.burn, "chains": a.chains,
    "saylau": {"mean": ms, "se": ses, "quantiles_5_25_50_75_95": quantiles(sy)},
    "gerrychain": {"mean": mg, "se": seg, "quantiles_5_25_50_75_95": quantiles(gc)},
    "z": z, "agree_within_3_se": abs(z) < 3,
}
print(json.dumps(result, indent=2))
