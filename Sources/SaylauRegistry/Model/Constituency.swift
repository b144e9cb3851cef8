import SaylauCore

/// One unit, or part of one, in a constituency's composition.
public struct UnitShare: Hashable, Sendable, Codable {
  public var unitCode: String
  /// The constituency holds only part of the unit; the unit is split between constituencies.
  public var isPartial: Bool
  public var basis: Basis

  public init(unitCode: String, isPartial: Bool = false, basis: Basis = .sourced) {
    self.unitCode = unitCode
    self.isPartial = isPartial
    self.basis = basis
  }

  /// Whether the unit's membership is only inferred.
  public var isInferred: Bool { basis == .inferred }
}

/// The deputy elected in a constituency.
public struct Member: Hashable, Sendable, Codable {
  public var name: String
  /// Party or nomination as the source gives it ("Amanat", "Independent (self-nominated)").
  public var party: String?
  /// The year of the election that returned the member.
  public var elected: Int
  /// The winner's share of the vote in percent, as published (one decimal), where known.
  public var votePercent: String?
  public var source: String?

  public init(
    name: String, party: String?, elected: Int, votePercent: String? = nil, source: String? = nil
  ) {
    self.name = name
    self.party = party
    self.elected = elected
    self.votePercent = votePercent
    self.source = source
  }
}

/// A set of constituencies formed together and abolished together: the 2004 set (67 seats, abolished in
/// 2007) or the 2023 set (29 seats, formed by the CEC on 24 December 2022, ended by the 2026 Constitution).
public struct ConstituencyScheme: Hashable, Sendable, Codable, Identifiable {
  /// Stable id: the year of the first election it served, e.g. `2023`.
  public var id: String
  /// How many constituencies the scheme had (all of them, including those the registry does not know).
  public var seatCount: Int
  /// When the CEC formed the constituencies.
  public var formed: HistoricalDate
  /// When they came into force; the first day they existed.
  public var inForce: HistoricalDate
  /// The first day they no longer existed, if they have ended.
  public var abolished: HistoricalDate?
  /// Election days on which the scheme was used; it certainly existed on each of them.
  public var electionDays: [CalendarDate]
  public var legalBasis: String
  public var abolitionBasis: String?
  public var sources: [String]

  public init(
    id: String, seatCount: Int, formed: HistoricalDate, inForce: HistoricalDate,
    abolished: HistoricalDate?,
    electionDays: [CalendarDate], legalBasis: String, abolitionBasis: String?, sources: [String]
  ) {
    self.id = id
    self.seatCount = seatCount
    self.formed = formed
    self.inForce = inForce
    self.abolished = abolished
    self.electionDays = electionDays
    self.legalBasis = legalBasis
    self.abolitionBasis = abolitionBasis
    self.sources = sources
  }

  /// Whether the scheme's constituencies existed on `date`.
  ///
  /// The scheme exists from ``inForce`` (inclusive) to ``abolished`` (exclusive). Where a bound is known
  /// only to the year or month, days inside that imprecision are `Existence.uncertain` unless an
  /// election held under the scheme proves it existed.
  public func existence(on date: CalendarDate) -> Existence {
    if let first = electionDays.min(), let last = electionDays.max(), first <= date, date <= last {
      return .existed
    }
    if date < inForce.earliest { return .didNotExist }
    if let abolished, date >= abolished.latest { return .didNotExist }
    let started = date >= inForce.latest || electionDays.contains { $0 <= date }
    let notEnded =
      abolished.map { date < $0.earliest || electionDays.contains { $0 >= date } } ?? true
    return started && notEnded ? .existed : .uncertain
  }

  /// The last day on which the scheme certainly existed, if it has ended.
  public var lastCertainDay: CalendarDate? {
    abolished.map { $0.earliest.previousDay }
  }
}

/// One life of a numbered single-mandate constituency.
///
/// A number can have several lives: No. 12 lay in Aktobe Region from 2004 to 2007 and was re-established
/// in Almaty Region for the 2023 election. Each life belongs to a ``ConstituencyScheme``, which dates it.
public struct Constituency: Hashable, Sendable, Codable, Identifiable {
  /// The scheme this life belongs to (`2004`, `2023`).
  public var schemeID: String
  public var number: Int
  /// The region's code, where the region maps onto the current division.
  public var regionCode: String?
  /// The region as the source names it (for earlier schemes, a region of that time).
  public var regionName: String?
  /// The seat town, where known.
  public var seat: String?
  /// The units that make up the constituency; empty where unknown.
  public var composition: [UnitShare]
  public var population: DatedCount?
  public var electorate: DatedCount?
  /// Bordering constituencies (numbers in the same scheme), as ``bordersBasis`` says.
  public var borders: [Int]
  /// `sourced` when a source lists them, `derived` when computed from the geometry.
  public var bordersBasis: Basis?
  public var member: Member?
  public var notes: String?
  public var sources: [String]

  public init(
    schemeID: String, number: Int, regionCode: String?, regionName: String?, seat: String?,
    composition: [UnitShare], population: DatedCount?, electorate: DatedCount?, borders: [Int],
    bordersBasis: Basis?, member: Member?, notes: String?, sources: [String]
  ) {
    self.schemeID = schemeID
    self.number = number
    self.regionCode = regionCode
    self.regionName = regionName
    self.seat = seat
    self.composition = composition
    self.population = population
    self.electorate = electorate
    self.borders = borders
    self.bordersBasis = bordersBasis
    self.member = member
    self.notes = notes
    self.sources = sources
  }

  /// `2023-12`: the scheme and the number.
  public var id: String { "\(schemeID)-\(number)" }

  /// The constituency's names: "Electoral district No. 12", "№12 сайлау округі", "Избирательный округ №12".
  public var name: LocalizedName {
    LocalizedName(
      en: "Electoral district No. \(number)", kk: "№\(number) сайлау округі",
      ru: "Избирательный округ №\(number)")
  }
}
