import Foundation
import Hummingbird
import SaylauAccounts
import SaylauData
import SaylauDistricting
import SaylauStore

/// The plan routes: the enacted plans (from the registry, no upload needed) and the stored ones, and the
/// one plan check (``KazakhstanPlanChecker``, the same as `saylau plan check`).
struct PlanRoutes: Sendable {
  let service: SaylauService

  func register(on router: Router<SaylauRequestContext>) {
    let v1 = router.group("/api/v1")
    v1.get("/plans") { request, _ in
      try await service.answers.answer(request) {
        let enacted = OfficialPlans.all(in: service.planChecker.registry).map(PlanView.init)
        let stored = try await service.store.plans().map(PlanView.init)
        return try jsonResponse(PlanList(plans: enacted + stored))
      }
    }
    v1.post("/plans") { request, _ in
      let actor = try await API(service: service).actor(request, needs: .importFiles)
      let body = try await request.body(upTo: service.configuration.maximumBodyBytes)
      let plan: PlanRecord = try API(service: service).decode(body)
      if plan.id.hasPrefix(OfficialPlans.idPrefix) {
        throw APIError(
          .conflict,
          "plan '\(plan.id)': ids starting '\(OfficialPlans.idPrefix)' are the enacted plans")
      }
      try await service.store.savePlan(plan, actor: actor)  // audited in the same transaction
      service.resultsChanged()  // this replica's readers see the write at once
      service.logger.info("plan saved", metadata: ["plan": "\(plan.id)", "actor": "\(actor.name)"])
      return try jsonResponse(plan, status: .created)
    }
    v1.get("/plans/:id/check") { _, context in
      let id = try context.parameters.require("id")
      let checker = service.planChecker
      if let enacted = OfficialPlans.enacted(id: id, in: checker.registry) {
        return try jsonResponse(checker.check(enacted))
      }
      guard let plan = try await service.store.plans().first(where: { $0.id == id }) else {
        throw APIError(.notFound, "no plan '\(id)'")
      }
      return try jsonResponse(checker.check(plan.plan, named: plan.id))
    }
  }
}

/// A plan as the API lists it: units in one district under `assignments`, units divided between
/// districts under `splitUnits`.
struct PlanView: Encodable {
  var id: String
  var name: String
  var createdAt: String?
  var source: String?
  var enacted: Bool
  var assignments: [String: Int]
  var splitUnits: [String: [Int]]?

  init(_ plan: EnactedPlan) {
    self.init(
      id: plan.id, name: plan.name, createdAt: nil, source: "registry, scheme \(plan.scheme)",
      enacted: true, plan: plan.plan)
  }

  init(_ record: PlanRecord) {
    self.init(
      id: record.id, name: record.name, createdAt: record.createdAt, source: record.source,
      enacted: false, plan: record.plan)
  }

  init(
    id: String, name: String, createdAt: String?, source: String?, enacted: Bool, plan: DistrictPlan
  ) {
    self.id = id
    self.name = name
    self.createdAt = createdAt
    self.source = source
    self.enacted = enacted
    var single: [String: Int] = [:]
    var split: [String: [Int]] = [:]
    for unit in plan.units {
      // Enacted and stored plans number their districts, so every label is an integer.
      let numbers = plan.districts(of: unit).compactMap { Int($0) }
      if numbers.count == 1 { single[unit] = numbers[0] } else { split[unit] = numbers }
    }
    assignments = single
    splitUnits = split.isEmpty ? nil : split
  }
}

struct PlanList: Encodable { var plans: [PlanView] }
