import Foundation
import SaylauElections

/// The distribution tests of one ballot at every level (nation, regions, constituencies, districts):
/// the fingerprint, integer percentages, and the digit tests, each with its null model.
struct DistributionTests {
  let set: StationSet
  let settings: ForensicSettings
  let ballot: BallotType

  var ballotIndex: UInt64 { ballot == .list ? 1 : 2 }

  /// A generator stream of its own for each area and test, so that adding an area changes no other number.
  func sampler(area: Int, test: UInt64) -> Sampler {
    Sampler(seed: settings.seed, stream: ballotIndex << 40 | UInt64(area) << 8 | test)
  }

  struct Output {
    var areas: [AreaResult]
    var grid: FingerprintGrid
    var histograms: [PercentHistogram]
  }

  func run() -> Output {
    let (areas, membership, members) = set.areas(ballot)
    let stations = members.map { set.stations[$0] }
    var inArea = [[Int]](repeating: [], count: areas.count)
    for (i, m) in membership.enumerated() { for a in m { inArea[a].append(i) } }
    let integer = IntegerPercentSimulation(
      stations: stations, membership: membership, areas: areas.count, settings: settings,
      sampler: sampler(area: 0, test: 1))
    let standardised = withinGroups(stations)
    var results: [AreaResult] = []
    for (a, area) in areas.enumerated() {
      let local = inArea[a].map { stations[$0] }
      var measures: [Measure] = []
      var notes: [String] = []
      if local.count < settings.minimumAreaProtocols {
        notes.append(
          "\(local.count) protocols: fewer than \(settings.minimumAreaProtocols), so no distribution test ran here"
        )
      } else {
        measures += fingerprint(local, area: a, standardised: standardised, notes: &notes)
        measures += integer.measures(area: a, stations: stations, members: inArea[a])
        measures += digits(local, area: a, notes: &notes)
      }
      results.append(
        AreaResult(
          ballot: ballot, area: area, protocols: local.count, measures: measures, notes: notes))
    }
    return Output(
      areas: results, grid: grid(stations),
      histograms: integer.histograms(ballot: ballot, stations: stations))
  }

  // MARK: Fingerprint (Klimek et al. 2012)

  /// The stations the fingerprint uses: turnout and share known, at least the minimum of voters.
  func fingerprintPairs(_ local: [Station]) -> [(Station, Double, Double)] {
    local.compactMap { s in
      guard let t = s.turnout, let h = s.share, (s.voters ?? 0) >= settings.minimumVoters else {
        return nil
      }
      return (s, t, h)
    }
  }

  /// Turnout and the leader's share on the logit scale, standardised within each precinct's group (its
  /// district, else its constituency; median and MAD), by station order. Honest differences between
  /// districts then do not look like a smear.
  func withinGroups(_ stations: [Station]) -> [Int: (Double, Double)] {
    var groups: [String: [(Int, Double, Double)]] = [:]
    var names: [String] = []
    for (s, _, _) in fingerprintPairs(stations) {
      let key = s.district.map { "d\($0)" } ?? s.p.constituency.map { "c\($0)" } ?? "n"
      if groups[key] == nil { names.append(key) }
      groups[key, default: []].append(
        (s.order, Self.logit(s.issued!, s.voters!), Self.logit(s.leaderVotes!, s.valid!)))
    }
    var out: [Int: (Double, Double)] = [:]
    for key in names {
      let members = groups[key]!
      guard members.count >= settings.minimumGroup else { continue }
      let u = members.map(\.1)
      let v = members.map(\.2)
      guard let mu = RobustStatistics.median(u), let mv = RobustStatistics.median(v),
        let su = RobustStatistics.mad(u, median: mu), let sv = RobustStatistics.mad(v, median: mv)
      else { continue }
      let spreadU = max(su, 0.05)
      let spreadV = max(sv, 0.05)
      for (order, a, b) in members { out[order] = ((a - mu) / spreadU, (b - mv) / spreadV) }
    }
    return out
  }

