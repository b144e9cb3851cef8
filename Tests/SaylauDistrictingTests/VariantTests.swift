import Foundation
import SaylauCore
import Testing

@testable import SaylauDistricting

/// Region-aware and reversible ReCom keep the chain's invariants; the plan store gives back every plan;
/// the diagnostics see chains that disagree.
@Suite struct VariantTests {
  func grid(_ w: Int, _ h: Int) -> UnitGraph { rookGrid(width: w, height: h) }

  func invariants(_ chain: ReComChain, _ g: UnitGraph) {
    let k = chain.districtCount
    var pop = [Int](repeating: 0, count: k)
    for i in 0..<g.nodeCount { pop[Int(chain.assignment[i])] += 1 }
    #expect(pop == chain.districtPopulation)
    let cut = g.edges.filter { chain.assignment[Int($0.u)] != chain.assignment[Int($0.v)] }.count
    #expect(cut == chain.cutEdgeCount)
    // The pair counts equal a recount.
    var pairs = [Int32](repeating: 0, count: k * k)
    for e in g.edges {
      let a = Int(chain.assignment[Int(e.u)])
      let b = Int(chain.assignment[Int(e.v)])
      if a != b {
        pairs[a * k + b] += 1
        pairs[b * k + a] += 1
      }
    }
    #expect(pairs == chain.pairCut)
    for d in 0..<k {
      let members = (0..<g.nodeCount).filter { chain.assignment[$0] == Int32(d) }
      #expect(members.map { Int32($0) } == chain.districtMembers[d])
      #expect(g.componentCount(of: members) == 1)
    }
    #expect(chain.isBalanced)
  }

  @Test func everyVariantKeepsPlansValid() throws {
    let g = grid(12, 12)
    let w = [Int](repeating: 1, count: g.nodeCount)
    let tol = Tolerance("0.05")!
    let start = try recursiveTreePlan(
      graph: g, weights: w, seatsPerRegion: [6], tolerance: tol, seed: 4)
    let layers = [
      RegionLayer(column: "half", weight: 1), RegionLayer(column: "population", weight: 0.5),
    ]
    for proposal in [
      ProposalSettings(tree: .randomMST), .regionAware(layers), .frcwRegionAware(layers),
    ] {
      var chain = try ReComChain(
        graph: g, weights: w, assignment: start, districts: 6, tolerance: tol, proposal: proposal)
      var rng = SeededGenerator(seed: 8)
      var moved = 0
      for _ in 0..<150 {
        let before = chain.planFingerprint
        try chain.step(using: &rng)
        if chain.lastOutcome == .moved {
          moved += 1
        } else {
          #expect(chain.planFingerprint == before)
        }
      }
      invariants(chain, g)
      #expect(moved > 0, "\(proposal.name) never moved")
    }
  }

