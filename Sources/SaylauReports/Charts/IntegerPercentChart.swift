import SaylauForensics

/// The integer-percent picture (Kobak, Shpilkin and Pshenichnikov 2016): how many precincts report each
/// turnout (or leader's share) in steps of 0.1 %, whole percentages marked, with the count a clean election
/// of the same precincts gives by simulation as a line. Results written to a target stand out as spikes
/// above the line at whole and round percentages.
public enum IntegerPercentChart {
  /// The SVG document.
  /// - Parameters:
  ///   - histogram: one quantity of one ballot (``SaylauForensics/ForensicReport/histograms``).
  ///   - title: the picture's title.
  ///   - synthetic: the data are generated: the picture says so.
  public static func svg(_ histogram: PercentHistogram, title: String, synthetic: Bool) -> String {
    let width = 760.0
    let left = 56.0
    let right = 16.0
    let top = synthetic ? 70.0 : 52.0
    let plotHeight = 240.0
    let height = top + plotHeight + 62
    let n = { (v: Double) in SVGFormat.number(v, decimals: 2) }
    let used = histogram.counts.indices.filter {
      histogram.counts[$0] > 0 || histogram.expected[$0] > 0.5
    }
    // The range shown: whole percentages around the bins that have precincts.
    let lo = max(0, ((used.first ?? 0) / 10) * 10)
    let hi = min(1000, (((used.last ?? 1000) + 9) / 10) * 10)
    let bins = max(1, hi - lo + 1)
    let barWidth = (width - left - right) / Double(bins)
    let highestCount = Double(histogram.counts[lo...hi].max() ?? 1)
    let highestExpected: Double = histogram.expected[lo...hi].max() ?? 1
    let top1 = max(1, max(highestCount, highestExpected))
    let scale = plotHeight / top1
    let what = histogram.quantity == .turnout ? "turnout" : "leader's share"
    var out = SVGDocument.open(
      width: width, height: height, title: title,
      description:
        "Precincts by \(what) in steps of 0.1 %, whole percentages in red, the simulated clean expectation as a line."
    )
    out += SVGDocument.text(title, x: width / 2, y: 24, size: 16, anchor: "middle", weight: "bold")
    if synthetic {
      out += SVGDocument.text(
        "SYNTHETIC DATA — generated protocols, not real results", x: width / 2, y: 44, size: 12,
        anchor: "middle", weight: "bold", fill: "#b2182b", extra: "class=\"synthetic\"")
    }
    let base = top + plotHeight
    out +=
      "<line x1=\"\(n(left))\" y1=\"\(n(base))\" x2=\"\(n(width - right))\" y2=\"\(n(base))\" stroke=\"#202122\" stroke-width=\"1\"/>\n"
    // A few horizontal lines with their counts (whole numbers of precincts).
    var step = 1
    var power = 1
    search: while true {
      for m in [1, 2, 5] where top1 / Double(m * power) <= 6 {
        step = m * power
        break search
      }
      power *= 10
    }
    for tick in stride(from: step, through: Int(top1), by: step) {
      let y = base - Double(tick) * scale
      out +=
        "<line class=\"grid\" x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(width - right))\" y2=\"\(n(y))\" stroke=\"#eaecf0\" stroke-width=\"1\"/>\n"
      out += SVGDocument.text(
        String(tick), x: left - 6, y: y + 3.5, size: 10, anchor: "end", fill: "#54595d")
    }
    out += SVGDocument.text(
      "precincts", x: left - 6, y: top - 8, size: 10, anchor: "end", fill: "#54595d")
    out += "<g class=\"bars\">\n"
    for b in lo...hi where histogram.counts[b] > 0 {
      let whole = b % 10 == 0
      let h = Double(histogram.counts[b]) * scale
      out +=
        "<rect class=\"\(whole ? "bar whole" : "bar")\" x=\"\(n(left + Double(b - lo) * barWidth))\" y=\"\(n(base - h))\" width=\"\(n(max(0.4, barWidth * 0.9)))\" height=\"\(n(h))\" fill=\"\(whole ? "#b2182b" : "#5b8cc4")\" data-bin=\"\(b)\" data-precincts=\"\(histogram.counts[b])\"><title>\(SVGFormat.number(Double(b) / 10, decimals: 1)) %: \(histogram.counts[b]) precinct(s)</title></rect>\n"
    }
    out += "</g>\n"
    // The null's expectation, smoothed over ±5 bins so that its line can be seen (whole bins kept apart:
    // their expectation is the one to compare the spikes with).
    var points: [String] = []
    for b in lo...hi {
      let window = max(lo, b - 5)...min(hi, b + 5)
      let mean = window.map { histogram.expected[$0] }.reduce(0, +) / Double(window.count)
      points.append("\(n(left + (Double(b - lo) + 0.45) * barWidth)),\(n(base - mean * scale))")
    }
    out +=
      "<polyline class=\"expected\" points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#202122\" stroke-width=\"1.2\"/>\n"
    for t in stride(from: lo, through: hi, by: 10) where (t / 10) % 5 == 0 || hi - lo <= 300 {
      let x = left + (Double(t - lo) + 0.45) * barWidth
      out += SVGDocument.text(
        "\(t / 10)%", x: x, y: base + 16, size: 10, anchor: "middle", fill: "#54595d",
        extra: "class=\"tick\"")
    }
    out += SVGDocument.text(
      "\(what.prefix(1).uppercased() + what.dropFirst()) in steps of 0.1 % (\(SVGFormat.grouped(histogram.precincts)) precincts); red: whole percentages; line: clean expectation",
      x: left, y: base + 36, size: 11)
    out += SVGDocument.text(
      "Kobak, Shpilkin and Pshenichnikov, Annals of Applied Statistics 2016", x: left,
      y: height - 6, size: 9.5, fill: "#54595d")
    out += SVGDocument.close
    return out
  }
}
