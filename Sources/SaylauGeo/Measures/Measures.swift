import Foundation


/// Area, perimeter and the vertices of a shape in the equal-area plane.
public struct ShapeMeasure: Sendable {
  /// Area in m² (holes subtracted).
  public var area: Double
  /// Perimeter in m (all rings, holes included).
  public var perimeter: Double
  /// Convex hull vertices (for the Reock circle).
  public var hull: [PlanarPoint]

  /// Polsby–Popper: 4πA / P² (1 for a circle).
  public var polsbyPopper: Double { perimeter > 0 ? 4 * .pi * area / (perimeter * perimeter) : 0 }

  /// Reock: area over the area of the smallest enclosing circle.
  public var reock: Double {
    let c = minimumEnclosingCircle(hull)
    return c.radius > 0 ? area / (.pi * c.radius * c.radius) : 0
  }

  /// Measures a multipolygon in `projection`.
  public init(_ shape: MultiPolygon, projection: LambertAzimuthalEqualArea) {
    var a = 0.0
    var p = 0.0
    var pts: [PlanarPoint] = []
    for poly in shape.polygons {
      for (r, ring) in ([poly.exterior] + poly.holes).enumerated() {
        let q = ring.positions.map(projection.project)
        var s = 0.0
        for i in 0..<max(0, q.count - 1) {
          s += q[i].x * q[i + 1].y - q[i + 1].x * q[i].y
          p +=
            ((q[i + 1].x - q[i].x) * (q[i + 1].x - q[i].x) + (q[i + 1].y - q[i].y)
              * (q[i + 1].y - q[i].y))
            .squareRoot()
        }
        a += r == 0 ? abs(s) / 2 : -abs(s) / 2
        if r == 0 { pts.append(contentsOf: q) }
      }
    }
    area = a
    perimeter = p
    hull = convexHull(pts)
  }

  /// Combines the measures of units into one district: areas add, shared internal borders
  /// (`internalBorder`, in m, counted once) are removed from the perimeter twice, hulls merge.
  public init(combining parts: [ShapeMeasure], internalBorder: Double) {
    area = parts.reduce(0) { $0 + $1.area }
    perimeter = max(0, parts.reduce(0) { $0 + $1.perimeter } - 2 * internalBorder)
    hull = convexHull(parts.flatMap(\.hull))
  }
}

/// Andrew's monotone chain convex hull (counter-clockwise, no repeated first point).
public func convexHull(_ points: [PlanarPoint]) -> [PlanarPoint] {
  let p = Array(Set(points)).sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
  if p.count < 3 { return p }
  func cross(_ o: PlanarPoint, _ a: PlanarPoint, _ b: PlanarPoint) -> Double {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
  }
  var lower: [PlanarPoint] = []
  for q in p {
    while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], q) <= 0 {
      lower.removeLast()
    }
    lower.append(q)
  }
  var upper: [PlanarPoint] = []
  for q in p.reversed() {
    while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], q) <= 0 {
      upper.removeLast()
    }
    upper.append(q)
  }
  return Array(lower.dropLast() + upper.dropLast())
}

/// The smallest circle enclosing `points` (incremental Welzl-style algorithm over a fixed,
/// well-mixed visiting order; the circle is unique, so the order only affects the running time).
public func minimumEnclosingCircle(_ points: [PlanarPoint]) -> (center: PlanarPoint, radius: Double)
{
  guard !points.isEmpty else { return (PlanarPoint(x: 0, y: 0), 0) }
  let n = points.count
  // A fixed permutation: stride by a number coprime with n.
  var step = max(1, Int(Double(n) * 0.618))
  while gcd(step, n) != 1 { step += 1 }
  let pts = (0..<n).map { points[($0 * step) % n] }
  func circle2(_ a: PlanarPoint, _ b: PlanarPoint) -> (PlanarPoint, Double) {
    let c = PlanarPoint(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
    return (c, dist(c, a))
  }
  func circle3(_ a: PlanarPoint, _ b: PlanarPoint, _ c: PlanarPoint) -> (PlanarPoint, Double) {
    let d = 2 * (a.x * (b.y - c.y) + b.x * (c.y - a.y) + c.x * (a.y - b.y))
    if abs(d) < 1e-12 {
      // Collinear: the widest pair.
      let cands = [circle2(a, b), circle2(a, c), circle2(b, c)]
      return cands.max { $0.1 < $1.1 }!
    }
    let a2 = a.x * a.x + a.y * a.y
    let b2 = b.x * b.x + b.y * b.y
    let c2 = c.x * c.x + c.y * c.y
    let ux = (a2 * (b.y - c.y) + b2 * (c.y - a.y) + c2 * (a.y - b.y)) / d
    let uy = (a2 * (c.x - b.x) + b2 * (a.x - c.x) + c2 * (b.x - a.x)) / d
    let u = PlanarPoint(x: ux, y: uy)
    return (u, dist(u, a))
  }
  func inside(_ c: (PlanarPoint, Double), _ p: PlanarPoint) -> Bool {
    dist(c.0, p) <= c.1 * (1 + 1e-12) + 1e-9
  }
  var c = (pts[0], 0.0)
  for i in 1..<n where !inside(c, pts[i]) {
    c = (pts[i], 0)
    for j in 0..<i where !inside(c, pts[j]) {
      c = circle2(pts[i], pts[j])
      for k in 0..<j where !inside(c, pts[k]) { c = circle3(pts[i], pts[j], pts[k]) }
    }
  }
  return (c.0, c.1)
}

@inline(__always) func dist(_ a: PlanarPoint, _ b: PlanarPoint) -> Double {
  ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
}

func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
