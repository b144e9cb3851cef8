import Foundation
import Logging
import NIOCore
import PostgresNIO
import SaylauDistricting
import SaylauStore

/// The jobs of distributed ensembles in PostgreSQL (migration 16), and every statement that reads or
/// changes them: submitting, claiming a chain under a lease, storing a block, renewing and releasing,
/// reporting, cancelling and collecting.
///
/// A chain is the unit of work: its row holds how far its records go, its last checkpoint (step and plan)
/// and, while a worker runs it, the worker's name and the lease's end. A worker claims the least advanced
/// chain whose lease is free or expired with `SELECT … FOR UPDATE SKIP LOCKED`, so claims never wait on
/// each other and no chain is run twice at once. Each block (the steps up to the next checkpoint) is stored
/// in one transaction: its step records by `COPY`, the chain's new checkpoint and a renewed lease, guarded
/// by the worker's name and the chain's step, so a worker whose lease was taken over stores nothing.
public final class EnsembleCoordinator: Sendable {
  let client: PostgresClient
  let runner: Task<Void, Never>
  let logger: Logger

  init(location: PostgresLocation, logger: Logger) {
    var configuration = PostgresClient.Configuration(
      host: location.host, port: location.port, username: location.user,
      password: location.password, database: location.database, tls: .disable)
    configuration.options.maximumConnections = 4
    configuration.options.connectTimeout = .seconds(5)
    // The pool's own notes (a lease asked for before `run()` got going) are noise on a command line.
    var quiet = logger
    quiet.logLevel = .error
    let client = PostgresClient(configuration: configuration, backgroundLogger: quiet)
    self.client = client
    self.logger = quiet
    runner = Task { await client.run() }
  }

  /// Connects, applying the store's migrations first (the job tables are migration 16).
  /// - Throws: ``ClusterError/database(_:)`` when the database cannot be reached or migrated.
  public static func open(url: String, logger: Logger = Logger(label: "saylau.cluster"))
    async throws(ClusterError) -> EnsembleCoordinator
  {
    do {
      let store = try await Store.openPostgres(url: url, logger: logger)
      try await store.close()
      return EnsembleCoordinator(location: try PostgresLocation(url: url), logger: logger)
    } catch let error as StoreError {
      throw .database(error.message)
    } catch {
      throw .database("\(error)")
    }
  }

  public func close() async {
    runner.cancel()
    _ = await runner.value
  }

  // MARK: Jobs

  /// Stores a job and one row per chain, all waiting.
  /// - Throws: ``ClusterError/jobExists(_:)``, ``ClusterError/invalidJob(_:)``, ``ClusterError/database(_:)``.
  public func submit(_ job: EnsembleJob) async throws(ClusterError) {
    try job.validate()
    let settings = String(decoding: try Self.json(job.settings), as: UTF8.self)
    try await database { [self] in
      try await client.withTransaction(logger: logger) { c in
        let exists = try await c.query(
          "SELECT 1 FROM ensemble_jobs WHERE id = \(job.id)", logger: logger
        ).collect()
        if !exists.isEmpty { throw ClusterError.jobExists(job.id) }
        try await c.query(
          """
          INSERT INTO ensemble_jobs (id, settings, graph_file, basic_metrics, segment_steps, lease_seconds, collect_to, state)
          VALUES (\(job.id), \(settings), \(job.graphFile), \(job.basicMetrics ? 1 : 0), \(job.segmentSteps), \(job.leaseSeconds), \(job.collectTo), 'running')
          """, logger: logger)
        try await c.query(
          """
          INSERT INTO ensemble_chains (job_id, chain, done)
          SELECT \(job.id), c, \(job.settings.steps == 0 ? 1 : 0)
          FROM generate_series(0, \(job.settings.chains - 1)) AS c
          """, logger: logger)
      }
    }
  }

