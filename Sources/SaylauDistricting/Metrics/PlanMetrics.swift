import SaylauCore

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
  public init(graph: UnitGraph, splitColumn: String?) throws(GraphError) {
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
        throw .missingAttribute(unit: graph.names[missing], column: splitColumn)
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
  public func record(chain: Int, step: Int, graph: UnitGraph, plan: ReComChain) -> StepRecord {
    var r = StepRecord(
      chain: chain, step: step, cutEdges: plan.cutEdgeCount, maxDeviation: plan.maxDeviation)
    r.trees = plan.lastAttempts
    r.merged = plan.lastMergedCount
    if plan.lastOutcome != .moved { r.selfLoop = plan.lastOutcome.rawValue }
    r.plan = hex16(plan.planFingerprint)
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

/// `x` as 16 lower-case hexadecimal digits.
func hex16(_ x: UInt64) -> String {
  let digits = Array("0123456789abcdef".utf8)
  var out = [UInt8](repeating: 0, count: 16)
  var v = x
  for i in stride(from: 15, through: 0, by: -1) {
    out[i] = digits[Int(v & 15)]
    v >>= 4
  }
  return String(decoding: out, as: UTF8.self)
}
