import Foundation

/// Numbers in the report's words: fixed decimals through integer arithmetic (never the C locale), grouped
/// integers, percentages of counts, chances as "1 in N".
enum Format {
  /// `value` rounded half away from zero to `places` decimals, trailing zeros kept.
  static func decimal(_ value: Double, _ places: Int) -> String {
    guard value.isFinite else { return "–" }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return String(Int(value)) }
    let n = Int(scaled)
    let s = Int(scale)
    var text = grouped(n / s)
    if places > 0 {
      var fraction = String(n % s)
      while fraction.count < places { fraction = "0" + fraction }
      text += "." + fraction
    }
    return value < 0 && n != 0 ? "-" + text : text
  }

  /// `964419` → `964,419`.
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
      out.append(ch)
    }
    return value < 0 ? "-" + out : out
  }

  /// `k / n` as a percentage with `places` decimals, rounded half up in integers.
  static func percent(_ k: Int, of n: Int, places: Int = 1) -> String {
    guard n > 0 else { return "–" }
    var scale = 1
    for _ in 0..<places { scale *= 10 }
    let (product, overflow) = k.multipliedReportingOverflow(by: 100 * scale)
    guard !overflow else { return decimal(Double(k) * 100 / Double(n), places) }
    let rounded = (2 * product + n) / (2 * n)
    var text = String(rounded / scale)
    if places > 0 {
      var fraction = String(rounded % scale)
      while fraction.count < places { fraction = "0" + fraction }
      text += "." + fraction
    }
    return text
  }

  /// A small probability as "1 in N" (N grouped), or as a percentage when it is not small.
  static func probability(_ p: Double) -> String {
    guard p > 0 else { return "0" }
    if p >= 0.05 { return decimal(p * 100, 0) + " %" }
    return "1 in " + grouped(Int((1 / p).rounded()))
  }
}
