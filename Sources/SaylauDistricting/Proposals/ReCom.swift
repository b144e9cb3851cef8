import SaylauCore

/// Why a chain cannot be built or stepped (and why an initial plan cannot be drawn).
public enum ReComError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The weights or the plan have another length than the graph's nodes.
  case sizeMismatch(nodes: Int, weights: Int, plan: Int)
  case tooFewDistricts(Int)
  /// A node's district is outside `0..<districts`.
  case districtOutOfRange(unit: String, district: Int)
  /// A district with units in two regions (the plan must nest in regions).
  case crossesRegions(district: Int, unit: String)
  case emptyDistrict(Int)
  /// No pair of adjacent districts could be split within the tolerance.
  case noSplittablePair
  /// A checkpoint's plan has another length than the graph.
  case checkpointMismatch(nodes: Int, checkpoint: Int)
  /// A region with seats is not connected, so no tree plan can be drawn in it.
  case regionNotConnected(region: Int)
  case noBalancedInitialPlan(region: Int, tries: Int)
  /// A unit in no region that has seats.
  case unitWithoutRegion(String)
  /// A unit with a negative weight.
  case negativeWeight(unit: String)
  /// The weights add up to more than `limit` (``UnitGraph/maximumTotalWeight``).
  case totalWeightTooLarge(limit: Int)
  /// A region layer names a node attribute no node has.
  case missingRegionLayer(column: String)
  /// A proposal setting that cannot be used (`reason` says why).
  case invalidProposal(String)
  /// Reversible ReCom drew a tree with more balanced edges than its bound `M`: the chain would no longer
  /// be reversible, so it stops.
  case balanceBoundExceeded(balancedEdges: Int, bound: Int)

  public var description: String {
    switch self {
    case .sizeMismatch: return "weights or plan do not match the graph"
    case .tooFewDistricts: return "ReCom needs at least 2 districts"
    case .districtOutOfRange(let u, let d): return "unit \(u): district \(d) out of range"
    case .crossesRegions(let d, let u):
      return "district \(d) crosses regions (unit \(u)); the plan must nest in regions"
    case .emptyDistrict(let d): return "district \(d) has no units"
    case .noSplittablePair:
      return "no pair of adjacent districts could be split within the tolerance"
    case .checkpointMismatch: return "checkpoint does not match the graph"
    case .regionNotConnected(let r):
      return "region \(r) is not connected in the graph; a tree plan needs a connected region"
    case .noBalancedInitialPlan(let r, let tries):
      return "could not draw a balanced initial plan for region \(r) in \(tries) tries"
    case .unitWithoutRegion(let u): return "unit \(u) is in no region with seats"
    case .negativeWeight(let u): return "unit \(u): the weight cannot be negative"
    case .totalWeightTooLarge(let limit):
      return "the weights add up to more than \(limit), the largest total a chain takes"
    case .missingRegionLayer(let c): return "region layer '\(c)': no unit has this attribute"
    case .invalidProposal(let reason): return "proposal: \(reason)"
    case .balanceBoundExceeded(let b, let m):
      return
        "a spanning tree had \(b) balanced edges, more than the bound M = \(m) of reversible ReCom; run again with a larger bound"
    }
  }
}

/// What one step did.
public enum StepOutcome: String, Sendable, Codable, CaseIterable {
  /// The two districts were recombined (the plan may still be the same, when the cut gives back the
  /// same two districts).
  case moved
  /// Reversible ReCom drew a pair of districts that are not adjacent (or the same district twice).
  case nonAdjacentPair = "non-adjacent"
  /// Reversible ReCom's tree had no balanced edge, or the `b/M` draw kept none.
  case noBalancedCut = "no-balanced-cut"
  /// Reversible ReCom's seam draw refused the cut.
  case seamRejected = "seam"
}

