import Foundation
import SaylauTestSupport
import Testing

/// Several `saylau serve --postgres` processes behind HAProxy behave as one service: a write through one
/// replica is visible through every other within a second, any replica gives the same answer, and one
/// killed under load loses no accepted write.
@Suite("Replicas of the service", .serialized, .enabled(if: loopbackClusters))
struct ReplicaTests {
  static let token = "replica-test-token-0123456789"

  static func tokenFile() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-token-\(UUID().uuidString.prefix(8))")
    try token.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  static func plan(_ id: String) -> Data {
    Data(
      #"{"id": "\#(id)", "name": "plan \#(id)", "source": "replica test", "assignments": {}}"#.utf8)
  }

  static func post(_ base: String, plan id: String) async throws -> Int {
    try await HTTP.request(
      "\(base)/api/v1/plans", method: "POST", body: plan(id),
      headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
    ).0
  }

  static func planIDs(_ base: String) async throws -> Set<String> {
    let (status, data) = try await HTTP.request("\(base)/api/v1/plans")
    guard status == 200 else { throw TestSetupError("GET /plans answered \(status)") }
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    let plans = object?["plans"] as? [[String: Any]] ?? []
    return Set(plans.compactMap { $0["id"] as? String })
  }

  /// Starts `count` replicas on `url` (the first alone: it migrates and seeds).
  static func replicas(_ count: Int, url: String, extra: [String] = []) async throws
    -> [ServerProcess]
  {
    let token = try tokenFile()
    var servers: [ServerProcess] = []
    for _ in 0..<count {
      servers.append(
        try await ServerProcess(["--postgres", url, "--token-file", token.path] + extra))
    }
    return servers
  }

  @Test(
    "a write through one replica is read through every other within a second; one answer from all")
  func writeVisibleEverywhere() async throws {
    let db = try PostgresCluster.primary()
    defer { db.destroy() }
    let servers = try await Self.replicas(3, url: db.url)
    defer { for s in servers { s.process.kill9() } }
    // Every replica caches the list first, so only an invalidation can show the new plan.
    for s in servers { #expect(try await Self.planIDs(s.url).contains("w1") == false) }
    for s in servers { _ = try await Self.planIDs(s.url) }
    #expect(try await Self.post(servers[0].url, plan: "w1") == 201)
    let written = ContinuousClock.now
    for s in servers {
      var seen = false
      while ContinuousClock.now - written < .seconds(1) {
        if try await Self.planIDs(s.url).contains("w1") {
          seen = true
          break
        }
        try await Task.sleep(for: .milliseconds(20))
      }
      #expect(seen, "replica \(s.url) did not show the write within a second")
    }
    // The same bytes from every replica (seats of a published election, and the plans).
    for path in ["/api/v1/elections/2023-majilis/seats", "/api/v1/plans", "/api/v1/elections"] {
      var bodies: Set<Data> = []
      for s in servers {
        let (status, body) = try await HTTP.request(s.url + path)
        #expect(status == 200, "\(path)")
        bodies.insert(body)
      }
      #expect(bodies.count == 1, "\(path) differs between replicas")
    }
    // Each replica heard the write (its metrics count the invalidation).
    for s in servers[1...] {
      let (_, metrics) = try await HTTP.request(s.url + "/metrics")
      #expect(String(decoding: metrics, as: UTF8.self).contains("saylau_cache_invalidations_total"))
    }
  }

  @Test(
    "three replicas behind HAProxy, one killed under load: no accepted write lost, reads routed around"
  )
  func killOneUnderLoad() async throws {
    let db = try PostgresCluster.primary()
    defer { db.destroy() }
    let servers = try await Self.replicas(3, url: db.url)
    defer { for s in servers { s.process.kill9() } }
    let balancer = try await LoadBalancer(backends: servers.map(\.port))
    defer { balancer.stop() }
    let writers = 3
    let readers = 4
    let tally = Tally()
    let stop = ContinuousClock.now + .seconds(4)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for w in 0..<writers {
        group.addTask {
          var n = 0
          while ContinuousClock.now < stop {
            n += 1
            let id = "load-\(w)-\(n)"
            if let status = try? await Self.post(balancer.url, plan: id), status == 201 {
              tally.accepted(id)
            } else {
              tally.writeFailed()
            }
          }
        }
      }
      for _ in 0..<readers {
        group.addTask {
          while ContinuousClock.now < stop {
            let status = try? await HTTP.request(
              balancer.url + "/api/v1/elections/2023-majilis/seats"
            ).0
            tally.read(ok: status == 200)
          }
        }
      }
      group.addTask {
        try await Task.sleep(for: .milliseconds(1500))
        servers[1].process.kill9()
      }
      try await group.waitForAll()
    }
    let accepted = tally.acceptedIDs
    #expect(accepted.count > 20, "too few writes to mean anything: \(accepted.count)")
    #expect(tally.reads > 50)
    // Only requests in flight at the kill may fail: at most one per concurrent client.
    #expect(tally.failedReads <= readers, "\(tally.failedReads) failed reads of \(tally.reads)")
    #expect(tally.failedWrites <= writers, "\(tally.failedWrites) failed writes")
    // Every accepted write is there, through each surviving replica.
    for s in [servers[0], servers[2]] {
      let ids = try await Self.planIDs(s.url)
      #expect(
        accepted.isSubset(of: ids), "\(accepted.subtracting(ids).count) accepted writes missing")
    }
  }

