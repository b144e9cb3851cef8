import Foundation
import Hummingbird
import SaylauCore
import SaylauElections
import SaylauStore

/// `POST /api/v1/count`: counts an election defined as data (the body is a count request: the definition,
/// its protocols in the JSON form, round 2, repeat voting, what-if options, the chamber's day), read by the
/// same ``CountRequest`` parser and counted by the same ``DefinitionCount`` as `saylau election count
/// --request`, so both faces give one answer. The regimes and parties are the store's.
struct CountRoutes: Sendable {
  let service: SaylauService

  func register(on router: Router<SaylauRequestContext>) {
    router.group("/api/v1").post("/count") { request, _ in
      let body = try await request.body(upTo: service.configuration.maximumBodyBytes)
      return try await count(Array(buffer: body))
    }
  }

  /// A refused count (422) as an RFC 9457 problem detail: the reason in `detail`, and every issue with its
  /// line and field.
  struct Refusal: Encodable {
    var type = "urn:saylau:problem:count-refused"
    var title = "The count was refused"
    var status = 422
    var detail: String
    var instance = RequestID.current.map { "urn:saylau:request:\($0)" }
    var requestId = RequestID.current
    var issues: [Issue]

    init(error: String, issues: [Issue]) {
      detail = error
      self.issues = issues
    }

    var response: Response {
      get throws {
        var r = try jsonResponse(self, status: .unprocessableContent)
        r.headers[.contentType] = "application/problem+json"
        return r
      }
    }
  }

  /// One issue of a refusal, from a definition or a protocol.
  struct Issue: Encodable {
    var location: SourceLocation?
    var field: String?
    var message: String
    var severity: String
    var text: String
  }

  func count(_ bytes: [UInt8]) async throws -> Response {
    let request: CountRequest
    do {
      request = try CountRequest.parse(bytes, name: "request", directory: nil)
    } catch {
      return try refuse("the count request is invalid", definition: error.issues)
    }
    let regimes = try await service.store.regimes()
    let parties = try await service.store.parties()
    let result: DefinitionCount.Result
    do {
      result = try request.count(regimes: regimes, parties: parties)
    } catch {
      switch error {
      case .definition(let issues):
        return try refuse(
          "the definition has \(issues.filter(\.isError).count) error(s): nothing was counted",
          definition: issues)
      case .refused(let what, let refused):
        return try Refusal(
          error: "\(what): \(refused.description)",
          issues: (refused.issues + refused.warnings).map {
            Issue(
              location: $0.location, field: $0.field, message: $0.message,
              severity: $0.severity.rawValue, text: $0.description)
          }
        ).response
      default:
        throw APIError(.unprocessableContent, "cannot count: \(error.description)")
      }
    }
    return try jsonResponse(CountView(result))
  }

  func refuse(_ message: String, definition issues: [DefinitionError]) throws -> Response {
    try Refusal(
      error: message,
      issues: issues.map {
        Issue(
          location: $0.location, field: $0.field, message: $0.message,
          severity: $0.severity.rawValue, text: $0.description)
      }
    ).response
  }
}
