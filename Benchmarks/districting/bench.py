"""Driver for run.sh: runs each configuration with Saylau and GerryChain, single-threaded and on all cores.

Single-threaded: one chain (Saylau --threads 1; one GerryChain process).
All cores: one chain per core (Saylau --chains C --threads C in one process; C GerryChain processes at
once, since GerryChain has no threads). Steps per second = all chains' steps / wall time of the chain loops;
peak memory = peak RSS of the Saylau process, or the sum of the GerryChain processes' peak RSS.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--steps", type=int, required=True)
ap.add_argument("--saylau", required=True)
a = ap.parse_args()
cores = os.cpu_count() or 1
here = Path(__file__).resolve().parent
py = sys.executable
configs = [
    ("Pennsylvania VTDs (8,912 units)", "data/pennsylvania/PA_graph_with_data_vtd.json", 18, "CD", "0.02"),
    ("grid 30x30", "Benchmarks/results/grids/grid_30.json", 12, "initial", "0.05"),
    ("grid 60x60", "Benchmarks/results/grids/grid_60.json", 12, "initial", "0.05"),
    ("grid 120x120", "Benchmarks/results/grids/grid_120.json", 12, "initial", "0.05"),
]


def saylau(graph, k, col, eps, chains):
    with tempfile.TemporaryDirectory() as d:
        out = subprocess.run(
            [a.saylau, "ensemble", "--graph", graph, "--districts", str(k), "--steps", str(a.steps), "--seed", "1",
             "--epsilon", eps, "--initial", col, "--chains", str(chains), "--threads", str(chains), "--basic",
             "--quiet", "--json", "--out", d + "/e"], check=True, capture_output=True, text=True).stdout
    r = json.loads(out)
    return r["stepsPerSecond"], r["peakRSSKilobytes"]


def gerrychain(graph, k, col, eps, procs):
    cmd = [py, str(here / "gerrychain_recom.py"), graph, "--districts", str(k), "--steps", str(a.steps),
           "--epsilon", eps, "--initial", col]
    ps = [subprocess.Popen(cmd + ["--seed", str(s + 1)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
          for s in range(procs)]
    rs = [json.loads(p.communicate()[0]) for p in ps]
    wall = max(r["seconds"] for r in rs)
    return procs * a.steps / wall, sum(r["peak_rss_kb"] for r in rs)


rows = []
for name, graph, k, col, eps in configs:
    for label, n in (("1 thread", 1), (f"all cores ({cores})", cores)):
        print(f"{name}, {label} ...", file=sys.stderr, flush=True)
        s_rate, s_mem = saylau(graph, k, col, eps, n)
        g_rate, g_mem = gerrychain(graph, k, col, eps, n)
        rows.append((name, k, eps, label, s_rate, g_rate, s_rate / g_rate, s_mem / 1024, g_mem / 1024))

lines = [
    f"Saylau ReCom vs GerryChain 1.0 ReCom, {a.steps} steps per chain, "
    f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {cores} cores",
    "",
    "| graph | districts | epsilon | threads | Saylau steps/s | GerryChain steps/s | ratio | Saylau peak MB | GerryChain peak MB |",
    "|---|---|---|---|---|---|---|---|---|",
]
for r in rows:
    lines.append(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]:.1f} | {r[5]:.2f} | {r[6]:.0f}x | {r[7]:.0f} | {r[8]:.0f} |")
text = "\n".join(lines) + "\n"
stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d-%H%M%S")
Path("Benchmarks/results").mkdir(parents=True, exist_ok=True)
Path(f"Benchmarks/results/districting-{stamp}.md").write_text(text)
print(text)
