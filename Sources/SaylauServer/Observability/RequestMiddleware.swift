import Foundation
import Hummingbird
import Logging
import SaylauStore

/// Per request: give it an id, time it, cap it with the timeout, turn errors into problem details (RFC 9457),
/// count it, log it (with the id, which every answer carries in `X-Request-Id`).
struct RequestMiddleware: RouterMiddleware {
  typealias Context = BasicRequestContext
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
              var late = APIError(
                .serviceUnavailable, "the request took longer than \(timeout)", slug: "timeout",
                title: "The request took too long")
              late.retryAfter = 5
              throw late
            }
            return first
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
