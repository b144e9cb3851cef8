import Foundation
import SaylauCore
import SaylauData
import SaylauRegistry
import Testing

@testable import SaylauDistricting

/// An n×m rook grid with unit populations.
func gridGraph(_ w: Int, _ h: Int) -> UnitGraph {
  var edges: [(Int, Int)] = []
  for y in 0..<h {
    for x in 0..<w {
      let i = y * w + x
      if x + 1 < w { edges.append((i, i + 1)) }
      if y + 1 < h { edges.append((i, i + w)) }
    }
  }
  let names = (0..<(w * h)).map { "\($0 % w),\($0 / w)" }
  return UnitGraph(
    names: names, nodeAttributes: names.map { _ in ["population": .int(1)] }, edges: edges)
}

@Suite struct SpanningTreeTests {
  /// Wilson's sampler draws each of the 192 spanning trees of the 3×3 grid equally often.
  ///
  /// 192,000 draws (1,000 expected per tree), fixed seed. Pearson's χ² with 191 degrees of freedom has
  /// its 0.1 % upper critical value at about 257 (Wilson–Hilferty), so a uniform sampler fails this test
  /// with probability 0.001 for a random seed; with the fixed seed the outcome is reproducible.
  @Test func uniformOverAll192TreesOf3x3Grid() {
    let g = gridGraph(3, 3)
    #expect(g.edgeCount == 12)
    var sampler = SpanningTreeSampler(nodeCount: 9)
    var rng = SeededGenerator(seed: 20_261_122)
    let nodes = (0..<9).map { Int32($0) }
    var counts: [UInt16: Int] = [:]
    let draws = 192_000
    for _ in 0..<draws {
      sampler.draw(offsets: g.offsets, neighbors: g.neighbors, nodes: nodes, using: &rng)
      var key: UInt16 = 0
      for v in 0..<9 {
        let p = Int(sampler.parent[v])
        guard p >= 0 else { continue }
        let e = g.edges.firstIndex { ($0.u == Int32(min(v, p))) && ($0.v == Int32(max(v, p))) }!
        key |= 1 << UInt16(e)
      }
      counts[key, default: 0] += 1
    }
    #expect(counts.count == 192)  // every spanning tree appears, and nothing else
    #expect(counts.keys.allSatisfy { $0.nonzeroBitCount == 8 })
    let expected = Double(draws) / 192
    let chi2 = counts.values.reduce(0.0) {
      $0 + (Double($1) - expected) * (Double($1) - expected) / expected
    }
    #expect(chi2 < 257, "chi-square \(chi2) over 191 degrees of freedom")
    // Power check: a biased sampler (each tree drawn with weight 1 + [edge 0 in tree]) is rejected.
    var biased = counts
    for (k, v) in biased where k & 1 == 1 { biased[k] = v * 11 / 10 }
    let total = Double(biased.values.reduce(0, +))
    let e2 = total / 192
    let chiBiased = biased.values.reduce(0.0) { $0 + (Double($1) - e2) * (Double($1) - e2) / e2 }
    #expect(chiBiased > 257)
  }
}

