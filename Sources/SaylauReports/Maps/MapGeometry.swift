import Foundation
import SaylauGeo

/// One administrative unit of the map and the constituencies it belongs to.
public struct MapUnit: Sendable, Hashable {
  /// The geometry's code (kz_adm2 `code`, e.g. `KZ791310`).
  public var code: String
  public var name: String
  /// The region (registry code, e.g. `shymkent`); used for region borders and city insets.
  public var regionCode: String
  /// Constituency numbers: one for a unit wholly in a constituency, two or more for a unit split between
  /// them with no published line (drawn hatched), none for a unit that no constituency of the data covers.
  public var constituencies: [Int]
  public var geometry: MultiPolygon

  public init(
    code: String, name: String, regionCode: String, constituencies: [Int], geometry: MultiPolygon
  ) {
    self.code = code
    self.name = name
    self.regionCode = regionCode
    self.constituencies = constituencies
    self.geometry = geometry
  }

  /// The dissolve group: the constituency number, `6+7` for a split unit, `nil` if unassigned.
  var group: String? {
    constituencies.isEmpty ? nil : constituencies.sorted().map(String.init).joined(separator: "+")
  }
}

/// A city drawn again at a larger scale beside the main map.
public struct MapInset: Sendable, Hashable {
  public var title: String
  /// The region code whose units the inset shows.
  public var regionCode: String

  public init(title: String, regionCode: String) {
    self.title = title
    self.regionCode = regionCode
  }

  /// Almaty, Astana and Shymkent: their constituencies are a few pixels wide at the country's scale.
  public static let cities = [
    MapInset(title: "Astana", regionCode: "astana"),
    MapInset(title: "Almaty", regionCode: "almaty_city"),
    MapInset(title: "Shymkent", regionCode: "shymkent"),
  ]
}

/// The map's geometry prepared once: the topology of all units (shared borders stored once, nearly-shared
/// borders matched), projected to the Albers equal-area conic. Renderers reuse it for every map.
public struct MapGeometry: Sendable {
  public let units: [MapUnit]
  public let topology: PolygonTopology
  /// Each arc in projected kilometres.
  let projectedArcs: [[PlanarPoint]]
  /// Arcs matched as nearly shared (borders digitised twice), for the record.
  public let nearlySharedArcs: Int

  public init(units: [MapUnit], projection: AlbersConic = .kazakhstan) {
    self.units = units
    var topology = PolygonTopology(features: units.map(\.geometry))
    nearlySharedArcs = topology.matchNearlySharedArcs()
    self.topology = topology
    projectedArcs = topology.arcs.map { $0.map(projection.project) }
  }

  /// Constituency numbers present, ascending.
  public var constituencyNumbers: [Int] {
    Array(Set(units.flatMap(\.constituencies))).sorted()
  }

  /// The projected bounding box of the given units (all when `nil`).
  func bounds(of unitIndices: [Int]?) -> (minX: Double, minY: Double, maxX: Double, maxY: Double) {
    var minX = Double.infinity
    var minY = Double.infinity
    var maxX = -Double.infinity
    var maxY = -Double.infinity
    let indices = unitIndices ?? Array(units.indices)
    for u in indices {
      for polygon in topology.rings[u] {
        guard let exterior = polygon.first else { continue }
        for ref in exterior {
          for p in projectedArcs[ref.index] {
            minX = min(minX, p.x)
            maxX = max(maxX, p.x)
            minY = min(minY, p.y)
            maxY = max(maxY, p.y)
          }
        }
      }
    }
    return (minX, minY, maxX, maxY)
  }
}

/// The map geometry in one frame (a screen fit), with arcs simplified and rounded to tenths of a pixel.
struct MapFrame {
  let geometry: MapGeometry
  let fit: ScreenFit
  /// Arcs in integer tenths of a pixel; `nil` for arcs not used in this frame.
  var arcs: [[(Int, Int)]?]

