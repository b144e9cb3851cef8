import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauRegistry

/// What a new database is seeded with: the registry and the published elections of the bundled dataset,
/// read by SaylauData's loaders and turned into the store's records.
public struct BundledSeed: Sendable {
  public var registry: RegistrySnapshot
  /// Every election of the catalogue, with its published result where the data has one.
  public var elections: [PublishedElection]
  public var regimes: RegimeTable

  public init(registry: RegistrySnapshot, elections: [PublishedElection], regimes: RegimeTable) {
    self.registry = registry
    self.elections = elections
    self.regimes = regimes
  }

  /// The Mäjilis election of 19 March 2023.
  public static let election2023 = "2023-majilis"

  /// Reads the bundled registry and results.
  public static func load() throws -> BundledSeed {
    let registry = try BundledData.registry()
    let catalogue = try BundledData.elections()
    return BundledSeed(
      registry: snapshot(of: registry),
      elections: try catalogue.elections.map { try BundledData.publishedElection($0.id) },
      regimes: try BundledData.regimes())
  }

  static func count(_ c: DatedCount?) -> Count? {
    c.map { Count(value: $0.value, year: $0.year, date: $0.date?.description, source: $0.source) }
  }

  static func names(_ n: LocalizedName) -> Names { Names(en: n.en, kk: n.kk, ru: n.ru) }

  /// The registry as records; a constituency's life runs from its scheme's entry into force to its abolition
  /// (the earliest day a partly known date allows).
  public static func snapshot(of registry: Registry) -> RegistrySnapshot {
    let regions = registry.regions.map { r in
      RegionRecord(
        code: r.code, isoCode: r.isoCode, katoPrefix: r.katoPrefix, name: names(r.name),
        kind: r.kind.rawValue,
        administrativeCenter: r.administrativeCenter, population: count(r.population))
    }
    let units = registry.units.map { u in
      UnitRecord(
        code: u.code, regionCode: u.regionCode, name: names(u.name), kind: u.kind.rawValue,
        kato: u.kato,
        population: count(u.population), census2021: u.census2021?.value,
        geoCodes: u.geoCodes.sorted())
    }
    let constituencies = registry.constituencies.compactMap { c -> ConstituencyRecord? in
      guard let scheme = registry.scheme(id: c.schemeID) else { return nil }
      return ConstituencyRecord(
        id: c.id, number: c.number, regionCode: c.regionCode, seat: c.seat,
        population: count(c.population),
        electorate: count(c.electorate),
        composition: c.composition.map {
          UnitShareRecord(
            unitCode: $0.unitCode, isPartial: $0.isPartial, isInferred: $0.isInferred,
            basis: $0.basis.rawValue)
        }, borders: c.borders.sorted(),
        member: c.member.map { MemberRecord(name: $0.name, party: $0.party) },
        established: scheme.inForce.earliest.description,
        abolished: scheme.abolished?.earliest.description,
        establishedAsPublished: scheme.inForce.description,
        abolishedAsPublished: scheme.abolished?.description)
    }
    return RegistrySnapshot(regions: regions, units: units, constituencies: constituencies)
  }

}
