#!/usr/bin/env bash
# Scale benchmarks on loopback (release build; PostgreSQL clusters from scripts/pg-cluster.sh).
#   bash Benchmarks/scale/run.sh ensemble [STEPS] [CHAINS]   distributed ReCom on Pennsylvania: a local run with 1 and 2
#                                                            threads, then 1, 2 and 4 `saylau worker` processes
#   bash Benchmarks/scale/run.sh replicas [SECONDS]          wrk through HAProxy against 1, 2 and 3 `saylau serve`
#                                                            replicas on one PostgreSQL (and one replica without HAProxy)
# Results go to Benchmarks/results/scale-*.txt (gitignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-ensemble}
swift build -c release --product saylau >/dev/null
bin=$(swift build -c release --show-bin-path)/saylau
work=$(mktemp -d /tmp/saylau-scale.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    for d in "$work"/pg*; do [ -d "$d" ] && bash scripts/pg-cluster.sh destroy "$d"; done
    rm -rf "$work"
}
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
mkdir -p Benchmarks/results
out=Benchmarks/results/scale-$what-$(date -u +%Y%m%dT%H%M%SZ).txt
now() { date +%s.%N; }

if [ "$what" = ensemble ]; then
    steps=${2:-2000}
    chains=${3:-4}
    graph=data/pennsylvania/PA_graph_with_data_vtd.json
    opts=(--graph "$graph" --initial CD --districts 18 --epsilon 0.02 --seed 1 --steps "$steps" --chains "$chains"
          --checkpoint-every 100)
    {
        echo "Pennsylvania VTDs (18 districts, initial plan CD), $chains chains x $steps steps, checkpoints every 100, segments of 1000; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
        for threads in 1 2; do
            t0=$(now)
            "$bin" ensemble run "${opts[@]}" --threads "$threads" --quiet --out "$work/local-$threads" >/dev/null
            t1=$(now)
            python3 -c "import sys; w=$t1-$t0; print(f'local run, {$threads} thread(s): {w:.1f} s wall, {$chains*$steps/w:.0f} steps/s')"
        done
        for workers in 1 2 4; do
            pg="$work/pg$workers"
            pgport=$(port)
            bash scripts/pg-cluster.sh init "$pg" "$pgport"
            url="postgres://postgres@127.0.0.1:$pgport/postgres"
            "$bin" ensemble submit --postgres "$url" --job bench --segment-steps 1000 "${opts[@]}" --out "$work/dist-$workers" >/dev/null
            t0=$(now)
            wp=()
            for i in $(seq 1 "$workers"); do
                "$bin" worker --postgres "$url" --until-idle --name "w$i" >"$work/w$workers-$i.json" 2>/dev/null &
                wp+=($!)
            done
            for p in "${wp[@]}"; do wait "$p"; done
            t1=$(now)
            "$bin" ensemble collect --postgres "$url" --job bench >/dev/null
            same=yes
            for c in $(seq 0 $((chains - 1))); do
                f=$(printf 'chain-%03d.jsonl' "$c")
                cmp -s "$work/local-1/$f" "$work/dist-$workers/$f" || same=no
            done
            python3 - "$workers" "$t0" "$t1" "$chains" "$steps" "$same" "$work"/w"$workers"-*.json <<'PY'
import json, sys
workers, t0, t1, chains, steps, same = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
reports = [json.load(open(p)) for p in sys.argv[7:]]
wall = t1 - t0
compute = sum(r["computeSeconds"] for r in reports)
coord = sum(r["coordinationSeconds"] for r in reports)
segments = sum(r["segments"] for r in reports)
blocks = sum(r["blocks"] for r in reports)
total = chains * steps
print(f"{workers} worker process(es): {wall:.1f} s wall, {total/wall:.0f} steps/s ({total/wall/min(workers, 2):.0f} per core in use), "
      f"compute {compute:.1f} s = {total/compute:.0f} steps/s of computing; coordination {coord:.2f} s over {segments} segments "
      f"= {1000*coord/segments:.1f} ms per segment of 1000 steps ({1000*coord/blocks:.1f} ms per block of 100 steps stored); "
      f"same records as the local run: {same}")
PY
            bash scripts/pg-cluster.sh destroy "$pg"
        done
    } | tee "$out"
elif [ "$what" = replicas ]; then
    seconds=${2:-10}
    command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
    command -v haproxy >/dev/null || { echo "haproxy is missing: apt-get install haproxy" >&2; exit 1; }
    pgport=$(port)
    bash scripts/pg-cluster.sh init "$work/pg" "$pgport"
    url="postgres://postgres@127.0.0.1:$pgport/postgres"
    ports=()
    for i in 1 2 3; do
        p=$(port)
        "$bin" serve --port "$p" --postgres "$url" --log-level warning >/dev/null 2>"$work/serve$i.log" &
        pids+=($!)
        ports+=("$p")
        for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$p/health" >/dev/null && break; sleep 0.2; done
    done
    route=/api/v1/elections/2023-majilis/seats
    {
        echo "GET $route (an election summary; answered from the replica's cache between writes), wrk -t2 -c64 ${seconds}s; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
        sp=$(port)
        "$bin" serve --port "$sp" --database "$work/peer.sqlite" --log-level warning >/dev/null 2>&1 &
        pids+=($!)
        for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$sp/health" >/dev/null && break; sleep 0.2; done
        echo "== peer: one server on SQLite (no cache: the summary computed on every request)"
        wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$sp$route" | grep -E "Requests/sec|50%|99%"
        kill "${pids[-1]}"
        echo "== one replica, no balancer"
        wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:${ports[0]}$route" | grep -E "Requests/sec|50%|99%"
        for n in 1 2 3; do
            lb=$(port)
            {
                printf 'global\n    maxconn 4000\ndefaults\n    mode http\n    timeout connect 1s\n    timeout client 30s\n    timeout server 30s\n'
                printf 'frontend f\n    bind 127.0.0.1:%s\n    default_backend b\nbackend b\n    balance roundrobin\n' "$lb"
                for i in $(seq 0 $((n - 1))); do printf '    server r%s 127.0.0.1:%s\n' "$i" "${ports[$i]}"; done
            } >"$work/haproxy$n.cfg"
            haproxy -db -f "$work/haproxy$n.cfg" >/dev/null 2>&1 &
            hp=$!
            pids+=($hp)
            sleep 0.5
            echo "== $n replica(s) behind HAProxy"
            wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$lb$route" | grep -E "Requests/sec|50%|99%"
            kill "$hp"
        done
    } | tee "$out"
else
    echo "usage: run.sh ensemble [STEPS] [CHAINS] | replicas [SECONDS]" >&2
    exit 2
fi
