#!/usr/bin/env bash
# A simulated election night (issue 11): `bash Benchmarks/election-night/run.sh [STATIONS-PER-CONSTITUENCY]
# [CLIENTS]` (default 345 × 29 constituencies = 10,005 SYNTHETIC stations, 4 clients = 8 clerks). Runs on
# SQLite, and on PostgreSQL when SAYLAU_TEST_POSTGRES_URL is set (scripts/pg-throwaway.sh starts one). Builds
# saylau in release mode. Prints the measurements of each engine and checks that the live totals equal one
# `saylau tabulate` of the same protocols; then declares the results final, fetches the signed exports,
# validates the NIST SP 1500-100 v2 export against its schema and checks every file with `saylau verify`.
set -euo pipefail
cd "$(dirname "$0")/../.."
per=${1:-345}
clients=${2:-4}
swift build -c release --product saylau >/dev/null
BIN=.build/release/saylau
work=$(mktemp -d "$PWD/.build/night.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
"$BIN" election init --from 2023-majilis --synthetic-precincts "$per" --seed 2023 --out "$work/def" >/dev/null
echo "night-token-0123456789abcdef" >"$work/token"
"$BIN" results keygen --out "$work/night.key" >/dev/null
night() {
    local name=$1; shift
    "$BIN" serve --port 0 --json --token-file "$work/token" \
        --signing-key "$work/night.key" --signer "Saylau election-night simulation" "$@" >"$work/$name.out" 2>"$work/$name.log" &
    pids+=($!)
    local url=""
    for _ in $(seq 1 100); do
        url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$work/$name.out" | head -1); [ -n "$url" ] && break; sleep 0.2
    done
    [ -n "$url" ] || { cat "$work/$name.log" >&2; exit 1; }
    echo "== $name (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    python3 Benchmarks/election-night/night.py --url "$url" --token "$(cat "$work/token")" \
        --definition "$work/def/election.json" --clients "$clients" --csv-out "$work/$name.csv" | tee "$work/$name.json"
    "$BIN" tabulate "$work/$name.csv" --election 2023 --json >"$work/$name.tab.json" 2>/dev/null
    python3 - "$work/$name.json" "$work/$name.tab.json" <<'PY'
import json, sys
night, tab = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
nation = next(n for n in tab["nation"] if n["ballot"] == "list")
api = night["apiTotals"]
same = all(api[k] == nation[k] for k in ["protocols", "votersOnList", "ballotsIssued", "ballotsInBox", "invalid", "againstAll"])
votes = {p["party"]: p["votes"] for p in tab["parties"] if p["votes"] is not None}
same = same and votes == night["apiVotes"]
print("tabulate agrees with the live totals (every line, every list's votes):", "yes" if same else "NO",
      {k: (api[k], nation[k]) for k in api})
sys.exit(0 if same else 1)
PY
    # The end of the night: final (the snapshot), the signed exports, the NIST schema, saylau verify.
    python3 Benchmarks/election-night/finish.py --url "$url" --token "$(cat "$work/token")" \
        --night "$work/$name.json" --schema docs/schemas/nist-1500-100-v2/NIST_V2_election_results_reporting.json \
        --out "$work/$name-exports"
    for f in "$work/$name-exports"/*; do
        case "$f" in *.sig) continue ;; esac
        "$BIN" verify "$f" --public-key "$work/night.key.pub" >/dev/null
    done
    echo "saylau verify: every export of $name verified"
}
night sqlite --database "$work/night.sqlite"
if [ -n "${SAYLAU_TEST_POSTGRES_URL:-}" ]; then
    db="saylau_night_$$"
    psql "$SAYLAU_TEST_POSTGRES_URL" -qc "CREATE DATABASE $db" >/dev/null
    night postgres --postgres "${SAYLAU_TEST_POSTGRES_URL%/*}/$db"
fi
