import SaylauCore

/// Every balanced plan of a small graph and, for each proposal, the chain's exact transition
/// probabilities and stationary distribution: what a long run of ``ReComChain`` must reproduce.
///
/// For graphs of up to 64 units (a 4×4 or 5×5 grid). Plans are partitions of the units into connected
/// districts within the population bounds, without labels (the chain's moves do not depend on labels, so
/// the chain on unlabelled plans is itself a Markov chain). A transition is computed from the rule of each
/// variant, with exact integer weights:
/// - **the pair**: uniform among adjacent pairs that can be split (ReCom, district pairs), in proportion to
///   their cut edges (cut edges), or an ordered pair among all `k²` (reversible ReCom, self-loop when not
///   adjacent);
/// - **the tree**: every spanning tree of the merged pair with weight 1 (uniform), or with weight the number
///   of edge orders (random weights, by surcharge level, uniform within a level) whose Kruskal tree it is
///   (random MST; exact for surcharges whose sums are whole numbers, so that the levels never interleave);
/// - **the cut**: every balanced edge of a tree with its share under the cut choice; ReCom conditions on
///   trees with a balanced edge, reversible ReCom keeps an edge with probability `1 / (seam · M)`.
///
/// The stationary distribution of reversible ReCom is known in closed form (the spanning-tree measure);
/// for ReCom it is computed from the transition matrix by power iteration in double precision (the
/// matrix itself is exact).
public struct ExactDistribution: Sendable {
  /// The plans, each as its districts' unit sets (bit `i` = node `i`), ordered by their lowest unit.
  public let plans: [[UInt64]]
  let index: [[UInt64]: Int]
  let nodeCount: Int
  let neighborMask: [UInt64]
  let edges: [(Int, Int)]
  let weights: [Int]
  let bounds: ClosedRange<Int>
  public let districtCount: Int
  /// Each node's region in each layer (for surcharges and region-aware cuts).
  let layerCodes: [[Int32]]

  /// Enumerates the balanced plans of `graph` into `districts` districts.
  /// - Parameters:
  ///   - graph: at most 64 units.
  ///   - weights: each unit's population.
  ///   - tolerance: the population tolerance (bounds as the chain's, from the whole graph's total).
  ///   - layerCodes: each region layer's code of each node (−1: none), for region-aware proposals.
  public init(
    graph: UnitGraph, weights: [Int], districts: Int, tolerance: Tolerance,
    layerCodes: [[Int32]] = []
  ) {
    precondition(graph.nodeCount <= 64, "exact distributions are for graphs of at most 64 units")
    nodeCount = graph.nodeCount
    self.weights = weights
    districtCount = districts
    self.layerCodes = layerCodes
    bounds = tolerance.bounds(total: weights.reduce(0, +), districts: districts)
    var nb = [UInt64](repeating: 0, count: graph.nodeCount)
    for e in graph.edges {
      nb[Int(e.u)] |= 1 << UInt64(e.v)
      nb[Int(e.v)] |= 1 << UInt64(e.u)
    }
    neighborMask = nb
    edges = graph.edges.map { (Int($0.u), Int($0.v)) }
    var found: [[UInt64]] = []
    var current: [UInt64] = []
    let all: UInt64 = graph.nodeCount == 64 ? ~0 : (1 << UInt64(graph.nodeCount)) - 1
    Self.partition(
      remaining: all, left: districts, current: &current, into: &found, neighbors: nb,
      weights: weights, bounds: bounds)
    plans = found
    index = Dictionary(uniqueKeysWithValues: found.enumerated().map { ($1, $0) })
  }

  /// Recursively splits `remaining` into `left` connected balanced districts, each starting at the lowest
  /// unit not yet placed (so every partition is found once).
  static func partition(
    remaining: UInt64, left: Int, current: inout [UInt64], into found: inout [[UInt64]],
    neighbors: [UInt64], weights: [Int], bounds: ClosedRange<Int>
  ) {
    if left == 1 {
      if bounds.contains(population(remaining, weights)) && isConnected(remaining, neighbors) {
        found.append(current + [remaining])
      }
      return
    }
    let v = remaining.trailingZeroBitCount
    var sets: [UInt64] = []
    connectedSets(
      containing: v, within: remaining, neighbors: neighbors, weights: weights,
      maxPopulation: bounds.upperBound, into: &sets)
    for d in sets where bounds.contains(population(d, weights)) {
      let rest = remaining & ~d
      // Every part of what is left must be able to hold whole districts.
      current.append(d)
      partition(
        remaining: rest, left: left - 1, current: &current, into: &found, neighbors: neighbors,
        weights: weights, bounds: bounds)
      current.removeLast()
    }
  }

