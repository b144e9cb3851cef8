import SaylauApportionment

/// The JSON shapes of results, shared by the command line's `--json` output and the HTTP API, so both print
/// the same keys for the same fact. Every key is always present; `null` means unknown.

/// The rules a list-seat count used, as reported with every result.
public struct CountRulesView: Sendable, Hashable, Codable {
  public var regime: String
  public var method: String
  public var threshold: String
  public var thresholdBase: String
  public var thresholdBaseVotes: Int
  public var listSeats: Int
  public var options: ElectionOptions
  public var runnerUpGuaranteeApplied: Bool
  public var tiesBroken: [String]
  public var notes: [String]
  public var commissionDecisions: [String]

  public init(_ r: ListSeatResult) {
    regime = r.regime
    method = r.method.description
    threshold = r.threshold.description
    thresholdBase = r.thresholdBase.rawValue
    thresholdBaseVotes = r.base
    listSeats = r.seats
    options = r.options
    runnerUpGuaranteeApplied = r.runnerUpGuaranteeApplied
    tiesBroken = r.tiesBroken
    notes = r.notes
    commissionDecisions = r.commissionDecisions
  }
}

/// A list-seat count whole: its rules (``CountRulesView``'s keys, at the top level) and every list's
/// votes and seats. `POST /api/v1/seats/allocate` answers with it, and `GET /api/v1/elections/{id}/seats`
/// gives it as `computed`.
public struct ListSeatsView: Sendable, Hashable, Encodable {
  /// One list of the count.
  public struct Row: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var votes: Int
    public var passedThreshold: Bool
    public var admittedAsRunnerUp: Bool
    public var seats: Int
  }

  public var rules: CountRulesView
  public var rows: [Row]

  public init(_ r: ListSeatResult) {
    rules = CountRulesView(r)
    rows = r.rows.map {
      Row(
        code: $0.code, name: $0.name, votes: $0.votes, passedThreshold: $0.passedThreshold,
        admittedAsRunnerUp: $0.admittedAsRunnerUp, seats: $0.seats)
    }
  }

  enum CodingKeys: String, CodingKey { case rows }

  public func encode(to encoder: any Encoder) throws {
    try rules.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(rows, forKey: .rows)
  }
}

/// One party (or group) of a composition.
public struct PartySeatsView: Sendable, Hashable, Encodable {
  public var party: String
  public var name: String
  public var votes: Int?
  public var percentOfBase: Double?
  public var passedThreshold: Bool?
  public var admittedAsRunnerUp: Bool?
  public var listSeats: Int
  public var constituencySeats: Int?
  public var appointedSeats: Int
  public var totalSeats: Int?
  public var officialListSeats: Int?
  public var derived: [String]

  public init(_ row: ElectionSummary.Row) {
    party = row.party
    name = row.name
    votes = row.votes
    percentOfBase = row.percentOfBase
    passedThreshold = row.passedThreshold
    admittedAsRunnerUp = row.admittedAsRunnerUp
    listSeats = row.listSeats
    constituencySeats = row.constituencySeats
    appointedSeats = row.appointedSeats
    totalSeats = row.totalSeats
    officialListSeats = row.publishedListSeats
    derived = row.derived
  }

  /// The rows of a composition decided from protocols (no published seats to compare with).
  public static func rows(
    composition: ChamberComposition, list: ListSeatResult?, official: [String: Int] = [:]
  ) -> [PartySeatsView] {
    composition.rows.map { r in
      let l = list?.rows.first { $0.code == r.party }
      return PartySeatsView(
        ElectionSummary.Row(
          party: r.party, name: r.name, kind: nil, votes: r.votes,
          percentOfBase: l?.percentOfBase, passedThreshold: l?.passedThreshold,
          admittedAsRunnerUp: l?.admittedAsRunnerUp, listSeats: r.listSeats,
          publishedListSeats: official[r.party], constituencySeats: r.constituencySeats,
          appointedSeats: r.appointedSeats, totalSeats: r.totalSeats, derived: r.derived))
    }
  }

  enum CodingKeys: String, CodingKey {
    case party, name, votes, percentOfBase, passedThreshold, admittedAsRunnerUp, listSeats
    case constituencySeats, appointedSeats, totalSeats, officialListSeats, derived
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(party, forKey: .party)
    try c.encode(name, forKey: .name)
    try c.encode(votes, forKey: .votes)
    try c.encode(percentOfBase.map { ($0 * 100).rounded() / 100 }, forKey: .percentOfBase)
    try c.encode(passedThreshold, forKey: .passedThreshold)
    try c.encode(admittedAsRunnerUp, forKey: .admittedAsRunnerUp)
    try c.encode(listSeats, forKey: .listSeats)
    try c.encode(constituencySeats, forKey: .constituencySeats)
    try c.encode(appointedSeats, forKey: .appointedSeats)
    try c.encode(totalSeats, forKey: .totalSeats)
    try c.encode(officialListSeats, forKey: .officialListSeats)
    try c.encode(derived, forKey: .derived)
  }
}

/// An index in the result views: its value rounded to three decimals, and its basis.
public struct IndexView: Sendable, Hashable, Encodable {
  public var key: String
  public var name: String
  public var value: Double
  public var basis: String

  public init(_ index: ElectionSummary.Index) {
    key = index.key
    name = index.name
    value = (index.value * 1000).rounded() / 1000
    basis = index.basis
  }
}

