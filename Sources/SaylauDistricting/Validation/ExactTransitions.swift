import SaylauCore

/// An exact probability `numerator / denominator`, reduced.
public struct ExactFraction: Sendable, Hashable, CustomStringConvertible {
  public var numerator: Int
  public var denominator: Int

  public init(_ numerator: Int, _ denominator: Int) {
    precondition(denominator > 0)
    let g = Self.gcd(abs(numerator), denominator)
    self.numerator = numerator / max(g, 1)
    self.denominator = denominator / max(g, 1)
  }

  static func gcd(_ a: Int, _ b: Int) -> Int {
    var (a, b) = (a, b)
    while b != 0 { (a, b) = (b, a % b) }
    return a
  }

  /// The product (overflow traps: the small graphs of a validation keep every product in range).
  public static func * (x: ExactFraction, y: ExactFraction) -> ExactFraction {
    let g1 = gcd(abs(x.numerator), y.denominator)
    let g2 = gcd(abs(y.numerator), x.denominator)
    return ExactFraction(
      (x.numerator / max(g1, 1)) * (y.numerator / max(g2, 1)),
      (x.denominator / max(g2, 1)) * (y.denominator / max(g1, 1)))
  }

  /// Whether `x` equals `y`, by cross-multiplication in 128 bits.
  public static func == (x: ExactFraction, y: ExactFraction) -> Bool {
    let l = x.numerator.multipliedFullWidth(by: y.denominator)
    let r = y.numerator.multipliedFullWidth(by: x.denominator)
    return l.high == r.high && l.low == r.low
  }

  public var value: Double { Double(numerator) / Double(denominator) }
  public var description: String { "\(numerator)/\(denominator)" }
}

/// The exact transition probabilities of one proposal between the plans of an ``ExactDistribution``.
public struct ExactTransitions: Sendable {
  /// For each plan, its moves to other plans with their exact probabilities (a move that gives back the
  /// same plan is left out: it is part of ``selfLoop``).
  public let moves: [[(to: Int, probability: ExactFraction)]]
  /// For each plan, the probability that a step leaves it unchanged.
  public let selfLoop: [Double]

  /// The chain's stationary distribution by power iteration (double precision; stops when one step
  /// changes it by less than `1e-14` in total, or after `maxIterations`).
  public func stationary(maxIterations: Int = 200_000) -> [Double] {
    let n = moves.count
    var x = [Double](repeating: 1 / Double(n), count: n)
    var y = [Double](repeating: 0, count: n)
    for _ in 0..<maxIterations {
      for i in 0..<n { y[i] = x[i] * selfLoop[i] }
      for i in 0..<n {
        let xi = x[i]
        for m in moves[i] { y[m.to] += xi * m.probability.value }
      }
      var total = 0.0
      for v in y { total += v }
      var change = 0.0
      for i in 0..<n {
        let v = y[i] / total
        change += abs(v - x[i])
        x[i] = v
      }
      if change < 1e-14 { break }
    }
    return x
  }

  /// Draws a run of `steps` steps of this exact chain from plan `start` and counts the visits of each
  /// plan (the reference a sampler's run is compared with: the same length, the same start).
  public func simulate(from start: Int, steps: Int, using rng: inout SeededGenerator) -> [Int] {
    var counts = [Int](repeating: 0, count: moves.count)
    var state = start
    for _ in 0..<steps {
      var u = rng.nextUnitInterval()
      var next = state
      for m in moves[state] {
        u -= m.probability.value
        if u < 0 {
          next = m.to
          break
        }
      }
      state = next
      counts[state] += 1
    }
    return counts
  }
}

