/// Apportionment of seats among units (regions, states) in proportion to their populations.
///
/// All arithmetic is exact: priorities and quotas are compared by cross-multiplication in 192-bit
/// integers, never in floating point. Ties that decide a seat are reported, not broken.
public enum ApportionmentMethod: String, CaseIterable, Sendable, Codable {
  /// Largest remainder with the Hare quota (Hamilton, Vinton).
  case hamilton
  /// Divisor method rounding down (Jefferson, D'Hondt): divisors 1, 2, 3, …
  case jefferson
  /// Divisor method rounding to nearest (Webster, Sainte-Laguë): divisors 0.5, 1.5, 2.5, …
  case webster
  /// Divisor method with the geometric mean (Huntington–Hill, US House): divisors √(s(s+1)).
  case huntingtonHill = "huntington-hill"
  /// Divisor method rounding up (Adams, smallest divisors): divisors 0, 1, 2, …
  case adams
  /// Divisor method with the harmonic mean (Dean): divisors s(s+1)/(s+½).
  case dean
}

/// One unit to receive seats.
public struct ApportionmentUnit: Sendable, Hashable, Codable {
  public var name: String
  public var population: Int
  /// The least number of seats the unit must get (0 if none).
  public var minimum: Int

  public init(name: String, population: Int, minimum: Int = 0) {
    self.name = name
    self.population = population
    self.minimum = minimum
  }
}

/// A tie that decides seats: `units` have exactly equal claims on the last `seats` seats, and there are
/// more of them than seats. The allocation leaves those seats unassigned; the user must decide (by law, lot, …).
public struct ApportionmentTie: Sendable, Hashable, Codable {
  public var units: [String]
  public var seats: Int
}

/// The outcome of an apportionment.
public struct Apportionment: Sendable, Hashable, Codable {
  public var method: ApportionmentMethod
  public var seats: Int
  /// Seats per unit, in input order. Excludes the seats left open by `tie`.
  public var allocation: [Int]
  public var names: [String]
  /// The seat-deciding tie, if any.
  public var tie: ApportionmentTie?

  /// Seats of the named unit.
  public func seats(of name: String) -> Int? {
    names.firstIndex(of: name).map { allocation[$0] }
  }
}

/// Why an apportionment cannot be computed.
public struct ApportionmentError: Error, CustomStringConvertible, Sendable, Equatable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// A non-negative integer of up to 192 bits, enough for the product of three 64-bit factors.
struct Wide192: Comparable {
  var limbs: (UInt64, UInt64, UInt64)  // most significant first

  init(_ a: UInt64, _ b: UInt64, _ c: UInt64) {
    let ab = a.multipliedFullWidth(by: b)  // (high, low)
    let lo = ab.low.multipliedFullWidth(by: c)
    let hi = ab.high.multipliedFullWidth(by: c)
    let (mid, carry) = hi.low.addingReportingOverflow(lo.high)
    limbs = (hi.high &+ (carry ? 1 : 0), mid, lo.low)
  }

  static func < (l: Wide192, r: Wide192) -> Bool {
    if l.limbs.0 != r.limbs.0 { return l.limbs.0 < r.limbs.0 }
    if l.limbs.1 != r.limbs.1 { return l.limbs.1 < r.limbs.1 }
    return l.limbs.2 < r.limbs.2
  }

  static func == (l: Wide192, r: Wide192) -> Bool {
    l.limbs.0 == r.limbs.0 && l.limbs.1 == r.limbs.1 && l.limbs.2 == r.limbs.2
  }
}

extension ApportionmentMethod {
  /// The divisor after `s` seats as a fraction `numerator/denominator` of the population's weight:
  /// the priority is `population × num(s) / den(s)` (for Huntington–Hill, the squared priority
  /// `population² / (s(s+1))`). A zero denominator means an infinite priority.
  fileprivate func priorityFraction(population p: UInt64, seats s: UInt64) -> (
    UInt64, UInt64, UInt64
  ) {
    switch self {
    case .jefferson: return (p, 1, s + 1)
    case .webster: return (p, 2, 2 * s + 1)
    case .adams: return (p, 1, s)
    case .dean: return (p, 2 * s + 1, 2 * s * (s + 1))
    case .huntingtonHill: return (p, p, s * (s + 1))
    case .hamilton: preconditionFailure("Hamilton is not a divisor method")
    }
  }

  /// Compares the priorities of two units: negative if `a` < `b`, 0 if equal, positive if greater.
  fileprivate func comparePriority(_ pa: Int, _ sa: Int, _ pb: Int, _ sb: Int) -> Int {
    let fa = priorityFraction(population: UInt64(pa), seats: UInt64(sa))
    let fb = priorityFraction(population: UInt64(pb), seats: UInt64(sb))
    let infA = fa.2 == 0 && fa.0 > 0
    let infB = fb.2 == 0 && fb.0 > 0
    if infA || infB { return infA == infB ? 0 : (infA ? 1 : -1) }
    if fa.2 == 0 { return fb.0 == 0 || fb.2 == 0 ? 0 : -1 }  // 0/0: no claim
    if fb.2 == 0 { return 1 }
    // a0·a1/a2 vs b0·b1/b2  ⇔  a0·a1·b2 vs b0·b1·a2
    let left = Wide192(fa.0, fa.1, fb.2)
    let right = Wide192(fb.0, fb.1, fa.2)
    return left < right ? -1 : (left == right ? 0 : 1)
  }
}

