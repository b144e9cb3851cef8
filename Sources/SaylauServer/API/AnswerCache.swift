import CompressNIO
import Foundation
import Hummingbird
import SaylauAccounts

/// Every answer the server keeps in memory until the data it comes from change: one type, one version,
/// dropped at once by ``SaylauService/resultsChanged()`` (a write of this process) and by the change feed (a
/// write of any process, ``SaylauService/followStoreChanges()``). It holds two kinds of answers:
///
/// - The results routes (``covers(_:)``), rendered once per change and served by ``ResultsCacheMiddleware``
///   with an ETag that changes when a protocol is accepted or imported (so `If-None-Match` gets 304 and a
///   cache in front may serve the crowd for a few seconds: `Cache-Control: public, max-age=5`), gzipped once.
///   The version starts from a random tag per server start, so an ETag of an earlier run never matches.
/// - The read routes' answers (``answer(_:_:)``), kept only while the server hears of every write (the
///   change feed listens, on PostgreSQL), so that a replica under load computes each answer once per write
///   rather than once per request.
///
/// An answer computed while a write landed is not kept (the version read before is checked), so no answer
/// older than the last write is served from memory.
///
/// A results answer is rendered once per change even when many clients ask at once (the crowd after a
/// write): the first request that misses renders it (a ``Flight``), and the requests that miss while it
/// renders, at the same version, wait for that render instead of starting their own.
final class AnswerCache: Sendable {
  struct Entry: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer
    /// The body gzipped (made once, for the first client that accepts gzip).
    var gzipped: ByteBuffer?
  }

  struct State {
    var version = 0
    /// The results routes' rendered answers.
    var entries: [String: Entry] = [:]
    /// The read routes' answers, and whether they are kept (the change feed listens).
    var answers: [String: Response] = [:]
    var following = false
    /// The results renders going on, by version and key.
    var flights: [String: Flight] = [:]
  }

  /// One render of a results answer that other requests for the same answer at the same version wait for.
  final class Flight: Sendable {
    /// Its key in ``State/flights`` (the version and the answer's key).
    let slot: String
    init(slot: String) { self.slot = slot }

    private let state = Locked<
      (done: Bool, entry: Entry?, waiters: [CheckedContinuation<Entry?, Never>])
    >(
      (false, nil, []))

    /// The render's answer once it is done; `nil` when it was not a 200 or failed (then the waiter renders
    /// its own, so each request gets the status and error its own render would give).
    func wait() async -> Entry? {
      await withCheckedContinuation { continuation in
        let ready = state.withLock { s -> (Bool, Entry?) in
          if s.done { return (true, s.entry) }
          s.waiters.append(continuation)
          return (false, nil)
        }
        if ready.0 { continuation.resume(returning: ready.1) }
      }
    }

    fileprivate func finish(_ entry: Entry?) {
      let waiters = state.withLock { s -> [CheckedContinuation<Entry?, Never>] in
        s.done = true
        s.entry = entry
        defer { s.waiters = [] }
        return s.waiters
      }
      for waiter in waiters { waiter.resume(returning: entry) }
    }
  }

  /// What a results request finds: the stored answer, a render of it going on, or the task of rendering it.
  enum Lookup {
    case stored(Entry)
    case rendering(Flight)
    case render(Flight)
  }

  private let state = Locked(State())
  let run = String(Secret.make().prefix(8))
  /// Read-route answers kept at most, and rendered results (pages of up to a few hundred kB) kept at most:
  /// beyond either the kind starts afresh (a bound on memory, not an eviction policy).
  let capacity: Int
  let resultsCapacity = 512
  /// How long a cache in front may serve an answer without asking again.
  static let cacheControl = "public, max-age=5"

  init(capacity: Int = 4096) { self.capacity = capacity }

  var etag: String { "\"\(run)-\(state.withLock { $0.version })\"" }

  /// Forgets every answer (something they come from changed).
  func invalidate() {
    state.withLock { s in
      s.version += 1
      s.entries.removeAll(keepingCapacity: true)
      s.answers.removeAll(keepingCapacity: true)
    }
  }

  /// Keeps the read routes' answers (the change feed listens) or not (it lost its connection: writes may go
  /// unheard); either way what is kept is dropped.
  func setFollowing(_ on: Bool) {
    state.withLock { s in
      s.following = on
      s.version += 1
      s.entries.removeAll(keepingCapacity: true)
      s.answers.removeAll(keepingCapacity: true)
    }
  }

  /// How many read-route answers are kept.
  var count: Int { state.withLock { $0.answers.count } }

  /// The kept answer to `request`, or `compute`'s (kept when it is a 200, the change feed listens and
  /// nothing was written meanwhile).
  func answer(_ request: Request, _ compute: () async throws -> Response) async throws -> Response {
    let key = request.uri.description
    let (on, start, hit) = state.withLock { s -> (Bool, Int, Response?) in
      (s.following, s.version, s.following ? s.answers[key] : nil)
    }
    if let hit { return hit }
    let response = try await compute()
    guard on, response.status == .ok else { return response }
    state.withLock { s in
      guard s.following && s.version == start else { return }
      if s.answers.count >= capacity { s.answers.removeAll(keepingCapacity: true) }
      s.answers[key] = response
    }
    return response
  }

  /// The stored answer for `key`, the render of it going on at the current version, or a new render for
  /// the caller to do (it must call ``finish(_:_:_:etag:)``); and the current ETag.
  func lookup(_ key: String) -> (Lookup, String) {
    state.withLock { s in
      let etag = "\"\(run)-\(s.version)\""
      if let entry = s.entries[key] { return (.stored(entry), etag) }
      let flightKey = "\(s.version) \(key)"
      if let flight = s.flights[flightKey] { return (.rendering(flight), etag) }
      let flight = Flight(slot: flightKey)
      s.flights[flightKey] = flight
      return (.render(flight), etag)
    }
  }

  /// Ends `flight`, the render of `key` begun at `etag`: keeps `entry` if the results did not change while
  /// it was rendered, and hands it to the requests that waited (`nil`: each renders its own).
  func finish(_ flight: Flight, _ key: String, _ entry: Entry?, etag: String) {
    state.withLock { s in
      let current = "\"\(run)-\(s.version)\"" == etag
      if let entry, current {
        if s.entries.count >= resultsCapacity { s.entries.removeAll(keepingCapacity: true) }
        s.entries[key] = entry
      }
      if s.flights[flight.slot] === flight { s.flights[flight.slot] = nil }
    }
    flight.finish(entry)
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

/// Serves the covered GET routes from ``AnswerCache``: 304 for a matching `If-None-Match`, the stored
/// answer when there is one, the answer of a render of it going on at the same version, else the route's
/// answer, stored (and handed to the requests that waited for it).
struct ResultsCacheMiddleware: RouterMiddleware {
  typealias Context = SaylauRequestContext
  let service: SaylauService

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    guard request.method == .get || request.method == .head,
      AnswerCache.covers(request.uri.path)
    else { return try await next(request, context) }
    let cache = service.answers
    let key = request.uri.description
    let (lookup, version) = cache.lookup(key)
    let gzip = AnswerCache.acceptsGzip(request)
    // One ETag per representation: the gzipped body is another one.
    func tag(_ zipped: Bool) -> String { zipped ? String(version.dropLast()) + "-gz\"" : version }
    if let match = request.headers[.ifNoneMatch],
      match.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).contains(where: {
        $0 == tag(gzip) || $0 == "W/" + tag(gzip) || $0 == "*"
      })
    {
      // A render this request was to do is not done: whoever waits for it renders their own.
      if case .render(let flight) = lookup { cache.finish(flight, key, nil, etag: version) }
      return Response(
        status: .notModified,
        headers: [
          .eTag: tag(gzip), .cacheControl: AnswerCache.cacheControl, .vary: "Accept-Encoding",
        ])
    }
    var entry: AnswerCache.Entry
    switch lookup {
    case .stored(let found):
      entry = found
    case .rendering(let flight):
      service.metrics.resultRenderWaits.increment()
      if let rendered = await flight.wait() {
        entry = rendered
      } else {
        // The render this request waited for was not a 200 (or failed): its own answer, not kept.
        return try await next(request, context)
      }
    case .render(let flight):
      service.metrics.resultRenders.increment()
      let response: Response
      do {
        response = try await next(request, context)
      } catch {
        cache.finish(flight, key, nil, etag: version)
        throw error
      }
      guard response.status == .ok else {
        cache.finish(flight, key, nil, etag: version)
        return response
      }
      let collector = Collector()
      do {
        try await response.body.write(collector.writer)
      } catch {
        cache.finish(flight, key, nil, etag: version)
        throw error
      }
      var headers = response.headers
      headers[.cacheControl] = AnswerCache.cacheControl
      headers[.vary] = "Accept-Encoding"
      // The length is the body's, which differs once gzipped: the server sets it from the body.
      headers[.contentLength] = nil
      entry = .init(status: .ok, headers: headers, body: collector.buffer)
      cache.finish(flight, key, entry, etag: version)
    }
    var headers = entry.headers
    if gzip && entry.body.readableBytes >= AnswerCache.compressionThreshold {
      if entry.gzipped == nil, let zipped = AnswerCache.gzip(entry.body) {
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