  /// The job as submitted.
  /// - Throws: ``ClusterError/noSuchJob(_:)``, ``ClusterError/database(_:)``.
  public func job(_ id: String) async throws(ClusterError) -> EnsembleJob {
    let rows = try await database { [self] in
      try await client.query(
        """
        SELECT settings, graph_file, basic_metrics, segment_steps, lease_seconds, collect_to
        FROM ensemble_jobs WHERE id = \(id)
        """, logger: logger
      ).decode((String, String?, Int, Int, Int, String?).self).all()
    }
    guard let r = rows.first else { throw .noSuchJob(id) }
    let settings: EnsembleSettings
    do { settings = try JSONDecoder().decode(EnsembleSettings.self, from: Data(r.0.utf8)) } catch {
      throw .invalidJob("job '\(id)': its settings cannot be read (\(error))")
    }
    return EnsembleJob(
      id: id, settings: settings, graphFile: r.1, basicMetrics: r.2 != 0, segmentSteps: r.3,
      leaseSeconds: r.4, collectTo: r.5)
  }

  /// Marks the job cancelled: workers store nothing more of it and let its chains go at their next block.
  /// - Throws: ``ClusterError/noSuchJob(_:)``, ``ClusterError/database(_:)``.
  public func cancel(_ id: String) async throws(ClusterError) {
    let rows = try await database { [self] in
      try await client.query(
        "UPDATE ensemble_jobs SET state = 'cancelled' WHERE id = \(id) RETURNING id",
        logger: logger
      ).collect()
    }
    if rows.isEmpty { throw .noSuchJob(id) }
  }

  /// Whether any job that is not cancelled has a chain left to run (claimed or not).
  public func hasUnfinishedWork() async throws(ClusterError) -> Bool {
    let rows = try await database { [self] in
      try await client.query(
        """
        SELECT 1 FROM ensemble_chains c JOIN ensemble_jobs j ON j.id = c.job_id
        WHERE j.state = 'running' AND c.done = 0 LIMIT 1
        """, logger: logger
      ).collect()
    }
    return !rows.isEmpty
  }

  // MARK: Claims

  /// A chain claimed by a worker: where it resumes.
  public struct Claim: Sendable, Equatable {
    public var job: String
    public var chain: Int
    /// The checkpoint to resume from (its records are stored).
    public var step: Int
    /// The plan at `step` (`nil` at step 0).
    public var assignment: [Int32]?
    /// How many times the chain has been claimed (1 = a first claim; more = taken over or continued).
    public var claims: Int
  }

  /// Claims the least advanced free chain of the oldest running job for `worker`, or returns `nil`.
  public func claim(worker: String) async throws(ClusterError) -> Claim? {
    let rows = try await database { [self] in
      try await client.query(
        """
        UPDATE ensemble_chains AS t
        SET worker = \(worker), lease_until = now() + make_interval(secs => j.lease_seconds),
            claims = t.claims + 1
        FROM ensemble_jobs j
        WHERE j.id = t.job_id AND (t.job_id, t.chain) = (
            SELECT c.job_id, c.chain FROM ensemble_chains c JOIN ensemble_jobs k ON k.id = c.job_id
            WHERE k.state = 'running' AND c.done = 0 AND (c.lease_until IS NULL OR c.lease_until < now())
            ORDER BY k.created_at, k.id, c.step, c.chain
            LIMIT 1 FOR UPDATE OF c SKIP LOCKED)
        RETURNING t.job_id, t.chain, t.checkpoint_step, t.assignment, t.claims
        """, logger: logger
      ).decode((String, Int, Int, String?, Int).self).all()
    }
    guard let r = rows.first else { return nil }
    var assignment: [Int32]? = nil
    if let text = r.3 {
      do { assignment = try JSONDecoder().decode([Int32].self, from: Data(text.utf8)) } catch {
        throw .database("job '\(r.0)', chain \(r.1): the checkpoint's plan cannot be read")
      }
    }
    return Claim(job: r.0, chain: r.1, step: r.2, assignment: assignment, claims: r.4)
  }

