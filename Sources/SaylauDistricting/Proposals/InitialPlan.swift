import SaylauCore

/// A seeded initial plan by recursive spanning-tree bipartition (like GerryChain's `recursive_tree_part`).
///
/// Within each region (or the whole graph), districts are peeled off one at a time: draw a uniform
/// spanning tree of what is left, and cut an edge whose subtree holds one district's population within
/// half the tolerance, leaving the rest able to hold the others. The last piece must be within the full
/// tolerance; otherwise the region is started again.
public func recursiveTreePlan(
  graph: UnitGraph, weights: [Int], seatsPerRegion: [Int], regions: [Int]? = nil,
  tolerance: Tolerance,
  seed: UInt64, maxTries: Int = 10_000
) throws(ReComError) -> [Int] {
  let n = graph.nodeCount
  var rng = SeededGenerator(seed: seed, stream: 0x1A17)
  var sampler = SpanningTreeSampler(nodeCount: n)
  var plan = [Int](repeating: -1, count: n)
  var nextDistrict = 0
  let regionOf = regions ?? [Int](repeating: 0, count: n)
  let half = Tolerance(numerator: tolerance.numerator, denominator: tolerance.denominator * 2)
  for (r, seats) in seatsPerRegion.enumerated() where seats > 0 {
    let regionNodes = (0..<n).filter { regionOf[$0] == r }
    guard graph.componentCount(of: regionNodes) == 1 else {
      throw .regionNotConnected(region: r)
    }
    let total = regionNodes.reduce(0) { $0 + weights[$1] }
    let inner = half.bounds(total: total, districts: seats)
    let outer = tolerance.bounds(total: total, districts: seats)
    var done = false
    for _ in 0..<maxTries where !done {
      var remaining = regionNodes.map { Int32($0) }
      var local: [Int] = []
      var ok = true
      for left in stride(from: seats, to: 1, by: -1) {
        let rest = remaining.reduce(0) { $0 + weights[Int($1)] }
        sampler.draw(
          offsets: graph.offsets, neighbors: graph.neighbors, nodes: remaining, using: &rng)
        let m = remaining.count
        var sub = remaining.map { weights[Int($0)] }
        var cands: [Int] = []
        let order = sampler.order
        let parent = sampler.parent
        for idx in stride(from: m - 1, to: 0, by: -1) {
          let v = Int(order[idx])
          sub[Int(parent[v])] += sub[v]
          let s = sub[v]
          // The cut-off piece is one district; the remainder must fit the other `left − 1`.
          let restOK =
            (rest - s) >= (left - 1) * outer.lowerBound
            && (rest - s) <= (left - 1) * outer.upperBound
          if inner.contains(s) && restOK { cands.append(v) }
        }
        guard !cands.isEmpty else {
          ok = false
          break
        }
        let c = cands[rng.next(below: cands.count)]
        var mark = [Bool](repeating: false, count: m)
        for idx in 0..<m {
          let v = Int(order[idx])
          let p = Int(parent[v])
          mark[v] = v == c || (p >= 0 && mark[p])
        }
        var keep: [Int32] = []
        var piece: [Int] = []
        for l in 0..<m {
          if mark[l] { piece.append(Int(remaining[l])) } else { keep.append(remaining[l]) }
        }
        local.append(contentsOf: piece.map { $0 })
        local.append(-1)  // separator
        remaining = keep
      }
      guard ok else { continue }
      let last = remaining.reduce(0) { $0 + weights[Int($1)] }
      guard outer.contains(last) else { continue }
      // Commit: pieces separated by −1, then the remainder.
      for x in local {
        if x == -1 { nextDistrict += 1 } else { plan[x] = nextDistrict }
      }
      for x in remaining { plan[Int(x)] = nextDistrict }
      nextDistrict += 1
      done = true
    }
    if !done {
      throw .noBalancedInitialPlan(region: r, tries: maxTries)
    }
  }
  if let unassigned = plan.firstIndex(of: -1) {
    throw .unitWithoutRegion(graph.names[unassigned])
  }
  return plan
}
