#!/usr/bin/env bash
# Saylau ReCom against GerryChain 1.0 ReCom, side by side in one run (see BENCHMARKS.md, "Districting").
#   bash Benchmarks/districting/run.sh            # Saylau 5,000 steps x 3, GerryChain 200 steps (about 15 minutes)
#   bash Benchmarks/districting/run.sh --long     # Saylau 20,000 steps x 3, GerryChain 1,000 steps
#   bash Benchmarks/districting/run.sh --steps N --gc-steps M [--sections 12345]
#   bash Benchmarks/districting/run.sh --sections 12 --steps 5000 --gc-steps 5000   # the speed figures of issue 15:
#       chains of the same length on both sides (GerryChain is faster over its first few hundred steps)
# Writes Benchmarks/results/districting-<time>.md and prints the tables.
set -euo pipefail
cd "$(dirname "$0")/../.."
STEPS=5000
GC_STEPS=200
SECTIONS=12345
while [ $# -gt 0 ]; do
  case "$1" in
    --long) STEPS=20000; GC_STEPS=1000 ;;
    --steps) STEPS="$2"; shift ;;
    --gc-steps) GC_STEPS="$2"; shift ;;
    --sections) SECTIONS="$2"; shift ;;
    *) echo "usage: $0 [--long | --steps N --gc-steps M] [--sections 12345]" >&2; exit 2 ;;
  esac
  shift
done
VENV=Benchmarks/districting/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "gerrychain==1.0.0"
fi
swift build -c release --product saylau >&2
mkdir -p Benchmarks/results/grids
"$VENV/bin/python" Benchmarks/districting/make_grids.py Benchmarks/results/grids 30 60 120
[ -f Benchmarks/results/PA_standin_counties.json ] || "$VENV/bin/python" Benchmarks/districting/make_pa_regions.py \
  data/pennsylvania/PA_graph_with_data_vtd.json Benchmarks/results/PA_standin_counties.json
exec "$VENV/bin/python" Benchmarks/districting/bench.py --steps "$STEPS" --gc-steps "$GC_STEPS" \
  --sections "$SECTIONS" --saylau .build/release/saylau
