import SaylauCore

/// Everything the registry says about one life of a constituency, shaped like an encyclopedia infobox.
///
/// Facts only: the CLI prints it, the HTTP API serves it as JSON, and the reports render it (the lead
/// paragraph is written by SaylauReports' `ConstituencySummary` from these facts). Blank facts stay `nil`.
public struct ConstituencyProfile: Codable, Sendable, Equatable {
  public struct Neighbour: Codable, Sendable, Equatable {
    public var number: Int
    public var region: String?
    public var regionCode: String?
  }

  /// One unit of the composition.
  public struct Part: Codable, Sendable, Equatable {
    public var code: String
    /// The unit's display name ("Karasay District"), or its code when the registry lacks the unit.
    public var name: String
    public var kind: UnitKind?
    public var partial: Bool
    public var basis: Basis
  }

  /// One life of the same number.
  public struct Life: Codable, Sendable, Equatable {
    public var scheme: String
    public var from: HistoricalDate?
    public var until: HistoricalDate?
    public var region: String?
    public var member: String?
    public var party: String?
    public var votePercent: String?
  }

  /// `2023-12`: the scheme and the number.
  public var id: String
  /// The scheme this life belongs to.
  public var scheme: String
  public var number: Int
  public var name: LocalizedName
  /// The region's current English name (or the source's name where the region does not map).
  public var region: String?
  /// The region as the source names it for this life (a region of that time for earlier schemes).
  public var regionAsNamed: String?
  public var regionCode: String?
  public var seat: String?
  public var population: Int?
  public var populationYear: Int?
  public var electorate: Int?
  public var electorateYear: Int?
  public var electorateSource: String?
  /// When the CEC formed this life's scheme.
  public var formed: HistoricalDate?
  /// The first day the constituency existed.
  public var inForce: HistoricalDate?
  /// The first day it no longer existed.
  public var abolished: HistoricalDate?
  public var abolitionBasis: String?
  public var legalBasis: String?
  public var member: String?
  public var party: String?
  public var votePercent: String?
  public var memberElected: Int?
  /// Bordering constituencies' numbers, ascending.
  public var borders: [Int]
  /// `Basis.sourced` or `Basis.derived` (computed from the geometry).
  public var bordersBasis: Basis?
  public var neighbours: [Neighbour]
  /// Unit codes, as in the dataset (`almaty_region.karasay`).
  public var composition: [String]
  public var compositionDetails: [Part]
  /// Every known life of this number, oldest first.
  public var history: [Life]
  /// An earlier life of the same number exists: this one re-established it.
  public var isReestablished: Bool
  /// It covers every unit of its region, none only in part.
  public var coversWholeRegion: Bool
  /// How many constituencies the scheme had, and how many of them the registry knows.
  public var schemeSeatCount: Int
  public var schemeKnownCount: Int
  /// How many of the scheme's known constituencies lie in the same region (this one included).
  public var regionConstituencyCount: Int
  public var notes: String?
  public var sources: [String]

  /// The registry knows every constituency of the scheme, so counts within it are complete.
  public var isSchemeComplete: Bool { schemeKnownCount == schemeSeatCount }
}

extension Registry {
  /// The profile of a constituency life.
  public func profile(of c: Constituency) -> ConstituencyProfile {
    let scheme = self.scheme(id: c.schemeID)
    let region = c.regionCode.flatMap { self.region(code: $0) }
    let parts = c.composition.map { share -> ConstituencyProfile.Part in
      let unit = self.unit(code: share.unitCode)
      return ConstituencyProfile.Part(
        code: share.unitCode, name: unit?.displayName ?? share.unitCode, kind: unit?.kind,
        partial: share.isPartial, basis: share.basis)
    }
    let neighbours = c.borders.map { n -> ConstituencyProfile.Neighbour in
      let other = constituencies.first { $0.schemeID == c.schemeID && $0.number == n }
      return ConstituencyProfile.Neighbour(
        number: n, region: other?.regionCode.flatMap { self.region(code: $0)?.name.en },
        regionCode: other?.regionCode)
    }
    let lives = history(of: c.number)
    let history = lives.map { life -> ConstituencyProfile.Life in
      let s = self.scheme(id: life.schemeID)
      return ConstituencyProfile.Life(
        scheme: life.schemeID, from: s?.inForce, until: s?.abolished,
        region: life.regionName ?? life.regionCode, member: life.member?.name,
        party: life.member?.party, votePercent: life.member?.votePercent)
    }
    let sameScheme = constituencies.filter { $0.schemeID == c.schemeID }
    return ConstituencyProfile(
      id: c.id, scheme: c.schemeID, number: c.number, name: c.name,
      region: region?.name.en ?? c.regionName, regionAsNamed: c.regionName,
      regionCode: c.regionCode, seat: c.seat, population: c.population?.value,
      populationYear: c.population?.year, electorate: c.electorate?.value,
      electorateYear: c.electorate?.year, electorateSource: c.electorate?.source,
      formed: scheme?.formed, inForce: scheme?.inForce, abolished: scheme?.abolished,
      abolitionBasis: scheme?.abolitionBasis, legalBasis: scheme?.legalBasis,
      member: c.member?.name, party: c.member?.party, votePercent: c.member?.votePercent,
      memberElected: c.member?.elected, borders: c.borders, bordersBasis: c.bordersBasis,
      neighbours: neighbours, composition: c.composition.map(\.unitCode),
      compositionDetails: parts, history: history,
      isReestablished: lives.first.map { $0.schemeID != c.schemeID } ?? false,
      coversWholeRegion: coversWholeRegion(c), schemeSeatCount: scheme?.seatCount ?? 0,
      schemeKnownCount: sameScheme.count,
      regionConstituencyCount: sameScheme.filter { $0.regionCode == c.regionCode }.count,
      notes: c.notes, sources: c.sources)
  }
}
