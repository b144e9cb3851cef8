import SaylauCore
import SaylauGeo

/// The one plan check: coverage, nesting in regions, contiguity (with an explicit policy for units without
/// a polygon), population deviation, cut edges, compactness and split units.
///
/// Contiguity is computed under both ``MissingPolygonPolicy`` values; the report follows ``policy`` and
/// says, per district, whether the answer depends on it.
public struct PlanCheck: Sendable {
  /// The graph and, where known, its shapes and shared borders.
  public var map: GeographicGraph
  /// A name for the graph in reports.
  public var graphName: String
  /// The attribute giving each unit's region (for nesting and regional ideals); `nil` = no nesting check.
  public var regionColumn: String?
  /// The attribute with unit populations; blank values make sums unknown, never zero.
  public var populationColumn: String
  /// Region totals known independently of the units, for regional ideals when unit populations are
  /// incomplete.
  public var regionPopulation: [String: Int]
  /// Units of plans that are not nodes because they have no polygon, with their hosts.
  public var unitsWithoutPolygon: [UnitWithoutPolygon]
  /// Polygons of the geometry that belong to no unit, reported beside the check.
  public var polygonsWithoutUnit: [String]
  public var policy: MissingPolygonPolicy

  public init(
    map: GeographicGraph, graphName: String, regionColumn: String?, populationColumn: String,
    regionPopulation: [String: Int] = [:], unitsWithoutPolygon: [UnitWithoutPolygon] = [],
    polygonsWithoutUnit: [String] = [], policy: MissingPolygonPolicy
  ) {
    self.map = map
    self.graphName = graphName
    self.regionColumn = regionColumn
    self.populationColumn = populationColumn
    self.regionPopulation = regionPopulation
    self.unitsWithoutPolygon = unitsWithoutPolygon
    self.polygonsWithoutUnit = polygonsWithoutUnit
    self.policy = policy
  }

  /// Every unit a plan may name: the graph's nodes and the units without a polygon.
  public var knownUnits: Set<String> {
    Set(map.graph.names).union(unitsWithoutPolygon.map(\.unit))
  }

