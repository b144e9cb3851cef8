import SaylauApportionment
import SaylauCore

/// How a single-member constituency is won.
public enum ConstituencyRule: String, Sendable, Codable {
  /// Most votes wins, one round (R2022, Art. 9(2) as amended 2022).
  case plurality
  /// More than half of the voters who took part; otherwise a runoff of the top two (R1995, R1999).
  case majorityWithRunoff
}

/// Seats filled by appointment or indirect election, outside the ballot (e.g. the 9 deputies elected by the
/// Assembly of People of Kazakhstan in R2007 and R2009).
public struct AppointedSeats: Sendable, Hashable, Codable {
  public var body: String
  public var code: String
  public var seats: Int

  public init(body: String, code: String, seats: Int) {
    self.body = body
    self.code = code
    self.seats = seats
  }
}

/// An electoral regime as data (rules.md A0): the seats, the list threshold and formula, the constituency
/// rule and the appointed seats a chamber is elected under, and the period the regime was in force.
///
/// Nothing in the engine branches on a regime's identity; it reads these fields. The regimes themselves are
/// rows of a table (Kazakhstan's are in SaylauData's `elections/regimes.csv`), not code.
public struct Regime: Sendable, Hashable, Codable, Identifiable {
  public var id: String
  /// The chamber the regime elects (`majilis`, `kurultai`).
  public var chamber: String
  /// When the regime was in force, as precisely as the sources give it; the days of elections held under it
  /// are witnessed days.
  public var inForce: HistoricalSpan
  public var totalSeats: Int
  /// Seats of the one nationwide party-list district; 0 when there is none.
  public var listSeats: Int
  /// The list threshold; `nil` when unknown, in which case callers must supply one.
  public var listThreshold: Threshold?
  /// The list formula; `nil` when unknown.
  public var listMethod: AllocationMethod?
  public var constituencySeats: Int
  public var constituencyRule: ConstituencyRule?
  public var appointed: [AppointedSeats]
  /// Whether the runner-up guarantee (rules.md A4.3) is in the law of this regime: `true`, `false`, or `nil`
  /// when unknown: then ``ElectionOptions/runnerUpGuarantee`` decides.
  public var runnerUpGuaranteeInLaw: Bool?
  /// Whether the ballots carry an "against all" line: `nil` when the sources do not say.
  public var againstAllOnBallot: Bool?
  /// The quota for women, young people and persons with disabilities among a party's candidates and
  /// mandates (rules.md A4.9); `nil` when the regime has none or it is not known.
  public var candidateQuota: CandidateQuota?
  /// How much longer than the seats a party list may be, in percent of the list seats (rules.md A4.8:
  /// "M + 30 %", CEC: at most 90 for 69 seats); `nil` when not known.
  public var listLengthExtraPercent: Int?
  /// When every candidate of a constituency has withdrawn or been struck off, the CEC extends the election
  /// by up to this many months and re-opens nomination (Art. 93-2, rules.md A5.4); `nil` when the regime has
  /// no such rule or it is not known.
  public var withdrawalExtensionMonths: Int?
  /// What is uncertain or unknown about this regime, in words.
  public var notes: [String]
  public var sources: [String]

  public init(
    id: String, chamber: String, inForce: HistoricalSpan, totalSeats: Int, listSeats: Int,
    listThreshold: Threshold?, listMethod: AllocationMethod?, constituencySeats: Int,
    constituencyRule: ConstituencyRule?, appointed: [AppointedSeats] = [],
    runnerUpGuaranteeInLaw: Bool?, againstAllOnBallot: Bool? = nil,
    candidateQuota: CandidateQuota? = nil, listLengthExtraPercent: Int? = nil,
    withdrawalExtensionMonths: Int? = nil, notes: [String] = [], sources: [String] = []
  ) {
    self.id = id
    self.chamber = chamber
    self.inForce = inForce
    self.totalSeats = totalSeats
    self.listSeats = listSeats
    self.listThreshold = listThreshold
    self.listMethod = listMethod
    self.constituencySeats = constituencySeats
    self.constituencyRule = constituencyRule
    self.appointed = appointed
    self.runnerUpGuaranteeInLaw = runnerUpGuaranteeInLaw
    self.againstAllOnBallot = againstAllOnBallot
    self.candidateQuota = candidateQuota
    self.listLengthExtraPercent = listLengthExtraPercent
    self.withdrawalExtensionMonths = withdrawalExtensionMonths
    self.notes = notes
    self.sources = sources
  }

