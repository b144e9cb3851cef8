import Foundation
import SaylauCore
import SaylauData
import SaylauGeo
import Testing

@Suite struct ProjectionTests {
  /// Planar area of a ring in projected units (shoelace).
  static func area(_ points: [PlanarPoint]) -> Double {
    var s = 0.0
    for i in points.indices {
      let a = points[i]
      let b = points[(i + 1) % points.count]
      s += a.x * b.y - b.x * a.y
    }
    return abs(s) / 2
  }

  /// The area of a 1° × 1° cell on the sphere, R² Δλ (sin φ₂ − sin φ₁), is kept by the projection at the
  /// south and the north of the country alike.
  @Test(arguments: [41.0, 47.0, 54.0])
  func equalArea(latitude: Double) {
    let p = AlbersConic.kazakhstan
    var ring: [PlanarPoint] = []
    let steps = 50
    for i in 0...steps {
      ring.append(
        p.project(Position(longitude: 60 + Double(i) / Double(steps), latitude: latitude)))
    }
    for i in 0...steps {
      ring.append(
        p.project(Position(longitude: 61 - Double(i) / Double(steps), latitude: latitude + 1)))
    }
    let expected =
      6371.0 * 6371.0 * (Double.pi / 180)
      * (sin((latitude + 1) * .pi / 180) - sin(latitude * .pi / 180))
    #expect(abs(Self.area(ring) - expected) / expected < 1e-4)
  }

  @Test func originAndCentralMeridian() {
    let p = AlbersConic.kazakhstan
    let o = p.project(Position(longitude: 67, latitude: 48))
    #expect(abs(o.x) < 1e-9 && abs(o.y) < 1e-9)
    let north = p.project(Position(longitude: 67, latitude: 55))
    #expect(abs(north.x) < 1e-9 && north.y > 700 && north.y < 800)  // 7° of latitude ≈ 778 km
  }

  /// The projected area of all units is Kazakhstan's area: 2,724,900 km² (official figure, which includes
  /// inland waters) within 1.5%; a wrong projection or a broken reader fails this.
  @Test func countryArea() throws {
    let p = AlbersConic.kazakhstan
    var total = 0.0
    for feature in try BundledData.unitFeatures() {
      for polygon in feature.geometry.polygons {
        total += Self.area(polygon.exterior.positions.map(p.project))
        for hole in polygon.holes { total -= Self.area(hole.positions.map(p.project)) }
      }
    }
    #expect(abs(total - 2_724_900) / 2_724_900 < 0.015, "projected area \(Int(total)) km²")
  }

  @Test func screenFitKeepsAspectAndFlipsY() {
    let fit = ScreenFit(
      minX: 0, minY: 0, maxX: 200, maxY: 100, left: 10, top: 20, width: 400, height: 400)
    let a = fit.apply(PlanarPoint(x: 0, y: 100))
    let b = fit.apply(PlanarPoint(x: 200, y: 0))
    #expect(a.x == 10 && b.x == 410)
    #expect(abs((b.y - a.y) - 200) < 1e-9)  // scale 2 on both axes
    #expect(a.y < b.y)  // north is up
  }
}

@Suite struct TopologyTests {
  static func square(_ x: Double, _ y: Double, _ size: Double = 1) -> LinearRing {
    LinearRing([
      Position(longitude: x, latitude: y), Position(longitude: x + size, latitude: y),
      Position(longitude: x + size, latitude: y + size), Position(longitude: x, latitude: y + size),
      Position(longitude: x, latitude: y),
    ])
  }

  @Test func sharedEdgeIsStoredOnceAndDissolves() {
    let a = MultiPolygon([Polygon(exterior: Self.square(0, 0))])
    let b = MultiPolygon([Polygon(exterior: Self.square(1, 0))])
    let t = PolygonTopology(features: [a, b])
    let shared = t.arcs.indices.filter { t.arcFeatures[$0].count == 2 }
    #expect(shared.count == 1)
    #expect(t.arcs[shared[0]].count == 2)  // the edge x = 1
    // Same group: the shared edge is dissolved away; different groups: it is a boundary.
    #expect(!t.boundaryArcs { _ in "g" }.contains(shared[0]))
    #expect(t.boundaryArcs { "g\($0)" }.contains(shared[0]))
    #expect(t.outerArcs.count == t.arcs.count - 1)
  }

  @Test func enclaveSharesOneClosedArcWithItsHole() {
    // RFC 7946: holes run clockwise.
    let hole = LinearRing(Self.square(4, 4, 2).positions.reversed())
    let outer = MultiPolygon([Polygon(exterior: Self.square(0, 0, 10), holes: [hole])])
    let inner = MultiPolygon([Polygon(exterior: Self.square(4, 4, 2))])
    let t = PolygonTopology(features: [outer, inner])
    #expect(t.arcs.count == 2)
    let holeRefs = t.rings[0][0][1]
    let enclave = t.rings[1][0][0]
    #expect(holeRefs.count == 1 && enclave.count == 1)
    #expect(holeRefs[0].index == enclave[0].index)
    #expect(holeRefs[0].reversed != enclave[0].reversed)  // walked in opposite directions
  }

  static func ring(_ points: [(Double, Double)]) -> LinearRing {
    LinearRing((points + [points[0]]).map { Position(longitude: $0.0, latitude: $0.1) })
  }

  /// A border digitised twice, 11 m apart, is matched as shared; 1 km apart it is not. Units above and
  /// below make the stretch an arc of its own, as triple junctions do in real data.
  @Test func nearlySharedBorders() {
    func layout(offset x: Double) -> PolygonTopology {
      let a = Self.ring([(0, 0), (1, 0), (1, 1), (0, 1)])
      let b = Self.ring([(x, 0), (2, 0), (2, 1), (x, 1), (x, 0.5)])
      let top = Self.ring([(0, 1), (1, 1), (x, 1), (2, 1), (2, 2), (0, 2)])
      let bottom = Self.ring([(0, -1), (2, -1), (2, 0), (x, 0), (1, 0), (0, 0)])
      var t = PolygonTopology(
        features: [a, b, top, bottom].map { MultiPolygon([Polygon(exterior: $0)]) })
      t.matchNearlySharedArcs()
      return t
    }
    let near = layout(offset: 1.0001)
    let between = near.arcs.indices.filter { Set(near.arcFeatures[$0]) == [0, 1] }
    #expect(between.count == 2)  // a's right edge and b's left edge, each matched to the other
    // Dissolving a and b together leaves no line between them.
    let boundary = near.boundaryArcs { $0 < 2 ? "ab" : "other\($0)" }
    // (The 11 m slivers' ends at the top and bottom edges remain, as they should.)
    #expect(
      !boundary.contains { arc in
        near.arcs[arc].allSatisfy { $0.longitude > 0.99 && $0.longitude < 1.01 }
          && near.arcs[arc].contains { $0.latitude > 0.01 && $0.latitude < 0.99 }
      })
    let far = layout(offset: 1.01)
    #expect(!far.arcFeatures.contains { Set($0) == [0, 1] })
  }

  @Test func simplifierKeepsEndsAndFarPoints() {
    let line = [
      PlanarPoint(x: 0, y: 0), PlanarPoint(x: 1, y: 0.05), PlanarPoint(x: 2, y: 3),
      PlanarPoint(x: 3, y: 0.02),
      PlanarPoint(x: 4, y: 0),
    ]
    // (1, 0.05) is 0.8 from the chord to (2, 3).
    let simple = LineSimplifier.simplify(line, tolerance: 1.0)
    #expect(simple == [line[0], line[2], line[4]])
  }
}
