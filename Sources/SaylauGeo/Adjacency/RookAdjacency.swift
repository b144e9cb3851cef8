/// Rook adjacency (a shared border of positive length) between polygonal features, computed in Swift.
///
/// Two passes: **exact** borders are ring segments that two features share vertex for vertex (keyed by
/// coordinates rounded to 1e-7°, the precision of the bundled data); **tolerant** borders catch borders
/// digitised twice without shared vertices: a segment of A counts as shared with B when both its ends lie
/// within `tolerance` metres of B's boundary. The shared length is the larger of the two (tolerant: the
/// mean over both directions). Pairs touching at a point share no length and are not adjacent.
///
/// Both passes are linear in the number of vertices (up to the density of vertices near one point): the
/// exact pass hashes segments, the tolerant pass indexes segments in a grid of cells at least `2·tolerance`
/// and one mean segment long, each segment entered (piece by piece) in the cells within `tolerance` of it,
/// so a vertex meets only the segments of its own cell. A polygon of 200,000 vertices costs about as much as
/// 200,000 vertices spread over many polygons.
public struct RookAdjacency: Sendable {
  public struct Pair: Hashable, Sendable {
    public var a: Int
    public var b: Int
    /// Shared border in metres in the equal-area plane.
    public var sharedMetres: Double
  }

  public var pairs: [Pair]

