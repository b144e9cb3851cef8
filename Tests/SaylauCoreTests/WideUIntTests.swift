import Testing

@testable import SaylauCore

/// The one wide integer and `mulDivMod` at their edges. Reference limbs computed with Python's integers.
@Suite struct WideUIntTests {
  @Test func fourLargestCountsFitAndAreExact() {
    let m = Int.max
    // (2^63 − 1)^4 has 252 bits.
    #expect(
      WideUInt.product(m, m, m, m)
        == WideUInt(
          limbs: 1, 9_223_372_036_854_775_806, 9_223_372_036_854_775_809, 1_152_921_504_606_846_975)
    )
    #expect(
      WideUInt.product(m, m, m, 7)
        == WideUInt(
          limbs: 9_223_372_036_854_775_801, 13_835_058_055_282_163_722, 16_140_901_064_495_857_658,
          0))
    #expect(
      WideUInt.product(3_000_000_000_000_000_000, 3_000_000_000_000_000_000, 17)
        == WideUInt(limbs: 2_896_395_721_013_985_280, 8_294_146_619_514_108_920, 0, 0))
    #expect(WideUInt.product() == WideUInt(1))
    #expect(WideUInt.product(m, 0, m) == WideUInt(0))
  }

  @Test func theFullWidthProductIsTheLastThatFits() {
    // (2^64 − 1)^4 is the largest product of four 64-bit factors: exactly 256 bits, no overflow.
    let f = UInt64.max
    var x = WideUInt(f)
    for _ in 0..<3 {
      let (v, overflow) = x.multipliedReportingOverflow(by: f)
      #expect(!overflow)
      x = v
    }
    #expect(x == WideUInt(limbs: 1, 18_446_744_073_709_551_612, 5, 18_446_744_073_709_551_612))
    // One more factor of 2 does not fit; the maximum times 1 does, times 2 does not.
    #expect(x.multipliedReportingOverflow(by: 2).overflow)
    #expect(!WideUInt.max.multipliedReportingOverflow(by: 1).overflow)
    #expect(WideUInt.max.multipliedReportingOverflow(by: 2).overflow)
    // A carry out of the top limb alone (2^255 · 2) is an overflow too.
    #expect(WideUInt(limbs: 0, 0, 0, 1 << 63).multipliedReportingOverflow(by: 2).overflow)
    let m = Int.max
    #expect(WideUInt.productIfRepresentable([m, m, m, m]) != nil)
    #expect(WideUInt.productIfRepresentable([m, m, m, m, 17]) == nil)  // just above 2^256
    #expect(WideUInt.productIfRepresentable([m, m, m, m, 16]) != nil)  // (2^63 − 1)^4 · 16 < 2^256
    #expect(WideUInt.productIfRepresentable([5, -1]) == nil)
  }

  @Test func orderIsDecidedByTheHighestDifferingLimb() {
    let below = WideUInt(limbs: .max, 0, 0, 0)  // 2^64 − 1
    let carried = WideUInt(limbs: 0, 1, 0, 0)  // 2^64
    #expect(below < carried)
    #expect(WideUInt(limbs: .max, .max, .max, 0) < WideUInt(limbs: 0, 0, 0, 1))
    #expect(!(carried < carried))
    #expect(WideUInt(7).times(1 << 63) == WideUInt(limbs: 1 << 63, 3, 0, 0))
    // a·b·c compared with products that differ only in the lowest bit at 2^190.
    let m = Int.max
    #expect(WideUInt.product(m, m, m - 1) < WideUInt.product(m, m, m))
    #expect(WideUInt.product(m - 1, m, m) == WideUInt.product(m, m - 1, m))
  }

  @Test func mulDivModAtItsEdges() {
    let m = Int.max
    #expect(mulDivMod(m, m, m) == (m, 0))
    #expect(mulDivMod(m, m - 1, m) == (m - 1, 0))
    #expect(mulDivMod(m - 1, m - 1, m) == (m - 2, 1))  // (m−1)² = m(m−2) + 1
    #expect(mulDivMod(m, 2, 3) == (6_148_914_691_236_517_204, 2))
    #expect(mulDivMod(0, m, 1) == (0, 0))
    // A quotient beyond Int.max, a zero divisor or a negative input has no answer.
    #expect(mulDivModIfRepresentable(m, m, m - 1) == nil)
    #expect(mulDivModIfRepresentable(m, 2, 1) == nil)
    #expect(mulDivModIfRepresentable(1, 1, 0) == nil)
    #expect(mulDivModIfRepresentable(-1, 1, 1) == nil)
    // The largest representable quotient: (Int.max · 2) / 2.
    #expect(mulDivModIfRepresentable(m, 2, 2)! == (m, 0))
  }
}
