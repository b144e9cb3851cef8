import SaylauDistricting

extension PlanRecord {
  /// The stored plan as the districting library's one plan type.
  public var plan: DistrictPlan { DistrictPlan(assignments: assignments) }

  /// A record of `plan`, which must give every unit one numbered district (what the store keeps).
  /// - Throws: ``PlanError/splitUnit(_:districts:)`` or ``PlanError/nonIntegerLabel(_:)``.
  public init(
    id: String, name: String, createdAt: String? = nil, source: String?, plan: DistrictPlan
  )
    throws(PlanError)
  {
    guard let assignments = plan.integerAssignments else {
      if let split = plan.splitUnits.first {
        throw .splitUnit(split, districts: plan.districts(of: split))
      }
      throw .nonIntegerLabel(plan.labels.first { Int($0) == nil } ?? "")
    }
    self.init(id: id, name: name, createdAt: createdAt, source: source, assignments: assignments)
  }
}