  /// `k` of `n` on the logit scale, half a count from 0 and n so that 0 % and 100 % stay finite.
  static func logit(_ k: Int, _ n: Int) -> Double {
    let x = (Double(k) + 0.5) / (Double(n) + 1)
    return log(x / (1 - x))
  }

  func fingerprint(
    _ local: [Station], area: Int, standardised: [Int: (Double, Double)], notes: inout [String]
  ) -> [Measure] {
    let pairs = fingerprintPairs(local)
    guard pairs.count >= settings.minimumAreaProtocols else {
      notes.append(
        "the fingerprint needs \(settings.minimumAreaProtocols) precincts with turnout and shares")
      return []
    }
    var out: [Measure] = []
    let t = pairs.map(\.1)
    let h = pairs.map(\.2)
    if let r = RobustStatistics.pearson(t, h) {
      var g = sampler(area: area, test: 2)
      var draws: [Double] = []
      draws.reserveCapacity(settings.bootstrap)
      for _ in 0..<settings.bootstrap {
        var x: [Double] = []
        var y: [Double] = []
        x.reserveCapacity(t.count)
        y.reserveCapacity(t.count)
        for _ in 0..<t.count {
          let k = g.below(t.count)
          x.append(t[k])
          y.append(h[k])
        }
        if let rb = RobustStatistics.pearson(x, y) { draws.append(rb) }
      }
      draws.sort()
      out.append(
        Measure(
          test: .fingerprint, name: "correlation of turnout and the leader's share", n: pairs.count,
          observed: round6(r), expected: nil,
          interval: draws.count >= 20
            ? [round6(quantile(draws, 0.025)), round6(quantile(draws, 0.975))] : nil,
          intervalKind: draws.count >= 20 ? "bootstrap 95 % (\(draws.count) resamples)" : nil,
          effect: round6(r), effectName: "Pearson r", pValue: nil, pValueMethod: nil,
          asymptoticPValue: nil, qValue: nil, drivers: []))
    }
    // The high corner: turnout and share both at or above the corner percentage, against a clean
    // two-dimensional model fitted robustly on the logit scale.
    let c = settings.cornerPercent
    let corner = pairs.filter { s, _, _ in
      100 * (s.issued ?? 0) >= c * (s.voters ?? 1)
        && 100 * (s.leaderVotes ?? 0) >= c * (s.valid ?? 1)
    }
    let u = pairs.map { Self.logit($0.0.issued!, $0.0.voters!) }
    let v = pairs.map { Self.logit($0.0.leaderVotes!, $0.0.valid!) }
    if let mu = RobustStatistics.median(u), let mv = RobustStatistics.median(v),
      let su = RobustStatistics.mad(u, median: mu), let sv = RobustStatistics.mad(v, median: mv),
      su > 0, sv > 0
    {
      let rho = max(-0.99, min(0.99, RobustStatistics.correlation(u, v) ?? 0))
      var g = sampler(area: area, test: 3)
      let fraction = min(0.999, max(0.001, Double(c) / 100))
      let cut = log(fraction / (1 - fraction))
      // Within-group standard scores and their correlation, for the smear.
      let zs = pairs.compactMap { pair in standardised[pair.0.order].map { (pair.0, $0.0, $0.1) } }
      let rhoWithin = max(
        -0.95, min(0.95, RobustStatistics.correlation(zs.map(\.1), zs.map(\.2)) ?? 0))
      var hits = 0
      let k = settings.smearZ
      let draws = max(1, settings.cornerDraws)
      for _ in 0..<draws {
        let z1 = g.normal()
        let z2 = rho * z1 + (1 - rho * rho).squareRoot() * g.normal()
        if mu + su * z1 >= cut && mv + sv * z2 >= cut { hits += 1 }
      }
      // Half a hit is added so that a corner the model never reaches still has a positive chance.
      let p0 = (Double(hits) + 0.5) / (Double(draws) + 1)
      let n = pairs.count
      let expected = p0 * Double(n)
      let p = Probability.binomialUpperTail(corner.count, n, p0)
      let drivers = corner.sorted { ($0.1, -$0.0.order) > ($1.1, -$1.0.order) }
        .prefix(settings.maximumDrivers).map { $0.0.p.precinct }
      out.append(
        Measure(
          test: .fingerprint,
          name: "precincts with turnout and the leader's share both at or above \(c) %", n: n,
          observed: Double(corner.count), expected: round6(expected), interval: nil,
          intervalKind: nil,
          effect: round6((Double(corner.count) - expected) / Double(n)),
          effectName: "excess share of precincts",
          pValue: p,
          pValueMethod:
            "exact binomial upper tail; corner share of the clean model by simulation (\(draws) draws)",
          asymptoticPValue: nil, qValue: nil, drivers: Array(drivers)))
      // The smear: precincts where both turnout and the leader's share are far above their district (on
      // the logit scale). Stuffing moves precincts there together. The clean expectation takes the two
      // tails as they are (their sizes, however heavy) and joins them as the bulk's correlation does
      // (a Gaussian copula), so only their coincidence counts.
      var smeared: [(Station, Double)] = []
      var upper = (0, 0)
      for (station, zu, zv) in zs {
        if zu >= k { upper.0 += 1 }
        if zv >= k { upper.1 += 1 }
        if zu >= k && zv >= k { smeared.append((station, min(zu, zv))) }
      }
      let nz = zs.count
      let q0 =
        nz > 0
        ? Gaussian.jointUpperTail(
          Double(upper.0) / Double(nz), Double(upper.1) / Double(nz), correlation: rhoWithin) : 0
      let expectedTail = q0 * Double(nz)
      out.append(
        Measure(
          test: .fingerprint,
          name:
            "precincts with turnout and the leader's share both \(Format.decimal(k, 1)) robust standard deviations above their district (logit scale)",
          n: nz, observed: Double(smeared.count), expected: round6(expectedTail), interval: nil,
          intervalKind: nil,
          effect: nz > 0 ? round6((Double(smeared.count) - expectedTail) / Double(nz)) : nil,
          effectName: "excess share of precincts",
          pValue: Probability.binomialUpperTail(smeared.count, nz, q0),
          pValueMethod:
            "exact binomial upper tail; the two tails' observed sizes joined by a Gaussian copula with the within-district correlation (\(Format.decimal(rhoWithin, 2)))",
          asymptoticPValue: nil, qValue: nil,
          drivers: smeared.sorted { ($0.1, -$0.0.order) > ($1.1, -$1.0.order) }
            .prefix(settings.maximumDrivers).map { $0.0.p.precinct }))
    }
    return out
  }

