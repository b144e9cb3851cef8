import SaylauCore

/// What was published about an election's result: the national list vote line by line with the published
/// seats, the national figures, and what is known of each constituency. Blank facts stay `nil`.
///
/// It is plain data: ``PublishedElection/summary(whatIf:parties:)`` turns it into seats with the engine and
/// compares them with what was published.
public struct PublishedResult: Sendable, Hashable, Codable {
  /// One line of the national list vote.
  public struct ListLine: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var votes: Int
    /// A derived line standing for several lists together ("other lists"): counted in the threshold base,
    /// never seated.
    public var isAggregate: Bool
    public var publishedListSeats: Int?
    /// Constituency seats won by the party's nominees, where known.
    public var constituencySeats: Int?
    /// How ``constituencySeats`` was obtained when it was not published as such ("derived: …").
    public var constituencySeatsBasis: String?
    /// The party's total seats as published, where known.
    public var publishedTotalSeats: Int?
    public var notes: String?
    public var sources: [String]

    public init(
      code: String, name: String, votes: Int, isAggregate: Bool = false,
      publishedListSeats: Int? = nil, constituencySeats: Int? = nil,
      constituencySeatsBasis: String? = nil, publishedTotalSeats: Int? = nil,
      notes: String? = nil, sources: [String] = []
    ) {
      self.code = code
      self.name = name
      self.votes = votes
      self.isAggregate = isAggregate
      self.publishedListSeats = publishedListSeats
      self.constituencySeats = constituencySeats
      self.constituencySeatsBasis = constituencySeatsBasis
      self.publishedTotalSeats = publishedTotalSeats
      self.notes = notes
      self.sources = sources
    }
  }

  /// The list lines in the order the data gives them: registration order where ``registrationOrderKnown``,
  /// otherwise the source's order (which then also decides remainder ties, and the summary says so).
  public var lines: [ListLine]
  public var registrationOrderKnown: Bool
  public var againstAll: Int?
  public var invalid: Int?
  public var ballotsIssued: Int?
  public var electorate: Int?
  /// The threshold base as published (valid votes incl. against all), as a check on the lines' sum.
  public var publishedBase: Int?
  /// Turnout as published (text with the published decimals, never recomputed).
  public var publishedTurnout: String?
  /// Constituency seats of candidates without a listed party, where known, and how they were obtained.
  public var independentConstituencySeats: Int?
  public var independentConstituencySeatsBasis: String?
  /// What is known of each constituency's result, by number.
  public var constituencies: [ConstituencyOutcome]
  public var notes: [String]
  public var sources: [String]
  /// Made-up data (tests, demonstrations): every output says SYNTHETIC.
  public var synthetic: Bool

  public init(
    lines: [ListLine], registrationOrderKnown: Bool = false, againstAll: Int? = nil,
    invalid: Int? = nil, ballotsIssued: Int? = nil, electorate: Int? = nil,
    publishedBase: Int? = nil, publishedTurnout: String? = nil,
    independentConstituencySeats: Int? = nil, independentConstituencySeatsBasis: String? = nil,
    constituencies: [ConstituencyOutcome] = [], notes: [String] = [], sources: [String] = [],
    synthetic: Bool = false
  ) {
    self.lines = lines
    self.registrationOrderKnown = registrationOrderKnown
    self.againstAll = againstAll
    self.invalid = invalid
    self.ballotsIssued = ballotsIssued
    self.electorate = electorate
    self.publishedBase = publishedBase
    self.publishedTurnout = publishedTurnout
    self.independentConstituencySeats = independentConstituencySeats
    self.independentConstituencySeatsBasis = independentConstituencySeatsBasis
    self.constituencies = constituencies
    self.notes = notes
    self.sources = sources
    self.synthetic = synthetic
  }

  /// The national list vote in the shape the list-seat decision takes.
  public var listVote: ListVote {
    ListVote(
      parties: lines.map {
        ListVote.Party(code: $0.code, name: $0.name, votes: $0.votes, isAggregate: $0.isAggregate)
      }, againstAll: againstAll, invalid: invalid, ballotsIssued: ballotsIssued)
  }
}

/// What was published about one constituency's result; every field may be blank.
public struct ConstituencyOutcome: Sendable, Hashable, Codable {
  public var number: Int
  public var regionCode: String?
  public var registeredCandidates: Int?
  /// The region-wide share of voters who had received ballots, preliminary, as published. Not the
  /// constituency's own turnout: it covers every constituency of the region.
  public var regionTurnoutPreliminary: String?
  public var winner: String?
  /// The winner's party or nomination as the source writes it.
  public var winnerNomination: String?
  /// The winner's share in percent, as published.
  public var winnerPercent: String?
  public var winnerVotes: Int?
  public var sources: [String]

  public init(
    number: Int, regionCode: String? = nil, registeredCandidates: Int? = nil,
    regionTurnoutPreliminary: String? = nil, winner: String? = nil,
    winnerNomination: String? = nil, winnerPercent: String? = nil, winnerVotes: Int? = nil,
    sources: [String] = []
  ) {
    self.number = number
    self.regionCode = regionCode
    self.registeredCandidates = registeredCandidates
    self.regionTurnoutPreliminary = regionTurnoutPreliminary
    self.winner = winner
    self.winnerNomination = winnerNomination
    self.winnerPercent = winnerPercent
    self.winnerVotes = winnerVotes
    self.sources = sources
  }
}

/// An election with its regime and its published result: what a face needs to show seats.
public struct PublishedElection: Sendable, Hashable, Codable {
  public var election: Election
  public var regime: Regime
  /// `nil` when no result of the election is in the data.
  public var result: PublishedResult?

  public init(election: Election, regime: Regime, result: PublishedResult?) {
    self.election = election
    self.regime = regime
    self.result = result
  }
}
