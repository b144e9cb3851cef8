#!/usr/bin/env bash
# Bulk import at the database's own speed (issue 11):
#   bash scripts/pg-throwaway.sh bash Benchmarks/bulk-import/run.sh [PRECINCTS] [TRIALS]   # SQLite, then PostgreSQL
#   bash Benchmarks/bulk-import/run.sh [PRECINCTS] [TRIALS]                              # SQLite only
# Generates a SYNTHETIC 2023-sized protocol file (`saylau forensics generate`, default 10,000 precincts = 20,000
# protocols, about 124,000 vote rows), imports it with `saylau import-protocols` into a freshly prepared database
# of each engine, and in the same run loads the same rows (exported from that import) into the same tables of
# another freshly prepared database with the engine's own loader: `psql \copy` (both tables in one
# transaction) and the sqlite3 shell's `.import` (both tables in one transaction, foreign keys on). Prints, per
# trial, wall seconds, vote rows per second and the ratio saylau / peer, then the medians.
# SAYLAU_BIN=path uses a given binary instead of building the release one.
set -euo pipefail
cd "$(dirname "$0")/../.."
precincts=${1:-10000}
trials=${2:-3}
if [ -z "${SAYLAU_BIN:-}" ]; then
    swift build -c release --product saylau >/dev/null
    BIN=$PWD/.build/release/saylau
else
    BIN=$(realpath "$SAYLAU_BIN")
fi
command -v sqlite3 >/dev/null || { echo "bulk-import: sqlite3 not found (apt-get install sqlite3)" >&2; exit 127; }
work=$(mktemp -d "${TMPDIR:-/tmp}/saylau-bulk.XXXXXX")
trap 'rm -rf "$work"' EXIT
ELECTION=2023-majilis
"$BIN" forensics generate --seed 2023 --precincts "$precincts" --out "$work/gen" >/dev/null
file=$work/gen/protocols.csv
echo "SYNTHETIC: $precincts precincts, $(($(wc -l <"$file") - 1)) protocols, $(wc -c <"$file") bytes; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "saylau: $BIN ($(stat -c %y "$BIN" | cut -d. -f1)); $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /')"

