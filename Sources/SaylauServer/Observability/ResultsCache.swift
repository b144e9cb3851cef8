import CompressNIO
import Foundation
import Hummingbird
import SaylauAccounts

/// The results routes rendered once per change and served from memory, with an ETag that changes when
/// a protocol is accepted or imported (so `If-None-Match` gets 304 and a cache in front may serve the
/// crowd for a few seconds: `Cache-Control: public, max-age=5`).
///
/// What changes the results calls ``SaylauService/resultsChanged()``: the version goes up, the stored
/// answers are dropped. The version starts from a random tag per server start, so an ETag of an earlier
/// run never matches.
final class ResultsCache: Sendable {
  struct Entry: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer
    /// The body gzipped (made once, for the first client that accepts gzip).
    var gzipped: ByteBuffer?
  }

  struct State {
    var version = 0
    var entries: [String: Entry] = [:]
  }

  private let state = Locked(State())
  let run = String(Secret.make().prefix(8))
  /// Answers kept at most (each a rendered page or JSON answer).
  let capacity = 512
  /// How long a cache in front may serve an answer without asking again.
  static let cacheControl = "public, max-age=5"

  var etag: String { "\"\(run)-\(state.withLock { $0.version })\"" }

  func invalidate() {
    state.withLock { s in
      s.version += 1
      s.entries.removeAll(keepingCapacity: true)
    }
  }

  func lookup(_ key: String) -> (Entry?, String) {
    state.withLock { s in (s.entries[key], "\"\(run)-\(s.version)\"") }
  }

  /// Keeps `entry` if the results did not change while it was rendered (`etag` is the one read before).
  func store(_ key: String, _ entry: Entry, etag: String) {
    state.withLock { s in
      guard "\"\(run)-\(s.version)\"" == etag else { return }
      if s.entries.count >= capacity { s.entries.removeAll(keepingCapacity: true) }
      s.entries[key] = entry
    }
  }

  /// Adds the gzipped body to a stored entry.
  func storeGzipped(_ key: String, _ body: ByteBuffer, etag: String) {
    state.withLock { s in
      guard "\"\(run)-\(s.version)\"" == etag else { return }
      s.entries[key]?.gzipped = body
    }
  }

  /// Answers smaller than this go uncompressed (gzip's header would eat the gain).
  static let compressionThreshold = 1024

  static func gzip(_ body: ByteBuffer) -> ByteBuffer? {
    var input = body
    return try? input.compress(with: .gzip())
  }

  /// Whether the request's `Accept-Encoding` admits gzip (a `q=0` refuses it).
  static func acceptsGzip(_ request: Request) -> Bool {
    guard let header = request.headers[.acceptEncoding]?.lowercased() else { return false }
    return header.split(separator: ",").contains { part in
      let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
      guard fields.first == "gzip" || fields.first == "*" else { return false }
      return !fields.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "q=0" }
    }
  }

  /// The routes whose answers depend on the counted protocols (and nothing else that changes).
  static func covers(_ path: String) -> Bool {
    let parts = path.split(separator: "/", omittingEmptySubsequences: true)
    if path == "/" { return true }
    if parts.count == 2 && (parts[0] == "elections" || parts[0] == "constituencies") { return true }
    if parts.count == 3 && parts[0] == "elections" && parts[2] == "results" { return true }
    // The drill-down: the counted precincts and each precinct's page.
    if parts.count >= 3 && parts.count <= 4 && parts[0] == "elections" && parts[2] == "precincts" {
      return true
    }
    if parts.count == 5 && parts[0] == "api" && parts[2] == "elections" {
      return parts[4] == "protocols" || parts[4] == "completeness"
    }
    if parts.count == 6 && parts[0] == "api" && parts[2] == "elections" {
      return parts[4] == "entries" && parts[5] == "progress"
    }
    return false
  }
}

/// Serves the covered GET routes from ``ResultsCache``: 304 for a matching `If-None-Match`, the stored
/// answer when there is one, else the route's answer, stored.
struct ResultsCacheMiddleware: RouterMiddleware {
  typealias Context = BasicRequestContext
  let service: SaylauService

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    guard request.method == .get || request.method == .head,
      ResultsCache.covers(request.uri.path)
    else { return try await next(request, context) }
    let cache = service.resultsCache
    let key = request.uri.description
    let (found, version) = cache.lookup(key)
    let gzip = ResultsCache.acceptsGzip(request)
    // One ETag per representation: the gzipped body is another one.
    func tag(_ zipped: Bool) -> String { zipped ? String(version.dropLast()) + "-gz\"" : version }
    if let match = request.headers[.ifNoneMatch],
      match.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).contains(where: {
        $0 == tag(gzip) || $0 == "W/" + tag(gzip) || $0 == "*"
      })
    {
      return Response(
        status: .notModified,
        headers: [
          .eTag: tag(gzip), .cacheControl: ResultsCache.cacheControl, .vary: "Accept-Encoding",
        ])
    }
    var entry: ResultsCache.Entry
    if let found {
      entry = found
    } else {
      let response = try await next(request, context)
      guard response.status == .ok else { return response }
      let collector = Collector()
      try await response.body.write(collector.writer)
      var headers = response.headers
      headers[.cacheControl] = ResultsCache.cacheControl
      headers[.vary] = "Accept-Encoding"
      // The length is the body's, which differs once gzipped: the server sets it from the body.
      headers[.contentLength] = nil
      entry = .init(status: .ok, headers: headers, body: collector.buffer)
      cache.store(key, entry, etag: version)
    }
    var headers = entry.headers
    if gzip && entry.body.readableBytes >= ResultsCache.compressionThreshold {
      if entry.gzipped == nil, let zipped = ResultsCache.gzip(entry.body) {
        entry.gzipped = zipped
        cache.storeGzipped(key, zipped, etag: version)
      }
      if let zipped = entry.gzipped {
        headers[.contentEncoding] = "gzip"
        headers[.eTag] = tag(true)
        return Response(status: entry.status, headers: headers, body: .init(byteBuffer: zipped))
      }
    }
    headers[.eTag] = tag(false)
    return Response(status: entry.status, headers: headers, body: .init(byteBuffer: entry.body))
  }

  /// Collects a response body into one buffer.
  final class Collector: @unchecked Sendable {
    var buffer = ByteBuffer()

    struct Writer: ResponseBodyWriter {
      let collector: Collector
      mutating func write(_ buffer: ByteBuffer) async throws {
        var b = buffer
        collector.buffer.writeBuffer(&b)
      }
      consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }

    var writer: Writer { Writer(collector: self) }
  }
}
