/// A reference to an arc of a ``PolygonTopology``, walked forwards or backwards.
public struct ArcReference: Hashable, Sendable {
  public var index: Int
  public var reversed: Bool
}

/// Polygons broken into shared arcs, so that borders between neighbouring units are stored once.
///
/// This is what makes dissolving and simplifying safe:
/// - **Dissolve.** Units are merged into groups (constituencies, regions) by dropping the arcs whose two
///   sides lie in the same group; the arcs left are the group's boundary. Nothing is recomputed, so the
///   result is exact wherever the source shares vertices (537 of the 539 neighbouring pairs of the bundled
///   geometry do, see `geo/README.md`).
/// - **Simplification.** Each arc is simplified once and both neighbours use the same points, so no gaps
///   or overlaps appear between units after simplification.
///
/// Nodes (where arcs start and end) are the vertices whose set of distinct neighbouring vertices over all
/// rings does not have exactly two members: junctions of three or more units, pinch points, and the points
/// where a shared border ends. A ring with no node (an island, or an enclave and the hole it fills) is one
/// closed arc that starts at its smallest vertex and runs towards the smaller of that vertex's neighbours,
/// so both rings that use it find the same arc.
public struct PolygonTopology: Sendable {
  /// The arcs, each a polyline of at least two positions (a closed arc repeats its first position).
  public private(set) var arcs: [[Position]]
  /// For each feature: polygons, each a list of rings (the exterior first), each a list of arc references.
  public private(set) var rings: [[[[ArcReference]]]]
  /// The features on each side of each arc: one for an outer border, two for a shared one. Features
  /// matched by ``matchNearlySharedArcs(tolerance:minimumShare:)`` are added here too.
  public private(set) var arcFeatures: [[Int]]

  /// Builds the topology of `features` (in order; indices are feature numbers).
  public init(features: [MultiPolygon]) {
    // Clean rings: no repeated consecutive positions, no closing repeat.
    let cleaned: [[[[Position]]]] = features.map { feature in
      feature.polygons.map { polygon in
        ([polygon.exterior] + polygon.holes).compactMap { ring -> [Position]? in
          var out: [Position] = []
          out.reserveCapacity(ring.positions.count)
          for p in ring.positions where out.last != p { out.append(p) }
          if out.count > 1 && out.first == out.last { out.removeLast() }
          return out.count >= 3 ? out : nil
        }
      }
    }
    var neighbours: [Position: [Position]] = [:]
    func link(_ a: Position, _ b: Position) {
      if !(neighbours[a, default: []].contains(b)) { neighbours[a, default: []].append(b) }
    }
    for feature in cleaned {
      for polygon in feature {
        for ring in polygon {
          for i in ring.indices {
            let next = ring[(i + 1) % ring.count]
            link(ring[i], next)
            link(next, ring[i])
          }
        }
      }
    }
    func isNode(_ p: Position) -> Bool { neighbours[p]?.count != 2 }
    func less(_ a: Position, _ b: Position) -> Bool {
      a.longitude != b.longitude ? a.longitude < b.longitude : a.latitude < b.latitude
    }
    struct DirectedEdge: Hashable {
      var from: Position
      var to: Position
    }

    var arcs: [[Position]] = []
    var arcFeatures: [[Int]] = []
    var lookup: [DirectedEdge: ArcReference] = [:]
    func reference(for chain: [Position], feature: Int) -> ArcReference {
      let key = DirectedEdge(from: chain[0], to: chain[1])
      let found: ArcReference
      if let existing = lookup[key] {
        found = existing
      } else {
        let index = arcs.count
        arcs.append(chain)
        arcFeatures.append([])
        lookup[key] = ArcReference(index: index, reversed: false)
        let back = DirectedEdge(from: chain[chain.count - 1], to: chain[chain.count - 2])
        if lookup[back] == nil { lookup[back] = ArcReference(index: index, reversed: true) }
        found = ArcReference(index: index, reversed: false)
      }
      if !arcFeatures[found.index].contains(feature) { arcFeatures[found.index].append(feature) }
      return found
    }

    var rings: [[[[ArcReference]]]] = []
    for (featureIndex, feature) in cleaned.enumerated() {
      var polygons: [[[ArcReference]]] = []
      for polygon in feature {
        var refs: [[ArcReference]] = []
        for ring in polygon {
          let nodes = ring.indices.filter { isNode(ring[$0]) }
          var ringRefs: [ArcReference] = []
          if nodes.isEmpty {
            // One closed arc from the smallest vertex towards its smaller neighbour.
            var start = 0
            for i in ring.indices where less(ring[i], ring[start]) { start = i }
            let next = ring[(start + 1) % ring.count]
            let previous = ring[(start + ring.count - 1) % ring.count]
            var chain: [Position] = []
            if less(next, previous) {
              for k in 0...ring.count { chain.append(ring[(start + k) % ring.count]) }
            } else {
              for k in 0...ring.count {
                chain.append(ring[(start - k + ring.count * 2) % ring.count])
              }
            }
            var r = reference(for: chain, feature: featureIndex)
            if !less(next, previous) { r.reversed.toggle() }
            ringRefs.append(r)
          } else {
            for (k, startIndex) in nodes.enumerated() {
              let endIndex = k + 1 < nodes.count ? nodes[k + 1] : nodes[0] + ring.count
              var chain: [Position] = []
              for i in startIndex...endIndex { chain.append(ring[i % ring.count]) }
              ringRefs.append(reference(for: chain, feature: featureIndex))
            }
          }
          refs.append(ringRefs)
        }
        polygons.append(refs)
      }
      rings.append(polygons)
    }
    self.arcs = arcs
    self.rings = rings
    self.arcFeatures = arcFeatures
  }

