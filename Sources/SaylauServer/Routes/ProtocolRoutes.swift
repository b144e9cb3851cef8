import Foundation
import Hummingbird
import SaylauAccounts
import SaylauCore
import SaylauElections
import SaylauStore

/// Polling-station protocols over HTTP, version 2: the body is a protocol file in the format of the
/// ProtocolFormat article (CSV as `text/csv`, JSON as `application/json`), checked by the one
/// ``ProtocolImport`` and stored in one transaction. Version 1's upload (another shape, fewer checks) is gone.
struct ProtocolRoutes: Sendable {
  let service: SaylauService
  var store: Store { service.store }

  func register(on router: Router<SaylauRequestContext>) {
    let v1 = router.group("/api/v1")
    // Version 1 totals stay (the same store query as version 2, in the v1 shape).
    let cache = service.answers
    v1.get("/elections/:id/protocols") { request, context in
      try await cache.answer(request) {
        let election = try await API(service: service).election(context)
        let query = Query(request)
        let ballot = try query.ballot() ?? .list
        let constituency = try query.optionalNumber("constituency")
        return try jsonResponse(
          try await store.protocolTotals(
            election: election.id, ballot: ballot, constituency: constituency))
      }
    }
    v1.post("/elections/:id/protocols") { _, _ -> Response in
      throw APIError(
        .gone,
        "this upload is gone: POST /api/v2/elections/{id}/protocols takes the protocol file itself (text/csv or application/json, every line of the protocol, every check)"
      )
    }
    let v2 = router.group("/api/v2")
    v2.get("/elections/:id/protocols") { request, context in
      try await cache.answer(request) {
        let election = try await API(service: service).election(context)
        let query = Query(request)
        let ballot = try query.ballot() ?? .list
        let constituency = try query.optionalNumber("constituency")
        return try jsonResponse(
          try await store.protocolLines(
            election: election.id, ballot: ballot, constituency: constituency))
      }
    }
    v2.post("/elections/:id/protocols") { request, context in
      try await upload(request, context)
    }
  }

  /// The answer to an upload: the import, and with `acceptValid` the rejected records as they were sent.
  struct Imported: Encodable {
    var `import`: ImportRecord
    var acceptedProtocols: Int
    var rejected: [Rejected]
    /// The errors of the rejected records, and the warnings (lawful but notable).
    var issues: [ProtocolIssue]
  }

  struct Rejected: Encodable {
    var location: SourceLocation
    /// The record's bytes as sent (decoded as UTF-8).
    var record: String
  }

  /// A refused upload (422, a problem detail): every issue, errors and warnings, each with its location,
  /// field and severity.
  static func refusal(_ detail: String, errors: Int, issues: [ProtocolIssue]) -> APIError {
    var e = APIError(
      .unprocessableContent, detail, slug: "protocols-refused", title: "The protocols were refused")
    e.errors = errors
    e.issues = issues
    return e
  }

  func upload(_ request: Request, _ context: SaylauRequestContext) async throws -> Response {
    let actor = try await API(service: service).actor(request, needs: .importFiles)
    let election = try await API(service: service).election(context)
    let format = try Query.protocolFormat(of: request)
    let acceptValid = try Query(request).flag("acceptValid")
    let replacing = try Query(request).flag("replace")
    let body = try await request.body(upTo: service.configuration.maximumBodyBytes)
    let schema = try await store.protocolSchema(election: election.id)
    let source = ProtocolSource.bytes(Array(buffer: body), name: "request", format: format)
    let accepted: ProtocolImport.Accepted
    do {
      accepted = try ProtocolImport(schema: schema).run([source], acceptValid: acceptValid)
    } catch {
      throw Self.refusal(
        error.description, errors: error.errorCount, issues: error.issues + error.warnings)
    }
    guard accepted.acceptedRows > 0 else {
      throw Self.refusal(
        "no protocol could be imported; nothing was stored", errors: accepted.errorCount,
        issues: accepted.issues + accepted.warnings)
    }
    // The audit record is written inside the import's transaction.
    let record = try await store.importProtocols(
      accepted, election: election.id, source: "api", synthetic: false, replacing: replacing,
      actor: actor)
    service.resultsChanged()
    service.metrics.recordImport(protocols: record.protocols)
    service.logger.info(
      "protocols imported",
      metadata: [
        "election": "\(election.id)", "import": "\(record.id)", "protocols": "\(record.protocols)",
        "rejected": "\(accepted.rejected.count)", "synthetic": "\(record.synthetic)",
        "requestId": "\(RequestID.current ?? "")",
      ])
    let rows = try accepted.rejectedRows()
    return try jsonResponse(
      Imported(
        import: record, acceptedProtocols: accepted.acceptedRows,
        rejected: zip(accepted.rejected, rows).map { r, row in
          Rejected(
            location: SourceLocation(
              file: r.file, line: r.line, path: r.path, byteRange: r.byteRange),
            record: String(decoding: row.bytes, as: UTF8.self))
        }, issues: accepted.issues + accepted.warnings),
      status: .created)
  }
}