  /// Computes adjacency of `shapes`. `tolerance` in metres (0: exact only); tolerant-only borders
  /// shorter than `minimumLength` metres are dropped as point contacts. Positions that are not finite
  /// take part in no border.
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
    // Degrees to integer keys; `nil` for a coordinate that is not finite or beyond any map.
    func key(_ degrees: Double) -> Int64? {
      guard degrees.isFinite, abs(degrees) <= 1000 else { return nil }
      return Int64((degrees * 1e7).rounded())
    }
    var firstOwner: [SegKey: Int] = [:]
    for (r, ring) in ringsLL.enumerated() where ring.count > 1 {
      let f = ringOwner[r]
      for i in 0..<(ring.count - 1) {
        guard let px = key(ring[i].longitude), let py = key(ring[i].latitude),
          let qx = key(ring[i + 1].longitude), let qy = key(ring[i + 1].latitude)
        else { continue }
        var p = (px, py)
        var q = (qx, qy)
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
    var tolerant: [Int64: Double] = [:]
    if tolerance > 0 && tolerance.isFinite {
      tolerant = Self.tolerantBorders(
        rings: rings, owner: ringOwner, tolerance: tolerance, pairKey: pairKey)
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

  /// The tolerant pass: for every vertex, the other features whose boundary lies within `tolerance`; a
  /// segment whose two ends are both near feature B adds half its length to the pair (the mean over the two
  /// directions).
  private static func tolerantBorders(
    rings: [[PlanarPoint]], owner ringOwner: [Int], tolerance: Double,
    pairKey: (Int, Int) -> Int64
  ) -> [Int64: Double] {
    // Segments (ring, index) and their mean length, over finite segments only.
    var segRing: [Int32] = []
    var segIndex: [Int32] = []
    var total = 0.0
    for (r, ring) in rings.enumerated() where ring.count > 1 {
      for i in 0..<(ring.count - 1) {
        let a = ring[i]
        let b = ring[i + 1]
        guard usable(a), usable(b) else { continue }
        segRing.append(Int32(r))
        segIndex.append(Int32(i))
        total += dist(a, b)
      }
    }
    guard !segRing.isEmpty else { return [:] }
    // Cells at least two tolerances wide (a vertex then needs only its own cell) and one mean segment long
    // (a segment then crosses few cells); never finer than a metre.
    let cell = max(2 * tolerance, total / Double(segRing.count), 1)
    func cellOf(_ x: Double, _ y: Double) -> Int64 {
      let cx = Int64((x / cell).rounded(.down))
      let cy = Int64((y / cell).rounded(.down))
      return cx << 32 | (cy & 0xFFFF_FFFF)
    }
    // Pass 1: every (cell, segment) entry, with the cells numbered as they are met.
    var cellSlot: [Int64: Int32] = [:]
    var entrySlot: [Int32] = []
    var entrySegment: [Int32] = []
    var slotCount: [Int32] = []
    for s in 0..<segRing.count {
      let ring = rings[Int(segRing[s])]
      let a = ring[Int(segIndex[s])]
      let b = ring[Int(segIndex[s]) + 1]
      let length = dist(a, b)
      let pieces = max(1, Int((length / cell).rounded(.up)))
      var lastSlots: [Int32] = []
      for k in 0..<pieces {
        let t0 = Double(k) / Double(pieces)
        let t1 = Double(k + 1) / Double(pieces)
        let p = PlanarPoint(x: a.x + (b.x - a.x) * t0, y: a.y + (b.y - a.y) * t0)
        let q = PlanarPoint(x: a.x + (b.x - a.x) * t1, y: a.y + (b.y - a.y) * t1)
        let x0 = Int64(((min(p.x, q.x) - tolerance) / cell).rounded(.down))
        let x1 = Int64(((max(p.x, q.x) + tolerance) / cell).rounded(.down))
        let y0 = Int64(((min(p.y, q.y) - tolerance) / cell).rounded(.down))
        let y1 = Int64(((max(p.y, q.y) + tolerance) / cell).rounded(.down))
        var slots: [Int32] = []
        for x in x0...x1 {
          for y in y0...y1 {
            let key = x << 32 | (y & 0xFFFF_FFFF)
            let slot: Int32
            if let known = cellSlot[key] {
              slot = known
            } else {
              slot = Int32(slotCount.count)
              cellSlot[key] = slot
              slotCount.append(0)
            }
            slots.append(slot)
            // Consecutive pieces share cells: enter the segment once per cell.
            if lastSlots.contains(slot) { continue }
            entrySlot.append(slot)
            entrySegment.append(Int32(s))
            slotCount[Int(slot)] += 1
          }
        }
        lastSlots = slots
      }
    }
    // Pass 2: the entries grouped by cell (compressed rows).
    var offsets = [Int](repeating: 0, count: slotCount.count + 1)
    for c in 0..<slotCount.count { offsets[c + 1] = offsets[c] + Int(slotCount[c]) }
    var fill = offsets
    var cellSegments = [Int32](repeating: 0, count: entrySlot.count)
    for e in 0..<entrySlot.count {
      let c = Int(entrySlot[e])
      cellSegments[fill[c]] = entrySegment[e]
      fill[c] += 1
    }
    entrySlot = []
    entrySegment = []
    // For each vertex, the other features within the tolerance; then the segments near one on both ends.
    var tolerant: [Int64: Double] = [:]
    var nearStart: [Int] = []
    var near: [Int32] = []
    for (r, ring) in rings.enumerated() where ring.count > 1 {
      let f = ringOwner[r]
      nearStart.removeAll(keepingCapacity: true)
      near.removeAll(keepingCapacity: true)
      for p in ring {
        nearStart.append(near.count)
        guard usable(p), let c = cellSlot[cellOf(p.x, p.y)] else { continue }
        let first = near.count
        for k in offsets[Int(c)]..<offsets[Int(c) + 1] {
          let s = Int(cellSegments[k])
          let r2 = Int(segRing[s])
          let g = ringOwner[r2]
          if g == f { continue }
          if near[first...].contains(Int32(g)) { continue }
          let i2 = Int(segIndex[s])
          if pointSegmentDistance(p, rings[r2][i2], rings[r2][i2 + 1]) <= tolerance {
            near.append(Int32(g))
          }
        }
      }
      nearStart.append(near.count)
      for i in 0..<(ring.count - 1) where nearStart[i + 1] > nearStart[i] {
        let here = near[nearStart[i]..<nearStart[i + 1]]
        let next = near[nearStart[i + 1]..<nearStart[i + 2]]
        let length = dist(ring[i], ring[i + 1])
        guard length.isFinite else { continue }
        for g in here where next.contains(g) {
          tolerant[pairKey(f, Int(g)), default: 0] += length / 2  // mean of the two directions
        }
      }
    }
    return tolerant
  }
}

/// A projected point the grid can hold: finite and within 10⁹ m of the projection's centre (the Earth is
/// within 2·10⁷ m of any centre).
@inline(__always) func usable(_ p: PlanarPoint) -> Bool {
  p.x.isFinite && p.y.isFinite && abs(p.x) < 1e9 && abs(p.y) < 1e9
}

func pointSegmentDistance(_ p: PlanarPoint, _ a: PlanarPoint, _ b: PlanarPoint) -> Double {
  let dx = b.x - a.x
  let dy = b.y - a.y
  let len2 = dx * dx + dy * dy
  var t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0
  t = max(0, min(1, t))
  return dist(p, PlanarPoint(x: a.x + t * dx, y: a.y + t * dy))
}
