import Foundation
import Hummingbird
import HummingbirdTesting
import SaylauCore
import SaylauStore
import SaylauTestSupport
import Testing

@testable import SaylauServer

/// A server that queues, not fails: concurrent imports, problem details, HEAD, live and ready.
@Suite("The server under concurrency and faults")
struct ReliabilityTests {
  static let auth = [("Authorization", "Bearer \(testToken)"), ("Content-Type", "text/csv")]
  static let upload = "/api/v2/elections/2023-majilis/protocols"

  /// The files of a concurrent run: 20 stations each, distinct except every fourth, which repeats the file
  /// three before it byte for byte (so exactly one of the two can be stored).
  static func files(_ count: Int) throws -> [[UInt8]] {
    var out: [[UInt8]] = []
    for k in 0..<count {
      if k % 4 == 3 {
        out.append(out[k - 3])
      } else {
        out.append(try ProtocolFixtures.csv(stations: 20, seed: UInt64(k + 1), prefix: "c\(k)-"))
      }
    }
    return out
  }

  /// Every stored protocol line and vote, in a fixed order, without import ids or times: what two
  /// databases must agree on.
  static func contents(_ store: Store) async throws -> [String] {
    let protocols = try await store.backend.query(
      """
      SELECT precinct, ballot, constituency_number, voters_on_list, ballots_received, ballots_issued,
      ballots_in_box, invalid, unused, against_all FROM protocols WHERE election_id = ?
      ORDER BY precinct, ballot
      """, [.text("2023-majilis")])
    let votes = try await store.backend.query(
      """
      SELECT precinct, ballot, choice, votes FROM protocol_votes WHERE election_id = ?
      ORDER BY precinct, ballot, choice
      """, [.text("2023-majilis")])
    return (protocols + votes).map { row in
      (0..<row.values.count).map { "\(row[$0])" }.joined(separator: "|")
    }
  }

  @Test(
    "8 and 32 imports at once: each stored (201) or refused as a conflict naming the station (409); the database equals a sequential import",
    arguments: Engine.available, [8, 32])
  func concurrentImports(engine: Engine, count: Int) async throws {
    let files = try Self.files(count)
    // The time an import waits for the others is not counted against the request timeout; the work itself
    // is, and a test runner that starves the server of threads can stretch it: withServer's long default
    // deadline, so the test checks what concurrency does to the database, not how fast a loaded machine is.
    let concurrent = try await withServer(engine, transport: .live) {
      client, service in
      let port = try #require(client.port)
      let answers = await RawHTTP.concurrently(count) { k in
        Result {
          try RawHTTP.request(
            port: port, method: "POST", path: Self.upload, headers: Self.auth, body: files[k])
        }
      }
      var stored: [Int] = []
      for (k, answer) in answers.enumerated() {
        let response = try answer.get()
        if response.status == 201 {
          stored.append(k)
          continue
        }
        // Only a repeated file may be refused, as a conflict that names a station of its own.
        #expect(response.status == 409, "file \(k): \(response.status) \(response.text)")
        #expect(response.headers["content-type"] == "application/problem+json")
        let problem = try response.json()
        #expect(problem["type"] as? String == "urn:saylau:problem:conflict")
        let group = k % 4 == 3 ? k - 3 : k
        #expect((problem["station"] as? String)?.hasPrefix("c\(group)-") == true, "\(problem)")
        #expect(["list", "constituency"].contains(problem["ballot"] as? String ?? ""))
        #expect(problem["requestId"] as? String == response.headers["x-request-id"])
      }
      // Each distinct file once: the repeated ones are stored once, whichever came first.
      let groups = Set(stored.map { $0 % 4 == 3 ? $0 - 3 : $0 })
      #expect(stored.count == groups.count)
      #expect(groups == Set((0..<count).filter { $0 % 4 != 3 }))
      return (try await Self.contents(service.store), stored)
    }
    // The same files, one after the other, into a fresh database.
    let sequential = try await withServer(engine, transport: .live) { client, service in
      let port = try #require(client.port)
      for k in concurrent.1.sorted() {
        let r = try await RawHTTP.request(
          port: port, method: "POST", path: Self.upload, headers: Self.auth, body: files[k])
        #expect(r.status == 201)
      }
      return try await Self.contents(service.store)
    }
    #expect(!concurrent.0.isEmpty)
    #expect(concurrent.0 == sequential)
  }

  /// Holds the store's write queue in a transaction that writes nothing (as a long import would), from a
  /// task of its own, until the task is cancelled.
  static func holdWrites(_ service: SaylauService) async throws -> Task<Void, any Error> {
    let held = AsyncStream<Void>.makeStream()
    let holder = Task {
      try await service.store.backend.withTransaction { _ in
        held.continuation.yield()
        try await Task.sleep(for: .seconds(600))
      }
    }
    for await _ in held.stream { break }
    return holder
  }