  init(geometry: MapGeometry, fit: ScreenFit, unitIndices: [Int], tolerance: Double) {
    self.geometry = geometry
    self.fit = fit
    var arcs = [[(Int, Int)]?](repeating: nil, count: geometry.projectedArcs.count)
    for u in unitIndices {
      for polygon in geometry.topology.rings[u] {
        for ring in polygon {
          for ref in ring where arcs[ref.index] == nil {
            let screen = geometry.projectedArcs[ref.index].map(fit.apply)
            let simple = LineSimplifier.simplify(screen, tolerance: tolerance)
            var tenths: [(Int, Int)] = []
            for p in simple {
              let t = (Int((p.x * 10).rounded()), Int((p.y * 10).rounded()))
              if let last = tenths.last, last == t { continue }
              tenths.append(t)
            }
            if tenths.count == 1 { tenths.append(tenths[0]) }
            arcs[ref.index] = tenths
          }
        }
      }
    }
    self.arcs = arcs
  }

  /// A ring's points in tenths, arcs joined.
  func points(of refs: [ArcReference]) -> [(Int, Int)] {
    var out: [(Int, Int)] = []
    for ref in refs {
      guard let arc = arcs[ref.index] else { continue }
      let points = ref.reversed ? Array(arc.reversed()) : arc
      for p in points {
        if let last = out.last, last == p { continue }
        out.append(p)
      }
    }
    if out.count > 1, let first = out.first, let last = out.last, first == last { out.removeLast() }
    return out
  }

  /// Path data (`M…l…z` per ring) for the given units, dropping rings that collapsed below three points.
  func pathData(units: [Int]) -> String {
    var d = ""
    for u in units {
      for polygon in geometry.topology.rings[u] {
        for ring in polygon {
          let points = points(of: ring)
          guard points.count >= 3 else { continue }
          d += PathWriter.closed(points)
        }
      }
    }
    return d
  }

  /// Path data for open arcs (borders).
  func pathData(arcs indices: [Int]) -> String {
    var d = ""
    for a in indices {
      guard let arc = arcs[a], arc.count >= 2 else { continue }
      d += PathWriter.open(arc)
    }
    return d
  }

  /// Screen-space rings (pixels) of the given units, for label placement.
  func polygons(units: [Int]) -> [[[PlanarPoint]]] {
    var out: [[[PlanarPoint]]] = []
    for u in units {
      for polygon in geometry.topology.rings[u] {
        let rings = polygon.map {
          points(of: $0).map { PlanarPoint(x: Double($0.0) / 10, y: Double($0.1) / 10) }
        }
        if let first = rings.first, first.count >= 3 { out.append(rings.filter { $0.count >= 3 }) }
      }
    }
    return out
  }
}

/// Writes compact SVG path data from points in integer tenths of a pixel: an absolute move, then
/// relative line segments, numbers without leading zeros and without separators before minus signs.
enum PathWriter {
  static func tenths(_ v: Int) -> String {
    let negative = v < 0
    let m = negative ? -v : v
    var s =
      m % 10 == 0
      ? String(m / 10) : (m < 10 ? "." + String(m) : String(m / 10) + "." + String(m % 10))
    if negative { s = "-" + s }
    return s
  }

  static func append(_ out: inout String, _ value: Int) {
    let text = tenths(value)
    if !(out.last == "M" || out.last == "l" || text.hasPrefix("-")) { out += " " }
    out += text
  }

  static func open(_ points: [(Int, Int)]) -> String {
    var out = "M"
    append(&out, points[0].0)
    append(&out, points[0].1)
    out += "l"
    for i in 1..<points.count {
      append(&out, points[i].0 - points[i - 1].0)
      append(&out, points[i].1 - points[i - 1].1)
    }
    return out
  }

  static func closed(_ points: [(Int, Int)]) -> String { open(points) + "z" }
}