  /// Checks `plan`.
  /// - Parameters:
  ///   - plan: the plan; units the check does not know are reported, not refused.
  ///   - planName: the plan's name in the report.
  ///   - published: published facts per district label, shown beside the computed ones.
  public func check(
    _ plan: DistrictPlan, named planName: String, published: [String: PublishedDistrict]? = nil
  ) -> CheckedPlan {
    let graph = map.graph
    let n = graph.nodeCount
    let k = plan.labels.count
    let membership = plan.membership(on: graph)
    let extraIndex = Dictionary(
      unitsWithoutPolygon.enumerated().map { ($1.unit, $0) }, uniquingKeysWith: { a, _ in a })
    let unknown = membership.unknownUnits.filter { extraIndex[$0] == nil }
    // Units are indexed 0..<n (nodes) then n..<n+extras (units without a polygon).
    let extras = unitsWithoutPolygon
    var districtsOf = membership.districtsOfNode
    for e in extras { districtsOf.append(plan.districtsOfUnit[e.unit] ?? []) }
    let total = districtsOf.count
    func name(_ u: Int) -> String { u < n ? graph.names[u] : extras[u - n].unit }
    func attribute(_ u: Int, _ column: String) -> GraphValue? {
      u < n ? graph.nodeAttributes[u][column] : extras[u - n].attributes[column]
    }
    // A population that is not a non-negative integer is unknown (and said so), never summed; the sums
    // are exact because the total is checked against the graph's bound first.
    var popOf = [Int?](repeating: nil, count: total)
    var invalidPopulation = 0
    for u in 0..<total {
      switch attribute(u, populationColumn) {
      case .int(let v) where v >= 0: popOf[u] = v
      case .double(let d) where d == d.rounded() && d >= 0 && d < 9e15: popOf[u] = Int(d)
      case .string(let s):
        let t = s.trimmingSpaces
        if let v = Int(t), v >= 0 {
          popOf[u] = v
        } else if !t.isEmpty {
          invalidPopulation += 1
        }
      case nil, .null: break
      default: invalidPopulation += 1
      }
    }
    var knownTotal = 0
    var populationTooLarge = false
    for case let v? in popOf {
      let (sum, overflow) = knownTotal.addingReportingOverflow(v)
      if overflow || sum > UnitGraph.maximumTotalWeight {
        populationTooLarge = true
        break
      }
      knownTotal = sum
    }
    if populationTooLarge { popOf = [Int?](repeating: nil, count: total) }
    let regionOf: [String?] = (0..<total).map { u in regionColumn.flatMap { attribute(u, $0)?.text }
    }
    var members = [[Int]](repeating: [], count: k)
    var unassigned: [String] = []
    var split: [String] = []
    for u in 0..<total {
      let ds = districtsOf[u]
      if ds.isEmpty { unassigned.append(name(u)) }
      if ds.count > 1 { split.append(name(u)) }
      for d in ds { members[d].append(u) }
    }
    let measures = map.shapes.map { shapes in
      let projection = LambertAzimuthalEqualArea(fitting: shapes)
      return shapes.map { ShapeMeasure($0, projection: projection) }
    }
    // Cut edges of the polygon adjacency: an edge is cut if its ends share no district.
    var cutTotal = 0
    var cutOf = [Int](repeating: 0, count: k)
    var internalBorder = [Double](repeating: 0, count: k)
    var neighbourSets = [Set<Int>](repeating: [], count: k)
    for (e, edge) in graph.edges.enumerated() {
      let du = districtsOf[Int(edge.u)]
      let dv = districtsOf[Int(edge.v)]
      if du.isEmpty || dv.isEmpty { continue }
      if Set(du).isDisjoint(with: dv) {
        cutTotal += 1
        for d in du { cutOf[d] += 1 }
        for d in dv { cutOf[d] += 1 }
        for a in du {
          for b in dv {
            neighbourSets[a].insert(b)
            neighbourSets[b].insert(a)
          }
        }
      } else if du.count == 1 && dv.count == 1 {
        internalBorder[du[0]] += map.sharedMetres?[e] ?? 0
      }
    }
    let allKnown = popOf.allSatisfy { $0 != nil }
    let totalPopulation: Int? = allKnown ? popOf.reduce(0) { $0 + $1! } : nil
    let ideal = totalPopulation.map { Double($0) / Double(k) }
    var regionSeats: [String: Int] = [:]
    var districtRegion = [String?](repeating: nil, count: k)
    var nesting: [String] = []
    for d in 0..<k {
      let regs = Set(members[d].compactMap { regionOf[$0] })
      if regs.count == 1 { districtRegion[d] = regs.first! }
      if regs.count > 1 { nesting.append(plan.labels[d]) }
      if let r = districtRegion[d] { regionSeats[r, default: 0] += 1 }
    }
    let hostNode: [Int?] = extras.map { $0.host.flatMap { graph.index(of: $0) } }
    var checks: [DistrictCheck] = []
    var nonContiguous: [String] = []
    var dependent: [String] = []
    var notes: [String] = []
    var maxDev: Double? = ideal == nil ? nil : 0
    for d in 0..<k {
      let m = members[d]
      let nodes = m.filter { $0 < n }
      let without = m.filter { $0 >= n }
      let excluded = graph.components(of: nodes)
      let merged = components(
        nodes: nodes, extras: without.compactMap { hostNode[$0 - n] == nil ? nil : $0 - n },
        hostNode: hostNode, graph: graph)
      let byPolicy = PiecesByPolicy(excludeUnit: excluded.count, mergeIntoHost: merged.count)
      let comps = policy == .excludeUnit ? excluded : merged
      let depends = (byPolicy.excludeUnit <= 1) != (byPolicy.mergeIntoHost <= 1)
      if comps.count > 1 { nonContiguous.append(plan.labels[d]) }
      if depends { dependent.append(plan.labels[d]) }
      let hasSplit = m.contains { districtsOf[$0].count > 1 }
      let missing = m.filter { popOf[$0] == nil }.count
      let pop: Int? = (missing == 0 && !hasSplit) ? m.reduce(0) { $0 + popOf[$1]! } : nil
      var dev: Double? = nil
      if let pop, let ideal {
        dev = (Double(pop) - ideal) / ideal
        maxDev = max(maxDev ?? 0, abs(dev!))
      } else if ideal != nil {
        maxDev = nil
      }
      var regDev: Double? = nil
      if let pop, let r = districtRegion[d], let rp = regionPopulation[r],
        let seats = regionSeats[r]
      {
        let ri = Double(rp) / Double(seats)
        regDev = (Double(pop) - ri) / ri
      }
      var check = DistrictCheck(
        district: plan.labels[d], units: m.count,
        splitUnits: m.filter { districtsOf[$0].count > 1 }.map(name),
        regions: Array(Set(m.compactMap { regionOf[$0] })).sorted(), pieces: comps.count,
        pieceUnits: comps.count > 1 ? comps.map { $0.map(name) } : [],
        unitsWithoutPolygon: without.map(name), piecesByPolicy: byPolicy,
        contiguityDependsOnPolicy: depends,
        population: pop, unitsWithoutPopulation: missing, deviationFromIdeal: dev,
        deviationFromRegionIdeal: regDev,
        cutEdges: cutOf[d], areaKm2: nil, perimeterKm: nil, polsbyPopper: nil, reock: nil,
        neighbours: neighbourSets[d].sorted().map { plan.labels[$0] })
      // A split unit or a unit without a polygon makes the shape unknown: measures of the rest would
      // describe only part of the district.
      if let measures, !hasSplit, without.isEmpty, !nodes.isEmpty {
        let combined = ShapeMeasure(
          combining: nodes.map { measures[$0] }, internalBorder: internalBorder[d])
        check.areaKm2 = combined.area / 1e6
        check.perimeterKm = combined.perimeter / 1e3
        check.polsbyPopper = combined.polsbyPopper
        check.reock = combined.reock
      }
      checks.append(check)
      for u in without {
        let e = extras[u - n]
        let label = e.attributes["name_en"]?.text ?? e.unit
        let host = hostNode[u - n].map {
          graph.nodeAttributes[$0]["name_en"]?.text ?? graph.names[$0]
        }
        if let host {
          let answer =
            depends
            ? "the district is contiguous if \(label) fills its host polygon, and in \(byPolicy.excludeUnit) pieces if it is left out"
            : "the district's contiguity is the same either way (\(byPolicy[policy]) piece\(byPolicy[policy] == 1 ? "" : "s"))"
          notes.append(
            "District \(plan.labels[d]) holds \(label), which has no polygon of its own (it lies inside the polygon of \(host)): \(answer). Its shape is unknown, and the district holding the host polygon is drawn too large"
          )
        } else {
          notes.append(
            "District \(plan.labels[d]) holds \(label), which has no polygon and no known host: it is left out of contiguity and shape under either policy"
          )
        }
      }
    }
    var head: [String] = []
    head.append("Units without a polygon: \(policy.rawValue) (\(policy.explanation))")
    if invalidPopulation > 0 {
      head.append(
        "\(invalidPopulation) units have a '\(populationColumn)' that is not a non-negative integer: it is read as unknown"
      )
    }
    if populationTooLarge {
      head.append(
        "the units' '\(populationColumn)' values add up to more than \(UnitGraph.maximumTotalWeight): populations are left unknown"
      )
    }
    if !allKnown {
      head.append(
        "\(popOf.filter { $0 == nil }.count) of \(total) units have no '\(populationColumn)': their districts' populations are unknown, not zero"
      )
    }
    if !split.isEmpty {
      head.append(
        "split units (\(split.joined(separator: ", "))): the populations and shapes of their parts are not known, so their districts' population and compactness are left unknown"
      )
    }
    let inPlan = extras.filter { plan.districtsOfUnit[$0.unit] != nil }
    let report = PlanCheckReport(
      policy: policy, units: total, districts: k, unassignedUnits: unassigned,
      unknownUnits: unknown,
      splitUnits: split,
      unitsWithoutPolygon: inPlan.map { PolygonHost(unit: $0.unit, host: $0.host) },
      nestingViolations: nesting, nonContiguous: nonContiguous,
      contiguityDependsOnPolicy: dependent, cutEdges: cutTotal, totalPopulation: totalPopulation,
      idealPopulation: ideal, unitsWithoutPopulation: popOf.filter { $0 == nil }.count,
      maxAbsoluteDeviation: maxDev, districtChecks: checks,
      notes: (head + notes).map(Excerpt.escapingControls))
    return CheckedPlan(
      plan: planName, graph: graphName, check: report, unitsWithoutPolygon: inPlan.map(\.unit),
      polygonsWithoutUnit: polygonsWithoutUnit, published: published)
  }
}

