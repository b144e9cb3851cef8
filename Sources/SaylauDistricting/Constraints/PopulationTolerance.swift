import SaylauCore

/// A population tolerance `epsilon` as an exact fraction, parsed from a decimal like `0.02`.
public struct Tolerance: Sendable, Hashable, Codable, CustomStringConvertible {
  public var numerator: Int
  public var denominator: Int

  /// Parses a decimal in `[0, 1)`, e.g. `"0.05"`.
  public init?(_ text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let whole = Int(parts[0].isEmpty ? "0" : String(parts[0])), whole == 0
    else {
      return nil
    }
    let frac = parts.count == 2 ? String(parts[1]) : ""
    guard frac.count <= 12, frac.allSatisfy(\.isASCII), frac.allSatisfy(\.isNumber) else {
      return nil
    }
    numerator = Int(frac.isEmpty ? "0" : frac)!
    denominator = Int(
      String(repeating: "0", count: frac.count).isEmpty
        ? "1" : "1" + String(repeating: "0", count: frac.count))!
  }

  public init(numerator: Int, denominator: Int) {
    self.numerator = numerator
    self.denominator = denominator
  }

  public var description: String { String(Double(numerator) / Double(denominator)) }

  /// The integer populations `s` with `|s − total/districts| ≤ ε · total/districts`, exactly:
  /// `|districts·s − total|·den ≤ num·total` (GerryChain's `abs(p − ideal) <= epsilon * ideal`).
  public func bounds(total: Int, districts: Int) -> ClosedRange<Int> {
    // In 128-bit intermediates: with 12 decimals the denominator is 10^12, and total · 10^12 overflows Int.
    let (d, overflow) = districts.multipliedReportingOverflow(by: denominator)
    precondition(!overflow && d > 0 && total >= 0, "a tolerance needs districts and a total")
    let low = mulDivMod(total, denominator - numerator, d)  // s ≥ total·(den − num) / (k·den)
    let lo = low.quotient + (low.remainder > 0 ? 1 : 0)
    let hi = mulDivMod(total, denominator + numerator, d).quotient  // s ≤ total·(den + num) / (k·den)
    return lo...max(lo - 1, hi)
  }
}
