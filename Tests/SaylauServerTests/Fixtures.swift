import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SaylauAccounts
import SaylauElections
import SaylauInterchange
import SaylauServer
import SaylauStore
import SaylauTestSupport
import ServiceLifecycle
import Testing

/// The token the test servers accept for writes.
let testToken = "test-token-0123456789abcdef"

/// How a test's requests reach the service.
enum Transport: Sendable {
  /// The service's own responder (router and every middleware), called in process through
  /// HummingbirdTesting's router client: no socket. What only the HTTP layer does (a socket, HEAD without a
  /// body, concurrent connections, a port for a browser or a stream) needs ``live``.
  case router
  /// A live server on a real socket on 127.0.0.1, and HummingbirdTesting's `TestClient` on it with a read
  /// timeout of five minutes (the `.live` test framework fixes 20 s, which a page rendered by a debug build on
  /// two cores that run the whole suite at once has gone past).
  case live
}

/// An answer as the tests read it, whichever the transport.
struct ServiceResponse: Sendable {
  var head: HTTPResponse
  var body: ByteBuffer
  var status: HTTPResponse.Status { head.status }
  var headers: HTTPFields { head.headerFields }
}

/// What a test sends its requests through (``Transport``).
protocol ServiceClient: Sendable {
  func send(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?)
    async throws -> ServiceResponse
  /// The live server's port; `nil` in process.
  var port: Int? { get }
}

extension ServiceClient {
  func execute(
    uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil
  ) async throws -> ServiceResponse {
    try await send(uri: uri, method: method, headers: headers, body: body)
  }

  func get(_ uri: String) async throws -> ServiceResponse {
    try await send(uri: uri, method: .get, headers: [:], body: nil)
  }
}

/// The router transport: HummingbirdTesting's in-process client.
struct InProcessClient: ServiceClient {
  let client: any TestClientProtocol
  var port: Int? { nil }

  func send(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?)
    async throws -> ServiceResponse
  {
    let r = try await client.execute(uri: uri, method: method, headers: headers, body: body)
    return ServiceResponse(head: r.head, body: r.body)
  }
}

/// The live transport: a keep-alive connection to the server's port.
struct LiveClient: ServiceClient {
  let client: TestClient
  let port: Int?

  func send(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?)
    async throws -> ServiceResponse
  {
    var headers = headers
    headers[.connection] = "keep-alive"
    let r = try await client.execute(
      TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body))
    return ServiceResponse(head: r.head, body: r.body ?? ByteBuffer())
  }

  /// Runs `service`'s application on a free port for `body`, then shuts it down.
  static func run<T: Sendable>(
    _ service: SaylauService, logger: Logger, _ body: @Sendable (LiveClient) async throws -> T
  ) async throws -> T {
    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    let app = service.application { port in portSink.yield(port) }
    return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
      let serviceGroup = ServiceGroup(configuration: .init(services: [app], logger: logger))
      group.addTask {
        defer { portSink.finish() }
        try await serviceGroup.run()
      }
      var iterator = ports.makeAsyncIterator()
      guard let port = await iterator.next() else {
        throw TestSetupError("the server did not start")
      }
      let client = TestClient(
        host: "localhost", port: port, configuration: .init(timeout: .seconds(300)))
      client.connect()
      do {
        let value = try await body(LiveClient(client: client, port: port))
        try await client.shutdown()
        await serviceGroup.triggerGracefulShutdown()
        return value
      } catch {
        try? await client.shutdown()
        await serviceGroup.triggerGracefulShutdown()
        throw error
      }
    }
  }
}

/// Runs `body` against the service over a fresh database of `engine`, through `transport`.
///
/// The server's request deadline is five minutes by default (the service's own default is 30 s): a debug
/// build on two cores that run the whole suite at once can take longer than 30 s for a large upload, and a
/// test here checks what a request does, not how fast a loaded machine is. The deadline's own behaviour is
/// tested on its own (`ReliabilityTests`).
func withServer<T: Sendable>(
  _ engine: Engine, transport: Transport = .router, maximumBodyBytes: Int = 1 << 20,
  requestTimeout: Duration = .seconds(300), writeQueueTimeout: Duration = .seconds(300),
  _ body: @Sendable (any ServiceClient, SaylauService) async throws -> T
) async throws -> T {
  try await withServer(
    engine, transport: transport, maximumBodyBytes: maximumBodyBytes,
    requestTimeout: requestTimeout, writeQueueTimeout: writeQueueTimeout
  ) { client, service, _ in try await body(client, service) }
}

