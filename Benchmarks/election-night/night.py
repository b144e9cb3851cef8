#!/usr/bin/env python3
"""A simulated election night against a running `saylau serve`: SYNTHETIC register, clerks entering every
protocol twice from several clients at once, a share with deliberate differences and failed checks resolved
by a coordinator, the live stream timed, reads measured with wrk while the writes go on, and the final totals
compared with one `saylau tabulate` of the same protocols.

Prints one JSON object with the measurements. Standard library only (plus `wrk` on the PATH for reads).
"""
import argparse, http.client, json, os, random, statistics, subprocess, sys, threading, time, urllib.parse

ELECTION = "2023-majilis"


class Client:
    def __init__(self, base, token=None):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port
        self.token = token
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method, path, body=None, ctype="application/json"):
        headers = {"Content-Type": ctype}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        data = body.encode() if isinstance(body, str) else body
        for attempt in range(3):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                return r.status, r.read()
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt == 2:
                    raise


def protocol(precinct, constituency, parties, rng):
    votes = {p: rng.randint(0, 400) for p in parties}
    against = rng.randint(0, 30)
    invalid = rng.randint(0, 25)
    in_box = sum(votes.values()) + against + invalid
    return {"precinct": precinct, "constituency": constituency, "ballot": "list",
            "votersOnList": in_box + rng.randint(50, 900), "ballotsIssued": in_box, "ballotsInBox": in_box,
            "invalid": invalid, "againstAll": against, "votes": votes, "synthetic": True}