  /// Pairs up borders that two neighbours digitised separately (without shared vertices, offsets of a few
  /// tens of metres). An arc with one feature on it counts as shared when at least `minimumShare` of its
  /// vertices and segment midpoints lie within `tolerance` degrees of other features' boundaries; it is
  /// then shared with the feature that most of them lie near. The stretch must be an arc of its own
  /// (bounded by nodes, as borders between triple junctions are); two units that share no vertex at all
  /// keep both lines. Without
  /// this, such a border inside one constituency would be drawn as if it were a constituency border.
  /// Returns how many arcs were matched.
  @discardableResult
  public mutating func matchNearlySharedArcs(tolerance: Double = 0.001, minimumShare: Double = 0.8)
    -> Int
  {
    let cell = 0.02
    struct Cell: Hashable {
      var x: Int
      var y: Int
    }
    func cellOf(_ p: Position) -> Cell {
      Cell(x: Int((p.longitude / cell).rounded(.down)), y: Int((p.latitude / cell).rounded(.down)))
    }
    // Segments of every arc, indexed by every cell of their bounding box (the tolerance is far below
    // the cell size, so the 3×3 neighbourhood of a point's cell holds every segment near it).
    var grid: [Cell: [(arc: Int, segment: Int)]] = [:]
    for (a, arc) in arcs.enumerated() {
      for s in 0..<(arc.count - 1) {
        let c1 = cellOf(arc[s])
        let c2 = cellOf(arc[s + 1])
        for x in min(c1.x, c2.x)...max(c1.x, c2.x) {
          for y in min(c1.y, c2.y)...max(c1.y, c2.y) {
            grid[Cell(x: x, y: y), default: []].append((a, s))
          }
        }
      }
    }
    func distance(_ p: Position, _ a: Position, _ b: Position) -> Double {
      let dx = b.longitude - a.longitude
      let dy = b.latitude - a.latitude
      let len2 = dx * dx + dy * dy
      var t =
        len2 > 0 ? ((p.longitude - a.longitude) * dx + (p.latitude - a.latitude) * dy) / len2 : 0
      t = max(0, min(1, t))
      let ex = a.longitude + t * dx - p.longitude
      let ey = a.latitude + t * dy - p.latitude
      return (ex * ex + ey * ey).squareRoot()
    }
    var matched = 0
    for (a, arc) in arcs.enumerated() where arcFeatures[a].count == 1 && arc.count >= 2 {
      let own = arcFeatures[a][0]
      var hits: [Int: Int] = [:]
      var covered = 0
      // Vertices and segment midpoints: a two-point arc between shared nodes is decided by its middle.
      var samples = arc
      for s in 0..<(arc.count - 1) {
        samples.append(
          Position(
            longitude: (arc[s].longitude + arc[s + 1].longitude) / 2,
            latitude: (arc[s].latitude + arc[s + 1].latitude) / 2))
      }
      for p in samples {
        let c = cellOf(p)
        var near: Set<Int> = []
        for dx in -1...1 {
          for dy in -1...1 {
            for (other, s) in grid[Cell(x: c.x + dx, y: c.y + dy)] ?? [] where other != a {
              let otherArc = arcs[other]
              if distance(p, otherArc[s], otherArc[s + 1]) <= tolerance {
                for f in arcFeatures[other] where f != own { near.insert(f) }
              }
            }
          }
        }
        for f in near { hits[f, default: 0] += 1 }
        if !near.isEmpty { covered += 1 }
      }
      // Enough of the arc runs along other features' borders; it sides with the one it follows
      // longest (a border digitised in pieces can follow two features' edges at a junction).
      guard Double(covered) >= Double(samples.count) * minimumShare else { continue }
      if let best = hits.max(by: {
        $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key
      }) {
        arcFeatures[a].append(best.key)
        matched += 1
      }
    }
    return matched
  }

