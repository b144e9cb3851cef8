import Foundation
import Hummingbird
import SaylauCore
import SaylauElections
import SaylauRegistry
import SaylauStore

/// An error answered as `{"error": message}` with a status; registry refusals about a day add
/// `"existence"` (`didNotExist` with 404, `uncertain` with 422).
///
/// Messages are for the API's users: they name query parameters and body fields, never a Swift type, and
/// a 500 never carries SQL or the database's own message (that goes to the log).
struct APIError: Error, HTTPResponseError, CustomStringConvertible {
  var status: HTTPResponse.Status
  var message: String
  var existence: Existence?
  /// Seconds for a `Retry-After` header (429).
  var retryAfter: Int?

  init(_ status: HTTPResponse.Status, _ message: String, existence: Existence? = nil) {
    self.status = status
    self.message = message
    self.existence = existence
  }

  var description: String { message }

  struct Body: Encodable {
    var error: String
    var existence: Existence?
  }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    response()
  }

  func response() -> Response {
    var response =
      (try? jsonResponse(Body(error: message, existence: existence), status: status))
      ?? Response(status: status)
    if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
    return response
  }

  /// The answer to a day without (certain) constituencies: 404 when none existed, 422 when uncertain,
  /// with the registry's own message (the CLI prints the same).
  init(_ error: RegistryDateError) {
    switch error.existence {
    case .uncertain: self.init(.unprocessableContent, error.description, existence: .uncertain)
    default: self.init(.notFound, error.description, existence: .didNotExist)
    }
  }

  /// A day without one certain regime: 404 when none was in force, 422 when which one is uncertain (the
  /// CLI's `saylau regimes --date` refuses with the same message).
  init(_ error: RegimeDateError) {
    switch error {
    case .uncertain: self.init(.unprocessableContent, error.description, existence: .uncertain)
    case .none: self.init(.notFound, error.description, existence: .didNotExist)
    }
  }

  init(_ error: ConstituencyQueryError) {
    if case .date(let date) = error {
      self.init(date)
    } else {
      self.init(.notFound, error.description)
    }
  }

  init(_ error: LookupError) {
    if case .date(let date) = error {
      self.init(date)
    } else {
      self.init(.notFound, error.description)
    }
  }
}

extension StoreError: HTTPResponseError {
  /// The status of each kind: refused input 400, missing 404, conflicting 409, the database's own failure
  /// 500 (whose message is logged, never answered).
  public var status: HTTPResponse.Status {
    switch kind {
    case .invalidInput: return .badRequest
    case .notFound: return .notFound
    case .conflict: return .conflict
    case .database: return .internalServerError
    }
  }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    apiError.response()
  }

  var apiError: APIError {
    APIError(status, kind == .database ? "internal error" : message)
  }
}

/// Encodes a value as the API's JSON (sorted keys, so answers are stable).
func jsonResponse<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
  let data = try encoder.encode(value)
  return Response(
    status: status, headers: [.contentType: "application/json; charset=utf-8"],
    body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
