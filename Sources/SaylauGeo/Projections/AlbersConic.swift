import Foundation

/// A point in a projected plane (kilometres for ``AlbersConic``, pixels after a ``ScreenFit``).
public struct PlanarPoint: Hashable, Sendable {
  public var x: Double
  public var y: Double

  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// Albers equal-area conic projection on a sphere of radius 6371 km.
///
/// Areas are true everywhere, which a choropleth needs (a Mercator map would make the northern
/// constituencies look half as large again as southern ones of the same size). The defaults are fitted to
/// Kazakhstan (40.6°–55.4° N, 46.5°–87.3° E): central meridian 67° E, origin latitude 48° N, and standard
/// parallels 43° N and 53° N by the one-sixth rule (each one sixth of the latitude range inside its edge),
/// which keeps the scale error under about 1.5% over the country. The spherical formulas (Snyder, *Map
/// Projections: A Working Manual*, USGS PP 1395, eqs. 14-1 to 14-4) differ from the ellipsoidal ones by
/// well under a pixel at the scales drawn here.
public struct AlbersConic: Sendable, Hashable {
  public var centralMeridian: Double
  public var originLatitude: Double
  public var standardParallel1: Double
  public var standardParallel2: Double
  static let earthRadiusKm = 6371.0

  private let n: Double
  private let c: Double
  private let rho0: Double

  /// The projection fitted to Kazakhstan.
  public static let kazakhstan = AlbersConic(
    centralMeridian: 67, originLatitude: 48, standardParallel1: 43, standardParallel2: 53)

  public init(
    centralMeridian: Double, originLatitude: Double, standardParallel1: Double,
    standardParallel2: Double
  ) {
    self.centralMeridian = centralMeridian
    self.originLatitude = originLatitude
    self.standardParallel1 = standardParallel1
    self.standardParallel2 = standardParallel2
    let phi1 = standardParallel1 * .pi / 180
    let phi2 = standardParallel2 * .pi / 180
    let phi0 = originLatitude * .pi / 180
    n = (sin(phi1) + sin(phi2)) / 2
    c = cos(phi1) * cos(phi1) + 2 * n * sin(phi1)
    rho0 = (c - 2 * n * sin(phi0)).squareRoot() / n
  }

  /// Projects to kilometres east (x) and north (y) of the origin.
  public func project(_ p: Position) -> PlanarPoint {
    let phi = p.latitude * .pi / 180
    let theta = n * (p.longitude - centralMeridian) * .pi / 180
    let rho = (c - 2 * n * sin(phi)).squareRoot() / n
    return PlanarPoint(
      x: Self.earthRadiusKm * rho * sin(theta), y: Self.earthRadiusKm * (rho0 - rho * cos(theta)))
  }
}

/// A uniform scale and translation taking projected kilometres to screen pixels (y down), fitted so a
/// box of projected points fills a target rectangle, centred, without distortion.
public struct ScreenFit: Sendable, Hashable {
  public var scale: Double
  public var offsetX: Double
  public var offsetY: Double

  /// Fits the projected box `minX...maxX × minY...maxY` into the rectangle at (`left`, `top`) of size
  /// `width` × `height`.
  public init(
    minX: Double, minY: Double, maxX: Double, maxY: Double, left: Double, top: Double,
    width: Double,
    height: Double
  ) {
    let w = max(maxX - minX, 1e-9)
    let h = max(maxY - minY, 1e-9)
    scale = min(width / w, height / h)
    offsetX = left + (width - w * scale) / 2 - minX * scale
    // y is flipped: maxY goes to the top edge.
    offsetY = top + (height - h * scale) / 2 + maxY * scale
  }

  public func apply(_ p: PlanarPoint) -> PlanarPoint {
    PlanarPoint(x: offsetX + p.x * scale, y: offsetY - p.y * scale)
  }
}