  public var appointedSeats: Int { appointed.reduce(0) { $0 + $1.seats } }

  /// The longest list a party may register for `seats` list seats: `seats` plus ``listLengthExtraPercent``
  /// percent, rounded up (69 → 90, as the CEC said in 2023: the rounding is read from that figure, rules.md
  /// A4.8 and the review's S8); `nil` when the regime states no limit.
  public func maximumListLength(seats: Int? = nil) -> Int? {
    guard let extra = listLengthExtraPercent else { return nil }
    let m = seats ?? listSeats
    let scaled = m * (100 + extra)
    return scaled / 100 + (scaled % 100 == 0 ? 0 : 1)
  }
}

/// The regimes of one country, oldest first, with the look-ups the faces need.
public struct RegimeTable: Sendable, Hashable, Codable {
  public var regimes: [Regime]

  public init(_ regimes: [Regime]) {
    self.regimes = regimes.sorted { $0.inForce.start.earliest < $1.inForce.start.earliest }
  }

  /// The regime with this id (case-insensitive).
  public func regime(id: String) -> Regime? {
    regimes.first { $0.id.lowercased() == id.lowercased() }
  }

  /// The regimes of `chamber` whose being in force on `date` is certain or uncertain, with that existence.
  public func regimes(on date: CalendarDate, chamber: String? = nil) -> [(
    regime: Regime, existence: Existence
  )] {
    regimes.compactMap { r in
      guard chamber == nil || r.chamber == chamber else { return nil }
      let e = r.inForce.existence(on: date)
      return e == .didNotExist ? nil : (r, e)
    }
  }

  /// The one regime certainly in force on `date` (for `chamber`), or why there is none.
  public func regime(inForceOn date: CalendarDate, chamber: String? = nil) throws(RegimeDateError)
    -> Regime
  {
    let found = regimes(on: date, chamber: chamber)
    // Regimes of one chamber follow each other: one that certainly held excludes the others, whose bounds
    // are merely imprecise.
    let certain = found.filter { $0.existence == .existed }
    if certain.count == 1 { return certain[0].regime }
    if found.isEmpty { throw .none(date: date) }
    throw .uncertain(date: date, candidates: found.map(\.regime.id))
  }
}

/// Why no single regime can be named for a day.
public enum RegimeDateError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No regime of the table was in force that day.
  case none(date: CalendarDate)
  /// The day falls within the imprecision of a regime's start or end: any of `candidates` may apply.
  case uncertain(date: CalendarDate, candidates: [String])

  public var description: String {
    switch self {
    case .none(let d): return "no electoral regime in the table was in force on \(d)"
    case .uncertain(let d, let c):
      return
        "which regime was in force on \(d) is uncertain (\(c.joined(separator: " or "))): the sources date the change only to the month or the year"
    }
  }
}

/// The base a list threshold is a percentage of (rules.md A4.1).
public enum ThresholdBase: String, Sendable, Codable, CaseIterable {
  /// Valid party-list ballots including "against all", excluding invalid (default; matches CEC 2023 figures).
  case validInclAgainstAll
  /// Ballots found in the boxes (valid + invalid).
  case ballotsInBox
  /// Ballots issued to voters (the turnout numerator).
  case ballotsIssued