/// One ReCom Markov chain over a graph with node weights, optionally nested in regions.
///
/// Each step merges two adjacent districts (of the same region, when nested), draws a spanning tree of
/// the merged area (uniform by Wilson's algorithm, or a random minimum spanning tree with region
/// surcharges), and cuts a balanced tree edge (both sides within the population tolerance); ReCom redraws
/// trees without such an edge, reversible ReCom stays put (a self-loop). All buffers are reused, the
/// districts' member lists and the cut-edge counts between district pairs are updated only around the
/// merged area.
public struct ReComChain: Sendable {
  public let districtCount: Int
  let offsets: [Int32]
  let neighbors: [Int32]
  let weights: [Int]
  /// District of each node.
  public private(set) var assignment: [Int32]
  /// Population of each district.
  public private(set) var districtPopulation: [Int]
  /// Region of each district (all 0 when not nested).
  public let districtRegion: [Int32]
  /// Allowed population range of a district in each region.
  public let regionBounds: [ClosedRange<Int>]
  /// Ideal population of a district in each region.
  public let regionIdeal: [Double]
  /// Cut edges between each ordered pair of districts (`a·k + b`, kept symmetric).
  var pairCut: [Int32]
  /// Number of cut edges of the plan.
  public private(set) var cutEdgeCount: Int
  /// The proposal (kind, pair selection, tree, cut choice, region layers).
  public var proposal: ProposalSettings
  /// How the pair of districts is chosen (a shorthand for `proposal.pairSelection`).
  public var pairSelection: PairSelection {
    get { proposal.pairSelection }
    set { proposal.pairSelection = newValue }
  }
  /// Trees drawn on one pair before another pair is tried.
  public var maxAttemptsPerPair = 10_000
  /// Trees drawn in the last step (1 when the first tree had a balanced edge).
  public private(set) var lastAttempts = 0
  /// What the last step did.
  public private(set) var lastOutcome = StepOutcome.moved
  /// Units in the last merged pair of districts (0 for a self-loop before a merge).
  public private(set) var lastMergedCount = 0
  /// Balanced edges of the last tree drawn.
  public private(set) var lastBalancedEdges = 0

  /// Each district's nodes, ascending.
  var districtMembers: [[Int32]]
  /// Whether each district is connected: the two districts of a cut always are (the two sides of a
  /// spanning tree), so the merged pair's connectivity is checked only for districts of the initial
  /// or restored plan that are not.
  var districtConnected: [Bool] = []
  /// Each layer's region code of every node (−1: none), and the layers' surcharges.
  let layerCodes: [[Int32]]
  let layerWeights: [Double]
  /// Random 64-bit keys of the nodes, and per district the sum of its nodes' keys: the plan's
  /// fingerprint is a symmetric function of the districts' sums, so it does not depend on labels.
  let nodeKey: [UInt64]
  var districtKey: [UInt64]

  var sampler: SpanningTreeSampler
  var members: [Int32] = []
  var localWeight: [Int] = []
  var subtree: [Int] = []
  var candidates: [Int32] = []
  var mark: [Bool] = []
  var pairs: [Int32] = []
  var pairWeights: [Int32] = []
  var mergedA = -1
  var mergedB = -1