  @Test(
    "a write that waits in the queue past its bound is a 503 with Retry-After and writes nothing",
    arguments: Engine.available)
  func queueWaitIsBounded(engine: Engine) async throws {
    let file = try ProtocolFixtures.csv(stations: 5, seed: 8, prefix: "b-")
    try await withServer(engine, transport: .live, writeQueueTimeout: .seconds(1)) {
      client, service in
      let port = try #require(client.port)
      let holder = try await Self.holdWrites(service)
      let r = try await RawHTTP.request(
        port: port, method: "POST", path: Self.upload, headers: Self.auth, body: file)
      holder.cancel()
      _ = await holder.result
      #expect(r.status == 503, "\(r.text)")
      #expect(r.headers["retry-after"] != nil)
      #expect(try r.json()["type"] as? String == "urn:saylau:problem:database-unavailable")
      #expect(try await Self.contents(service.store).isEmpty)
    }
  }

  @Test(
    "the request deadline stands still while the write waits in the queue; the wait has its own bound"
  )
  func deadlineLeavesTheQueueOut() async throws {
    // 0.5 s of work allowed; 1.5 s in the queue; the deadline comes no earlier than 2 s after the start.
    let started = ContinuousClock.now
    // The queue's bound is far away: a loaded test runner (synchronous tests hold the cooperative
    // threads) may wake this task tens of seconds late, which must not read as a queue verdict.
    let deadline = RequestDeadline(timeout: .milliseconds(500), queueLimit: .seconds(3600))
    await deadline.queued()
    let expiry = Task { try await deadline.expiry() }
    try await Task.sleep(for: .milliseconds(1500))
    await deadline.admitted()
    guard case .late = try await expiry.value else {
      Issue.record("expected the request to be late")
      return
    }
    #expect(ContinuousClock.now - started >= .milliseconds(2000))
    // Queued for longer than the bound: the queue's own verdict, no earlier than the bound.
    let queued = RequestDeadline(timeout: .seconds(60), queueLimit: .milliseconds(800))
    let since = ContinuousClock.now
    await queued.queued()
    guard case .queuedTooLong = try await queued.expiry() else {
      Issue.record("expected the queue's bound")
      return
    }
    #expect(ContinuousClock.now - since >= .milliseconds(800))
  }

  @Test("the write queue admits in order, and a cancelled waiter leaves it without taking it")
  func writeQueueOrderAndCancellation() async throws {
    let queue = WriteQueue()
    try await queue.acquire()
    let cancelled = Task { try await queue.acquire() }
    let order = OrderLog()
    let second = Task {
      try await queue.acquire()
      await order.append(2)
      await queue.release()
    }
    try await Task.sleep(for: .milliseconds(200))
    cancelled.cancel()
    await #expect(throws: CancellationError.self) { try await cancelled.value }
    await order.append(1)
    await queue.release()
    try await second.value
    #expect(await order.entries == [1, 2])
    #expect(await queue.tryAcquire())
  }

  @Test("errors are problem details with the request's id; a client's plain X-Request-Id is kept")
  func problemDetails() async throws {
    try await withServer(.sqlite, transport: .live) { client, _ in
      let missing = try await client.get("/api/v1/no-such-route")
      #expect(missing.status == .notFound)
      #expect(missing.headers[.contentType] == "application/problem+json")
      let problem = try missing.json()
      #expect(problem["type"] as? String == "about:blank")
      #expect(problem["title"] as? String == "Not Found")
      #expect(problem["status"] as? Int == 404)
      #expect(problem["detail"] is String)
      let id = try #require(missing.headers.requestID)
      #expect(problem["requestId"] as? String == id)
      #expect(problem["instance"] as? String == "urn:saylau:request:\(id)")
      // Kept when plain, replaced when not.
      var plain = HTTPFields()
      plain.requestID = "trace-42"
      let kept = try await client.execute(uri: "/health/live", method: .get, headers: plain)
      #expect(kept.headers.requestID == "trace-42")
      var odd = HTTPFields()
      odd.requestID = "a<script>"
      let replaced = try await client.execute(uri: "/health/live", method: .get, headers: odd)
      #expect(replaced.headers.requestID != nil && replaced.headers.requestID != "a<script>")
      // A body that is not JSON: 400, no Swift type named.
      let bad = try await client.execute(
        uri: "/api/v1/plans", method: .post,
        headers: [.authorization: "Bearer \(testToken)", .contentType: "application/json"],
        body: ByteBuffer(string: "[]"))
      #expect(bad.status == .badRequest)
      let detail = try bad.json()["detail"] as? String ?? ""
      for word in ["Dictionary", "Array<", "Swift", "DecodingError"] {
        #expect(!detail.contains(word))
      }
      // A refused upload: 422 with every issue.
      let refused = try await client.execute(
        uri: Self.upload, method: .post,
        headers: [.authorization: "Bearer \(testToken)", .contentType: "text/csv"],
        body: ByteBuffer(string: "precinct,constituency\n1,2\n"))
      #expect(refused.status == .unprocessableContent)
      let body = try refused.json()
      #expect(body["type"] as? String == "urn:saylau:problem:protocols-refused")
      #expect((body["issues"] as? [Any])?.isEmpty == false)
    }
  }

