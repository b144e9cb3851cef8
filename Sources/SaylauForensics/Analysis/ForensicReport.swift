import SaylauElections

/// What a flag is about. Each kind has one rule (``rule``), stated with its thresholds in the report.
public enum FlagKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// A warning of the law's one check (``SaylauElections/ProtocolCheck``): lawful but notable.
  case lawWarning = "law-warning"
  /// Turnout at or near 100 %.
  case fullTurnout = "full-turnout"
  /// One choice's share of the valid votes at or near 100 %.
  case fullShare = "full-share"
  /// Turnout and the leader's share at whole (or multiples of 5) percentages, rarer by chance than the
  /// stated level for a precinct of this size.
  case roundPercentages = "round-percentages"
  /// Every line and vote count equal to another precinct's protocol.
  case identical
  /// Every line and vote count within 1 % (at least one count) of another precinct's protocol.
  case nearIdentical = "near-identical"
  /// Turnout or the leader's share far from the other precincts of the district (or constituency).
  case outlier
  /// The list and constituency ballots of one precinct do not fit each other.
  case ballotMismatch = "ballot-mismatch"
  /// The protocol changed between versions (a correction replaced it).
  case changed

  /// The rule in words, with the thresholds of `settings`.
  public func rule(_ s: ForensicSettings) -> String {
    switch self {
    case .lawWarning:
      return "a warning of the protocol check (rules.md A2): lawful, but worth a look"
    case .fullTurnout:
      return
        "turnout (ballots issued / voters on the list) at or above \(s.nearFullPercent) %, with at least \(s.minimumVoters) voters"
    case .fullShare:
      return
        "one choice has at or above \(s.nearFullPercent) % of the valid votes (against all included), with at least \(s.minimumVoters) valid votes"
    case .roundPercentages:
      return
        "turnout and the leader's share fall on whole percentages (or multiples of 5 %) to the nearest vote, which precincts of this size reach together by chance at most \(Format.probability(s.roundChance)) of the time"
    case .identical:
      return
        "every line and vote count equals another precinct's protocol of the same ballot (at least \(s.identicalMinimumVoters) voters)"
    case .nearIdentical:
      return
        "every line and vote count is within \(s.nearIdenticalPercent) % (at least 1) of another precinct's protocol of the same ballot, and not all are equal (at least \(s.identicalMinimumVoters) voters)"
    case .outlier:
      return
        "turnout or the leader's share is at least \(Format.decimal(s.outlierZ, 1)) robust standard deviations (median and MAD) from the other precincts of its district, or of its constituency where no district is known, or both are at least \(Format.decimal(s.outlierJointZ, 1)) in the same direction (groups of \(s.minimumGroup) or more precincts)"
    case .ballotMismatch:
      return
        "the list and constituency ballots of one precinct give different voters on the list, or ballots issued that differ by more than \(s.mismatchPercent) % (and \(s.mismatchMinimum) ballots)"
    case .changed:
      return "a later version of the protocol replaced one with different counts"
    }
  }
}

/// One remarkable protocol: which, why (the rule) and the numbers that show it (the evidence).
public struct ProtocolFlag: Sendable, Hashable, Codable {
  public var precinct: String
  public var ballot: BallotType
  public var constituency: Int?
  public var kind: FlagKind
  /// The rule the protocol meets, with its thresholds.
  public var rule: String
  /// The protocol's numbers that meet it, in words.
  public var evidence: String
  /// Other precincts the flag names (the identical protocols, …).
  public var related: [String]
  /// A number measuring how far the protocol is from usual: the robust z-score of an outlier, the chance
  /// of round percentages, the turnout or share; `nil` where the rule has none.
  public var score: Double?
}

/// How many precincts of a constituency there are and how many have a flag (for the map).
public struct ConstituencyFlags: Sendable, Hashable, Codable {
  public var constituency: Int
  public var precincts: Int
  public var flaggedPrecincts: Int
}

/// The number of flags of one kind and the precincts they touch.
public struct FlagCount: Sendable, Hashable, Codable {
  public var kind: FlagKind
  public var protocols: Int
  public var precincts: Int
}

/// Where a distribution test ran: the whole election, a region, a constituency or a district of the
/// precinct register.
public struct Area: Sendable, Hashable, Codable, Comparable {
  public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
    case nation
    case region
    case constituency
    case district
  }

  public var level: Level
  /// `nation`, the region's or district's code, or the constituency number.
  public var code: String

  public init(level: Level, code: String) {
    self.level = level
    self.code = code
  }

  public static let nation = Area(level: .nation, code: "nation")

  public static func < (a: Area, b: Area) -> Bool {
    let la = Level.allCases.firstIndex(of: a.level)!
    let lb = Level.allCases.firstIndex(of: b.level)!
    if la != lb { return la < lb }
    if a.level == .constituency, let x = Int(a.code), let y = Int(b.code), x != y { return x < y }
    return a.code < b.code
  }
}

/// The tests the report runs (their sources and limits are in ``TestDescription``).
public enum TestID: String, Sendable, Hashable, Codable, CaseIterable {
  case fingerprint
  case integerPercent = "integer-percent"
  case lastDigit = "last-digit"
  case lastTwoDigits = "last-two-digits"
  case secondDigit = "second-digit"
}

