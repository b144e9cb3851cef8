import Foundation
import SaylauCore
import Testing

@testable import SaylauForensics

@Suite("statistics: tails, intervals, robust summaries")
struct StatisticsTests {
  @Test("the chi-square tail matches known quantiles and the closed form for 2 degrees of freedom")
  func chiSquare() {
    #expect(abs(Probability.chiSquareUpperTail(16.918978, degreesOfFreedom: 9) - 0.05) < 1e-6)
    #expect(abs(Probability.chiSquareUpperTail(21.665994, degreesOfFreedom: 9) - 0.01) < 1e-6)
    for x in [0.5, 2.0, 7.3, 30.0] {
      #expect(abs(Probability.chiSquareUpperTail(x, degreesOfFreedom: 2) - exp(-x / 2)) < 1e-12)
    }
    #expect(Probability.chiSquareUpperTail(0, degreesOfFreedom: 9) == 1)
  }

  @Test("binomial tails agree with enumeration; the two-sided test is symmetric at p = 1/2")
  func binomial() {
    // P(X ≥ 8 | n = 10, p = 1/2) = (45 + 10 + 1) / 1024.
    #expect(abs(Probability.binomialUpperTail(8, 10, 0.5) - 56.0 / 1024) < 1e-12)
    #expect(Probability.binomialUpperTail(0, 10, 0.3) == 1)
    #expect(Probability.binomialUpperTail(11, 10, 0.3) == 0)
    // Two-sided: 2 · P(X ≤ 2) for n = 10, p = 1/2.
    #expect(abs(Probability.binomialTwoSided(2, 10, 0.5) - 2 * 56.0 / 1024) < 1e-9)
    #expect(
      abs(Probability.binomialTwoSided(8, 10, 0.5) - Probability.binomialTwoSided(2, 10, 0.5))
        < 1e-12)
    #expect(Probability.binomialTwoSided(5, 10, 0.5) > 0.99)
  }

  @Test("Wilson intervals and Benjamini–Hochberg q-values")
  func intervals() {
    let w = Probability.wilson(0, of: 10)
    #expect(w.low == 0 && abs(w.high - 0.2775) < 1e-4)
    let h = Probability.wilson(50, of: 100)
    #expect(abs(h.low - 0.4038) < 1e-4 && abs(h.high - 0.5962) < 1e-4)
    let q = Probability.benjaminiHochberg([0.01, 0.04, 0.03, 0.2])
    #expect(q.map { ($0 * 1e6).rounded() / 1e6 } == [0.04, 0.053333, 0.053333, 0.2])
    #expect(Probability.simulated(atLeastAsExtreme: 0, of: 999) == 0.001)
  }

  @Test("median, MAD and the robust correlation resist outliers")
  func robust() {
    #expect(RobustStatistics.median([3, 1, 2]) == 2)
    #expect(RobustStatistics.median([4, 1, 2, 3]) == 2.5)
    #expect(RobustStatistics.mad([1, 2, 3, 4, 100])! == 1 * RobustStatistics.madScale)
    var g = Sampler(seed: 7, stream: 1)
    var x: [Double] = []
    var y: [Double] = []
    for _ in 0..<4000 {
      let a = g.normal()
      x.append(a)
      y.append(0.6 * a + 0.8 * g.normal())
    }
    let r = RobustStatistics.pearson(x, y)!
    #expect(abs(r - 0.6) < 0.05)
    x += [Double](repeating: 50, count: 40)
    y += [Double](repeating: -50, count: 40)
    #expect(RobustStatistics.pearson(x, y)! < 0)  // 1 % of outliers turn the Pearson correlation…
    #expect(abs(RobustStatistics.correlation(x, y)! - 0.6) < 0.08)  // …but not the robust one.
  }

  @Test("binomial draws have the right mean and spread, exactly and in the normal range")
  func sampler() {
    var g = Sampler(seed: 3, stream: 9)
    for (n, p) in [(20, 0.3), (2000, 0.55), (5000, 0.999)] {
      var sum = 0.0
      var squares = 0.0
      let draws = 4000
      for _ in 0..<draws {
        let k = Double(g.binomial(n, p))
        sum += k
        squares += k * k
      }
      let mean = sum / Double(draws)
      let variance = squares / Double(draws) - mean * mean
      let expected = Double(n) * p * (1 - p)
      #expect(abs(mean - Double(n) * p) < 4 * (expected / Double(draws)).squareRoot() + 0.01)
      #expect(abs(variance / expected - 1) < 0.12, "n \(n) p \(p): variance \(variance)")
    }
    let counts = g.multinomial(1000, weights: [1, 2, 7])
    #expect(counts.reduce(0, +) == 1000)
  }
}

@Suite("whole percentages")
struct WholePercentTests {
  @Test("a count is at a whole percentage when it is the nearest count to one")
  func roundness() {
    #expect(WholePercent.of(700, 1000) == .multipleOfFive)
    #expect(WholePercent.of(710, 1000) == .whole)
    #expect(WholePercent.of(701, 1000) == .none)
    // 10 % of 1,237 is 123.7: 124 is the nearest count, 123 is not.
    #expect(WholePercent.of(124, 1237) == .multipleOfFive)
    #expect(WholePercent.of(123, 1237) == .none)
    #expect(WholePercent.of(0, 500) == .multipleOfFive)
    #expect(WholePercent.of(500, 500) == .multipleOfFive)
    // Below 100 in the denominator every count is nearest to some whole percentage.
    for k in 0...37 { #expect(WholePercent.of(k, 37) != .none) }
  }

  @Test("the chance of roundness is the share of counts that are round")
  func chance() {
    #expect(WholePercent.chance(.whole, 1000) == 101.0 / 1001)
    #expect(WholePercent.chance(.multipleOfFive, 1000) == 21.0 / 1001)
    #expect(WholePercent.chance(.whole, 37) == 1)
    #expect(WholePercent.chance(.none, 1000) == 1)
    // By counting: the round counts of n = 1,237 are exactly those `of` calls round.
    let n = 1237
    let round = (0...n).filter { WholePercent.of($0, n) != .none }.count
    #expect(Double(round) / Double(n + 1) == WholePercent.chance(.whole, n))
  }
}

@Suite("the normal distribution")
struct GaussianTests {
  @Test("tails, their inverse, and the joint tail of two correlated normals")
  func tails() {
    #expect(abs(Gaussian.upperTail(1.959964) - 0.025) < 1e-6)
    #expect(abs(Gaussian.inverseUpperTail(0.025) - 1.959964) < 1e-5)
    // Independent: the product of the tails.
    #expect(abs(Gaussian.jointUpperTail(0.01, 0.02, correlation: 0) - 0.0002) < 1e-7)
    // Both above their medians: 1/4 + asin(ρ) / 2π (Sheppard).
    for rho in [-0.5, 0.3, 0.8] {
      let exact = 0.25 + asin(rho) / (2 * Double.pi)
      #expect(abs(Gaussian.jointUpperTail(0.5, 0.5, correlation: rho) - exact) < 1e-6)
    }
  }
}