  /// What became of a block handed to ``store(_:claim:worker:computeSeconds:)``.
  public enum Stored: Sendable, Equatable {
    /// Stored; the lease is renewed.
    case stored
    /// The chain is no longer this worker's (its lease expired and another took it, or the job was
    /// cancelled): nothing was stored.
    case lost
  }

  /// Stores one block in one transaction: the records by `COPY`, the checkpoint, a renewed lease.
  ///
  /// Safe to repeat after a failure whose outcome is unknown (the connection dropped at commit): a block
  /// already stored by this worker answers ``Stored/stored`` again.
  /// - Parameters:
  ///   - block: the block, from the claim's checkpoint on.
  ///   - claim: the claim the block was run under.
  ///   - worker: the worker's name (the lease's holder).
  ///   - computeSeconds: how long the block took to run (for the rates of ``status(_:)``).
  ///   - finishesChain: whether the block ends at the chain's last step.
  public func store(
    _ block: ChainBlock, claim: Claim, worker: String, computeSeconds: Double, finishesChain: Bool
  ) async throws(ClusterError) -> Stored {
    let job = claim.job
    let done = finishesChain
    let assignment =
      block.endsAtCheckpoint
      ? String(decoding: try Self.json(block.assignment), as: UTF8.self) : nil
    var copy = ByteBuffer()
    copy.reserveCapacity(block.records.count * 200)
    let prefix = Self.copyEscaped(job) + "\t\(block.chain)\t"
    for (i, record) in block.records.enumerated() {
      copy.writeString(prefix)
      copy.writeString(String(block.firstStep + i))
      copy.writeString("\t")
      copy.writeString(Self.copyEscaped(record))
      copy.writeString("\n")
    }
    let data = copy
    let plans = block.plans.map { ByteBuffer(bytes: $0) }
    let logger = self.logger
    return try await database { [self] in
      do {
        return try await client.withTransaction(logger: logger) { c -> Stored in
          let moved = try await c.query(
            """
            UPDATE ensemble_chains AS t
            SET step = \(block.lastStep),
                checkpoint_step = CASE WHEN \(assignment) IS NULL THEN t.checkpoint_step ELSE \(block.lastStep) END,
                assignment = COALESCE(\(assignment), t.assignment),
                done = \(done ? 1 : 0),
                lease_until = now() + make_interval(secs => j.lease_seconds)
            FROM ensemble_jobs j
            WHERE j.id = t.job_id AND j.state = 'running' AND t.job_id = \(job)
              AND t.chain = \(block.chain) AND t.worker = \(worker) AND t.step = \(block.firstStep - 1)
            RETURNING t.chain
            """, logger: logger
          ).collect()
          guard !moved.isEmpty else { throw Abandon() }
          try await c.copyFrom(
            table: "ensemble_steps", columns: ["job_id", "chain", "step", "record"], logger: logger
          ) { writer in try await writer.write(data) }
          try await c.query(
            """
            INSERT INTO ensemble_blocks (job_id, chain, first_step, last_step, worker, compute_seconds, plans)
            VALUES (\(job), \(block.chain), \(block.firstStep), \(block.lastStep), \(worker), \(computeSeconds), \(plans))
            """, logger: logger)
          return .stored
        }
      } catch let error as PostgresTransactionError where error.closureError is Abandon {
        // Nothing was stored. Either an earlier attempt stored this very block (its commit's answer was
        // lost), or the chain is not ours any more.
        let rows = try await client.query(
          """
          SELECT 1 FROM ensemble_chains WHERE job_id = \(job) AND chain = \(block.chain)
          AND worker = \(worker) AND step = \(block.lastStep)
          """, logger: logger
        ).collect()
        return rows.isEmpty ? .lost : .stored
      }
    }
  }

