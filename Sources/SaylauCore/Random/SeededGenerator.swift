/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// Every random process in Saylau takes one of these, never the system generator, so the same seed gives
/// the same output on every machine and Swift version. Use ``next(below:)`` and ``nextUnitInterval()``
/// rather than the standard library's `random(in:using:)`, whose algorithm is not promised to stay fixed.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// Creates a generator whose whole stream is fixed by `seed`.
  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  /// A generator for the `index`-th independent stream of `seed` (for example one per chain).
  public init(seed: UInt64, stream index: UInt64) {
    var mixer = SeededGenerator(seed: seed ^ (index &* 0xD1B5_4A32_D192_ED03))
    self.init(seed: mixer.next() ^ index)
  }

  @inlinable
  static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  @inlinable
  public mutating func next() -> UInt64 {
    let result = SeededGenerator.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = SeededGenerator.rotl(s3, 45)
    return result
  }

  /// A uniform integer in `0..<bound` without modulo bias (Lemire's multiply-and-reject).
  @inlinable
  public mutating func next(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    let b = UInt64(bound)
    var m = next().multipliedFullWidth(by: b)
    if m.low < b {
      let threshold = (0 &- b) % b
      while m.low < threshold { m = next().multipliedFullWidth(by: b) }
    }
    return Int(m.high)
  }

  /// A uniform double in `[0, 1)` with 53 random bits.
  @inlinable
  public mutating func nextUnitInterval() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }
}