/// Apportions `seats` among `units` with `method`.
///
/// Minimums are honoured first. Divisor methods then hand out the remaining seats one at a time to the
/// unit with the highest priority `population / divisor(seats so far)`; this equals the divisor method
/// with lower bounds. Hamilton with minimums removes each unit whose Hare quota falls below its minimum,
/// gives it the minimum, and reapportions the rest (the usual iterated procedure), then hands the
/// leftover seats to the largest remainders. A tie for the last seats is returned in ``Apportionment/tie``.
public func apportion(seats: Int, units: [ApportionmentUnit], method: ApportionmentMethod) throws
  -> Apportionment
{
  guard seats >= 0 else { throw ApportionmentError("seats must be non-negative, got \(seats)") }
  guard !units.isEmpty else { throw ApportionmentError("no units to apportion among") }
  for u in units {
    if u.population < 0 {
      throw ApportionmentError("\(u.name): population is negative (\(u.population))")
    }
    if u.minimum < 0 { throw ApportionmentError("\(u.name): minimum is negative (\(u.minimum))") }
  }
  let minimumTotal = units.reduce(0) { $0 + $1.minimum }
  guard minimumTotal <= seats else {
    throw ApportionmentError("the minimums add up to \(minimumTotal), more than the \(seats) seats")
  }
  var result = Apportionment(
    method: method, seats: seats, allocation: units.map(\.minimum), names: units.map(\.name),
    tie: nil)
  if method == .hamilton {
    try hamilton(seats: seats, units: units, into: &result)
  } else {
    divisor(seats: seats - minimumTotal, units: units, method: method, into: &result)
  }
  return result
}

private func divisor(
  seats remaining: Int, units: [ApportionmentUnit], method: ApportionmentMethod,
  into result: inout Apportionment
) {
  var left = remaining
  while left > 0 {
    var best: [Int] = []
    for i in units.indices {
      guard let b = best.first else {
        best = [i]
        continue
      }
      let c = method.comparePriority(
        units[i].population, result.allocation[i], units[b].population, result.allocation[b])
      if c > 0 { best = [i] } else if c == 0 { best.append(i) }
    }
    if best.count > left {
      // Every tied unit would keep its claim after another gets a seat, so the tie decides seats.
      result.tie = ApportionmentTie(units: best.map { units[$0].name }, seats: left)
      return
    }
    for i in best { result.allocation[i] += 1 }
    left -= best.count
  }
}

private func hamilton(seats: Int, units: [ApportionmentUnit], into result: inout Apportionment)
  throws
{
  // Units pinned at their minimum because their quota is below it.
  var pinned = [Bool](repeating: false, count: units.count)
  while true {
    let free = units.indices.filter { !pinned[$0] }
    let house = seats - units.indices.filter { pinned[$0] }.reduce(0) { $0 + units[$1].minimum }
    let total = free.reduce(0) { $0 + units[$1].population }
    if free.isEmpty { return }
    guard total > 0 else {
      throw ApportionmentError("the units to apportion among have a total population of 0")
    }
    // quota_i = p_i · house / total, kept as (whole, remainder) in exact integers.
    var whole = [Int](repeating: 0, count: units.count)
    var rem = [UInt64](repeating: 0, count: units.count)
    var newlyPinned = false
    for i in free {
      let product = UInt64(units[i].population).multipliedFullWidth(by: UInt64(house))
      let (q, r) = UInt64(total).dividingFullWidth(product)
      whole[i] = Int(q)
      rem[i] = r
      // quota = q + r/total with r/total < 1, so quota < minimum ⇔ q < minimum.
      if Int(q) < units[i].minimum {
        pinned[i] = true
        newlyPinned = true
      }
    }
    if newlyPinned { continue }
    for i in free { result.allocation[i] = whole[i] }
    var left = house - free.reduce(0) { $0 + whole[$1] }
    // Largest remainders: all remainders share the denominator `total`, so compare them directly.
    let order = free.sorted { rem[$0] > rem[$1] }
    var k = 0
    while left > 0 && k < order.count {
      var j = k
      while j < order.count && rem[order[j]] == rem[order[k]] { j += 1 }
      let group = Array(order[k..<j])
      if group.count > left {
        result.tie = ApportionmentTie(units: group.map { units[$0].name }, seats: left)
        return
      }
      for i in group { result.allocation[i] += 1 }
      left -= group.count
      k = j
    }
    return
  }
}
