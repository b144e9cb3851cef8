import SaylauApportionment
import SaylauCore

/// What kind of election a definition describes.
public enum ElectionKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// A regular election at the end of a term.
  case regular
  /// An early election after a dissolution.
  case early
  /// Repeat voting after results were annulled or an election failed.
  case repeatVoting = "repeat"
  /// An election to fill one vacant constituency seat.
  case byElection = "by-election"
}

/// One ballot of the election and whether it carries an "against all" line.
public struct BallotDefinition: Sendable, Hashable, Codable {
  public var type: BallotType
  /// `nil`: not known (then both blank and filled lines are accepted, and mixing them is a warning).
  public var againstAll: Bool?

  public init(type: BallotType, againstAll: Bool?) {
    self.type = type
    self.againstAll = againstAll
  }
}

/// A party (or bloc) that ran a list, as the commission registered it.
public struct DefinitionParty: Sendable, Hashable, Codable {
  public var code: String
  public var name: String
  /// The order of registration by the CEC (1 = first), which breaks remainder ties (rules.md A4.7); `nil`
  /// when the sources do not give it (then ties fall back to the order of the definition, and say so).
  public var registrationOrder: Int?
  /// The position on the ballot (drawn by lot in 2023).
  public var ballotPosition: Int?
  /// A derived line standing for several lists ("other lists"): counted in the base, never seated.
  public var aggregate: Bool?

  public init(
    code: String, name: String, registrationOrder: Int? = nil, ballotPosition: Int? = nil,
    aggregate: Bool? = nil
  ) {
    self.code = code
    self.name = name
    self.registrationOrder = registrationOrder
    self.ballotPosition = ballotPosition
    self.aggregate = aggregate
  }

  public var isAggregate: Bool { aggregate ?? false }
}

/// One polling station of the precinct register.
public struct Precinct: Sendable, Hashable, Codable {
  public var id: String
  /// `nil` where the election has no constituencies.
  public var constituency: Int?
  /// The territorial (district or city) commission above it.
  public var territorialCommission: String?
  /// A station abroad (at an embassy or consulate).
  public var abroad: Bool
  /// Voters expected on its lists.
  public var expectedElectorate: Int?

  public init(
    id: String, constituency: Int?, territorialCommission: String? = nil, abroad: Bool = false,
    expectedElectorate: Int? = nil
  ) {
    self.id = id
    self.constituency = constituency
    self.territorialCommission = territorialCommission
    self.abroad = abroad
    self.expectedElectorate = expectedElectorate
  }
}

/// The rules a definition departs from, or fills in where the regime leaves them unknown (the Kurultai's
/// method and threshold): the same names and values as the what-if options of `saylau seats` and the API.
/// Every such choice is a what-if and is labelled one on every output.
public struct DefinitionRules: Sendable, Hashable, Codable {
  public var method: String?
  public var threshold: String?
  public var listSeats: Int?
  public var thresholdBase: String?
  public var runnerUp: String?
  public var remainderTie: String?
  public var againstAllPolicy: String?
  public var majorityBase: String?
  public var quotaRounding: String?
  /// Why these rules are used (e.g. "the law does not fix them yet").
  public var reason: String?
  /// The quota for the lists and mandates, where the regime has none or it differs for this election.
  public var candidateQuota: CandidateQuota?

  public init(
    method: String? = nil, threshold: String? = nil, listSeats: Int? = nil,
    thresholdBase: String? = nil, runnerUp: String? = nil, remainderTie: String? = nil,
    againstAllPolicy: String? = nil, majorityBase: String? = nil, quotaRounding: String? = nil,
    reason: String? = nil, candidateQuota: CandidateQuota? = nil
  ) {
    self.method = method
    self.threshold = threshold
    self.listSeats = listSeats
    self.thresholdBase = thresholdBase
    self.runnerUp = runnerUp
    self.remainderTie = remainderTie
    self.againstAllPolicy = againstAllPolicy
    self.majorityBase = majorityBase
    self.quotaRounding = quotaRounding
    self.reason = reason
    self.candidateQuota = candidateQuota
  }

