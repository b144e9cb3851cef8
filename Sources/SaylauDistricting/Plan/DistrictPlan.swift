/// A districting plan: for each unit, the districts it belongs to (two or more for a split unit), with
/// district labels in one order.
///
/// The one plan type of the package: plan files, a graph column, an enacted plan from the registry, the
/// store's plans and the chain's starting point are all a `DistrictPlan`; bound to a graph it becomes a
/// ``PlanMembership`` (for a check, split units allowed) or an ``Assignment`` (one district per node, for
/// the chain). Units are named as the graph names its nodes.
public struct DistrictPlan: Sendable, Hashable, Codable {
  /// District labels in ``DistrictLabel/areInIncreasingOrder(_:_:)`` order; district `d` is `labels[d]`.
  public private(set) var labels: [String]
  /// For each unit, its districts (indices into ``labels``), ascending.
  public private(set) var districtsOfUnit: [String: [Int]]

  /// A plan from `(unit, district label)` rows; a unit listed under two districts is split, a repeated
  /// row counts once.
  public init(rows: some Sequence<(unit: String, district: String)>) {
    var byUnit: [String: Set<String>] = [:]
    var labelSet: Set<String> = []
    for r in rows {
      byUnit[r.unit, default: []].insert(r.district)
      labelSet.insert(r.district)
    }
    labels = labelSet.sorted(by: DistrictLabel.areInIncreasingOrder)
    let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
    districtsOfUnit = byUnit.mapValues { $0.map { index[$0]! }.sorted() }
  }

  /// A plan where every unit is in one district, numbered (the store's plans and the API's `assignments`).
  public init(assignments: [String: Int]) {
    self.init(rows: assignments.map { (unit: $0.key, district: String($0.value)) })
  }

  /// The units of the plan, sorted.
  public var units: [String] { districtsOfUnit.keys.sorted() }

  /// The district labels of `unit` (empty if it is not in the plan).
  public func districts(of unit: String) -> [String] {
    (districtsOfUnit[unit] ?? []).map { labels[$0] }
  }

  /// Units in more than one district, sorted.
  public var splitUnits: [String] { districtsOfUnit.filter { $0.value.count > 1 }.keys.sorted() }

  /// `(unit, district label)` rows, by unit then district: the plan CSV's rows.
  public var rows: [(unit: String, district: String)] {
    units.flatMap { u in districts(of: u).map { (unit: u, district: $0) } }
  }

  /// The units of each district (by district index), sorted.
  public var unitsOfDistrict: [[String]] {
    var out = [[String]](repeating: [], count: labels.count)
    for u in units { for d in districtsOfUnit[u]! { out[d].append(u) } }
    return out
  }

  /// Each unit's one district as an integer, when every unit has one district and every label is an
  /// integer (the form the store keeps); `nil` otherwise.
  public var integerAssignments: [String: Int]? {
    var out: [String: Int] = [:]
    for (u, ds) in districtsOfUnit {
      guard ds.count == 1, let n = Int(labels[ds[0]]) else { return nil }
      out[u] = n
    }
    return out
  }
}

/// The one order of district labels, used wherever districts are numbered: integer labels first, by value
/// (`2` before `10`), then every other label in code-point order.
public enum DistrictLabel {
  /// Whether label `a` comes before label `b`.
  public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
    switch (Int(a), Int(b)) {
    case (let x?, let y?): return x != y ? x < y : a < b
    case (.some, nil): return true
    case (nil, .some): return false
    case (nil, nil): return a < b
    }
  }
}
