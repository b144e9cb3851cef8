import Foundation
import Hummingbird

/// Which methods each served path answers, for 405 answers with an `Allow` header. Built from the router
/// itself (what is served is what is listed); a test checks that the API's part of it and the OpenAPI
/// document list the same operations.
struct RouteTable: Sendable {
  /// Path patterns split into segments; "{x}" matches any one segment.
  let routes: [(segments: [String], methods: Set<String>)]

  /// `routes` are (path pattern, method) pairs as the router describes them (`/api/v1/regions/{code}`).
  init(_ routes: [(path: String, method: String)]) {
    var table: [String: Set<String>] = [:]
    for (path, method) in routes {
      table[Self.normalised(path), default: []].insert(method)
      if method == "GET" { table[Self.normalised(path), default: []].insert("HEAD") }
    }
    self.routes = table.map { (Self.segments($0.key), $0.value) }
  }

  static func normalised(_ path: String) -> String {
    "/" + segments(path).joined(separator: "/")
  }

  static func segments(_ path: String) -> [String] { path.split(separator: "/").map(String.init) }

  /// The methods of the route matching `path`, or `nil` if no route matches.
  func methods(for path: String) -> Set<String>? {
    let parts = Self.segments(path)
    var found: Set<String>?
    for route in routes where route.segments.count == parts.count {
      let matches = zip(route.segments, parts).allSatisfy { pattern, part in
        pattern.hasPrefix("{") || pattern == part
      }
      if matches { found = (found ?? []).union(route.methods) }
    }
    return found
  }
}

/// The route table, set once when the application is built and read by every request after that.
final class RouteTableBox: @unchecked Sendable {
  // Written once before the server accepts requests, read afterwards; the lock makes that explicit.
  private let lock = NSLock()
  private var table = RouteTable([])

  func set(_ routes: RouteTable) {
    lock.lock()
    table = routes
    lock.unlock()
  }

  var value: RouteTable {
    lock.lock()
    defer { lock.unlock() }
    return table
  }
}

/// Answers `HEAD` wherever `GET` is answered: the request goes to the router as a `GET`, and the HTTP layer
/// sends the head of the answer without its body (NIO drops the body of a response to `HEAD`).
struct HeadResponder<Inner: HTTPResponder>: HTTPResponder
where Inner.Context == SaylauRequestContext {
  typealias Context = SaylauRequestContext
  let router: Inner

  func respond(to request: Request, context: Context) async throws -> Response {
    guard request.method == .head else {
      return try await router.respond(to: request, context: context)
    }
    var head = request.head
    head.method = .get
    return try await router.respond(to: Request(head: head, body: request.body), context: context)
  }
}
