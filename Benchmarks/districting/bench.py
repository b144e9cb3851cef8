"""Driver for run.sh: Saylau against GerryChain 1.0 on the same inputs, in one run, with the machine's load.

Sections (each table row states the load average before and after it):
1. Speed on Pennsylvania (18 districts, epsilon 0.02, the 2011 plan CD), one thread, chain loop against chain
   loop: GerryChain's ReCom (its default random-MST trees, and its uniform trees) for --gc-steps steps; Saylau's
   ReCom (uniform trees, the default, and random-MST trees) for --steps steps, best of --repeats runs (the
   machine is shared: the best run is the least disturbed one). Saylau's merged-node-steps per second (steps/s x
   the mean size of the merged pair) are set beside frcw's published figure.
2. One core to two: two Saylau chains of --steps steps in one process, --threads 1 against --threads 2.
3. Region-aware ReCom on Pennsylvania with 67 stand-in counties (make_pa_regions.py): GerryChain's
   region_surcharge {"county": 1} against Saylau's region-aware variants, and plain ReCom of both; speed and the
   distribution of split counties (steps after --burn of each chain).
4. Reversible ReCom on Pennsylvania: rejection and self-loop rates.
5. Grids 30x30, 60x60, 120x120 (12 districts, epsilon 0.05): one thread.
The plan store is on for the Saylau runs of section 3-4 and its size per plan is reported; speed runs use
--basic (the statistics GerryChain's loop computes: cut edges and population) and keep no plans.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--steps", type=int, required=True, help="Saylau steps per chain")
ap.add_argument("--gc-steps", type=int, required=True, help="GerryChain steps per chain")
ap.add_argument("--repeats", type=int, default=3)
ap.add_argument("--burn", type=int, default=50)
ap.add_argument("--saylau", required=True)
ap.add_argument("--sections", default="12345")
a = ap.parse_args()
here = Path(__file__).resolve().parent
py = sys.executable
PA = "data/pennsylvania/PA_graph_with_data_vtd.json"
PA_REGIONS = "Benchmarks/results/PA_standin_counties.json"
out_lines = []


def load():
    return "%.2f" % os.getloadavg()[0]


def emit(line=""):
    print(line, flush=True)
    out_lines.append(line)


def saylau(graph, k, col, eps, steps, chains=1, threads=1, extra=(), basic=True, plans=False):
    with tempfile.TemporaryDirectory() as d:
        cmd = [a.saylau, "ensemble", "--graph", graph, "--districts", str(k), "--steps", str(steps), "--seed", "1",
               "--epsilon", eps, "--initial", col, "--chains", str(chains), "--threads", str(threads), "--quiet",
               "--json", "--out", d + "/e", *extra]
        if basic:
            cmd.append("--basic")
        if not plans:
            cmd.append("--no-plans")
        r = subprocess.run(cmd, check=True, capture_output=True, text=True)
        summary = json.loads(r.stdout)
        records = [[json.loads(l) for l in open(f"{d}/e/chain-{c:03d}.jsonl")] for c in range(chains)]
    return summary, records


def best_saylau(*args, **kw):
    runs = [saylau(*args, **kw) for _ in range(a.repeats)]
    return max(runs, key=lambda r: r[0]["stepsPerSecond"])


def gerrychain(graph, k, col, eps, steps, extra=()):
    cmd = [py, str(here / "gerrychain_recom.py"), graph, "--districts", str(k), "--steps", str(steps),
           "--epsilon", eps, "--initial", col, "--seed", "1", *extra]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def q(values):
    v = sorted(values)
    return [v[int(p * (len(v) - 1))] for p in (0.05, 0.5, 0.95)]


stamp = datetime.datetime.now(datetime.timezone.utc)
emit(f"Saylau against GerryChain 1.0, {stamp:%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} cores, "
     f"load average at start {load()}")
emit()

if "1" in a.sections:
    emit(f"### 1. Pennsylvania, one thread (Saylau {a.steps} steps, best of {a.repeats}; GerryChain {a.gc_steps} steps)")
    emit()
    emit("| sampler | trees | steps/s | ratio to GerryChain (same trees) | ratio to GerryChain (its default) | "
         "merged units | merged-node-steps/s | load before, after |")
    emit("|---|---|---|---|---|---|---|---|")
    l0 = load()
    g_rmst = gerrychain(PA, 18, "CD", "0.02", a.gc_steps)
    l1 = load()
    g_ust = gerrychain(PA, 18, "CD", "0.02", a.gc_steps, ["--tree", "uniform"])
    l2 = load()
    emit(f"| GerryChain 1.0 ReCom | random MST (default) | {g_rmst['steps_per_second']:.2f} | 1 | 1 | | | {l0}, {l1} |")
    emit(f"| GerryChain 1.0 ReCom | uniform | {g_ust['steps_per_second']:.2f} | 1 | | | | {l1}, {l2} |")
    for label, extra, ref in (("uniform", [], g_ust), ("random MST", ["--tree", "random-mst"], g_rmst)):
        l0 = load()
        s, _ = best_saylau(PA, 18, "CD", "0.02", a.steps, extra=extra)
        l1 = load()
        rate = s["stepsPerSecond"]
        merged = s["diagnostics"]["meanMergedUnits"]
        emit(f"| Saylau ReCom | {label} | {rate:,.0f} | **{rate / ref['steps_per_second']:.0f}x** | "
             f"{rate / g_rmst['steps_per_second']:.0f}x | {merged:.0f} | {rate * merged / 1e6:.2f} M | {l0}, {l1} |")
    emit()

if "2" in a.sections:
    emit(f"### 2. One core to two (Pennsylvania, 2 chains x {a.steps} steps in one process, best of {a.repeats})")
    emit()
    emit("| threads | wall s | steps/s (both chains) | gain | load before, after |")
    emit("|---|---|---|---|---|")
    rates = {}
    for t in (1, 2):
        l0 = load()
        s, _ = best_saylau(PA, 18, "CD", "0.02", a.steps, chains=2, threads=t)
        l1 = load()
        rates[t] = s["stepsPerSecond"]
        emit(f"| {t} | {s['seconds']:.2f} | {rates[t]:,.0f} | {rates[t] / rates[1]:.2f}x | {l0}, {l1} |")
    emit()

if "3" in a.sections:
    emit(f"### 3. Region-aware ReCom, Pennsylvania with 67 stand-in counties (GerryChain and Saylau "
         f"{a.gc_steps} steps each; split counties after {a.burn} steps)")
    emit()
    emit("| sampler | steps/s | ratio | split counties: mean | 5 % | median | 95 % | load before, after |")
    emit("|---|---|---|---|---|---|---|---|")
    rows = []
    l0 = load()
    g_plain = gerrychain(PA_REGIONS, 18, "CD", "0.02", a.gc_steps, ["--split-column", "county"])
    l1 = load()
    g_region = gerrychain(PA_REGIONS, 18, "CD", "0.02", a.gc_steps,
                          ["--split-column", "county", "--region-surcharge", "county=1"])
    l2 = load()
    for label, g, la, lb in (("GerryChain ReCom (random MST)", g_plain, l0, l1),
                             ("GerryChain region surcharge county=1", g_region, l1, l2)):
        sp = g["splits"][a.burn:]
        emit(f"| {label} | {g['steps_per_second']:.2f} | 1 | {statistics.fmean(sp):.1f} | "
             + " | ".join(str(x) for x in q(sp)) + f" | {la}, {lb} |")
    for label, extra, ref in (
            ("Saylau ReCom (uniform trees)", [], g_plain),
            ("Saylau ReCom (random MST)", ["--tree", "random-mst"], g_plain),
            ("Saylau region-aware county=1 (GerryChain's rule)", ["--variant", "region-aware", "--region-surcharge", "county=1"], g_region),
            ("Saylau frcw region-aware county=1", ["--variant", "frcw-region-aware", "--region-surcharge", "county=1"], g_region),
            ("Saylau region-aware, two layers county=1, CD=0.5", ["--variant", "region-aware", "--region-surcharge", "county=1",
                                                                  "--region-surcharge", "CD=0.5"], g_region)):
        l0 = load()
        s, recs = saylau(PA_REGIONS, 18, "CD", "0.02", a.gc_steps, extra=["--split-column", "county", *extra],
                         basic=False, plans=True)
        l1 = load()
        sp = [r["splits"] for r in recs[0]][a.burn:]
        emit(f"| {label} | {s['stepsPerSecond']:,.0f} | {s['stepsPerSecond'] / ref['steps_per_second']:.0f}x | "
             f"{statistics.fmean(sp):.1f} | " + " | ".join(str(x) for x in q(sp)) + f" | {l0}, {l1} |")
        rows.append((label, s))
    emit()
    emit("Plan store (Saylau runs above): " + "; ".join(
        f"{label}: {s['planStoreBytesPerPlan']:.1f} bytes per plan" for label, s in rows if s.get("planStoreBytesPerPlan")))
    emit()

if "4" in a.sections:
    steps = a.steps
    emit(f"### 4. Reversible ReCom, Pennsylvania (M = 30, {steps} steps)")
    emit()
    l0 = load()
    s, recs = saylau(PA, 18, "CD", "0.02", steps, extra=["--variant", "reversible", "--balance-bound", "30"],
                     plans=True)
    l1 = load()
    d = s["diagnostics"]
    rej = {}
    for c in d["chains"]:
        for k, v in c["rejections"].items():
            rej[k] = rej.get(k, 0) + v
    emit(f"steps/s {s['stepsPerSecond']:,.0f}; acceptance {100 * d['acceptanceRate']:.2f} %; self-loops "
         f"{100 * d['selfLoopRate']:.2f} %; rejections by reason: "
         + ", ".join(f"{k} {100 * v / steps:.2f} %" for k, v in sorted(rej.items()))
         + f"; {d['distinctPlans']} distinct plans; plan store {s.get('planStoreBytesPerPlan', 0):.1f} bytes per plan; "
         f"load {l0}, {l1}")
    emit()

if "5" in a.sections:
    emit(f"### 5. Grids, one thread (Saylau {a.steps} steps best of {a.repeats}; GerryChain {a.gc_steps} steps)")
    emit()
    emit("| graph | Saylau steps/s | GerryChain steps/s | ratio | load before, after |")
    emit("|---|---|---|---|---|")
    for n in (30, 60, 120):
        graph = f"Benchmarks/results/grids/grid_{n}.json"
        l0 = load()
        g = gerrychain(graph, 12, "initial", "0.05", a.gc_steps)
        s, _ = best_saylau(graph, 12, "initial", "0.05", a.steps)
        l1 = load()
        emit(f"| grid {n}x{n} | {s['stepsPerSecond']:,.0f} | {g['steps_per_second']:.2f} | "
             f"{s['stepsPerSecond'] / g['steps_per_second']:.0f}x | {l0}, {l1} |")
    emit()

emit(f"Load average at the end {load()}.")
Path("Benchmarks/results").mkdir(parents=True, exist_ok=True)
path = Path(f"Benchmarks/results/districting-{stamp:%Y%m%d-%H%M%S}.md")
path.write_text("\n".join(out_lines) + "\n")
print(f"wrote {path}", file=sys.stderr)
