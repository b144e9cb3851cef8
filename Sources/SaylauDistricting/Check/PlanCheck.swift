import SaylauGeo

/// A plan: for each node of a graph, the districts it belongs to (two or more for a split unit, none if
/// unassigned), with district labels.
public struct DistrictPlan: Sendable {
  public var labels: [String]
  public var districtsOfNode: [[Int]]

  public init(labels: [String], districtsOfNode: [[Int]]) {
    self.labels = labels
    self.districtsOfNode = districtsOfNode
  }

  /// Builds a plan from `(unit, district label)` rows; units not in the graph are returned separately.
  public static func from(rows: [(unit: String, district: String)], graph: UnitGraph) -> (
    DistrictPlan, unknownUnits: [String]
  ) {
    var labels: [String] = []
    var labelIndex: [String: Int] = [:]
    var of = [[Int]](repeating: [], count: graph.nodeCount)
    var unknown: [String] = []
    for r in rows {
      guard let i = graph.index(of: r.unit) else {
        unknown.append(r.unit)
        continue
      }
      let d: Int
      if let x = labelIndex[r.district] {
        d = x
      } else {
        d = labels.count
        labelIndex[r.district] = d
        labels.append(r.district)
      }
      if !of[i].contains(d) { of[i].append(d) }
    }
    // Order districts by label (numerically where possible).
    let order = labels.indices.sorted { a, b in
      if let x = Int(labels[a]), let y = Int(labels[b]) { return x < y }
      return labels[a] < labels[b]
    }
    var newIndex = [Int](repeating: 0, count: labels.count)
    for (n, o) in order.enumerated() { newIndex[o] = n }
    return (
      DistrictPlan(
        labels: order.map { labels[$0] },
        districtsOfNode: of.map { $0.map { newIndex[$0] }.sorted() }),
      unknown
    )
  }
}

/// What `saylau plan check` reports for one district.
public struct DistrictCheck: Sendable, Codable {
  public var district: String
  public var units: Int
  public var splitUnits: [String]
  public var regions: [String]
  /// Connected pieces on the adjacency graph (1 = contiguous); split units count in each district.
  public var pieces: Int
  public var pieceUnits: [[String]]
  /// Sum of unit populations; `nil` if any unit's population is blank or a unit is split.
  public var population: Int?
  public var unitsWithoutPopulation: Int
  /// Relative deviation from the national ideal (total population / districts), when both are known.
  public var deviationFromIdeal: Double?
  /// Relative deviation from the region's own ideal (region population / its districts), when known.
  public var deviationFromRegionIdeal: Double?
  public var cutEdges: Int
  public var areaKm2: Double?
  public var perimeterKm: Double?
  public var polsbyPopper: Double?
  public var reock: Double?
  public var neighbours: [String]
}

/// The result of checking a plan.
public struct PlanCheckReport: Sendable, Codable {
  public var units: Int
  public var districts: Int
  public var unassignedUnits: [String]
  public var unknownUnits: [String]
  public var splitUnits: [String]
  /// Districts with units in more than one region.
  public var nestingViolations: [String]
  public var nonContiguous: [String]
  public var cutEdges: Int
  public var totalPopulation: Int?
  public var idealPopulation: Double?
  public var unitsWithoutPopulation: Int
  public var maxAbsoluteDeviation: Double?
  public var districtChecks: [DistrictCheck]
  public var notes: [String]
}