  /// Extends the lease of a claimed chain; `false` when it is no longer this worker's.
  public func renew(_ claim: Claim, worker: String) async throws(ClusterError) -> Bool {
    let rows = try await database { [self] in
      try await client.query(
        """
        UPDATE ensemble_chains AS t SET lease_until = now() + make_interval(secs => j.lease_seconds)
        FROM ensemble_jobs j
        WHERE j.id = t.job_id AND j.state = 'running' AND t.job_id = \(claim.job)
          AND t.chain = \(claim.chain) AND t.worker = \(worker)
        RETURNING t.chain
        """, logger: logger
      ).collect()
    }
    return !rows.isEmpty
  }

  /// Lets a chain go (at the end of a segment), so that any worker may claim it next.
  public func release(_ claim: Claim, worker: String) async throws(ClusterError) {
    _ = try await database { [self] in
      try await client.query(
        """
        UPDATE ensemble_chains SET worker = NULL, lease_until = NULL
        WHERE job_id = \(claim.job) AND chain = \(claim.chain) AND worker = \(worker)
        """, logger: logger
      ).collect()
    }
  }

  // MARK: Reading

  /// Writes the job as a local run leaves its directory: `settings.json`, each chain's records,
  /// checkpoint and plan store, and `summary.json`. (The pictures are the face's, as after a local run.)
  /// - Throws: ``ClusterError/unfinished(job:chains:)`` while chains remain,
  ///   ``ClusterError/ensemble(_:)`` when the directory cannot be written.
  public func collect(_ id: String, into directory: EnsembleDirectory) async throws(ClusterError)
    -> EnsembleSettings
  {
    let job = try await job(id)
    let chains = try await database { [self] in
      try await client.query(
        """
        SELECT chain, checkpoint_step, assignment, done FROM ensemble_chains
        WHERE job_id = \(id) ORDER BY chain
        """, logger: logger
      ).decode((Int, Int, String?, Int).self).all()
    }
    let unfinished = chains.filter { $0.3 == 0 }.count
    if unfinished > 0 && job.settings.steps > 0 {
      throw .unfinished(job: id, chains: unfinished)
    }
    do { try directory.prepare(for: job.settings, resume: false) } catch { throw .ensemble(error) }
    var header: [UInt8]? = nil  // the plan store's, from the graph (read once)
    for (chain, step, assignment, _) in chains {
      let records = try await database { [self] in
        try await client.query(
          "SELECT record FROM ensemble_steps WHERE job_id = \(id) AND chain = \(chain) ORDER BY step",
          logger: logger
        ).decode(String.self).all()
      }
      var checkpoint: EnsembleDirectory.Checkpoint? = nil
      if let assignment, step > 0 {
        do {
          checkpoint = EnsembleDirectory.Checkpoint.of(
            chain: chain, step: step,
            assignment: try JSONDecoder().decode([Int32].self, from: Data(assignment.utf8)))
        } catch { throw .database("job '\(id)', chain \(chain): the checkpoint cannot be read") }
      }
      var plans: [UInt8]? = nil
      if job.settings.keepsPlans {
        let blocks = try await database { [self] in
          try await client.query(
            """
            SELECT plans FROM ensemble_blocks WHERE job_id = \(id) AND chain = \(chain)
            ORDER BY first_step
            """, logger: logger
          ).decode(ByteBuffer?.self).all()
        }
        if header == nil { header = try job.ensembleRun().planStoreHeader }
        var bytes = header ?? []
        for b in blocks { if let b { bytes += Array(buffer: b) } }
        plans = bytes
      }
      do throws(EnsembleError) {
        try directory.writeChain(chain, records: records, checkpoint: checkpoint, plans: plans)
      } catch { throw .ensemble(error) }
    }
    do { try directory.write(try directory.summary()) } catch { throw .ensemble(error) }
    return job.settings
  }