  /// The what-if these rules ask for.
  /// - Throws: ``WhatIfError`` naming the option.
  public func whatIf() throws(WhatIfError) -> WhatIf {
    try WhatIf(
      method: method, threshold: threshold, listSeats: listSeats, thresholdBase: thresholdBase,
      runnerUp: runnerUp, remainderTie: remainderTie, againstAll: againstAllPolicy,
      majorityBase: majorityBase, quotaRounding: quotaRounding)
  }
}

/// The national list vote as published, for an election counted without protocols.
public struct DefinitionResult: Sendable, Hashable, Codable {
  /// Votes per party code (every registered party's line; an aggregate line too).
  public var votes: [String: Int]
  public var againstAll: Int?
  public var invalid: Int?
  public var ballotsIssued: Int?
  public var electorate: Int?
  /// The list seats as published, per party, for the check that the engine reproduces them.
  public var publishedListSeats: [String: Int]?
  public var sources: [String]

  public init(
    votes: [String: Int], againstAll: Int? = nil, invalid: Int? = nil, ballotsIssued: Int? = nil,
    electorate: Int? = nil, publishedListSeats: [String: Int]? = nil, sources: [String] = []
  ) {
    self.votes = votes
    self.againstAll = againstAll
    self.invalid = invalid
    self.ballotsIssued = ballotsIssued
    self.electorate = electorate
    self.publishedListSeats = publishedListSeats
    self.sources = sources
  }
}

/// Where a definition keeps its long lists as CSV files, relative to the definition's folder.
public struct DefinitionFiles: Sendable, Hashable, Codable {
  /// `party,position,name,sex,birth_date,age_group,disability,status`
  public var lists: String?
  /// `constituency,position,name,nomination,nomination_kind,status`
  public var constituencyCandidates: String?
  /// `precinct,constituency,territorial_commission,abroad,expected_electorate`
  public var precincts: String?
  /// `party,position` in the party's order
  public var mandates: String?

  public init(
    lists: String? = nil, constituencyCandidates: String? = nil, precincts: String? = nil,
    mandates: String? = nil
  ) {
    self.lists = lists
    self.constituencyCandidates = constituencyCandidates
    self.precincts = precincts
    self.mandates = mandates
  }

  public var isEmpty: Bool {
    lists == nil && constituencyCandidates == nil && precincts == nil && mandates == nil
  }
}

/// An election as data: everything a count needs beyond the protocols, in one documented format (JSON, with
/// CSV files for the long lists; see <doc:ElectionDefinitionFormat>). A user writes one for any election
/// (the Kurultai, a repeat election, a maslikhat); Saylau exports the bundled elections in the same form.
public struct ElectionDefinition: Sendable, Hashable, Codable {
  /// The format's name and version, written first in every file.
  public static let formatVersion = "saylau-election/1"

  public var format: String
  public var id: String
  /// `nil` when the sources do not say (a blank stays blank).
  public var kind: ElectionKind?
  public var chamber: String
  public var title: String
  public var date: HistoricalDate
  public var secondRound: CalendarDate?
  /// The regime's id; `nil` = the regime in force on ``date`` for ``chamber`` (from the regimes table).
  public var regime: String?
  /// The ballots; `nil` = the regime's (a list ballot if it has list seats, a constituency ballot if it has
  /// constituencies, "against all" as the regime says).
  public var ballots: [BallotDefinition]?
  /// What-if rules (and the reason), labelled as such on every output.
  public var rules: DefinitionRules?
  /// The registered lists, in the definition's order (the fallback for registration order).
  public var parties: [DefinitionParty]
  public var lists: [PartyList]?
  public var constituencyCandidates: [RegisteredCandidate]?
  public var precincts: [Precinct]?
  /// The precinct register is made up (a SYNTHETIC register for an election whose register is not known).
  public var precinctsSynthetic: Bool?
  public var result: DefinitionResult?
  public var mandates: [MandateChoice]?
  public var events: [MandateEvent]?
  /// Made-up data: every output says SYNTHETIC.
  public var synthetic: Bool?
  public var notes: [String]?
  public var sources: [String]?
  public var files: DefinitionFiles?