extension ExactDistribution {
  /// The exact transitions of `proposal` (ReCom or reversible ReCom; uniform trees or random MSTs with
  /// whole-number surcharges; any cut choice as long as region-preferred random-MST cuts have one
  /// candidate).
  public func transitions(_ proposal: ProposalSettings) -> ExactTransitions {
    let layerWeights = proposal.regionLayers.map(\.weight)
    precondition(
      layerWeights.count == layerCodes.count, "one code column per region layer of the proposal")
    if proposal.tree == .randomMST {
      precondition(
        layerWeights.allSatisfy { $0 == $0.rounded() },
        "exact random-MST transitions need whole-number surcharges")
    }
    let k = districtCount
    var splitCache: [UInt64: [(a: UInt64, probability: ExactFraction)]] = [:]
    var moves: [[(to: Int, probability: ExactFraction)]] = []
    var selfLoop: [Double] = []
    for plan in plans {
      var pairs: [(Int, Int, Int)] = []  // i, j, cut edges between them
      for i in 0..<k {
        for j in (i + 1)..<k {
          let c = cut(plan[i], plan[j])
          if c > 0 { pairs.append((i, j, c)) }
        }
      }
      var splitsOfPair: [[(a: UInt64, probability: ExactFraction)]] = []
      for (i, j, _) in pairs {
        let merged = plan[i] | plan[j]
        if let s = splitCache[merged] {
          splitsOfPair.append(s)
        } else {
          let s = splits(of: merged, proposal, layerWeights)
          splitCache[merged] = s
          splitsOfPair.append(s)
        }
      }
      // The probability of each pair.
      var pairProbability: [ExactFraction?] = []
      switch proposal.kind {
      case .reversible:
        pairProbability = pairs.map { _ in ExactFraction(2, k * k) }
      case .recom:
        let splittable = pairs.indices.filter { !splitsOfPair[$0].isEmpty }
        let total =
          proposal.pairSelection == .districtPairs
          ? splittable.count : splittable.reduce(0) { $0 + pairs[$1].2 }
        pairProbability = pairs.indices.map { p in
          guard !splitsOfPair[p].isEmpty else { return nil }
          return ExactFraction(proposal.pairSelection == .districtPairs ? 1 : pairs[p].2, total)
        }
      }
      var row: [(to: Int, probability: ExactFraction)] = []
      var moved = 0.0
      let here = index[plan]!
      for (p, (i, j, _)) in pairs.enumerated() {
        guard let pp = pairProbability[p] else { continue }
        for s in splitsOfPair[p] {
          let merged = plan[i] | plan[j]
          var next = plan
          next[i] = s.a
          next[j] = merged & ~s.a
          next.sort { $0.trailingZeroBitCount < $1.trailingZeroBitCount }
          guard let to = index[next] else {
            preconditionFailure("a split gave a plan that is not balanced")
          }
          if to == here { continue }
          let q = pp * s.probability
          row.append((to, q))
          moved += q.value
        }
      }
      moves.append(row)
      selfLoop.append(max(0, 1 - moved))
    }
    return ExactTransitions(moves: moves, selfLoop: selfLoop)
  }

  /// Edges between two unit sets.
  func cut(_ a: UInt64, _ b: UInt64) -> Int {
    var c = 0
    var s = a
    while s != 0 {
      let x = s.trailingZeroBitCount
      s &= s - 1
      c += (neighborMask[x] & b).nonzeroBitCount
    }
    return c
  }

