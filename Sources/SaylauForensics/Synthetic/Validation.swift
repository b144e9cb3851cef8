import SaylauElections

/// A rate with its uncertainty: hits of trials pooled over elections with a Wilson interval, and the spread
/// of the rate from one election to the next (where a single election's rate falls).
public struct ValidatedRate: Sendable, Hashable, Codable {
  public var hits: Int
  public var trials: Int
  public var rate: Double
  /// Wilson 95 % interval of the pooled rate.
  public var interval: [Double]
  /// The per-election rates: their smallest and largest, and the 2.5 and 97.5 percentiles.
  public var perElectionMinimum: Double
  public var perElectionMaximum: Double
  public var perElectionRange: [Double]

  public init(hits: Int, trials: Int, perElection: [Double]) {
    self.hits = hits
    self.trials = trials
    rate = trials > 0 ? round6(Double(hits) / Double(trials)) : 0
    let w = Probability.wilson(hits, of: trials)
    interval = [round6(w.low), round6(w.high)]
    let sorted = perElection.sorted()
    perElectionMinimum = round6(sorted.first ?? 0)
    perElectionMaximum = round6(sorted.last ?? 0)
    perElectionRange = [round6(quantile(sorted, 0.025)), round6(quantile(sorted, 0.975))]
  }
}

/// How a report's flags score against an answer key.
public struct FlagScore: Sendable, Hashable, Codable {
  /// Doctored precincts flagged, and doctored precincts.
  public var flaggedDoctored: Int
  public var doctored: Int
  /// Clean precincts flagged, and clean precincts.
  public var flaggedClean: Int
  public var clean: Int
  /// Per kind of doctoring: flagged and all.
  public var byDoctoring: [String: [Int]]
  /// Clean precincts flagged by each kind of flag.
  public var cleanByFlag: [String: Int]

  public var recall: Double? { doctored > 0 ? Double(flaggedDoctored) / Double(doctored) : nil }
  public var falsePositiveRate: Double? { clean > 0 ? Double(flaggedClean) / Double(clean) : nil }

  /// Scores `report` against the answer key `doctored` (precinct → kind of doctoring).
  public init(_ report: ForensicReport, doctored: [String: String], precincts: [String]) {
    let flagged = Set(report.flags.map(\.precinct))
    var byFlag: [String: Set<String>] = [:]
    for f in report.flags { byFlag[f.kind.rawValue, default: []].insert(f.precinct) }
    flaggedDoctored = 0
    flaggedClean = 0
    self.doctored = 0
    clean = 0
    byDoctoring = [:]
    cleanByFlag = [:]
    let all = Set(precincts)
    for p in all {
      if let kind = doctored[p] {
        self.doctored += 1
        var pair = byDoctoring[kind] ?? [0, 0]
        pair[1] += 1
        if flagged.contains(p) {
          flaggedDoctored += 1
          pair[0] += 1
        }
        byDoctoring[kind] = pair
      } else {
        clean += 1
        if flagged.contains(p) { flaggedClean += 1 }
      }
    }
    for (kind, set) in byFlag {
      cleanByFlag[kind] = set.filter { doctored[$0] == nil && all.contains($0) }.count
    }
  }
}

/// The validation on elections with known answers: many seeded synthetic elections, each analysed clean and
/// with a share of its precincts doctored; the figures the documentation reports (<doc:Validation>).
public struct ForensicValidation: Sendable {
  public var firstSeed: UInt64
  public var elections: Int
  public var precincts: Int
  public var doctoredPercent: Int
  public var parties: [ListVote.Party]
  public var constituencies: Int
  public var settings: ForensicSettings

  public init(
    firstSeed: UInt64 = 1, elections: Int, precincts: Int = 10_000, doctoredPercent: Int = 5,
    parties: [ListVote.Party], constituencies: Int = 29,
    settings: ForensicSettings = ForensicSettings()
  ) {
    self.firstSeed = firstSeed
    self.elections = elections
    self.precincts = precincts
    self.doctoredPercent = doctoredPercent
    self.parties = parties
    self.constituencies = constituencies
    self.settings = settings
  }

  /// A validation on elections with the parties and constituencies of `schema`, `simulations` draws of
  /// each null distribution and 50 bootstrap resamples (enough for the flags the validation scores).
  public init(
    firstSeed: UInt64, elections: Int, precincts: Int, doctoredPercent: Int,
    schema: ProtocolSchema, simulations: Int
  ) {
    var settings = ForensicSettings(seed: firstSeed, simulations: simulations)
    settings.bootstrap = 50
    self.init(
      firstSeed: firstSeed, elections: elections, precincts: precincts,
      doctoredPercent: doctoredPercent, parties: schema.parties,
      constituencies: max(1, schema.constituencyCount), settings: settings)
  }

  /// A nationwide test's p-value below the level: in how many clean and doctored elections.
  public struct TestRate: Sendable, Hashable, Codable {
    public var ballot: BallotType
    public var measure: String
    public var cleanBelowLevel: ValidatedRate
    public var doctoredBelowLevel: ValidatedRate
  }