  /// The arcs that separate different groups, or lie on the outer edge of the grouped area: the boundary
  /// left after dissolving features into `group(feature)`. Features whose group is `nil` count as their
  /// own group each. Returned in arc order.
  public func boundaryArcs(group: (Int) -> String?) -> [Int] {
    arcs.indices.filter { a in
      let features = arcFeatures[a]
      if features.count < 2 { return true }
      let groups = features.map { group($0) ?? "#feature-\($0)" }
      return Set(groups).count > 1
    }
  }

  /// The arcs on the outer edge of all features together (one feature on them).
  public var outerArcs: [Int] { arcs.indices.filter { arcFeatures[$0].count < 2 } }
}

/// Douglas–Peucker simplification of planar polylines.
public enum LineSimplifier {
  /// Keeps the end points and every point farther than `tolerance` from the chord of its stretch.
  /// Deterministic: ties keep the first farthest point.
  public static func simplify(_ points: [PlanarPoint], tolerance: Double) -> [PlanarPoint] {
    guard points.count > 2 else { return points }
    var keep = [Bool](repeating: false, count: points.count)
    keep[0] = true
    keep[points.count - 1] = true
    var stack = [(0, points.count - 1)]
    while let (first, last) = stack.popLast() {
      guard last > first + 1 else { continue }
      var farthest = -1
      var maxDistance = tolerance
      for i in (first + 1)..<last {
        let d = distance(points[i], points[first], points[last])
        if d > maxDistance {
          maxDistance = d
          farthest = i
        }
      }
      if farthest >= 0 {
        keep[farthest] = true
        stack.append((first, farthest))
        stack.append((farthest, last))
      }
    }
    return points.indices.filter { keep[$0] }.map { points[$0] }
  }

  static func distance(_ p: PlanarPoint, _ a: PlanarPoint, _ b: PlanarPoint) -> Double {
    let dx = b.x - a.x
    let dy = b.y - a.y
    let len2 = dx * dx + dy * dy
    if len2 == 0 { return ((p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y)).squareRoot() }
    return abs(dx * (a.y - p.y) - dy * (a.x - p.x)) / len2.squareRoot()
  }
}