extension SpanningTreeTests {
  /// Nodes of degree above 16 take the walk's other path (a uniform slot of the subgraph's adjacency,
  /// not the 16-entry table): two hubs of 17 leaves each, joined directly and through a third node. The
  /// spanning trees are the leaves' edges and two of the triangle's three edges; 30,000 draws give each
  /// of the three about a third (χ² over 2 degrees of freedom below 13.8, its 0.1 % critical value).
  @Test func uniformWhereTheWalkMeetsNodesOfHighDegree() {
    // 0 and 1 are the hubs, 2 the third node of the triangle, then 17 leaves on each hub.
    var edges: [(Int, Int)] = [(0, 1), (0, 2), (1, 2)]
    for l in 0..<17 {
      edges.append((0, 3 + l))
      edges.append((1, 20 + l))
    }
    let names = (0..<37).map { "n\($0)" }
    let g = UnitGraph(
      names: names, nodeAttributes: names.map { _ in ["population": .int(1)] }, edges: edges)
    let triangle = [(0, 1), (0, 2), (1, 2)].map { t in
      g.edges.firstIndex { $0.u == Int32(t.0) && $0.v == Int32(t.1) }!
    }
    var sampler = SpanningTreeSampler(nodeCount: 37)
    var rng = SeededGenerator(seed: 20_261_201)
    let nodes = (0..<37).map { Int32($0) }
    var counts: [Int: Int] = [:]
    let draws = 30_000
    for _ in 0..<draws {
      sampler.draw(offsets: g.offsets, neighbors: g.neighbors, nodes: nodes, using: &rng)
      var treeEdges = Set<Int>()
      for v in 0..<37 {
        let p = Int(sampler.parent[v])
        guard p >= 0 else { continue }
        let e = g.edges.firstIndex { ($0.u == Int32(min(v, p))) && ($0.v == Int32(max(v, p))) }
        #expect(e != nil, "a tree edge \(v)-\(p) that is not an edge of the graph")
        if let e { treeEdges.insert(e) }
      }
      #expect(treeEdges.count == 36)
      // Which triangle edge is missing.
      let missing = triangle.filter { !treeEdges.contains($0) }
      #expect(missing.count == 1)
      counts[missing.first ?? -1, default: 0] += 1
    }
    #expect(Set(counts.keys) == Set(triangle))
    let expected = Double(draws) / 3
    let chi2 = counts.values.reduce(0.0) {
      $0 + (Double($1) - expected) * (Double($1) - expected) / expected
    }
    #expect(chi2 < 13.8, "chi-square \(chi2) over 2 degrees of freedom")
  }

  /// The walk over table entries that hold rows (`16·v`, merged areas up to 4,096 units) draws, for the
  /// same random numbers, the tree the walk over entries that hold indices draws: the same parents, the
  /// same order, the same numbers used. A 12×12 grid with a hub of degree 20 (the wide path), its whole
  /// and its lower half, and a 70×70 grid (4,900 units: indices even by default).
  @Test func theWalkOverRowsDrawsTheTreesOfTheWalkOverIndices() {
    var edges: [(Int, Int)] = []
    for y in 0..<12 {
      for x in 0..<12 {
        let i = y * 12 + x
        if x + 1 < 12 { edges.append((i, i + 1)) }
        if y + 1 < 12 { edges.append((i, i + 12)) }
      }
    }
    for j in 0..<20 { edges.append((144, j * 7)) }
    let names = (0..<145).map { "n\($0)" }
    let hub = UnitGraph(
      names: names, nodeAttributes: names.map { _ in ["population": .int(1)] }, edges: edges)
    let big = gridGraph(70, 70)
    let cases: [(UnitGraph, [Int32])] = [
      (hub, (0..<145).map { Int32($0) }), (hub, (0..<72).map { Int32($0) } + [144]),
      (big, (0..<4900).map { Int32($0) }),
    ]
    for (g, nodes) in cases {
      var rows = SpanningTreeSampler(nodeCount: g.nodeCount)
      var indices = SpanningTreeSampler(nodeCount: g.nodeCount)
      indices.tableRowsLimit = 0
      rows.prepare(offsets: g.offsets, neighbors: g.neighbors, nodes: nodes)
      indices.prepare(offsets: g.offsets, neighbors: g.neighbors, nodes: nodes)
      #expect(rows.tableRows == (nodes.count <= 4096))
      #expect(!indices.tableRows)
      var r1 = SeededGenerator(seed: 11)
      var r2 = SeededGenerator(seed: 11)
      for _ in 0..<(nodes.count > 1000 ? 2 : 30) {
        rows.sample(using: &r1)
        indices.sample(using: &r2)
        #expect(Array(rows.order) == Array(indices.order))
        #expect(rows.parent.prefix(nodes.count) == indices.parent.prefix(nodes.count))
        #expect(r1.next() == r2.next())
      }
    }
  }
}

