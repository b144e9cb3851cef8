import SaylauCore
import SaylauDistricting
import SaylauRegistry

/// The plan check for Kazakhstan: the bundled unit graph, region populations from the registry, the
/// polygon hosts of units without a polygon, and a ``MissingPolygonPolicy``.
///
/// The default policy is ``MissingPolygonPolicy/mergeIntoHost``: a unit without a polygon of its own fills
/// the polygon it lies in. Every face (the command line, the API) checks through this type, so they give
/// the same answer.
public struct KazakhstanPlanChecker: Sendable {
  public let registry: Registry
  public let kazakhstan: KazakhstanGraph
  public var policy: MissingPolygonPolicy

  /// The name of the bundled graph in reports and on the command line.
  public static let graphName = "kazakhstan"

  public init(
    registry: Registry, graph: KazakhstanGraph, policy: MissingPolygonPolicy = .mergeIntoHost
  ) {
    self.registry = registry
    self.kazakhstan = graph
    self.policy = policy
  }

  /// The checker of the bundled data.
  /// - Throws: the loaders' errors (``DatasetError``).
  public static func bundled(policy: MissingPolygonPolicy = .mergeIntoHost) throws
    -> KazakhstanPlanChecker
  {
    let (registry, graph) = try bundledData.get()
    return KazakhstanPlanChecker(registry: registry, graph: graph, policy: policy)
  }

  /// The bundled data never changes while the process runs, so it is read once (a server makes a checker
  /// per service, a test run many services).
  private static let bundledData = Result {
    (try BundledData.registry(), try BundledData.kazakhstanGraph())
  }

  /// The generic check configured for Kazakhstan.
  public var planCheck: PlanCheck {
    var regionPopulation: [String: Int] = [:]
    for r in registry.regions { if let p = r.population?.value { regionPopulation[r.code] = p } }
    return PlanCheck(
      map: kazakhstan.map, graphName: Self.graphName, regionColumn: "region_code",
      populationColumn: "population", regionPopulation: regionPopulation,
      unitsWithoutPolygon: kazakhstan.missingPolygons,
      polygonsWithoutUnit: kazakhstan.polygonsWithoutUnit, policy: policy)
  }

  /// Checks a plan of the registry's units.
  public func check(_ plan: DistrictPlan, named name: String) -> CheckedPlan {
    planCheck.check(plan, named: name)
  }

  /// Checks an enacted plan, with its constituencies' published figures beside.
  public func check(_ enacted: EnactedPlan) -> CheckedPlan {
    planCheck.check(enacted.plan, named: enacted.name, published: enacted.published)
  }

  /// Checks the enacted plan of scheme `schemeID`.
  /// - Throws: ``OfficialPlanError``.
  public func checkEnacted(scheme schemeID: String) throws(OfficialPlanError) -> CheckedPlan {
    check(try OfficialPlans.enacted(scheme: schemeID, in: registry))
  }

  /// Reads a plan CSV of the registry's units (those without a polygon included).
  /// - Throws: ``CSVError`` naming the line of a unit that is not known.
  public func readPlan(csv text: String, source: String) throws(CSVError) -> DistrictPlan {
    try PlanCSV.read(text, source: source, knownUnits: planCheck.knownUnits)
  }

  /// Reads a plan CSV from UTF-8 bytes (see ``readPlan(csv:source:)``).
  public func readPlan(bytes: [UInt8], source: String) throws(CSVError) -> DistrictPlan {
    try PlanCSV.read(bytes: bytes, source: source, knownUnits: planCheck.knownUnits)
  }
}