  public struct Result: Sendable, Hashable, Codable {
    public var synthetic = true
    public var elections: Int
    public var precincts: Int
    public var doctoredPercent: Int
    public var level: Double
    public var settings: ForensicSettings
    /// Doctored precincts flagged (all kinds, and per kind).
    public var recall: ValidatedRate
    public var recallByDoctoring: [String: ValidatedRate]
    /// Clean precincts flagged in the doctored elections, and all precincts flagged in the clean ones.
    public var falsePositiveRate: ValidatedRate
    public var cleanElectionFlagRate: ValidatedRate
    /// Precincts of the clean elections flagged by each kind of flag.
    public var cleanElectionFlagRateByKind: [String: ValidatedRate]
    /// Nationwide tests: how often p < level in clean elections (the test's size) and doctored ones (power).
    public var nationalTests: [TestRate]
  }

  /// Runs the validation; `progress` gets the number of elections done.
  public func run(progress: (Int) -> Void = { _ in }) throws(ForensicSettingsError) -> Result {
    guard elections >= 1 else {
      throw ForensicSettingsError(description: "elections must be 1 or more, not \(elections)")
    }
    try SyntheticElection(
      seed: firstSeed, precincts: precincts, parties: parties, doctoredPercent: doctoredPercent
    ).check()
    var recallHits = 0
    var recallTrials = 0
    var recallPer: [Double] = []
    var kindHits: [String: (Int, Int, [Double])] = [:]
    var fpHits = 0
    var fpTrials = 0
    var fpPer: [Double] = []
    var cleanHits = 0
    var cleanTrials = 0
    var cleanPer: [Double] = []
    var byKind: [String: (Int, [Double])] = [:]
    var tests: [String: (BallotType, String, [Bool], [Bool])] = [:]
    var testOrder: [String] = []
    for k in 0..<elections {
      let seed = firstSeed + UInt64(k)
      var settings = self.settings
      settings.seed = seed
      for doctoredRun in [false, true] {
        let election = SyntheticElection(
          seed: seed, precincts: precincts, constituencies: constituencies, parties: parties,
          doctoredPercent: doctoredRun ? doctoredPercent : 0
        ).generate()
        let schema = ProtocolSchema(
          parties: parties, constituencyCount: constituencies, synthetic: true)
        let report = try Forensics.analyse(
          ForensicInput(
            schema: schema, protocols: election.protocols, districtOfPrecinct: election.districts),
          settings: settings)
        let ids = election.protocols.filter { $0.ballot == .list }.map(\.precinct)
        let score = FlagScore(
          report, doctored: election.doctored.mapValues(\.rawValue), precincts: ids)
        if doctoredRun {
          recallHits += score.flaggedDoctored
          recallTrials += score.doctored
          recallPer.append(score.recall ?? 0)
          fpHits += score.flaggedClean
          fpTrials += score.clean
          fpPer.append(score.falsePositiveRate ?? 0)
          for (kind, pair) in score.byDoctoring {
            var t = kindHits[kind] ?? (0, 0, [])
            t.0 += pair[0]
            t.1 += pair[1]
            t.2.append(pair[1] > 0 ? Double(pair[0]) / Double(pair[1]) : 0)
            kindHits[kind] = t
          }
        } else {
          cleanHits += score.flaggedClean
          cleanTrials += score.clean
          cleanPer.append(score.falsePositiveRate ?? 0)
          for kind in FlagKind.allCases {
            let n = score.cleanByFlag[kind.rawValue] ?? 0
            var t = byKind[kind.rawValue] ?? (0, [])
            t.0 += n
            t.1.append(Double(n) / Double(max(1, score.clean)))
            byKind[kind.rawValue] = t
          }
        }
        for area in report.areas where area.area == .nation {
          for m in area.measures where m.pValue != nil {
            let key = area.ballot.rawValue + "\u{0}" + m.name
            if tests[key] == nil {
              testOrder.append(key)
              tests[key] = (area.ballot, m.name, [], [])
            }
            let below = m.pValue! < settings.level
            if doctoredRun { tests[key]!.3.append(below) } else { tests[key]!.2.append(below) }
          }
        }
      }
      progress(k + 1)
    }
    func rate(_ flags: [Bool]) -> ValidatedRate {
      ValidatedRate(
        hits: flags.filter { $0 }.count, trials: flags.count, perElection: flags.map { $0 ? 1 : 0 })
    }
    return Result(
      elections: elections, precincts: precincts, doctoredPercent: doctoredPercent,
      level: settings.level, settings: settings,
      recall: ValidatedRate(hits: recallHits, trials: recallTrials, perElection: recallPer),
      recallByDoctoring: kindHits.mapValues {
        ValidatedRate(hits: $0.0, trials: $0.1, perElection: $0.2)
      },
      falsePositiveRate: ValidatedRate(hits: fpHits, trials: fpTrials, perElection: fpPer),
      cleanElectionFlagRate: ValidatedRate(
        hits: cleanHits, trials: cleanTrials, perElection: cleanPer),
      cleanElectionFlagRateByKind: byKind.mapValues {
        ValidatedRate(hits: $0.0, trials: cleanTrials, perElection: $0.1)
      },
      nationalTests: testOrder.map { key in
        let t = tests[key]!
        return TestRate(
          ballot: t.0, measure: t.1, cleanBelowLevel: rate(t.2), doctoredBelowLevel: rate(t.3))
      })
  }
}
