import Foundation
import SaylauTestSupport
import Testing

/// `saylau ensemble submit`, `saylau worker` processes and `ensemble collect`: the same files as a local run
/// of the same seed and chain count, with workers killed and the database restarted along the way.
@Suite("Distributed ensembles", .serialized, .enabled(if: loopbackClusters))
struct DistributedEnsembleTests {
  static let chains = 3
  static let steps = 3000

  /// The options of the run, shared by the local run and the submission.
  static func options(graph: URL) -> [String] {
    [
      "--graph", graph.path, "--districts", "4", "--steps", "\(steps)", "--seed", "7", "--epsilon",
      "0.1", "--chains", "\(chains)", "--checkpoint-every", "50",
    ]
  }

  struct Setup {
    var dir: URL
    var graph: URL
    var local: URL
  }

  static func setup() throws -> Setup {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-dist-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let graph = dir.appendingPathComponent("grid.json")
    try GridGraph.write(side: 18, to: graph)
    let local = dir.appendingPathComponent("local")
    let r = try SaylauExecutable.run(
      ["ensemble", "run"] + options(graph: graph) + [
        "--out", local.path, "--quiet", "--threads", "1",
      ])
    guard r.status == 0 else { throw TestSetupError("local run failed: \(r.stderr)") }
    return Setup(dir: dir, graph: graph, local: local)
  }

  static func submit(_ s: Setup, db: PostgresCluster, job: String) throws {
    let r = try SaylauExecutable.run(
      [
        "ensemble", "submit", "--postgres", db.url, "--job", job, "--segment-steps", "1000",
        "--lease",
        "2",
      ] + options(graph: s.graph) + ["--out", s.dir.appendingPathComponent(job).path])
    guard r.status == 0, r.stdout.contains(job) else {
      throw TestSetupError("submit failed: \(r.stderr)")
    }
  }

  static func worker(_ db: PostgresCluster, name: String) throws -> ChildProcess {
    try ChildProcess(
      executable: try SaylauExecutable.url(),
      arguments: ["worker", "--postgres", db.url, "--until-idle", "--name", name])
  }

  /// Waits for a worker to exit, killing it after `limit`.
  static func finish(_ p: ChildProcess, limit: Duration = .seconds(120)) async
    -> ChildProcess.Status
  {
    let watchdog = Task {
      try await Task.sleep(for: limit)
      p.kill9()
    }
    let status = await p.wait()
    watchdog.cancel()
    return status
  }

  /// Collects the job and checks every file of the local run is there with the same bytes.
  static func expectSameAsLocal(_ s: Setup, db: PostgresCluster, job: String) throws {
    let out = s.dir.appendingPathComponent(job)
    let r = try SaylauExecutable.run(["ensemble", "collect", "--postgres", db.url, "--job", job])
    #expect(r.status == 0, "\(r.stderr)")
    var files = ["settings.json"]
    for c in 0..<chains {
      files += [
        String(format: "chain-%03d.jsonl", c), String(format: "chain-%03d.checkpoint.json", c),
      ]
    }
    for file in files {
      let local = try Data(contentsOf: s.local.appendingPathComponent(file))
      let collected = try? Data(contentsOf: out.appendingPathComponent(file))
      #expect(collected == local, "\(file) differs from the local run")
    }
    let lines = try String(
      contentsOf: out.appendingPathComponent("chain-000.jsonl"), encoding: .utf8)
    #expect(lines.split(separator: "\n").count == steps)
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.json").path))
    let status = try SaylauExecutable.run(
      ["ensemble", "status", "--postgres", db.url, "--job", job, "--json"])
    let json = try status.json() as? [String: Any]
    #expect(json?["state"] as? String == "done")
    #expect(json?["stepsDone"] as? Int == chains * steps)
  }