  public init(
    id: String, kind: ElectionKind? = nil, chamber: String, title: String,
    date: HistoricalDate, secondRound: CalendarDate? = nil, regime: String? = nil,
    ballots: [BallotDefinition]? = nil, rules: DefinitionRules? = nil,
    parties: [DefinitionParty] = [], lists: [PartyList]? = nil,
    constituencyCandidates: [RegisteredCandidate]? = nil, precincts: [Precinct]? = nil,
    precinctsSynthetic: Bool? = nil, result: DefinitionResult? = nil,
    mandates: [MandateChoice]? = nil, events: [MandateEvent]? = nil, synthetic: Bool? = nil,
    notes: [String]? = nil, sources: [String]? = nil, files: DefinitionFiles? = nil
  ) {
    self.format = Self.formatVersion
    self.id = id
    self.kind = kind
    self.chamber = chamber
    self.title = title
    self.date = date
    self.secondRound = secondRound
    self.regime = regime
    self.ballots = ballots
    self.rules = rules
    self.parties = parties
    self.lists = lists
    self.constituencyCandidates = constituencyCandidates
    self.precincts = precincts
    self.precinctsSynthetic = precinctsSynthetic
    self.result = result
    self.mandates = mandates
    self.events = events
    self.synthetic = synthetic
    self.notes = notes
    self.sources = sources
    self.files = files
  }

  public var isSynthetic: Bool { synthetic ?? false }

  /// The parties in registration order when every list has one, else in the definition's order; and
  /// whether registration order is known.
  public var partiesInTieOrder: (parties: [DefinitionParty], registrationOrderKnown: Bool) {
    let lists = parties.filter { !$0.isAggregate }
    guard !lists.isEmpty, lists.allSatisfy({ $0.registrationOrder != nil }) else {
      return (parties, false)
    }
    let rank = Dictionary(
      lists.map { ($0.code, $0.registrationOrder!) }, uniquingKeysWith: { a, _ in a })
    let aggregates = parties.filter(\.isAggregate)
    return (lists.sorted { rank[$0.code]! < rank[$1.code]! } + aggregates, true)
  }

  /// The regime the definition names, or the one in force on its date for its chamber.
  /// - Throws: ``DefinitionError`` when the named regime is unknown or no single regime applies.
  public func resolveRegime(in table: RegimeTable) throws(DefinitionError) -> Regime {
    if let id = regime {
      guard let r = table.regime(id: id) else {
        throw DefinitionError(
          field: "regime",
          message:
            "unknown regime '\(Excerpt.excerpt(id))' (known: \(table.regimes.map(\.id).joined(separator: ", ")))"
        )
      }
      return r
    }
    do {
      return try table.regime(inForceOn: date.earliest, chamber: chamber)
    } catch {
      throw DefinitionError(
        field: "regime",
        message:
          "\(error.description); name the regime in the definition (\"regime\": \"R…\")")
    }
  }

  /// The ballots: as given, or the regime's.
  public func ballots(under regime: Regime) -> [BallotDefinition] {
    if let ballots { return ballots }
    var out: [BallotDefinition] = []
    if regime.listSeats > 0 {
      out.append(BallotDefinition(type: .list, againstAll: regime.againstAllOnBallot))
    }
    if regime.constituencySeats > 0 {
      out.append(BallotDefinition(type: .constituency, againstAll: regime.againstAllOnBallot))
    }
    return out
  }

  /// The candidate quota for this election: the definition's, else the regime's.
  public func candidateQuota(under regime: Regime) -> CandidateQuota? {
    rules?.candidateQuota ?? regime.candidateQuota
  }

  /// The protocol schema the definition gives: its lists (in tie order), its constituencies, its
  /// candidates, whether each ballot has "against all", and SYNTHETIC.
  public func protocolSchema(regime: Regime) -> ProtocolSchema {
    let order = partiesInTieOrder.parties.filter { !$0.isAggregate }
    var schema = ProtocolSchema(
      parties: order.map { ListVote.Party(code: $0.code, name: $0.name, votes: 0) },
      constituencyCount: regime.constituencySeats, candidates: constituencyCandidates,
      synthetic: isSynthetic || (precinctsSynthetic ?? false))
    for b in ballots(under: regime) {
      if let a = b.againstAll { schema.againstAllOnBallot[b.type] = a }
    }
    return schema
  }
}

