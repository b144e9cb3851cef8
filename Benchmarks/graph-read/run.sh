#!/usr/bin/env bash
# Reading a NetworkX adjacency JSON graph: `saylau graph info FILE` against GerryChain 1.0's
# `Graph.from_json(FILE)`, on Pennsylvania's VTD graph and on a SYNTHETIC 400 x 400 rook grid, best of 3 each.
#   bash Benchmarks/graph-read/run.sh
# Needs Benchmarks/districting/.venv (made by Benchmarks/districting/run.sh on first use).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=Benchmarks/districting/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "gerrychain==1.0.0"
fi
swift build -c release --product saylau >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 Benchmarks/graph-read/make_grid.py 400 "$work/grid400.json"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| graph | file MB | Saylau s | Saylau peak MB | GerryChain s (read only) | GerryChain peak MB | ratio (time) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for f in data/pennsylvania/PA_graph_with_data_vtd.json "$work/grid400.json"; do
  best_s=999; best_m=0; best_g=999; best_gm=0
  for _ in 1 2 3; do
    read -r s m < <( { /usr/bin/time -f "%e %M" .build/release/saylau graph info "$f" >/dev/null; } 2>&1 | tail -1)
    if awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; best_m=$m; fi
    read -r g gm < <("$VENV/bin/python" Benchmarks/graph-read/gerrychain_read.py "$f" | awk '{print $1, $9}')
    if awk "BEGIN{exit !($g < $best_g)}"; then best_g=$g; best_gm=$gm; fi
  done
  mb=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$f")/1e6}")
  name=$(basename "$f")
  awk -v n="$name" -v mb="$mb" -v s="$best_s" -v m="$best_m" -v g="$best_g" -v gm="$best_gm" \
    'BEGIN{printf "| %s | %s | %.2f | %.0f | %.2f | %.0f | %.1fx |\n", n, mb, s, m/1024, g, gm/1024, g/s}'
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
