import Foundation
import SaylauCore

/// Draws from the distributions the tests' null models and the synthetic elections need, always from a
/// ``SaylauCore/SeededGenerator`` (so the same seed gives the same numbers everywhere).
struct Sampler {
  var generator: SeededGenerator

  init(seed: UInt64, stream: UInt64) {
    generator = SeededGenerator(seed: seed, stream: stream)
  }

  /// A uniform double in `[0, 1)`.
  mutating func uniform() -> Double { generator.nextUnitInterval() }

  /// A uniform integer in `0..<bound`.
  mutating func below(_ bound: Int) -> Int { generator.next(below: bound) }

  /// A standard normal draw (Box–Muller; one of the pair is used, so the stream stays simple to follow).
  mutating func normal() -> Double {
    let u1 = 1 - generator.nextUnitInterval()  // (0, 1]: the logarithm is finite
    let u2 = generator.nextUnitInterval()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// A binomial draw: how many of `n` trials succeed with probability `p`.
  ///
  /// Exact (inversion of the distribution function) when the smaller of `n·p` and `n·(1−p)` is below 30;
  /// otherwise the normal approximation rounded to the nearest count, whose spread (a standard deviation of
  /// at least √15 counts) leaves the position of a count between whole percentages uniform, which is what
  /// the integer-percent null needs.
  mutating func binomial(_ n: Int, _ p: Double) -> Int {
    guard n > 0, p > 0 else { return 0 }
    guard p < 1 else { return n }
    if p > 0.5 { return n - binomial(n, 1 - p) }
    let q = 1 - p
    let mean = Double(n) * p
    if mean < 30 {
      var u = generator.nextUnitInterval()
      var k = 0
      var pk = pow(q, Double(n))
      let ratio = p / q
      while u >= pk && k < n {
        u -= pk
        pk *= ratio * Double(n - k) / Double(k + 1)
        k += 1
        if pk <= 0 { break }
      }
      return k
    }
    let sd = (mean * q).squareRoot()
    let draw = (mean + sd * normal()).rounded()
    return Int(min(Double(n), max(0, draw)))
  }

  /// A multinomial draw of `n` trials over `weights` (sequential binomials; weights need not sum to 1).
  mutating func multinomial(_ n: Int, weights: [Double]) -> [Int] {
    var remaining = n
    var rest = weights.reduce(0, +)
    var out = [Int](repeating: 0, count: weights.count)
    for (i, w) in weights.enumerated() {
      if remaining == 0 { break }
      if i == weights.count - 1 || rest <= 0 {
        out[i] = remaining
        remaining = 0
        break
      }
      let k = binomial(remaining, min(1, max(0, w / rest)))
      out[i] = k
      remaining -= k
      rest -= w
    }
    return out
  }
}