@Suite struct ReComTests {
  func checkInvariants(_ chain: ReComChain, _ g: UnitGraph, _ weights: [Int]) {
    let k = chain.districtCount
    var pop = [Int](repeating: 0, count: k)
    for i in 0..<g.nodeCount { pop[Int(chain.assignment[i])] += weights[i] }
    #expect(pop == chain.districtPopulation)
    let cut = g.edges.filter { chain.assignment[Int($0.u)] != chain.assignment[Int($0.v)] }.count
    #expect(cut == chain.cutEdgeCount)
    for d in 0..<k {
      let members = (0..<g.nodeCount).filter { chain.assignment[$0] == Int32(d) }
      #expect(g.componentCount(of: members) == 1, "district \(d) is not contiguous")
    }
    #expect(chain.isBalanced)
  }

  @Test func chainKeepsPlansContiguousBalancedAndCountsExact() throws {
    let g = gridGraph(12, 12)
    let w = try g.integerWeights("population")
    let tol = Tolerance("0.05")!
    let start = try recursiveTreePlan(
      graph: g, weights: w, seatsPerRegion: [6], tolerance: tol, seed: 7)
    var chain = try ReComChain(
      graph: g, weights: w, assignment: start, districts: 6, tolerance: tol)
    checkInvariants(chain, g, w)
    var rng = SeededGenerator(seed: 3)
    for _ in 0..<200 { try chain.step(using: &rng) }
    checkInvariants(chain, g, w)
    for sel in [PairSelection.cutEdges] {
      chain.pairSelection = sel
      for _ in 0..<100 { try chain.step(using: &rng) }
      checkInvariants(chain, g, w)
    }
  }

  @Test func toleranceBoundsAreExact() {
    // 900 units in 12 districts: ideal 75, ±5 % = 71.25…78.75 → 72…78.
    #expect(Tolerance("0.05")!.bounds(total: 900, districts: 12) == 72...78)
    // GerryChain's test is inclusive: |s − 100| ≤ 0.02·100 → 98…102.
    #expect(Tolerance("0.02")!.bounds(total: 1000, districts: 10) == 98...102)
    #expect(Tolerance("1.5") == nil)
    #expect(Tolerance("abc") == nil)
  }

