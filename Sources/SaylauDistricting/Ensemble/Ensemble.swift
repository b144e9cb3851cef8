import Dispatch
import SaylauCore

/// Per-plan summary statistics recorded for every step of an ensemble.
public struct PlanRecord: Sendable, Hashable, Codable {
  public var chain: Int
  public var step: Int
  public var cutEdges: Int
  public var maxDeviation: Double
  /// Mean and minimum Polsby–Popper over districts, where the graph carries areas and perimeters.
  public var polsbyPopperMean: Double?
  public var polsbyPopperMin: Double?
  /// Number of split units of the split column (e.g. counties), if one was named.
  public var splits: Int?
  /// Spanning trees drawn in this step (1 if the first tree had a balanced edge).
  public var trees: Int = 0

  /// The record as one compact JSON line (fixed key order, shortest round-trip doubles).
  public var jsonLine: String {
    var s =
      "{\"chain\":\(chain),\"step\":\(step),\"cut_edges\":\(cutEdges),\"max_deviation\":\(maxDeviation)"
    if let v = polsbyPopperMean { s += ",\"polsby_popper_mean\":\(v)" }
    if let v = polsbyPopperMin { s += ",\"polsby_popper_min\":\(v)" }
    if let v = splits { s += ",\"splits\":\(v)" }
    return s + ",\"trees\":\(trees)}"
  }
}

/// What a plan's statistics are computed from, beyond the chain itself.
public struct PlanMetrics: Sendable {
  /// Node areas and boundary perimeters (outer border) and per-edge shared perimeters, in any one
  /// consistent unit; Polsby–Popper is 4πA/P² with P = outer border + cut shared borders.
  public var area: [Double]?
  public var boundaryPerimeter: [Double]?
  public var sharedPerimeter: [Double]?
  /// A grouping of nodes (e.g. counties) whose splits are counted.
  public var splitGroup: [Int32]?
  public var splitGroupCount: Int = 0

  public init() {}

  /// GerryChain's conventions: node `areas` (or `area`), `boundary_perim` (absent = 0) and edge `shared_perim`.
  public init(graph: UnitGraph, splitColumn: String?) throws {
    let areaKey = ["areas", "area", "ALAND10"].first { k in
      graph.nodeAttributes.allSatisfy { $0[k]?.number != nil }
    }
    if let areaKey, graph.edgeAttributes.allSatisfy({ $0["shared_perim"]?.number != nil }) {
      area = graph.nodeAttributes.map { $0[areaKey]!.number! }
      boundaryPerimeter = graph.nodeAttributes.map { $0["boundary_perim"]?.number ?? 0 }
      sharedPerimeter = graph.edgeAttributes.map { $0["shared_perim"]!.number! }
    }
    if let splitColumn {
      let col = graph.textColumn(splitColumn)
      if let missing = col.firstIndex(where: { $0 == nil }) {
        throw GraphError("unit \(graph.names[missing]) has no '\(splitColumn)' for the split count")
      }
      var codes: [String: Int32] = [:]
      splitGroup = col.map { v in
        if let c = codes[v!] { return c }
        let c = Int32(codes.count)
        codes[v!] = c
        return c
      }
      splitGroupCount = codes.count
    }
  }

