import SaylauCore

/// What kind of second-level unit an administrative unit is.
public enum UnitKind: String, Sendable, Codable, CaseIterable {
  /// A district (audan, raion).
  case district
  /// A city of regional significance, with its subordinate rural area.
  case city
  /// A district of a city of republican significance.
  case cityDistrict = "city_district"

  /// The English word that follows the name ("Karasay District", "City of Taraz" reads as "Taraz City").
  public var englishNoun: String {
    switch self {
    case .district, .cityDistrict: return "District"
    case .city: return "City"
    }
  }
}

/// A second-level administrative unit: a district, a city of regional significance or a city district.
///
/// Constituencies are made of these. A unit may be split between constituencies (Al-Farabi District of
/// Shymkent lies partly in No. 6 and partly in No. 7).
public struct AdministrativeUnit: Hashable, Sendable, Codable, Identifiable {
  /// Stable ASCII code `<region>.<name>`, with `_city` for cities: `almaty_region.karasay`.
  public var code: String
  public var name: LocalizedName
  public var regionCode: String
  public var kind: UnitKind
  /// Population at 1 January 2023 where found (42 of 221 units in the bundled data).
  public var population: DatedCount?
  /// 2021 census result where found.
  public var census2021: DatedCount?
  /// Codes of the unit's polygons in the bundled geometry (`KZ` + 6 KATO digits); empty where the
  /// geometry has none (Sauran District lies inside the Kentau polygon).
  public var geoCodes: [String]
  /// For a unit without a polygon of its own: the polygon its territory lies inside (Sauran District in the
  /// Kentau polygon `KZ612000`). `nil` for units with polygons and where the host is not known.
  public var hostGeoCode: String?
  /// The unit's 9-digit KATO code, where known.
  public var kato: String?
  public var notes: String?

  public var id: String { code }

  public init(
    code: String, name: LocalizedName, regionCode: String, kind: UnitKind,
    population: DatedCount? = nil,
    census2021: DatedCount? = nil, geoCodes: [String] = [], hostGeoCode: String? = nil,
    kato: String? = nil, notes: String? = nil
  ) {
    self.code = code
    self.name = name
    self.regionCode = regionCode
    self.kind = kind
    self.population = population
    self.census2021 = census2021
    self.geoCodes = geoCodes
    self.hostGeoCode = hostGeoCode
    self.kato = kato
    self.notes = notes
  }

  /// The English name with its noun: "Karasay District", "Taraz City".
  public var displayName: String { "\(name.en) \(kind.englishNoun)" }
}
