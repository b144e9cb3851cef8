import SaylauElections

/// The integer-percent test (Kobak, Shpilkin and Pshenichnikov 2016): how many precincts report turnout,
/// the leader's share, or either, at a whole percentage, against the same count in simulated clean
/// elections where every precinct keeps its size and its rates and only chance places its counts.
///
/// The null draws each precinct's ballots issued from Binomial(voters, observed turnout) and the leader's
/// votes from Binomial(valid votes, observed share), once per simulation, and counts whole percentages
/// in every area at once.
struct IntegerPercentSimulation {
  /// Per area: observed counts (turnout, share, either) and the simulated ones (sorted).
  var observed: [[Int]]
  var simulated: [[[Int]]]
  var eligible: [[Int]]
  var settings: ForensicSettings
  /// The nationwide mean count per 0.1 % bin of each quantity under the null.
  var expectedBins: [[Double]]
  /// Whether each station's turnout and share are at whole percentages.
  var wholeTurnout: [Bool]
  var wholeShare: [Bool]

  /// The bin of k of n at 0.1 %: round(1000 k / n), half up.
  static func bin(_ k: Int, _ n: Int) -> Int { (2000 * k + n) / (2 * n) }

  init(
    stations: [Station], membership: [[Int]], areas: Int, settings: ForensicSettings,
    sampler: Sampler
  ) {
    self.settings = settings
    let minimum = settings.integerMinimumDenominator
    var turnoutCase: [(Int, Int)?] = []
    var shareCase: [(Int, Int)?] = []
    for s in stations {
      if let e = s.voters, e >= minimum, let i = s.issued, i <= e {
        turnoutCase.append((i, e))
      } else {
        turnoutCase.append(nil)
      }
      if let v = s.valid, v >= minimum, let l = s.leaderVotes, l <= v {
        shareCase.append((l, v))
      } else {
        shareCase.append(nil)
      }
    }
    wholeTurnout = turnoutCase.map { $0.map { WholePercent.of($0.0, $0.1) != .none } ?? false }
    wholeShare = shareCase.map { $0.map { WholePercent.of($0.0, $0.1) != .none } ?? false }
    observed = [[Int]](repeating: [0, 0, 0], count: areas)
    eligible = [[Int]](repeating: [0, 0, 0], count: areas)
    for i in stations.indices {
      for a in membership[i] {
        if turnoutCase[i] != nil { eligible[a][0] += 1 }
        if shareCase[i] != nil { eligible[a][1] += 1 }
        if turnoutCase[i] != nil || shareCase[i] != nil { eligible[a][2] += 1 }
        if wholeTurnout[i] { observed[a][0] += 1 }
        if wholeShare[i] { observed[a][1] += 1 }
        if wholeTurnout[i] || wholeShare[i] { observed[a][2] += 1 }
      }
    }
    let draws = settings.simulations
    var sims = [[[Int]]](
      repeating: [[Int]](repeating: [Int](repeating: 0, count: draws), count: 3), count: areas)
    var bins = [[Double]](repeating: [Double](repeating: 0, count: 1001), count: 2)
    var g = sampler
    // Whole-percent tests of one count size repeat across draws: cache them by (k, n) would be large; the
    // test itself is a handful of integer operations.
    for r in 0..<draws {
      for i in stations.indices {
        var t = false
        var h = false
        if let (k, n) = turnoutCase[i] {
          let k2 = g.binomial(n, Double(k) / Double(n))
          t = WholePercent.of(k2, n) != .none
          bins[0][Self.bin(k2, n)] += 1
        }
        if let (k, n) = shareCase[i] {
          let k2 = g.binomial(n, Double(k) / Double(n))
          h = WholePercent.of(k2, n) != .none
          bins[1][Self.bin(k2, n)] += 1
        }
        if !(t || h) { continue }
        for a in membership[i] {
          if t { sims[a][0][r] += 1 }
          if h { sims[a][1][r] += 1 }
          sims[a][2][r] += 1
        }
      }
    }
    for a in 0..<areas { for q in 0..<3 { sims[a][q].sort() } }
    simulated = sims
    expectedBins = bins.map { $0.map { round6($0 / Double(max(draws, 1))) } }
  }

  static let names = [
    "precincts whose turnout is at a whole percentage",
    "precincts whose leader's share is at a whole percentage",
    "precincts whose turnout or leader's share is at a whole percentage",
  ]

  func measures(area: Int, stations: [Station], members: [Int]) -> [Measure] {
    var out: [Measure] = []
    for q in 0..<3 where eligible[area][q] >= settings.minimumAreaProtocols {
      let null = simulated[area][q].map(Double.init)
      let mean = null.reduce(0, +) / Double(max(null.count, 1))
      let obs = observed[area][q]
      let atLeast = simulated[area][q].filter { $0 >= obs }.count
      var drivers: [String] = []
      for i in members {
        let hit: Bool
        switch q {
        case 0: hit = wholeTurnout[i]
        case 1: hit = wholeShare[i]
        default: hit = wholeTurnout[i] || wholeShare[i]
        }
        if hit { drivers.append(stations[i].p.precinct) }
        if drivers.count >= settings.maximumDrivers { break }
      }
      out.append(
        Measure(
          test: .integerPercent,
          name: Self.names[q] + " (denominator \(settings.integerMinimumDenominator) or more)",
          n: eligible[area][q], observed: Double(obs), expected: round6(mean),
          interval: [quantile(null, 0.025), quantile(null, 0.975)],
          intervalKind: "null 95 % (simulated)",
          effect: mean > 0 ? round6(Double(obs) / mean) : nil, effectName: "ratio to expected",
          pValue: Probability.simulated(atLeastAsExtreme: atLeast, of: null.count),
          pValueMethod: "simulated (\(null.count) binomial resamplings of every precinct)",
          asymptoticPValue: nil, qValue: nil, drivers: drivers))
    }
    return out
  }

  func histograms(ballot: BallotType, stations: [Station]) -> [PercentHistogram] {
    let minimum = settings.integerMinimumDenominator
    var out: [PercentHistogram] = []
    for (q, quantity) in [PercentHistogram.Quantity.turnout, .share].enumerated() {
      var counts = [Int](repeating: 0, count: 1001)
      var n = 0
      for s in stations {
        let pair: (Int, Int)?
        if q == 0 {
          pair = s.voters.flatMap { e in s.issued.map { ($0, e) } }
        } else {
          pair = s.valid.flatMap { v in s.leaderVotes.map { ($0, v) } }
        }
        guard let (k, d) = pair, d >= minimum, k <= d else { continue }
        counts[Self.bin(k, d)] += 1
        n += 1
      }
      out.append(
        PercentHistogram(
          ballot: ballot, quantity: quantity, counts: counts, expected: expectedBins[q],
          precincts: n))
    }
    return out
  }
}
