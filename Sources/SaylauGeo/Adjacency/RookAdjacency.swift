/// Rook adjacency (a shared border of positive length) between polygonal features, computed in Swift.
///
/// Two passes: **exact** borders are ring segments that two features share vertex for vertex (keyed by
/// coordinates rounded to 1e-7°, the precision of the bundled data); **tolerant** borders catch borders
/// digitised twice without shared vertices: a segment of A counts as shared with B when both its ends lie
/// within `tolerance` metres of B's boundary. The shared length is the larger of the two (tolerant: the
/// mean over both directions). Pairs touching at a point share no length and are not adjacent.
public struct RookAdjacency: Sendable {
  public struct Pair: Hashable, Sendable {
    public var a: Int
    public var b: Int
    /// Shared border in metres in the equal-area plane.
    public var sharedMetres: Double
  }

  public var pairs: [Pair]

  /// Computes adjacency of `shapes`. `tolerance` in metres (0: exact only); tolerant-only borders
  /// shorter than `minimumLength` metres are dropped as point contacts.
  public init(
    shapes: [MultiPolygon], projection: LambertAzimuthalEqualArea, tolerance: Double = 0,
    minimumLength: Double = 250
  ) {
    // Rings of each feature, projected.
    var rings: [[PlanarPoint]] = []
    var ringsLL: [[Position]] = []
    var ringOwner: [Int] = []
    for (f, shape) in shapes.enumerated() {
      for poly in shape.polygons {
        for ring in [poly.exterior] + poly.holes {
          rings.append(ring.positions.map(projection.project))
          ringsLL.append(ring.positions)
          ringOwner.append(f)
        }
      }
    }
    var exact: [Int64: Double] = [:]  // key a·2^32 + b
    func pairKey(_ a: Int, _ b: Int) -> Int64 { Int64(min(a, b)) << 32 | Int64(max(a, b)) }
    // Exact pass.
    struct SegKey: Hashable {
      var x1: Int64
      var y1: Int64
      var x2: Int64
      var y2: Int64
    }
    var firstOwner: [SegKey: Int] = [:]
    for (r, ring) in ringsLL.enumerated() where ring.count > 1 {
      let f = ringOwner[r]
      for i in 0..<(ring.count - 1) {
        var p = (
          Int64((ring[i].longitude * 1e7).rounded()), Int64((ring[i].latitude * 1e7).rounded())
        )
        var q = (
          Int64((ring[i + 1].longitude * 1e7).rounded()),
          Int64((ring[i + 1].latitude * 1e7).rounded())
        )
        if p == q { continue }
        if (q.0, q.1) < (p.0, p.1) { swap(&p, &q) }
        let key = SegKey(x1: p.0, y1: p.1, x2: q.0, y2: q.1)
        if let g = firstOwner[key] {
          if g != f { exact[pairKey(f, g), default: 0] += dist(rings[r][i], rings[r][i + 1]) }
        } else {
          firstOwner[key] = f
        }
      }
    }
    // Tolerant pass.
    var tolerant: [Int64: Double] = [:]
    if tolerance > 0 {
      let cell = max(tolerance * 40, 1000.0)
      struct Cell: Hashable {
        var x: Int32
        var y: Int32
      }
      var grid: [Cell: [Int32]] = [:]  // segment ids: ring << 20 | index is too small; use a table
      var segRing: [Int32] = []
      var segIndex: [Int32] = []
      for (r, ring) in rings.enumerated() where ring.count > 1 {
        for i in 0..<(ring.count - 1) {
          let id = Int32(segRing.count)
          segRing.append(Int32(r))
          segIndex.append(Int32(i))
          let a = ring[i]
          let b = ring[i + 1]
          let x0 = Int32(((min(a.x, b.x) - tolerance) / cell).rounded(.down))
          let x1 = Int32(((max(a.x, b.x) + tolerance) / cell).rounded(.down))
          let y0 = Int32(((min(a.y, b.y) - tolerance) / cell).rounded(.down))
          let y1 = Int32(((max(a.y, b.y) + tolerance) / cell).rounded(.down))
          if Int(x1 - x0 + 1) * Int(y1 - y0 + 1) > 10_000 { continue }  // absurdly long segment
          for x in x0...x1 { for y in y0...y1 { grid[Cell(x: x, y: y), default: []].append(id) } }
        }
      }
      // For each vertex, which other features' boundaries lie within the tolerance.
      for (r, ring) in rings.enumerated() where ring.count > 1 {
        let f = ringOwner[r]
        var near: [Set<Int>] = []
        near.reserveCapacity(ring.count)
        for p in ring {
          var s = Set<Int>()
          let c = Cell(x: Int32((p.x / cell).rounded(.down)), y: Int32((p.y / cell).rounded(.down)))
          for id in grid[c] ?? [] {
            let r2 = Int(segRing[Int(id)])
            let g = ringOwner[r2]
            if g == f || s.contains(g) { continue }
            let i2 = Int(segIndex[Int(id)])
            if pointSegmentDistance(p, rings[r2][i2], rings[r2][i2 + 1]) <= tolerance {
              s.insert(g)
            }
          }
          near.append(s)
        }
        for i in 0..<(ring.count - 1) where !near[i].isEmpty {
          let len = dist(ring[i], ring[i + 1])
          for g in near[i] where near[i + 1].contains(g) {
            tolerant[pairKey(f, g), default: 0] += len / 2  // mean of the two directions
          }
        }
      }
    }
    var out: [Pair] = []
    for key in Set(exact.keys).union(tolerant.keys) {
      let a = Int(key >> 32)
      let b = Int(key & 0xFFFF_FFFF)
      let e = exact[key] ?? 0
      let t = tolerant[key] ?? 0
      if e > 0 || t >= minimumLength {
        out.append(Pair(a: a, b: b, sharedMetres: max(e, t)))
      }
    }
    pairs = out.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
  }
}

func pointSegmentDistance(_ p: PlanarPoint, _ a: PlanarPoint, _ b: PlanarPoint) -> Double {
  let dx = b.x - a.x
  let dy = b.y - a.y
  let len2 = dx * dx + dy * dy
  var t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0
  t = max(0, min(1, t))
  return dist(p, PlanarPoint(x: a.x + t * dx, y: a.y + t * dy))
}
