#!/usr/bin/env bash
# Runs libFuzzer on every fuzz target (or those named) for SECONDS each, one after the other, and prints a
# table: executions, corpus size, coverage, crashes. Crashes, leaks and timeouts are kept in
# .build-fuzz/artifacts/; turn each into a regression: Tests/SaylauFuzzTests/Regressions/<target>/.
# Usage: bash Fuzz/run.sh SECONDS [TARGET...]   (bash Fuzz/run.sh 360 → 10 targets, about an hour)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?seconds per target}
shift
out=${SAYLAU_FUZZ_BUILD:-.build-fuzz}
bash Fuzz/build.sh "$out" >/dev/null
bin="$out/saylau-fuzz"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(protocol-csv protocol-json candidate-list apportionment-input networkx-json geojson plan-csv values-csv json-syntax election-definition)
fi
mkdir -p "$out/corpus" "$out/seeds" "$out/artifacts" "$out/logs"
# Swift's own crash reporter would stand between a trap and libFuzzer's handler.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
printf "%-22s %10s %9s %8s %7s %8s\n" target executions exec/s corpus cov crashes
for t in "${targets[@]}"; do
  rm -rf "$out/seeds/$t" && mkdir -p "$out/seeds/$t" "$out/corpus/$t"
  SAYLAU_FUZZ_TARGET=$t SAYLAU_FUZZ_WRITE_SEEDS="$out/seeds/$t" "$bin" >/dev/null 2>&1 || true
  log="$out/logs/$t.log"
  # -fork keeps fuzzing after a crash (each crash is saved); -timeout makes a slow input a finding.
  SAYLAU_FUZZ_TARGET=$t "$bin" "$out/corpus/$t" "$out/seeds/$t" -dict="$out/seeds/$t.dict" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -artifact_prefix="$out/artifacts/$t-" >"$log" 2>&1 || true
  # Fork mode prints "#EXECUTIONS: cov: COVERAGE ft: … corp: …" lines; the last one is the total.
  last=$(grep -oE '^#[0-9]+: cov: [0-9]+' "$log" | tail -1 || true)
  execs=$(echo "$last" | sed -E 's/^#([0-9]+):.*/\1/')
  cov=$(echo "$last" | sed -E 's/.*cov: ([0-9]+)/\1/')
  execs=${execs:-0}
  rate=$(( execs / (seconds > 0 ? seconds : 1) ))
  corpus=$(find "$out/corpus/$t" -type f | wc -l)
  crashes=$(find "$out/artifacts" -name "$t-*" -type f | wc -l)
  printf "%-22s %10s %9s %8s %7s %8s\n" "$t" "$execs" "$rate" "$corpus" "${cov:-?}" "$crashes"
done