  @Test("HEAD answers wherever GET does: the same status and headers, no body")
  func headEverywhere() async throws {
    try await withServer(.sqlite, transport: .live) { client, service in
      let regions = try await client.get("/api/v1/regions").json()["regions"] as? [[String: Any]]
      let region = try #require(regions?.first?["code"] as? String)
      let samples = [":number": "12", ":code": region, ":id": "2023-majilis"]
      var checked = 0
      for route in service.router().routes where route.method == .get {
        var path = route.path.description
        if path.hasPrefix("/api/v1/plans/") {
          path = path.replacingOccurrences(of: ":id", with: "enacted-2023")
        }
        for (k, v) in samples { path = path.replacingOccurrences(of: k, with: v) }
        if path.contains(":") || path.contains("*") { continue }
        // Over a plain socket: the test client cannot read an answer to HEAD (no body after its length).
        let port = try #require(client.port)
        let target = path
        let answers = await RawHTTP.concurrently(2) { k in
          Result { try RawHTTP.request(port: port, method: k == 0 ? "GET" : "HEAD", path: target) }
        }
        let get = try answers[0].get()
        let head = try answers[1].get()
        #expect(head.status == get.status, "\(path)")
        #expect(head.headers["content-type"] == get.headers["content-type"], "\(path)")
        if path != "/metrics" {  // the counters move between the two requests
          #expect(head.headers["content-length"] == get.headers["content-length"], "\(path)")
        }
        #expect(head.body.isEmpty, "\(path)")
        checked += 1
      }
      #expect(checked >= 15)
    }
  }

  @Test("live answers without the database; ready reports a database another writer has locked")
  func liveAndReady() async throws {
    try await withServer(.sqlite, transport: .live) { client, service in
      #expect(try await client.get("/health/live").status == .ok)
      let ready = try await client.get("/health/ready")
      #expect(ready.status == .ok)
      #expect(try ready.json()["writable"] as? Bool == true)
      // Another connection (as another process would) takes the write lock and holds it.
      let location = try #require(
        try await service.store.backend.query("PRAGMA database_list").first?[2].text)
      let other = try SQLiteBackend(path: location)
      let held = AsyncStream<Void>.makeStream()
      let release = AsyncStream<Void>.makeStream()
      let holder = Task {
        try await other.withTransaction { _ in
          held.continuation.yield()
          for await _ in release.stream { break }
        }
      }
      for await _ in held.stream { break }
      let locked = try await client.get("/health/ready")
      #expect(locked.status == .serviceUnavailable)
      #expect(try locked.json()["writable"] as? Bool == false)
      #expect(locked.headers[.retryAfter] != nil)
      #expect(try await client.get("/health/live").status == .ok)
      // A write waits the busy timeout, then 503 with Retry-After: not a 500, nothing stored.
      let write = try await client.execute(
        uri: Self.upload, method: .post,
        headers: [.authorization: "Bearer \(testToken)", .contentType: "text/csv"],
        body: ByteBuffer(bytes: try ProtocolFixtures.csv(stations: 2, seed: 9, prefix: "locked-")))
      #expect(write.status == .serviceUnavailable, "\(write.text)")
      #expect(write.headers[.retryAfter] != nil)
      #expect(try write.json()["type"] as? String == "urn:saylau:problem:database-unavailable")
      #expect(!write.text.contains("SQLITE") && !write.text.contains("BEGIN"))
      release.continuation.yield()
      _ = try await holder.value
      try await other.close()
      #expect(try await client.get("/health/ready").status == .ok)
    }
  }
}

extension HTTPFields {
  /// The `X-Request-Id` header (its name type is not visible here).
  var requestID: String? {
    get { self[.init("X-Request-Id")!] }
    set { self[.init("X-Request-Id")!] = newValue }
  }
}

/// What happened, in order (for the queue test).
actor OrderLog {
  private(set) var entries: [Int] = []
  func append(_ n: Int) { entries.append(n) }
}
