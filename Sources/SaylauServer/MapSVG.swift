import Foundation
import SaylauGeo
import SaylauReports
import SaylauStore

/// The unit polygons projected once into SVG path data; maps are then coloured per request.
struct MapGeometry: Sendable {
  struct Piece: Sendable {
    var geoCode: String
    var name: String
    var unitCodes: [String]
    var path: String
  }

  let width: Double
  let height: Double
  let pieces: [Piece]
  let regionOutlines: [String]
  private let project: @Sendable (Position) -> (Double, Double)

  init(atlas: Atlas, width: Double = 960) {
    var b = (minLongitude: 46.0, minLatitude: 40.0, maxLongitude: 88.0, maxLatitude: 56.0)
    if let first = atlas.shapes.first?.box {
      let all = atlas.shapes.dropFirst().reduce(first) { $0.union($1.box) }
      b = (all.minLongitude, all.minLatitude, all.maxLongitude, all.maxLatitude)
    }
    // Equirectangular with the longitude scaled by cos(mid-latitude): close enough for a locator map.
    let k = cos((b.minLatitude + b.maxLatitude) / 2 * .pi / 180)
    let scale = width / ((b.maxLongitude - b.minLongitude) * k)
    let height = (b.maxLatitude - b.minLatitude) * scale
    let box = b
    let project: @Sendable (Position) -> (Double, Double) = { p in
      let b = box
      return ((p.longitude - b.minLongitude) * k * scale, (b.maxLatitude - p.latitude) * scale)
    }
    self.width = width
    self.height = height
    self.project = project
    pieces = atlas.shapes.map { shape in
      Piece(
        geoCode: shape.geoCode, name: shape.name, unitCodes: shape.unitCodes,
        path: Self.path(shape.geometry, project))
    }
    regionOutlines = atlas.regionShapes.map { Self.path($0.geometry, project) }
  }

  /// Path data in whole pixels; points that round to the previous one are dropped (the geometry has far
  /// more detail than a 960-pixel map shows, and the page stays small enough for a phone).
  static func path(_ geometry: MultiPolygon, _ project: (Position) -> (Double, Double)) -> String {
    var out = ""
    for polygon in geometry.polygons {
      for ring in [polygon.exterior] + polygon.holes {
        var last: (Int, Int)?
        var count = 0
        var ringPath = ""
        for p in ring.positions {
          let (x, y) = project(p)
          let q = (Int(x.rounded()), Int(y.rounded()))
          if let l = last, l == q { continue }
          ringPath += (count == 0 ? "M" : "L") + "\(q.0) \(q.1)"
          last = q
          count += 1
        }
        if count >= 3 { out += ringPath + "Z" }
      }
    }
    return out
  }

  /// How one constituency is drawn.
  struct Style {
    var fill: String
    var label: String
  }

  /// An SVG map: each polygon filled by its constituency's style and linked to the constituency's page.
  /// A polygon split between constituencies is hatched; `highlight` dims every other constituency.
  func svg(
    atlas: Atlas, date: String, styles: [Int: Style], highlight: Int? = nil, title: String,
    maxWidth: Int? = nil
  ) -> String {
    var numbersByUnit: [String: [Int]] = [:]
    for c in atlas.constituencies(on: date) {
      for share in c.composition { numbersByUnit[share.unitCode, default: []].append(c.number) }
    }
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height.rounded(.up)))" \
      role="img" aria-labelledby="map-title" class="map"\(maxWidth.map { " style=\"max-width:\($0)px\"" } ?? "")>\
      <title id="map-title">\(HTML.escape(title))</title>\
      <defs><pattern id="split" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
      <rect width="8" height="8" fill="#ddd"/><rect width="4" height="8" fill="#888"/></pattern></defs>
      """
    for piece in pieces {
      let numbers = Array(Set(piece.unitCodes.flatMap { numbersByUnit[$0] ?? [] })).sorted()
      let name = HTML.escape(piece.name)
      var fill = "#eee"
      var label = "\(name): no constituency"
      if numbers.count == 1, let n = numbers.first {
        fill = styles[n]?.fill ?? "#ccc"
        label =
          "\(name): constituency \(n)" + (styles[n].map { ", \(HTML.escape($0.label))" } ?? "")
      } else if numbers.count > 1 {
        fill = "url(#split)"
        label =
          "\(name): split between constituencies \(numbers.map(String.init).joined(separator: " and "))"
      }
      let dim = highlight.map { !numbers.contains($0) } ?? false
      let shape =
        "<path d=\"\(piece.path)\" fill=\"\(fill)\"\(dim ? " fill-opacity=\"0.25\"" : "") stroke=\"#fff\" stroke-width=\"0.5\"><title>\(label)</title></path>"
      if let n = numbers.first {
        out += "<a href=\"/constituencies/\(n)\">\(shape)</a>"
      } else {
        out += shape
      }
    }
    for outline in regionOutlines {
      out +=
        "<path d=\"\(outline)\" fill=\"none\" stroke=\"#333\" stroke-width=\"0.8\" pointer-events=\"none\"/>"
    }
    out += "</svg>"
    return out
  }
}

/// A qualitative palette for regions and parties (readable on white, distinct in grey-scale print too).
enum Palette {
  static let colours = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f",
    "#bab0ac", "#1f77b4", "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5", "#c49c94", "#f7b6d2",
    "#dbdb8d",
    "#9edae5", "#17becf",
  ]

  static func colour(_ index: Int) -> String { colours[index % colours.count] }

  /// The house colour of a party code or nomination text (SaylauReports' PartyStyle); grey when unknown.
  static func party(code: String? = nil, nomination: String? = nil) -> String {
    let resolved = code ?? nomination.flatMap { PartyStyle.code(forNomination: $0) }
    return resolved.flatMap { PartyStyle.byCode[$0]?.color } ?? PartyStyle.unknownColor
  }
}
