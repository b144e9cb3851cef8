/// Why a plan cannot be used as asked. Names units and labels, never a face's option.
public enum PlanError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A unit of the plan is not a node of the graph.
  case unknownUnit(String)
  /// A node of the graph is in no district.
  case unassignedUnit(String)
  /// A unit is in more than one district where one is needed (a chain's plan, the store).
  case splitUnit(String, districts: [String])
  /// A label that must be an integer is not.
  case nonIntegerLabel(String)
  /// The plan has another number of districts than expected.
  case districtCount(found: Int, expected: Int)

  public var description: String {
    switch self {
    case .unknownUnit(let u): return "unit '\(u)' is not in the graph"
    case .unassignedUnit(let u): return "unit '\(u)' has no district"
    case .splitUnit(let u, let ds):
      return
        "unit '\(u)' is in \(ds.count) districts (\(ds.joined(separator: ", "))); one is needed"
    case .nonIntegerLabel(let l): return "district '\(l)' is not a whole number"
    case .districtCount(let found, let expected):
      return "the plan has \(found) districts, not \(expected)"
    }
  }
}
