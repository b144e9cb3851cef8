/// The values of one contender's (unknown) weight for which a method yields a target allocation.
public struct ReproducingRange: Sendable, Hashable, Codable {
  public var method: AllocationMethod
  /// Disjoint closed intervals, ascending, in the scanned range.
  public var intervals: [ClosedRange<Int>]
}

/// Why a scan cannot be done.
public enum ReproducingRangeError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The index of the varied contender is not in the input.
  case noSuchContender(index: Int, count: Int)
  /// The target has another length than the contenders.
  case targetLength(target: Int, contenders: Int)
  case negativeRange(ClosedRange<Int>)
  /// The scan needed more allocations than ``ReproducingRangeLimits/evaluations(method:seats:contenders:)``
  /// allows (at most ``ReproducingRangeLimits/maximumEvaluations``, fewer for a big house).
  case tooManyEvaluations(limit: Int)
  /// The other contenders' weights plus the top of the range exceed `Int.max`.
  case totalWeightTooLarge
  /// The allocation itself cannot be computed.
  case allocation(AllocationError)

  public var description: String {
    switch self {
    case .noSuchContender(let i, let n): return "contender \(i) is not among the \(n) contenders"
    case .targetLength(let t, let c): return "the target has \(t) seat counts for \(c) contenders"
    case .negativeRange(let r):
      return "the range \(r.lowerBound)–\(r.upperBound) holds negative weights"
    case .tooManyEvaluations(let limit):
      return "the scan would need more than \(limit) allocations"
    case .totalWeightTooLarge:
      return "the other weights plus the top of the range add up to more than \(Int.max)"
    case .allocation(let e): return e.description
    }
  }
}

/// The bound on the work of one scan.
public enum ReproducingRangeLimits {
  /// Allocations one scan may compute.
  public static let maximumEvaluations = 2_000_000
  /// Quotient comparisons one scan may make. A divisor allocation hands out its seats one at a time, each
  /// after comparing every contender's quotient, so it costs about seats × contenders comparisons; largest
  /// remainder costs about the contenders alone. A big house with a wide range would otherwise run for hours
  /// under the allocation bound alone (libFuzzer found 716 seats scanned over 69,000 weights taking two minutes).
  public static let maximumComparisons = 100_000_000

  /// The allocations one scan of `method` for `seats` seats among `contenders` may compute.
  public static func evaluations(
    method: AllocationMethod, seats: Int, contenders: Int, comparisons: Int = maximumComparisons
  ) -> Int {
    let perAllocation: Int
    if case .largestRemainder = method {
      perAllocation = Swift.max(contenders, 1)
    } else {
      let (product, overflow) = Swift.max(seats, 1).multipliedReportingOverflow(
        by: Swift.max(contenders, 1))
      perAllocation = overflow ? Int.max : product
    }
    return Swift.max(1, Swift.min(maximumEvaluations, comparisons / perAllocation))
  }
}