  /// Creates a chain from an initial plan. `regions` (optional) gives each node's region; every district
  /// must then lie in one region, and the tolerance applies to each region's own ideal.
  /// - Throws: ``ReComError`` for a plan that does not fit the graph, does not nest, or a proposal that
  ///   cannot be used (a region layer no node has, reversible ReCom with other trees or cuts).
  public init(
    graph: UnitGraph, weights: [Int], assignment initial: [Int], districts: Int,
    tolerance: Tolerance,
    regions: [Int]? = nil, pairSelection: PairSelection = .districtPairs,
    proposal: ProposalSettings? = nil
  ) throws(ReComError) {
    let n = graph.nodeCount
    guard weights.count == n, initial.count == n else {
      throw .sizeMismatch(nodes: n, weights: weights.count, plan: initial.count)
    }
    guard districts >= 2 else { throw .tooFewDistricts(districts) }
    var settings = proposal ?? ProposalSettings(pairSelection: pairSelection)
    if proposal == nil { settings.pairSelection = pairSelection }
    if settings.kind == .reversible {
      guard settings.tree == .uniform, settings.cutChoice == .uniform else {
        throw .invalidProposal(
          "reversible ReCom needs uniform spanning trees and a uniformly chosen cut")
      }
      guard settings.balanceBound >= 1 else {
        throw .invalidProposal("the balance bound M must be at least 1")
      }
    }
    offsets = graph.offsets
    neighbors = graph.neighbors
    self.weights = weights
    districtCount = districts
    self.proposal = settings
    assignment = initial.map { Int32($0) }
    var pop = [Int](repeating: 0, count: districts)
    var region = [Int32](repeating: -1, count: districts)
    var lists = [[Int32]](repeating: [], count: districts)
    for i in 0..<n {
      let d = initial[i]
      guard d >= 0 && d < districts else {
        throw .districtOutOfRange(unit: graph.names[i], district: d)
      }
      guard weights[i] >= 0 else { throw .negativeWeight(unit: graph.names[i]) }
      let (sum, overflow) = pop[d].addingReportingOverflow(weights[i])
      guard !overflow, sum <= UnitGraph.maximumTotalWeight else {
        throw .totalWeightTooLarge(limit: UnitGraph.maximumTotalWeight)
      }
      pop[d] = sum
      lists[d].append(Int32(i))
      let r = Int32(regions?[i] ?? 0)
      if region[d] == -1 {
        region[d] = r
      } else if region[d] != r {
        throw .crossesRegions(district: d, unit: graph.names[i])
      }
    }
    if let empty = region.firstIndex(of: -1) { throw .emptyDistrict(empty) }
    var total = 0
    for p in pop {
      let (sum, overflow) = total.addingReportingOverflow(p)
      guard !overflow, sum <= UnitGraph.maximumTotalWeight else {
        throw .totalWeightTooLarge(limit: UnitGraph.maximumTotalWeight)
      }
      total = sum
    }
    districtPopulation = pop
    districtRegion = region
    districtMembers = lists
    let regionCount = Int(region.max()!) + 1
    var regionTotal = [Int](repeating: 0, count: regionCount)
    var regionSeats = [Int](repeating: 0, count: regionCount)
    for d in 0..<districts {
      regionTotal[Int(region[d])] += pop[d]
      regionSeats[Int(region[d])] += 1
    }
    regionBounds = (0..<regionCount).map {
      regionSeats[$0] == 0
        ? 0...0 : tolerance.bounds(total: regionTotal[$0], districts: regionSeats[$0])
    }
    regionIdeal = (0..<regionCount).map {
      regionSeats[$0] == 0 ? 0 : Double(regionTotal[$0]) / Double(regionSeats[$0])
    }
    pairCut = [Int32](repeating: 0, count: districts * districts)
    var cut = 0
    for e in graph.edges {
      let a = Int(assignment[Int(e.u)])
      let b = Int(assignment[Int(e.v)])
      if a != b {
        pairCut[a * districts + b] += 1
        pairCut[b * districts + a] += 1
        cut += 1
      }
    }
    cutEdgeCount = cut
    var codes: [[Int32]] = []
    for layer in settings.regionLayers {
      let column = graph.textColumn(layer.column)
      guard column.contains(where: { $0 != nil }) else {
        throw .missingRegionLayer(column: layer.column)
      }
      var index: [String: Int32] = [:]
      codes.append(
        column.map { v in
          guard let v, !v.isEmpty else { return -1 }
          if let c = index[v] { return c }
          let c = Int32(index.count)
          index[v] = c
          return c
        })
    }
    layerCodes = codes
    layerWeights = settings.regionLayers.map(\.weight)
    var keyGenerator = SeededGenerator(seed: 0x5A71_A0F1_6E40_0001)
    nodeKey = (0..<n).map { _ in keyGenerator.next() }
    districtKey = [UInt64](repeating: 0, count: districts)
    for i in 0..<n { districtKey[Int(assignment[i])] &+= nodeKey[i] }
    sampler = SpanningTreeSampler(nodeCount: n)
    findConnectedDistricts()
  }

