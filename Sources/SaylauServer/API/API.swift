import Foundation
import Hummingbird
import SaylauAccounts
import SaylauStore

/// What the API's routes share: body decoding with 400s that name the field, the bearer-token check for
/// writes, and finding an election by its path id.
struct API: Sendable {
  let service: SaylauService

  var store: Store { service.store }

  func election(_ context: SaylauRequestContext) async throws -> ElectionRecord {
    let id = try context.parameters.require("id")
    guard let election = try await store.election(id: id) else {
      throw APIError(.notFound, "no election '\(id)'")
    }
    return election
  }

  /// The actor of the request's bearer token, if it holds `permission` (401 or 403 otherwise).
  func actor(_ request: Request, needs permission: Permission) async throws -> Actor {
    try await Authentication(service: service).actor(request, needs: permission)
  }

  /// Decodes a JSON body; a 400 names the field and the JSON kind it needs, never a Swift type.
  func decode<T: Decodable>(_ body: ByteBuffer) throws -> T {
    do {
      return try JSONDecoder().decode(T.self, from: Data(buffer: body))
    } catch let DecodingError.keyNotFound(key, context) {
      throw APIError(
        .badRequest, "body: field '\(Self.path(context.codingPath + [key]))' is missing")
    } catch let DecodingError.typeMismatch(type, context) {
      throw APIError(
        .badRequest,
        "body: field '\(Self.path(context.codingPath))' must be \(Self.jsonKind(of: type))")
    } catch let DecodingError.valueNotFound(_, context) {
      throw APIError(.badRequest, "body: field '\(Self.path(context.codingPath))' is null")
    } catch let DecodingError.dataCorrupted(context) {
      throw APIError(
        .badRequest,
        context.codingPath.isEmpty
          ? "body: not valid JSON"
          : "body: field '\(Self.path(context.codingPath))' has a value that is not allowed")
    } catch {
      throw APIError(.badRequest, "body: not valid JSON")
    }
  }

  static func path(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
      in: CharacterSet(charactersIn: "."))
  }

  /// The JSON kind a Swift type is decoded from, in the words of the OpenAPI document.
  static func jsonKind(of type: Any.Type) -> String {
    switch type {
    case is any BinaryInteger.Type: return "an integer"
    case is any BinaryFloatingPoint.Type: return "a number"
    case is Bool.Type: return "a boolean"
    case is String.Type: return "a string"
    case is [Any].Type: return "an array"
    default:
      let name = String(describing: type)
      return name.hasPrefix("Array") || name.hasPrefix("[") ? "an array" : "an object"
    }
  }
}