  @Test func reversibleReComMovesAndSaysWhyItStays() throws {
    let g = grid(8, 8)
    let w = [Int](repeating: 1, count: 64)
    let tol = Tolerance("0.1")!
    let start = try recursiveTreePlan(
      graph: g, weights: w, seatsPerRegion: [2], tolerance: tol, seed: 2)
    var chain = try ReComChain(
      graph: g, weights: w, assignment: start, districts: 2, tolerance: tol,
      proposal: .reversible(balanceBound: 20))
    var rng = SeededGenerator(seed: 5)
    var outcomes: [StepOutcome: Int] = [:]
    for _ in 0..<1500 {
      let before = chain.planFingerprint
      try chain.step(using: &rng)
      outcomes[chain.lastOutcome, default: 0] += 1
      if chain.lastOutcome != .moved { #expect(chain.planFingerprint == before) }
    }
    invariants(chain, g)
    #expect(outcomes[.moved, default: 0] > 0)
    #expect(outcomes[.nonAdjacentPair, default: 0] > 0)  // (0, 0) and (1, 1): half of the ordered pairs
    #expect(outcomes[.seamRejected, default: 0] > 0)
  }

  @Test func theFingerprintIgnoresLabels() throws {
    let g = grid(4, 4)
    let w = [Int](repeating: 1, count: 16)
    let plan = (0..<16).map { ($0 % 4) / 2 + 2 * ($0 / 8) }
    let relabelled = plan.map { 3 - $0 }
    let a = try ReComChain(
      graph: g, weights: w, assignment: plan, districts: 4, tolerance: Tolerance("0.5")!)
    let b = try ReComChain(
      graph: g, weights: w, assignment: relabelled, districts: 4, tolerance: Tolerance("0.5")!)
    #expect(a.planFingerprint == b.planFingerprint)
    var other = plan
    other.swapAt(1, 2)
    let c = try ReComChain(
      graph: g, weights: w, assignment: other, districts: 4, tolerance: Tolerance("0.9")!)
    #expect(c.planFingerprint != a.planFingerprint)
  }

  @Test func reversibleReComRefusesATreeAboveItsBound() throws {
    let g = grid(10, 10)
    let w = [Int](repeating: 1, count: 100)
    let tol = Tolerance("0.3")!
    let start = try recursiveTreePlan(
      graph: g, weights: w, seatsPerRegion: [2], tolerance: tol, seed: 1)
    var chain = try ReComChain(
      graph: g, weights: w, assignment: start, districts: 2, tolerance: tol,
      proposal: .reversible(balanceBound: 1))
    var rng = SeededGenerator(seed: 2)
    #expect(throws: ReComError.self) { for _ in 0..<200 { try chain.step(using: &rng) } }
    #expect(throws: ReComError.self) {
      try ReComChain(
        graph: g, weights: w, assignment: start, districts: 2, tolerance: tol,
        proposal: ProposalSettings(kind: .reversible, tree: .randomMST))
    }
    #expect(throws: ReComError.missingRegionLayer(column: "county")) {
      try ReComChain(
        graph: g, weights: w, assignment: start, districts: 2, tolerance: tol,
        proposal: .regionAware([RegionLayer(column: "county", weight: 1)]))
    }
  }

  @Test func regionLayersParse() {
    #expect(RegionLayer("COUNTYFP10=1") == RegionLayer(column: "COUNTYFP10", weight: 1))
    #expect(RegionLayer("muni:0.5") == RegionLayer(column: "muni", weight: 0.5))
    #expect(RegionLayer("county") == nil)
    #expect(RegionLayer("county=-1") == nil)
    #expect(RegionLayer("=1") == nil)
  }

  /// The plan store gives back, step by step, exactly the plans of the run, and resuming cuts it at the
  /// checkpoint so that a resumed run's store is the same bytes.
  @Test func thePlanStoreGivesBackEveryPlan() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-plans-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let g = grid(8, 8)
    let settings = EnsembleSettings(
      graph: "grid", districts: 4, steps: 50, seed: 3, epsilon: "0.1", chains: 2,
      weight: "population", checkpointEvery: 20, proposal: .reversible(balanceBound: 20))
    let run = try EnsembleRun(settings: settings, graph: g)
    let directory = EnsembleDirectory(url: dir.appendingPathComponent("whole"))
    try directory.prepare(for: settings, resume: false)
    try run.run(
      in: directory, resume: false, threads: 2, progress: EnsembleProgress(),
      resumed: EnsembleProgress())
    // The plans of chain 1, stepped again in memory.
    var chain = run.base
    var rng = ensembleGenerator(seed: 3, chain: 1, block: 0)
    var expected: [[Int32]] = []
    for step in 1...50 {
      try chain.step(using: &rng)
      expected.append(chain.assignment)
      if step % 20 == 0 { rng = ensembleGenerator(seed: 3, chain: 1, block: step / 20) }
    }
    let reader = try PlanStoreReader(url: directory.plansURL(chain: 1))
    var read: [[Int32]] = []
    var steps: [Int] = []
    try reader.forEachPlan { s, p in
      steps.append(s)
      read.append(p)
    }
    #expect(steps == Array(1...50))
    #expect(read == expected)
    #expect(try reader.blocks().map(\.plans) == [20, 20, 10])
    // An interrupted run resumed: the same plan store, byte for byte.
    let cut = EnsembleDirectory(url: dir.appendingPathComponent("cut"))
    var short = settings
    short.steps = 30
    try cut.prepare(for: short, resume: false)
    try EnsembleRun(settings: short, graph: g).run(
      in: cut, resume: false, threads: 1, progress: EnsembleProgress(), resumed: EnsembleProgress())
    try Data(JSONEncoder().encode(settings)).write(to: cut.settingsURL)
    try cut.prepare(for: settings, resume: true)
    try run.run(
      in: cut, resume: true, threads: 2, progress: EnsembleProgress(), resumed: EnsembleProgress())
    for c in 0..<2 {
      #expect(
        try Data(contentsOf: directory.plansURL(chain: c))
          == Data(contentsOf: cut.plansURL(chain: c)))
    }
    // Placing a plan among the stored plans reads every one of them.
    let quadrants = DistrictPlan(
      rows: g.names.map { name in
        let xy = name.split(separator: ",").map { Int($0)! }
        return (unit: name, district: String((xy[0] / 4) + 2 * (xy[1] / 4)))
      })
    let stored = try directory.placeAmongStoredPlans(quadrants, graph: g)
    #expect(stored.plans == 100)
    #expect(stored.placement.values[.cutEdges]?.count == 100)
    // A store that is not one is an error naming the file.
    try Data("not a store".utf8).write(to: directory.plansURL(chain: 0))
    #expect(throws: PlanStoreError.self) { try PlanStoreReader(url: directory.plansURL(chain: 0)) }
  }

  @Test func diagnosticsSeeChainsThatDisagree() {
    // Two chains around different levels: R-hat far above 1, a warning.
    var a: [StepRecord] = []
    var b: [StepRecord] = []
    var g = SeededGenerator(seed: 1)
    for s in 1...400 {
      a.append(
        StepRecord(
          chain: 0, step: s, cutEdges: 100 + g.next(below: 10), maxDeviation: 0.01,
          plan: String(s)))
      b.append(
        StepRecord(
          chain: 1, step: s, cutEdges: 140 + g.next(below: 10), maxDeviation: 0.01,
          selfLoop: s % 4 == 0 ? "seam" : nil, plan: String(s / 2)))
    }
    let d = EnsembleDiagnostics(chains: [a, b])
    let cut = d.statistics.first { $0.statistic == "cut_edges" }!
    #expect(cut.rHat! > 1.5)
    #expect(d.warnings.contains { $0.contains("cut edges: R-hat") })
    #expect(d.statistics.first { $0.statistic == "max_deviation" }?.rHat == nil)
    #expect(d.chains[1].rejections == ["seam": 100])
    #expect(abs(d.acceptanceRate - 0.875) < 1e-12)
    #expect(d.chains[1].distinctPlans == 201)
    #expect(abs((d.chains[1].selfLoopRate ?? 0) - 199.0 / 399) < 1e-12)
    // Chains that agree (independent draws around one level): R-hat near 1, ESS near the draws.
    var x: [StepRecord] = []
    var y: [StepRecord] = []
    for s in 1...2000 {
      x.append(StepRecord(chain: 0, step: s, cutEdges: g.next(below: 50), maxDeviation: 0))
      y.append(StepRecord(chain: 1, step: s, cutEdges: g.next(below: 50), maxDeviation: 0))
    }
    let e = EnsembleDiagnostics(chains: [x, y]).statistics.first { $0.statistic == "cut_edges" }!
    #expect(e.rHat! < 1.01)
    #expect(e.effectiveSampleSize! > 3000)
  }

  /// A named variant with the user's overrides: the settings the faces build, refused when they contradict.
  @Test func namedVariantsCheckTheirSettings() throws {
    let county = [RegionLayer(column: "county", weight: 1)]
    let ra = try ProposalSettings(variant: .regionAware, regionLayers: county)
    #expect(ra == .regionAware(county, pairSelection: .districtPairs))
    let frcw = try ProposalSettings(variant: .frcwRegionAware, regionLayers: county, tree: .uniform)
    #expect(frcw.tree == .uniform && frcw.cutChoice == .mostSurcharge)
    #expect(
      try ProposalSettings(variant: .reversible, balanceBound: 7) == .reversible(balanceBound: 7))
    #expect(throws: EnsembleError.self) { try ProposalSettings(variant: .regionAware) }
    #expect(throws: EnsembleError.self) {
      try ProposalSettings(variant: .reversible, regionLayers: county)
    }
    #expect(throws: EnsembleError.self) {
      try ProposalSettings(variant: .reversible, tree: .randomMST)
    }
    #expect(throws: EnsembleError.self) {
      try ProposalSettings(variant: .recom, cutChoice: .regionPreferred)
    }
  }
}