  /// Sets ``districtConnected`` from the plan.
  mutating func findConnectedDistricts() {
    districtConnected = (0..<districtCount).map { d in
      sampler.prepare(offsets: offsets, neighbors: neighbors, nodes: districtMembers[d])
      return sampler.preparedIsConnected
    }
  }

  /// Creates a chain from a plan bound to the graph (``DistrictPlan/assignment(on:)``).
  /// - Throws: ``ReComError`` as ``init(graph:weights:assignment:districts:tolerance:regions:pairSelection:proposal:)``.
  public init(
    graph: UnitGraph, weights: [Int], assignment initial: Assignment, tolerance: Tolerance,
    regions: [Int]? = nil, pairSelection: PairSelection = .districtPairs,
    proposal: ProposalSettings? = nil
  ) throws(ReComError) {
    try self.init(
      graph: graph, weights: weights, assignment: initial.districtOfNode,
      districts: initial.districtCount, tolerance: tolerance, regions: regions,
      pairSelection: pairSelection, proposal: proposal)
  }

  /// Whether every district is within the tolerance of its region's ideal.
  public var isBalanced: Bool {
    (0..<districtCount).allSatisfy {
      regionBounds[Int(districtRegion[$0])].contains(districtPopulation[$0])
    }
  }

  /// The largest relative deviation of a district from its region's ideal.
  public var maxDeviation: Double {
    var m = 0.0
    for d in 0..<districtCount {
      let ideal = regionIdeal[Int(districtRegion[d])]
      m = max(m, abs(Double(districtPopulation[d]) - ideal) / ideal)
    }
    return m
  }

  /// A 64-bit fingerprint of the plan as a partition of the units (the same for any labelling of the
  /// districts): two plans with the same fingerprint are the same plan but for a chance of about 2⁻⁶⁴.
  public var planFingerprint: UInt64 {
    var h: UInt64 = 0
    for d in 0..<districtCount { h &+= Self.mix(districtKey[d]) }
    return h
  }

  @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Performs one step of the chain's proposal.
  /// - Throws: ``ReComError/noSplittablePair`` when no adjacent pair can be split (ReCom),
  ///   ``ReComError/balanceBoundExceeded(balancedEdges:bound:)`` (reversible ReCom).
  public mutating func step(using rng: inout SeededGenerator) throws(ReComError) {
    if proposal.kind == .reversible { return try reversibleStep(using: &rng) }
    let k = districtCount
    // Candidate pairs: adjacent, same region.
    pairs.removeAll(keepingCapacity: true)
    pairWeights.removeAll(keepingCapacity: true)
    for a in 0..<k {
      for b in (a + 1)..<k where pairCut[a * k + b] > 0 && districtRegion[a] == districtRegion[b] {
        pairs.append(Int32(a * k + b))
        pairWeights.append(pairCut[a * k + b])
      }
    }
    lastOutcome = .moved
    while !pairs.isEmpty {
      var pick: Int
      if proposal.pairSelection == .districtPairs {
        pick = rng.next(below: pairs.count)
      } else {
        var total = 0
        for w in pairWeights { total += Int(w) }
        var r = rng.next(below: total)
        pick = 0
        while r >= Int(pairWeights[pick]) {
          r -= Int(pairWeights[pick])
          pick += 1
        }
      }
      let a = Int(pairs[pick]) / k
      let b = Int(pairs[pick]) % k
      if recombine(a, b, using: &rng) { return }
      pairs.remove(at: pick)
      pairWeights.remove(at: pick)
    }
    throw .noSplittablePair
  }

