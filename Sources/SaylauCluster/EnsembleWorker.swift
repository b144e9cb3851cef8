import Dispatch
import Foundation
import Logging
import SaylauDistricting

/// A process that runs chain segments of the jobs in the coordinating database, on any machine.
///
/// It claims a chain (``EnsembleCoordinator/claim(worker:)``), runs it block by block from its last
/// checkpoint with the chain code of a local run (``EnsembleRun/runSegment(chain:from:assignment:to:block:)``),
/// stores each block as it is done, and lets the chain go after the job's segment length, so that the
/// chains of a job spread over the workers. A heartbeat renews the lease while a block runs. A database
/// that goes away (a restart, a network failure) is waited for: every statement is retried with a growing
/// pause for up to ``Options/retryFor``, and a block whose commit answer was lost is not stored twice.
public struct EnsembleWorker: Sendable {
  public struct Options: Sendable {
    /// The worker's name in leases (unique among the workers).
    public var name: String
    /// Stop when no job has a chain left to run (claimed or not), instead of waiting for new jobs.
    public var untilIdle: Bool
    /// Pause between looks for work when there is none.
    public var pollInterval: Duration
    /// How long the database may be unreachable before the worker gives up.
    public var retryFor: Duration

    public init(
      name: String, untilIdle: Bool = false, pollInterval: Duration = .milliseconds(500),
      retryFor: Duration = .seconds(120)
    ) {
      self.name = name
      self.untilIdle = untilIdle
      self.pollInterval = pollInterval
      self.retryFor = retryFor
    }
  }

  /// What a worker did, for its last log line and the benchmarks.
  public struct Report: Codable, Sendable, Equatable {
    public var worker: String
    public var segments = 0
    public var blocks = 0
    public var steps = 0
    /// Seconds spent running chain steps.
    public var computeSeconds = 0.0
    /// Seconds spent claiming, storing, renewing and releasing (the coordination overhead).
    public var coordinationSeconds = 0.0
    /// Claims that resumed a chain another worker had started (after a lease expired or a release).
    public var resumedClaims = 0
    /// Blocks run but not stored because the chain was no longer this worker's.
    public var lostBlocks = 0
    /// Database operations retried after a failure.
    public var retries = 0
  }

  public let coordinator: EnsembleCoordinator
  public let options: Options
  let logger: Logger

  public init(
    coordinator: EnsembleCoordinator, options: Options,
    logger: Logger = Logger(label: "saylau.worker")
  ) {
    self.coordinator = coordinator
    self.options = options
    self.logger = logger
  }

  /// Runs until cancelled, or with ``Options/untilIdle`` until there is no work left.
  /// - Throws: ``ClusterError`` when the database stays unreachable past ``Options/retryFor``, or a job
  ///   cannot be run (its graph or settings).
  public func run() async throws(ClusterError) -> Report {
    var report = Report(worker: options.name)
    var runs: [String: (EnsembleJob, EnsembleRun)] = [:]
    while !Task.isCancelled {
      let started = ContinuousClock.now
      let claim = try await retrying(&report) { () async throws(ClusterError) in
        try await coordinator.claim(worker: options.name)
      }
      report.coordinationSeconds += seconds(since: started)
      guard let claim else {
        let unfinished = try await retrying(&report) { () async throws(ClusterError) in
          try await coordinator.hasUnfinishedWork()
        }
        if options.untilIdle && !unfinished { break }
        try? await Task.sleep(for: options.pollInterval)
        continue
      }
      if runs[claim.job] == nil {
        let job = try await retrying(&report) { () async throws(ClusterError) in
          try await coordinator.job(claim.job)
        }
        runs[claim.job] = (job, try job.ensembleRun())
      }
      guard let (job, run) = runs[claim.job] else { continue }
      if claim.step > 0 { report.resumedClaims += 1 }
      logger.info(
        "claimed",
        metadata: [
          "job": "\(claim.job)", "chain": "\(claim.chain)", "step": "\(claim.step)",
          "claims": "\(claim.claims)",
        ])
      try await runSegment(claim, job: job, run: run, report: &report)
    }
    logger.info(
      "worker done",
      metadata: [
        "segments": "\(report.segments)", "steps": "\(report.steps)",
        "compute_seconds": "\(report.computeSeconds)",
        "coordination_seconds": "\(report.coordinationSeconds)",
      ])
    return report
  }

