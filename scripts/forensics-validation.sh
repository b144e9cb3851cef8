#!/usr/bin/env bash
# The forensic validation whose figures the Validation article of SaylauForensics reports: seeded
# SYNTHETIC elections of 10,000 precincts, each analysed clean and with 5 % of its precincts doctored
# (ballot stuffing or rounded results, in turn). Prints the figures and writes them as JSON.
#   bash scripts/forensics-validation.sh [ELECTIONS]   (default 100: about 6 minutes on one core, release)
set -euo pipefail
cd "$(dirname "$0")/.."
elections=${1:-100}
swift build -c release --product saylau >/dev/null
out=.build/forensics-validation.json
start=$(date +%s)
.build/release/saylau forensics validate --elections "$elections" --precincts 10000 --doctored 5 \
    --simulations 200 --json 2>/dev/null >"$out"
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"SYNTHETIC validation: {r['elections']} elections of {r['precincts']:,} precincts, "
      f"{r['doctoredPercent']} % doctored, level {r['level']}")
def row(name, v, scale=100, places=2):
    f = lambda x: f"{x * scale:.{places}f}"
    print(f"{name:44} {v['hits']:>7,} / {v['trials']:<9,} {f(v['rate']):>7} %  "
          f"CI {f(v['interval'][0])}–{f(v['interval'][1])}  one election {f(v['perElectionRange'][0])}–{f(v['perElectionRange'][1])}")
row("recall (doctored precincts flagged)", r['recall'], places=1)
for k, v in sorted(r['recallByDoctoring'].items()):
    row(f"  recall, {k}", v, places=1)
row("false positives (clean precincts flagged)", r['falsePositiveRate'])
row("clean election: precincts flagged", r['cleanElectionFlagRate'])
for k, v in sorted(r['cleanElectionFlagRateByKind'].items()):
    if v['hits']: row(f"  clean, {k}", v, places=3)
print()
print("nationwide measures: p < level in clean elections (size) | in doctored ones (power)")
for t in r['nationalTests']:
    c, d = t['cleanBelowLevel'], t['doctoredBelowLevel']
    print(f"  {t['ballot']:12} {t['measure'][:100]:100} {c['hits']:>3}/{c['trials']:<4} {d['hits']:>3}/{d['trials']}")
PY
echo "($(( $(date +%s) - start )) s; JSON in $out)"