/// A problem with a definition: where (file, line, field path) and what.
public struct DefinitionError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
  public var location: SourceLocation?
  /// The field's path: `parties[2].registrationOrder`, or a CSV column.
  public var field: String?
  public var message: String
  public var severity: ProtocolIssue.Severity

  public init(
    location: SourceLocation? = nil, field: String?, message: String,
    severity: ProtocolIssue.Severity = .error
  ) {
    self.location = location
    self.field = field
    self.message = message
    self.severity = severity
  }

  public var isError: Bool { severity == .error }

  public var description: String {
    var s = location.map { "\($0): " } ?? ""
    if severity == .warning { s += "warning: " }
    if let field { s += "field '\(Excerpt.excerpt(field, limit: 160))': " }
    // The last line of defence: whatever a message quotes reaches the terminal escaped.
    return Excerpt.escapingControls(s + message)
  }
}

// Decoding with the format's defaults: a blank stays `nil`; a status not given is `registered`, a station
// not marked abroad is at home.
extension ElectionDefinition {
  enum CodingKeys: String, CodingKey {
    case format, id, kind, chamber, title, date, secondRound, regime, ballots, rules, parties, lists
    case constituencyCandidates, precincts, precinctsSynthetic, result, mandates, events, synthetic
    case notes, sources, files
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    format = try c.decode(String.self, forKey: .format)
    id = try c.decode(String.self, forKey: .id)
    kind = try c.decodeIfPresent(ElectionKind.self, forKey: .kind)
    chamber = try c.decode(String.self, forKey: .chamber)
    title = try c.decodeIfPresent(String.self, forKey: .title) ?? id
    date = try c.decode(HistoricalDate.self, forKey: .date)
    secondRound = try c.decodeIfPresent(CalendarDate.self, forKey: .secondRound)
    regime = try c.decodeIfPresent(String.self, forKey: .regime)
    ballots = try c.decodeIfPresent([BallotDefinition].self, forKey: .ballots)
    rules = try c.decodeIfPresent(DefinitionRules.self, forKey: .rules)
    parties = try c.decodeIfPresent([DefinitionParty].self, forKey: .parties) ?? []
    lists = try c.decodeIfPresent([PartyList].self, forKey: .lists)
    constituencyCandidates = try c.decodeIfPresent(
      [RegisteredCandidate].self, forKey: .constituencyCandidates)
    precincts = try c.decodeIfPresent([Precinct].self, forKey: .precincts)
    precinctsSynthetic = try c.decodeIfPresent(Bool.self, forKey: .precinctsSynthetic)
    result = try c.decodeIfPresent(DefinitionResult.self, forKey: .result)
    mandates = try c.decodeIfPresent([MandateChoice].self, forKey: .mandates)
    events = try c.decodeIfPresent([MandateEvent].self, forKey: .events)
    synthetic = try c.decodeIfPresent(Bool.self, forKey: .synthetic)
    notes = try c.decodeIfPresent([String].self, forKey: .notes)
    sources = try c.decodeIfPresent([String].self, forKey: .sources)
    files = try c.decodeIfPresent(DefinitionFiles.self, forKey: .files)
  }
}

extension Precinct {
  enum CodingKeys: String, CodingKey {
    case id, constituency, territorialCommission, abroad, expectedElectorate
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      id: try c.decode(String.self, forKey: .id),
      constituency: try c.decodeIfPresent(Int.self, forKey: .constituency),
      territorialCommission: try c.decodeIfPresent(String.self, forKey: .territorialCommission),
      abroad: try c.decodeIfPresent(Bool.self, forKey: .abroad) ?? false,
      expectedElectorate: try c.decodeIfPresent(Int.self, forKey: .expectedElectorate))
  }
}

