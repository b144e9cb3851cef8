/// A unit without a polygon, and the node whose polygon holds it, as a report states them.
public struct PolygonHost: Sendable, Hashable, Codable {
  public var unit: String
  public var host: String?
}

/// A district's contiguity under each ``MissingPolygonPolicy``: connected pieces (1 = contiguous).
public struct PiecesByPolicy: Sendable, Hashable, Codable {
  public var excludeUnit: Int
  public var mergeIntoHost: Int

  public subscript(policy: MissingPolygonPolicy) -> Int {
    policy == .excludeUnit ? excludeUnit : mergeIntoHost
  }
}

/// What a plan check reports for one district.
public struct DistrictCheck: Sendable, Codable {
  public var district: String
  /// The plan's units in the district (those without a polygon included).
  public var units: Int
  public var splitUnits: [String]
  public var regions: [String]
  /// Connected pieces under the report's policy (1 = contiguous); split units count in each district.
  public var pieces: Int
  /// The units of each piece, when there is more than one.
  public var pieceUnits: [[String]]
  /// The district's units that have no polygon.
  public var unitsWithoutPolygon: [String]
  /// Pieces under each policy.
  public var piecesByPolicy: PiecesByPolicy
  /// Whether the district is contiguous under one policy and not under the other.
  public var contiguityDependsOnPolicy: Bool
  /// Sum of unit populations; `nil` if any unit's population is blank or a unit is split.
  public var population: Int?
  public var unitsWithoutPopulation: Int
  /// Relative deviation from the national ideal (total population / districts), when both are known.
  public var deviationFromIdeal: Double?
  /// Relative deviation from the region's own ideal (region population / its districts), when known.
  public var deviationFromRegionIdeal: Double?
  /// Cut edges of the polygon adjacency at the district's border.
  public var cutEdges: Int
  /// Shape measures; `nil` when the shape is not known (a split unit, a unit without a polygon).
  public var areaKm2: Double?
  public var perimeterKm: Double?
  public var polsbyPopper: Double?
  public var reock: Double?
  /// Districts sharing a border (polygon adjacency).
  public var neighbours: [String]
}

/// The result of checking a plan.
public struct PlanCheckReport: Sendable, Codable {
  /// The policy for units without a polygon that ``nonContiguous`` and each district's `pieces` follow.
  public var policy: MissingPolygonPolicy
  /// Units known to the check: the graph's nodes and the units without a polygon.
  public var units: Int
  public var districts: Int
  public var unassignedUnits: [String]
  public var unknownUnits: [String]
  public var splitUnits: [String]
  /// Units of the plan that have no polygon, with their hosts.
  public var unitsWithoutPolygon: [PolygonHost]
  /// Districts with units in more than one region.
  public var nestingViolations: [String]
  /// Districts in more than one piece under ``policy``.
  public var nonContiguous: [String]
  /// Districts whose contiguity differs between the two policies (the answer the data cannot settle).
  public var contiguityDependsOnPolicy: [String]
  public var cutEdges: Int
  public var totalPopulation: Int?
  public var idealPopulation: Double?
  public var unitsWithoutPopulation: Int
  public var maxAbsoluteDeviation: Double?
  public var districtChecks: [DistrictCheck]
  public var notes: [String]
}

/// What a district is known to have from a publication (the registry), shown beside the computed figures.
public struct PublishedDistrict: Sendable, Hashable, Codable {
  public var population: Int?
  public var electorate: Int?
  public var seat: String?

  public init(population: Int? = nil, electorate: Int? = nil, seat: String? = nil) {
    self.population = population
    self.electorate = electorate
    self.seat = seat
  }
}

/// A checked plan: which plan on which graph, the check, and what the graph's data say beside it. What
/// every face prints or serves.
public struct CheckedPlan: Sendable, Codable {
  public var plan: String
  public var graph: String
  public var check: PlanCheckReport
  /// The plan's units that have no polygon.
  public var unitsWithoutPolygon: [String]
  /// Polygons of the geometry that belong to no unit (never assigned).
  public var polygonsWithoutUnit: [String]
  /// Published facts by district label, where known.
  public var published: [String: PublishedDistrict]?
}