  /// One step of reversible ReCom: an ordered pair `(a, b)` uniform among all `k²`; unless it is an
  /// adjacent pair in one region, a self-loop. One uniform tree of the merged area; with `B` balanced
  /// edges, one of them uniformly, kept with probability `B / (seam · M)` where `seam` is the number of
  /// edges between the two new districts. The proposal probability of a plan is then the same in both
  /// directions up to the spanning-tree counts, so the chain is reversible for the spanning-tree measure.
  mutating func reversibleStep(using rng: inout SeededGenerator) throws(ReComError) {
    let k = districtCount
    let a = rng.next(below: k)
    let b = rng.next(below: k)
    lastAttempts = 0
    lastBalancedEdges = 0
    lastMergedCount = 0
    guard a != b, pairCut[a * k + b] > 0, districtRegion[a] == districtRegion[b] else {
      lastOutcome = .nonAdjacentPair
      return
    }
    gatherMembers(a, b)
    lastMergedCount = members.count
    let bounds = regionBounds[Int(districtRegion[a])]
    let total = districtPopulation[a] + districtPopulation[b]
    sampler.prepare(
      offsets: offsets, neighbors: neighbors, nodes: members,
      knownConnected: districtConnected[a] && districtConnected[b])
    // Two districts whose union is in pieces (a district of the plan in pieces, an isolated unit) have no
    // spanning tree: a self-loop, as a pair without a balanced cut is.
    guard sampler.preparedIsConnected else {
      lastOutcome = .noBalancedCut
      return
    }
    sampler.sample(using: &rng)
    lastAttempts = 1
    balancedEdges(total: total, bounds: bounds)
    let count = candidates.count
    lastBalancedEdges = count
    guard count <= proposal.balanceBound else {
      throw .balanceBoundExceeded(balancedEdges: count, bound: proposal.balanceBound)
    }
    guard count > 0 else {
      lastOutcome = .noBalancedCut
      return
    }
    let chosen = Int(candidates[rng.next(below: count)])
    markSide(below: chosen)
    // The seam: edges between the two new districts.
    let seam = seamOfMark()
    // Keep with probability count / (seam · M), decided exactly in integers.
    guard rng.next(below: seam * proposal.balanceBound) < count else {
      lastOutcome = .seamRejected
      return
    }
    lastOutcome = .moved
    apply(a, b, chosen: chosen, total: total, seam: seam)
  }

  /// The nodes of districts `a` and `b`, ascending, in `members`.
  mutating func gatherMembers(_ a: Int, _ b: Int) {
    members.removeAll(keepingCapacity: true)
    let x = districtMembers[a]
    let y = districtMembers[b]
    var i = 0
    var j = 0
    let m = x.count + y.count
    if members.capacity < m { members.reserveCapacity(m) }
    // A merge without a branch on which list is next (that branch is a coin toss): each step takes the
    // smaller head; a list that has run out reads as larger than every node.
    x.withUnsafeBufferPointer { xa in
      y.withUnsafeBufferPointer { ya in
        members.append(contentsOf: repeatElement(0, count: m))
        members.withUnsafeMutableBufferPointer { out in
          let nx = xa.count
          let ny = ya.count
          for t in 0..<m {
            let hx = i < nx ? xa[i] : Int32.max
            let hy = j < ny ? ya[j] : Int32.max
            let takeX = hx < hy
            out[t] = takeX ? hx : hy
            i &+= takeX ? 1 : 0
            j &+= takeX ? 0 : 1
          }
        }
      }
    }
    if subtree.count < m {
      subtree = [Int](repeating: 0, count: m)
      mark = [Bool](repeating: false, count: m)
      localWeight = [Int](repeating: 0, count: m)
    }
    members.withUnsafeBufferPointer { mem in
      weights.withUnsafeBufferPointer { w in
        localWeight.withUnsafeMutableBufferPointer { lw in
          for l in 0..<m { lw[l] = w[Int(mem[l])] }
        }
      }
    }
  }

  /// Sums the subtrees of the sampler's tree and lists in `candidates` the nodes whose edge to their
  /// parent is balanced (both sides within `bounds`), from the last node of the order to the first.
  mutating func balancedEdges(total: Int, bounds: ClosedRange<Int>) {
    let m = members.count
    candidates.removeAll(keepingCapacity: true)
    var sums = subtree
    subtree = []
    let lo = bounds.lowerBound
    let hi = bounds.upperBound
    sampler.order.withUnsafeBufferPointer { order in
      sampler.parent.withUnsafeBufferPointer { parent in
        sums.withUnsafeMutableBufferPointer { sub in
          localWeight.withUnsafeBufferPointer { w in
            for l in 0..<m { sub[l] = w[l] }
            // Children come after their parents in `order`: sum subtrees from the end.
            var idx = m - 1
            while idx > 0 {
              let v = Int(order[idx])
              let s = sub[v]
              sub[Int(parent[v])] += s
              if s >= lo && s <= hi && total - s >= lo && total - s <= hi {
                candidates.append(Int32(v))
              }
              idx -= 1
            }
          }
        }
      }
    }
    subtree = sums
  }

