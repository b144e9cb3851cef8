import Foundation
import SaylauData
import SaylauGeo
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

    public init(registry: RegistrySnapshot, unitFeatures: [GeoFeature], regionFeatures: [GeoFeature]) {
        self.registry = registry
        regionsByCode = Dictionary(registry.regions.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        unitsByCode = Dictionary(registry.units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var unitsByGeo: [String: [String]] = [:]
        for unit in registry.units {
            for geo in unit.geoCodes { unitsByGeo[geo, default: []].append(unit.code) }
        }
        for (unit, geo) in Self.unitsInsideOtherPolygons where unitsByCode[unit] != nil {
            unitsByGeo[geo, default: []].append(unit)
        }
        shapes = unitFeatures.compactMap { feature in
            guard let code = feature.properties["code"], let box = feature.geometry.boundingBox else { return nil }
            return UnitShape(
                geoCode: code, name: feature.properties["name_en"] ?? feature.properties["name"] ?? code,
                geometry: feature.geometry, box: box, unitCodes: (unitsByGeo[code] ?? []).sorted())
        }
        regionShapes = regionFeatures.compactMap { f in
            f.properties["code"].map { RegionShape(isoCode: $0, geometry: f.geometry) }
        }
        latestDate = registry.constituencies.map(\.established).max() ?? "2023-01-01"
    }

    /// Loads the geometry from the bundled dataset.
    public static func load(registry: RegistrySnapshot) throws -> Atlas {
        func features(_ name: String) throws -> [GeoFeature] {
            guard let url = ServerResources.url(name) else { throw AtlasError("\(name): not in the bundled dataset") }
            return try GeoJSONReader.features(from: try Data(contentsOf: url), source: name)
        }
        return Atlas(
            registry: registry, unitFeatures: try features("kz_adm2.geojson"),
            regionFeatures: try features("kz_adm1.geojson"))
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
        registry.constituencies.filter { $0.number == number }.sorted { $0.established < $1.established }
    }

    /// The constituencies holding (a part of) `unitCode` on `date`.
    public func constituencies(containingUnit unitCode: String, on date: String) -> [ConstituencyRecord] {
        constituencies(on: date).filter { c in c.composition.contains { $0.unitCode == unitCode } }
    }

    /// The polygons containing a point (normally one; none outside Kazakhstan). The bounding boxes are checked
    /// first, so only a few polygons are tested exactly.
    public func shapes(containing point: Position) -> [UnitShape] {
        shapes.filter { $0.box.contains(point) && $0.geometry.contains(point) }
    }
}

struct AtlasError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
