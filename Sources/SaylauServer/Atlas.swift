import Foundation
import SaylauCore
import SaylauData
import SaylauGeo
import SaylauRegistry
import SaylauStore

/// The registry held in memory for reading, with the unit geometry indexed for point look-ups.
///
/// Built from the database at start-up (the database stays the record); rebuilt after writes that change it.
public struct Atlas: Sendable {
  public let registry: RegistrySnapshot
  public let regionsByCode: [String: RegionRecord]
  public let unitsByCode: [String: UnitRecord]
  /// Unit polygons of kz_adm2 (2024 geometry), each with the 2023 units it stands for.
  public let shapes: [UnitShape]
  /// Region outlines (kz_adm1), for the map.
  public let regionShapes: [RegionShape]
  /// The latest date on which constituencies are in force (the default for `?date=`).
  public let latestDate: String

  /// One polygon of the unit geometry.
  public struct UnitShape: Sendable {
    public var geoCode: String
    public var name: String
    public var geometry: MultiPolygon
    public var box: BoundingBox
    /// The 2023 units whose territory this polygon holds (normally one).
    public var unitCodes: [String]
  }

  public struct RegionShape: Sendable {
    public var isoCode: String
    public var geometry: MultiPolygon
  }

  /// Units without a polygon of their own, and the polygon that holds their territory
  /// (SOURCES.md, admin_units: Sauran District lies inside the geokz Kentau polygon KZ612000).
  static let unitsInsideOtherPolygons: [String: String] = ["turkistan.sauran": "KZ612000"]

  public init(
    registry: RegistrySnapshot, unitFeatures: [GeoFeature], regionFeatures: [GeoFeature],
    today: CalendarDate = .today
  ) {
    self.registry = registry
    regionsByCode = Dictionary(
      registry.regions.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    unitsByCode = Dictionary(registry.units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    var unitsByGeo: [String: [String]] = [:]
    for unit in registry.units {
      for geo in unit.geoCodes { unitsByGeo[geo, default: []].append(unit.code) }
    }
    for (unit, geo) in Self.unitsInsideOtherPolygons where unitsByCode[unit] != nil {
      unitsByGeo[geo, default: []].append(unit)
    }
    shapes = unitFeatures.compactMap { feature in
      guard let code = feature.properties["code"], let box = feature.geometry.boundingBox else {
        return nil
      }
      return UnitShape(
        geoCode: code, name: feature.properties["name_en"] ?? feature.properties["name"] ?? code,
        geometry: feature.geometry, box: box, unitCodes: (unitsByGeo[code] ?? []).sorted())
    }
    regionShapes = regionFeatures.compactMap { f in
      f.properties["code"].map { RegionShape(isoCode: $0, geometry: f.geometry) }
    }
    latestDate = Self.defaultDate(registry.constituencies, today: today)
  }

  /// Today if constituencies are in force today, else the last day the latest ones were in force
  /// (the 2023 constituencies were abolished on 1 July 2026).
  static func defaultDate(_ lives: [ConstituencyRecord], today: CalendarDate) -> String {
    let now = today.description
    guard let newest = lives.map(\.established).max() else { return now }
    if lives.contains(where: { $0.isInForce(on: now) }) { return now }
    let ends = lives.filter { $0.established == newest }.compactMap(\.abolished)
    guard let end = ends.min(), let day = CalendarDate(iso: end), end <= now else { return newest }
    return day.previousDay.description
  }

  /// Loads the geometry from the bundled dataset.
  public static func load(registry: RegistrySnapshot, today: CalendarDate = .today) throws -> Atlas
  {
    Atlas(
      registry: registry, unitFeatures: try BundledData.unitFeatures(),
      regionFeatures: try BundledData.regionFeatures(), today: today)
  }

  /// Constituencies in force on `date`, by number.
  public func constituencies(on date: String) -> [ConstituencyRecord] {
    registry.constituencies.filter { $0.isInForce(on: date) }.sorted { $0.number < $1.number }
  }

  public func constituency(number: Int, on date: String) -> ConstituencyRecord? {
    registry.constituencies.first { $0.number == number && $0.isInForce(on: date) }
  }

  /// Every life of a number, oldest first.
  public func history(number: Int) -> [ConstituencyRecord] {
    registry.constituencies.filter { $0.number == number }.sorted {
      $0.established < $1.established
    }
  }

  /// The constituencies holding (a part of) `unitCode` on `date`.
  public func constituencies(containingUnit unitCode: String, on date: String)
    -> [ConstituencyRecord]
  {
    constituencies(on: date).filter { c in c.composition.contains { $0.unitCode == unitCode } }
  }

  /// The polygons containing a point (normally one; none outside Kazakhstan). The bounding boxes are checked
  /// first, so only a few polygons are tested exactly.
  public func shapes(containing point: Position) -> [UnitShape] {
    shapes.filter { $0.box.contains(point) && $0.geometry.contains(point) }
  }
}

extension CalendarDate {
  /// The current UTC calendar day.
  public static var today: CalendarDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    let c = calendar.dateComponents([.year, .month, .day], from: Date())
    return CalendarDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? CalendarDate(
      iso: "1970-01-01")!
  }
}
