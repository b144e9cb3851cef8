import Foundation

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
    if let feature { return "\(source): feature \(feature): \(message)" }
    return "\(source): \(message)"
  }
}

/// Reads GeoJSON FeatureCollections of Polygon and MultiPolygon features (RFC 7946).
public enum GeoJSONReader {
  /// Parses a FeatureCollection; `source` names the file in error messages.
  public static func features(from data: Data, source: String) throws -> [GeoFeature] {
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw GeoJSONError(
        source: source, feature: nil, message: "not valid JSON (\(error.localizedDescription))")
    }
    guard let object = root as? [String: Any], object["type"] as? String == "FeatureCollection",
      let features = object["features"] as? [Any]
    else {
      throw GeoJSONError(source: source, feature: nil, message: "not a GeoJSON FeatureCollection")
    }
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
          message: "field 'geometry.type': '\(type)' is not polygonal")
      }
      let polygons = try polygonsRaw.map { rawPolygon -> Polygon in
        guard let rings = rawPolygon as? [Any], !rings.isEmpty else {
          throw GeoJSONError(source: source, feature: index + 1, message: "a polygon without rings")
        }
        let parsed = try rings.map { try ring($0, source: source, feature: index + 1) }
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
        guard let pair = point as? [Any], pair.count >= 2,
          let lon = (pair[0] as? NSNumber)?.doubleValue,
          let lat = (pair[1] as? NSNumber)?.doubleValue
        else {
          throw GeoJSONError(
            source: source, feature: feature, message: "a position is not [lon, lat]")
        }
        return Position(longitude: lon, latitude: lat)
      })
  }
}