  @Test(
    "a replica reading from a streaming standby sees writes made on the primary, and reads on without it"
  )
  func readReplicaOnStandby() async throws {
    let primary = try PostgresCluster.primary()
    defer { primary.destroy() }
    // The schema and the seed first, so that the standby starts with them.
    let writer = try await Self.replicas(1, url: primary.url)[0]
    defer { writer.process.kill9() }
    let standby = try primary.standby()
    defer { standby.destroy() }
    #expect(try standby.psql("SELECT pg_is_in_recovery()") == "t")
    let reader = try await Self.replicas(
      1, url: primary.url, extra: ["--postgres-read", standby.url])[0]
    defer { reader.process.kill9() }
    _ = try await Self.planIDs(reader.url)
    #expect(try await Self.post(writer.url, plan: "on-primary") == 201)
    let written = ContinuousClock.now
    var seen = false
    while ContinuousClock.now - written < .seconds(1) && !seen {
      seen = try await Self.planIDs(reader.url).contains("on-primary")
      if !seen { try await Task.sleep(for: .milliseconds(20)) }
    }
    #expect(seen, "the standby replica did not show the write within a second")
    // A write through the standby replica goes to the primary.
    #expect(try await Self.post(reader.url, plan: "via-reader") == 201)
    #expect(try primary.psql("SELECT COUNT(*) FROM plans WHERE id = 'via-reader'") == "1")
    // With the primary gone, the standby replica still answers reads (they are the standby's). The test
    // clusters commit asynchronously, so first let the standby receive the last write.
    let shipped = ContinuousClock.now
    while try standby.psql("SELECT COUNT(*) FROM plans WHERE id = 'via-reader'") != "1",
      ContinuousClock.now - shipped < .seconds(5)
    {
      try await Task.sleep(for: .milliseconds(20))
    }
    writer.process.kill9()
    try primary.stop(immediate: true)
    let (status, body) = try await HTTP.request(reader.url + "/api/v1/plans")
    #expect(status == 200, "\(String(decoding: body, as: UTF8.self))")
    #expect(try await Self.planIDs(reader.url).contains("via-reader"))
  }
}

/// PostgreSQL clusters of their own and HAProxy: where scripts/test.sh runs (or CI, where a missing tool
/// must fail rather than skip).
let loopbackClusters: Bool = {
  let env = ProcessInfo.processInfo.environment
  return env["SAYLAU_TEST_POSTGRES_URL"] != nil || env["CI"] == "true"
}()

/// Counts of a load run, shared by its tasks.
final class Tally: @unchecked Sendable {
  private let lock = NSLock()
  private var ids: Set<String> = []
  private var writeFailures = 0
  private var readCount = 0
  private var readFailures = 0

  func accepted(_ id: String) { lock.withLock { _ = ids.insert(id) } }
  func writeFailed() { lock.withLock { writeFailures += 1 } }
  func read(ok: Bool) {
    lock.withLock {
      readCount += 1
      if !ok { readFailures += 1 }
    }
  }
  var acceptedIDs: Set<String> { lock.withLock { ids } }
  var failedWrites: Int { lock.withLock { writeFailures } }
  var reads: Int { lock.withLock { readCount } }
  var failedReads: Int { lock.withLock { readFailures } }
}
