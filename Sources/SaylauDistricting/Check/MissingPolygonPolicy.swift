/// How a plan check places a unit that has no polygon of its own (it lies inside another unit's polygon,
/// its host, in the geometry).
public enum MissingPolygonPolicy: String, Sendable, Hashable, Codable, CaseIterable {
  /// The unit is left out of contiguity and shape: its district is judged on its other units.
  case excludeUnit = "exclude-unit"
  /// The unit occupies its host polygon: it touches the host and everything the host touches.
  case mergeIntoHost = "merge-into-host"

  /// The policy in words, for reports.
  public var explanation: String {
    switch self {
    case .excludeUnit:
      return
        "a unit without a polygon is left out of contiguity and shape; its district is judged on its other units"
    case .mergeIntoHost:
      return
        "a unit without a polygon occupies its host polygon: it touches the host and everything the host touches"
    }
  }
}

/// A unit of the plans that has no polygon of its own.
public struct UnitWithoutPolygon: Sendable, Hashable, Codable {
  /// The unit's name (as plans name it).
  public var unit: String
  /// The graph node whose polygon holds it; `nil` when not known (then it is left out under either policy).
  public var host: String?
  /// Attributes like a node's: the region and population columns of the check are read here too.
  public var attributes: [String: GraphValue]

  public init(unit: String, host: String?, attributes: [String: GraphValue] = [:]) {
    self.unit = unit
    self.host = host
    self.attributes = attributes
  }
}