  /// The connected sets of units of `within` that contain `v`, of population at most `maxPopulation`
  /// (Wernicke's extension-set enumeration: each set once).
  static func connectedSets(
    containing v: Int, within: UInt64, neighbors: [UInt64], weights: [Int], maxPopulation: Int,
    into out: inout [UInt64]
  ) {
    func extend(_ set: UInt64, _ ext: UInt64, _ pop: Int) {
      out.append(set)
      var ext = ext
      while ext != 0 {
        let w = ext.trailingZeroBitCount
        ext &= ext - 1
        let p = pop + weights[w]
        if p > maxPopulation { continue }
        let newSet = set | 1 << UInt64(w)
        // Neighbours of w that are not in the set nor next to it (exclusive), and above v.
        var nbSet: UInt64 = 0
        var s = set
        while s != 0 {
          let x = s.trailingZeroBitCount
          s &= s - 1
          nbSet |= neighbors[x]
        }
        let exclusive = neighbors[w] & within & ~newSet & ~nbSet & ~((1 << UInt64(v + 1)) - 1)
        extend(newSet, ext | exclusive, p)
      }
    }
    guard weights[v] <= maxPopulation else { return }
    let start: UInt64 = 1 << UInt64(v)
    extend(start, neighbors[v] & within & ~((1 << UInt64(v + 1)) - 1), weights[v])
  }

  static func population(_ set: UInt64, _ weights: [Int]) -> Int {
    var s = set
    var p = 0
    while s != 0 {
      p += weights[s.trailingZeroBitCount]
      s &= s - 1
    }
    return p
  }

  static func isConnected(_ set: UInt64, _ neighbors: [UInt64]) -> Bool {
    guard set != 0 else { return false }
    var seen: UInt64 = 1 << UInt64(set.trailingZeroBitCount)
    var frontier = seen
    while frontier != 0 {
      let x = frontier.trailingZeroBitCount
      frontier &= frontier - 1
      let next = neighbors[x] & set & ~seen
      seen |= next
      frontier |= next
    }
    return seen == set
  }

  /// The index of the plan a chain is in (districts of each node), or `nil` if it is not a balanced plan.
  public func planIndex(_ assignment: [Int32]) -> Int? {
    var masks = [UInt64](repeating: 0, count: districtCount)
    for (i, d) in assignment.enumerated() { masks[Int(d)] |= 1 << UInt64(i) }
    masks.sort { $0.trailingZeroBitCount < $1.trailingZeroBitCount }
    return index[masks]
  }

  /// The number of cut edges of plan `p`.
  public func cutEdges(_ p: Int) -> Int {
    var district = [Int](repeating: 0, count: nodeCount)
    for (d, m) in plans[p].enumerated() {
      var s = m
      while s != 0 {
        district[s.trailingZeroBitCount] = d
        s &= s - 1
      }
    }
    return edges.filter { district[$0.0] != district[$0.1] }.count
  }

  /// The number of spanning trees of the units of `set` (Kirchhoff's matrix-tree theorem, exact).
  public func spanningTreeCount(_ set: UInt64) -> Int {
    let nodes = Self.bits(set)
    let n = nodes.count
    if n <= 1 { return 1 }
    // The Laplacian without its last row and column; Bareiss' fraction-free elimination.
    var a = [[Int]](repeating: [Int](repeating: 0, count: n - 1), count: n - 1)
    for (i, x) in nodes.enumerated() where i < n - 1 {
      for (j, y) in nodes.enumerated() where neighborMask[x] & (1 << UInt64(y)) != 0 {
        a[i][i] += 1
        if j < n - 1 { a[i][j] -= 1 }
      }
    }
    var previous = 1
    var sign = 1
    let size = n - 1
    for k in 0..<size {
      if a[k][k] == 0 {
        guard let r = ((k + 1)..<size).first(where: { a[$0][k] != 0 }) else { return 0 }
        a.swapAt(k, r)
        sign = -sign
      }
      for i in (k + 1)..<size {
        for j in (k + 1)..<size {
          a[i][j] = (a[i][j] * a[k][k] - a[i][k] * a[k][j]) / previous
        }
      }
      previous = a[k][k]
    }
    return sign * a[size - 1][size - 1]
  }

  static func bits(_ set: UInt64) -> [Int] {
    var out: [Int] = []
    var s = set
    while s != 0 {
      out.append(s.trailingZeroBitCount)
      s &= s - 1
    }
    return out
  }

