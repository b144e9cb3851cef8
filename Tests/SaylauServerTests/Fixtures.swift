import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SaylauServer
import SaylauStore
import SaylauTestSupport
import Testing

/// The token the test servers accept for writes.
let testToken = "test-token-0123456789abcdef"

/// Runs `body` against a live server (a real socket on 127.0.0.1) over a fresh database of `engine`.
func withServer<T: Sendable>(
  _ engine: Engine, maximumBodyBytes: Int = 1 << 20, requestTimeout: Duration = .seconds(30),
  writeQueueTimeout: Duration = .seconds(300),
  _ body: @Sendable (any TestClientProtocol, SaylauService) async throws -> T
) async throws -> T {
  let database = try await TestDatabase.make(engine)
  let store = try await database.open()
  let cleanup = database.cleanup
  var logger = Logger(label: "saylau-test")
  logger.logLevel = .warning
  let service = try await SaylauService(
    store: store,
    configuration: ServerConfiguration(
      port: 0, token: testToken, maximumBodyBytes: maximumBodyBytes,
      requestTimeout: requestTimeout, writeQueueTimeout: writeQueueTimeout),
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
      throw TestSetupError("not a JSON object: \(text.prefix(200))")
    }
    return object
  }
}

extension TestClientProtocol {
  func get(_ uri: String) async throws -> TestResponse {
    try await execute(uri: uri, method: .get)
  }
}
