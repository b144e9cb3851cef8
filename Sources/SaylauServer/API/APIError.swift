import Foundation
import Hummingbird
import SaylauCore
import SaylauElections
import SaylauRegistry
import SaylauStore

/// An error answered as an RFC 9457 problem detail (`application/problem+json`): `type`, `title`, `status`,
/// `detail` (one line for a person: it names the parameter or field at fault, never a Swift type, never SQL),
/// `instance` (this occurrence: `urn:saylau:request:<request id>`, the id the log and the `X-Request-Id`
/// header carry) and `requestId`; registry refusals about a day add `existence` (`didNotExist` with 404,
/// `uncertain` with 422), conflicts `station` and `ballot`, refused imports `errors` and `issues`.
struct APIError: Error, HTTPResponseError, CustomStringConvertible {
  var status: HTTPResponse.Status
  var message: String
  var existence: Existence?
  /// The problem's own type (`urn:saylau:problem:<slug>`); `nil` = `about:blank` (the status says it all).
  var slug: String?
  /// A title for the type; `nil` = the status's reason phrase.
  var title: String?
  var station: String?
  var ballot: String?
  var errors: Int?
  var issues: [ProtocolIssue]?
  /// Seconds after which a retry may succeed (503).
  var retryAfter: Int?

  init(
    _ status: HTTPResponse.Status, _ message: String, existence: Existence? = nil,
    slug: String? = nil, title: String? = nil
  ) {
    self.status = status
    self.message = message
    self.existence = existence
    self.slug = slug
    self.title = title
  }

  var description: String { message }

  /// The body: RFC 9457's members, then this API's extensions.
  struct Problem: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var instance: String?
    var requestId: String?
    var existence: Existence?
    var station: String?
    var ballot: String?
    var errors: Int?
    var issues: [ProtocolIssue]?
  }

  var problem: Problem {
    let id = RequestID.current
    return Problem(
      type: slug.map { "urn:saylau:problem:\($0)" } ?? "about:blank",
      title: title ?? status.reasonPhrase, status: Int(status.code), detail: message,
      instance: id.map { "urn:saylau:request:\($0)" }, requestId: id, existence: existence,
      station: station, ballot: ballot, errors: errors, issues: issues)
  }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    response()
  }

  func response() -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(problem) else { return Response(status: status) }
    var headers: HTTPFields = [.contentType: "application/problem+json"]
    if let retryAfter { headers[.retryAfter] = String(retryAfter) }
    return Response(
      status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  /// The answer to a day without (certain) constituencies: 404 when none existed, 422 when uncertain,
  /// with the registry's own message (the CLI prints the same).
  init(_ error: RegistryDateError) {
    switch error.existence {
    case .uncertain:
      self.init(
        .unprocessableContent, error.description, existence: .uncertain, slug: "uncertain-date",
        title: "Whether constituencies existed on the day is uncertain")
    default:
      self.init(
        .notFound, error.description, existence: .didNotExist, slug: "no-constituencies",
        title: "No constituencies existed on the day")
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
  /// The status of each kind: refused input 400, missing 404, conflicting 409, a database that cannot take
  /// the write now 503 (with `Retry-After`), the database's own failure 500 (whose message is logged, never
  /// answered).
  public var status: HTTPResponse.Status {
    switch kind {
    case .invalidInput: return .badRequest
    case .notFound: return .notFound
    case .conflict: return .conflict
    case .unavailable: return .serviceUnavailable
    case .database: return .internalServerError
    }
  }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    apiError.response()
  }

  var apiError: APIError {
    switch kind {
    case .database: return APIError(status, "internal error")
    case .conflict:
      var e = APIError(status, message, slug: "conflict", title: "It is stored already")
      e.station = details["station"]
      e.ballot = details["ballot"]
      return e
    case .unavailable:
      var e = APIError(
        status, message, slug: "database-unavailable",
        title: "The database cannot take the request now")
      e.retryAfter = 2
      return e
    default: return APIError(status, message)
    }
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

/// The id of the request being answered (a task-local value bound by ``RequestMiddleware``): in the log line
/// of the request and of every error, in the `X-Request-Id` header and in problem details.
enum RequestID {
  @TaskLocal static var current: String?

  /// A client's `X-Request-Id` is kept when it is short and plain (letters, digits, `-`, `_`, `.`); otherwise
  /// the server makes one.
  static func accepted(_ given: String?) -> String? {
    guard let given, !given.isEmpty, given.utf8.count <= 64,
      given.utf8.allSatisfy({
        ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
          || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E
      })
    else { return nil }
    return given
  }

  static func make() -> String { UUID().uuidString.lowercased() }
}

extension HTTPFields {
  /// The `X-Request-Id` header.
  var requestID: String? {
    get { self[.init("X-Request-Id")!] }
    set { self[.init("X-Request-Id")!] = newValue }
  }
}
