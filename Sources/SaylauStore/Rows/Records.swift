import SaylauCore
import SaylauElections
import SaylauRegistry

/// Names in the three languages of the data (the registry's own type); Kazakh and Russian may be unknown.
public typealias Names = LocalizedName

/// A count with its date and source; a missing count is `nil`, never zero.
public struct Count: Codable, Sendable, Hashable {
  public var value: Int
  public var year: Int?
  public var date: String?
  public var source: String?

  public init(value: Int, year: Int? = nil, date: String? = nil, source: String? = nil) {
    self.value = value
    self.year = year
    self.date = date
    self.source = source
  }
}

/// A region (oblys) or city of republican significance, as stored.
public struct RegionRecord: Codable, Sendable, Hashable {
  public var code: String
  public var isoCode: String
  public var katoPrefix: String?
  public var name: Names
  public var kind: String
  public var administrativeCenter: String?
  public var population: Count?

  public init(
    code: String, isoCode: String, katoPrefix: String?, name: Names, kind: String,
    administrativeCenter: String?,
    population: Count?
  ) {
    self.code = code
    self.isoCode = isoCode
    self.katoPrefix = katoPrefix
    self.name = name
    self.kind = kind
    self.administrativeCenter = administrativeCenter
    self.population = population
  }
}

/// A district, city of regional significance or city district, as stored.
public struct UnitRecord: Codable, Sendable, Hashable {
  public var code: String
  public var regionCode: String
  public var name: Names
  public var kind: String
  public var kato: String?
  public var population: Count?
  public var census2021: Int?
  /// Codes of the kz_adm2 polygons that make up the unit.
  public var geoCodes: [String]

  public init(
    code: String, regionCode: String, name: Names, kind: String, kato: String?, population: Count?,
    census2021: Int?, geoCodes: [String]
  ) {
    self.code = code
    self.regionCode = regionCode
    self.name = name
    self.kind = kind
    self.kato = kato
    self.population = population
    self.census2021 = census2021
    self.geoCodes = geoCodes
  }
}

/// One unit in a constituency's composition.
public struct UnitShareRecord: Codable, Sendable, Hashable {
  public var unitCode: String
  /// Only part of the unit belongs to the constituency (Shymkent's Al-Farabi district, split between 6 and 7).
  public var isPartial: Bool
  /// The assignment is inferred, not read from a source.
  public var isInferred: Bool
  /// How the membership is known: `sourced`, `deduced` or `inferred` (`nil` in rows stored before migration 7).
  public var basis: String?

  public init(unitCode: String, isPartial: Bool, isInferred: Bool, basis: String? = nil) {
    self.basis = basis
    self.unitCode = unitCode
    self.isPartial = isPartial
    self.isInferred = isInferred
  }
}

/// A constituency's member as elected.
public struct MemberRecord: Codable, Sendable, Hashable {
  public var name: String
  public var party: String?

  public init(name: String, party: String?) {
    self.name = name
    self.party = party
  }
}

/// One life of a constituency number: its borders between `established` and `abolished`.
public struct ConstituencyRecord: Codable, Sendable, Hashable {
  public var id: String
  public var number: Int
  public var regionCode: String?
  public var seat: String?
  public var population: Count?
  public var electorate: Count?
  public var composition: [UnitShareRecord]
  /// Numbers of the bordering constituencies (same life).
  public var borders: [Int]
  public var member: MemberRecord?
  /// ISO dates (YYYY-MM-DD): the first day in force and the first day no longer in force. Where the
  /// source knows only the year or month, these are the earliest day it allows.
  public var established: String
  public var abolished: String?
  /// The same dates as the source gives them (`2004`, `2022-12-24`): what pages show.
  public var establishedAsPublished: String?
  public var abolishedAsPublished: String?

  public init(
    id: String, number: Int, regionCode: String?, seat: String?, population: Count?,
    electorate: Count?,
    composition: [UnitShareRecord], borders: [Int], member: MemberRecord?, established: String,
    abolished: String?, establishedAsPublished: String? = nil, abolishedAsPublished: String? = nil
  ) {
    self.establishedAsPublished = establishedAsPublished
    self.abolishedAsPublished = abolishedAsPublished
    self.id = id
    self.number = number
    self.regionCode = regionCode
    self.seat = seat
    self.population = population
    self.electorate = electorate
    self.composition = composition
    self.borders = borders
    self.member = member
    self.established = established
    self.abolished = abolished
  }

  /// Whether this life was in force on `date` (ISO text compares as dates).
  public func isInForce(on date: String) -> Bool {
    established <= date && (abolished.map { date < $0 } ?? true)
  }
}

/// The registry as the database holds it.
public struct RegistrySnapshot: Codable, Sendable {
  public var regions: [RegionRecord]
  public var units: [UnitRecord]
  public var constituencies: [ConstituencyRecord]

  public init(regions: [RegionRecord], units: [UnitRecord], constituencies: [ConstituencyRecord]) {
    self.regions = regions
    self.units = units
    self.constituencies = constituencies
  }
}

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

  public init(
    id: String, date: String, chamber: String, title: String, listSeats: Int? = nil,
    constituencySeats: Int? = nil, electorate: Int? = nil, ballotsCast: Int? = nil,
    turnoutPercent: String? = nil, synthetic: Bool, source: String? = nil, regime: String? = nil
  ) {
    self.regime = regime
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
}

/// Votes for one choice.
public struct ChoiceVotes: Codable, Sendable, Hashable {
  public var choice: String
  public var votes: Int
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