  /// Merges districts `a` and `b` and splits them along a balanced edge of a spanning tree.
  /// Returns false if no balanced edge was found in `maxAttemptsPerPair` trees.
  mutating func recombine(_ a: Int, _ b: Int, using rng: inout SeededGenerator) -> Bool {
    gatherMembers(a, b)
    let m = members.count
    lastMergedCount = m
    let total = districtPopulation[a] + districtPopulation[b]
    let bounds = regionBounds[Int(districtRegion[a])]
    var chosen = -1
    var attempts = 0
    sampler.prepare(
      offsets: offsets, neighbors: neighbors, nodes: members,
      knownConnected: districtConnected[a] && districtConnected[b])
    // A union in pieces has no spanning tree (the walk would never reach it): not splittable.
    guard sampler.preparedIsConnected else {
      lastAttempts = 0
      lastBalancedEdges = 0
      return false
    }
    let mst = proposal.tree == .randomMST
    while attempts < maxAttemptsPerPair {
      attempts += 1
      if mst {
        let layers = layerCodes
        let weightsOfLayers = layerWeights
        let mem = members
        sampler.sampleRandomMST(using: &rng) { u, v in
          Self.surcharge(mem[u], mem[v], layers, weightsOfLayers)
        }
      } else {
        sampler.sample(using: &rng)
      }
      balancedEdges(total: total, bounds: bounds)
      if !candidates.isEmpty {
        chosen = chooseCut(using: &rng)
        break
      }
    }
    lastAttempts = attempts
    lastBalancedEdges = candidates.count
    guard chosen >= 0 else { return false }
    markSide(below: chosen)
    apply(a, b, chosen: chosen, total: total)
    return true
  }

  /// The surcharge of the edge between global nodes `x` and `y`: the weights of the layers whose regions
  /// differ (a node in no region of a layer differs from every node, as in GerryChain).
  static func surcharge(_ x: Int32, _ y: Int32, _ codes: [[Int32]], _ weights: [Double]) -> Double {
    var s = 0.0
    for l in 0..<codes.count {
      let cx = codes[l][Int(x)]
      if cx < 0 || cx != codes[l][Int(y)] { s += weights[l] }
    }
    return s
  }

  /// The layers (bit `l` for layer `l`) whose regions the tree edge above local node `v` crosses.
  func crossedLayers(_ v: Int) -> Int {
    let x = members[v]
    let y = members[Int(sampler.parent[v])]
    var mask = 0
    for l in 0..<layerCodes.count {
      let cx = layerCodes[l][Int(x)]
      if cx < 0 || cx != layerCodes[l][Int(y)] { mask |= 1 << l }
    }
    return mask
  }