/// An election summary as the command line (`saylau seats --json`) and the API
/// (`GET /api/v1/elections/{id}/seats`) print it.
public struct ElectionSummaryView: Sendable, Hashable, Encodable {
  public var election: String
  public var title: String
  public var date: String
  public var regime: String
  public var whatIf: Bool
  public var whatIfChanges: [String]
  /// `null` when the regime has no list seats.
  public var rules: CountRulesView?
  public var parties: [PartySeatsView]
  public var totalSeats: Int?
  public var undecidedConstituencies: [Int]
  public var matchesOfficialListSeats: Bool?
  public var indices: [IndexView]
  public var againstAll: Int?
  public var invalid: Int?
  public var ballotsIssued: Int?
  public var electorate: Int?
  public var publishedTurnout: String?
  public var notes: [String]
  public var sources: [String]
  public var synthetic: Bool
  /// Why the what-if rules are used (from a definition), `null` when none is given.
  public var whatIfReason: String?
  /// The final decision of every constituency counted here, with its reason.
  public var constituencies: [ConstituencyResult]
  /// The deputies and vacant seats, `null` when the data names no one.
  public var chamber: Chamber?
  public var listQuotaChecks: [QuotaCheck]
  public var commissionDecisions: [String]
  /// Every step of the count (rules.md A8 for the list seats).
  public var trace: CountTrace

  public init(_ s: ElectionSummary) {
    election = s.election.id
    title = s.election.title
    date = s.election.date.description
    regime = s.regime.id
    whatIf = s.isWhatIf
    whatIfChanges = s.whatIfChanges
    rules = s.listCount.map(CountRulesView.init)
    parties = s.rows.map(PartySeatsView.init)
    totalSeats = s.totalSeats
    undecidedConstituencies = s.composition.undecidedConstituencies
    matchesOfficialListSeats = s.matchesPublishedListSeats
    indices = s.indices.map(IndexView.init)
    againstAll = s.againstAll
    invalid = s.invalid
    ballotsIssued = s.ballotsIssued
    electorate = s.electorate
    publishedTurnout = s.publishedTurnout
    notes = s.notes
    sources = s.sources
    synthetic = s.synthetic
    whatIfReason = s.whatIfReason
    constituencies = s.constituencies
    chamber = s.chamber
    listQuotaChecks = s.listQuotaChecks
    commissionDecisions = s.commissionDecisions
    trace = s.trace
  }

  enum CodingKeys: String, CodingKey {
    case election, title, date, regime, whatIf, whatIfChanges, rules, parties, totalSeats
    case undecidedConstituencies, matchesOfficialListSeats, indices, againstAll, invalid
    case ballotsIssued, electorate, publishedTurnout, notes, sources, synthetic
    case whatIfReason, constituencies, chamber, listQuotaChecks, commissionDecisions, trace
  }

  /// Every key is written, `null` included, so the shape is the same for every election.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(election, forKey: .election)
    try c.encode(title, forKey: .title)
    try c.encode(date, forKey: .date)
    try c.encode(regime, forKey: .regime)
    try c.encode(whatIf, forKey: .whatIf)
    try c.encode(whatIfChanges, forKey: .whatIfChanges)
    try c.encode(rules, forKey: .rules)
    try c.encode(parties, forKey: .parties)
    try c.encode(totalSeats, forKey: .totalSeats)
    try c.encode(undecidedConstituencies, forKey: .undecidedConstituencies)
    try c.encode(matchesOfficialListSeats, forKey: .matchesOfficialListSeats)
    try c.encode(indices, forKey: .indices)
    try c.encode(againstAll, forKey: .againstAll)
    try c.encode(invalid, forKey: .invalid)
    try c.encode(ballotsIssued, forKey: .ballotsIssued)
    try c.encode(electorate, forKey: .electorate)
    try c.encode(publishedTurnout, forKey: .publishedTurnout)
    try c.encode(notes, forKey: .notes)
    try c.encode(sources, forKey: .sources)
    try c.encode(synthetic, forKey: .synthetic)
    try c.encode(whatIfReason, forKey: .whatIfReason)
    try c.encode(constituencies, forKey: .constituencies)
    try c.encode(chamber, forKey: .chamber)
    try c.encode(listQuotaChecks, forKey: .listQuotaChecks)
    try c.encode(commissionDecisions, forKey: .commissionDecisions)
    try c.encode(trace, forKey: .trace)
  }
}

/// One import behind a count (round 1, a repeat voting, round 2), as both faces print it.
public struct ImportView: Sendable, Hashable, Encodable {
  public var what: String
  public var acceptedRows: Int
  public var rejectedRows: Int
  public var replacedRows: Int
  public var warningCount: Int
  /// The errors of the rejected records (with accept-valid), then the first warnings.
  public var issues: [String]
  public var warnings: [String]

  public init(_ what: String, _ a: ProtocolImport.Accepted) {
    self.what = what
    acceptedRows = a.acceptedRows
    rejectedRows = a.rejected.count
    replacedRows = a.replacedRows
    warningCount = a.warningCount
    issues = a.issues.map(\.description)
    warnings = a.warnings.prefix(100).map(\.description)
  }
}

/// A count from a definition as the command line (`saylau election count --json`) and the API
/// (`POST /api/v1/count`) print it: the summary with its trace, the imports, the definition's warnings.
public struct CountView: Sendable, Encodable {
  public var summary: ElectionSummaryView
  public var imports: [ImportView]
  public var definitionWarnings: [String]

  public init(_ r: DefinitionCount.Result) {
    summary = ElectionSummaryView(r.summary)
    var imports: [ImportView] = []
    if let a = r.round1?.imported { imports.append(ImportView("round 1", a)) }
    for a in r.repeatVoting { imports.append(ImportView("repeat voting", a)) }
    if let a = r.round2 { imports.append(ImportView("round 2", a)) }
    self.imports = imports
    definitionWarnings = r.definitionWarnings.map(\.description)
  }
}
