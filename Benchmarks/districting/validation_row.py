"""One markdown row of validate.sh from the JSON of `saylau ensemble validate --json` on stdin."""
import json
import sys

r = json.load(sys.stdin)
print(f"| {r['graph'][5:]} | {r['districts']} | {r['epsilon']} | {r['variant']} | {r['plans']:,} | "
      f"{r['totalVariation']:.4f} | {r['referenceMean']:.4f} ± {r['referenceSD']:.4f} | "
      f"{r['cutEdgesTotalVariation']:.4f} | {r['cutEdgesReferenceMean']:.4f} ± {r['cutEdgesReferenceSD']:.4f} | "
      f"{100 * r['selfLoopRate']:.2f} % ({100 * r['exactSelfLoopRate']:.2f} %) | {'yes' if r['passed'] else 'NO'} |")
