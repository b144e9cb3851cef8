import Foundation
import SaylauCore

/// A ReCom ensemble ready to run: the settings, the graph, the starting chain and what each step records.
public struct EnsembleRun: Sendable {
  public let settings: EnsembleSettings
  public let graph: UnitGraph
  public let metrics: PlanMetrics
  /// The chain at step 0 (every chain starts from it).
  public let base: ReComChain

  /// Prepares a run: weights, the initial plan (a column, or a seeded recursive-tree plan), regions, and
  /// the chain.
  /// - Parameters:
  ///   - settings: the run's settings (validated here).
  ///   - graph: the graph the settings name.
  ///   - basicMetrics: record only cut edges and deviation (no compactness or splits; for benchmarks).
  /// - Throws: ``EnsembleError`` for a setting the graph cannot satisfy (a missing weight, an initial plan
  ///   with another number of districts, a plan that does not nest).
  public init(settings: EnsembleSettings, graph: UnitGraph, basicMetrics: Bool = false)
    throws(EnsembleError)
  {
    try settings.validate()
    let tolerance = try settings.tolerance()
    let weights: [Int]
    do { weights = try graph.integerWeights(settings.weight) } catch { throw .graph(error) }
    do {
      metrics =
        basicMetrics
        ? PlanMetrics() : try PlanMetrics(graph: graph, splitColumn: settings.splitColumn)
    } catch { throw .graph(error) }
    var regions: [Int]? = nil
    var regionLabels: [String] = []
    if let region = settings.region {
      let nesting = try Self.columnAssignment(region, graph)
      regions = nesting.districtOfNode
      regionLabels = nesting.labels
    }
    let start: Assignment
    if let initial = settings.initial {
      start = try Self.columnAssignment(initial, graph)
      guard start.districtCount == settings.districts else {
        throw .invalidSetting(
          field: "initial", value: initial,
          reason: "has \(start.districtCount) districts, not the \(settings.districts) asked for")
      }
    } else {
      var seats = [settings.districts]
      if let regionSeats = settings.regionSeats, regions != nil {
        seats = regionLabels.map { regionSeats[$0] ?? 0 }
        if let r = regionLabels.first(where: { regionSeats[$0] == nil }) {
          throw .invalidSetting(
            field: "regionSeats", value: r,
            reason: "a region of the graph without a number of districts")
        }
      }
      do {
        let plan = try recursiveTreePlan(
          graph: graph, weights: weights, seatsPerRegion: seats, regions: regions,
          tolerance: tolerance, seed: settings.seed)
        start = Assignment(districtOfNode: plan, labels: (0..<settings.districts).map(String.init))
      } catch {
        if case .noBalancedInitialPlan(let r, let tries) = error {
          let name =
            settings.regionSeats != nil && r < regionLabels.count ? regionLabels[r] : "the graph"
          throw .invalidSetting(
            field: "epsilon", value: settings.epsilon,
            reason:
              "no plan of \(name) with every district within the tolerance was found in \(tries) tries (whole units may not allow one)"
          )
        }
        throw .chain(error)
      }
    }
    do {
      base = try ReComChain(
        graph: graph, weights: weights, assignment: start, tolerance: tolerance, regions: regions,
        proposal: settings.proposal)
    } catch { throw .chain(error) }
    self.settings = settings
    self.graph = graph
  }

  static func columnAssignment(_ column: String, _ graph: UnitGraph) throws(EnsembleError)
    -> Assignment
  {
    let plan: DistrictPlan
    do { plan = try DistrictPlan(column: column, of: graph) } catch { throw .graph(error) }
    do { return try plan.assignment(on: graph) } catch { throw .plan(error) }
  }

  /// Runs (or resumes) every chain into `directory` on up to `threads` threads; the records are the same
  /// bytes whatever the thread count.
  /// - Parameters:
  ///   - directory: where to write (``EnsembleDirectory/prepare(for:resume:)`` must have been called).
  ///   - resume: continue each chain from its checkpoint.
  ///   - threads: worker threads (1 = serially).
  ///   - progress: counts steps done, including resumed ones.
  ///   - resumed: counts the resumed steps alone (so a rate can leave them out).
  /// - Throws: ``EnsembleError`` of the first chain that failed.
  public func run(
    in directory: EnsembleDirectory, resume: Bool, threads: Int, progress: EnsembleProgress,
    resumed: EnsembleProgress
  ) throws(EnsembleError) {
    let failure = FirstFailure()
    let run = self
    runParallel(count: settings.chains, threads: threads) { c in
      do throws(EnsembleError) {
        try run.runChain(c, in: directory, resume: resume, progress: progress, resumed: resumed)
      } catch {
        failure.record(error)
      }
    }
    if let error = failure.error { throw error }
  }

