/// Whole percentages of a count: `k` of `n` is "at r %" when `k` is the whole number of votes nearest to
/// r % of `n` (r·n/100 rounded half up). That is what a count written to hit a round percentage looks like,
/// since votes come whole; for n ≥ 100 each r gives its own k.
public enum WholePercent: Sendable, Hashable, Codable, Comparable {
  case none
  /// At a whole percentage.
  case whole
  /// At a multiple of 5 %.
  case multipleOfFive

  /// The nearest count to r % of `n`.
  @inline(__always)
  static func nearest(_ r: Int, _ n: Int) -> Int { (r * n + 50) / 100 }

  /// How round `k` of `n` is (counts beyond 92 quadrillion are treated as not round).
  public static func of(_ k: Int, _ n: Int) -> WholePercent {
    guard n > 0, k >= 0, k <= n, n < Int.max / 200 else { return .none }
    // The r with nearest(r, n) == k satisfy (100k − 50)/n ≤ r < (100k + 50)/n.
    let low = max(0, ceilDiv(100 * k - 50, n))
    let high = min(100, ceilDiv(100 * k + 50, n) - 1)
    guard low <= high else { return .none }
    var best = WholePercent.none
    for r in low...high where nearest(r, n) == k {
      best = max(best, r % 5 == 0 ? .multipleOfFive : .whole)
      if best == .multipleOfFive { break }
    }
    return best
  }

  static func ceilDiv(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? (a + b - 1) / b : -((-a) / b)
  }

  /// The chance that a count of `n` drawn with no preference between nearby values is at least this round:
  /// the share of the n + 1 possible counts that are (exactly, by counting them).
  public static func chance(_ roundness: WholePercent, _ n: Int) -> Double {
    guard n > 0 else { return 1 }
    switch roundness {
    case .none: return 1
    case .whole: return Double(distinctNearest(n, step: 1)) / Double(n + 1)
    case .multipleOfFive: return Double(distinctNearest(n, step: 5)) / Double(n + 1)
    }
  }

  /// How many distinct counts are nearest to some multiple of `step` % of `n`.
  static func distinctNearest(_ n: Int, step: Int) -> Int {
    var count = 0
    var last = -1
    for r in stride(from: 0, through: 100, by: step) {
      let k = nearest(r, n)
      if k != last {
        count += 1
        last = k
      }
    }
    return count
  }
}
