import Foundation
import SaylauCore

/// A GeoJSON feature with polygonal geometry and its string-valued properties.
public struct GeoFeature: Sendable {
  /// Properties as text; numbers are kept in their JSON spelling, `null` is absent.
  public var properties: [String: String]
  public var geometry: MultiPolygon

  public init(properties: [String: String], geometry: MultiPolygon) {
    self.properties = properties
    self.geometry = geometry
  }
}

/// Why a GeoJSON document could not be read.
public struct GeoJSONError: Error, CustomStringConvertible, Sendable {
  public var source: String
  public var feature: Int?
  public var message: String

  public var description: String {
    if let feature { return Excerpt.escapingControls("\(source): feature \(feature): \(message)") }
    return Excerpt.escapingControls("\(source): \(message)")
  }
}

/// Reads GeoJSON FeatureCollections of Polygon and MultiPolygon features (RFC 7946).
///
/// Within documented bounds (``Limits``), checked as the file is read and before any geometry is computed:
/// the file's size, the number of features and of vertices, and every position's range (longitude −180…180,
/// latitude −90…90, finite). JSON syntax errors name their line and column.
public enum GeoJSONReader {
  /// The bounds a GeoJSON file is read within.
  public struct Limits: Sendable, Hashable {
    /// The largest file, in bytes.
    public var maximumBytes: Int
    public var maximumFeatures: Int
    /// The most positions one polygon (its rings together) may have.
    public var maximumVerticesPerPolygon: Int
    /// The most positions of the whole file.
    public var maximumVertices: Int

    public init(
      maximumBytes: Int = 512 << 20, maximumFeatures: Int = 200_000,
      maximumVerticesPerPolygon: Int = 1_000_000, maximumVertices: Int = 10_000_000
    ) {
      self.maximumBytes = maximumBytes
      self.maximumFeatures = maximumFeatures
      self.maximumVerticesPerPolygon = maximumVerticesPerPolygon
      self.maximumVertices = maximumVertices
    }

    /// 512 MiB, 200,000 features, 1,000,000 positions per polygon, 10,000,000 in all.
    public static let standard = Limits()
  }

  /// Parses a FeatureCollection; `source` names the file in error messages.
  /// - Throws: ``GeoJSONError`` naming the feature (1-based) and what is wrong.
  public static func features(from data: Data, source: String, limits: Limits = .standard) throws
    -> [GeoFeature]
  {
    guard data.count <= limits.maximumBytes else {
      throw GeoJSONError(
        source: source, feature: nil,
        message:
          "\(data.count) bytes, larger than the \(limits.maximumBytes) a GeoJSON file may have")
    }
    if let syntax = JSONSyntaxError.find(in: [UInt8](data)) {
      throw GeoJSONError(source: source, feature: nil, message: "not valid JSON (\(syntax))")
    }
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw GeoJSONError(
        source: source, feature: nil,
        message: "not readable JSON (a number out of range, or nesting too deep)")
    }
    guard let object = root as? [String: Any], object["type"] as? String == "FeatureCollection",
      let features = object["features"] as? [Any]
    else {
      throw GeoJSONError(source: source, feature: nil, message: "not a GeoJSON FeatureCollection")
    }
    guard features.count <= limits.maximumFeatures else {
      throw GeoJSONError(
        source: source, feature: nil,
        message:
          "\(features.count) features, more than the \(limits.maximumFeatures) a file may have")
    }
    var vertices = 0
    return try features.enumerated().map { index, raw in
      guard let feature = raw as? [String: Any] else {
        throw GeoJSONError(source: source, feature: index + 1, message: "not an object")
      }
      var properties: [String: String] = [:]
      for (key, value) in feature["properties"] as? [String: Any] ?? [:] {
        switch value {
        case let s as String: properties[key] = s
        case is NSNull: continue
        case let n as NSNumber: properties[key] = n.stringValue
        default: continue
        }
      }
      guard let geometry = feature["geometry"] as? [String: Any],
        let type = geometry["type"] as? String,
        let coordinates = geometry["coordinates"] as? [Any]
      else {
        throw GeoJSONError(
          source: source, feature: index + 1, message: "field 'geometry': missing or empty")
      }
      let polygonsRaw: [Any]
      switch type {
      case "Polygon": polygonsRaw = [coordinates]
      case "MultiPolygon": polygonsRaw = coordinates
      default:
        throw GeoJSONError(
          source: source, feature: index + 1,
          message: "field 'geometry.type': '\(Excerpt.excerpt(type))' is not polygonal")
      }
      let polygons = try polygonsRaw.map { rawPolygon -> Polygon in
        guard let rings = rawPolygon as? [Any], !rings.isEmpty else {
          throw GeoJSONError(source: source, feature: index + 1, message: "a polygon without rings")
        }
        let parsed = try rings.map { try ring($0, source: source, feature: index + 1) }
        let count = parsed.reduce(0) { $0 + $1.positions.count }
        guard count <= limits.maximumVerticesPerPolygon else {
          throw GeoJSONError(
            source: source, feature: index + 1,
            message:
              "a polygon of \(count) positions, more than the \(limits.maximumVerticesPerPolygon) allowed"
          )
        }
        vertices += count
        guard vertices <= limits.maximumVertices else {
          throw GeoJSONError(
            source: source, feature: index + 1,
            message: "more than the \(limits.maximumVertices) positions a file may have")
        }
        return Polygon(exterior: parsed[0], holes: Array(parsed.dropFirst()))
      }
      return GeoFeature(properties: properties, geometry: MultiPolygon(polygons))
    }
  }

  private static func ring(_ raw: Any, source: String, feature: Int) throws -> LinearRing {
    guard let points = raw as? [Any], points.count >= 4 else {
      throw GeoJSONError(
        source: source, feature: feature, message: "a ring with fewer than 4 positions")
    }
    return LinearRing(
      try points.map { point in
        // A JSON boolean is an NSNumber too (`is Bool` also holds for the numbers 0 and 1 on Linux): told
        // apart by its type code.
        guard let pair = point as? [Any], pair.count >= 2,
          let lonNumber = pair[0] as? NSNumber, let latNumber = pair[1] as? NSNumber,
          String(cString: lonNumber.objCType) != "c", String(cString: latNumber.objCType) != "c"
        else {
          throw GeoJSONError(
            source: source, feature: feature, message: "a position is not [lon, lat]")
        }
        let (lon, lat) = (lonNumber.doubleValue, latNumber.doubleValue)
        // Out of range, a position cannot be projected (and 1e308 cannot be rounded to an integer key).
        guard lon.isFinite, lat.isFinite, (-180...180).contains(lon), (-90...90).contains(lat)
        else {
          throw GeoJSONError(
            source: source, feature: feature,
            message:
              "position [\(lon), \(lat)] is outside longitude -180…180, latitude -90…90")
        }
        return Position(longitude: lon, latitude: lat)
      })
  }
}
