import Foundation

/// Lambert azimuthal equal-area projection on the authalic sphere, centred on `center`.
///
/// Areas are preserved (to the sphere's approximation of WGS 84, well under 0.5 %), so Polsby–Popper
/// and Reock computed in it compare shapes fairly across a country as large as Kazakhstan.
public struct LambertAzimuthalEqualArea: Sendable {
  public static let authalicRadius = 6_371_007.2
  let lat0: Double
  let lon0: Double
  let sinLat0: Double
  let cosLat0: Double

  public init(center: Position) {
    lat0 = center.latitude * .pi / 180
    lon0 = center.longitude * .pi / 180
    sinLat0 = Foundation.sin(lat0)
    cosLat0 = Foundation.cos(lat0)
  }

  /// A projection centred on the middle of the features' bounding box.
  public init(fitting geometries: [MultiPolygon]) {
    var box: BoundingBox? = nil
    for b in geometries.compactMap(\.boundingBox) { box = box?.union(b) ?? b }
    let c = box.map {
      Position(
        longitude: ($0.minLongitude + $0.maxLongitude) / 2,
        latitude: ($0.minLatitude + $0.maxLatitude) / 2)
    }
    self.init(center: c ?? Position(longitude: 0, latitude: 0))
  }

  public func project(_ p: Position) -> PlanarPoint {
    let lat = p.latitude * .pi / 180
    let dLon = p.longitude * .pi / 180 - lon0
    let cosLat = Foundation.cos(lat)
    let cosD = Foundation.cos(dLon)
    let k = (2 / (1 + sinLat0 * Foundation.sin(lat) + cosLat0 * cosLat * cosD)).squareRoot()
    let r = LambertAzimuthalEqualArea.authalicRadius
    return PlanarPoint(
      x: r * k * cosLat * Foundation.sin(dLon),
      y: r * k * (cosLat0 * Foundation.sin(lat) - sinLat0 * cosLat * cosD))
  }
}