  /// The progress of a job.
  public func status(_ id: String) async throws(ClusterError) -> EnsembleJobStatus {
    let job = try await job(id)
    let state = try await database { [self] in
      try await client.query("SELECT state FROM ensemble_jobs WHERE id = \(id)", logger: logger)
        .decode(String.self).all()
    }
    let chains = try await database { [self] in
      try await client.query(
        """
        SELECT chain, step, done, worker, CAST(EXTRACT(EPOCH FROM (lease_until - now())) AS DOUBLE PRECISION), claims
        FROM ensemble_chains WHERE job_id = \(id) ORDER BY chain
        """, logger: logger
      ).decode((Int, Int, Int, String?, Double?, Int).self).all()
    }
    // Rates over the last minute of stored blocks: per chain, steps per second of computing; for the job,
    // steps stored per second of wall time.
    let recent = try await database { [self] in
      try await client.query(
        """
        SELECT chain, CAST(SUM(last_step - first_step + 1) AS BIGINT), CAST(SUM(compute_seconds) AS DOUBLE PRECISION),
               CAST(EXTRACT(EPOCH FROM (now() - MIN(committed_at))) + MIN(compute_seconds) AS DOUBLE PRECISION)
        FROM ensemble_blocks WHERE job_id = \(id) AND committed_at > now() - interval '60 seconds'
        GROUP BY chain
        """, logger: logger
      ).decode((Int, Int, Double, Double).self).all()
    }
    var perChain: [Int: Double] = [:]
    var recentSteps = 0
    var window = 0.0
    for (chain, steps, compute, span) in recent {
      perChain[chain] = compute > 0 ? Double(steps) / compute : nil
      recentSteps += steps
      window = max(window, min(60, span))
    }
    let rate = window > 0 ? Double(recentSteps) / window : nil
    let total = job.settings.steps * job.settings.chains
    let done = chains.reduce(0) { $0 + $1.1 }
    let finished = chains.allSatisfy { $0.2 != 0 } || job.settings.steps == 0
    let steps = job.settings.steps
    var rows: [EnsembleJobStatus.Chain] = []
    for c in chains {
      let leased = (c.4 ?? -1) > 0
      rows.append(
        EnsembleJobStatus.Chain(
          chain: c.0, step: c.1, steps: steps, done: c.2 != 0, worker: leased ? c.3 : nil,
          leaseSecondsLeft: leased ? c.4 : nil, claims: c.5, stepsPerSecond: perChain[c.0]))
    }
    let stateName = state.first == "cancelled" ? "cancelled" : finished ? "done" : "running"
    var eta: Double? = nil
    if let rate, rate > 0, !finished { eta = Double(total - done) / rate }
    return EnsembleJobStatus(
      job: id, state: stateName, chains: rows, stepsDone: done, steps: total,
      stepsPerSecond: rate, etaSeconds: eta)
  }

  // MARK: Helpers

  /// Thrown inside a block's transaction to roll it back when the chain is not the worker's any more.
  struct Abandon: Error {}

