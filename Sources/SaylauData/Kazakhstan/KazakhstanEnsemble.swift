import SaylauCore
import SaylauDistricting
import SaylauRegistry

/// Kazakhstan's own districting with the user's numbers: the unit graph weighted by a ``UnitCountTable``,
/// the constituencies nested in the regions with the scheme's seats per region, and the enacted plan on
/// that graph.
///
/// - **Units without a polygon** (Sauran, inside the Kentau polygon) become nodes of their own, joined to
///   their host polygon's unit and to everything the host touches (the check's
///   ``MissingPolygonPolicy/mergeIntoHost`` reading), so that the enacted plan, which puts Sauran and
///   Kentau in different constituencies, can be placed.
/// - **Split units** (Shymkent's Al-Farabi, in Nos 6 and 7 of 2023): a unit-level chain keeps every unit
///   whole, so the ensemble's plans do too. The enacted plan is placed once for each way of making it
///   whole (the unit entirely in each of its constituencies), and the report says which statistics change
///   with that choice; the true place lies between, since the dividing line is not in the data.
public struct KazakhstanEnsemble: Sendable {
  public let registry: Registry
  public let scheme: String
  public let table: UnitCountTable
  /// The graph: every unit of the scheme (units without a polygon joined as above), with the table's
  /// counts in attribute ``weightColumn`` and the region in `region_code`.
  public let graph: UnitGraph
  /// The Kazakhstan graph with the table's counts in its `population` attribute (for the plan check).
  public let kazakhstan: KazakhstanGraph
  /// Constituencies of each region in the scheme.
  public let seatsPerRegion: [String: Int]

  /// The node attribute holding the table's counts.
  public static let weightColumn = "population"
  /// The node attribute holding the region.
  public static let regionColumn = "region_code"

  /// The units a table must cover for `scheme`: every unit of its constituencies.
  /// - Throws: ``OfficialPlanError`` when the scheme or its compositions are not known.
  public static func units(scheme: String, registry: Registry) throws(OfficialPlanError) -> [String]
  {
    try OfficialPlans.enacted(scheme: scheme, in: registry).plan.units
  }

  /// Assembles the ensemble's inputs.
  /// - Throws: ``OfficialPlanError`` for a scheme without full compositions.
  public init(
    registry: Registry, kazakhstan bundled: KazakhstanGraph, scheme: String, table: UnitCountTable
  )
    throws(OfficialPlanError)
  {
    let enacted = try OfficialPlans.enacted(scheme: scheme, in: registry)
    self.registry = registry
    self.scheme = scheme
    self.table = table
    let counts = table.counts
    var seats: [String: Int] = [:]
    for c in registry.constituencies where c.schemeID == scheme {
      if let r = c.regionCode { seats[r, default: 0] += 1 }
    }
    seatsPerRegion = seats
    // The check's graph: the table's counts in place of the bundled populations.
    var kz = bundled
    for i in 0..<kz.graph.nodeCount {
      kz.graph.nodeAttributes[i][Self.weightColumn] = counts[kz.graph.names[i]].map { .int($0) }
    }
    kz.missingPolygons = kz.missingPolygons.map { m in
      var m = m
      m.attributes[Self.weightColumn] = counts[m.unit].map { .int($0) }
      return m
    }
    kazakhstan = kz
    // The chain's graph: units of the scheme only, hosted units joined to their host and its neighbours.
    let inPlan = Set(enacted.plan.units)
    let base = kz.graph
    var names: [String] = []
    var attributes: [[String: GraphValue]] = []
    var nodeOf: [String: Int] = [:]
    for i in 0..<base.nodeCount where inPlan.contains(base.names[i]) {
      nodeOf[base.names[i]] = names.count
      names.append(base.names[i])
      attributes.append(base.nodeAttributes[i])
    }
    var edges: [(Int, Int)] = []
    for e in base.edges {
      if let a = nodeOf[base.names[Int(e.u)]], let b = nodeOf[base.names[Int(e.v)]] {
        edges.append((a, b))
      }
    }
    for m in kz.missingPolygons where inPlan.contains(m.unit) {
      let node = names.count
      nodeOf[m.unit] = node
      names.append(m.unit)
      attributes.append(m.attributes)
      guard let host = m.host, let h = base.index(of: host), let hn = nodeOf[host] else { continue }
      edges.append((node, hn))
      for nb in base.neighbors(of: h) {
        if let x = nodeOf[base.names[Int(nb)]] { edges.append((node, x)) }
      }
    }
    graph = UnitGraph(names: names, nodeAttributes: attributes, edges: edges)
  }

  /// The enacted plan made whole: one plan per choice of constituency for each split unit (the unit
  /// entirely in that constituency), with the choice.
  /// - Throws: ``OfficialPlanError``.
  public func enactedAlternatives() throws(OfficialPlanError) -> [(
    plan: DistrictPlan, wholeIn: [String: String]
  )] {
    let enacted = try OfficialPlans.enacted(scheme: scheme, in: registry).plan
    let split = enacted.splitUnits
    var choices: [[String: String]] = [[:]]
    for u in split {
      choices = choices.flatMap { c in
        enacted.districts(of: u).map { d in c.merging([u: d]) { a, _ in a } }
      }
    }
    return choices.map { choice in
      let rows = enacted.rows.filter { r in choice[r.unit].map { $0 == r.district } ?? true }
      return (DistrictPlan(rows: rows), choice)
    }
  }

  /// The settings of the region-nested ensemble of the scheme's constituencies on ``graph``.
  public func settings(
    steps: Int, seed: UInt64, epsilon: String, chains: Int,
    proposal: ProposalSettings = ProposalSettings()
  ) -> EnsembleSettings {
    var s = EnsembleSettings(
      graph: "kazakhstan:\(scheme):\(table.sourceName)",
      districts: seatsPerRegion.values.reduce(0, +), steps: steps, seed: seed, epsilon: epsilon,
      chains: chains, weight: Self.weightColumn, region: Self.regionColumn,
      proposal: proposal)
    s.regionSeats = seatsPerRegion
    return s
  }
}