/// One measured quantity of a distribution test in one area: what was observed, what a clean election
/// would give, how far apart they are, and how surprising the difference is.
public struct Measure: Sendable, Hashable, Codable {
  public var test: TestID
  /// What is measured, in words.
  public var name: String
  /// How many values entered (precincts or vote counts).
  public var n: Int
  public var observed: Double
  /// What a clean election gives, under the test's null model; `nil` where there is no null.
  public var expected: Double?
  /// A 95 % interval: of the null distribution (simulated) or a confidence interval of the observed value.
  public var interval: [Double]?
  public var intervalKind: String?
  /// The effect size and its name (a ratio, a difference, Cramér's w…).
  public var effect: Double?
  public var effectName: String?
  /// The p-value under the null model, and how it was computed; `nil` for a descriptive measure.
  public var pValue: Double?
  public var pValueMethod: String?
  /// The asymptotic p-value, where a simulated one is the main one.
  public var asymptoticPValue: Double?
  /// The Benjamini–Hochberg q-value over every p-value of the report.
  public var qValue: Double?
  /// The precincts that drive the measure (at most the settings' number).
  public var drivers: [String]
}

/// The distribution tests of one ballot in one area.
public struct AreaResult: Sendable, Hashable, Codable {
  public var ballot: BallotType
  public var area: Area
  public var protocols: Int
  public var measures: [Measure]
  /// Why a test did not run here (too few protocols or counts).
  public var notes: [String]
}

/// The fingerprint of one ballot nationwide: how many precincts fall in each 1 % × 1 % cell of turnout
/// (x) and the leader's share (y).
public struct FingerprintGrid: Sendable, Hashable, Codable {
  public struct Cell: Sendable, Hashable, Codable {
    /// The cell's lower edges in whole percent (0…99; 100 % falls in 99).
    public var turnout: Int
    public var share: Int
    public var precincts: Int
  }

  public var ballot: BallotType
  /// The leader whose share is the y axis (a party code, or `constituency leader`).
  public var leader: String
  public var precincts: Int
  public var cells: [Cell]
}

/// Turnout or the leader's share nationwide in bins of 0.1 percentage point centred on multiples of 0.1,
/// with the mean count the simulated null gives each bin: the integer-percent picture.
public struct PercentHistogram: Sendable, Hashable, Codable {
  public enum Quantity: String, Sendable, Hashable, Codable {
    case turnout
    case share
  }

  public var ballot: BallotType
  public var quantity: Quantity
  /// `counts[b]`: precincts whose value, rounded to 0.1 %, is b / 10 % (b = 0…1000).
  public var counts: [Int]
  /// The null's mean count per bin (rounded to 3 decimals).
  public var expected: [Double]
  /// Precincts counted (the denominator at least the settings' minimum).
  public var precincts: Int
}

/// A test in plain words: what it measures, its source, what it can and cannot show.
public struct TestDescription: Sendable, Hashable, Codable {
  public var test: TestID
  public var name: String
  public var source: String
  public var measures: String
  public var canShow: String
  public var cannotShow: String
}

/// The leader whose share the tests of a ballot use.
public struct BallotSummary: Sendable, Hashable, Codable {
  public var ballot: BallotType
  public var protocols: Int
  /// The list ballot: the party with the most votes in all the protocols; the constituency ballot: the
  /// candidate with the most votes in each constituency (`constituency leader`).
  public var leader: String
}

/// Everything the forensic analysis finds, the same value on every face: `saylau forensics --json`,
/// `GET /api/v1/elections/{id}/forensics`, the static report and the web page.
///
/// No verdicts: flags say which protocols deserve a second look and why; the distribution tests give
/// measures, their uncertainty and the precincts that drive them.
public struct ForensicReport: Sendable, Hashable, Codable {
  /// Synthetic (generated) data: every output says so.
  public var synthetic: Bool
  public var settings: ForensicSettings
  public var protocols: Int
  public var precincts: Int
  public var earlierVersions: Int
  public var ballots: [BallotSummary]
  public var flagCounts: [FlagCount]
  /// Precincts with at least one flag.
  public var flaggedPrecincts: Int
  public var flags: [ProtocolFlag]
  /// Precincts and flagged precincts per constituency, by number.
  public var constituencies: [ConstituencyFlags]
  public var areas: [AreaResult]
  public var fingerprints: [FingerprintGrid]
  public var histograms: [PercentHistogram]
  /// How many p-values (and q-values) of the report are below the settings' level, and how many p-values
  /// that level lets a clean election have by chance.
  public var pValues: Int
  public var pValuesBelowLevel: Int
  public var qValuesBelowLevel: Int
  public var tests: [TestDescription]
  public var notes: [String]

  /// The flags of one precinct.
  public func flags(of precinct: String) -> [ProtocolFlag] {
    flags.filter { $0.precinct == precinct }
  }

  /// The precincts with at least one flag, in the report's order.
  public var flaggedPrecinctIDs: [String] {
    var seen = Set<String>()
    return flags.compactMap { seen.insert($0.precinct).inserted ? $0.precinct : nil }
  }

  /// The nationwide result of the distribution tests of `ballot`.
  public func nation(_ ballot: BallotType) -> AreaResult? {
    areas.first { $0.ballot == ballot && $0.area == .nation }
  }
}
