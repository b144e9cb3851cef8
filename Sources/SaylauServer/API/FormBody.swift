import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body: names to values (the last of a repeated name wins).
struct FormBody {
  let values: [String: String]

  subscript(_ name: String) -> String? { values[name] }

  init(_ text: String) {
    var values: [String: String] = [:]
    for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decode(_ s: Substring) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
      }
      values[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
    }
    self.values = values
  }

  /// Reads the body of a form post (at most `limit` bytes; 415 for another content type).
  static func read(_ request: Request, limit: Int = 1 << 16) async throws -> FormBody {
    let type = request.headers[.contentType]?.lowercased() ?? ""
    guard type.hasPrefix("application/x-www-form-urlencoded") else {
      throw APIError(.unsupportedMediaType, "a form post is application/x-www-form-urlencoded")
    }
    return FormBody(String(buffer: try await request.body(upTo: limit)))
  }
}
