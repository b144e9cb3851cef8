import Foundation
import Hummingbird
import SaylauCore
import SaylauElections
import SaylauStore

/// Query-string parsing with 400 answers that name the parameter.
struct Query {
  let values: [String: String]

  init(_ request: Request) {
    var values: [String: String] = [:]
    for (k, v) in request.uri.queryParameters {
      // The router has decoded the query once already; decoding again would turn `%253C` into `<`.
      values[String(k)] = String(v)
    }
    self.values = values
  }

  subscript(_ key: String) -> String? { values[key] }

  /// `?name=true|false`, `false` when absent.
  func flag(_ name: String) throws -> Bool {
    switch values[name] {
    case nil, "false": return false
    case "true": return true
    case let other?: throw APIError(.badRequest, "query '\(name)': '\(other)' is not true or false")
    }
  }

  /// The format of a protocol file sent as the body, from its Content-Type; 415 for any other.
  static func protocolFormat(of request: Request) throws -> ProtocolSource.Format {
    let type = request.headers[.contentType]?.lowercased() ?? ""
    if type.hasPrefix("text/csv") { return .csv }
    if type.hasPrefix("application/json") { return .json }
    throw APIError(
      .unsupportedMediaType,
      "the body must be a protocol file: Content-Type text/csv or application/json")
  }

  /// `?date=YYYY-MM-DD`, if given.
  func date() throws -> CalendarDate? {
    guard let text = values["date"] else { return nil }
    guard text.count == 10, let date = CalendarDate(iso: text) else {
      throw APIError(.badRequest, "query 'date': '\(text)' is not a date (YYYY-MM-DD)")
    }
    return date
  }

  func ballot() throws -> Ballot? {
    guard let text = values["ballot"] else { return nil }
    guard let ballot = Ballot(rawValue: text) else {
      throw APIError(.badRequest, "query 'ballot': '\(text)' is not 'list' or 'constituency'")
    }
    return ballot
  }

  func optionalNumber(_ key: String) throws -> Int? {
    guard let text = values[key] else { return nil }
    return try Self.number(text, name: "query '\(key)'")
  }

  static func number(_ text: String?, name: String = "path 'number'") throws -> Int {
    guard let text, let n = Int(text), (1...999).contains(n) else {
      throw APIError(
        .badRequest, "\(name): '\(text ?? "")' is not a constituency number (1 to 999)")
    }
    return n
  }

  func coordinate(_ key: String, limit: Double) throws -> Double? {
    guard let text = values[key] else { return nil }
    guard let value = Double(text), value.isFinite, abs(value) <= limit else {
      throw APIError(
        .badRequest,
        "query '\(key)': '\(text)' is not a number between -\(Int(limit)) and \(Int(limit))")
    }
    return value
  }
}
