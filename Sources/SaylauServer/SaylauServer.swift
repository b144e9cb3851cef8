import Foundation
import Hummingbird
import Logging
import SaylauData
import SaylauStore

/// How the server runs: address, write token and the limits that protect it.
public struct ServerConfiguration: Sendable {
  public var host: String
  public var port: Int
  /// The bearer token that writes need; `nil` disables writing (every write answers 401).
  public var token: String?
  /// Largest request body accepted (413 above it).
  public var maximumBodyBytes: Int
  /// Longest a request may take before the server answers 503.
  public var requestTimeout: Duration
  /// Idle keep-alive connections are closed after this.
  public var idleTimeout: Duration

  public init(
    host: String = "127.0.0.1", port: Int = 8080, token: String? = nil,
    maximumBodyBytes: Int = 32 << 20,
    requestTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60)
  ) {
    self.host = host
    self.port = port
    self.token = token
    self.maximumBodyBytes = maximumBodyBytes
    self.requestTimeout = requestTimeout
    self.idleTimeout = idleTimeout
  }
}

/// The shared state of a running server: the store, the in-memory atlas and the metrics.
public final class SaylauService: Sendable {
  public let store: Store
  public let atlas: Atlas
  public let metrics: ServerMetrics
  public let configuration: ServerConfiguration
  public let logger: Logger
  let pages: PageCache
  let routes: RouteTable
  /// The one plan check (the bundled graph and registry), as `saylau plan check` uses it.
  let planChecker: KazakhstanPlanChecker

  public init(store: Store, configuration: ServerConfiguration, logger: Logger) async throws {
    self.store = store
    self.configuration = configuration
    self.logger = logger
    let registry = try await store.registry()
    atlas = try Atlas.load(registry: registry)
    metrics = ServerMetrics()
    pages = PageCache(atlas: atlas)
    routes = RouteTable.standard
    planChecker = try KazakhstanPlanChecker.bundled()
  }

