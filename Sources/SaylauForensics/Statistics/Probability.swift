import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The logarithm of the gamma function (the C library's, named once to avoid the overloads).
@inline(__always)
func logGamma(_ x: Double) -> Double {
  #if canImport(Glibc)
    return Glibc.lgamma(x)
  #else
    return Foundation.lgamma(x)
  #endif
}

/// Exact and asymptotic tail probabilities, confidence intervals and the false-discovery adjustment the
/// tests report.
public enum Probability {
  /// The Wilson score interval for `successes` of `trials` at 95 % (z = 1.96); `(0, 1)` without trials.
  public static func wilson(_ successes: Int, of trials: Int, z: Double = 1.959964) -> (
    low: Double, high: Double
  ) {
    guard trials > 0 else { return (0, 1) }
    let n = Double(trials)
    let p = Double(successes) / n
    let z2 = z * z
    let center = (p + z2 / (2 * n)) / (1 + z2 / n)
    let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
    return (max(0, center - half), min(1, center + half))
  }

  /// The natural logarithm of the binomial probability of exactly `k` successes.
  static func logBinomialPMF(_ k: Int, _ n: Int, _ p: Double) -> Double {
    if p <= 0 { return k == 0 ? 0 : -.infinity }
    if p >= 1 { return k == n ? 0 : -.infinity }
    let c = logGamma(Double(n + 1)) - logGamma(Double(k + 1)) - logGamma(Double(n - k + 1))
    return c + Double(k) * log(p) + Double(n - k) * log1p(-p)
  }

  /// The exact probability of at least `k` successes in `n` trials with probability `p` (upper tail).
  public static func binomialUpperTail(_ k: Int, _ n: Int, _ p: Double) -> Double {
    guard k > 0 else { return 1 }
    guard k <= n else { return 0 }
    var sum = 0.0
    for j in k...n {
      let term = exp(logBinomialPMF(j, n, p))
      sum += term
      if term < sum * 1e-17 && Double(j) > Double(n) * p { break }
    }
    return min(1, sum)
  }

  /// The exact two-sided binomial test: the probability, under `p`, of an outcome no more likely than `k`
  /// (the "minimum likelihood" definition).
  public static func binomialTwoSided(_ k: Int, _ n: Int, _ p: Double) -> Double {
    guard n > 0 else { return 1 }
    let observed = logBinomialPMF(k, n, p)
    let tolerance = 1e-7
    var sum = 0.0
    for j in 0...n {
      let l = logBinomialPMF(j, n, p)
      if l <= observed + tolerance { sum += exp(l) }
    }
    return min(1, sum)
  }

  /// The upper tail of the chi-square distribution with `df` degrees of freedom at `x` (the regularised
  /// upper incomplete gamma function Q(df/2, x/2)): the asymptotic p-value of a chi-square statistic.
  public static func chiSquareUpperTail(_ x: Double, degreesOfFreedom df: Int) -> Double {
    guard x > 0 else { return 1 }
    return upperGamma(Double(df) / 2, x / 2)
  }

  /// Q(a, x) by its series below a + 1 and its continued fraction above (both converge fast there).
  static func upperGamma(_ a: Double, _ x: Double) -> Double {
    let lg = logGamma(a)
    if x < a + 1 {
      var term = 1 / a
      var sum = term
      var n = a
      for _ in 0..<1000 {
        n += 1
        term *= x / n
        sum += term
        if abs(term) < abs(sum) * 1e-15 { break }
      }
      let lower = sum * exp(-x + a * log(x) - lg)
      return max(0, min(1, 1 - lower))
    }
    // Lentz's continued fraction for Q.
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    for i in 1..<1000 {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-15 { break }
    }
    return max(0, min(1, exp(-x + a * log(x) - lg) * h))
  }

  /// Benjamini–Hochberg q-values of `pValues` (same order): the smallest false-discovery rate at which each
  /// test would be called significant among all of them.
  public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
    let m = pValues.count
    guard m > 0 else { return [] }
    let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
    var q = [Double](repeating: 1, count: m)
    var running = 1.0
    for rank in stride(from: m - 1, through: 0, by: -1) {
      let i = order[rank]
      running = min(running, pValues[i] * Double(m) / Double(rank + 1))
      q[i] = min(1, running)
    }
    return q
  }

  /// A Monte Carlo p-value that is never zero: (1 + draws at least as extreme) / (1 + draws).
  public static func simulated(atLeastAsExtreme count: Int, of draws: Int) -> Double {
    Double(1 + count) / Double(1 + draws)
  }
}

/// The standard normal distribution: its upper tail, its inverse, and the joint upper tail of two
/// correlated normals (for the fingerprint's smear).
enum Gaussian {
  /// P(Z ≥ x).
  static func upperTail(_ x: Double) -> Double { 0.5 * erfc(x / 2.0.squareRoot()) }

  static func density(_ x: Double) -> Double { exp(-x * x / 2) / (2 * Double.pi).squareRoot() }

  /// The x with P(Z ≥ x) = p (bisection: exact to 1e-12, fast enough for a few calls per area).
  static func inverseUpperTail(_ p: Double) -> Double {
    guard p > 0 else { return .infinity }
    guard p < 1 else { return -.infinity }
    var lo = -40.0
    var hi = 40.0
    for _ in 0..<100 {
      let mid = (lo + hi) / 2
      if upperTail(mid) > p { lo = mid } else { hi = mid }
      if hi - lo < 1e-12 { break }
    }
    return (lo + hi) / 2
  }

  /// P(U ≥ its upper `pu` quantile and V ≥ its upper `pv` quantile) when U and V are joined by a Gaussian
  /// copula with `correlation`: ∫ φ(x) · P(Z ≥ (b − ρx)/√(1 − ρ²)) dx over x ≥ a (Simpson's rule).
  static func jointUpperTail(_ pu: Double, _ pv: Double, correlation rho: Double) -> Double {
    guard pu > 0, pv > 0 else { return 0 }
    if pu >= 1 { return pv }
    if pv >= 1 { return pu }
    let a = inverseUpperTail(pu)
    let b = inverseUpperTail(pv)
    let s = (1 - rho * rho).squareRoot()
    let upper = max(a, 0) + 12
    let steps = 2000
    let h = (upper - a) / Double(steps)
    var sum = 0.0
    for i in 0...steps {
      let x = a + Double(i) * h
      let f = density(x) * upperTail((b - rho * x) / s)
      sum += f * (i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2))
    }
    return max(0, min(min(pu, pv), sum * h / 3))
  }
}