/// Finds, exactly, the integer weights of `contenders[index]` in `range` for which `method` gives `target`
/// with no open tie.
///
/// The scan bisects: whenever two weights `a < b` are known to give the same result at every weight between
/// them, the interval is settled at once. Divisor methods are population-monotone (raising one contender's
/// weight never takes a seat from it nor gives one to another), so equal results at `a` and `b` suffice.
/// Largest remainder is not (the population paradox), but each whole part and each difference of two
/// quotas is monotone in the varied weight, so equal *structure* at `a` and `b` (whole parts and the order
/// of the remainders, round by round) suffices. The work depends on how often the result changes, not on
/// the width of the range (except for Droop, whose quota is a new one every `seats + 1` of the total: a
/// range with too many quotas is refused up front).
///
/// - Parameters:
///   - seats: the house size.
///   - contenders: the units; the weight of `contenders[index]` is replaced by each scanned value.
///   - index: the varied contender.
///   - range: the weights to try.
///   - target: the allocation to reproduce, in contender order.
///   - method: the allocation method.
///   - ties: the tie policy (an open tie never reproduces a target).
///   - minimums: the minimum rule.
///   - comparisons: the quotient comparisons the scan may make (``ReproducingRangeLimits``).
/// - Throws: ``ReproducingRangeError``: bad input and weights that overflow are checked before scanning.
public func reproducingRange(
  seats: Int, contenders: [Contender], varying index: Int, over range: ClosedRange<Int>,
  target: [Int], method: AllocationMethod, ties: TiePolicy, minimums: MinimumRule,
  comparisons: Int = ReproducingRangeLimits.maximumComparisons
) throws(ReproducingRangeError) -> ReproducingRange {
  guard contenders.indices.contains(index) else {
    throw .noSuchContender(index: index, count: contenders.count)
  }
  guard target.count == contenders.count else {
    throw .targetLength(target: target.count, contenders: contenders.count)
  }
  guard range.lowerBound >= 0 else { throw .negativeRange(range) }
  var others = 0
  for (i, c) in contenders.enumerated() where i != index {
    let (sum, overflow) = others.addingReportingOverflow(Swift.max(c.weight, 0))
    guard !overflow else { throw .totalWeightTooLarge }
    others = sum
  }
  guard !others.addingReportingOverflow(range.upperBound).overflow else {
    throw .totalWeightTooLarge
  }
  let allowed = ReproducingRangeLimits.evaluations(
    method: method, seats: seats, contenders: contenders.count, comparisons: comparisons)
  if method == .largestRemainder(.droop) {
    // Droop's quota is a step of the total, a new one every `seats + 1`: each step can change the
    // structure, so a range holding too many of them cannot be settled by bisection.
    let steps = (range.upperBound - range.lowerBound) / (Swift.max(seats, 0) + 1) + 1
    if steps > allowed / 4 { throw .tooManyEvaluations(limit: allowed) }
  }
  var work = contenders
  var evaluations = 0
  // What decides that an interval is settled: the result, and for largest remainder its structure.
  struct Outcome: Equatable {
    var seats: [Int]
    var openTie: Tie?
    var trace: [Int]?
  }
  func outcome(_ value: Int) throws(ReproducingRangeError) -> Outcome {
    evaluations += 1
    guard evaluations <= allowed else { throw .tooManyEvaluations(limit: allowed) }
    work[index].weight = value
    var trace: [Int]? = method.isPopulationMonotone ? nil : []
    do {
      let a = try method.allocate(seats, among: work, ties: ties, minimums: minimums, trace: &trace)
      return Outcome(seats: a.seats, openTie: a.openTie, trace: trace)
    } catch {
      throw .allocation(error)
    }
  }
  // Maximal runs of identical outcomes as (start, end, matches).
  var runs: [(Int, Int, Bool)] = []
  func emit(_ a: Int, _ b: Int, _ ok: Bool) {
    if let last = runs.last, last.2 == ok, last.1 + 1 == a {
      runs[runs.count - 1].1 = b
    } else {
      runs.append((a, b, ok))
    }
  }
  func matches(_ x: Outcome) -> Bool { x.openTie == nil && x.seats == target }
  // Iterative bisection over [lo, hi] with known outcomes at both ends, left to right: pop from the end,
  // push the right half first.
  var stack: [(Int, Outcome, Int, Outcome)] = []
  let lo = range.lowerBound
  let hi = range.upperBound
  stack.append((lo, try outcome(lo), hi, try outcome(hi)))
  while let (a, oa, b, ob) = stack.popLast() {
    if oa == ob {
      emit(a, b, matches(oa))
    } else if b == a + 1 {
      emit(a, a, matches(oa))
      emit(b, b, matches(ob))
    } else if a == b {
      emit(a, a, matches(oa))
    } else {
      let m = a + (b - a) / 2
      let om = try outcome(m)
      stack.append((m + 1, try outcome(m + 1), b, ob))
      stack.append((a, oa, m, om))
    }
  }
  return ReproducingRange(method: method, intervals: runs.filter(\.2).map { $0.0...$0.1 })
}