  /// The spanning-tree measure: each plan's weight, the product of its districts' spanning-tree counts
  /// (the stationary distribution of reversible ReCom, up to normalisation).
  public var spanningTreeWeights: [Int] {
    plans.map { p in p.reduce(1) { $0 * spanningTreeCount($1) } }
  }

  /// The spanning trees of `set` (as lists of edges `(u, v)`) with their integer weights under `method`:
  /// 1 each for uniform trees; for random MSTs, the number of level-respecting edge orders whose Kruskal
  /// tree it is (the weights then add up to the number of such orders).
  func trees(of set: UInt64, method: SpanningTreeMethod, layerWeights: [Double]) -> [(
    edges: [(Int, Int)], weight: Int
  )] {
    let local = edges.filter { set & (1 << UInt64($0.0)) != 0 && set & (1 << UInt64($0.1)) != 0 }
    let nodes = Self.bits(set)
    let m = nodes.count
    switch method {
    case .uniform:
      var out: [(edges: [(Int, Int)], weight: Int)] = []
      var chosen: [(Int, Int)] = []
      var comp = [Int](repeating: 0, count: 64)
      for (i, x) in nodes.enumerated() { comp[x] = i }
      func find(_ c: [Int], _ x: Int) -> Int { c[x] }
      func recurse(_ e: Int, _ comp: [Int]) {
        if chosen.count == m - 1 {
          out.append((chosen, 1))
          return
        }
        if local.count - e < m - 1 - chosen.count { return }
        let (u, v) = local[e]
        if comp[u] != comp[v] {
          var c = comp
          let from = c[v]
          let to = c[u]
          for x in nodes where c[x] == from { c[x] = to }
          chosen.append((u, v))
          recurse(e + 1, c)
          chosen.removeLast()
        }
        recurse(e + 1, comp)
      }
      recurse(0, comp)
      return out
    case .randomMST:
      // Kruskal on a random level-respecting order: the next edge that joins two components is uniform
      // among the joining edges of the lowest level. A forward pass over forests gives each tree's
      // probability; times the number of orders it is an integer, recovered exactly by rounding.
      let level = local.map { e in Int(surcharge(e.0, e.1, layerWeights).rounded(.down)) }
      var levelSize: [Int: Int] = [:]
      for l in level { levelSize[l, default: 0] += 1 }
      var orders = 1.0
      for (_, n) in levelSize { for f in 1...max(1, n) { orders *= Double(f) } }
      var layer: [UInt64: Double] = [0: 1]
      for _ in 0..<(m - 1) {
        var next: [UInt64: Double] = [:]
        for (forest, p) in layer {
          var comp = [Int](repeating: -1, count: 64)
          for (i, x) in nodes.enumerated() { comp[x] = i }
          for (i, e) in local.enumerated() where forest & (1 << UInt64(i)) != 0 {
            let from = comp[e.1]
            let to = comp[e.0]
            for x in nodes where comp[x] == from { comp[x] = to }
          }
          var joining: [Int] = []
          var lowest = Int.max
          for (i, e) in local.enumerated() where comp[e.0] != comp[e.1] {
            if level[i] < lowest {
              lowest = level[i]
              joining = [i]
            } else if level[i] == lowest {
              joining.append(i)
            }
          }
          let share = p / Double(joining.count)
          for i in joining { next[forest | 1 << UInt64(i), default: 0] += share }
        }
        layer = next
      }
      var out: [(edges: [(Int, Int)], weight: Int)] = []
      var total = 0
      for (forest, p) in layer.sorted(by: { $0.key < $1.key }) {
        let w = Int((p * orders).rounded())
        total += w
        out.append(
          (local.enumerated().filter { forest & (1 << UInt64($0.offset)) != 0 }.map(\.element), w))
      }
      precondition(Double(total) == orders, "the tree weights must add up to the number of orders")
      return out
    }
  }

  /// The sum of the layer weights the edge `(u, v)` crosses (a node in no region crosses every border).
  func surcharge(_ u: Int, _ v: Int, _ layerWeights: [Double]) -> Double {
    var s = 0.0
    for (l, codes) in layerCodes.enumerated() where codes[u] < 0 || codes[u] != codes[v] {
      s += layerWeights[l]
    }
    return s
  }

  /// The layers (bit `l`) the edge `(u, v)` crosses.
  func crossed(_ u: Int, _ v: Int) -> Int {
    var mask = 0
    for (l, codes) in layerCodes.enumerated() where codes[u] < 0 || codes[u] != codes[v] {
      mask |= 1 << l
    }
    return mask
  }
}
