import SaylauCore

/// How ReCom picks the two districts to merge.
public enum PairSelection: String, Sendable, Codable, CaseIterable {
  /// Uniformly among adjacent district pairs (GerryChain 1.0's default).
  case districtPairs = "district-pairs"
  /// Uniformly among cut edges (a pair's chance is proportional to the edges it shares).
  case cutEdges = "cut-edges"
}

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
  /// A district of the plan is in `pieces` pieces (a spanning tree of a merged pair could not be drawn).
  case districtNotConnected(district: Int, pieces: Int)

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
    case .districtNotConnected(let d, let pieces):
      return
        "district \(d) of the plan is in \(pieces) pieces: ReCom needs every district connected in the graph"
    }
  }
}

/// One ReCom Markov chain over a graph with node weights, optionally nested in regions.
///
/// Each step merges two adjacent districts (of the same region, when nested), draws a uniform spanning
/// tree of the merged area by Wilson's algorithm, and cuts a uniformly chosen tree edge whose two sides
/// are both within the population tolerance; trees without such an edge are redrawn. All buffers are
/// reused, and the cut-edge counts between district pairs are updated only around the merged area.
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
  public var pairSelection: PairSelection
  /// Trees drawn on one pair before another pair is tried.
  public var maxAttemptsPerPair = 10_000
  /// Trees drawn in the last step (1 when the first tree had a balanced edge).
  public private(set) var lastAttempts = 0

  var sampler: SpanningTreeSampler
  var members: [Int32] = []
  var subtree: [Int] = []
  var candidates: [Int32] = []
  var mark: [Bool] = []
  var pairs: [Int32] = []
  var pairWeights: [Int32] = []
  var mergedA = -1
  var mergedB = -1

  /// Creates a chain from an initial plan. `regions` (optional) gives each node's region; every district
  /// must then lie in one region, and the tolerance applies to each region's own ideal.
  public init(
    graph: UnitGraph, weights: [Int], assignment initial: [Int], districts: Int,
    tolerance: Tolerance,
    regions: [Int]? = nil, pairSelection: PairSelection = .districtPairs
  ) throws(ReComError) {
    let n = graph.nodeCount
    guard weights.count == n, initial.count == n else {
      throw .sizeMismatch(nodes: n, weights: weights.count, plan: initial.count)
    }
    guard districts >= 2 else { throw .tooFewDistricts(districts) }
    offsets = graph.offsets
    neighbors = graph.neighbors
    self.weights = weights
    districtCount = districts
    self.pairSelection = pairSelection
    assignment = initial.map { Int32($0) }
    var pop = [Int](repeating: 0, count: districts)
    var region = [Int32](repeating: -1, count: districts)
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
    // A district in pieces would make the spanning tree of a merged pair impossible (a walk that never
    // reaches the tree): refused before the chain starts.
    try Self.requireConnected(graph: graph, assignment: initial, districts: districts)
    districtPopulation = pop
    districtRegion = region
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
    sampler = SpanningTreeSampler(nodeCount: n)
  }

  /// Creates a chain from a plan bound to the graph (``DistrictPlan/assignment(on:)``).
  public init(
    graph: UnitGraph, weights: [Int], assignment initial: Assignment, tolerance: Tolerance,
    regions: [Int]? = nil, pairSelection: PairSelection = .districtPairs
  ) throws(ReComError) {
    try self.init(
      graph: graph, weights: weights, assignment: initial.districtOfNode,
      districts: initial.districtCount, tolerance: tolerance, regions: regions,
      pairSelection: pairSelection)
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

  /// Performs one ReCom step.
  public mutating func step(using rng: inout SeededGenerator) throws(ReComError) {
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
    while !pairs.isEmpty {
      var pick: Int
      if pairSelection == .districtPairs {
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

  /// Merges districts `a` and `b` and splits them along a balanced edge of a uniform spanning tree.
  /// Returns false if no balanced edge was found in `maxAttemptsPerPair` trees.
  mutating func recombine(_ a: Int, _ b: Int, using rng: inout SeededGenerator) -> Bool {
    let n = assignment.count
    members.removeAll(keepingCapacity: true)
    let a32 = Int32(a)
    let b32 = Int32(b)
    assignment.withUnsafeBufferPointer { asg in
      for i in 0..<n where asg[i] == a32 || asg[i] == b32 { members.append(Int32(i)) }
    }
    let m = members.count
    let total = districtPopulation[a] + districtPopulation[b]
    let bounds = regionBounds[Int(districtRegion[a])]
    if subtree.count < m {
      subtree = [Int](repeating: 0, count: m)
      mark = [Bool](repeating: false, count: m)
    }
    var chosen = -1
    var attempts = 0
    sampler.prepare(offsets: offsets, neighbors: neighbors, nodes: members)
    while attempts < maxAttemptsPerPair {
      attempts += 1
      sampler.sample(using: &rng)
      candidates.removeAll(keepingCapacity: true)
      var sums = subtree
      subtree = []
      sampler.order.withUnsafeBufferPointer { order in
        sampler.parent.withUnsafeBufferPointer { parent in
          sums.withUnsafeMutableBufferPointer { sub in
            weights.withUnsafeBufferPointer { w in
              for l in 0..<m { sub[l] = w[Int(members[l])] }
              // Children come after their parents in `order`: sum subtrees from the end.
              var idx = m - 1
              while idx > 0 {
                let v = Int(order[idx])
                let s = sub[v]
                sub[Int(parent[v])] += s
                if bounds.contains(s) && bounds.contains(total - s) { candidates.append(Int32(v)) }
                idx -= 1
              }
            }
          }
        }
      }
      subtree = sums
      if !candidates.isEmpty {
        chosen = Int(candidates[rng.next(below: candidates.count)])
        break
      }
    }
    lastAttempts = attempts
    guard chosen >= 0 else { return false }
    // Side of the chosen edge: the subtree below `chosen` becomes `a`, the rest `b`.
    let order = sampler.order
    let parent = sampler.parent
    for idx in 0..<m {
      let v = Int(order[idx])
      let p = Int(parent[v])
      mark[v] = v == chosen || (p >= 0 && mark[p])
    }
    mergedA = a
    mergedB = b
    updateCuts(sign: -1)
    for l in 0..<m { assignment[Int(members[l])] = mark[l] ? a32 : b32 }
    updateCuts(sign: 1)
    districtPopulation[a] = subtree[chosen]
    districtPopulation[b] = total - subtree[chosen]
    return true
  }

  /// Adds (`sign` = 1) or removes (−1) the cut edges incident to the merged nodes in the pair counts.
  mutating func updateCuts(sign: Int32) {
    let k = districtCount
    let ma = mergedA
    let mb = mergedB
    var delta = 0
    var pairs = pairCut
    pairCut = []
    defer { pairCut = pairs }
    pairs.withUnsafeMutableBufferPointer { pc in
      assignment.withUnsafeBufferPointer { asg in
        offsets.withUnsafeBufferPointer { off in
          neighbors.withUnsafeBufferPointer { nb in
            for x in members {
              let dx = Int(asg[Int(x)])
              for s in Int(off[Int(x)])..<Int(off[Int(x) + 1]) {
                let y = nb[s]
                let dy = Int(asg[Int(y)])
                if dx == dy { continue }
                // An edge inside the merged area is seen from both ends: count it once.
                if y < x && (dy == ma || dy == mb) { continue }
                pc[dx * k + dy] += sign
                pc[dy * k + dx] += sign
                delta += 1
              }
            }
          }
        }
      }
    }
    cutEdgeCount += Int(sign) * delta
  }
}

extension ReComChain {
  static func requireConnected(graph: UnitGraph, assignment: [Int], districts: Int)
    throws(ReComError)
  {
    try requireConnected(
      offsets: graph.offsets, neighbors: graph.neighbors, assignment: assignment,
      districts: districts)
  }

  /// Throws ``ReComError/districtNotConnected(district:pieces:)`` for the first district in pieces.
  static func requireConnected(
    offsets: [Int32], neighbors: [Int32], assignment: [Int], districts: Int
  ) throws(ReComError) {
    let n = assignment.count
    var seen = [Bool](repeating: false, count: n)
    var pieces = [Int](repeating: 0, count: districts)
    var stack: [Int] = []
    for start in 0..<n where !seen[start] {
      let d = assignment[start]
      pieces[d] += 1
      seen[start] = true
      stack.append(start)
      while let x = stack.popLast() {
        for s in Int(offsets[x])..<Int(offsets[x + 1]) {
          let y = Int(neighbors[s])
          if !seen[y] && assignment[y] == d {
            seen[y] = true
            stack.append(y)
          }
        }
      }
    }
    if let d = pieces.firstIndex(where: { $0 > 1 }) {
      throw .districtNotConnected(district: d, pieces: pieces[d])
    }
  }

  /// Replaces the plan (for resuming from a checkpoint); recomputes populations and cut counts.
  public mutating func restore(assignment newAssignment: [Int32]) throws(ReComError) {
    guard newAssignment.count == assignment.count else {
      throw .checkpointMismatch(nodes: assignment.count, checkpoint: newAssignment.count)
    }
    if let bad = newAssignment.firstIndex(where: { $0 < 0 || Int($0) >= districtCount }) {
      throw .districtOutOfRange(unit: "node \(bad)", district: Int(newAssignment[bad]))
    }
    try Self.requireConnected(
      offsets: offsets, neighbors: neighbors, assignment: newAssignment.map(Int.init),
      districts: districtCount)
    let k = districtCount
    assignment = newAssignment
    districtPopulation = [Int](repeating: 0, count: k)
    for i in 0..<assignment.count { districtPopulation[Int(assignment[i])] += weights[i] }
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
  }
}
