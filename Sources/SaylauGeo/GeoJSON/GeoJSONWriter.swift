import Foundation

/// Writes polygonal features as a GeoJSON FeatureCollection (RFC 7946), one feature per line.
public enum GeoJSONWriter {
  /// Serialises `features`; property values are written as JSON strings, and numbers given in
  /// `numericProperties` as JSON numbers. Coordinates use the shortest round-trip decimal form.
  public static func write(_ features: [GeoFeature], numericProperties: Set<String> = []) -> Data {
    var out = "{\"type\":\"FeatureCollection\",\"features\":[\n"
    for (i, f) in features.enumerated() {
      out += "{\"type\":\"Feature\",\"properties\":{"
      out += f.properties.keys.sorted().map { key in
        let v = f.properties[key]!
        let value = numericProperties.contains(key) && Double(v) != nil ? v : quote(v)
        return quote(key) + ":" + value
      }.joined(separator: ",")
      out += "},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
      out += f.geometry.polygons.map { p in
        "["
          + ([p.exterior] + p.holes).map { r in
            "[" + r.positions.map { "[\($0.longitude),\($0.latitude)]" }.joined(separator: ",")
              + "]"
          }.joined(separator: ",") + "]"
      }.joined(separator: ",")
      out += "]}}"
      out += i < features.count - 1 ? ",\n" : "\n"
    }
    out += "]}\n"
    return Data(out.utf8)
  }

  static func quote(_ s: String) -> String {
    var r = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": r += "\\\""
      case "\\": r += "\\\\"
      case "\n": r += "\\n"
      case "\r": r += "\\r"
      case "\t": r += "\\t"
      default:
        if u.value < 0x20 {
          r += String(format: "\\u%04x", u.value)
        } else {
          r.unicodeScalars.append(u)
        }
      }
    }
    return r + "\""
  }
}