  @Test("three workers give the same files as a local run of the same seed and chain count")
  func threeWorkersMatchLocal() async throws {
    let s = try Self.setup()
    defer { try? FileManager.default.removeItem(at: s.dir) }
    let db = try PostgresCluster.primary()
    defer { db.destroy() }
    try Self.submit(s, db: db, job: "three")
    let workers = try (0..<3).map { try Self.worker(db, name: "w\($0)") }
    for w in workers {
      let status = await Self.finish(w)
      #expect(status.reason == .exit && status.code == 0, "\(w.stderrText)")
    }
    try Self.expectSameAsLocal(s, db: db, job: "three")
    // The work was shared: more than one worker stored blocks, and records were written in bulk.
    #expect(Int(try db.psql("SELECT COUNT(DISTINCT worker) FROM ensemble_blocks")) ?? 0 >= 2)
    #expect(try db.psql("SELECT COUNT(*) FROM ensemble_steps") == "\(Self.chains * Self.steps)")
  }

  @Test(
    "kill -9 of a worker mid-segment: its lease expires and another resumes from the checkpoint")
  func killedWorkerIsReplaced() async throws {
    let s = try Self.setup()
    defer { try? FileManager.default.removeItem(at: s.dir) }
    let db = try PostgresCluster.primary()
    defer { db.destroy() }
    try Self.submit(s, db: db, job: "killed")
    let victim = try Self.worker(db, name: "victim")
    _ = try await victim.waitForStderrLine { $0.contains("claimed") }
    let others = try (0..<2).map { try Self.worker(db, name: "w\($0)") }
    // Mid-segment: after it has stored a block or two of its first segment.
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline,
      Int(try db.psql("SELECT COUNT(*) FROM ensemble_blocks WHERE worker = 'victim'")) ?? 0 < 1
    {
      try await Task.sleep(for: .milliseconds(20))
    }
    victim.kill9()
    let killed = await victim.wait()
    #expect(killed.reason == .uncaughtSignal)
    let held = try db.psql(
      "SELECT chain || ':' || step FROM ensemble_chains WHERE worker = 'victim' AND done = 0")
    for w in others {
      let status = await Self.finish(w)
      #expect(status.reason == .exit && status.code == 0, "\(w.stderrText)")
    }
    try Self.expectSameAsLocal(s, db: db, job: "killed")
    // The chain the victim held was finished by another worker, from the victim's last checkpoint.
    if let chain = held.split(separator: ":").first, let step = held.split(separator: ":").last {
      #expect(
        try db.psql(
          "SELECT COUNT(*) FROM ensemble_blocks WHERE chain = \(chain) AND first_step = \(step) + 1 AND worker <> 'victim'"
        ) == "1")
    }
  }

  @Test("the coordinating database restarted during a run: workers retry and carry on")
  func databaseRestart() async throws {
    let s = try Self.setup()
    defer { try? FileManager.default.removeItem(at: s.dir) }
    let db = try PostgresCluster.primary()
    defer { db.destroy() }
    try Self.submit(s, db: db, job: "restart")
    let workers = try (0..<2).map { try Self.worker(db, name: "w\($0)") }
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline,
      Int(try db.psql("SELECT COUNT(*) FROM ensemble_blocks")) ?? 0 < 2
    {
      try await Task.sleep(for: .milliseconds(20))
    }
    let unfinished = try db.psql("SELECT COUNT(*) FROM ensemble_chains WHERE done = 0")
    try db.stop(immediate: true)
    try await Task.sleep(for: .seconds(2))
    try db.start()
    #expect(unfinished != "0", "the run had finished before the restart")
    for w in workers {
      let status = await Self.finish(w)
      #expect(status.reason == .exit && status.code == 0, "\(w.stderrText)")
    }
    // (A worker whose statement waited out the restart in the pool carried on without an error; one whose
    // connection broke logged a retry. Either way the result is the local run's.)
    try Self.expectSameAsLocal(s, db: db, job: "restart")
  }
}