  func grid(_ stations: [Station]) -> FingerprintGrid {
    var cells: [Int: Int] = [:]
    var n = 0
    for s in fingerprintPairs(stations) {
      let x = min(99, 100 * s.0.issued! / s.0.voters!)
      let y = min(99, 100 * s.0.leaderVotes! / s.0.valid!)
      cells[x * 100 + y, default: 0] += 1
      n += 1
    }
    return FingerprintGrid(
      ballot: ballot, leader: set.leaderName(ballot), precincts: n,
      cells: cells.keys.sorted().map {
        FingerprintGrid.Cell(turnout: $0 / 100, share: $0 % 100, precincts: cells[$0]!)
      })
  }

  // MARK: Digits (Beber and Scacco 2012; Mebane 2006)

  static let benfordSecondDigit: [Double] = (0..<10).map { d in
    (1...9).reduce(0.0) { $0 + log10(1 + 1 / Double(10 * $1 + d)) }
  }

  func digits(_ local: [Station], area: Int, notes: inout [String]) -> [Measure] {
    var out: [Measure] = []
    var second: [Int] = []
    // The last-digit tests take the counts of the large contestants only: the choices whose median count
    // in the area is at least the minimum. A small party's counts above a cut-off lie in the falling tail
    // of its distribution, where low last digits are more common than high ones even in a clean count.
    var byChoice: [String: [(Int, Int)]] = [:]
    var choiceOrder: [String] = []
    for s in local {
      for (k, v) in s.votes.enumerated() {
        guard let v else { continue }
        if v >= settings.secondDigitMinimum { second.append(v) }
        let key =
          s.p.ballot == .list ? "\(k)" : "\(s.p.constituency ?? 0)/\(k)"
        if byChoice[key] == nil { choiceOrder.append(key) }
        byChoice[key, default: []].append((v, s.order))
      }
      if let a = s.p.againstAll {
        if a >= settings.secondDigitMinimum { second.append(a) }
        if byChoice["against"] == nil { choiceOrder.append("against") }
        byChoice["against", default: []].append((a, s.order))
      }
    }
    var last: [(Int, Int)] = []  // (count, station order)
    for key in choiceOrder {
      let counts = byChoice[key]!
      guard let median = RobustStatistics.median(counts.map { Double($0.0) }),
        median >= Double(settings.lastDigitMinimum)
      else { continue }
      last += counts.filter { $0.0 >= 10 }
    }
    if last.count >= settings.minimumDigits {
      var freq = [Int](repeating: 0, count: 10)
      for (v, _) in last { freq[v % 10] += 1 }
      let uniform = [Double](repeating: 0.1, count: 10)
      let chi = chiSquare(freq, uniform)
      let null = simulatedChiSquare(n: last.count, weights: uniform, area: area, test: 4)
      let over = (0..<10).max { (freq[$0], -$0) < (freq[$1], -$1) }!
      var byStation: [Int: Int] = [:]
      for (v, order) in last where v % 10 == over { byStation[order, default: 0] += 1 }
      let drivers = byStation.keys.sorted { (byStation[$0]!, -$0) > (byStation[$1]!, -$1) }
        .prefix(settings.maximumDrivers).map { set.stations[$0].p.precinct }
      out.append(
        Measure(
          test: .lastDigit,
          name:
            "last digits of the vote counts of choices with a median count of \(settings.lastDigitMinimum) or more, against uniform (chi-square)",
          n: last.count, observed: round6(chi), expected: round6(null.mean),
          interval: [round6(null.low), round6(null.high)], intervalKind: "null 95 % (simulated)",
          effect: round6((chi / Double(last.count)).squareRoot()),
          effectName: "Cohen's w; most frequent digit \(over)",
          pValue: Probability.simulated(atLeastAsExtreme: null.atLeast(chi), of: null.draws.count),
          pValueMethod: "simulated (\(null.draws.count) multinomial draws)",
          asymptoticPValue: Probability.chiSquareUpperTail(chi, degreesOfFreedom: 9), qValue: nil,
          drivers: Array(drivers)))
      // The last two digits: repeated (33) and adjacent (34, 43, 90, 09) pairs.
      var repeated = 0
      var adjacent = 0
      for (v, _) in last {
        let a = v % 10
        let b = (v / 10) % 10
        if a == b { repeated += 1 }
        let d = abs(a - b)
        if d == 1 || d == 9 { adjacent += 1 }
      }
      for (name, k, p0) in [
        ("share of vote counts whose last two digits repeat (expected 10 %)", repeated, 0.1),
        ("share of vote counts whose last two digits are adjacent (expected 20 %)", adjacent, 0.2),
      ] {
        let n = last.count
        let ci = Probability.wilson(k, of: n)
        out.append(
          Measure(
            test: .lastTwoDigits, name: name, n: n, observed: round6(Double(k) / Double(n)),
            expected: p0, interval: [round6(ci.low), round6(ci.high)], intervalKind: "Wilson 95 %",
            effect: round6(Double(k) / Double(n) - p0), effectName: "difference of shares",
            pValue: Probability.binomialTwoSided(k, n, p0),
            pValueMethod: "exact binomial, two-sided",
            asymptoticPValue: nil, qValue: nil, drivers: []))
      }
    } else {
      notes.append(
        "\(last.count) vote counts of \(settings.lastDigitMinimum) or more: too few (\(settings.minimumDigits)) for the last-digit tests"
      )
    }
    if second.count >= settings.minimumDigits {
      var freq = [Int](repeating: 0, count: 10)
      var sum = 0
      for v in second {
        var x = v
        while x >= 100 { x /= 10 }
        freq[x % 10] += 1
        sum += x % 10
      }
      let benford = Self.benfordSecondDigit
      let chi = chiSquare(freq, benford)
      let null = simulatedChiSquare(n: second.count, weights: benford, area: area, test: 5)
      let expectedMean = (0..<10).reduce(0.0) { $0 + Double($1) * benford[$1] }
      out.append(
        Measure(
          test: .secondDigit,
          name:
            "second digits of vote counts of \(settings.secondDigitMinimum) or more against Benford's law (chi-square)",
          n: second.count, observed: round6(chi), expected: round6(null.mean),
          interval: [round6(null.low), round6(null.high)], intervalKind: "null 95 % (simulated)",
          effect: round6(Double(sum) / Double(second.count) - expectedMean),
          effectName: "mean second digit minus Benford's \(Format.decimal(expectedMean, 3))",
          pValue: Probability.simulated(atLeastAsExtreme: null.atLeast(chi), of: null.draws.count),
          pValueMethod: "simulated (\(null.draws.count) multinomial draws)",
          asymptoticPValue: Probability.chiSquareUpperTail(chi, degreesOfFreedom: 9), qValue: nil,
          drivers: []))
    }
    return out
  }

