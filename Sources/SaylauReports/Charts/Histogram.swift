import Foundation

/// A plain SVG histogram (40 bins) of a statistic over an ensemble, with an optional marker line for one
/// plan's value.
public enum Histogram {
  /// The SVG document.
  /// - Parameters:
  ///   - title: the statistic in words; the count of values is added.
  ///   - values: the values binned.
  ///   - marker: one plan's value, drawn as a red line (the range is widened to hold it).
  public static func svg(title: String, values: [Double], marker: Double?) -> String {
    let w = 640.0
    let h = 320.0
    let left = 50.0
    let bottom = 40.0
    guard var lo = values.min(), var hi = values.max() else {
      return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    }
    if let m = marker {
      lo = min(lo, m)
      hi = max(hi, m)
    }
    if hi == lo { hi = lo + 1 }
    let bins = 40
    var counts = [Int](repeating: 0, count: bins)
    for v in values { counts[min(bins - 1, Int((v - lo) / (hi - lo) * Double(bins)))] += 1 }
    let top = Double(counts.max() ?? 1)
    let bw = (w - left - 10) / Double(bins)
    var s =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" font-size=\"12\">\n"
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    s +=
      "<text x=\"\(w / 2)\" y=\"18\" text-anchor=\"middle\">\(title) (n = \(values.count))</text>\n"
    for (i, c) in counts.enumerated() where c > 0 {
      let bh = Double(c) / top * (h - bottom - 30)
      s += String(
        format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7ab5\"/>\n",
        left + Double(i) * bw, h - bottom - bh, bw - 1, bh)
    }
    s +=
      "<line x1=\"\(left)\" y1=\"\(h - bottom)\" x2=\"\(w - 10)\" y2=\"\(h - bottom)\" stroke=\"black\"/>\n"
    s += "<text x=\"\(left)\" y=\"\(h - bottom + 16)\">\(String(format: "%.4g", lo))</text>\n"
    s +=
      "<text x=\"\(w - 10)\" y=\"\(h - bottom + 16)\" text-anchor=\"end\">\(String(format: "%.4g", hi))</text>\n"
    if let m = marker {
      let x = left + (m - lo) / (hi - lo) * (w - left - 10)
      s += String(
        format:
          "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c0392b\" stroke-width=\"2\"/>\n",
        x, x, h - bottom)
      s += String(format: "<text x=\"%.1f\" y=\"42\" fill=\"#c0392b\">plan %.4g</text>\n", x + 4, m)
    }
    return s + "</svg>\n"
  }
}
