/// A 256-bit unsigned integer, just enough to compare products of up to four 63-bit counts exactly.
///
/// Seat allocation compares fractions such as `v_a / d(s_a)` against `v_b / d(s_b)` by cross-multiplying;
/// with Huntington–Hill the comparison squares the votes, so products reach ~2^170 for realistic inputs.
/// Using a fixed-width type keeps the comparison exact without floating point or a big-integer library.
/// This is the one wide integer of the package: every exact comparison of products goes through it.
public struct WideUInt: Comparable, Hashable, Sendable {
  /// Little-endian 64-bit limbs.
  public var l0: UInt64
  public var l1: UInt64
  public var l2: UInt64
  public var l3: UInt64

  @inlinable
  public init(_ value: UInt64) {
    l0 = value
    l1 = 0
    l2 = 0
    l3 = 0
  }

  /// A value from its limbs, least significant first.
  @inlinable
  public init(limbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
    self.l0 = l0
    self.l1 = l1
    self.l2 = l2
    self.l3 = l3
  }

  /// The largest value, `2^256 − 1`.
  public static let max = WideUInt(limbs: .max, .max, .max, .max)

  /// `self * factor`, and whether the true product needed more than 256 bits (then the value is the
  /// product modulo 2^256).
  @inlinable
  public func multipliedReportingOverflow(by factor: UInt64) -> (
    partialValue: WideUInt, overflow: Bool
  ) {
    var result = WideUInt(0)
    let p0 = l0.multipliedFullWidth(by: factor)
    result.l0 = p0.low
    var carry = p0.high
    let p1 = l1.multipliedFullWidth(by: factor)
    var (sum, o) = p1.low.addingReportingOverflow(carry)
    result.l1 = sum
    carry = p1.high &+ (o ? 1 : 0)  // high ≤ 2^64 − 2, so this cannot wrap
    let p2 = l2.multipliedFullWidth(by: factor)
    (sum, o) = p2.low.addingReportingOverflow(carry)
    result.l2 = sum
    carry = p2.high &+ (o ? 1 : 0)
    let p3 = l3.multipliedFullWidth(by: factor)
    (sum, o) = p3.low.addingReportingOverflow(carry)
    result.l3 = sum
    return (result, p3.high != 0 || o)
  }

  /// `self * factor`. Traps if the product exceeds 256 bits, which four factors below 2^64 cannot do.
  @inlinable
  public func times(_ factor: UInt64) -> WideUInt {
    let (value, overflow) = multipliedReportingOverflow(by: factor)
    precondition(!overflow, "WideUInt overflow")
    return value
  }

  @inlinable
  public static func < (a: WideUInt, b: WideUInt) -> Bool {
    if a.l3 != b.l3 { return a.l3 < b.l3 }
    if a.l2 != b.l2 { return a.l2 < b.l2 }
    if a.l1 != b.l1 { return a.l1 < b.l1 }
    return a.l0 < b.l0
  }

  /// The product of non-negative factors. Traps on a negative factor or a product beyond 256 bits (at
  /// most four factors are always safe).
  @inlinable
  public static func product(_ factors: Int...) -> WideUInt {
    guard let result = productIfRepresentable(factors) else {
      preconditionFailure("WideUInt.product: a negative factor or a product beyond 256 bits")
    }
    return result
  }

  /// The product of `factors`, or `nil` when a factor is negative or the product needs more than 256 bits.
  @inlinable
  public static func productIfRepresentable(_ factors: [Int]) -> WideUInt? {
    var result = WideUInt(1)
    for f in factors {
      guard f >= 0 else { return nil }
      let (value, overflow) = result.multipliedReportingOverflow(by: UInt64(f))
      if overflow { return nil }
      result = value
    }
    return result
  }
}

/// Exact `floor(a * b / c)` and `(a * b) mod c` for non-negative `a`, `b` and positive `c`, without overflow
/// of the intermediate product. Traps if the quotient does not fit in `Int` (it always fits when `a ≤ c`
/// or `b ≤ c`, the case of every quota: a share of a total times a seat count).
@inlinable
public func mulDivMod(_ a: Int, _ b: Int, _ c: Int) -> (quotient: Int, remainder: Int) {
  guard let result = mulDivModIfRepresentable(a, b, c) else {
    preconditionFailure("mulDivMod: negative input, zero divisor or a quotient beyond Int.max")
  }
  return result
}

/// ``mulDivMod(_:_:_:)``, or `nil` when an input is negative, `c` is not positive or the quotient
/// exceeds `Int.max`.
@inlinable
public func mulDivModIfRepresentable(_ a: Int, _ b: Int, _ c: Int) -> (
  quotient: Int, remainder: Int
)? {
  guard a >= 0, b >= 0, c > 0 else { return nil }
  let p = UInt64(a).multipliedFullWidth(by: UInt64(b))
  // The quotient fits in 64 bits exactly when the high half is below the divisor; in Int when also ≤ Int.max.
  guard p.high < UInt64(c) else { return nil }
  let (q, r) = UInt64(c).dividingFullWidth((high: p.high, low: p.low))
  guard q <= UInt64(Int.max) else { return nil }
  return (Int(q), Int(r))
}