/// ``withServer(_:transport:maximumBodyBytes:requestTimeout:writeQueueTimeout:_:)`` with the database too
/// (for the command line on the same data) and the key that signs the exports.
func withServer<T: Sendable>(
  _ engine: Engine, transport: Transport = .router, maximumBodyBytes: Int = 1 << 20,
  requestTimeout: Duration = .seconds(300),
  writeQueueTimeout: Duration = .seconds(300), signer: ExportSigner? = nil,
  clientAddressHeader: String? = nil,
  _ body: @Sendable (any ServiceClient, SaylauService, TestDatabase) async throws -> T
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
      requestTimeout: requestTimeout, writeQueueTimeout: writeQueueTimeout,
      passwordHasher: PasswordHasher(cost: 4), liveHeartbeat: .milliseconds(500), signer: signer,
      clientAddressHeader: clientAddressHeader),
    logger: logger)
  do {
    let value: T
    switch transport {
    case .router:
      value = try await service.application().test(.router) { client in
        try await body(InProcessClient(client: client), service, database)
      }
    case .live:
      value = try await LiveClient.run(service, logger: logger) { client in
        try await body(client, service, database)
      }
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

extension ServiceResponse {
  var text: String { String(buffer: body) }

  func json() throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
    else {
      throw TestSetupError("not a JSON object: \(text.prefix(200))")
    }
    return object
  }
}

/// Accounts for the election-night tests: each role, with a password and an API token.
struct People: Sendable {
  var tokens: [String: String]
  static let password = "correct horse battery staple"

  /// Adds `names` with their roles and signs each in through `POST /api/v1/tokens`.
  static func make(
    _ client: any ServiceClient, _ service: SaylauService, _ names: [String: Role]
  ) async throws -> People {
    var tokens: [String: String] = [:]
    for (name, role) in names.sorted(by: { $0.key < $1.key }) {
      try await service.store.addAccount(
        username: name, role: role, password: password, hasher: PasswordHasher(cost: 4),
        actor: .commandLine)
      let response = try await client.execute(
        uri: "/api/v1/tokens", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(string: #"{"username": "\#(name)", "password": "\#(password)"}"#))
      guard response.status == .created, let token = try response.json()["token"] as? String else {
        throw TestSetupError("no token for \(name): \(response.status) \(response.text)")
      }
      tokens[name] = token
    }
    return People(tokens: tokens)
  }

  func headers(_ name: String, _ type: String = "application/json") -> HTTPFields {
    [.authorization: "Bearer \(tokens[name] ?? "")", .contentType: type]
  }
}

extension PollingStationProtocol {
  /// The protocol as the JSON protocol file of one record.
  func file(schema: ProtocolSchema) -> String {
    var votes: [String] = []
    for (i, v) in self.votes.enumerated() {
      let code = ballot == .list ? schema.parties[i].code : "c\(i + 1)"
      votes.append("\"\(code)\": \(v.map(String.init) ?? "null")")
    }
    func n(_ v: Int?) -> String { v.map(String.init) ?? "null" }
    let precinctJSON = String(
      decoding: (try? JSONEncoder().encode(precinct)) ?? Data(), as: UTF8.self)
    return """
      {"protocols": [{"precinct": \(precinctJSON), "constituency": \(n(constituency)), "ballot": "\(ballot.rawValue)",
      "votersOnList": \(n(votersOnList)), "ballotsIssued": \(n(ballotsIssued)), "ballotsInBox": \(n(ballotsInBox)),
      "invalid": \(n(invalid)), "againstAll": \(n(againstAll)), "votes": {\(votes.joined(separator: ", "))}}]}
      """
  }
}