# Seconds of wall time of a command (its output discarded unless it fails).
seconds() {
    local start end
    start=$(date +%s.%N)
    if ! "$@" >"$work/last.out" 2>&1; then cat "$work/last.out" >&2; return 1; fi
    end=$(date +%s.%N)
    echo "$start $end" | awk '{printf "%.3f", $2 - $1}'
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

columns_protocols="election_id, precinct, ballot, constituency_number, voters_on_list, ballots_received, ballots_issued, ballots_in_box, invalid, unused, against_all, import_id, absentee_voters, ballots_issued_at_home, ballots_in_portable_boxes, unofficial_form, spoiled, lost, round"
columns_votes="election_id, precinct, ballot, choice, votes"

report() { # engine, then lines "saylau_seconds peer_seconds votes protocols"
    local engine=$1 results=$2
    local s p
    s=$(cut -d' ' -f1 "$results" | median)
    p=$(cut -d' ' -f2 "$results" | median)
    local votes protocols
    votes=$(head -1 "$results" | cut -d' ' -f3)
    protocols=$(head -1 "$results" | cut -d' ' -f4)
    echo "== $engine median of $(wc -l <"$results"): saylau import-protocols $s s ($(rate "$votes" "$s") vote rows/s, $(rate $((votes + protocols)) "$s") rows/s); peer $p s ($(rate "$votes" "$p") vote rows/s); ratio $(ratio "$s" "$p")"
}

# ---- SQLite
"$BIN" users list --database "$work/seed.sqlite" >/dev/null
sqlite3 "$work/seed.sqlite" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
: >"$work/sqlite.results"
for t in $(seq 1 "$trials"); do
    cp "$work/seed.sqlite" "$work/s.sqlite"
    rm -f "$work/s.sqlite-wal" "$work/s.sqlite-shm"
    s=$(seconds "$BIN" import-protocols "$file" --election "$ELECTION" --database "$work/s.sqlite")
    votes=$(sqlite3 "$work/s.sqlite" "SELECT COUNT(*) FROM protocol_votes")
    protocols=$(sqlite3 "$work/s.sqlite" "SELECT COUNT(*) FROM protocols")
    sqlite3 -csv "$work/s.sqlite" "SELECT * FROM protocols" >"$work/p.csv"
    sqlite3 -csv "$work/s.sqlite" "SELECT * FROM protocol_votes" >"$work/v.csv"
    import_row=$(sqlite3 -list -separator ", " "$work/s.sqlite" "SELECT quote(id), quote(election_id), quote(source), quote(protocols), quote(synthetic), quote(imported_at) FROM imports")
    cp "$work/seed.sqlite" "$work/peer.sqlite"
    rm -f "$work/peer.sqlite-wal" "$work/peer.sqlite-shm"
    cat >"$work/peer.sql" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
INSERT INTO imports (id, election_id, source, protocols, synthetic, imported_at) VALUES ($import_row);
.import --csv $work/p.csv protocols
.import --csv $work/v.csv protocol_votes
COMMIT;
SQL
    p=$(seconds sqlite3 -bail "$work/peer.sqlite" ".read $work/peer.sql")
    [ "$(sqlite3 "$work/peer.sqlite" "SELECT COUNT(*) FROM protocol_votes")" = "$votes" ] || { echo "peer lost rows" >&2; exit 1; }
    echo "sqlite trial $t: saylau $s s ($(rate "$votes" "$s") vote rows/s), sqlite3 .import $p s ($(rate "$votes" "$p") vote rows/s), ratio $(ratio "$s" "$p"); $protocols protocols, $votes vote rows; load $(cut -d' ' -f1 /proc/loadavg)"
    echo "$s $p $votes $protocols" >>"$work/sqlite.results"
done
report SQLite "$work/sqlite.results"

# ---- PostgreSQL
if [ -n "${SAYLAU_TEST_POSTGRES_URL:-}" ]; then
    base=${SAYLAU_TEST_POSTGRES_URL%/*}
    : >"$work/pg.results"
    for t in $(seq 1 "$trials"); do
        a="saylau_bulk_$$_${t}_a"
        b="saylau_bulk_$$_${t}_b"
        for db in "$a" "$b"; do
            psql "$SAYLAU_TEST_POSTGRES_URL" -qc "CREATE DATABASE $db" >/dev/null
            "$BIN" users list --postgres "$base/$db" >/dev/null
        done
        s=$(seconds "$BIN" import-protocols "$file" --election "$ELECTION" --postgres "$base/$a")
        votes=$(psql "$base/$a" -Atc "SELECT COUNT(*) FROM protocol_votes")
        protocols=$(psql "$base/$a" -Atc "SELECT COUNT(*) FROM protocols")
        psql "$base/$a" -qc "\\copy (SELECT $columns_protocols FROM protocols) TO '$work/p.csv' CSV"
        psql "$base/$a" -qc "\\copy (SELECT $columns_votes FROM protocol_votes) TO '$work/v.csv' CSV"
        import_row=$(psql "$base/$a" -Atc "SELECT format('%s, %L, %L, %s, %s, %L', id, election_id, source, protocols, synthetic, imported_at) FROM imports")
        cat >"$work/peer.psql" <<SQL
BEGIN;
INSERT INTO imports (id, election_id, source, protocols, synthetic, imported_at) VALUES ($import_row);
\\copy protocols ($columns_protocols) FROM '$work/p.csv' CSV
ANALYZE protocols;
\\copy protocol_votes ($columns_votes) FROM '$work/v.csv' CSV
COMMIT;
SQL
        p=$(seconds psql "$base/$b" -q -v ON_ERROR_STOP=1 -f "$work/peer.psql")
        [ "$(psql "$base/$b" -Atc "SELECT COUNT(*) FROM protocol_votes")" = "$votes" ] || { echo "peer lost rows" >&2; exit 1; }
        echo "postgres trial $t: saylau $s s ($(rate "$votes" "$s") vote rows/s), psql \\copy $p s ($(rate "$votes" "$p") vote rows/s), ratio $(ratio "$s" "$p"); $protocols protocols, $votes vote rows; load $(cut -d' ' -f1 /proc/loadavg)"
        echo "$s $p $votes $protocols" >>"$work/pg.results"
        for db in "$a" "$b"; do psql "$SAYLAU_TEST_POSTGRES_URL" -qc "DROP DATABASE $db" >/dev/null; done
    done
    report PostgreSQL "$work/pg.results"
fi
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
