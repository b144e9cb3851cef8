import SaylauCore
import SaylauGeo
import SaylauRegistry

/// Kazakhstan's unit and region polygons joined to a registry: which polygon holds which units, and the
/// look-up of a point.
///
/// A unit's polygons come from ``SaylauRegistry/AdministrativeUnit/geoCodes``; a unit without a polygon of its own lies
/// inside its ``SaylauRegistry/AdministrativeUnit/hostGeoCode`` (Sauran District inside the Kentau polygon `KZ612000`, from
/// `admin_units.csv`), so that polygon holds both units. Built once (the server holds one) and queried
/// without further I/O.
public struct KazakhstanGeography: Sendable {
  /// One polygon of the unit geometry (`kz_adm2.geojson`).
  public struct UnitPolygon: Sendable {
    public var geoCode: String
    public var name: String
    public var geometry: MultiPolygon
    public var box: BoundingBox
    /// The registry units whose territory this polygon holds: its own unit and any hosted one.
    public var unitCodes: [String]
  }

  /// The unit polygons as GeoJSON features (property `code` joins to ``SaylauRegistry/AdministrativeUnit/geoCodes``).
  public let unitFeatures: [GeoFeature]
  /// The region polygons (`kz_adm1.geojson`; property `code` is ``SaylauRegistry/Region/isoCode``).
  public let regionFeatures: [GeoFeature]
  public let polygons: [UnitPolygon]

  /// Joins the features to `registry`'s units.
  public init(registry: Registry, unitFeatures: [GeoFeature], regionFeatures: [GeoFeature]) {
    self.unitFeatures = unitFeatures
    self.regionFeatures = regionFeatures
    var unitsByGeo: [String: [String]] = [:]
    for unit in registry.units {
      for geo in unit.geoCodes { unitsByGeo[geo, default: []].append(unit.code) }
      if let host = unit.hostGeoCode { unitsByGeo[host, default: []].append(unit.code) }
    }
    polygons = unitFeatures.compactMap { feature in
      guard let code = feature.properties["code"], let box = feature.geometry.boundingBox else {
        return nil
      }
      return UnitPolygon(
        geoCode: code, name: feature.properties["name_en"] ?? feature.properties["name"] ?? code,
        geometry: feature.geometry, box: box, unitCodes: (unitsByGeo[code] ?? []).sorted())
    }
  }

  /// The bundled geometry joined to `registry`.
  ///
  /// - Throws: `DatasetError` when a bundled GeoJSON file cannot be read.
  public static func bundled(registry: Registry) throws -> KazakhstanGeography {
    KazakhstanGeography(
      registry: registry, unitFeatures: try BundledData.unitFeatures(),
      regionFeatures: try BundledData.regionFeatures())
  }

  /// The polygons containing a point (normally one; none outside the country). Bounding boxes are checked
  /// first, so only a few polygons are tested exactly.
  public func polygons(containing point: Position) -> [UnitPolygon] {
    polygons.filter { $0.box.contains(point) && $0.geometry.contains(point) }
  }

  /// Which constituencies hold the point on `date`.
  ///
  /// - Parameters:
  ///   - latitude: WGS 84 degrees north.
  ///   - longitude: WGS 84 degrees east.
  ///   - registry: the registry the geometry was joined to.
  ///   - date: the day asked about.
  /// - Throws: `LookupError.date` for a day without certain constituencies (checked first),
  ///   `LookupError.outsideGeometry` for a point in no polygon.
  public func answer(
    latitude: Double, longitude: Double, in registry: Registry, on date: CalendarDate
  ) throws(LookupError) -> LookupAnswer {
    let point = LookupAnswer.Point(latitude: latitude, longitude: longitude)
    do throws(RegistryDateError) {
      _ = try registry.constituencies(on: date)
    } catch {
      throw .date(error)
    }
    guard
      let polygon = polygons(containing: Position(longitude: longitude, latitude: latitude)).first
    else {
      throw .outsideGeometry(point)
    }
    return try registry.answer(
      units: polygon.unitCodes,
      polygon: LookupAnswer.Polygon(geoCode: polygon.geoCode, name: polygon.name), point: point,
      on: date)
  }
}
