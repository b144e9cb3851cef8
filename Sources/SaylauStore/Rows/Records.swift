import SaylauCore
import SaylauElections
import SaylauRegistry

/// Names in the three languages of the data (the registry's own type); Kazakh and Russian may be unknown.
public typealias Names = LocalizedName

/// An election: its date, chamber and national figures where known.
public struct ElectionRecord: Codable, Sendable, Hashable {
  public var id: String
  public var date: String
  public var chamber: String
  public var title: String
  public var listSeats: Int?
  public var constituencySeats: Int?
  public var electorate: Int?
  public var ballotsCast: Int?
  /// As published (text keeps the published decimals; never recomputed into a float).
  public var turnoutPercent: String?
  /// True when the election's figures are synthetic (made up for tests or demonstrations).
  public var synthetic: Bool
  public var source: String?
  /// The electoral regime id (rules.md A0), e.g. "R2022".
  public var regime: String?
  /// Whether the store holds the election's published result (`nil` in rows stored before migration 10).
  public var hasResult: Bool?

  public init(
    id: String, date: String, chamber: String, title: String, listSeats: Int? = nil,
    constituencySeats: Int? = nil, electorate: Int? = nil, ballotsCast: Int? = nil,
    turnoutPercent: String? = nil, synthetic: Bool, source: String? = nil, regime: String? = nil,
    hasResult: Bool? = nil
  ) {
    self.regime = regime
    self.hasResult = hasResult
    self.id = id
    self.date = date
    self.chamber = chamber
    self.title = title
    self.listSeats = listSeats
    self.constituencySeats = constituencySeats
    self.electorate = electorate
    self.ballotsCast = ballotsCast
    self.turnoutPercent = turnoutPercent
    self.synthetic = synthetic
    self.source = source
  }
}

/// A published national party-list row (a party, "against all", independents).
public struct ListResultRecord: Codable, Sendable, Hashable {
  public var partyCode: String
  public var rowType: String
  public var name: Names
  public var votes: Int?
  public var percent: String?
  public var listSeats: Int?
  public var constituencySeats: Int?
  public var totalSeats: Int?

  public init(
    partyCode: String, rowType: String, name: Names, votes: Int?, percent: String?, listSeats: Int?,
    constituencySeats: Int?, totalSeats: Int?
  ) {
    self.partyCode = partyCode
    self.rowType = rowType
    self.name = name
    self.votes = votes
    self.percent = percent
    self.listSeats = listSeats
    self.constituencySeats = constituencySeats
    self.totalSeats = totalSeats
  }
}

/// A published constituency candidate row (mostly winners; votes often unknown).
public struct CandidateRecord: Codable, Sendable, Hashable {
  public var constituency: Int
  public var candidate: String
  public var party: String?
  public var votes: Int?
  public var percent: String?
  public var elected: Bool

  public init(
    constituency: Int, candidate: String, party: String?, votes: Int?, percent: String?,
    elected: Bool
  ) {
    self.constituency = constituency
    self.candidate = candidate
    self.party = party
    self.votes = votes
    self.percent = percent
    self.elected = elected
  }
}

/// Which ballot a protocol counts: the national party list or the constituency's candidates (the one type
/// of the election engine).
public typealias Ballot = BallotType

/// A protocol import as the database records it.
public struct ImportRecord: Codable, Sendable, Hashable {
  public var id: Int
  public var electionID: String
  public var source: String
  public var protocols: Int
  public var synthetic: Bool
  public var importedAt: String
}

/// Totals of stored protocols for one ballot with every line of the protocol (`GET /api/v2/…/protocols`).
/// A line is `nil` when not every protocol has it (not known); `againstAll` is `nil` when none has.
public struct ProtocolLineTotals: Codable, Sendable, Hashable {
  public var election: String
  public var ballot: BallotType
  public var constituency: Int?
  public var protocols: Int
  public var votersOnList: Int?
  public var ballotsReceived: Int?
  public var ballotsIssued: Int?
  public var ballotsInBox: Int?
  public var invalid: Int?
  public var unused: Int?
  public var againstAll: Int?
  /// Votes by choice code (a party code or `c<position>`), largest first.
  public var votes: [ChoiceVotes]
  /// Some stored protocol of the election is marked synthetic.
  public var synthetic: Bool
}

/// Totals of imported protocols for one ballot (nationally or in one constituency), in the v1 shape.
public struct ProtocolTotals: Codable, Sendable, Hashable {
  public var ballot: Ballot
  public var constituency: Int?
  public var stations: Int
  /// Sums over the stations that reported the figure; `nil` if none did.
  public var electorate: Int?
  public var ballotsCast: Int?
  public var invalid: Int?
  /// Votes by choice, largest first (ties by choice name, ascending).
  public var votes: [ChoiceVotes]

  /// Ballots cast over the electorate in per mille, rounded down: integers, so no floating point decides
  /// a band; `nil` without both figures or with no electorate.
  public var turnoutPerMille: Int? {
    guard let cast = ballotsCast, let electorate, electorate > 0 else { return nil }
    return cast * 1000 / electorate
  }
}

/// A districting plan: each unit assigned to a district number.
public struct PlanRecord: Codable, Sendable, Hashable {
  public var id: String
  public var name: String
  public var createdAt: String?
  public var source: String?
  public var assignments: [String: Int]

  public init(
    id: String, name: String, createdAt: String? = nil, source: String?, assignments: [String: Int]
  ) {
    self.id = id
    self.name = name
    self.createdAt = createdAt
    self.source = source
    self.assignments = assignments
  }
}