  func chiSquare(_ freq: [Int], _ weights: [Double]) -> Double {
    let n = Double(freq.reduce(0, +))
    var chi = 0.0
    for d in 0..<freq.count {
      let e = n * weights[d]
      if e > 0 { chi += (Double(freq[d]) - e) * (Double(freq[d]) - e) / e }
    }
    return chi
  }

  struct Null {
    var draws: [Double]
    var mean: Double { draws.isEmpty ? 0 : draws.reduce(0, +) / Double(draws.count) }
    var low: Double { quantile(draws, 0.025) }
    var high: Double { quantile(draws, 0.975) }
    func atLeast(_ x: Double) -> Int {
      // Sorted: the draws at least x (with a tolerance for equal statistics computed differently).
      var lo = 0
      var hi = draws.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if draws[mid] < x - 1e-9 { lo = mid + 1 } else { hi = mid }
      }
      return draws.count - lo
    }
  }

  func simulatedChiSquare(n: Int, weights: [Double], area: Int, test: UInt64) -> Null {
    var g = sampler(area: area, test: test)
    var draws: [Double] = []
    draws.reserveCapacity(settings.simulations)
    for _ in 0..<settings.simulations {
      draws.append(chiSquare(g.multinomial(n, weights: weights), weights))
    }
    draws.sort()
    return Null(draws: draws)
  }
}

/// The `q` quantile of sorted values (linear between order statistics).
func quantile(_ sorted: [Double], _ q: Double) -> Double {
  guard !sorted.isEmpty else { return 0 }
  let x = q * Double(sorted.count - 1)
  let i = Int(x)
  let f = x - Double(i)
  return i + 1 < sorted.count ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i]
}

/// Rounded to 6 decimals, so that reports do not carry the last bits of floating-point noise.
func round6(_ x: Double) -> Double {
  guard x.isFinite else { return 0 }
  return (x * 1_000_000).rounded() / 1_000_000
}