  static func json<T: Encodable>(_ value: T) throws(ClusterError) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do { return try encoder.encode(value) } catch { throw .database("cannot encode (\(error))") }
  }

  /// Text for PostgreSQL's `COPY … FORMAT text`: backslash, tab, line feed and carriage return escaped.
  static func copyEscaped(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
      return s
    }
    var out = ""
    for ch in s.unicodeScalars {
      switch ch {
      case "\\": out += "\\\\"
      case "\t": out += "\\t"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.unicodeScalars.append(ch)
      }
    }
    return out
  }

  /// The longest one operation may take. The pool waits for a connection without limit while the server
  /// is away; past this the operation fails as ``ClusterError/database(_:)``, which a worker retries.
  static let operationTimeout = Duration.seconds(10)

  /// Runs a database operation within ``operationTimeout``, turning failures into ``ClusterError`` (ours
  /// pass through).
  func database<T: Sendable>(_ body: @Sendable @escaping () async throws -> T)
    async throws(ClusterError)
    -> T
  {
    do {
      return try await Self.withTimeout(Self.operationTimeout, body)
    } catch let error as ClusterError {
      throw error
    } catch let error as PostgresTransactionError {
      if let own = error.closureError as? ClusterError { throw own }
      let underlying = error.closureError ?? error.beginError ?? error.commitError ?? error
      throw .database("PostgreSQL: \(Self.message(underlying))")
    } catch {
      throw .database("PostgreSQL: \(Self.message(error))")
    }
  }

  /// `body`'s result, or ``ClusterError/database(_:)`` after `limit`. Not a task group: a group waits for
  /// its children, and a statement waiting in the pool for a connection does not end on cancellation. The
  /// abandoned statement may still run later; every statement here is safe to repeat.
  static func withTimeout<T: Sendable>(
    _ limit: Duration, _ body: @Sendable @escaping () async throws -> T
  ) async throws -> T {
    let first = FirstAnswer()
    return try await withCheckedThrowingContinuation { continuation in
      let work = Task {
        do {
          let value = try await body()
          if first.claim() { continuation.resume(returning: value) }
        } catch {
          if first.claim() { continuation.resume(throwing: error) }
        }
      }
      Task {
        try? await Task.sleep(for: limit)
        if first.claim() {
          work.cancel()
          continuation.resume(
            throwing: ClusterError.database("PostgreSQL did not answer within \(limit)"))
        }
      }
    }
  }

  static func message(_ error: any Error) -> String {
    if let psql = error as? PSQLError {
      if let fields = psql.serverInfo, let message = fields[.message] {
        return message + (fields[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
      }
      return "\(psql.code)"
    }
    return "\(error)"
  }
}

/// A job's progress, per chain and in all (`saylau ensemble status`).
public struct EnsembleJobStatus: Codable, Sendable, Equatable {
  public struct Chain: Codable, Sendable, Equatable {
    public var chain: Int
    /// Steps whose records are stored.
    public var step: Int
    public var steps: Int
    public var done: Bool
    /// The worker holding the chain, while its lease runs.
    public var worker: String?
    public var leaseSecondsLeft: Double?
    /// Claims so far (more than the segments run means a worker was lost and another took over).
    public var claims: Int
    /// Steps per second of computing, over the last minute.
    public var stepsPerSecond: Double?
  }
  public var job: String
  /// `running`, `done` or `cancelled`.
  public var state: String
  public var chains: [Chain]
  public var stepsDone: Int
  public var steps: Int
  /// Steps stored per second over the last minute, all workers together.
  public var stepsPerSecond: Double?
  /// At that rate, seconds until the last step.
  public var etaSeconds: Double?
}

extension AsyncSequence {
  /// Every element, in order.
  func all() async throws -> [Element] {
    var out: [Element] = []
    for try await element in self { out.append(element) }
    return out
  }
}

extension EnsembleJobStatus {
  /// The status as lines for a person: the job, then one line per chain.
  public var text: String {
    let rate = stepsPerSecond.map { String(format: "%.0f steps/s", $0) } ?? "no recent steps"
    let eta = etaSeconds.map { String(format: ", ETA %.0f s", $0) } ?? ""
    var lines = ["\(job): \(state), \(stepsDone)/\(steps) steps, \(rate)\(eta)"]
    for c in chains {
      let by = c.done ? "done" : c.worker.map { "running on \($0)" } ?? "waiting"
      let speed = c.stepsPerSecond.map { String(format: ", %.0f steps/s", $0) } ?? ""
      lines.append("  chain \(c.chain): \(c.step)/\(c.steps) \(by)\(speed)")
    }
    return lines.joined(separator: "\n")
  }
}

/// Which of two racers answers first.
final class FirstAnswer: @unchecked Sendable {
  private let lock = NSLock()
  private var taken = false
  func claim() -> Bool {
    lock.withLock {
      defer { taken = true }
      return !taken
    }
  }
}
