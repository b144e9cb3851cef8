import Foundation
import Metrics
import Prometheus

/// The server's metrics through swift-metrics, exported by swift-prometheus in the Prometheus text
/// format at `/metrics`.
///
/// Each service has its own collector registry (the metrics are created with an explicit factory, not
/// through the process-wide `MetricsSystem`), so several servers in one process (the tests) count apart.
///
/// - `saylau_http_requests_total{method, route, status}`: requests answered;
/// - `saylau_http_request_duration_seconds{route}`: histogram of the time to answer;
/// - `saylau_imports_total`, `saylau_imported_protocols_total`: protocol imports committed;
/// - `saylau_cache_invalidations_total`: writes heard of (on this replica or another) that cleared the
///   answers kept in memory;
/// - `saylau_results_renders_total`: results answers rendered (once per change and route, however many
///   ask); `saylau_results_render_waits_total`: requests that waited for a render going on instead of
///   starting their own;
/// - `saylau_uptime_seconds`: seconds since the server started.
public final class ServerMetrics: Sendable {
  /// The Prometheus registry the metrics are collected in.
  public let collector: PrometheusCollectorRegistry
  let factory: PrometheusMetricsFactory
  let imports: Metrics.Counter
  let importedProtocols: Metrics.Counter
  let uptime: Metrics.Gauge
  let invalidations: Metrics.Counter
  let resultRenders: Metrics.Counter
  let resultRenderWaits: Metrics.Counter
  let started = ContinuousClock.now

  /// Upper bounds of the latency buckets.
  static let latencyBuckets: [Duration] = [
    .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5),
    .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
    .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
    .seconds(10),
  ]

  public init() {
    collector = PrometheusCollectorRegistry()
    var factory = PrometheusMetricsFactory(registry: collector)
    factory.durationHistogramBuckets["saylau_http_request_duration_seconds"] = Self.latencyBuckets
    self.factory = factory
    imports = Metrics.Counter(label: "saylau_imports_total", factory: factory)
    importedProtocols = Metrics.Counter(label: "saylau_imported_protocols_total", factory: factory)
    uptime = Metrics.Gauge(label: "saylau_uptime_seconds", factory: factory)
    invalidations = Metrics.Counter(label: "saylau_cache_invalidations_total", factory: factory)
    resultRenders = Metrics.Counter(label: "saylau_results_renders_total", factory: factory)
    resultRenderWaits = Metrics.Counter(
      label: "saylau_results_render_waits_total", factory: factory)
  }

  func record(method: String, route: String, status: Int, duration: Duration) {
    Metrics.Counter(
      label: "saylau_http_requests_total",
      dimensions: [("method", method), ("route", route), ("status", String(status))],
      factory: factory
    ).increment()
    Metrics.Timer(
      label: "saylau_http_request_duration_seconds", dimensions: [("route", route)],
      factory: factory
    ).recordInterval(duration)
  }

  func recordImport(protocols: Int) {
    imports.increment()
    importedProtocols.increment(by: protocols)
  }

  func recordInvalidation() { invalidations.increment() }

  /// The exposition text.
  public func render() -> String {
    uptime.record((ContinuousClock.now - started).components.seconds)
    return collector.emitToString()
  }
}

extension Metrics.Timer {
  /// Records a `Duration` (swift-metrics timers take nanoseconds).
  fileprivate func recordInterval(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
  }
}
