"""DuckDB peer for the protocol benchmark: read_csv + GROUP BY on the same protocol file.

Sums every count per constituency and ballot type (what `saylau tabulate --import-only` aggregates),
then rolls up to the nation. No control relations are checked here: DuckDB is the speed reference.
Usage: python3 duckdb_tabulate.py FILE
"""
import sys
import time

import duckdb

path = sys.argv[1]
t0 = time.perf_counter()
con = duckdb.connect()
cols = con.execute(f"SELECT * FROM read_csv('{path}', header=true) LIMIT 0").description
names = [c[0] for c in cols]
count_cols = [n for n in names if n not in ("precinct", "constituency", "ballot", "synthetic")]
sums = ", ".join(f'sum("{c}") AS "{c}"' for c in count_cols)
rows = con.execute(
    f"""
    SELECT constituency, ballot, count(*) AS protocols, {sums}
    FROM read_csv('{path}', header=true)
    GROUP BY constituency, ballot
    ORDER BY ballot, constituency
    """
).fetchall()
nation = {}
for r in rows:
    key = r[1]
    acc = nation.setdefault(key, [0] * (len(r) - 2))
    for i, v in enumerate(r[2:]):
        acc[i] += v or 0
elapsed = time.perf_counter() - t0
for ballot, acc in sorted(nation.items()):
    print(ballot, "protocols", acc[0], "voters", acc[1], "issued", acc[3])
print(f"groups {len(rows)} seconds {elapsed:.3f}", file=sys.stderr)
