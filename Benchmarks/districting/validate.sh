#!/usr/bin/env bash
# The long validation against exact answers (the CI tests run the same checks with fewer steps):
# every variant on the 4x4 grid into 4 (117 plans) and 4x4 with districts of 3-5 units (1,953 plans),
# the uniform-tree variants and the random MST on the 5x5 grid into 5 (4,006 plans).
#   bash Benchmarks/districting/validate.sh [STEPS]     # default 2,000,000 steps per check
# Prints one line per check and writes Benchmarks/results/validation-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
STEPS="${1:-2000000}"
swift build -c release --product saylau >&2
S=.build/release/saylau
out="Benchmarks/results/validation-$(date -u +%Y%m%d-%H%M%S).md"
mkdir -p Benchmarks/results
{
  echo "Validation against exact stationary distributions, $STEPS steps per check, $(date -u '+%Y-%m-%d %H:%M') UTC, load $(cut -d' ' -f1 /proc/loadavg)"
  echo
  echo "| grid | districts | ε | variant | plans | TV plans | sampling alone | TV cut edges | sampling alone | self-loops (exact) | agrees |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} | tee "$out"
run() {
  "$S" ensemble validate --steps "$STEPS" --json "$@" | python3 Benchmarks/districting/validation_row.py | tee -a "$out"
}
for eps in 0 0.25; do
  run --grid 4x4 --districts 4 --epsilon $eps
  run --grid 4x4 --districts 4 --epsilon $eps --pair-selection cut-edges
  run --grid 4x4 --districts 4 --epsilon $eps --variant reversible --balance-bound $([ $eps = 0 ] && echo 1 || echo 12)
  run --grid 4x4 --districts 4 --epsilon $eps --variant frcw-region-aware --pair-selection cut-edges --region-surcharge half=1
done
run --grid 4x4 --districts 4 --epsilon 0 --tree random-mst
run --grid 4x4 --districts 4 --epsilon 0 --variant region-aware --region-surcharge half=1
run --grid 5x5 --districts 5 --epsilon 0
run --grid 5x5 --districts 5 --epsilon 0 --pair-selection cut-edges
run --grid 5x5 --districts 5 --epsilon 0 --variant reversible --balance-bound 1
run --grid 5x5 --districts 5 --epsilon 0 --tree random-mst
echo "wrote $out" >&2
