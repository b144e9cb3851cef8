/// Small helpers for writing SVG and HTML by hand, with output that is byte-identical for the same input.
///
/// Numbers are written with a fixed number of decimals through integer arithmetic (never `String(format:)`,
/// whose output can depend on the C locale), and trailing zeros are dropped, so `12.0` is `12` and `-0.04`
/// with one decimal is `0`.
public enum SVGFormat {
  /// `value` rounded half away from zero to `decimals` places (0...6), as the shortest decimal text.
  public static func number(_ value: Double, decimals: Int = 1) -> String {
    precondition((0...6).contains(decimals), "decimals must be 0...6")
    guard value.isFinite else { return "0" }
    var scale = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (value * Double(scale)).rounded(.toNearestOrAwayFromZero)
    let n = Int(scaled)
    if n == 0 { return "0" }
    let negative = n < 0
    let magnitude = negative ? -n : n
    var text = String(magnitude / scale)
    var fraction = magnitude % scale
    if decimals > 0 && fraction != 0 {
      var digits = String(fraction)
      while digits.count < decimals { digits = "0" + digits }
      while digits.hasSuffix("0") {
        digits.removeLast()
        fraction /= 10
      }
      text += "." + digits
    }
    return negative ? "-" + text : text
  }

  /// `value` with exactly `decimals` places, trailing zeros kept ("6.20"), for tables.
  public static func fixed(_ value: Double, decimals: Int) -> String {
    let text = number(value, decimals: decimals)
    guard decimals > 0 else { return text }
    var parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if parts.count == 1 { parts.append("") }
    while parts[1].count < decimals { parts[1] += "0" }
    return parts[0] + "." + parts[1]
  }

  /// Text escaped for XML character data and attribute values.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(ch)
      }
    }
    return out
  }

  /// An integer with thin grouping: `964419` → `964,419` (the style of the seed articles).
  public static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
      out.append(ch)
    }
    return value < 0 ? "-" + out : out
  }

  /// A ratio `numerator / denominator` as a percentage with exactly `decimals` places ("53.90"), rounded
  /// half up in integer arithmetic (no floating point), as results tables print them.
  public static func percent(_ numerator: Int, of denominator: Int, decimals: Int = 2) -> String {
    guard denominator > 0, numerator >= 0, (0...6).contains(decimals) else { return "" }
    var scale = 1
    for _ in 0..<decimals { scale *= 10 }
    // numerator · 100 · scale can overflow only beyond 9·10^16 / 10^8 votes; guard anyway.
    let (product, overflow) = numerator.multipliedReportingOverflow(by: 100 * scale)
    guard !overflow else {
      return number(Double(numerator) * 100 / Double(denominator), decimals: decimals)
    }
    let rounded = (2 * product + denominator) / (2 * denominator)
    let whole = String(rounded / scale)
    guard decimals > 0 else { return whole }
    var fraction = String(rounded % scale)
    while fraction.count < decimals { fraction = "0" + fraction }
    return whole + "." + fraction
  }
}

/// The shared pieces of every picture: the XML prolog, the root element and a font stack available on
/// Debian (DejaVu Sans ships with librsvg's fontconfig) and in browsers.
enum SVGDocument {
  static let fontFamily = "DejaVu Sans, Verdana, Arial, sans-serif"

  static func open(width: Double, height: Double, title: String, description: String) -> String {
    let w = SVGFormat.number(width)
    let h = SVGFormat.number(height)
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" \
      font-family="\(fontFamily)">
      <title>\(SVGFormat.escape(title))</title>
      <desc>\(SVGFormat.escape(description))</desc>
      <rect x="0" y="0" width="\(w)" height="\(h)" fill="#ffffff"/>

      """
  }

  static let close = "</svg>\n"

  /// A `<text>` element; `anchor` is start, middle or end.
  static func text(
    _ content: String, x: Double, y: Double, size: Double, anchor: String = "start",
    weight: String? = nil,
    fill: String = "#202122", extra: String = ""
  ) -> String {
    var attrs =
      "x=\"\(SVGFormat.number(x))\" y=\"\(SVGFormat.number(y))\" font-size=\"\(SVGFormat.number(size))\""
    if anchor != "start" { attrs += " text-anchor=\"\(anchor)\"" }
    if let weight { attrs += " font-weight=\"\(weight)\"" }
    if fill != "#202122" { attrs += " fill=\"\(fill)\"" } else { attrs += " fill=\"#202122\"" }
    if !extra.isEmpty { attrs += " " + extra }
    return "<text \(attrs)>\(SVGFormat.escape(content))</text>\n"
  }

  /// Splits `text` into lines of at most `limit` characters at spaces (for source lines under pictures).
  static func wrap(_ text: String, limit: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if line.isEmpty {
        line = String(word)
      } else if line.count + 1 + word.count <= limit {
        line += " " + word
      } else {
        lines.append(line)
        line = String(word)
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}
