/// The distribution of one statistic over an ensemble: mean, extremes and percentiles.
public struct Distribution: Codable, Sendable, Equatable {
  public var count: Int
  public var mean: Double
  public var min: Double
  public var p5: Double
  public var p25: Double
  public var p50: Double
  public var p75: Double
  public var p95: Double
  public var max: Double

  /// The distribution of `values`; percentiles are the nearest-rank values (`NaN` when there are none).
  public init(_ values: [Double]) {
    let v = values.sorted()
    count = v.count
    mean = v.reduce(0, +) / Double(Swift.max(1, v.count))
    func q(_ p: Double) -> Double {
      v.isEmpty ? .nan : v[Swift.min(v.count - 1, Int((p * Double(v.count - 1)).rounded()))]
    }
    min = v.first ?? .nan
    max = v.last ?? .nan
    p5 = q(0.05)
    p25 = q(0.25)
    p50 = q(0.5)
    p75 = q(0.75)
    p95 = q(0.95)
  }
}