/// Connected pieces of `nodes` plus units without a polygon that occupy their hosts' polygons: such a unit
/// touches its host and the host's neighbours, and two of them touch when their hosts are the same or
/// adjacent. Units are returned as indices (nodes, then `graph.nodeCount + extra`), each piece sorted.
private func components(nodes: [Int], extras: [Int], hostNode: [Int?], graph: UnitGraph) -> [[Int]]
{
  let n = graph.nodeCount
  let hosts = Dictionary(extras.map { ($0, hostNode[$0]!) }, uniquingKeysWith: { a, _ in a })
  func touchesHost(_ node: Int, _ host: Int) -> Bool {
    node == host || graph.neighbors(of: host).contains(Int32(node))
  }
  var inSet = Set(nodes + extras.map { n + $0 })
  var out: [[Int]] = []
  for start in nodes + extras.map({ n + $0 }) where inSet.contains(start) {
    var piece = [start]
    inSet.remove(start)
    var k = 0
    while k < piece.count {
      let x = piece[k]
      k += 1
      var next: [Int] = []
      if x < n {
        for y in graph.neighbors(of: x) where inSet.contains(Int(y)) { next.append(Int(y)) }
        for e in extras where inSet.contains(n + e) && touchesHost(x, hosts[e]!) {
          next.append(n + e)
        }
      } else {
        let h = hosts[x - n]!
        for y in [h] + graph.neighbors(of: h).map(Int.init) where inSet.contains(y) {
          next.append(y)
        }
        for e in extras where inSet.contains(n + e) && touchesHost(hosts[e]!, h) {
          next.append(n + e)
        }
      }
      for y in next where inSet.contains(y) {
        inSet.remove(y)
        piece.append(y)
      }
    }
    out.append(piece.sorted())
  }
  return out
}