  /// The routes: JSON API under /api/v1, the web pages, /health and /metrics.
  public func router() -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: RequestMiddleware(service: self))
    API(service: self).register(on: router)
    SeatAPI(service: self).register(on: router)
    PlanAPI(service: self).register(on: router)
    Pages(service: self).register(on: router)
    router.get("/health") { _, _ in try await self.health() }
    router.get("/metrics") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: self.metrics.render())))
    }
    return router
  }

  func health() async throws -> Response {
    struct Health: Encodable {
      var status: String
      var database: String
      var schemaVersion: Int
      var constituencies: Int
    }
    do {
      let version = try await Schema.currentVersion(store.backend)
      return try jsonResponse(
        Health(
          status: "ok", database: store.backend.dialect.rawValue, schemaVersion: version,
          constituencies: atlas.constituencies(on: atlas.latestDate).count))
    } catch {
      logger.error("health check failed", metadata: ["error": "\(error)"])
      return try jsonResponse(
        Health(
          status: "unavailable", database: store.backend.dialect.rawValue, schemaVersion: 0,
          constituencies: 0),
        status: .serviceUnavailable)
    }
  }

  /// Builds the Hummingbird application; `onServerRunning` gets the bound port (useful with port 0).
  public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
    -> some ApplicationProtocol
  {
    Application(
      router: router(),
      server: .http1(
        configuration: .init(
          idleTimeout: .nanoseconds(
            Int64(configuration.idleTimeout.components.seconds) * 1_000_000_000))),
      configuration: .init(
        address: .hostname(configuration.host, port: configuration.port), serverName: "saylau"),
      onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
      logger: logger)
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

/// An error answered as `{"error": message}` with a status.
struct APIError: Error, CustomStringConvertible {
  var status: HTTPResponse.Status
  var message: String

  init(_ status: HTTPResponse.Status, _ message: String) {
    self.status = status
    self.message = message
  }

  var description: String { message }

  func response() -> Response {
    struct Body: Encodable { var error: String }
    return (try? jsonResponse(Body(error: message), status: status))
      ?? Response(status: status)
  }
}

extension StoreError {
  var apiError: APIError {
    switch kind {
    case .invalidInput: return APIError(.badRequest, message)
    case .notFound: return APIError(.notFound, message)
    case .conflict: return APIError(.conflict, message)
    case .database: return APIError(.internalServerError, message)
    }
  }
}

/// Per request: time it, cap it with the timeout, turn errors into JSON answers, count it, log it.
struct RequestMiddleware: RouterMiddleware {
  typealias Context = BasicRequestContext
  let service: SaylauService

  /// Routes answered from the in-memory atlas without touching the database.
  static func answeredFromMemory(_ path: String) -> Bool {
    path == "/api/v1/lookup" || path == "/api/v1/regions" || path.hasPrefix("/api/v1/regions/")
      || path == "/api/v1/constituencies" || path == "/api/v1/openapi.json" || path == "/metrics"
  }

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws
    -> Response
  {
    let start = ContinuousClock.now
    let timeout = service.configuration.requestTimeout
    var response: Response
    do {
      if request.method == .get && Self.answeredFromMemory(request.uri.path) {
        // Look-ups and registry reads come from memory and cannot block; racing them against a timer would
        // cost two child tasks and a timer per request on the hottest routes.
        response = try await next(request, context)
      } else {
        // The handler runs in a child task raced against a sleeping one; the group waits for both, so
        // `next` never outlives this call (hence the unchecked box).
        response = try await withoutActuallyEscaping(next) { next in
          let handler = UncheckedBox(next)
          return try await withThrowingTaskGroup(of: Response?.self) { group in
            group.addTask { try await handler.value(request, context) }
            group.addTask {
              try await Task.sleep(for: timeout)
              return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else {
              throw APIError(.serviceUnavailable, "the request took longer than \(timeout)")
            }
            return first
          }
        }
      }
    } catch let error as APIError {
      response = error.response()
    } catch let error as StoreError {
      response = error.apiError.response()
    } catch let error as HTTPError {
      if error.status == .notFound, let allowed = service.routes.methods(for: request.uri.path),
        !allowed.contains(request.method.rawValue)
      {
        // The path exists, the method does not: 405 with the methods it has.
        response = APIError(.methodNotAllowed, "\(request.method.rawValue) is not allowed here")
          .response()
        response.headers[.allow] = allowed.sorted().joined(separator: ", ")
      } else {
        response = APIError(error.status, error.body ?? error.status.reasonPhrase).response()
      }
    } catch {
      service.logger.error(
        "request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
      response = APIError(.internalServerError, "internal error").response()
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let route = context.endpointPath ?? "unmatched"
    service.metrics.record(
      method: request.method.rawValue, route: route, status: response.status.code, seconds: seconds)
    let level: Logger.Level = response.status.code >= 500 ? .error : .debug
    service.logger.log(
      level: level, "request",
      metadata: [
        "method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
        "status": "\(response.status.code)",
        "ms": "\(String(format: "%.3f", seconds * 1000))",
      ])
    return response
  }
}

/// Carries a non-Sendable value into a child task that provably ends before the value's scope does.
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

/// Which methods each path answers, for 405 answers with an `Allow` header. The API's operations are read
/// from the OpenAPI document (one source for both), the pages and /metrics are added here.
struct RouteTable: Sendable {
  /// Path patterns split into segments; "{x}" matches any one segment.
  let routes: [(segments: [String], methods: Set<String>)]

  static let standard: RouteTable = {
    var table: [String: Set<String>] = [
      "/": ["GET", "HEAD"], "/constituencies/{number}": ["GET", "HEAD"],
      "/elections/{id}": ["GET", "HEAD"],
      "/metrics": ["GET", "HEAD"],
    ]
    if let doc = try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8))
      as? [String: Any],
      let paths = doc["paths"] as? [String: [String: Any]]
    {
      for (path, operations) in paths {
        var methods = Set(operations.keys.map { $0.uppercased() })
        if methods.contains("GET") { methods.insert("HEAD") }
        table[path, default: []].formUnion(methods)
      }
    }
    return RouteTable(routes: table.map { (Self.segments($0.key), $0.value) })
  }()

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

extension Request {
  /// The body, refused with 413 as soon as it grows past `limit` bytes (the declared length is checked first).
  func body(upTo limit: Int) async throws -> ByteBuffer {
    if let declared = headers[.contentLength].flatMap({ Int($0) }), declared > limit {
      throw APIError(.contentTooLarge, "the body is larger than \(limit) bytes")
    }
    var collected = ByteBuffer()
    for try await chunk in body {
      if collected.readableBytes + chunk.readableBytes > limit {
        throw APIError(.contentTooLarge, "the body is larger than \(limit) bytes")
      }
      collected.writeImmutableBuffer(chunk)
    }
    return collected
  }
}
