#!/usr/bin/env bash
# Saylau's constituency map vs a Shapely/pyproj peer doing the geometric core of it, on the bundled data.
#   bash Benchmarks/reports/run.sh [RUNS]     # default 5 runs each; prints the medians and the ratio
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
VENV=Benchmarks/reports/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "shapely==2.1.*" "pyproj==3.7.*" numpy
fi
swift build -c release --product saylau >&2
RES=Sources/SaylauData/Resources
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for i in $(seq "$RUNS"); do
  s=$(date +%s.%N); .build/release/saylau map --election 2023 --by region --out "$TMP/saylau.svg" >/dev/null
  e=$(date +%s.%N); echo "$e - $s" | bc
done | median > "$TMP/saylau.t"
for i in $(seq "$RUNS"); do
  s=$(date +%s.%N); "$VENV/bin/python" Benchmarks/reports/shapely_map.py "$RES" "$TMP/peer.svg" 2>/dev/null
  e=$(date +%s.%N); echo "$e - $s" | bc
done | median > "$TMP/peer.t"
S=$(cat "$TMP/saylau.t"); P=$(cat "$TMP/peer.t")
echo "| task | saylau (s) | shapely+pyproj (s) | peer/saylau |"
echo "|---|---:|---:|---:|"
printf '| 2023 constituency map, end to end (load, dissolve, project, simplify, write SVG), median of %s | %.3f | %.3f | %.2f |\n' \
  "$RUNS" "$S" "$P" "$(echo "$P / $S" | bc -l)"
ls -l "$TMP"/*.svg | awk '{print "# " $9 ": " $5 " bytes"}'
