import SaylauGeo

/// How one constituency is filled.
public struct AreaStyle: Sendable, Hashable {
  /// `#rrggbb`, or `nil` for "no data" (white with a grey hatch: never drawn as a zero).
  public var fill: String?
  /// A short text for the tooltip (`<title>`), e.g. "No. 12 · Independent".
  public var tooltip: String

  public init(fill: String?, tooltip: String) {
    self.fill = fill
    self.tooltip = tooltip
  }
}

/// One line of a map legend.
public struct LegendEntry: Sendable, Hashable {
  public enum Swatch: Sendable, Hashable {
    case color(String)
    case noData
    case split
    case unassigned
  }

  public var swatch: Swatch
  public var label: String

  public init(swatch: Swatch, label: String) {
    self.swatch = swatch
    self.label = label
  }
}

/// What a constituency map shows.
public struct MapSpec: Sendable {
  public var title: String
  public var subtitle: String
  public var source: String
  /// Fill per constituency number; a number missing here is drawn as "no data".
  public var areas: [Int: AreaStyle]
  public var legend: [LegendEntry]
  public var insets: [MapInset]

  public init(
    title: String, subtitle: String, source: String, areas: [Int: AreaStyle], legend: [LegendEntry],
    insets: [MapInset] = MapInset.cities
  ) {
    self.title = title
    self.subtitle = subtitle
    self.source = source
    self.areas = areas
    self.legend = legend
    self.insets = insets
  }
}

/// Draws maps of Kazakhstan's constituencies: a choropleth with numbered constituencies, city insets and a
/// legend, and small locator maps.
public enum ConstituencyMap {
  static let width = 1000.0
  static let mainTop = 64.0
  static let mainHeight = 520.0
  static let insetSize = 210.0

