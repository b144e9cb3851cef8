/// Medians and the median absolute deviation: summaries that a few extreme precincts cannot move, so that
/// a precinct is compared with what is usual around it and not with an average its own numbers distort.
public enum RobustStatistics {
  /// The factor that makes the MAD estimate the standard deviation of a normal distribution.
  public static let madScale = 1.4826

  /// The median of `values` (the mean of the two middle values for an even count); `nil` when empty.
  public static func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }

  /// The median absolute deviation from the median, scaled by ``madScale``; `nil` when empty.
  public static func mad(_ values: [Double], median m: Double? = nil) -> Double? {
    guard let center = m ?? median(values) else { return nil }
    return median(values.map { abs($0 - center) }).map { $0 * madScale }
  }

  /// A robust correlation of two equally long samples (Gnanadesikan and Kettenring's identity on the
  /// MAD-standardised values): near the Pearson correlation for normal data, unmoved by a few outliers.
  public static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
    guard x.count == y.count, x.count >= 3, let mx = median(x), let my = median(y),
      let sx = mad(x, median: mx), let sy = mad(y, median: my), sx > 0, sy > 0
    else { return nil }
    let u = x.map { ($0 - mx) / sx }
    let v = y.map { ($0 - my) / sy }
    guard let a = mad(zip(u, v).map { $0 + $1 }), let b = mad(zip(u, v).map { $0 - $1 }),
      a * a + b * b > 0
    else { return nil }
    return (a * a - b * b) / (a * a + b * b)
  }

  /// The Pearson correlation; `nil` with fewer than three pairs or without spread.
  public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
    guard x.count == y.count, x.count >= 3 else { return nil }
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n
    let my = y.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for i in x.indices {
      let dx = x[i] - mx
      let dy = y[i] - my
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    guard sxx > 0, syy > 0 else { return nil }
    return sxy / (sxx * syy).squareRoot()
  }
}
