import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SaylauServer
import SaylauStore
import Testing

enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite
  case postgres

  var testDescription: String { rawValue }

  /// SQLite always; PostgreSQL when scripts/test.sh started one, and always under CI=true (where a missing
  /// server fails the PostgreSQL cases instead of skipping them).
  static var available: [Engine] {
    let env = ProcessInfo.processInfo.environment
    if env["SAYLAU_TEST_POSTGRES_URL"] != nil || env["CI"] == "true" {
      return [.sqlite, .postgres]
    }
    return [.sqlite]
  }
}

struct SetupError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// The token the test servers accept for writes.
let testToken = "test-token-0123456789abcdef"

/// Runs `body` against a live server (a real socket on 127.0.0.1) over a fresh database of `engine`.
func withServer<T: Sendable>(
  _ engine: Engine, maximumBodyBytes: Int = 1 << 20,
  _ body: @Sendable (any TestClientProtocol, SaylauService) async throws -> T
) async throws -> T {
  let name =
    "saylau_srv_"
    + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
  let store: Store
  var cleanup: @Sendable () async -> Void
  switch engine {
  case .sqlite:
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    store = try await Store.openSQLite(path: dir.appendingPathComponent("saylau.sqlite").path)
    cleanup = { try? FileManager.default.removeItem(at: dir) }
  case .postgres:
    guard let base = ProcessInfo.processInfo.environment["SAYLAU_TEST_POSTGRES_URL"] else {
      throw SetupError("SAYLAU_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh")
    }
    let admin = PostgresBackend(try PostgresLocation(url: base))
    _ = try await admin.query("CREATE DATABASE \(name)")
    try await admin.close()
    let location = try PostgresLocation(url: base)
    store = try await Store.openPostgres(
      url: "postgres://\(location.user)@\(location.host):\(location.port)/\(name)")
    cleanup = {
      let admin = PostgresBackend(location)
      _ = try? await admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
      try? await admin.close()
    }
  }
  var logger = Logger(label: "saylau-test")
  logger.logLevel = .warning
  let service = try await SaylauService(
    store: store,
    configuration: ServerConfiguration(
      port: 0, token: testToken, maximumBodyBytes: maximumBodyBytes),
    logger: logger)
  do {
    let value = try await service.application().test(.live) { client in
      try await body(client, service)
    }
    try await store.close()
    await cleanup()
    return value
  } catch {
    try? await store.close()
    await cleanup()
    throw error
  }
}

extension TestResponse {
  var text: String { String(buffer: body) }

  func json() throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
    else {
      throw SetupError("not a JSON object: \(text.prefix(200))")
    }
    return object
  }
}

extension TestClientProtocol {
  func get(_ uri: String) async throws -> TestResponse {
    try await execute(uri: uri, method: .get)
  }
}
