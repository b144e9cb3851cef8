#!/usr/bin/env bash
# The forensic validation whose figures the Validation article of SaylauForensics reports: seeded
# SYNTHETIC elections of 10,000 precincts, each analysed clean and with 5 % of its precincts doctored
# (ballot stuffing or rounded results, in turn). Prints the figures and writes them as JSON.
#   bash scripts/forensics-validation.sh [ELECTIONS]   (default 100; about 2 s per election, release build)
set -euo pipefail
cd "$(dirname "$0")/.."
elections=${1:-100}
swift build -c release --product saylau >/dev/null
out=.build/forensics-validation.json
start=$(date +%s)
.build/release/saylau forensics validate --elections "$elections" --precincts 10000 --doctored 5 \
    --simulations 200 --json 2>/dev/null >"$out"
.build/release/saylau forensics validate --elections "$elections" --precincts 10000 --doctored 5 \
    --simulations 200 2>/dev/null
echo "($(( $(date +%s) - start )) s for both runs; JSON in $out)"
