import Foundation
import Hummingbird
import SaylauAccounts
import SaylauCore
import SaylauElections
import SaylauStore

/// Double entry over HTTP: clerks post their entries (a protocol file in the one format, read by the one
/// reader and checked by the one ``ProtocolCheck``), the coordinator reads the queue and decides, and a
/// correction opens a new version. The pages (``EntryPages``) call the same store functions.
struct EntryRoutes: Sendable {
  let service: SaylauService
  var store: Store { service.store }

  struct Entered: Encodable {
    var entered: [EntryOutcome]
    var refused: [RefusedEntry]
  }

  struct RefusedEntry: Encodable {
    var location: SourceLocation
    var precinct: String?
    var error: String
    var issues: [ProtocolIssue]
  }

  struct Checked: Encodable {
    var protocols: Int
    var issues: [ProtocolIssue]
    var refused: Bool
  }

  struct Resolution: Decodable {
    var decision: EntryDecision
    var reason: String
  }

  struct Correction: Decodable { var reason: String }

  struct Queue: Encodable {
    var election: String
    var items: [Store.QueueItem]
  }

  func register(on router: Router<SaylauRequestContext>) {
    let v1 = router.group("/api/v1/elections/:id")
    v1.post("/entries") { request, context in
      let actor = try await API(service: service).actor(request, needs: .enterProtocols)
      let election = try await API(service: service).election(context)
      let confirm = try Query(request).flag("confirmIssues")
      let (schema, records) = try await read(request, election: election.id)
      var entered: [EntryOutcome] = []
      var refused: [RefusedEntry] = []
      for record in records {
        let issues = record.issues(schema: schema)
        guard let p = record.protocolValue, !record.readIssues.contains(where: \.isError) else {
          refused.append(
            RefusedEntry(
              location: record.location, precinct: record.protocolValue?.precinct,
              error: "the record cannot be read", issues: issues))
          continue
        }
        do {
          let outcome = try await store.enterProtocol(
            p, election: election.id, schema: schema, clerk: actor, confirmedIssues: confirm)
          entered.append(outcome)
          if outcome.status == .accepted {
            service.accepted(election: election.id, precinct: p.precinct, ballot: p.ballot)
          }
        } catch let error as StoreError where error.kind != .database {
          refused.append(
            RefusedEntry(
              location: record.location, precinct: p.precinct, error: error.message,
              issues: issues))
        }
      }
      return try jsonResponse(
        Entered(entered: entered, refused: refused),
        status: entered.isEmpty ? .unprocessableContent : .created)
    }
    v1.post("/entries/check") { request, context in
      let election = try await API(service: service).election(context)
      let (schema, records) = try await read(request, election: election.id)
      // Reading errors (not a number, a wrong type, a malformed record) are the file's, not the
      // protocol's: 422 with them, as the upload answers. The check's own issues are the 200 answer.
      let reading = records.flatMap(\.readIssues).filter(\.isError)
      if !reading.isEmpty || records.contains(where: { $0.protocolValue == nil }) {
        throw ProtocolRoutes.refusal(
          "the file cannot be read as protocols", errors: reading.count, issues: reading)
      }
      let issues = records.flatMap { $0.issues(schema: schema) }
      return try jsonResponse(
        Checked(protocols: records.count, issues: issues, refused: ProtocolCheck.refuses(issues)))
    }
    v1.get("/entries/progress") { _, context in
      let election = try await API(service: service).election(context)
      return try jsonResponse(try await store.entryProgress(election: election.id))
    }
    v1.get("/entries/queue") { request, context in
      _ = try await API(service: service).actor(request, needs: .readQueue)
      let election = try await API(service: service).election(context)
      return try jsonResponse(
        Queue(election: election.id, items: try await store.entryQueue(election: election.id)))
    }
    v1.get("/entries/:ballot/:precinct") { request, context in
      _ = try await API(service: service).actor(request, needs: .readQueue)
      let (election, ballot, precinct) = try await Self.key(service, context)
      guard
        let found = try await store.protocolCase(
          election: election, precinct: precinct, ballot: ballot)
      else {
        throw APIError(
          .notFound, "precinct '\(precinct)' has no \(ballot.rawValue) protocol in entry")
      }
      return try jsonResponse(found)
    }
    v1.post("/entries/:ballot/:precinct/resolution") { request, context in
      let actor = try await API(service: service).actor(request, needs: .resolveProtocols)
      let (election, ballot, precinct) = try await Self.key(service, context)
      let asked: Resolution = try API(service: service).decode(
        try await request.body(upTo: 1 << 16))
      let schema = try await store.protocolSchema(election: election)
      let (found, accepted) = try await store.resolveProtocol(
        election: election, precinct: precinct, ballot: ballot, decision: asked.decision,
        reason: asked.reason, schema: schema, actor: actor)
      if accepted { service.accepted(election: election, precinct: precinct, ballot: ballot) }
      return try jsonResponse(found)
    }
    v1.post("/entries/:ballot/:precinct/corrections") { request, context in
      let actor = try await API(service: service).actor(request, needs: .resolveProtocols)
      let (election, ballot, precinct) = try await Self.key(service, context)
      let asked: Correction = try API(service: service).decode(
        try await request.body(upTo: 1 << 16))
      return try jsonResponse(
        try await store.openCorrection(
          election: election, precinct: precinct, ballot: ballot, reason: asked.reason,
          actor: actor), status: .created)
    }
  }

  /// The records of a protocol file in the body (CSV or JSON), read by the one reader.
  func read(_ request: Request, election: String) async throws -> (ProtocolSchema, [ReadProtocol]) {
    let type = request.headers[.contentType]?.lowercased() ?? ""
    let body = try await request.body(upTo: service.configuration.maximumBodyBytes)
    let schema = try await store.protocolSchema(election: election)
    let bytes = Array(buffer: body)
    if type.hasPrefix("text/csv") {
      let (header, records) = CSVProtocolReader.records(in: bytes, file: "request", schema: schema)
      if header.contains(where: \.isError) {
        throw APIError(
          .unprocessableContent, header.map(\.description).joined(separator: "; "))
      }
      return (schema, records)
    } else if type.hasPrefix("application/json") {
      let (root, records) = JSONProtocolReader.records(in: bytes, file: "request", schema: schema)
      if let error = root.first(where: \.isError) {
        throw APIError(.unprocessableContent, error.description)
      }
      return (schema, records)
    }
    throw APIError(
      .unsupportedMediaType,
      "the body must be a protocol file: Content-Type text/csv or application/json")
  }

  static func key(_ service: SaylauService, _ context: SaylauRequestContext) async throws -> (
    String, BallotType, String
  ) {
    let election = try await API(service: service).election(context)
    let text = try context.parameters.require("ballot")
    guard let ballot = BallotType(rawValue: text) else {
      throw APIError(.badRequest, "path 'ballot': '\(text)' is not 'list' or 'constituency'")
    }
    let raw = try context.parameters.require("precinct")
    return (election.id, ballot, raw.removingPercentEncoding ?? raw)
  }
}