/// Checks a plan on a graph.
///
/// - Parameters:
///   - regionColumn: node attribute giving the region (for nesting and regional ideals).
///   - populationColumn: node attribute with populations; blank values make sums unknown, never zero.
///   - regionPopulation: region totals, if known independently of the units (e.g. regions.csv), used for
///     regional ideals when unit populations are incomplete.
///   - shapes: node geometries for area, perimeter, Polsby–Popper and Reock (in an equal-area projection);
///     `sharedMetres` the border length of each graph edge (to remove internal borders from perimeters).
public func checkPlan(
  graph: UnitGraph, plan: DistrictPlan, unknownUnits: [String] = [], regionColumn: String?,
  populationColumn: String, regionPopulation: [String: Int] = [:], shapes: [MultiPolygon]? = nil,
  sharedMetres: [Double]? = nil
) -> PlanCheckReport {
  let n = graph.nodeCount
  let k = plan.labels.count
  let region = regionColumn.map { graph.textColumn($0) }
  var popOf = [Int?](repeating: nil, count: n)
  for i in 0..<n {
    switch graph.nodeAttributes[i][populationColumn] {
    case .int(let v): popOf[i] = v
    case .double(let d) where d == d.rounded(): popOf[i] = Int(d)
    case .string(let s): popOf[i] = Int(s)
    default: popOf[i] = nil
    }
  }
  var members = [[Int]](repeating: [], count: k)
  var unassigned: [String] = []
  var split: [String] = []
  for i in 0..<n {
    let ds = plan.districtsOfNode[i]
    if ds.isEmpty { unassigned.append(graph.names[i]) }
    if ds.count > 1 { split.append(graph.names[i]) }
    for d in ds { members[d].append(i) }
  }
  let projection = shapes.map { EqualAreaProjection(fitting: $0) }
  let measures = shapes.map { s in s.map { ShapeMeasure($0, projection: projection!) } }
  // Cut edges: an edge is cut if its ends share no district.
  var cutTotal = 0
  var cutOf = [Int](repeating: 0, count: k)
  var internalBorder = [Double](repeating: 0, count: k)
  var neighbourSets = [Set<Int>](repeating: [], count: k)
  for (e, edge) in graph.edges.enumerated() {
    let du = plan.districtsOfNode[Int(edge.u)]
    let dv = plan.districtsOfNode[Int(edge.v)]
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
      internalBorder[du[0]] += sharedMetres?[e] ?? 0
    }
  }
  // Totals and ideals.
  let allKnown = popOf.allSatisfy { $0 != nil }
  let total: Int? = allKnown ? popOf.reduce(0) { $0 + $1! } : nil
  let ideal = total.map { Double($0) / Double(k) }
  var regionSeats: [String: Int] = [:]
  var checks: [DistrictCheck] = []
  var nesting: [String] = []
  var nonContiguous: [String] = []
  var districtRegion = [String?](repeating: nil, count: k)
  for d in 0..<k {
    let regs = Set(members[d].compactMap { region?[$0] ?? nil })
    if regs.count == 1 { districtRegion[d] = regs.first! }
    if regs.count > 1 { nesting.append(plan.labels[d]) }
    if let r = districtRegion[d] { regionSeats[r, default: 0] += 1 }
  }
  var maxDev: Double? = ideal == nil ? nil : 0
  for d in 0..<k {
    let m = members[d]
    let comps = graph.components(of: m)
    if comps.count > 1 { nonContiguous.append(plan.labels[d]) }
    let hasSplit = m.contains { plan.districtsOfNode[$0].count > 1 }
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
    if let pop, let r = districtRegion[d], let rp = regionPopulation[r], let seats = regionSeats[r]
    {
      let ri = Double(rp) / Double(seats)
      regDev = (Double(pop) - ri) / ri
    }
    var check = DistrictCheck(
      district: plan.labels[d], units: m.count,
      splitUnits: m.filter { plan.districtsOfNode[$0].count > 1 }.map { graph.names[$0] },
      regions: Array(Set(m.compactMap { region?[$0] ?? nil })).sorted(), pieces: comps.count,
      pieceUnits: comps.count > 1 ? comps.map { $0.map { graph.names[$0] } } : [],
      population: pop, unitsWithoutPopulation: missing, deviationFromIdeal: dev,
      deviationFromRegionIdeal: regDev,
      cutEdges: cutOf[d], areaKm2: nil, perimeterKm: nil, polsbyPopper: nil, reock: nil,
      neighbours: neighbourSets[d].sorted().map { plan.labels[$0] })
    if let measures, !hasSplit, !m.isEmpty {
      let combined = ShapeMeasure(
        combining: m.map { measures[$0] }, internalBorder: internalBorder[d])
      check.areaKm2 = combined.area / 1e6
      check.perimeterKm = combined.perimeter / 1e3
      check.polsbyPopper = combined.polsbyPopper
      check.reock = combined.reock
    }
    checks.append(check)
  }
  var notes: [String] = []
  if !allKnown {
    notes.append(
      "\(popOf.filter { $0 == nil }.count) of \(n) units have no '\(populationColumn)': their districts' populations are unknown, not zero"
    )
  }
  if !split.isEmpty {
    notes.append(
      "split units (\(split.joined(separator: ", "))): the populations and shapes of their parts are not known, so their districts' population and compactness are left unknown"
    )
  }
  return PlanCheckReport(
    units: n, districts: k, unassignedUnits: unassigned, unknownUnits: unknownUnits,
    splitUnits: split,
    nestingViolations: nesting, nonContiguous: nonContiguous, cutEdges: cutTotal,
    totalPopulation: total,
    idealPopulation: ideal, unitsWithoutPopulation: popOf.filter { $0 == nil }.count,
    maxAbsoluteDeviation: maxDev,
    districtChecks: checks, notes: notes)
}
