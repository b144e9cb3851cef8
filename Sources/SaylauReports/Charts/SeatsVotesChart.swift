/// A bar chart comparing each party's share of the votes with its share of the seats: the picture of
/// disproportionality that the indices summarise.
public struct SeatsVotesChart: Sendable {
  public struct Row: Sendable, Hashable {
    public var name: String
    public var color: String
    /// Share of the votes in percent; `nil` when the party had no list (independents): no bar, "n/a".
    public var votePercent: Double?
    public var seatPercent: Double?

    public init(name: String, color: String, votePercent: Double?, seatPercent: Double?) {
      self.name = name
      self.color = color
      self.votePercent = votePercent
      self.seatPercent = seatPercent
    }
  }

  public var title: String
  public var voteLabel: String
  public var seatLabel: String
  public var rows: [Row]
  public var source: String

  public init(title: String, voteLabel: String, seatLabel: String, rows: [Row], source: String) {
    self.title = title
    self.voteLabel = voteLabel
    self.seatLabel = seatLabel
    self.rows = rows
    self.source = source
  }

  public var svg: String {
    let width = 680.0
    let labelWidth = 150.0
    let barLeft = labelWidth + 12
    let barWidth = width - barLeft - 70
    let top = 76.0
    let rowHeight = 42.0
    let maxValue = rows.flatMap { [$0.votePercent, $0.seatPercent].compactMap { $0 } }.max() ?? 10
    let axisMax = max(10, (maxValue / 10).rounded(.up) * 10)
    let scale = barWidth / axisMax
    let plotBottom = top + Double(rows.count) * rowHeight
    let sourceLines = SVGDocument.wrap(source, limit: 110)
    let height = plotBottom + 28 + Double(sourceLines.count) * 13 + 8
    let n = { (v: Double) in SVGFormat.number(v) }

    var out = SVGDocument.open(
      width: width, height: height, title: title,
      description: "Share of votes against share of seats per party.")
    out += SVGDocument.text(title, x: width / 2, y: 26, size: 18, anchor: "middle", weight: "bold")
    // Key.
    out +=
      "<rect x=\"\(n(barLeft))\" y=\"40\" width=\"14\" height=\"11\" fill=\"#9aa0a6\" fill-opacity=\"0.45\"/>\n"
    out += SVGDocument.text(voteLabel, x: barLeft + 20, y: 50, size: 12)
    out +=
      "<rect x=\"\(n(barLeft + 300))\" y=\"40\" width=\"14\" height=\"11\" fill=\"#5f6368\"/>\n"
    out += SVGDocument.text(seatLabel, x: barLeft + 320, y: 50, size: 12)
    // Grid.
    var tick = 0.0
    while tick <= axisMax + 1e-9 {
      let x = barLeft + tick * scale
      out +=
        "<line x1=\"\(n(x))\" y1=\"\(n(top - 6))\" x2=\"\(n(x))\" y2=\"\(n(plotBottom))\" stroke=\"#dadce0\" stroke-width=\"1\"/>\n"
      out += SVGDocument.text(
        "\(Int(tick))%", x: x, y: plotBottom + 16, size: 11, anchor: "middle", fill: "#54595d")
      tick += axisMax > 50 ? 10 : 5
    }
    for (i, row) in rows.enumerated() {
      let y = top + Double(i) * rowHeight
      out += SVGDocument.text(row.name, x: labelWidth, y: y + 20, size: 13, anchor: "end")
      if let v = row.votePercent {
        out +=
          "<rect class=\"votes\" x=\"\(n(barLeft))\" y=\"\(n(y + 4))\" width=\"\(n(max(v * scale, 0.5)))\" height=\"14\" fill=\"\(row.color)\" fill-opacity=\"0.45\"/>\n"
        out += SVGDocument.text(
          SVGFormat.number(v, decimals: 1) + "%", x: barLeft + v * scale + 4, y: y + 15, size: 11,
          fill: "#54595d")
      } else {
        out += SVGDocument.text(
          "no list vote", x: barLeft + 4, y: y + 15, size: 11, fill: "#72777d")
      }
      if let s = row.seatPercent {
        out +=
          "<rect class=\"seats\" x=\"\(n(barLeft))\" y=\"\(n(y + 19))\" width=\"\(n(max(s * scale, 0.5)))\" height=\"14\" fill=\"\(row.color)\"/>\n"
        out += SVGDocument.text(
          SVGFormat.number(s, decimals: 1) + "%", x: barLeft + s * scale + 4, y: y + 30, size: 11,
          weight: "bold")
      } else {
        out += SVGDocument.text(
          "seats unknown", x: barLeft + 4, y: y + 30, size: 11, fill: "#72777d")
      }
    }
    out +=
      "<line x1=\"\(n(barLeft))\" y1=\"\(n(top - 6))\" x2=\"\(n(barLeft))\" y2=\"\(n(plotBottom))\" stroke=\"#202122\" stroke-width=\"1\"/>\n"
    var y = plotBottom + 34
    for line in sourceLines {
      out += SVGDocument.text(line, x: 12, y: y, size: 10, fill: "#54595d")
      y += 13
    }
    out += SVGDocument.close
    return out
  }
}
