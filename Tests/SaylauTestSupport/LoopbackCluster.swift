import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The repository's root (for its scripts), from this file's place in it.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// A free TCP port on 127.0.0.1 (bound and released; another process could take it in between, which
/// on a test machine does not happen in practice).
public func freePort() throws -> Int {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard fd >= 0 else { throw TestSetupError("socket() failed") }
  defer { close(fd) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = 0
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
    }
  }
  guard bound else { throw TestSetupError("bind() failed") }
  return Int(UInt16(bigEndian: address.sin_port))
}

/// A PostgreSQL cluster of its own for one test (`scripts/pg-cluster.sh`): the test may stop, crash and
/// restart it, or follow it with a streaming standby, without disturbing the shared test server.
public final class PostgresCluster: Sendable {
  public let directory: URL
  public let port: Int
  public var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

  init(directory: URL, port: Int) {
    self.directory = directory
    self.port = port
  }

  /// A new primary, started.
  public static func primary() throws -> PostgresCluster {
    let cluster = PostgresCluster(directory: try scratchDirectory(), port: try freePort())
    try script(["init", cluster.directory.path, "\(cluster.port)"])
    return cluster
  }

  /// A streaming standby of this cluster (`pg_basebackup -R`), started.
  public func standby() throws -> PostgresCluster {
    let cluster = PostgresCluster(directory: try Self.scratchDirectory(), port: try freePort())
    try Self.script(["standby", "\(port)", cluster.directory.path, "\(cluster.port)"])
    return cluster
  }

  /// Stops the server: `immediate` as a crash would (no checkpoint, clients cut off).
  public func stop(immediate: Bool = false) throws {
    try Self.script(["stop", directory.path, immediate ? "immediate" : "fast"])
  }

  public func start() throws { try Self.script(["start", directory.path, "\(port)"]) }

  /// Stops the server at once and deletes its files.
  public func destroy() { try? Self.script(["destroy", directory.path]) }

  /// Runs SQL with psql, returning what it prints (unaligned, tuples only).
  public func psql(_ sql: String) throws -> String {
    let r = try runTool(
      "/usr/bin/psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-Atc", sql])
    return r.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  static func scratchDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-pgc-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("pg")
  }

  static func script(_ arguments: [String]) throws {
    _ = try runTool(
      "/bin/bash", [repositoryRoot.appendingPathComponent("scripts/pg-cluster.sh").path] + arguments
    )
  }
}

/// Runs a tool to completion; throws with its stderr when it fails.
///
/// Output goes through files, not pipes: a server the tool starts (pg_ctl) inherits the descriptors, and
/// a pipe it held open would never reach its end.
@discardableResult
public func runTool(_ path: String, _ arguments: [String]) throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "saylau-tool-\(UUID().uuidString.prefix(8))")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let outURL = dir.appendingPathComponent("out")
  let errURL = dir.appendingPathComponent("err")
  FileManager.default.createFile(atPath: outURL.path, contents: nil)
  FileManager.default.createFile(atPath: errURL.path, contents: nil)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  process.standardInput = FileHandle.nullDevice
  process.standardOutput = try FileHandle(forWritingTo: outURL)
  process.standardError = try FileHandle(forWritingTo: errURL)
  try process.run()
  process.waitUntilExit()
  let errText = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
  guard process.terminationStatus == 0 else {
    throw TestSetupError("\(path) \(arguments.joined(separator: " ")) failed: \(errText)")
  }
  return (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
}

/// HAProxy in front of some HTTP servers on loopback, with a generated configuration: health checks
/// every 100 ms, and a request whose connection is refused tried again on another server.
public final class LoadBalancer: Sendable {
  public let port: Int
  let process: ChildProcess
  let directory: URL

  public var url: String { "http://127.0.0.1:\(port)" }

  /// Starts HAProxy on a free port, balancing round-robin over `backends` (ports on 127.0.0.1).
  public init(backends: [Int]) async throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/haproxy") else {
      throw TestSetupError(
        "haproxy is not installed (apt-get install haproxy; .ci/apt-packages.txt)")
    }
    port = try freePort()
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-lb-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let servers = backends.enumerated().map { i, p in
      "    server r\(i) 127.0.0.1:\(p) check inter 100ms fall 1 rise 2"
    }.joined(separator: "\n")
    let config = """
      global
          maxconn 2000
      defaults
          mode http
          timeout connect 1s
          timeout client 30s
          timeout server 30s
          retries 3
          option redispatch 1
          retry-on conn-failure empty-response
      frontend saylau
          bind 127.0.0.1:\(port)
          default_backend replicas
      backend replicas
          balance roundrobin
          option httpchk GET /health
      \(servers)

      """
    let file = directory.appendingPathComponent("haproxy.cfg")
    try config.write(to: file, atomically: true, encoding: .utf8)
    process = try ChildProcess(
      executable: URL(fileURLWithPath: "/usr/sbin/haproxy"), arguments: ["-db", "-f", file.path])
    try await waitForHTTP("\(url)/health", timeout: .seconds(10))
  }

  public func stop() {
    process.kill9()
    try? FileManager.default.removeItem(at: directory)
  }
}

/// A `saylau serve` process on a free port of 127.0.0.1.
public final class ServerProcess: Sendable {
  public let port: Int
  public let process: ChildProcess
  public var url: String { "http://127.0.0.1:\(port)" }

  /// Starts `saylau serve --port P` with `arguments` and waits until /health answers.
  public init(_ arguments: [String]) async throws {
    port = try freePort()
    process = try ChildProcess(
      executable: try SaylauExecutable.url(),
      arguments: ["serve", "--port", "\(port)"] + arguments)
    // The first replica on an empty database migrates and seeds it; under a full parallel test run that
    // takes a while.
    try await waitForHTTP("\(url)/health", timeout: .seconds(240))
  }
}

/// Polls `url` until it answers 200 or `timeout` has passed.
public func waitForHTTP(_ url: String, timeout: Duration) async throws {
  let deadline = ContinuousClock.now + timeout
  while ContinuousClock.now < deadline {
    if let (status, _) = try? await HTTP.request(url), status == 200 { return }
    try await Task.sleep(for: .milliseconds(100))
  }
  throw TestSetupError("\(url) did not answer within \(timeout)")
}

/// Plain HTTP requests for tests that talk to real servers.
public enum HTTP {
  static let session: URLSession = {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = 10
    configuration.httpMaximumConnectionsPerHost = 64
    return URLSession(configuration: configuration)
  }()

  /// The status and body of a request.
  public static func request(
    _ url: String, method: String = "GET", body: Data? = nil, headers: [String: String] = [:]
  ) async throws -> (Int, Data) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    request.httpBody = body
    for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
    let (data, response) = try await session.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
  }
}