  /// The base in words, for text output.
  public var label: String {
    switch self {
    case .validInclAgainstAll: return "valid votes incl. against all"
    case .ballotsInBox: return "ballots in the box"
    case .ballotsIssued: return "ballots issued"
    }
  }
}

/// What to do when "against all" out-polls every candidate in a constituency (rules.md A5.2).
public enum AgainstAllPolicy: String, Sendable, Codable, CaseIterable {
  /// The leading candidate is elected anyway; the result carries a flag (default).
  case ignore
  /// No one is elected; the result says a repeat election is needed.
  case repeatElection
}

/// What to do on an exact tie of remainders that registration order cannot break (rules.md A4.7).
public enum RemainderTiePolicy: String, Sendable, Codable, CaseIterable {
  /// The list registered earlier (earlier in the input) wins (default, rules.md A4.7).
  case registrationOrder
  /// Refuse to decide: the allocation fails with an error naming the tied lists.
  case error
}

/// The options of an election count: every rule the law leaves uncertain, with its documented default.
/// Every result records the options it was computed with.
public struct ElectionOptions: Sendable, Hashable, Codable {
  public var thresholdBase: ThresholdBase = .validInclAgainstAll
  public var againstAll: AgainstAllPolicy = .ignore
  /// First-place ties in a constituency are always reported as a `TIE` for external resolution; the law gives
  /// no rule (rules.md A5.3). Kept as a field so results say so.
  public var firstPlaceTie: String = "report-tie"
  /// Apply the runner-up guarantee (rules.md A4.3). `nil` = follow the regime (on in R2009, off otherwise).
  public var runnerUpGuarantee: Bool? = nil
  public var remainderTie: RemainderTiePolicy = .registrationOrder
  /// R1995/R1999 majority base: "voters who took part" read as valid ballots including "against all"
  /// (default, ``MajorityBase/validVotes``: the CEC's reading, see ``MajorityBase``) or as ballots issued.
  public var majorityBase: MajorityBase = .validVotes
  /// How the 30 % quota of rules.md A4.9 is rounded; the law's rounding is not known.
  public var quotaRounding: QuotaRounding = .up

  public init() {}

  enum CodingKeys: String, CodingKey {
    case thresholdBase, againstAll, firstPlaceTie, runnerUpGuarantee, remainderTie, majorityBase
    case quotaRounding
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    thresholdBase =
      try c.decodeIfPresent(ThresholdBase.self, forKey: .thresholdBase) ?? .validInclAgainstAll
    againstAll = try c.decodeIfPresent(AgainstAllPolicy.self, forKey: .againstAll) ?? .ignore
    firstPlaceTie = try c.decodeIfPresent(String.self, forKey: .firstPlaceTie) ?? "report-tie"
    runnerUpGuarantee = try c.decodeIfPresent(Bool.self, forKey: .runnerUpGuarantee)
    remainderTie =
      try c.decodeIfPresent(RemainderTiePolicy.self, forKey: .remainderTie) ?? .registrationOrder
    majorityBase = try c.decodeIfPresent(MajorityBase.self, forKey: .majorityBase) ?? .validVotes
    quotaRounding = try c.decodeIfPresent(QuotaRounding.self, forKey: .quotaRounding) ?? .up
  }

  /// Encodes every option, `runnerUpGuarantee` as `null` when it follows the regime's law, so a result always
  /// shows all of them.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(thresholdBase, forKey: .thresholdBase)
    try c.encode(againstAll, forKey: .againstAll)
    try c.encode(firstPlaceTie, forKey: .firstPlaceTie)
    try c.encode(runnerUpGuarantee, forKey: .runnerUpGuarantee)
    try c.encode(remainderTie, forKey: .remainderTie)
    try c.encode(majorityBase, forKey: .majorityBase)
    try c.encode(quotaRounding, forKey: .quotaRounding)
  }

  /// Whether the runner-up guarantee applies under `regime` with these options.
  public func appliesRunnerUp(in regime: Regime) -> Bool {
    runnerUpGuarantee ?? (regime.runnerUpGuaranteeInLaw ?? false)
  }
}

