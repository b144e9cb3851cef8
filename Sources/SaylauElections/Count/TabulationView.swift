/// One area's sums of one ballot, as JSON (a line of `saylau tabulate`'s tables).
public struct TallyView: Encodable, Sendable {
  public var area: String
  public var ballot: String
  public var protocols: Int
  public var votersOnList: Int
  public var ballotsReceived: Int?
  public var ballotsIssued: Int
  public var ballotsInBox: Int
  public var invalid: Int
  public var unused: Int?
  public var againstAll: Int?
  public var valid: Int
  public var turnoutPercent: Double?

  public init(_ area: String, _ t: BallotTally) {
    self.area = area
    ballot = t.ballot.rawValue
    protocols = t.protocols
    votersOnList = t.votersOnList
    ballotsReceived = t.ballotsReceived
    ballotsIssued = t.ballotsIssued
    ballotsInBox = t.ballotsInBox
    invalid = t.invalid
    unused = t.unused
    againstAll = t.againstAll
    valid = t.valid
    turnoutPercent = t.turnoutPercent.map { ($0 * 100).rounded() / 100 }
  }
}

/// A count of protocols against an election (`saylau tabulate --json`): the import, the sums of the nation,
/// the regions and the constituencies, and (unless only the import was asked for) every decision with the
/// step trace.
public struct TabulationView: Encodable, Sendable {
  public var synthetic: Bool
  public var election: Int
  public var whatIf: Bool
  public var whatIfChanges: [String]
  public var regime: String
  /// The options every decision of this run used (also inside `rules` for the list seats).
  public var options: ElectionOptions
  public var files: [String]
  public var acceptedRows: Int
  public var rejectedRows: Int
  public var issues: [String]
  /// Lawful but notable findings (ballots in box fewer than issued, …), the first ones, and how many.
  public var warnings: [String]
  public var warningCount: Int
  public var nation: [TallyView]
  public var regions: [TallyView]
  public var constituencyTotals: [TallyView]
  public var rules: CountRulesView?
  public var parties: [PartySeatsView]
  public var constituencies: [ConstituencyResult]
  public var undecidedConstituencies: [Int]
  public var notes: [String]
  /// What the law leaves to the commission (no list passed, a tie, a runoff without its protocols, …).
  public var commissionDecisions: [String]
  /// Every step of the count (rules.md A8 for the list seats, each constituency decision with its reason).
  public var trace: CountTrace?

  /// The view of a count of protocols.
  /// - Parameters:
  ///   - count: the count's result (it has round 1).
  ///   - election: the election's year, as asked.
  ///   - notes: the notes to show (the summary's, with what the face adds).
  ///   - importOnly: only the import and the sums, no decisions.
  public init(
    _ count: DefinitionCount.Result, round1: ElectionCount.Result, election: Int, notes: [String],
    importOnly: Bool
  ) {
    let s = count.summary
    let imported = round1.imported
    let t = round1.tabulation
    synthetic = s.synthetic
    self.election = election
    whatIfChanges = s.whatIfChanges
    whatIf = !whatIfChanges.isEmpty
    regime = s.regime.id
    options = s.whatIf.options
    files = imported.files
    acceptedRows = imported.acceptedRows
    rejectedRows = imported.rejected.count
    issues = imported.issues.map(\.description)
    warnings = imported.warnings.map(\.description)
    warningCount = imported.warningCount
    nation = BallotType.allCases.compactMap { b in t.nation[b].map { TallyView("nation", $0) } }
    regions = BallotType.allCases.flatMap { b in
      (t.regions[b] ?? [:]).sorted { $0.key < $1.key }.map { TallyView($0.key, $0.value) }
    }
    constituencyTotals = BallotType.allCases.flatMap { b in
      (t.constituencies[b] ?? [:]).sorted { $0.key < $1.key }.map {
        TallyView("constituency \($0.key)", $0.value)
      }
    }
    rules = importOnly ? nil : s.listCount.map(CountRulesView.init)
    parties = importOnly ? [] : s.rows.map(PartySeatsView.init)
    constituencies = importOnly ? [] : s.constituencies
    undecidedConstituencies = importOnly ? [] : s.composition.undecidedConstituencies
    self.notes = notes
    commissionDecisions = importOnly ? [] : s.commissionDecisions
    trace = importOnly ? nil : s.trace
  }
}

/// A definition's check as JSON (`saylau election check --json`): its regime, and every error and warning
/// with file, line and field.
public struct DefinitionCheckView: Encodable, Sendable {
  public var definition: String
  public var regime: String?
  public var valid: Bool
  public var errors: [String]
  public var warnings: [String]

  /// Checks `loaded` against the law as data and locates each problem.
  public init(_ loaded: LoadedDefinition, regimes: RegimeTable, parties: PartyDirectory?) {
    let issues = loaded.located(loaded.definition.check(regimes: regimes, parties: parties))
    definition = loaded.definition.id
    regime = (try? loaded.definition.resolveRegime(in: regimes))?.id
    errors = issues.filter(\.isError).map(\.description)
    warnings = issues.filter { !$0.isError }.map(\.description)
    valid = errors.isEmpty
  }
}

extension RepeatVoting {
  /// Repeat voting named as `TERRITORY=FILE` (the command line's form); `nil` without a territory.
  public init?(argument: String) {
    guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex else { return nil }
    self.init(
      territory: String(argument[..<eq]),
      sources: [.file(String(argument[argument.index(after: eq)...]))])
  }
}

/// An election of the catalogue as `saylau elections --json` lists it.
public struct ElectionListing: Encodable, Sendable {
  public var id: String
  public var chamber: String
  public var date: String
  public var secondRound: String?
  public var regime: String
  public var title: String
  public var hasResult: Bool
  public var notes: [String]
  public var sources: [String]

  public init(_ e: Election, hasResult: Bool) {
    id = e.id
    chamber = e.chamber
    date = e.date.description
    secondRound = e.secondRound?.description
    regime = e.regimeID
    title = e.title
    self.hasResult = hasResult
    notes = e.notes
    sources = e.sources
  }
}