  /// Picks one of the balanced edges in `candidates` by the proposal's cut choice.
  mutating func chooseCut(using rng: inout SeededGenerator) -> Int {
    switch proposal.cutChoice {
    case .uniform:
      return Int(candidates[rng.next(below: candidates.count)])
    case .mostSurcharge:
      var best = -Double.infinity
      var ties: [Int32] = []
      for c in candidates {
        let mask = crossedLayers(Int(c))
        var s = 0.0
        for l in 0..<layerWeights.count where mask & (1 << l) != 0 { s += layerWeights[l] }
        if s > best {
          best = s
          ties = [c]
        } else if s == best {
          ties.append(c)
        }
      }
      return Int(ties[rng.next(below: ties.count)])
    case .regionPreferred:
      let layers = layerWeights.count
      var pool = candidates
      if layers >= 1 && layers <= 3 {
        // The non-empty sets of layers by size, then total weight, largest first (a stable order, as
        // GerryChain sorts the combinations it lists by size and then lexicographically).
        var sets: [Int] = []
        for size in 1...layers {
          for mask in 1..<(1 << layers) where mask.nonzeroBitCount == size { sets.append(mask) }
        }
        func weight(_ mask: Int) -> Double {
          var s = 0.0
          for l in 0..<layers where mask & (1 << l) != 0 { s += layerWeights[l] }
          return s
        }
        let ordered = sets.enumerated().sorted { x, y in
          let kx = (x.element.nonzeroBitCount, weight(x.element))
          let ky = (y.element.nonzeroBitCount, weight(y.element))
          if kx != ky { return kx > ky }
          return x.offset < y.offset
        }.map(\.element)
        let masks = candidates.map { crossedLayers(Int($0)) }
        for set in ordered {
          let suitable = zip(candidates, masks).filter { $0.1 & set == set }.map(\.0)
          if !suitable.isEmpty {
            pool = suitable
            break
          }
        }
      }
      // The edge of largest tree weight; without weights (uniform trees), a uniform choice.
      guard proposal.tree == .randomMST else { return Int(pool[rng.next(below: pool.count)]) }
      var best = pool[0]
      for c in pool.dropFirst()
      where sampler.parentEdgeWeight[Int(c)] > sampler.parentEdgeWeight[Int(best)] {
        best = c
      }
      return Int(best)
    }
  }

  /// Marks (in `mark`) the local nodes of the subtree below `chosen`.
  mutating func markSide(below chosen: Int) {
    let m = members.count
    let order = sampler.order
    let parent = sampler.parent
    for idx in 0..<m {
      let v = Int(order[idx])
      let p = Int(parent[v])
      mark[v] = v == chosen || (p >= 0 && mark[p])
    }
  }

  /// The number of edges of the merged area between the marked side and the rest.
  func seamOfMark() -> Int {
    let m = members.count
    var seam = 0
    sampler.localOffsets.withUnsafeBufferPointer { off in
      sampler.localNeighbors.withUnsafeBufferPointer { adj in
        mark.withUnsafeBufferPointer { mk in
          // Each seam edge has exactly one marked end: count from the marked side only.
          for l in 0..<m where mk[l] {
            for s in Int(off[l])..<Int(off[l + 1]) where !mk[Int(adj[s])] { seam &+= 1 }
          }
        }
      }
    }
    return seam
  }

