#!/usr/bin/env bash
# Load test of `saylau serve` on loopback with wrk (Debian package `wrk`): point look-ups and constituency pages.
#   [CONNECTIONS=64] bash Benchmarks/server/run.sh [seconds per run, default 20]
# Builds the release binary, serves a fresh SQLite database on a free port, draws 1,000 look-up points on a
# fixed grid over Kazakhstan (only points inside a unit are kept), then runs wrk with 2 threads and
# 64 connections and prints requests/second and the latency percentiles. Results are written to
# Benchmarks/results/server-<date>.txt (gitignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
connections=${CONNECTIONS:-64}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
swift build -c release --product saylau >/dev/null
bin=$(swift build -c release --show-bin-path)/saylau
work=$(mktemp -d)
mkdir -p Benchmarks/results
out=Benchmarks/results/server-$(date -u +%Y%m%dT%H%M%SZ).txt
: >"$work/serve.out"
"$bin" serve --port 0 --json --database "$work/bench.sqlite" --log-level warning >"$work/serve.out" 2>"$work/serve.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
url=""
for _ in $(seq 1 100); do
    url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$work/serve.out" | head -1)
    [ -n "$url" ] && break
    sleep 0.2
done
[ -n "$url" ] || { cat "$work/serve.log" >&2; exit 1; }
# A 40 x 40 grid over the country's bounding box; keep the points the server places in a unit.
python3 - "$url" "$work/points.txt" <<'PY'
import json, sys, urllib.request
url, path = sys.argv[1], sys.argv[2]
kept = []
for i in range(40):
    for j in range(40):
        lat = 40.6 + (55.4 - 40.6) * (i + 0.5) / 40
        lon = 46.6 + (87.3 - 46.6) * (j + 0.5) / 40
        try:
            with urllib.request.urlopen(f"{url}api/v1/lookup?lat={lat:.4f}&lon={lon:.4f}") as r:
                if json.load(r)["constituencies"]:
                    kept.append(f"{lat:.4f} {lon:.4f}")
        except urllib.error.HTTPError:
            pass
open(path, "w").write("\n".join(kept[:1000]) + "\n")
print(f"{len(kept)} look-up points inside Kazakhstan", file=sys.stderr)
PY
{
    echo "saylau serve (release, SQLite) on $url; wrk 2 threads, $connections connections, ${seconds}s each; $(nproc) cores"
    echo "== point look-ups: GET /api/v1/lookup?lat=..&lon=.."
    SAYLAU_POINTS="$work/points.txt" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s Benchmarks/server/lookup.lua "$url"
    echo "== constituency pages: GET /constituencies/{1..29}"
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s Benchmarks/server/pages.lua "$url"
} | tee "$out"
