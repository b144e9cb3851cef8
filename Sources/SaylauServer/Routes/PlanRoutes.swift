import Foundation
import Hummingbird
import SaylauStore

/// Stored districting plans under /api/v1: the list and saving one. (Their check is `PlanCheck.swift`'s.)
struct PlanRoutes: Sendable {
  let service: SaylauService
  var store: Store { service.store }

  func register(on router: Router<BasicRequestContext>) {
    let v1 = router.group("/api/v1")
    let api = API(service: service)
    v1.get("/plans") { _, _ in try jsonResponse(PlanList(plans: try await store.plans())) }
    v1.post("/plans") { request, _ in
      try api.authorize(request)
      let body = try await request.body(upTo: service.configuration.maximumBodyBytes)
      let plan: PlanRecord = try api.decode(body)
      try await store.savePlan(plan)
      service.logger.info("plan saved", metadata: ["plan": "\(plan.id)"])
      return try jsonResponse(plan, status: .created)
    }
  }
}

struct PlanList: Encodable { var plans: [PlanRecord] }