  /// Commits the cut: the marked side becomes `a`, the rest `b`. The cut-edge counts change only on the
  /// seam between `a` and `b` and on the outside edges of the units that change district.
  mutating func apply(_ a: Int, _ b: Int, chosen: Int, total: Int, seam known: Int? = nil) {
    let m = members.count
    let k = districtCount
    let a32 = Int32(a)
    let b32 = Int32(b)
    mergedA = a
    mergedB = b
    // Unless known, the seam comes out of the loop below: an edge inside the pair changes sides exactly
    // when one of its ends changes district (the sampler's local indices tell the pair's nodes).
    let oldSeam = Int(pairCut[a * k + b])
    var seam = known ?? oldSeam
    var keyToA: UInt64 = 0
    var countA = 0
    var pc = pairCut
    pairCut = []
    var asg = assignment
    assignment = []
    var seamChange = 0
    let counted = known == nil
    pc.withUnsafeMutableBufferPointer { cut in
      asg.withUnsafeMutableBufferPointer { asg in
        offsets.withUnsafeBufferPointer { off in
          neighbors.withUnsafeBufferPointer { nb in
            members.withUnsafeBufferPointer { mem in
              mark.withUnsafeBufferPointer { mk in
                sampler.localIndex.withUnsafeBufferPointer { idx in
                  nodeKey.withUnsafeBufferPointer { key in
                    for l in 0..<m {
                      let x = Int(mem[l])
                      let inA = mk[l]
                      let new = inA ? a32 : b32
                      countA &+= inA ? 1 : 0
                      let old = asg[x]
                      if old == new { continue }
                      // The districts' key sums change by the keys of the units that move.
                      keyToA &+= inA ? key[x] : 0 &- key[x]
                      let o = Int(old)
                      let w = Int(new)
                      for s in Int(off[x])..<Int(off[x + 1]) {
                        let y = Int(nb[s])
                        let c = asg[y]
                        if c == a32 || c == b32 {
                          // Inside the pair: the edge changes sides when its other end stays.
                          if counted && c == (mk[Int(idx[y])] ? a32 : b32) {
                            seamChange &+= c == old ? 1 : -1
                          }
                          continue
                        }
                        let ci = Int(c)
                        cut[o * k + ci] -= 1
                        cut[ci * k + o] -= 1
                        cut[w * k + ci] += 1
                        cut[ci * k + w] += 1
                      }
                    }
                    for l in 0..<m { asg[Int(mem[l])] = mk[l] ? a32 : b32 }
                  }
                }
              }
            }
          }
        }
      }
    }
    seam += seamChange
    pc[a * k + b] = Int32(seam)
    pc[b * k + a] = Int32(seam)
    pairCut = pc
    assignment = asg
    cutEdgeCount += seam - oldSeam
    let countB = m - countA
    // Both lists in one pass without a branch: each member is written to both, and kept in one.
    var listA = [Int32](repeating: 0, count: countA + 1)
    var listB = [Int32](repeating: 0, count: countB + 1)
    listA.withUnsafeMutableBufferPointer { la in
      listB.withUnsafeMutableBufferPointer { lb in
        members.withUnsafeBufferPointer { mem in
          mark.withUnsafeBufferPointer { mk in
            var i = 0
            var j = 0
            for l in 0..<m {
              let x = mem[l]
              let side = mk[l] ? 1 : 0
              la[i] = x
              lb[j] = x
              i &+= side
              j &+= 1 &- side
            }
          }
        }
      }
    }
    listA.removeLast()
    listB.removeLast()
    districtMembers[a] = listA
    districtMembers[b] = listB
    districtKey[a] &+= keyToA
    districtKey[b] &-= keyToA
    districtConnected[a] = true
    districtConnected[b] = true
    districtPopulation[a] = subtree[chosen]
    districtPopulation[b] = total - subtree[chosen]
  }
}

extension ReComChain {
  /// Replaces the plan (for resuming from a checkpoint); recomputes populations, members and cut counts.
  /// - Throws: ``ReComError/checkpointMismatch(nodes:checkpoint:)``,
  ///   ``ReComError/districtOutOfRange(unit:district:)``.
  public mutating func restore(assignment newAssignment: [Int32]) throws(ReComError) {
    guard newAssignment.count == assignment.count else {
      throw .checkpointMismatch(nodes: assignment.count, checkpoint: newAssignment.count)
    }
    if let bad = newAssignment.firstIndex(where: { $0 < 0 || Int($0) >= districtCount }) {
      throw .districtOutOfRange(unit: "node \(bad)", district: Int(newAssignment[bad]))
    }
    let k = districtCount
    assignment = newAssignment
    districtPopulation = [Int](repeating: 0, count: k)
    districtMembers = [[Int32]](repeating: [], count: k)
    districtKey = [UInt64](repeating: 0, count: k)
    for i in 0..<assignment.count {
      let d = Int(assignment[i])
      districtPopulation[d] += weights[i]
      districtMembers[d].append(Int32(i))
      districtKey[d] &+= nodeKey[i]
    }
    pairCut = [Int32](repeating: 0, count: k * k)
    var cut = 0
    for x in 0..<assignment.count {
      for s in Int(offsets[x])..<Int(offsets[x + 1]) where Int(neighbors[s]) > x {
        let a = Int(assignment[x])
        let b = Int(assignment[Int(neighbors[s])])
        if a != b {
          pairCut[a * k + b] += 1
          pairCut[b * k + a] += 1
          cut += 1
        }
      }
    }
    cutEdgeCount = cut
    findConnectedDistricts()
  }
}