  /// Runs one claimed segment block by block, storing each; lets the chain go at the end.
  func runSegment(
    _ claim: EnsembleCoordinator.Claim, job: EnsembleJob, run: EnsembleRun, report: inout Report
  ) async throws(ClusterError) {
    let every = job.settings.checkpointEvery
    let end = min(claim.step + job.segmentSteps, job.settings.steps)
    let coordinator = self.coordinator
    let name = options.name
    // The heartbeat keeps the lease while a block runs (blocks may be slow on a big graph).
    let heartbeat = Task {
      let pause = Duration.seconds(Double(job.leaseSeconds) / 3)
      while !Task.isCancelled {
        try? await Task.sleep(for: pause)
        if Task.isCancelled { return }
        _ = try? await coordinator.renew(claim, worker: name)
      }
    }
    defer { heartbeat.cancel() }
    var step = claim.step
    var assignment = claim.assignment
    while step < end {
      let blockEnd = min(step + every, end)
      let started = ContinuousClock.now
      let blocks = try await Self.compute(
        run, chain: claim.chain, from: step, assignment: assignment, to: blockEnd)
      let compute = seconds(since: started)
      report.computeSeconds += compute
      for block in blocks {
        let storing = ContinuousClock.now
        let outcome = try await retrying(&report) { () async throws(ClusterError) in
          try await coordinator.store(
            block, claim: claim, worker: name, computeSeconds: compute / Double(blocks.count),
            finishesChain: block.lastStep == job.settings.steps)
        }
        report.coordinationSeconds += seconds(since: storing)
        guard outcome == .stored else {
          report.lostBlocks += 1
          logger.warning(
            "chain lost (lease taken over or job cancelled); dropping the block",
            metadata: [
              "job": "\(claim.job)", "chain": "\(claim.chain)", "step": "\(block.lastStep)",
            ])
          return
        }
        report.blocks += 1
        report.steps += block.records.count
        step = block.lastStep
        assignment = block.assignment
      }
      if blocks.isEmpty { break }
    }
    report.segments += 1
    let releasing = ContinuousClock.now
    try await retrying(&report) { () async throws(ClusterError) in
      try await coordinator.release(claim, worker: name)
    }
    report.coordinationSeconds += seconds(since: releasing)
  }

  /// Runs the steps on a thread of their own (not on the cooperative pool, which the heartbeat and the
  /// database client need).
  static func compute(
    _ run: EnsembleRun, chain: Int, from step: Int, assignment: [Int32]?, to end: Int
  ) async throws(ClusterError) -> [ChainBlock] {
    let result: Result<[ChainBlock], ClusterError> = await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        var blocks: [ChainBlock] = []
        do {
          try run.runSegment(chain: chain, from: step, assignment: assignment, to: end) {
            blocks.append($0)
          }
          continuation.resume(returning: .success(blocks))
        } catch let e as EnsembleError {
          continuation.resume(returning: .failure(.ensemble(e)))
        } catch {
          continuation.resume(returning: .failure(.invalidJob("\(error)")))
        }
      }
    }
    return try result.get()
  }

  /// Retries a database operation while the database is unreachable, up to ``Options/retryFor``.
  func retrying<T>(_ report: inout Report, _ body: () async throws(ClusterError) -> T)
    async throws(ClusterError) -> T
  {
    let deadline = ContinuousClock.now + options.retryFor
    var pause = Duration.milliseconds(100)
    while true {
      do {
        return try await body()
      } catch .database(let message) {
        guard ContinuousClock.now + pause < deadline, !Task.isCancelled else {
          throw .database(message)
        }
        report.retries += 1
        logger.warning("database unavailable; retrying", metadata: ["error": "\(message)"])
        try? await Task.sleep(for: pause)
        pause = min(pause * 2, .seconds(2))
      }
    }
  }

  func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }
}
