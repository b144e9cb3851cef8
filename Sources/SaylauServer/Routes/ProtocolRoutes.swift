import Foundation
import Hummingbird
import SaylauStore

/// Imported polling-station protocols of an election: their totals, and the import (moved here unchanged
/// from the former API.swift; the protocol model and its import are the protocols branch's).
struct ProtocolRoutes: Sendable {
  let service: SaylauService
  var store: Store { service.store }

  func register(on router: Router<BasicRequestContext>) {
    let v1 = router.group("/api/v1")
    let api = API(service: service)
    v1.get("/elections/:id/protocols") { request, context in
      let election = try await api.election(context)
      let query = Query(request)
      let ballot = try query.ballot() ?? .list
      let constituency = try query.optionalNumber("constituency")
      return try jsonResponse(
        try await store.protocolTotals(
          election: election.id, ballot: ballot, constituency: constituency))
    }
    v1.post("/elections/:id/protocols") { request, context in
      try api.authorize(request)
      let id = try context.parameters.require("id")
      let body = try await request.body(upTo: service.configuration.maximumBodyBytes)
      let upload: ProtocolUpload = try api.decode(body)
      let record = try await store.importProtocols(
        election: id, source: upload.source ?? "api", synthetic: upload.synthetic ?? false,
        upload.protocols)
      service.metrics.recordImport(protocols: record.protocols)
      service.logger.info(
        "protocols imported",
        metadata: [
          "election": "\(id)", "import": "\(record.id)", "protocols": "\(record.protocols)",
          "synthetic": "\(record.synthetic)",
        ])
      return try jsonResponse(record, status: .created)
    }
  }
}

struct ProtocolUpload: Decodable {
  var source: String?
  var synthetic: Bool?
  var protocols: [ProtocolRecord]
}
