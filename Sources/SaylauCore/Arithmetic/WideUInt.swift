/// A 256-bit unsigned integer, just enough to compare products of up to four 63-bit counts exactly.
///
/// Seat allocation compares fractions such as `v_a / d(s_a)` against `v_b / d(s_b)` by cross-multiplying;
/// with Huntington–Hill the comparison squares the votes, so products reach ~2^170 for realistic inputs.
/// Using a fixed-width type keeps the comparison exact without floating point or a big-integer library.
public struct WideUInt: Comparable, Sendable {
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

  /// `self * factor`. Traps if the product exceeds 256 bits, which four factors below 2^64 cannot do.
  @inlinable
  public func times(_ factor: UInt64) -> WideUInt {
    var result = WideUInt(0)
    var carry: UInt64 = 0
    let p0 = l0.multipliedFullWidth(by: factor)
    result.l0 = p0.low
    carry = p0.high
    let p1 = l1.multipliedFullWidth(by: factor)
    var (s1, o1) = p1.low.addingReportingOverflow(carry)
    result.l1 = s1
    carry = p1.high &+ (o1 ? 1 : 0)
    let p2 = l2.multipliedFullWidth(by: factor)
    (s1, o1) = p2.low.addingReportingOverflow(carry)
    result.l2 = s1
    carry = p2.high &+ (o1 ? 1 : 0)
    let p3 = l3.multipliedFullWidth(by: factor)
    (s1, o1) = p3.low.addingReportingOverflow(carry)
    result.l3 = s1
    precondition(p3.high == 0 && !o1, "WideUInt overflow")
    return result
  }

  @inlinable
  public static func < (a: WideUInt, b: WideUInt) -> Bool {
    if a.l3 != b.l3 { return a.l3 < b.l3 }
    if a.l2 != b.l2 { return a.l2 < b.l2 }
    if a.l1 != b.l1 { return a.l1 < b.l1 }
    return a.l0 < b.l0
  }

  /// The product of non-negative factors.
  @inlinable
  public static func product(_ factors: Int...) -> WideUInt {
    var result = WideUInt(1)
    for f in factors {
      precondition(f >= 0, "negative factor")
      result = result.times(UInt64(f))
    }
    return result
  }
}

/// Exact `floor(a * b / c)` and `(a * b) mod c` for non-negative `a`, `b` and positive `c`, without overflow
/// of the intermediate product (the quotient itself must fit in `Int`).
@inlinable
public func mulDivMod(_ a: Int, _ b: Int, _ c: Int) -> (quotient: Int, remainder: Int) {
  precondition(a >= 0 && b >= 0 && c > 0)
  let p = UInt64(a).multipliedFullWidth(by: UInt64(b))
  let (q, r) = UInt64(c).dividingFullWidth((high: p.high, low: p.low))
  return (Int(q), Int(r))
}