  /// The full map: main view, insets for the cities, legend and source line.
  ///
  /// - Parameters:
  ///   - spec: titles, fills, legend and insets.
  ///   - geometry: the prepared geometry (its units carry the constituency numbers of one day).
  ///   - linked: the address of each constituency's page; when given, every area of a constituency (in
  ///     the main map and the insets) is a link to it. A unit split between constituencies links to none.
  public static func svg(
    _ spec: MapSpec, geometry: MapGeometry, linked: ((Int) -> String?)? = nil
  ) -> String {
    let allUnits = Array(geometry.units.indices)
    let bounds = geometry.bounds(of: nil)
    let fit = ScreenFit(
      minX: bounds.minX, minY: bounds.minY, maxX: bounds.maxX, maxY: bounds.maxY, left: 12,
      top: mainTop,
      width: width - 24, height: mainHeight)
    let frame = MapFrame(geometry: geometry, fit: fit, unitIndices: allUnits, tolerance: 0.35)

    let insetTop = mainTop + mainHeight + 22
    let legendX = 3 * (insetSize + 14) + 20
    let wrapped = spec.legend.map { SVGDocument.wrap($0.label, limit: 42) }
    let legendHeight = 30 + wrapped.reduce(0.0) { $0 + 20 + Double(max(0, $1.count - 1)) * 14 }
    let sourceLines = SVGDocument.wrap(spec.source, limit: 165)
    let bodyBottom = max(insetTop + insetSize + 8, insetTop + legendHeight)
    let height = bodyBottom + 12 + Double(sourceLines.count) * 13 + 6

    var out = SVGDocument.open(
      width: width, height: height, title: spec.title, description: spec.subtitle)
    out += definitions(spec, geometry: geometry)
    out += SVGDocument.text(
      spec.title, x: width / 2, y: 28, size: 20, anchor: "middle", weight: "bold")
    out += SVGDocument.text(
      spec.subtitle, x: width / 2, y: 48, size: 12.5, anchor: "middle", fill: "#54595d")

    let insetRegions = Set(spec.insets.map(\.regionCode))
    out += "<g class=\"main-map\">\n"
    out += areas(spec, frame: frame, units: allUnits, classPrefix: "", linked: linked)
    out += borders(
      frame: frame, units: allUnits, geometry: geometry, regionWidth: 1.1, constituencyWidth: 0.6)
    // Numbers of the constituencies not shown in an inset.
    let mainLabelled = geometry.constituencyNumbers.filter { number in
      !geometry.units.contains {
        $0.constituencies == [number] && insetRegions.contains($0.regionCode)
      }
    }
    out += labels(numbers: mainLabelled, frame: frame, units: allUnits, size: 13)
    // Frames marking where the insets are.
    for (i, inset) in spec.insets.enumerated() {
      let members = allUnits.filter { geometry.units[$0].regionCode == inset.regionCode }
      guard !members.isEmpty else { continue }
      let b = geometry.bounds(of: members)
      let p1 = fit.apply(PlanarPoint(x: b.minX, y: b.maxY))
      let p2 = fit.apply(PlanarPoint(x: b.maxX, y: b.minY))
      let pad = 3.0
      out +=
        "<rect class=\"inset-marker\" x=\"\(n(p1.x - pad))\" y=\"\(n(p1.y - pad))\" width=\"\(n(p2.x - p1.x + 2 * pad))\" height=\"\(n(p2.y - p1.y + 2 * pad))\" fill=\"none\" stroke=\"#202122\" stroke-width=\"1\"/>\n"
      out += SVGDocument.text(
        "\(inset.title) (inset \(["A", "B", "C", "D", "E"][i % 5]))", x: p2.x + pad + 3,
        y: p1.y + 4, size: 10.5,
        weight: "bold", extra: haloAttributes)
    }
    out += "</g>\n"

    // Insets.
    for (i, inset) in spec.insets.enumerated() {
      let members = allUnits.filter { geometry.units[$0].regionCode == inset.regionCode }
      guard !members.isEmpty else { continue }
      let left = 12 + Double(i) * (insetSize + 14)
      let b = geometry.bounds(of: members)
      let insetFit = ScreenFit(
        minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY, left: left + 8, top: insetTop + 22,
        width: insetSize - 16, height: insetSize - 30)
      let insetFrame = MapFrame(
        geometry: geometry, fit: insetFit, unitIndices: members, tolerance: 0.3)
      out += "<g class=\"inset\" data-region=\"\(SVGFormat.escape(inset.regionCode))\">\n"
      out +=
        "<rect x=\"\(n(left))\" y=\"\(n(insetTop))\" width=\"\(n(insetSize))\" height=\"\(n(insetSize))\" fill=\"#f8f9fa\" stroke=\"#a2a9b1\"/>\n"
      out += SVGDocument.text(
        "\(["A", "B", "C", "D", "E"][i % 5]). \(inset.title)", x: left + 8, y: insetTop + 16,
        size: 12,
        weight: "bold")
      out += areas(
        spec, frame: insetFrame, units: members, classPrefix: "inset-", linked: linked)
      out += borders(
        frame: insetFrame, units: members, geometry: geometry, regionWidth: 1.2,
        constituencyWidth: 1.2)
      let numbers = Array(Set(members.flatMap { geometry.units[$0].constituencies })).sorted()
      out += labels(numbers: numbers, frame: insetFrame, units: members, size: 13)
      out += "</g>\n"
    }

    // Legend.
    out += "<g class=\"legend\">\n"
    out += SVGDocument.text("Legend", x: legendX, y: insetTop + 10, size: 12.5, weight: "bold")
    var y = insetTop + 30
    for (i, entry) in spec.legend.enumerated() {
      defer { y += 20 + Double(max(0, wrapped[i].count - 1)) * 14 }
      let fill: String
      switch entry.swatch {
      case .color(let c): fill = c
      case .noData: fill = "url(#no-data)"
      case .split: fill = "url(#split-legend)"
      case .unassigned: fill = "url(#unassigned)"
      }
      out +=
        "<rect x=\"\(n(legendX))\" y=\"\(n(y - 11))\" width=\"16\" height=\"13\" fill=\"\(fill)\" stroke=\"#72777d\" stroke-width=\"0.6\"/>\n"
      for (k, line) in wrapped[i].enumerated() {
        out += SVGDocument.text(line, x: legendX + 24, y: y + Double(k) * 14, size: 11.5)
      }
    }
    out += "</g>\n"

    y = bodyBottom + 14
    for line in sourceLines {
      out += SVGDocument.text(line, x: 12, y: y, size: 9.5, fill: "#54595d")
      y += 13
    }
    out += SVGDocument.close
    return out
  }