  @Test func regionNestingIsAHardConstraint() throws {
    // Two 6×6 halves of a 12×6 grid are regions with 3 districts each.
    let g = gridGraph(12, 6)
    let w = try g.integerWeights("population")
    let regions = (0..<g.nodeCount).map { ($0 % 12) < 6 ? 0 : 1 }
    let tol = Tolerance("0.1")!
    let start = try recursiveTreePlan(
      graph: g, weights: w, seatsPerRegion: [3, 3], regions: regions, tolerance: tol, seed: 1)
    var chain = try ReComChain(
      graph: g, weights: w, assignment: start, districts: 6, tolerance: tol, regions: regions)
    var rng = SeededGenerator(seed: 9)
    for _ in 0..<150 {
      try chain.step(using: &rng)
      for i in 0..<g.nodeCount {
        #expect(chain.districtRegion[Int(chain.assignment[i])] == Int32(regions[i]))
      }
    }
    checkInvariants(chain, g, w)
    // A plan that crosses regions is refused.
    var crossing = start
    crossing[5] = start[6]
    #expect(throws: ReComError.self) {
      try ReComChain(
        graph: g, weights: w, assignment: crossing, districts: 6, tolerance: tol, regions: regions)
    }
  }

  /// Runs `chains` chains of `steps` and returns their records and final plans.
  func runEnsemble(threads: Int, chains: Int = 3, steps: Int = 60, seed: UInt64 = 42) throws
    -> [ChainOutcome]
  {
    let g = gridGraph(10, 10)
    let w = try g.integerWeights("population")
    let tol = Tolerance("0.1")!
    let start = try recursiveTreePlan(
      graph: g, weights: w, seatsPerRegion: [4], tolerance: tol, seed: seed)
    let base = try ReComChain(graph: g, weights: w, assignment: start, districts: 4, tolerance: tol)
    let results = ResultsBox(count: chains)
    runParallel(count: chains, threads: threads) { c in
      var plan = base
      var records: [StepRecord] = []
      try! runChain(
        chain: c, plan: &plan, graph: g, metrics: PlanMetrics(), seed: seed, from: 0, to: steps,
        checkpointEvery: 20, progress: nil, record: { records.append($0) }, checkpoint: { _, _ in })
      results.set(c, ChainOutcome(records: records, final: plan.assignment))
    }
    return results.all
  }

  @Test func sameSeedSamePlansAndThreadsMatchSerial() throws {
    let serial = try runEnsemble(threads: 1)
    let again = try runEnsemble(threads: 1)
    let parallel = try runEnsemble(threads: 3)
    #expect(serial == again)
    #expect(serial == parallel)
    #expect(serial[0] != serial[1])  // chains are independent streams
    let other = try runEnsemble(threads: 1, seed: 43)
    #expect(other != serial)
  }

  /// Resuming from a checkpoint gives exactly the records of an uninterrupted run.
  @Test func resumeFromCheckpointIsExact() throws {
    let g = gridGraph(8, 8)
    let w = try g.integerWeights("population")
    let tol = Tolerance("0.1")!
    let start = try recursiveTreePlan(
      graph: g, weights: w, seatsPerRegion: [4], tolerance: tol, seed: 5)
    let base = try ReComChain(graph: g, weights: w, assignment: start, districts: 4, tolerance: tol)
    var full = base
    var fullRecords: [StepRecord] = []
    var saved: [Int32] = []
    try runChain(
      chain: 0, plan: &full, graph: g, metrics: PlanMetrics(), seed: 11, from: 0, to: 50,
      checkpointEvery: 25,
      progress: nil, record: { fullRecords.append($0) },
      checkpoint: { s, p in if s == 25 { saved = p.assignment } })
    var resumed = base
    try resumed.restore(assignment: saved)
    var tail: [StepRecord] = []
    try runChain(
      chain: 0, plan: &resumed, graph: g, metrics: PlanMetrics(), seed: 11, from: 25, to: 50,
      checkpointEvery: 25,
      progress: nil, record: { tail.append($0) }, checkpoint: { _, _ in })
    #expect(Array(fullRecords[25...]) == tail)
    #expect(resumed.assignment == full.assignment)
  }
}

struct ChainOutcome: Equatable {
  var records: [StepRecord]
  var final: [Int32]
}

final class ResultsBox: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [ChainOutcome]
  init(count: Int) { items = Array(repeating: ChainOutcome(records: [], final: []), count: count) }
  func set(_ i: Int, _ r: ChainOutcome) { lock.withLock { items[i] = r } }
  var all: [ChainOutcome] { lock.withLock { items } }
}

/// The same seed gives the same plans from one version to the next: the plans after 500 seeded steps on a
/// 10×10 grid, written down from a run. They last changed with the table walk of Wilson's algorithm
/// (branch recom-speed, 1 Dec 2026: four random bits a step instead of a bounded 64-bit draw, the same
/// uniform trees from another stream); before that they had held since the first ReCom.
@Suite struct SameSeedSamePlansTests {
  @Test func seededRunsGiveThePlansTheyAlwaysGave() throws {
    let expected: [PairSelection: String] = [
      .districtPairs:
        "3333222222333332222233332222223333122222333311002233331100021111110002111111000011111100001110000000",
      .cutEdges:
        "3332222222333222222233332222203333222200333112220033111000003311100000331111100031111110003111111100",
    ]
    for (selection, digits) in expected {
      let settings = EnsembleSettings(
        graph: "grid", districts: 4, steps: 500, seed: 42, epsilon: "0.1", chains: 1,
        weight: "population", pairSelection: selection, checkpointEvery: 500)
      let g = gridGraph(10, 10)
      let run = try EnsembleRun(settings: settings, graph: g, basicMetrics: true)
      var plan = run.base
      try runChain(
        chain: 0, plan: &plan, graph: g, metrics: PlanMetrics(), seed: 42, from: 0, to: 500,
        checkpointEvery: 500, progress: nil, record: { _ in }, checkpoint: { _, _ in })
      #expect(plan.assignment.map(String.init).joined() == digits, "\(selection)")
    }
  }
}