  /// Runs (or resumes) chain `c`, writing its records and checkpoints.
  func runChain(
    _ c: Int, in directory: EnsembleDirectory, resume: Bool, progress: EnsembleProgress,
    resumed: EnsembleProgress
  ) throws(EnsembleError) {
    var plan = base
    var startStep = 0
    var kept = ""
    let keepPlans = settings.keepsPlans
    let storageOrder = PlanStore.storageOrder(offsets: graph.offsets, neighbors: graph.neighbors)
    var keptPlans = Data(PlanStoreWriter.header(districts: base.districtCount, order: storageOrder))
    if resume, let point = try directory.resumePoint(chain: c) {
      let step = point.checkpoint.step
      guard point.checkpoint.chain == c, step >= 0, step % settings.checkpointEvery == 0 else {
        throw .file(
          path: directory.checkpointURL(chain: c).path,
          reason:
            "step \(step) of chain \(point.checkpoint.chain) is not a checkpoint of this chain")
      }
      do { try plan.restore(assignment: point.checkpoint.assignment) } catch { throw .chain(error) }
      startStep = point.checkpoint.step
      kept = point.keptRecords  // later records are redone identically
      // A directory made before plans were kept has no store: it holds the plans from here on.
      if keepPlans && FileManager.default.fileExists(atPath: directory.plansURL(chain: c).path) {
        keptPlans = try directory.keptPlans(chain: c, upTo: startStep)
      }
    }
    progress.add(startStep)
    resumed.add(startStep)
    let jsonl = directory.recordsURL(chain: c)
    let ckpt = directory.checkpointURL(chain: c)
    let handle: FileHandle
    do {
      try Data(kept.utf8).write(to: jsonl)
      handle = try FileHandle(forWritingTo: jsonl)
      try handle.seekToEnd()
    } catch {
      throw .file(path: jsonl.path, reason: "cannot write (\(error.localizedDescription))")
    }
    defer { try? handle.close() }
    let plansURL = directory.plansURL(chain: c)
    var plansHandle: FileHandle? = nil
    if keepPlans {
      do {
        try keptPlans.write(to: plansURL)
        plansHandle = try FileHandle(forWritingTo: plansURL)
        try plansHandle?.seekToEnd()
      } catch {
        throw .file(path: plansURL.path, reason: "cannot write (\(error.localizedDescription))")
      }
    }
    defer { try? plansHandle?.close() }
    var store = PlanStoreWriter(districts: base.districtCount, order: storageOrder)
    store.startBlock(firstStep: startStep + 1, plan: plan.assignment)
    var buffer = ""
    buffer.reserveCapacity(1 << 16)
    let checkpointEncoder = JSONEncoder()
    checkpointEncoder.outputFormatting = [.sortedKeys]  // the same bytes on every run
    let every = settings.checkpointEvery
    do {
      try SaylauDistricting.runChain(
        chain: c, plan: &plan, graph: graph, metrics: metrics, seed: settings.seed, from: startStep,
        to: settings.steps, checkpointEvery: every, progress: progress,
        record: { r in
          buffer += r.jsonLine
          buffer += "\n"
        },
        checkpoint: { step, p in
          try handle.write(contentsOf: Data(buffer.utf8))
          buffer.removeAll(keepingCapacity: true)
          if let plansHandle {
            try plansHandle.write(contentsOf: Data(store.finishBlock()))
            store.startBlock(firstStep: step + 1, plan: p.assignment)
          }
          let data = try checkpointEncoder.encode(
            EnsembleDirectory.Checkpoint(chain: c, step: step, assignment: p.assignment))
          let tmp = ckpt.appendingPathExtension("tmp")
          try data.write(to: tmp)
          if FileManager.default.fileExists(atPath: ckpt.path) {
            try FileManager.default.removeItem(at: ckpt)
          }
          try FileManager.default.moveItem(at: tmp, to: ckpt)
        },
        observe: { p in if keepPlans { store.add(p) } })
      try handle.write(contentsOf: Data(buffer.utf8))
      if let plansHandle, !store.blockIsEmpty {
        try plansHandle.write(contentsOf: Data(store.finishBlock()))
      }
    } catch let e as ReComError {
      throw .chain(e)
    } catch {
      throw .file(path: jsonl.path, reason: "\(error)")
    }
  }
}

/// The first error of parallel chains.
final class FirstFailure: @unchecked Sendable {
  private let lock = NSLockLite()
  private var first: EnsembleError?
  func record(_ e: EnsembleError) { lock.withLock { if first == nil { first = e } } }
  var error: EnsembleError? { lock.withLock { first } }
}