  /// A small map locating one constituency: the country in grey with region borders, the constituency
  /// in red, and a ring around it when it is too small to see (the city constituencies).
  public static func locatorSVG(
    number: Int, title: String, geometry: MapGeometry, width: Double = 360
  ) -> String {
    let allUnits = Array(geometry.units.indices)
    let bounds = geometry.bounds(of: nil)
    let aspect = (bounds.maxY - bounds.minY) / (bounds.maxX - bounds.minX)
    let height = (width - 8) * aspect + 8
    let fit = ScreenFit(
      minX: bounds.minX, minY: bounds.minY, maxX: bounds.maxX, maxY: bounds.maxY, left: 4, top: 4,
      width: width - 8, height: height - 8)
    let frame = MapFrame(geometry: geometry, fit: fit, unitIndices: allUnits, tolerance: 0.5)
    var out = SVGDocument.open(
      width: width, height: height, title: title,
      description: "Locator map: constituency No. \(number) in red within Kazakhstan.")
    out += definitions(nil, geometry: geometry, splitColors: ("#c8102e", "#d9d9d9"))
    let own = allUnits.filter { geometry.units[$0].constituencies == [number] }
    let shared = allUnits.filter {
      geometry.units[$0].constituencies.count > 1
        && geometry.units[$0].constituencies.contains(number)
    }
    let rest = allUnits.filter { !own.contains($0) && !shared.contains($0) }
    out += "<path class=\"context\" fill=\"#d9d9d9\" d=\"\(frame.pathData(units: rest))\"/>\n"
    out +=
      "<path class=\"constituency\" data-number=\"\(number)\" fill=\"#c8102e\" d=\"\(frame.pathData(units: own))\"/>\n"
    if !shared.isEmpty {
      out +=
        "<path class=\"shared-unit\" fill=\"url(#split-locator)\" d=\"\(frame.pathData(units: shared))\"/>\n"
    }
    out += borders(
      frame: frame, units: allUnits, geometry: geometry, regionWidth: 0.7, constituencyWidth: 0)
    let b = geometry.bounds(of: own + shared)
    if b.minX.isFinite {
      let p1 = fit.apply(PlanarPoint(x: b.minX, y: b.maxY))
      let p2 = fit.apply(PlanarPoint(x: b.maxX, y: b.minY))
      let size = max(p2.x - p1.x, p2.y - p1.y)
      if size < 12 {
        out +=
          "<circle class=\"locator-ring\" cx=\"\(n((p1.x + p2.x) / 2))\" cy=\"\(n((p1.y + p2.y) / 2))\" r=\"9\" fill=\"none\" stroke=\"#c8102e\" stroke-width=\"2\"/>\n"
      }
    }
    out += SVGDocument.close
    return out
  }

  // MARK: pieces

  static let haloAttributes =
    "stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\""

  static func n(_ v: Double) -> String { SVGFormat.number(v) }

  static func definitions(
    _ spec: MapSpec?, geometry: MapGeometry, splitColors: (String, String)? = nil
  ) -> String {
    var out = "<defs>\n"
    out += """
      <pattern id="no-data" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">\
      <rect width="6" height="6" fill="#ffffff"/><rect width="1.2" height="6" fill="#b0b0b0"/></pattern>
      <pattern id="unassigned" patternUnits="userSpaceOnUse" width="4" height="4">\
      <rect width="4" height="4" fill="#f3f3f3"/><circle cx="2" cy="2" r="0.8" fill="#8c8c8c"/></pattern>
      <pattern id="split-legend" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">\
      <rect width="6" height="6" fill="#bdbdbd"/><rect width="3" height="6" fill="#6e6e6e"/></pattern>

      """
    if let (a, b) = splitColors {
      out += splitPattern(id: "split-locator", a, b)
    }
    if let spec {
      for group in splitGroups(geometry) {
        // A side without data is light grey, so the unit still reads as hatched.
        let colors = group.map { spec.areas[$0]?.fill ?? "#dedede" }
        out += splitPattern(
          id: "split-" + group.map(String.init).joined(separator: "-"), colors[0], colors[1])
      }
    }
    out += "</defs>\n"
    return out
  }

  /// Stripes of the two constituencies' colours with a thin white line between them, so the unit reads as
  /// hatched even when both sides have the same colour.
  static func splitPattern(id: String, _ a: String, _ b: String) -> String {
    """
    <pattern id="\(id)" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">\
    <rect width="8" height="8" fill="\(a)"/><rect x="4" width="4" height="8" fill="\(b)"/>\
    <rect x="3.4" width="0.6" height="8" fill="#ffffff"/><rect x="7.4" width="0.6" height="8" fill="#ffffff"/></pattern>

    """
  }