def file(p):
    return json.dumps({"synthetic": True, "protocols": [p]})


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--url", required=True)
    a.add_argument("--token", required=True, help="the server's configured administrator token")
    a.add_argument("--definition", required=True, help="election.json with a SYNTHETIC precinct register")
    a.add_argument("--clients", type=int, default=4)
    a.add_argument("--differences", type=float, default=0.03)
    a.add_argument("--failed-checks", type=float, default=0.01)
    a.add_argument("--csv-out", required=True, help="where to write the accepted protocols (for tabulate)")
    a.add_argument("--wrk-seconds", type=int, default=20)
    a.add_argument("--seed", type=int, default=2023)
    args = a.parse_args()
    base = args.url.rstrip("/")
    admin = Client(base, args.token)
    definition = open(args.definition).read()
    d = json.loads(definition)
    parties = [p["code"] for p in d["parties"]]
    register = d["precincts"]
    st, body = admin.request("PUT", f"/api/v1/elections/{ELECTION}/register", definition)
    assert st == 200, body
    password = "election night password"
    names = [f"clerk{i}" for i in range(2 * args.clients)] + ["coordinator"]
    tokens = {}
    for n in names:
        role = "coordinator" if n == "coordinator" else "clerk"
        st, body = admin.request("POST", "/api/v1/accounts", json.dumps({"username": n, "role": role, "password": password}))
        assert st in (201, 409), body
        st, body = Client(base).request("POST", "/api/v1/tokens", json.dumps({"username": n, "password": password}))
        assert st == 201, body
        tokens[n] = json.loads(body)["token"]

    rng = random.Random(args.seed)
    truth = {p["id"]: protocol(p["id"], p["constituency"], parties, rng) for p in register}
    kinds = {}
    for pid in truth:
        x = rng.random()
        kinds[pid] = "difference" if x < args.differences else ("failed" if x < args.differences + args.failed_checks else "clean")

    # The live stream: the time each precinct's accepted event arrives.
    events, stream_ready = {}, threading.Event()
    def listen():
        u = urllib.parse.urlparse(base)
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
        c.request("GET", f"/api/v1/elections/{ELECTION}/live")
        r = c.getresponse()
        stream_ready.set()
        name = None
        while True:
            line = r.fp.readline()
            if not line:
                return
            line = line.decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: ") and name == "accepted":
                events[json.loads(line[6:])["precinct"]] = time.monotonic()
    threading.Thread(target=listen, daemon=True).start()
    stream_ready.wait(10)

    sent = {}  # precinct -> monotonic time the accepting request was sent
    lock = threading.Lock()
    ids = list(truth)
    slices = [ids[i::args.clients] for i in range(args.clients)]
    counts = {"requests": 0, "accepted": 0, "queued": 0}

    def clerk_pair(k, mine):
        a, b = Client(base, tokens[f"clerk{2*k}"]), Client(base, tokens[f"clerk{2*k+1}"])
        for pid in mine:
            p = truth[pid]
            first, second, confirm = p, p, ""
            if kinds[pid] == "difference":
                second = json.loads(json.dumps(p))
                party = parties[0]
                second["votes"][party] += 10   # a typing error of the second clerk
                second["invalid"] = max(0, second["invalid"] - 10) if second["invalid"] >= 10 else second["invalid"]
                if second["invalid"] == p["invalid"]:
                    second["ballotsInBox"] += 10; second["ballotsIssued"] += 10
            elif kinds[pid] == "failed":
                first = json.loads(json.dumps(p)); first["ballotsInBox"] += 1; first["ballotsIssued"] += 1
                second, confirm = first, "?confirmIssues=true"
            st, _ = a.request("POST", f"/api/v1/elections/{ELECTION}/entries{confirm}", file(first))
            assert st == 201, (st, _)
            t = time.monotonic()
            st, body = b.request("POST", f"/api/v1/elections/{ELECTION}/entries{confirm}", file(second))
            assert st == 201, (st, body)
            status = json.loads(body)["entered"][0]["status"]
            with lock:
                counts["requests"] += 2
                if status == "accepted":
                    counts["accepted"] += 1; sent[pid] = t
                else:
                    counts["queued"] += 1

    # Reads while the writes go on: wrk on the results JSON and the results page.
    wrk_out = {}
    def reads(name, path):
        try:
            out = subprocess.run(["wrk", "-t1", "-c8", f"-d{args.wrk_seconds}s", "--latency", base + path],
                                 capture_output=True, text=True, timeout=args.wrk_seconds + 30).stdout
        except FileNotFoundError:
            out = ""
        rps = [l for l in out.splitlines() if l.startswith("Requests/sec")]
        p50 = [l for l in out.splitlines() if l.strip().startswith("50%")]
        p99 = [l for l in out.splitlines() if l.strip().startswith("99%")]
        wrk_out[name] = {"requestsPerSecond": float(rps[0].split()[1]) if rps else None,
                         "p50": p50[0].split()[1] if p50 else None, "p99": p99[0].split()[1] if p99 else None}

    start = time.monotonic()
    readers = [threading.Thread(target=reads, args=("results-json", f"/api/v2/elections/{ELECTION}/protocols?ballot=list")),
               threading.Thread(target=reads, args=("results-page", f"/elections/{ELECTION}/results"))]
    writers = [threading.Thread(target=clerk_pair, args=(k, s)) for k, s in enumerate(slices)]
    for t in writers + readers:
        t.start()
    for t in writers:
        t.join()
    entry_seconds = time.monotonic() - start

    # The coordinator: entry 1 is right where the entries differ; a failed check is entered again.
    coord = Client(base, tokens["coordinator"])
    st, body = coord.request("GET", f"/api/v1/elections/{ELECTION}/entries/queue")
    queue = json.loads(body)["items"]
    a, b = Client(base, tokens["clerk0"]), Client(base, tokens["clerk1"])
    resolve_start = time.monotonic()
    for item in queue:
        pid = item["precinct"]
        decision = "first" if item["status"] == "differences" else "reenter"
        t = time.monotonic()
        st, body = coord.request("POST", f"/api/v1/elections/{ELECTION}/entries/list/{urllib.parse.quote(pid, safe='')}/resolution",
                                 json.dumps({"decision": decision, "reason": "checked against the paper"}))
        assert st == 200, body
        if decision == "first":
            sent[pid] = t
        else:
            for c in (a, b):
                t = time.monotonic()
                st, body = c.request("POST", f"/api/v1/elections/{ELECTION}/entries", file(truth[pid]))
                assert st == 201, body
            sent[pid] = t
    resolve_seconds = time.monotonic() - resolve_start
    for t in readers:
        t.join()
    time.sleep(1)

    latencies = sorted((events[p] - sent[p]) * 1000 for p in sent if p in events)
    st, body = Client(base).request("GET", f"/api/v2/elections/{ELECTION}/protocols?ballot=list")
    api = json.loads(body)
    st, body = Client(base).request("GET", f"/api/v1/elections/{ELECTION}/completeness")
    complete = json.loads(body)["nation"]

    with open(args.csv_out, "w") as f:
        f.write("precinct,constituency,ballot,voters_on_list,ballots_received,ballots_issued,ballots_in_box,invalid,unused,against_all," + ",".join(parties) + ",synthetic\n")
        for pid, p in truth.items():
            f.write(",".join(map(str, [pid, p["constituency"], "list", p["votersOnList"], "", p["ballotsIssued"], p["ballotsInBox"],
                                       p["invalid"], "", p["againstAll"]] + [p["votes"][c] for c in parties])) + ",yes\n")

    def q(xs, f):
        return round(xs[min(len(xs) - 1, int(f * len(xs)))], 1) if xs else None
    print(json.dumps({
        "stations": len(register), "clients": args.clients, "clerks": 2 * args.clients,
        "differences": sum(1 for k in kinds.values() if k == "difference"),
        "failedChecks": sum(1 for k in kinds.values() if k == "failed"),
        "entrySeconds": round(entry_seconds, 2), "entryRequests": counts["requests"],
        "acceptedDuringEntry": counts["accepted"], "queued": counts["queued"],
        "acceptedPerSecond": round(counts["accepted"] / entry_seconds, 1),
        "entriesPerSecond": round(counts["requests"] / entry_seconds, 1),
        "resolveSeconds": round(resolve_seconds, 2),
        "acceptanceToEventMs": {"events": len(latencies), "p50": q(latencies, 0.5), "p99": q(latencies, 0.99), "max": q(latencies, 1.0)},
        "reads": wrk_out, "completeness": complete, "apiTotals": {k: api.get(k) for k in
            ["protocols", "votersOnList", "ballotsIssued", "ballotsInBox", "invalid", "againstAll"]},
        "apiVotes": {v["choice"]: v["votes"] for v in api["votes"]},
    }, indent=1))


if __name__ == "__main__":
    main()
