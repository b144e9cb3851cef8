#!/usr/bin/env bash
# Load and faults: a server under reads (wrk) and eight imports started 0.2 s apart is killed with SIGKILL
# at a random moment inside that window, restarted on the same SQLite file, and checked. Per trial: requests
# served, wrk's socket errors and non-2xx answers, imports accepted (201), imports lost (accepted but not in
# the database after the restart: must be 0), and the time from the restart to /health/ready. Seeded:
# trial N kills at a moment drawn from seed N.
# Usage: bash Benchmarks/reliability/load-and-fault.sh [TRIALS=20] [BINARY=.build/debug/saylau]
# Needs wrk, curl and sqlite3 (the sqlite3 shell reads the database after the restart).
set -euo pipefail
cd "$(dirname "$0")/../.."
trials=${1:-20}
bin=${2:-.build/debug/saylau}
[ -x "$bin" ] || swift build --product saylau >/dev/null
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
token="load-and-fault-token-0123456789"
echo "$token" >"$work/token"
# Eight protocol files of distinct stations (the generator's precinct ids, prefixed per file).
"$bin" protocols generate --stations 40 --seed 7 --out "$work/base.csv" >/dev/null 2>&1
for i in 1 2 3 4 5 6 7 8; do
  awk -F, -v OFS=, -v p="f$i-" 'NR == 1 { print; next } { $1 = p $1; print }' "$work/base.csv" >"$work/f$i.csv"
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() { # DB PORT → pid
  "$bin" serve --database "$1" --port "$2" --token-file "$work/token" --log-level error >/dev/null 2>&1 &
  echo $!
}
ready() { # PORT → seconds until /health/ready answers 200 (at most 60)
  local t0 t1
  t0=$(date +%s.%N)
  for _ in $(seq 1 600); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health/ready")" = 200 ]; then
      t1=$(date +%s.%N)
      python3 -c "print(f'{$t1 - $t0:.2f}')"
      return 0
    fi
    sleep 0.1
  done
  echo "never"
  return 1
}
printf "%5s %8s %9s %8s %9s %7s %9s %6s %9s\n" trial kill_s requests connect read_etc non_2xx accepted lost ready_s
total_lost=0
for trial in $(seq 1 "$trials"); do
  db="$work/t$trial.sqlite"
  port=$(free_port)
  pid=$(start "$db" "$port")
  ready "$port" >/dev/null
  kill_at=$(python3 -c "import random; r=random.Random($trial); print(f'{r.uniform(0.1, 1.8):.2f}')")
  wrk -t1 -c16 -d4s "http://127.0.0.1:$port/api/v1/elections/2023-majilis/seats" >"$work/wrk$trial.txt" 2>&1 &
  wrkpid=$!
  : >"$work/accepted$trial"
  for i in 1 2 3 4 5 6 7 8; do
    (
      sleep "$(python3 -c "print(0.2 * ($i - 1))")"
      code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
        -H 'Content-Type: text/csv' --data-binary "@$work/f$i.csv" \
        "http://127.0.0.1:$port/api/v2/elections/2023-majilis/protocols" || true)
      [ "$code" = 201 ] && echo "f$i" >>"$work/accepted$trial"
    ) &
  done
  sleep "$kill_at"
  kill -9 "$pid" 2>/dev/null || true
  wait 2>/dev/null || true  # wrk and the imports (those after the kill fail to connect)
  sleep 0.5
  pid=$(start "$db" "$port")
  seconds=$(ready "$port" || echo never)
  # Accepted files must be whole in the database; the others absent (all or nothing): anything else is lost.
  lost=0
  rows=$(($(wc -l <"$work/f1.csv") - 1))
  for i in 1 2 3 4 5 6 7 8; do
    n=$(sqlite3 "$db" "SELECT COUNT(*) FROM protocols WHERE precinct LIKE 'f$i-%'")
    if grep -qx "f$i" "$work/accepted$trial"; then
      [ "$n" -eq "$rows" ] || lost=$((lost + 1))
    else
      [ "$n" -eq 0 ] || [ "$n" -eq "$rows" ] || lost=$((lost + 1))
    fi
  done
  kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
  requests=$(grep -oE '^ *[0-9]+ requests' "$work/wrk$trial.txt" | grep -oE '[0-9]+' || echo 0)
  # wrk's socket errors (connect; read, write and timeout together) and answers that were not 2xx/3xx.
  # wrk keeps reconnecting to the dead server until its 4 s end, so nearly all fall after the kill.
  line=$(grep -oE 'Socket errors: .*' "$work/wrk$trial.txt" || true)
  field() { echo "$line" | grep -oE "$1 [0-9]+" | grep -oE '[0-9]+' || echo 0; }
  refused=$(field connect)
  inflight=$(($(field read) + $(field write) + $(field timeout)))
  non2xx=$(grep -oE 'Non-2xx or 3xx responses: [0-9]+' "$work/wrk$trial.txt" | grep -oE '[0-9]+$' || echo 0)
  printf "%5s %8s %9s %8s %9s %7s %9s %6s %9s\n" "$trial" "$kill_at" "${requests:-0}" "$refused" \
    "$inflight" "$non2xx" "$(wc -l <"$work/accepted$trial")" "$lost" "$seconds"
  total_lost=$((total_lost + lost))
done
echo "imports lost in all: $total_lost"
[ "$total_lost" -eq 0 ]
