/// A position in WGS 84 longitude and latitude, in degrees (GeoJSON order: longitude first).
public struct Position: Hashable, Sendable {
  public var longitude: Double
  public var latitude: Double

  public init(longitude: Double, latitude: Double) {
    self.longitude = longitude
    self.latitude = latitude
  }
}

/// A closed ring of positions; the last position repeats the first, as GeoJSON requires.
public struct LinearRing: Hashable, Sendable {
  public var positions: [Position]

  public init(_ positions: [Position]) { self.positions = positions }

  /// Even-odd ray casting: whether `point` lies inside the ring (points on the boundary count as either).
  public func contains(_ point: Position) -> Bool {
    var inside = false
    let p = positions
    guard p.count > 3 else { return false }
    var j = p.count - 2
    for i in 0..<(p.count - 1) {
      let a = p[i]
      let b = p[j]
      if (a.latitude > point.latitude) != (b.latitude > point.latitude) {
        let x =
          (b.longitude - a.longitude) * (point.latitude - a.latitude) / (b.latitude - a.latitude)
          + a.longitude
        if point.longitude < x { inside.toggle() }
      }
      j = i
    }
    return inside
  }
}

/// A polygon: one exterior ring and any number of holes.
public struct Polygon: Hashable, Sendable {
  public var exterior: LinearRing
  public var holes: [LinearRing]

  public init(exterior: LinearRing, holes: [LinearRing] = []) {
    self.exterior = exterior
    self.holes = holes
  }

  public func contains(_ point: Position) -> Bool {
    exterior.contains(point) && !holes.contains { $0.contains(point) }
  }
}

/// An axis-aligned box in longitude and latitude.
public struct BoundingBox: Hashable, Sendable {
  public var minLongitude: Double
  public var minLatitude: Double
  public var maxLongitude: Double
  public var maxLatitude: Double

  public func contains(_ p: Position) -> Bool {
    p.longitude >= minLongitude && p.longitude <= maxLongitude && p.latitude >= minLatitude
      && p.latitude <= maxLatitude
  }

  public func union(_ other: BoundingBox) -> BoundingBox {
    BoundingBox(
      minLongitude: min(minLongitude, other.minLongitude),
      minLatitude: min(minLatitude, other.minLatitude),
      maxLongitude: max(maxLongitude, other.maxLongitude),
      maxLatitude: max(maxLatitude, other.maxLatitude))
  }
}

/// One or more polygons; a GeoJSON `Polygon` is read as a multipolygon of one.
public struct MultiPolygon: Hashable, Sendable {
  public var polygons: [Polygon]

  public init(_ polygons: [Polygon]) { self.polygons = polygons }

  public func contains(_ point: Position) -> Bool {
    polygons.contains { $0.contains(point) }
  }

  /// The bounding box of all exterior rings, or `nil` for an empty geometry.
  public var boundingBox: BoundingBox? {
    var box: BoundingBox?
    for polygon in polygons {
      for p in polygon.exterior.positions {
        let b = BoundingBox(
          minLongitude: p.longitude, minLatitude: p.latitude, maxLongitude: p.longitude,
          maxLatitude: p.latitude)
        box = box.map { $0.union(b) } ?? b
      }
    }
    return box
  }
}
