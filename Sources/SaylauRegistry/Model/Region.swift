import SaylauCore

/// What kind of first-level unit a region is.
public enum RegionKind: String, Sendable, Codable, CaseIterable {
  /// An oblys (region).
  case region
  /// A city of republican significance (Astana, Almaty, Shymkent), a first-level unit of its own.
  case cityOfRepublicanSignificance = "city_of_republican_significance"
}

/// A first-level administrative unit: one of the 17 regions or 3 cities of republican significance.
///
/// The Central Election Commission forms constituencies inside each region; every region has at least one,
/// and no constituency crosses a region's border.
public struct Region: Hashable, Sendable, Codable, Identifiable {
  /// Stable ASCII code, e.g. `almaty_region`.
  public var code: String
  /// ISO 3166-2 code in its numeric form, e.g. `KZ-19`; joins to the region geometry.
  public var isoCode: String
  /// The two-digit KATO prefix of the region's units.
  public var katoPrefix: String
  public var name: LocalizedName
  public var kind: RegionKind
  public var administrativeCenter: String?
  /// The latest population figure near the 2023 election, where one was found.
  public var population: DatedCount?
  /// The 2021 census result, where a source was seen.
  public var census2021: DatedCount?
  /// When the region was created (the 2022 reform), if in the registry's horizon.
  public var established: CalendarDate?
  /// When its territory last changed (the 2022 reform).
  public var territoryChanged: CalendarDate?
  public var notes: String?

  public var id: String { code }

  public init(
    code: String, isoCode: String, katoPrefix: String, name: LocalizedName, kind: RegionKind,
    administrativeCenter: String? = nil, population: DatedCount? = nil,
    census2021: DatedCount? = nil,
    established: CalendarDate? = nil, territoryChanged: CalendarDate? = nil, notes: String? = nil
  ) {
    self.code = code
    self.isoCode = isoCode
    self.katoPrefix = katoPrefix
    self.name = name
    self.kind = kind
    self.administrativeCenter = administrativeCenter
    self.population = population
    self.census2021 = census2021
    self.established = established
    self.territoryChanged = territoryChanged
    self.notes = notes
  }

  /// Whether the region existed on `date`; regions created by the 2022 reform did not exist before it.
  public func exists(on date: CalendarDate) -> Bool {
    established.map { date >= $0 } ?? true
  }
}
