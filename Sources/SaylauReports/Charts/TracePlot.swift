import Foundation

/// Trace plots of an ensemble: one panel per statistic, the value at every step with one line per chain,
/// and each panel's R̂ and effective sample size in its title, so that chains that disagree are seen.
public enum TracePlot {
  /// One panel: a statistic's series per chain and the numbers shown beside its title.
  public struct Panel: Sendable {
    public var title: String
    /// One series per chain, in step order.
    public var chains: [[Double]]
    /// Text after the title (for example `R̂ 1.002, ESS 1,830`).
    public var note: String
    /// Whether the panel is drawn with a warning colour (the chains disagree).
    public var warning: Bool

    public init(title: String, chains: [[Double]], note: String = "", warning: Bool = false) {
      self.title = title
      self.chains = chains
      self.note = note
      self.warning = warning
    }
  }

  /// Colours of the chains, cycled.
  static let colours = [
    "#4a7ab5", "#d9822b", "#3d9970", "#b33a3a", "#7b5ea7", "#8c6d31", "#e377c2", "#555555",
  ]

  /// The SVG document: panels stacked, at most `maxPoints` points per chain and panel (a longer chain
  /// is drawn by the minimum and maximum of each bucket of steps, so spikes stay visible).
  public static func svg(title: String, panels: [Panel], maxPoints: Int = 600) -> String {
    let w = 760.0
    let ph = 170.0
    let left = 60.0
    let right = 12.0
    let top = 34.0
    let h = top + Double(panels.count) * ph + 10
    var s =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" font-size=\"12\">\n"
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    s +=
      "<text x=\"\(w / 2)\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">\(escape(title))</text>\n"
    for (p, panel) in panels.enumerated() {
      let y0 = top + Double(p) * ph
      let plotTop = y0 + 22
      let plotBottom = y0 + ph - 24
      let values = panel.chains.flatMap { $0 }
      let colour = panel.warning ? "#c0392b" : "black"
      s +=
        "<text x=\"\(left)\" y=\"\(y0 + 14)\" fill=\"\(colour)\">\(escape(panel.title))\(panel.note.isEmpty ? "" : " — " + escape(panel.note))</text>\n"
      guard var lo = values.min(), var hi = values.max() else { continue }
      if hi == lo {
        lo -= 0.5
        hi += 0.5
      }
      let steps = panel.chains.map(\.count).max() ?? 1
      s += String(
        format:
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>\n",
        left, plotTop, w - left - right, plotBottom - plotTop)
      s += "<text x=\"\(left - 4)\" y=\"\(plotTop + 10)\" text-anchor=\"end\">\(fmt(hi))</text>\n"
      s += "<text x=\"\(left - 4)\" y=\"\(plotBottom)\" text-anchor=\"end\">\(fmt(lo))</text>\n"
      s +=
        "<text x=\"\(w - right)\" y=\"\(plotBottom + 16)\" text-anchor=\"end\">step \(steps)</text>\n"
      for (c, series) in panel.chains.enumerated() where !series.isEmpty {
        let bucket = max(1, (series.count + maxPoints - 1) / maxPoints)
        var points: [String] = []
        var i = 0
        while i < series.count {
          let slice = series[i..<min(series.count, i + bucket)]
          let x =
            left + (Double(i) + Double(slice.count) / 2) / Double(max(1, steps))
            * (w - left - right)
          for v in bucket == 1 ? [slice.first!] : [slice.min()!, slice.max()!] {
            let y = plotBottom - (v - lo) / (hi - lo) * (plotBottom - plotTop)
            points.append(String(format: "%.1f,%.1f", x, y))
          }
          i += bucket
        }
        s +=
          "<polyline fill=\"none\" stroke=\"\(colours[c % colours.count])\" stroke-width=\"1\" stroke-opacity=\"0.8\" points=\"\(points.joined(separator: " "))\"><title>chain \(c)</title></polyline>\n"
      }
    }
    return s + "</svg>\n"
  }

  static func fmt(_ x: Double) -> String { String(format: "%.4g", x) }

  static func escape(_ t: String) -> String {
    t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