/// Finds a point well inside a polygon for a label: the grid point farthest from the boundary, refined
/// twice around the best point (a deterministic cousin of the "pole of inaccessibility").
enum LabelPlacer {
  static func point(in polygons: [[[PlanarPoint]]]) -> PlanarPoint? {
    // The largest polygon by area.
    func area(_ ring: [PlanarPoint]) -> Double {
      var s = 0.0
      for i in ring.indices {
        let a = ring[i]
        let b = ring[(i + 1) % ring.count]
        s += a.x * b.y - b.x * a.y
      }
      return abs(s) / 2
    }
    guard let polygon = polygons.max(by: { area($0[0]) < area($1[0]) }) else { return nil }
    let exterior = polygon[0]
    func inside(_ p: PlanarPoint) -> Bool {
      var count = 0
      for ring in polygon {
        var j = ring.count - 1
        for i in ring.indices {
          let a = ring[i]
          let b = ring[j]
          if (a.y > p.y) != (b.y > p.y) {
            let x = (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x
            if p.x < x { count += 1 }
          }
          j = i
        }
      }
      return count % 2 == 1
    }
    var minX = Double.infinity
    var minY = Double.infinity
    var maxX = -Double.infinity
    var maxY = -Double.infinity
    for p in exterior {
      minX = min(minX, p.x)
      maxX = max(maxX, p.x)
      minY = min(minY, p.y)
      maxY = max(maxY, p.y)
    }
    var best: PlanarPoint?
    var bestScore = -1.0
    var cx = (minX + maxX) / 2
    var cy = (minY + maxY) / 2
    var halfW = (maxX - minX) / 2
    var halfH = (maxY - minY) / 2
    for _ in 0..<3 {
      let steps = 16
      for i in 0...steps {
        for j in 0...steps {
          let p = PlanarPoint(
            x: cx - halfW + 2 * halfW * Double(i) / Double(steps),
            y: cy - halfH + 2 * halfH * Double(j) / Double(steps))
          guard inside(p) else { continue }
          let score = segmentClearance(p, polygon)
          if score > bestScore {
            bestScore = score
            best = p
          }
        }
      }
      guard let b = best else { break }
      cx = b.x
      cy = b.y
      halfW /= 4
      halfH /= 4
    }
    return best ?? exterior.first
  }

  /// Distance from `p` to the nearest boundary segment.
  static func segmentClearance(_ p: PlanarPoint, _ polygon: [[PlanarPoint]]) -> Double {
    var best = Double.infinity
    for ring in polygon {
      for i in ring.indices {
        let a = ring[i]
        let b = ring[(i + 1) % ring.count]
        let dx = b.x - a.x
        let dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        var t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0
        t = max(0, min(1, t))
        let ex = a.x + t * dx - p.x
        let ey = a.y + t * dy - p.y
        best = min(best, ex * ex + ey * ey)
      }
    }
    return best.squareRoot()
  }
}

extension MapGeometry {
  /// The area-weighted centroid, in projected kilometres, of the units wholly in constituency `number`
  /// (split units left out: their share is unknown).
  public func centroid(ofConstituency number: Int) -> PlanarPoint? {
    var area = 0.0
    var cx = 0.0
    var cy = 0.0
    for (u, unit) in units.enumerated() where unit.constituencies == [number] {
      for polygon in topology.rings[u] {
        for ring in polygon {
          var points: [PlanarPoint] = []
          for ref in ring {
            let arc = ref.reversed ? projectedArcs[ref.index].reversed() : projectedArcs[ref.index]
            points.append(contentsOf: points.isEmpty ? arc[...] : arc.dropFirst())
          }
          guard points.count >= 3 else { continue }
          for i in 0..<(points.count - 1) {
            let a = points[i]
            let b = points[i + 1]
            let cross = a.x * b.y - b.x * a.y
            area += cross
            cx += (a.x + b.x) * cross
            cy += (a.y + b.y) * cross
          }
        }
      }
    }
    guard area != 0 else { return nil }
    return PlanarPoint(x: cx / (3 * area), y: cy / (3 * area))
  }

  /// The compass direction (eight points) from constituency `from` to `to`, by their centroids on the
  /// equal-area map: "north", "north-east", …
  public func direction(from: Int, to: Int) -> String? {
    guard let a = centroid(ofConstituency: from), let b = centroid(ofConstituency: to) else {
      return nil
    }
    let angle = atan2(b.y - a.y, b.x - a.x) * 180 / .pi  // 0 = east, counter-clockwise
    let names = [
      "east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east",
    ]
    let index = Int(((angle + 360 + 22.5).truncatingRemainder(dividingBy: 360)) / 45) % 8
    return names[index]
  }
}

extension MapGeometry {
  /// Regions sharing a border (an arc between units of two regions), by region code.
  public var regionNeighbours: [String: Set<String>] {
    var out: [String: Set<String>] = [:]
    for features in topology.arcFeatures where features.count >= 2 {
      let regions = Set(features.map { units[$0].regionCode })
      for a in regions { for b in regions where a != b { out[a, default: []].insert(b) } }
    }
    return out
  }
}
