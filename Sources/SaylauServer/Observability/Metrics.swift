import Foundation

/// Request counters and latency histograms in the Prometheus text format (version 0.0.4).
public final class ServerMetrics: @unchecked Sendable {
  // Guarded by `lock`; the work under it is a few additions per request.
  private let lock = NSLock()
  private var requests: [Key: Int] = [:]
  private var histograms: [String: Histogram] = [:]
  private var importsTotal = 0
  private var importedProtocols = 0
  private let started = Date()

  /// Upper bounds of the latency buckets, in seconds.
  static let bounds: [Double] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
  ]

  struct Key: Hashable {
    var method: String
    var route: String
    var status: Int
  }

  struct Histogram {
    var counts = [Int](repeating: 0, count: ServerMetrics.bounds.count)
    var sum = 0.0
    var count = 0
  }

  public init() {}

  func record(method: String, route: String, status: Int, seconds: Double) {
    lock.lock()
    defer { lock.unlock() }
    requests[Key(method: method, route: route, status: status), default: 0] += 1
    var h = histograms[route] ?? Histogram()
    if let i = Self.bounds.firstIndex(where: { seconds <= $0 }) { h.counts[i] += 1 }
    h.sum += seconds
    h.count += 1
    histograms[route] = h
  }

  func recordImport(protocols: Int) {
    lock.lock()
    defer { lock.unlock() }
    importsTotal += 1
    importedProtocols += protocols
  }

  /// The exposition text.
  public func render() -> String {
    lock.lock()
    let requests = self.requests
    let histograms = self.histograms
    let imports = importsTotal
    let protocols = importedProtocols
    lock.unlock()
    var out = """
      # HELP saylau_http_requests_total HTTP requests by method, route and status.
      # TYPE saylau_http_requests_total counter

      """
    for (key, value) in requests.sorted(by: {
      ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status)
    }) {
      out +=
        "saylau_http_requests_total{method=\"\(key.method)\",route=\"\(Self.escape(key.route))\",status=\"\(key.status)\"} \(value)\n"
    }
    out += """
      # HELP saylau_http_request_duration_seconds Time from request to response head, by route.
      # TYPE saylau_http_request_duration_seconds histogram

      """
    for (route, h) in histograms.sorted(by: { $0.key < $1.key }) {
      let label = "route=\"\(Self.escape(route))\""
      var cumulative = 0
      for (i, bound) in Self.bounds.enumerated() {
        cumulative += h.counts[i]
        out +=
          "saylau_http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(cumulative)\n"
      }
      out += "saylau_http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(h.count)\n"
      out += "saylau_http_request_duration_seconds_sum{\(label)} \(h.sum)\n"
      out += "saylau_http_request_duration_seconds_count{\(label)} \(h.count)\n"
    }
    out += """
      # HELP saylau_imports_total Protocol imports committed.
      # TYPE saylau_imports_total counter
      saylau_imports_total \(imports)
      # HELP saylau_imported_protocols_total Protocols committed by imports.
      # TYPE saylau_imported_protocols_total counter
      saylau_imported_protocols_total \(protocols)
      # HELP saylau_uptime_seconds Seconds since the server started.
      # TYPE saylau_uptime_seconds gauge
      saylau_uptime_seconds \(Int(Date().timeIntervalSince(started)))

      """
    return out
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
  }
}
