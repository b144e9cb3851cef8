import Foundation
import Hummingbird
import Logging
import SaylauStore

/// Per request: give it an id, time it, cap it with the timeout, turn errors into problem details (RFC 9457),
/// count it, log it (with the id, which every answer carries in `X-Request-Id`).
struct RequestMiddleware: RouterMiddleware {
  typealias Context = SaylauRequestContext
  let service: SaylauService

  /// Routes answered from memory without touching the database.
  static func answeredFromMemory(_ path: String) -> Bool {
    path == "/api/v1/lookup" || path == "/health/live" || path == "/api/v1/regions"
      || path.hasPrefix("/api/v1/regions/")
      || path == "/api/v1/constituencies" || path == "/api/v1/openapi.json" || path == "/metrics"
      || path == PageRoutes.stylesheet
  }

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws
    -> Response
  {
    let id = RequestID.accepted(request.headers.requestID) ?? RequestID.make()
    return try await RequestID.$current.withValue(id) {
      var response = try await answer(request, context: context, next: next, id: id)
      response.headers.requestID = id
      return response
    }
  }

  private func answer(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response,
    id: String
  ) async throws -> Response {
    let start = ContinuousClock.now
    let timeout = service.configuration.requestTimeout
    var response: Response
    do {
      if request.method == .get && Self.answeredFromMemory(request.uri.path) {
        // Look-ups and registry reads come from memory and cannot block; racing them against a timer would
        // cost two child tasks and a timer per request on the hottest routes.
        response = try await next(request, context)
      } else {
        // The handler runs in a child task raced against a timer; the group waits for both, so `next` never
        // outlives this call (hence the unchecked box). The deadline stands still while the request's write
        // waits in the store's queue: the timeout bounds the work, the queue timeout bounds the wait.
        let deadline = RequestDeadline(
          timeout: timeout, queueLimit: service.configuration.writeQueueTimeout)
        let observer = WriteQueue.Observer(
          queued: { await deadline.queued() }, admitted: { await deadline.admitted() })
        response = try await withoutActuallyEscaping(next) { next in
          let handler = UncheckedBox(next)
          return try await withThrowingTaskGroup(of: RequestDeadline.Outcome.self) { group in
            group.addTask {
              try await WriteQueue.$observer.withValue(observer) {
                .answered(try await handler.value(request, context))
              }
            }
            group.addTask { try await deadline.expiry() }
            let first = try await group.next() ?? .late
            group.cancelAll()
            switch first {
            case .answered(let response): return response
            case .late:
              var late = APIError(
                .serviceUnavailable, "the request took longer than \(timeout)", slug: "timeout",
                title: "The request took too long")
              late.retryAfter = 5
              throw late
            case .queuedTooLong:
              var busy = APIError(
                .serviceUnavailable,
                "the database is busy: this write waited \(service.configuration.writeQueueTimeout) for the writes before it",
                slug: "database-unavailable", title: "The database cannot take the request now")
              busy.retryAfter = 5
              throw busy
            }
          }
        }
      }
    } catch let error as HTTPError {
      // Hummingbird's own errors (no route, a missing parameter) in the API's shape.
      if error.status == .notFound,
        let allowed = service.routeTable.value.methods(for: request.uri.path),
        !allowed.contains(request.method.rawValue)
      {
        // The path exists, the method does not: 405 with the methods it has.
        response = APIError(.methodNotAllowed, "\(request.method.rawValue) is not allowed here")
          .response()
        response.headers[.allow] = allowed.sorted().joined(separator: ", ")
      } else {
        response = APIError(error.status, error.body ?? error.status.reasonPhrase).response()
      }
    } catch let error as StoreError where error.kind == .database || error.cause != nil {
      // The database's message may hold SQL or internals: logged here with the request id, answered as
      // "internal error" (or in the store's own words for a conflict or a busy database).
      service.logger.log(
        level: error.kind == .database ? .error : .warning, "database error",
        metadata: [
          "path": "\(request.uri.path)", "requestId": "\(id)",
          "error": "\(error.kind == .database ? error.message : error.cause ?? error.message)",
        ])
      response = error.apiError.response()
    } catch let error as any HTTPResponseError {
      response = try error.response(from: request, context: context)
    } catch {
      service.logger.error(
        "request failed",
        metadata: ["path": "\(request.uri.path)", "requestId": "\(id)", "error": "\(error)"])
      response = APIError(.internalServerError, "internal error").response()
    }
    let elapsed = ContinuousClock.now - start
    let route = context.endpointPath ?? "unmatched"
    service.metrics.record(
      method: request.method.rawValue, route: route, status: response.status.code,
      duration: elapsed)
    let level: Logger.Level = response.status.code >= 500 ? .error : .debug
    if service.logger.logLevel <= level {
      let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
      service.logger.log(
        level: level, "request",
        metadata: [
          "method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
          "status": "\(response.status.code)", "requestId": "\(id)",
          "ms": "\(String(format: "%.3f", seconds * 1000))",
        ])
    }
    return response
  }
}

/// A request's deadline that stands still while its write waits in the store's ``WriteQueue``: the time
/// before and after the wait counts against the request timeout, the wait itself against the queue timeout.
actor RequestDeadline {
  /// How the race of a request against its deadline ended.
  enum Outcome: @unchecked Sendable {
    case answered(Response)
    case late
    case queuedTooLong
  }

  private var deadline: ContinuousClock.Instant
  private var queuedSince: ContinuousClock.Instant?
  private let queueLimit: Duration

  init(timeout: Duration, queueLimit: Duration) {
    deadline = .now + timeout
    self.queueLimit = queueLimit
  }

  func queued() { queuedSince = .now }

  func admitted() {
    guard let since = queuedSince else { return }
    deadline += .now - since
    queuedSince = nil
  }

  /// Sleeps until the request is late or has waited too long in the queue (cancelled when it is answered).
  func expiry() async throws -> Outcome {
    while true {
      let now = ContinuousClock.now
      // Polled once a second at most: joining and leaving the queue move the deadline.
      if let since = queuedSince {
        guard now - since < queueLimit else { return .queuedTooLong }
        try await Task.sleep(for: min(queueLimit - (now - since), .seconds(1)))
      } else {
        guard now < deadline else { return .late }
        try await Task.sleep(until: min(deadline, now + .seconds(1)), clock: .continuous)
      }
    }
  }
}

/// Carries a non-Sendable value into a child task that provably ends before the value's scope does.
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
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
