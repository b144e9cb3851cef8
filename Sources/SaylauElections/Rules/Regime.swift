import SaylauApportionment

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
}

/// An electoral regime of the Mäjilis as data (rules.md A0). Nothing in the engine branches on the regime's
/// identity; it reads these fields.
public struct Regime: Sendable, Hashable, Codable, Identifiable {
  public var id: String
  public var usedFor: String
  public var totalSeats: Int
  /// Seats of the one nationwide party-list district; 0 when there is none.
  public var listSeats: Int
  /// The list threshold; `nil` when unknown (R2026), in which case callers must supply one.
  public var listThreshold: Threshold?
  /// The list formula; `nil` when unknown (R2026).
  public var listMethod: AllocationMethod?
  public var constituencySeats: Int
  public var constituencyRule: ConstituencyRule?
  public var appointed: [AppointedSeats]
  /// Whether the runner-up guarantee (rules.md A4.3) is in the law of this regime: `true` (R2009),
  /// `false`, or `nil` when unknown (R2022): then ``ElectionOptions/runnerUpGuarantee`` decides.
  public var runnerUpGuaranteeInLaw: Bool?
  /// What is uncertain or unknown about this regime, in words.
  public var notes: [String]

  public var appointedSeats: Int { appointed.reduce(0) { $0 + $1.seats } }

  public static let r1995 = Regime(
    id: "R1995", usedFor: "Dec 1995", totalSeats: 67, listSeats: 0, listThreshold: nil,
    listMethod: nil,
    constituencySeats: 67, constituencyRule: .majorityWithRunoff, appointed: [],
    runnerUpGuaranteeInLaw: false,
    notes: [
      "Secondary sources only [S]; 67 single-member constituencies, absolute majority with a runoff."
    ])

  public static let r1999 = Regime(
    id: "R1999", usedFor: "Oct 1999, Sep/Oct 2004", totalSeats: 77, listSeats: 10,
    listThreshold: .percent(7),
    listMethod: .largestRemainder(.hare), constituencySeats: 67,
    constituencyRule: .majorityWithRunoff,
    appointed: [], runnerUpGuaranteeInLaw: false,
    notes: [
      "Constituency winner needs more than 50% of the voters who took part, else a runoff of the top two."
    ])

  public static let r2007 = Regime(
    id: "R2007", usedFor: "Aug 2007", totalSeats: 107, listSeats: 98, listThreshold: .percent(7),
    listMethod: .largestRemainder(.hare), constituencySeats: 0, constituencyRule: nil,
    appointed: [AppointedSeats(body: "Assembly of People of Kazakhstan", code: "apk", seats: 9)],
    runnerUpGuaranteeInLaw: false,
    notes: ["In 2007 only Nur Otan passed 7% and took all 98 list seats."])

  public static let r2009 = Regime(
    id: "R2009", usedFor: "2012, 2016, 2021", totalSeats: 107, listSeats: 98,
    listThreshold: .percent(7),
    listMethod: .largestRemainder(.hare), constituencySeats: 0, constituencyRule: nil,
    appointed: [AppointedSeats(body: "Assembly of People of Kazakhstan", code: "apk", seats: 9)],
    runnerUpGuaranteeInLaw: true,
    notes: [
      "Runner-up guarantee with a 0.7 correction index (2009-era translation, truncated); never triggered 2012-2021."
    ])

  public static let r2022 = Regime(
    id: "R2022", usedFor: "19 Mar 2023", totalSeats: 98, listSeats: 69, listThreshold: .percent(5),
    listMethod: .largestRemainder(.hare), constituencySeats: 29, constituencyRule: .plurality,
    appointed: [],
    runnerUpGuaranteeInLaw: nil,
    notes: [
      "Whether the runner-up guarantee survived in the 2022 law is unknown [?]: an option, default off.",
      "No statutory consequence found for 'against all' out-polling every candidate [?]: an option.",
    ])

  public static let r2026 = Regime(
    id: "R2026", usedFor: "Kurultai, 23 Aug 2026", totalSeats: 145, listSeats: 145,
    listThreshold: nil,
    listMethod: nil, constituencySeats: 0, constituencyRule: nil, appointed: [],
    runnerUpGuaranteeInLaw: nil,
    notes: [
      "Threshold, seat formula and 'against all' for the Kurultai were not found: supply them as options."
    ])

  /// Every regime, oldest first.
  public static let all: [Regime] = [.r1995, .r1999, .r2007, .r2009, .r2022, .r2026]

  public static func named(_ id: String) -> Regime? {
    all.first { $0.id.lowercased() == id.lowercased() }
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
  /// R1999 majority base: "voters who took part" = ballots issued (default) or valid votes.
  public var majorityBase: MajorityBase = .ballotsIssued

  public init() {}

  enum CodingKeys: String, CodingKey {
    case thresholdBase, againstAll, firstPlaceTie, runnerUpGuarantee, remainderTie, majorityBase
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
  }

  /// Whether the runner-up guarantee applies under `regime` with these options.
  public func appliesRunnerUp(in regime: Regime) -> Bool {
    runnerUpGuarantee ?? (regime.runnerUpGuaranteeInLaw ?? false)
  }
}

/// The base of the absolute-majority test of R1995/R1999.
public enum MajorityBase: String, Sendable, Codable, CaseIterable {
  case ballotsIssued
  case validVotes
}