  static func splitGroups(_ geometry: MapGeometry) -> [[Int]] {
    Array(
      Set(geometry.units.filter { $0.constituencies.count > 1 }.map { $0.constituencies.sorted() })
    )
    .sorted { $0.lexicographicallyPrecedes($1) }
  }

  static func areas(
    _ spec: MapSpec, frame: MapFrame, units: [Int], classPrefix: String,
    linked: ((Int) -> String?)? = nil
  ) -> String {
    let geometry = frame.geometry
    var out = ""
    let numbers = Array(Set(units.flatMap { geometry.units[$0].constituencies })).sorted()
    for number in numbers {
      let members = units.filter { geometry.units[$0].constituencies == [number] }
      guard !members.isEmpty else { continue }
      let style = spec.areas[number]
      let fill = style?.fill ?? "url(#no-data)"
      let tooltip = style?.tooltip ?? "No. \(number): no data"
      let path =
        "<path class=\"\(classPrefix)constituency\" data-number=\"\(number)\" fill=\"\(fill)\" d=\"\(frame.pathData(units: members))\"><title>\(SVGFormat.escape(tooltip))</title></path>"
      if let href = linked?(number) {
        out += "<a href=\"\(SVGFormat.escape(href))\">\(path)</a>\n"
      } else {
        out += path + "\n"
      }
    }
    for group in splitGroups(geometry) {
      let members = units.filter { geometry.units[$0].constituencies.sorted() == group }
      guard !members.isEmpty else { continue }
      let id = group.map(String.init).joined(separator: "-")
      let names = members.map { geometry.units[$0].name }.joined(separator: ", ")
      let label = group.map { "No. \($0)" }.joined(separator: " and ")
      out +=
        "<path class=\"\(classPrefix)shared-unit\" data-numbers=\"\(group.map(String.init).joined(separator: " "))\" fill=\"url(#split-\(id))\" d=\"\(frame.pathData(units: members))\"><title>\(SVGFormat.escape("\(names): split between \(label); the dividing line is not published"))</title></path>\n"
    }
    let unassigned = units.filter { geometry.units[$0].constituencies.isEmpty }
    for u in unassigned {
      out +=
        "<path class=\"\(classPrefix)unassigned\" fill=\"url(#unassigned)\" d=\"\(frame.pathData(units: [u]))\"><title>\(SVGFormat.escape("\(geometry.units[u].name): in the geometry but in no constituency of the data"))</title></path>\n"
    }
    return out
  }

  /// Constituency borders (thin grey), region borders (dark) and the outer edge (dark, a little heavier).
  static func borders(
    frame: MapFrame, units: [Int], geometry: MapGeometry, regionWidth: Double,
    constituencyWidth: Double
  ) -> String {
    let inFrame = Set(units)
    let topology = geometry.topology
    func visible(_ a: Int) -> Bool { topology.arcFeatures[a].contains { inFrame.contains($0) } }
    let regionArcs = topology.boundaryArcs { geometry.units[$0].regionCode }.filter(visible)
    let regionSet = Set(regionArcs)
    let constituencyArcs = topology.boundaryArcs { geometry.units[$0].group }.filter {
      visible($0) && !regionSet.contains($0)
    }
    var out = ""
    if constituencyWidth > 0 {
      out +=
        "<path class=\"constituency-borders\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"\(n(constituencyWidth))\" stroke-linejoin=\"round\" d=\"\(frame.pathData(arcs: constituencyArcs))\"/>\n"
    }
    out +=
      "<path class=\"region-borders\" fill=\"none\" stroke=\"#3c3c3c\" stroke-width=\"\(n(regionWidth))\" stroke-linejoin=\"round\" d=\"\(frame.pathData(arcs: regionArcs))\"/>\n"
    return out
  }

  static func labels(numbers: [Int], frame: MapFrame, units: [Int], size: Double) -> String {
    let geometry = frame.geometry
    var out = "<g class=\"labels\" font-weight=\"bold\" text-anchor=\"middle\">\n"
    for number in numbers {
      let members = units.filter { geometry.units[$0].constituencies == [number] }
      guard let p = LabelPlacer.point(in: frame.polygons(units: members)) else { continue }
      out +=
        "<text class=\"label\" x=\"\(n(p.x))\" y=\"\(n(p.y + size * 0.35))\" font-size=\"\(n(size))\" fill=\"#202122\" \(haloAttributes)>\(number)</text>\n"
    }
    out += "</g>\n"
    return out
  }
}
