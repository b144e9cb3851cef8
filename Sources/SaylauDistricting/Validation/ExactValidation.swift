import SaylauCore

/// A rook grid of `width × height` units of population 1 (node `y·width + x`, named `x,y`), with, for
/// region-aware checks, an attribute `half` (`west`/`east`, the two halves of the grid).
public func rookGrid(width: Int, height: Int) -> UnitGraph {
  var edges: [(Int, Int)] = []
  for y in 0..<height {
    for x in 0..<width {
      let i = y * width + x
      if x + 1 < width { edges.append((i, i + 1)) }
      if y + 1 < height { edges.append((i, i + width)) }
    }
  }
  let names = (0..<(width * height)).map { "\($0 % width),\($0 / width)" }
  let attributes: [[String: GraphValue]] = (0..<(width * height)).map {
    ["population": .int(1), "half": .string(($0 % width) * 2 < width ? "west" : "east")]
  }
  return UnitGraph(names: names, nodeAttributes: attributes, edges: edges)
}

/// How a long run of the chain compares with the exact stationary distribution of its proposal.
public struct ExactValidationReport: Sendable, Codable {
  public var graph: String
  public var districts: Int
  public var epsilon: String
  public var variant: String
  /// Balanced plans of the graph.
  public var plans: Int
  public var steps: Int
  /// Total variation distance between the run's plans and the exact stationary distribution.
  public var totalVariation: Double
  /// The same distance for runs of the exact chain itself (same start, same length): its mean and
  /// standard deviation over the replicates are the distance that sampling alone gives.
  public var referenceMean: Double
  public var referenceSD: Double
  public var replicates: Int
  /// The same three for the distribution of the number of cut edges.
  public var cutEdgesTotalVariation: Double
  public var cutEdgesReferenceMean: Double
  public var cutEdgesReferenceSD: Double
  /// Share of steps that left the plan unchanged, in the run and exactly.
  public var selfLoopRate: Double
  public var exactSelfLoopRate: Double
  /// Distance of the exact stationary distribution from the spanning-tree measure (0 for reversible
  /// ReCom, where the two are the same by theory; this checks the exact computation too) and from the
  /// uniform distribution on plans.
  public var distanceFromSpanningTreeMeasure: Double
  public var distanceFromUniform: Double
  /// Whether the run's distances are within 4 standard deviations of the reference mean (plans and cut
  /// edges).
  public var passed: Bool
}

/// Runs the real chain on a small grid and compares it with the exact stationary distribution.
/// - Parameters:
///   - width, height, districts, epsilon: the grid and the plans (population 1 per unit).
///   - proposal: the variant; its region layers must be columns of ``rookGrid(width:height:)`` (`half`).
///   - steps: steps of the run (and of each reference run).
///   - seed: the run's seed (reference runs use other streams of it).
///   - replicates: reference runs of the exact chain.
/// - Throws: ``ReComError`` when the chain cannot start.
public func validateAgainstExactDistribution(
  width: Int, height: Int, districts: Int, epsilon: String, proposal: ProposalSettings,
  steps: Int, seed: UInt64, replicates: Int = 8
) throws(ReComError) -> ExactValidationReport {
  let graph = rookGrid(width: width, height: height)
  let weights = [Int](repeating: 1, count: graph.nodeCount)
  guard let tolerance = Tolerance(epsilon) else {
    throw .invalidProposal("epsilon '\(epsilon)' is not a decimal in [0, 1)")
  }
  var codes: [[Int32]] = []
  for layer in proposal.regionLayers {
    let column = graph.textColumn(layer.column)
    guard column.contains(where: { $0 != nil }) else {
      throw .missingRegionLayer(column: layer.column)
    }
    var index: [String: Int32] = [:]
    codes.append(
      column.map { v in
        guard let v else { return -1 }
        if let c = index[v] { return c }
        index[v] = Int32(index.count)
        return Int32(index.count - 1)
      })
  }
  let exact = ExactDistribution(
    graph: graph, weights: weights, districts: districts, tolerance: tolerance, layerCodes: codes)
  let transitions = exact.transitions(proposal)
  let pi = transitions.stationary()
  let start = try recursiveTreePlan(
    graph: graph, weights: weights, seatsPerRegion: [districts], tolerance: tolerance, seed: seed)
  var chain = try ReComChain(
    graph: graph, weights: weights, assignment: start, districts: districts, tolerance: tolerance,
    proposal: proposal)
  guard let startIndex = exact.planIndex(chain.assignment) else {
    throw .invalidProposal("the starting plan is not balanced")
  }
  var rng = SeededGenerator(seed: seed, stream: 1)
  var counts = [Int](repeating: 0, count: exact.plans.count)
  var previous = startIndex
  var loops = 0
  for _ in 0..<steps {
    try chain.step(using: &rng)
    guard let i = exact.planIndex(chain.assignment) else {
      throw .invalidProposal("the chain left the balanced plans")
    }
    if i == previous { loops += 1 }
    previous = i
    counts[i] += 1
  }
  // Cut-edge distributions.
  let cuts = exact.plans.indices.map { exact.cutEdges($0) }
  let maxCut = (cuts.max() ?? 0) + 1
  func cutCounts(_ c: [Int]) -> [Int] {
    var out = [Int](repeating: 0, count: maxCut)
    for (i, n) in c.enumerated() { out[cuts[i]] += n }
    return out
  }
  var piCut = [Double](repeating: 0, count: maxCut)
  for (i, p) in pi.enumerated() { piCut[cuts[i]] += p }
  let tv = totalVariation(counts: counts, pi)
  let tvCut = totalVariation(counts: cutCounts(counts), piCut)
  var reference: [Double] = []
  var referenceCut: [Double] = []
  for r in 0..<replicates {
    var g = SeededGenerator(seed: seed, stream: 1000 + UInt64(r))
    let c = transitions.simulate(from: startIndex, steps: steps, using: &g)
    reference.append(totalVariation(counts: c, pi))
    referenceCut.append(totalVariation(counts: cutCounts(c), piCut))
  }
  func meanSD(_ v: [Double]) -> (Double, Double) {
    let m = v.reduce(0, +) / Double(max(1, v.count))
    let s =
      v.count > 1
      ? (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - 1)).squareRoot() : 0
    return (m, s)
  }
  let (rm, rs) = meanSD(reference)
  let (cm, cs) = meanSD(referenceCut)
  let treeWeights = exact.spanningTreeWeights.map(Double.init)
  let treeTotal = treeWeights.reduce(0, +)
  let uniform = [Double](repeating: 1 / Double(exact.plans.count), count: exact.plans.count)
  var exactLoop = 0.0
  for (i, p) in pi.enumerated() { exactLoop += p * transitions.selfLoop[i] }
  return ExactValidationReport(
    graph: "grid \(width)x\(height)", districts: districts, epsilon: epsilon,
    variant: proposal.name, plans: exact.plans.count, steps: steps, totalVariation: tv,
    referenceMean: rm, referenceSD: rs, replicates: replicates, cutEdgesTotalVariation: tvCut,
    cutEdgesReferenceMean: cm, cutEdgesReferenceSD: cs,
    selfLoopRate: Double(loops) / Double(max(1, steps)), exactSelfLoopRate: exactLoop,
    distanceFromSpanningTreeMeasure: totalVariation(pi, treeWeights.map { $0 / treeTotal }),
    distanceFromUniform: totalVariation(pi, uniform),
    passed: tv <= rm + 4 * max(rs, 1e-12) && tvCut <= cm + 4 * max(cs, 1e-12))
}