  /// Computes the record of a plan.
  public func record(chain: Int, step: Int, graph: UnitGraph, plan: ReComChain) -> PlanRecord {
    var r = PlanRecord(
      chain: chain, step: step, cutEdges: plan.cutEdgeCount, maxDeviation: plan.maxDeviation)
    r.trees = plan.lastAttempts
    let k = plan.districtCount
    let asg = plan.assignment
    if let area, let boundaryPerimeter, let sharedPerimeter {
      var a = [Double](repeating: 0, count: k)
      var p = [Double](repeating: 0, count: k)
      for i in 0..<asg.count {
        a[Int(asg[i])] += area[i]
        p[Int(asg[i])] += boundaryPerimeter[i]
      }
      for (e, edge) in graph.edges.enumerated() {
        let du = Int(asg[Int(edge.u)])
        let dv = Int(asg[Int(edge.v)])
        if du != dv {
          p[du] += sharedPerimeter[e]
          p[dv] += sharedPerimeter[e]
        }
      }
      var sum = 0.0
      var mn = Double.infinity
      for d in 0..<k {
        let pp = p[d] > 0 ? 4 * Double.pi * a[d] / (p[d] * p[d]) : 0
        sum += pp
        mn = min(mn, pp)
      }
      r.polsbyPopperMean = sum / Double(k)
      r.polsbyPopperMin = mn
    }
    if let splitGroup {
      // A group is split if its units fall in more than one district.
      var first = [Int32](repeating: -1, count: splitGroupCount)
      var split = [Bool](repeating: false, count: splitGroupCount)
      for i in 0..<asg.count {
        let g = Int(splitGroup[i])
        if first[g] == -1 { first[g] = asg[i] } else if first[g] != asg[i] { split[g] = true }
      }
      r.splits = split.filter { $0 }.count
    }
    return r
  }
}

/// A thread-safe counter of steps done, for the progress bar.
public final class EnsembleProgress: @unchecked Sendable {
  private let lock = NSLockLite()
  private var done = 0
  public init() {}
  public func add(_ n: Int) { lock.withLock { done += n } }
  public var value: Int { lock.withLock { done } }
  /// Returns the current count and increments it (a job ticket).
  func takeNext() -> Int {
    lock.withLock {
      done += 1
      return done - 1
    }
  }
}

/// A minimal mutex on top of Dispatch (Foundation-free so the module stays pure).
final class NSLockLite: @unchecked Sendable {
  private let semaphore = DispatchSemaphore(value: 1)
  func withLock<T>(_ body: () throws -> T) rethrows -> T {
    semaphore.wait()
    defer { semaphore.signal() }
    return try body()
  }
}

/// The random stream of `chain` for steps in checkpoint block `block`: re-seeding at every block makes a
/// chain resumable from any checkpoint without storing generator state, and identical on every machine.
public func ensembleGenerator(seed: UInt64, chain: Int, block: Int) -> SeededGenerator {
  SeededGenerator(seed: seed, stream: UInt64(chain) << 32 | UInt64(block))
}

/// Runs `steps` ReCom steps of one chain from `startStep`, calling `record` after every step and
/// `checkpoint` after every `checkpointEvery` steps (at block boundaries).
public func runChain(
  chain index: Int, plan: inout ReComChain, graph: UnitGraph, metrics: PlanMetrics, seed: UInt64,
  from startStep: Int, to endStep: Int, checkpointEvery: Int, progress: EnsembleProgress?,
  record: (PlanRecord) throws -> Void, checkpoint: (Int, ReComChain) throws -> Void
) throws {
  precondition(startStep % checkpointEvery == 0, "chains resume only at checkpoint boundaries")
  var step = startStep
  var rng = ensembleGenerator(seed: seed, chain: index, block: step / checkpointEvery)
  while step < endStep {
    try plan.step(using: &rng)
    step += 1
    try record(metrics.record(chain: index, step: step, graph: graph, plan: plan))
    progress?.add(1)
    if step % checkpointEvery == 0 {
      try checkpoint(step, plan)
      rng = ensembleGenerator(seed: seed, chain: index, block: step / checkpointEvery)
    }
  }
}

/// Runs `count` independent jobs on up to `threads` threads (1 = serially, in order). Each job must be
/// deterministic on its own; results do not depend on the thread count.
public func runParallel(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
  if threads <= 1 || count <= 1 {
    for i in 0..<count { body(i) }
    return
  }
  let jobs = EnsembleProgress()  // a shared counter of jobs handed out
  let workers = min(threads, count)
  DispatchQueue.concurrentPerform(iterations: workers) { _ in
    while true {
      let job = jobs.takeNext()
      if job >= count { return }
      body(job)
    }
  }
}
