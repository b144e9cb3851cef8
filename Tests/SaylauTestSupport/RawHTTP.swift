import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A plain HTTP/1.1 client over a blocking socket, one connection per request (`Connection: close`), for
/// tests that need many requests truly at once (the test frameworks' clients share one connection or a
/// small pool). Each call blocks its thread; ``concurrently(_:_:)`` runs calls on threads of their own.
public enum RawHTTP {
  public struct Response: Sendable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    public func json() throws -> [String: Any] {
      guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
        throw TestSetupError("not a JSON object: \(text.prefix(200))")
      }
      return object
    }
  }

  /// ``request(port:method:path:headers:body:)`` on a thread of its own: an async test must not block one
  /// of the few threads the server it talks to runs on (two on a two-core machine).
  public static func request(
    port: Int, method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = []
  ) async throws -> Response {
    try await concurrently(1) { _ in
      Result { try request(port: port, method: method, path: path, headers: headers, body: body) }
    }[0].get()
  }

  /// Sends one request to `127.0.0.1:port` and reads the whole answer.
  public static func request(
    port: Int, method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = []
  ) throws -> Response {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestSetupError("socket: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else {
      throw TestSetupError("connect: \(String(cString: strerror(errno)))")
    }
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    head += "Content-Length: \(body.count)\r\n\r\n"
    try send(fd, Array(head.utf8) + body)
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n < 0 {
        if errno == EINTR { continue }
        throw TestSetupError("recv: \(String(cString: strerror(errno)))")
      }
      if n == 0 { break }
      received += buffer[0..<n]
    }
    return try parse(received, method: method)
  }

  private static func send(_ fd: Int32, _ bytes: [UInt8]) throws {
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
      if n < 0 {
        if errno == EINTR { continue }
        throw TestSetupError("write: \(String(cString: strerror(errno)))")
      }
      done += n
    }
  }

  private static func parse(_ bytes: [UInt8], method: String) throws -> Response {
    let separator: [UInt8] = [13, 10, 13, 10]
    guard
      let end = (0..<max(0, bytes.count - 3)).first(where: {
        bytes[$0..<($0 + 4)].elementsEqual(separator)
      })
    else { throw TestSetupError("no HTTP head in \(bytes.count) bytes") }
    let lines = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
    let parts = lines[0].split(separator: " ")
    guard parts.count >= 2, let status = Int(parts[1]) else {
      throw TestSetupError("bad status line: \(lines[0])")
    }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
        .trimmingCharacters(in: .whitespaces)
    }
    var body = Array(bytes[(end + 4)...])
    if method == "HEAD" { body = [] }
    if let length = headers["content-length"].flatMap(Int.init), length < body.count {
      body = Array(body.prefix(length))
    }
    return Response(status: status, headers: headers, body: body)
  }

  /// Runs `count` calls at once, each on a thread of its own, released together; results in call order.
  /// The waiting happens on a thread of its own too, never on one of Swift's cooperative threads (which an
  /// in-process server needs).
  public static func concurrently<T: Sendable>(
    _ count: Int, _ call: @escaping @Sendable (Int) -> T
  ) async -> [T] {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread { continuation.resume(returning: blocking(count, call)) }
    }
  }

  private static func blocking<T: Sendable>(_ count: Int, _ call: @escaping @Sendable (Int) -> T)
    -> [T]
  {
    let results = Results<T>(count: count)
    let start = DispatchSemaphore(value: 0)
    let group = DispatchGroup()
    for k in 0..<count {
      group.enter()
      Thread.detachNewThread {
        start.wait()
        results.set(k, call(k))
        group.leave()
      }
    }
    for _ in 0..<count { start.signal() }
    group.wait()
    return results.values()
  }

  private final class Results<T>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ value: T) {
      lock.lock()
      storage[k] = value
      lock.unlock()
    }
    func values() -> [T] { storage.map { $0! } }
  }
}