/// The base of the absolute-majority test of R1995/R1999: what "more than 50 % of the voters who took part"
/// is a percentage of. The statute's phrase is the same one A4.1 reads as valid votes for the list threshold.
public enum MajorityBase: String, Sendable, Codable, CaseIterable {
  /// Ballots issued (the turnout numerator): every voter who took a ballot.
  case ballotsIssued
  /// Valid ballots including "against all" (the default): in 2022 the CEC said that only invalid ballots are
  /// subtracted from participation when a 50 % + 1 majority is tested
  /// (https://informburo.kz/novosti/pocemu-bolsinstvo-golosov-protiv-vsex-ne-osnovanie-dlya-perevyborov-obyasnyaet-cik),
  /// and CEC Resolution 142/206 of 2004 reads the same phrase as valid votes for the threshold
  /// (https://prg.kz/m/amp/document/1050745). The review of the law (S3) found the earlier default, ballots
  /// issued, against both.
  case validVotes

  /// The sources of the reading, for results that state it.
  public static let validVotesSources = [
    "https://informburo.kz/novosti/pocemu-bolsinstvo-golosov-protiv-vsex-ne-osnovanie-dlya-perevyborov-obyasnyaet-cik",
    "https://prg.kz/m/amp/document/1050745",
  ]

  /// The base in words.
  public var label: String {
    self == .validVotes ? "valid votes incl. against all" : "ballots issued"
  }
}

/// How "at least 30 %" of a party's candidates or mandates is rounded when 30 % of the count is not whole
/// (rules.md A4.9: the law's rounding was not found).
public enum QuotaRounding: String, Sendable, Codable, CaseIterable {
  /// At least 30 % exactly: `count ≥ ⌈0.3·n⌉`, i.e. `10·count ≥ 3·n` (default; rules.md A4.9 asks for it
  /// and a flag).
  case up
  /// 30 % rounded down: `count ≥ ⌊0.3·n⌋`.
  case down
  /// 30 % rounded to the nearest whole person, halves up.
  case nearest

  /// The least count that satisfies `percent` % of `n` under this rounding.
  public func minimum(percent: Int, of n: Int) -> Int {
    let (scaled, overflow) = percent.multipliedReportingOverflow(by: n)
    if overflow || scaled > Int.max - 100 { return Int.max }
    switch self {
    case .up: return scaled / 100 + (scaled % 100 == 0 ? 0 : 1)
    case .down: return scaled / 100
    case .nearest: return (scaled + 50) / 100
    }
  }
}

/// A group the candidate quota counts (rules.md A4.9: women, persons under 29, persons with disabilities).
public enum QuotaGroup: String, Sendable, Codable, CaseIterable {
  case women
  case youth
  case disability
}

/// The quota of rules.md A4.9: at least ``percent`` % of a party's list (and, where ``appliesToMandates``,
/// of its mandates) are people of ``groups``; a person in several groups counts once.
public struct CandidateQuota: Sendable, Hashable, Codable {
  public var percent: Int
  public var groups: [QuotaGroup]
  /// The age below which a candidate counts as young, on polling day (29: "persons under 29").
  public var youthBelowAge: Int
  public var appliesToList: Bool
  public var appliesToMandates: Bool
  public var sources: [String]

  public init(
    percent: Int, groups: [QuotaGroup], youthBelowAge: Int = 29, appliesToList: Bool = true,
    appliesToMandates: Bool = true, sources: [String] = []
  ) {
    self.percent = percent
    self.groups = groups
    self.youthBelowAge = youthBelowAge
    self.appliesToList = appliesToList
    self.appliesToMandates = appliesToMandates
    self.sources = sources
  }
}
