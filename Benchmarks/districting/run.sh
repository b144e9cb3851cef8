#!/usr/bin/env bash
# Saylau ReCom vs GerryChain 1.0 ReCom, side by side in one run.
#   bash Benchmarks/districting/run.sh            # default: 200 steps per chain (about 5-10 minutes on 2 cores)
#   bash Benchmarks/districting/run.sh --long     # 2000 steps per chain
#   bash Benchmarks/districting/run.sh --steps N
# Writes Benchmarks/results/districting-<time>.md and prints the table.
set -euo pipefail
cd "$(dirname "$0")/../.."
STEPS=200
case "${1:-}" in
  --long) STEPS=2000 ;;
  --steps) STEPS="$2" ;;
  "") ;;
  *) echo "usage: $0 [--long | --steps N]" >&2; exit 2 ;;
esac
VENV=Benchmarks/districting/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "gerrychain==1.0.0"
fi
swift build -c release --product saylau >&2
mkdir -p Benchmarks/results/grids
"$VENV/bin/python" Benchmarks/districting/make_grids.py Benchmarks/results/grids 30 60 120
exec "$VENV/bin/python" Benchmarks/districting/bench.py --steps "$STEPS" --saylau .build/release/saylau
