import Foundation
import Hummingbird
import SaylauStore

/// `/health`, `/metrics` and the OpenAPI document.
struct SystemRoutes: Sendable {
  let service: SaylauService

  func register(on router: Router<SaylauRequestContext>) {
    router.get("/api/v1/openapi.json") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(data: OpenAPIDocument.data)))
    }
    // Live: the process answers (no database work). Ready: the database answers and can take a write.
    // /health is /health/ready (what it always was, now with the write check).
    router.get("/health/live") { _, _ in
      try jsonResponse(Liveness(status: "ok"))
    }
    router.get("/health/ready") { _, _ in try await health() }
    router.get("/health") { _, _ in try await health() }
    router.get("/metrics") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: service.metrics.render())))
    }
  }

  struct Liveness: Encodable {
    var status: String
  }

  struct Health: Encodable {
    var status: String
    var database: String
    var schemaVersion: Int
    var constituencies: Int
    /// Whether the database can take a write now (`false` while another process holds its write lock, or on
    /// a read-only server).
    var writable: Bool
    /// Why the server is not ready, when it is not.
    var reason: String?
  }

  /// Ready when the schema can be read and the database can take a write; 503 otherwise (a load balancer
  /// sends writes elsewhere, an operator sees why).
  func health() async throws -> Response {
    let store = service.store
    let dialect = store.backend.dialect.rawValue
    let count = (try? service.registry.constituencies(on: service.defaultDate).count) ?? 0
    let version: Int
    do {
      version = try await Schema.currentVersion(store.backend)
    } catch {
      service.logger.error(
        "health check failed",
        metadata: ["error": "\(error)", "requestId": "\(RequestID.current ?? "")"])
      return try jsonResponse(
        Health(
          status: "unavailable", database: dialect, schemaVersion: 0, constituencies: count,
          writable: false, reason: "the database does not answer"),
        status: .serviceUnavailable)
    }
    do {
      try await store.backend.checkWritable()
    } catch {
      let reason = (error as? StoreError).map(\.message) ?? "the database cannot take a write"
      service.logger.warning(
        "not ready",
        metadata: [
          "error": "\((error as? StoreError)?.cause ?? "\(error)")",
          "requestId": "\(RequestID.current ?? "")",
        ])
      var response = try jsonResponse(
        Health(
          status: "unavailable", database: dialect, schemaVersion: version, constituencies: count,
          writable: false, reason: reason),
        status: .serviceUnavailable)
      response.headers[.retryAfter] = "2"
      return response
    }
    return try jsonResponse(
      Health(
        status: "ok", database: dialect, schemaVersion: version, constituencies: count,
        writable: true, reason: nil))
  }
}
