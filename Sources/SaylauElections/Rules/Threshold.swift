import SaylauCore

/// A legal threshold as an exact fraction of a base, e.g. 5 % = 5/100 or 7 % = 7/100.
public struct Threshold: Sendable, Hashable, Codable, CustomStringConvertible {
  public var numerator: Int
  public var denominator: Int

  public init(numerator: Int, denominator: Int) {
    precondition(numerator >= 0 && denominator > 0)
    self.numerator = numerator
    self.denominator = denominator
  }

  /// `percent`% exactly.
  public static func percent(_ percent: Int) -> Threshold {
    Threshold(numerator: percent, denominator: 100)
  }

  /// Parses a decimal percentage such as `5`, `7`, `3.25` exactly (no floating point).
  public init?(percentString s: String) {
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let whole = Int(parts[0]), whole >= 0 else { return nil }
    var num = whole
    var den = 100
    if parts.count == 2 {
      let frac = parts[1]
      guard !frac.isEmpty, frac.count <= 6, frac.allSatisfy(\.isNumber), let f = Int(frac) else {
        return nil
      }
      var scale = 1
      for _ in 0..<frac.count { scale *= 10 }
      num = whole * scale + f
      den = 100 * scale
    }
    guard num <= den else { return nil }
    self.init(numerator: num, denominator: den)
  }

  /// Whether `votes` reach the threshold of `base` ("… and more percent"): `votes·den ≥ num·base`.
  public func isReached(by votes: Int, of base: Int) -> Bool {
    WideUInt.product(votes, denominator) >= WideUInt.product(numerator, base)
  }

  public var description: String {
    var n = numerator * 10000 / denominator
    let exact = numerator * 10000 % denominator == 0
    var frac = ""
    if n % 100 != 0 { frac = "." + String(String(n % 100 + 100).dropFirst()) }
    if frac.hasSuffix("0") { frac.removeLast() }
    n /= 100
    return "\(n)\(frac)%\(exact ? "" : "…")"
  }
}
