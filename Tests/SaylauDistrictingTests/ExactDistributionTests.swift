import SaylauCore
import Testing

@testable import SaylauDistricting

/// Every variant of the chain against the exact stationary distribution of its own transition rule, on
/// grids small enough to enumerate every balanced plan. The longer runs of the same checks are
/// `bash Benchmarks/districting/validate.sh` (results in BENCHMARKS.md).
@Suite struct ExactDistributionTests {
  static let layer = [RegionLayer(column: "half", weight: 1)]

  @Test func enumeratesEveryBalancedPlan() {
    // The partitions of the 4×4 grid into 4 connected parts of 4 (tetromino tilings) and of the 5×5 grid
    // into 5 parts of 5 (pentomino tilings): 117 and 4,006.
    let four = ExactDistribution(
      graph: rookGrid(width: 4, height: 4), weights: [Int](repeating: 1, count: 16), districts: 4,
      tolerance: Tolerance("0")!)
    #expect(four.plans.count == 117)
    let five = ExactDistribution(
      graph: rookGrid(width: 5, height: 5), weights: [Int](repeating: 1, count: 25), districts: 5,
      tolerance: Tolerance("0")!)
    #expect(five.plans.count == 4006)
    // Districts of 3 to 5 units.
    let loose = ExactDistribution(
      graph: rookGrid(width: 4, height: 4), weights: [Int](repeating: 1, count: 16), districts: 4,
      tolerance: Tolerance("0.25")!)
    #expect(loose.plans.count == 1953)
    // The matrix-tree theorem: 192 spanning trees of the 3×3 block, 4 of a square of 4, 1 of a path.
    #expect(four.spanningTreeCount(0b0000_0000_0011_0011) == 4)
    #expect(four.spanningTreeCount(0b1111) == 1)
  }

  /// Reversible ReCom is reversible for the spanning-tree measure, exactly: for every pair of plans,
  /// `π(P)·P(P→Q) = π(Q)·P(Q→P)` in integers, and the stationary vector of the matrix is that measure.
  @Test func reversibleReComSatisfiesDetailedBalanceExactly() {
    let exact = ExactDistribution(
      graph: rookGrid(width: 4, height: 4), weights: [Int](repeating: 1, count: 16), districts: 4,
      tolerance: Tolerance("0.25")!)
    let t = exact.transitions(.reversible(balanceBound: 12))
    let pi = exact.spanningTreeWeights
    var checked = 0
    var back: [Int: [Int: ExactFraction]] = [:]
    for (i, row) in t.moves.enumerated() {
      for m in row { back[i, default: [:]][m.to] = m.probability }
    }
    for (i, row) in t.moves.enumerated() {
      for m in row {
        guard let reverse = back[m.to]?[i] else {
          Issue.record("plan \(m.to) cannot go back to \(i)")
          continue
        }
        #expect(ExactFraction(pi[i], 1) * m.probability == ExactFraction(pi[m.to], 1) * reverse)
        checked += 1
      }
    }
    #expect(checked > 10_000)
    let stationary = t.stationary()
    let total = Double(pi.reduce(0, +))
    #expect(totalVariation(stationary, pi.map { Double($0) / total }) < 1e-9)
    // ReCom is not reversible: its stationary distribution is not the spanning-tree measure.
    let recom = exact.transitions(ProposalSettings()).stationary()
    #expect(totalVariation(recom, pi.map { Double($0) / total }) > 0.1)
  }

  func check(
    _ width: Int, _ height: Int, _ districts: Int, _ epsilon: String, _ proposal: ProposalSettings,
    steps: Int
  ) throws -> ExactValidationReport {
    let r = try validateAgainstExactDistribution(
      width: width, height: height, districts: districts, epsilon: epsilon, proposal: proposal,
      steps: steps, seed: 1, replicates: 8)
    #expect(
      r.passed,
      "\(r.variant) on \(r.graph): TV \(r.totalVariation) against \(r.referenceMean) ± \(r.referenceSD); cut edges \(r.cutEdgesTotalVariation) against \(r.cutEdgesReferenceMean) ± \(r.cutEdgesReferenceSD)"
    )
    // The self-loop rate agrees with the exact one within a few points.
    #expect(abs(r.selfLoopRate - r.exactSelfLoopRate) < 0.02)
    return r
  }

  @Test func everyVariantMatchesItsExactDistributionOn4x4() throws {
    let variants: [ProposalSettings] = [
      ProposalSettings(), ProposalSettings(pairSelection: .cutEdges),
      .reversible(balanceBound: 1), ProposalSettings(tree: .randomMST),
      .regionAware(Self.layer), .frcwRegionAware(Self.layer),
    ]
    for v in variants { _ = try check(4, 4, 4, "0", v, steps: 40_000) }
    // Several balanced edges per tree (districts of 3 to 5 units): the 1/b shares of the cut.
    _ = try check(4, 4, 4, "0.25", ProposalSettings(), steps: 100_000)
    _ = try check(4, 4, 4, "0.25", .frcwRegionAware(Self.layer), steps: 40_000)
  }

  @Test func uniformTreeVariantsMatchTheirExactDistributionOn5x5() throws {
    for v in [
      ProposalSettings(), ProposalSettings(pairSelection: .cutEdges), .reversible(balanceBound: 1),
    ] {
      _ = try check(5, 5, 5, "0", v, steps: 60_000)
    }
  }

  /// The test can fail: a run of ReCom compared with the exact distribution of another variant is far
  /// outside the sampling error.
  @Test func aWrongDistributionIsRejected() throws {
    let exact = ExactDistribution(
      graph: rookGrid(width: 4, height: 4), weights: [Int](repeating: 1, count: 16), districts: 4,
      tolerance: Tolerance("0")!)
    let recom = exact.transitions(ProposalSettings())
    let other = exact.transitions(ProposalSettings(tree: .randomMST)).stationary()
    var g = SeededGenerator(seed: 3)
    let counts = recom.simulate(from: 0, steps: 40_000, using: &g)
    let own = totalVariation(counts: counts, recom.stationary())
    let wrong = totalVariation(counts: counts, other)
    #expect(own < 0.05)
    #expect(wrong > own + 0.02)
  }
}
