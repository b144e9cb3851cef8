import Foundation
import SaylauForensics

/// The election fingerprint as a heat map (Klimek et al. 2012): precincts by turnout (x) and the leader's
/// share (y) in 1 % cells, darker where more precincts fall. Clean counting gives one compact cloud;
/// ballot stuffing smears it towards the top right corner.
public enum FingerprintChart {
  /// The SVG document.
  /// - Parameters:
  ///   - grid: the fingerprint of one ballot (``SaylauForensics/ForensicReport/fingerprints``).
  ///   - title: the picture's title.
  ///   - synthetic: the data are generated: the picture says so.
  public static func svg(_ grid: FingerprintGrid, title: String, synthetic: Bool) -> String {
    let cell = 4.0
    let left = 64.0
    let top = synthetic ? 70.0 : 52.0
    let plot = 100 * cell
    let legendX = left + plot + 24
    let width = legendX + 150
    let height = top + plot + 58
    let n = { (v: Double) in SVGFormat.number(v) }
    let maximum = grid.cells.map(\.precincts).max() ?? 0
    let colours = Choropleth.ramp(.sequential, count: 8)
    // Classes on a logarithmic scale: 1, 2–3, 4–7, … (a few dense cells must not hide the sparse ones).
    func colourClass(_ count: Int) -> Int {
      guard maximum > 1 else { return colours.count - 1 }
      let x = log(Double(count)) / log(Double(maximum))
      return min(colours.count - 1, Int(x * Double(colours.count - 1) + 0.5))
    }
    var out = SVGDocument.open(
      width: width, height: height, title: title,
      description:
        "Election fingerprint: \(grid.precincts) precincts by turnout and \(grid.leader == "constituency leader" ? "the leading candidate's" : grid.leader + "'s") share of the valid votes, in 1 % cells."
    )
    out += SVGDocument.text(title, x: width / 2, y: 24, size: 16, anchor: "middle", weight: "bold")
    if synthetic {
      out += SVGDocument.text(
        "SYNTHETIC DATA — generated protocols, not real results", x: width / 2, y: 44, size: 12,
        anchor: "middle", weight: "bold", fill: "#b2182b", extra: "class=\"synthetic\"")
    }
    out +=
      "<rect class=\"plot\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plot))\" height=\"\(n(plot))\" fill=\"#f8f9fa\" stroke=\"#a2a9b1\"/>\n"
    for t in stride(from: 0, through: 100, by: 10) {
      let x = left + Double(t) * cell
      let y = top + plot - Double(t) * cell
      out +=
        "<line x1=\"\(n(x))\" y1=\"\(n(top))\" x2=\"\(n(x))\" y2=\"\(n(top + plot))\" stroke=\"#eaecf0\" stroke-width=\"1\"/>\n"
      out +=
        "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plot))\" y2=\"\(n(y))\" stroke=\"#eaecf0\" stroke-width=\"1\"/>\n"
      out += SVGDocument.text(
        "\(t)%", x: x, y: top + plot + 16, size: 10, anchor: "middle", fill: "#54595d")
      out += SVGDocument.text(
        "\(t)%", x: left - 6, y: y + 3.5, size: 10, anchor: "end", fill: "#54595d")
    }
    out += "<g class=\"cells\">\n"
    for c in grid.cells {
      let x = left + Double(c.turnout) * cell
      let y = top + plot - Double(c.share + 1) * cell
      out +=
        "<rect class=\"cell\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cell))\" height=\"\(n(cell))\" fill=\"\(colours[colourClass(c.precincts)])\" data-turnout=\"\(c.turnout)\" data-share=\"\(c.share)\" data-precincts=\"\(c.precincts)\"><title>turnout \(c.turnout)–\(c.turnout + 1) %, share \(c.share)–\(c.share + 1) %: \(c.precincts) precinct(s)</title></rect>\n"
    }
    out += "</g>\n"
    out += SVGDocument.text(
      "Turnout (ballots issued / voters on the list)", x: left + plot / 2, y: top + plot + 34,
      size: 12,
      anchor: "middle")
    let yLabel =
      grid.leader == "constituency leader"
      ? "Leading candidate's share of the valid votes" : "\(grid.leader)'s share of the valid votes"
    out += SVGDocument.text(
      yLabel, x: 16, y: top + plot / 2, size: 12, anchor: "middle",
      extra: "transform=\"rotate(-90 16 \(n(top + plot / 2)))\"")
    // Legend: the colour classes with the counts they stand for.
    out += SVGDocument.text("Precincts per cell", x: legendX, y: top + 10, size: 11, weight: "bold")
    var y = top + 22
    var bounds: [Int: (Int, Int)] = [:]
    if maximum >= 1 {
      for count in 1...maximum {
        let k = colourClass(count)
        let b = bounds[k] ?? (count, count)
        bounds[k] = (min(b.0, count), max(b.1, count))
      }
    }
    for k in bounds.keys.sorted() {
      let (from, to) = bounds[k]!
      out +=
        "<rect class=\"legend\" x=\"\(n(legendX))\" y=\"\(n(y))\" width=\"14\" height=\"11\" fill=\"\(colours[k])\"/>\n"
      out += SVGDocument.text(
        from == to ? "\(from)" : "\(from)–\(to)", x: legendX + 20, y: y + 9.5, size: 10.5)
      y += 16
    }
    out += SVGDocument.text(
      "\(SVGFormat.grouped(grid.precincts)) precincts", x: legendX, y: y + 12, size: 10.5,
      fill: "#54595d")
    out += SVGDocument.text(
      "Klimek, Yegorov, Hanel and Thurner, PNAS 2012", x: left, y: height - 6, size: 9.5,
      fill: "#54595d")
    out += SVGDocument.close
    return out
  }
}