  /// The splits of `merged` into two balanced districts (each by the side holding the lowest unit of the
  /// first... any fixed side) with their probabilities given that the pair was merged: conditional on a
  /// tree with a balanced edge for ReCom; for reversible ReCom, the probability of the split and its
  /// acceptance (the rest is a self-loop).
  func splits(of merged: UInt64, _ proposal: ProposalSettings, _ layerWeights: [Double]) -> [(
    a: UInt64, probability: ExactFraction
  )] {
    let trees = trees(of: merged, method: proposal.tree, layerWeights: layerWeights)
    let total = Self.population(merged, weights)
    let lowest: UInt64 = 1 << UInt64(merged.trailingZeroBitCount)
    // Shares of each split: a common denominator for 1/|pool| (pool sizes up to the units in the area).
    let m = merged.nonzeroBitCount
    var lcm = 1
    for d in 1...max(1, m) { lcm = lcm / ExactFraction.gcd(lcm, d) * d }
    var share: [UInt64: Int] = [:]
    var goodWeight = 0
    var allWeight = 0
    var seam: [UInt64: Int] = [:]
    for tree in trees {
      allWeight += tree.weight
      var adjacency = [UInt64](repeating: 0, count: 64)
      for (u, v) in tree.edges {
        adjacency[u] |= 1 << UInt64(v)
        adjacency[v] |= 1 << UInt64(u)
      }
      // Balanced edges: the side of each edge holding the merged area's lowest unit.
      var balanced: [(side: UInt64, u: Int, v: Int)] = []
      for (u, v) in tree.edges {
        var side: UInt64 = 1 << UInt64(u)
        var frontier = side
        while frontier != 0 {
          let x = frontier.trailingZeroBitCount
          frontier &= frontier - 1
          var next = adjacency[x] & ~side
          if x == u { next &= ~(1 << UInt64(v)) }
          side |= next
          frontier |= next
        }
        if side & lowest == 0 { side = merged & ~side }
        let p = Self.population(side, weights)
        if bounds.contains(p) && bounds.contains(total - p) { balanced.append((side, u, v)) }
      }
      guard !balanced.isEmpty else { continue }
      goodWeight += tree.weight
      if proposal.kind == .reversible {
        precondition(
          balanced.count <= proposal.balanceBound, "a tree has more balanced edges than M")
        for b in balanced {
          if seam[b.side] == nil { seam[b.side] = cut(b.side, merged & ~b.side) }
          share[b.side, default: 0] += tree.weight
        }
        continue
      }
      var pool = balanced
      switch proposal.cutChoice {
      case .uniform: break
      case .mostSurcharge:
        let s = balanced.map { surcharge($0.u, $0.v, layerWeights) }
        let best = s.max()!
        pool = zip(balanced, s).filter { $0.1 == best }.map(\.0)
      case .regionPreferred:
        let layers = layerWeights.count
        if layers >= 1 && layers <= 3 {
          var sets: [Int] = []
          for size in 1...layers {
            for mask in 1..<(1 << layers) where mask.nonzeroBitCount == size { sets.append(mask) }
          }
          func weight(_ mask: Int) -> Double {
            (0..<layers).filter { mask & (1 << $0) != 0 }.reduce(0) { $0 + layerWeights[$1] }
          }
          let ordered = sets.enumerated().sorted { x, y in
            let kx = (x.element.nonzeroBitCount, weight(x.element))
            let ky = (y.element.nonzeroBitCount, weight(y.element))
            if kx != ky { return kx > ky }
            return x.offset < y.offset
          }.map(\.element)
          for set in ordered {
            let suitable = balanced.filter { crossed($0.u, $0.v) & set == set }
            if !suitable.isEmpty {
              pool = suitable
              break
            }
          }
        }
        if proposal.tree == .randomMST {
          precondition(
            pool.count == 1,
            "the region-preferred cut of a random MST takes the heaviest edge: exact only with one candidate"
          )
        }
      }
      for b in pool { share[b.side, default: 0] += tree.weight * (lcm / pool.count) }
    }
    if proposal.kind == .reversible {
      // Each balanced edge is cut with probability 1/(seam·M), whatever the tree's other edges.
      return share.sorted { $0.key < $1.key }.map { side, count in
        (side, ExactFraction(count, allWeight * seam[side]! * proposal.balanceBound))
      }
    }
    guard goodWeight > 0 else { return [] }
    return share.sorted { $0.key < $1.key }.map { side, count in
      (side, ExactFraction(count, goodWeight * lcm))
    }
  }
}

/// Total variation distance `½ Σ |p − q|` between an empirical distribution (counts) and `q`.
public func totalVariation(counts: [Int], _ q: [Double]) -> Double {
  let n = Double(counts.reduce(0, +))
  var d = 0.0
  for i in 0..<q.count { d += abs(Double(counts[i]) / n - q[i]) }
  return d / 2
}

/// Total variation distance between two distributions.
public func totalVariation(_ p: [Double], _ q: [Double]) -> Double {
  var d = 0.0
  for i in 0..<p.count { d += abs(p[i] - q[i]) }
  return d / 2
}
