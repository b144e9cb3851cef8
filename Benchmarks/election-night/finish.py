#!/usr/bin/env python3
"""The end of a simulated election night (issue 11, item 5): the coordinator's role (here the configured
administrator token) declares the results final, which takes the snapshot; every export is fetched with its
signature into --out; the NIST SP 1500-100 v2 export is validated against the published schema; the
snapshot's national list totals are compared with the live totals of night.py. Prints one JSON object
with the timings. `saylau verify` is run on every file by run.sh afterwards."""
import argparse, http.client, json, os, sys, time, urllib.parse


def request(url, method, path, token=None, body=None):
    u = urllib.parse.urlparse(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    started = time.perf_counter()
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    elapsed = time.perf_counter() - started
    c.close()
    if r.status >= 300:
        sys.exit("%s %s: %d %s" % (method, path, r.status, data[:300]))
    return data, elapsed


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--url", required=True)
    a.add_argument("--token", required=True)
    a.add_argument("--election", default="2023-majilis")
    a.add_argument("--night", required=True, help="night.py's JSON (its live totals)")
    a.add_argument("--schema", required=True)
    a.add_argument("--out", required=True)
    args = a.parse_args()
    base = "/api/v1/elections/%s" % args.election
    change, final_s = request(args.url, "POST", base + "/results/state", args.token, json.dumps({"state": "final"}))
    change = json.loads(change)
    listing, make_s = request(args.url, "GET", base + "/exports")
    listing = json.loads(listing)
    os.makedirs(args.out, exist_ok=True)
    sizes, times = {}, {}
    for f in listing["files"]:
        name = "%s-%s" % (args.election, f["name"])
        data, t = request(args.url, "GET", "%s/exports/%s" % (base, f["name"]))
        sig, _ = request(args.url, "GET", "%s/exports/%s.sig" % (base, f["name"]))
        open(os.path.join(args.out, name), "wb").write(data)
        open(os.path.join(args.out, name + ".sig"), "wb").write(sig)
        sizes[f["name"]], times[f["name"]] = len(data), round(t, 3)
    import jsonschema
    schema = json.load(open(args.schema))
    report = json.load(open(os.path.join(args.out, "%s-nist.json" % args.election)))
    started = time.perf_counter()
    errors = list(jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(report))
    validate_s = time.perf_counter() - started
    for e in errors[:5]:
        print("NIST schema: %s: %s" % ("/".join(map(str, e.path)), e.message[:200]), file=sys.stderr)
    result = json.load(open(os.path.join(args.out, "%s-result.json" % args.election)))
    nation = next(l for l in result["levels"] if l["ballot"] == "list" and l["kind"] == "nation")
    night = json.load(open(args.night))
    same = {v["choice"]: v["votes"] for v in nation["votes"] if v["votes"]} == {k: v for k, v in night["apiVotes"].items() if v}
    same = same and nation["ballotsInBox"] == night["apiTotals"]["ballotsInBox"]
    print(json.dumps({
        "finalSeconds": round(final_s, 3), "snapshotSha256": change["snapshotSHA256"],
        "snapshotProtocols": len(result["protocols"]), "makeExportsSeconds": round(make_s, 3),
        "exportBytes": sizes, "exportSeconds": times, "nistValid": not errors,
        "nistValidateSeconds": round(validate_s, 1),
        "snapshotAgreesWithLiveTotals": same,
    }))
    sys.exit(0 if same and not errors else 1)


if __name__ == "__main__":
    main()
