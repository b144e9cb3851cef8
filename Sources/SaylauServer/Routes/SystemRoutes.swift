import Foundation
import Hummingbird
import SaylauStore

/// `/health`, `/metrics` and the OpenAPI document.
struct SystemRoutes: Sendable {
  let service: SaylauService

  func register(on router: Router<BasicRequestContext>) {
    router.get("/api/v1/openapi.json") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(data: OpenAPIDocument.data)))
    }
    router.get("/health") { _, _ in try await health() }
    router.get("/metrics") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: service.metrics.render())))
    }
  }

  struct Health: Encodable {
    var status: String
    var database: String
    var schemaVersion: Int
    var constituencies: Int
  }

  func health() async throws -> Response {
    let store = service.store
    do {
      let version = try await Schema.currentVersion(store.backend)
      let count = (try? service.registry.constituencies(on: service.defaultDate).count) ?? 0
      return try jsonResponse(
        Health(
          status: "ok", database: store.backend.dialect.rawValue, schemaVersion: version,
          constituencies: count))
    } catch {
      service.logger.error("health check failed", metadata: ["error": "\(error)"])
      return try jsonResponse(
        Health(
          status: "unavailable", database: store.backend.dialect.rawValue, schemaVersion: 0,
          constituencies: 0),
        status: .serviceUnavailable)
    }
  }
}
