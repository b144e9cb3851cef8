#!/usr/bin/env bash
# Protocol import benchmark: saylau (release) vs DuckDB on the same 1,000,000-row protocol CSV.
#
#   bash Benchmarks/elections/run.sh [STATIONS] [RUNS]
#
# STATIONS (default 500000) polling stations give 2×STATIONS rows (a list and a constituency protocol each).
# saylau: read + parse (RFC 4180) + every A2 control relation + duplicate/consistency checks + aggregation
#         per constituency, region and nation (`tabulate --import-only`).
# DuckDB: read_csv + GROUP BY constituency, ballot with SUM of every count (no checks).
# Each side runs RUNS times (default 5), interleaved; the table reports the median wall time and the
# peak RSS from /usr/bin/time -v. Needs: apt `time`, pip `duckdb`. The data are SYNTHETIC.
set -euo pipefail
cd "$(dirname "$0")/../.."
STATIONS=${1:-500000}
RUNS=${2:-5}
WORK=${BENCH_DIR:-/tmp/saylau-elections-bench}
mkdir -p "$WORK"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
python3 -c 'import duckdb' 2>/dev/null || { echo "needs duckdb (pip install duckdb)" >&2; exit 1; }

echo "building saylau (release)…" >&2
swift build -c release --product saylau >&2
BIN=$(swift build -c release --show-bin-path)/saylau
CSV="$WORK/protocols_$STATIONS.csv"
if [ ! -f "$CSV" ]; then
  "$BIN" protocols generate --seed 2023 --stations "$STATIONS" --out "$CSV" >&2
fi
ROWS=$(( $(wc -l < "$CSV") - 1 ))
BYTES=$(stat -c %s "$CSV")

measure() {  # label, command...; prints "wall-seconds kilobytes cpu-seconds"
  local label=$1; shift
  /usr/bin/time -v "$@" > "$WORK/$label.out" 2> "$WORK/$label.time"
  local wall rss cpu
  wall=$(grep 'Elapsed (wall clock)' "$WORK/$label.time" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' "$WORK/$label.time" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$WORK/$label.time")
  echo "$wall $rss $cpu"
}

S_T=(); S_C=(); S_M=0; D_T=(); D_C=(); D_M=0
for i in $(seq 1 "$RUNS"); do
  read -r t m c < <(measure saylau "$BIN" tabulate "$CSV" --candidates "${CSV%.csv}.candidates.csv" --election 2023 --import-only)
  S_T+=("$t"); S_C+=("$c"); [ "$m" -gt "$S_M" ] && S_M=$m
  read -r t m c < <(measure duckdb python3 Benchmarks/elections/duckdb_tabulate.py "$CSV")
  D_T+=("$t"); D_C+=("$c"); [ "$m" -gt "$D_M" ] && D_M=$m
  echo "run $i: saylau ${S_T[-1]} s (cpu ${S_C[-1]}), duckdb ${D_T[-1]} s (cpu ${D_C[-1]})" >&2
done
# Both sides must agree on the national totals before any time counts.
S_TOT=$(grep -E '^nation +list' "$WORK/saylau.out" | awk '{gsub(",",""); print $3, $4, $5}')
D_TOT=$(grep '^list' "$WORK/duckdb.out" | awk '{print $3, $5, $7}')
if [ "$S_TOT" != "$D_TOT" ]; then
  echo "MISMATCH: saylau '$S_TOT' vs duckdb '$D_TOT'" >&2; exit 1
fi
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
SM=$(median "${S_T[@]}"); DM=$(median "${D_T[@]}")
SC=$(median "${S_C[@]}"); DC=$(median "${D_C[@]}")
RATIO=$(awk -v s="$SM" -v d="$DM" 'BEGIN { printf "%.2f", s/d }')
CRATIO=$(awk -v s="$SC" -v d="$DC" 'BEGIN { printf "%.2f", s/d }')
echo "| input | saylau median wall | DuckDB median wall | wall ratio saylau/DuckDB | CPU (user+sys) saylau / DuckDB | saylau peak RSS | DuckDB peak RSS |"
echo "|---|---|---|---|---|---|---|"
echo "| $ROWS rows, $((BYTES/1000000)) MB (SYNTHETIC, seed 2023), $RUNS runs | ${SM} s | ${DM} s | ${RATIO} | ${SC} s / ${DC} s = ${CRATIO} | $((S_M/1024)) MiB | $((D_M/1024)) MiB |"
echo "national totals agree: protocols voters issued = $S_TOT" >&2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); duckdb $(python3 -c 'import duckdb; print(duckdb.__version__)'); $(swift --version 2>&1 | head -1)" >&2