extension DefinitionResult {
  enum CodingKeys: String, CodingKey {
    case votes, againstAll, invalid, ballotsIssued, electorate, publishedListSeats, sources
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      votes: try c.decode([String: Int].self, forKey: .votes),
      againstAll: try c.decodeIfPresent(Int.self, forKey: .againstAll),
      invalid: try c.decodeIfPresent(Int.self, forKey: .invalid),
      ballotsIssued: try c.decodeIfPresent(Int.self, forKey: .ballotsIssued),
      electorate: try c.decodeIfPresent(Int.self, forKey: .electorate),
      publishedListSeats: try c.decodeIfPresent([String: Int].self, forKey: .publishedListSeats),
      sources: try c.decodeIfPresent([String].self, forKey: .sources) ?? [])
  }
}

extension RegisteredCandidate {
  enum CodingKeys: String, CodingKey {
    case constituency, position, name, nomination, nominationKind, status
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      constituency: try c.decode(Int.self, forKey: .constituency),
      position: try c.decode(Int.self, forKey: .position),
      name: try c.decode(String.self, forKey: .name),
      nomination: try c.decode(String.self, forKey: .nomination),
      nominationKind: try c.decodeIfPresent(NominationKind.self, forKey: .nominationKind),
      status: try c.decodeIfPresent(CandidateStatus.self, forKey: .status) ?? .registered)
  }
}

extension ListCandidate {
  enum CodingKeys: String, CodingKey {
    case position, name, sex, birthDate, ageGroup, disability, status
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      position: try c.decode(Int.self, forKey: .position),
      name: try c.decode(String.self, forKey: .name),
      sex: try c.decodeIfPresent(Sex.self, forKey: .sex),
      birthDate: try c.decodeIfPresent(CalendarDate.self, forKey: .birthDate),
      ageGroup: try c.decodeIfPresent(AgeGroup.self, forKey: .ageGroup),
      disability: try c.decodeIfPresent(Bool.self, forKey: .disability),
      status: try c.decodeIfPresent(CandidateStatus.self, forKey: .status) ?? .registered)
  }
}

extension CandidateQuota {
  enum CodingKeys: String, CodingKey {
    case percent, groups, youthBelowAge, appliesToList, appliesToMandates, sources
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      percent: try c.decode(Int.self, forKey: .percent),
      groups: try c.decode([QuotaGroup].self, forKey: .groups),
      youthBelowAge: try c.decodeIfPresent(Int.self, forKey: .youthBelowAge) ?? 29,
      appliesToList: try c.decodeIfPresent(Bool.self, forKey: .appliesToList) ?? true,
      appliesToMandates: try c.decodeIfPresent(Bool.self, forKey: .appliesToMandates) ?? true,
      sources: try c.decodeIfPresent([String].self, forKey: .sources) ?? [])
  }
}

extension ElectionDefinition {
  /// The definition of a published election (a bundled or stored one): its lists in the data's order
  /// (registration order where the data knows it), its national list vote and published seats. Lists of
  /// candidates, constituency candidates and the precinct register are not in such data: `nil`.
  public init(published p: PublishedElection) {
    let e = p.election
    var parties: [DefinitionParty] = []
    var result: DefinitionResult?
    if let r = p.result {
      let ordered = r.registrationOrderKnown
      parties = r.lines.enumerated().map { i, l in
        DefinitionParty(
          code: l.code, name: l.name,
          registrationOrder: ordered && !l.isAggregate ? i + 1 : nil,
          aggregate: l.isAggregate ? true : nil)
      }
      let seats = Dictionary(
        r.lines.compactMap { l in l.publishedListSeats.map { (l.code, $0) } },
        uniquingKeysWith: { a, _ in a })
      result = DefinitionResult(
        votes: Dictionary(r.lines.map { ($0.code, $0.votes) }, uniquingKeysWith: { a, _ in a }),
        againstAll: r.againstAll, invalid: r.invalid, ballotsIssued: r.ballotsIssued,
        electorate: r.electorate, publishedListSeats: seats.isEmpty ? nil : seats,
        sources: r.sources)
    }
    self.init(
      id: e.id, chamber: e.chamber, title: e.title, date: e.date, secondRound: e.secondRound,
      regime: p.regime.id, parties: parties, result: result,
      synthetic: p.result?.synthetic == true ? true : nil,
      notes: e.notes.isEmpty ? nil : e.notes, sources: e.sources.isEmpty ? nil : e.sources)
  }
}
