import SaylauCore

/// One contender in an allocation: a party list, a region to be apportioned seats, anything with a weight.
///
/// The allocation methods take plain `(name, weight)` pairs so the same code serves party-list seats and the
/// apportionment of constituencies among regions. The order of the array is the tie-break order under
/// ``TiePolicy/breakByOrder``: an earlier entry wins an exact tie (for party lists, the order of
/// registration by the CEC, rules.md A4.7).
public struct Contender: Sendable, Hashable, Codable {
  /// A stable code or name.
  public var name: String
  /// Votes, population or electorate. Must not be negative (checked by ``AllocationMethod/allocate(_:among:ties:minimums:)``).
  public var weight: Int
  /// Seats this contender must receive at least (for example one constituency per region). Default 0.
  public var minimumSeats: Int

  public init(name: String, weight: Int, minimumSeats: Int = 0) {
    self.name = name
    self.weight = weight
    self.minimumSeats = minimumSeats
  }
}

/// What happens when contenders have exactly equal claims on the last seats.
public enum TiePolicy: String, Sendable, Hashable, Codable, CaseIterable {
  /// The tie is decided and a note says how: for largest remainder the earlier contender wins; for divisor
  /// methods the contender with more weight, then the earlier one. The rule for party lists (rules.md A4.7:
  /// registration order).
  case breakByOrder = "break-by-order"
  /// The tied seats are left unassigned and the tie is reported in ``Allocation/openTie``: someone else (the
  /// law, a lot, the user) must decide. The rule for apportionment studies, where an arbitrary order would
  /// hide that the data cannot decide.
  case leaveOpen = "leave-open"
}

/// How largest-remainder methods honour minimums (divisor methods always start every contender at its
/// minimum and hand out the rest by quotient, so for them the two rules agree).
public enum MinimumRule: String, Sendable, Hashable, Codable, CaseIterable {
  /// A contender whose *allocated* seats fall below its minimum is fixed at the minimum, and the other
  /// seats are reallocated among the others; repeated until every minimum holds. The rule of the list-seat
  /// decision.
  case pinByAllocation = "pin-by-allocation"
  /// A contender whose *quota* falls below its minimum is fixed at the minimum, and the quota is recomputed
  /// for the others; repeated until no quota is below its minimum (the iterated procedure of the
  /// apportionment literature).
  case pinByQuota = "pin-by-quota"
}

/// A tie that decides seats: `contenders` have exactly equal claims on the last `seats` seats, and there
/// are more of them than seats.
public struct Tie: Sendable, Hashable, Codable {
  /// The tied contenders, in input order.
  public var contenders: [String]
  /// The seats they tie for (fewer than the contenders).
  public var seats: Int

  public init(contenders: [String], seats: Int) {
    self.contenders = contenders
    self.seats = seats
  }
}

/// The result of an allocation: seats per contender, in the input order, and how ties were handled.
public struct Allocation: Sendable, Hashable, Codable {
  public var method: AllocationMethod
  public var tiePolicy: TiePolicy
  public var minimumRule: MinimumRule
  /// The seats to allocate (the house size).
  public var seatCount: Int
  public var contenders: [Contender]
  /// Seats per contender, in input order. Excludes the seats left open by ``openTie``.
  public var seats: [Int]
  /// Notes on every exact tie that ``TiePolicy/breakByOrder`` decided (empty when none).
  public var tiesBroken: [String]
  /// The seat-deciding tie left open under ``TiePolicy/leaveOpen``, if any.
  public var openTie: Tie?

  /// Seats allocated (``seatCount`` minus any seats left open).
  public var totalSeats: Int { seats.reduce(0, +) }

  /// Seats of the contender named `name`, or `nil` if there is none.
  public func seats(of name: String) -> Int? {
    contenders.firstIndex { $0.name == name }.map { seats[$0] }
  }
}

/// Why an allocation cannot be computed. Every case is checked before any work is done, so bad or huge
/// input gets an answer at once instead of a trap or a very long loop.
public enum AllocationError: Error, Equatable, Sendable, CustomStringConvertible {
  case negativeSeats(Int)
  /// More seats than ``AllocationLimits/maximumSeats``.
  case tooManySeats(seats: Int, limit: Int)
  /// Seats × contenders beyond ``AllocationLimits/maximumWork`` (divisor methods hand out seats one by one).
  case tooMuchWork(seats: Int, contenders: Int, limit: Int)
  case noContenders
  case negativeWeight(contender: String, weight: Int)
  case negativeMinimum(contender: String, minimum: Int)
  /// The weights add up to more than `Int.max`.
  case totalWeightTooLarge
  /// The minimums add up to more than the seats (`minimums` is `Int.max` when the sum itself overflows).
  case minimumsExceedSeats(minimums: Int, seats: Int)
  /// Seats are left after the minimums, but no contender has a positive weight.
  case nothingToAllocate

  public var description: String {
    switch self {
    case .negativeSeats(let n): return "the number of seats cannot be negative (got \(n))"
    case .tooManySeats(let s, let limit):
      return "\(s) seats are more than the \(limit) an allocation can hand out"
    case .tooMuchWork(let s, let c, let limit):
      return
        "\(s) seats among \(c) contenders is beyond the \(limit) seat-contender steps an allocation may take"
    case .noContenders: return "there is no contender to allocate seats to"
    case .negativeWeight(let c, let w): return "\(c): the weight cannot be negative (got \(w))"
    case .negativeMinimum(let c, let m): return "\(c): the minimum cannot be negative (got \(m))"
    case .totalWeightTooLarge: return "the weights add up to more than \(Int.max)"
    case .minimumsExceedSeats(let m, let s):
      return m == Int.max
        ? "the seat minimums add up to more than \(Int.max), more than the \(s) seats"
        : "the seat minimums add up to \(m), more than the \(s) seats"
    case .nothingToAllocate:
      return "no contender has a positive weight, so no seat can be allocated"
    }
  }
}

/// The bounds that keep an allocation cheap. Divisor methods hand out seats one at a time, so their work is
/// seats × contenders; the limits are far above any parliament or census apportionment.
public enum AllocationLimits {
  /// The most seats one allocation hands out.
  public static let maximumSeats = 1_000_000
  /// The most seats × contenders one allocation may take.
  public static let maximumWork = 200_000_000
}

extension AllocationMethod {
  /// Allocates `seatCount` seats among `contenders` with this method, exactly (integer arithmetic only).
  ///
  /// - Parameters:
  ///   - seatCount: the seats to allocate.
  ///   - contenders: names, weights and minimums; the order is the tie-break order.
  ///   - ties: what to do with an exact tie for the last seats (``TiePolicy``).
  ///   - minimums: how largest remainder honours minimums (``MinimumRule``); divisor methods start every
  ///     contender at its minimum under either rule.
  /// - Throws: ``AllocationError`` for negative or too large inputs, minimums above the seats, or seats with
  ///   no positive weight to give them to; all checked before allocating.
  public func allocate(
    _ seatCount: Int, among contenders: [Contender], ties: TiePolicy, minimums: MinimumRule
  ) throws(AllocationError) -> Allocation {
    var noTrace: [Int]? = nil
    return try allocate(
      seatCount, among: contenders, ties: ties, minimums: minimums, trace: &noTrace)
  }

  /// ``allocate(_:among:ties:minimums:)``, recording for largest remainder the structure the result
  /// depends on (see `LargestRemainder.allocate`).
  func allocate(
    _ seatCount: Int, among contenders: [Contender], ties: TiePolicy, minimums: MinimumRule,
    trace: inout [Int]?
  ) throws(AllocationError) -> Allocation {
    try validate(seatCount, contenders)
    var result = Allocation(
      method: self, tiePolicy: ties, minimumRule: minimums, seatCount: seatCount,
      contenders: contenders, seats: [], tiesBroken: [], openTie: nil)
    switch self {
    case .largestRemainder(let quota):
      let outcome = try LargestRemainder(quota: quota, ties: ties, minimums: minimums)
        .allocate(seatCount, contenders, trace: &trace)
      (result.seats, result.tiesBroken, result.openTie) = outcome
    case .divisor(let method):
      let outcome = DivisorAllocation(method: method, ties: ties).allocate(seatCount, contenders)
      (result.seats, result.tiesBroken, result.openTie) = outcome
    }
    return result
  }
}

/// The checks every allocation makes first; afterwards every sum below fits in `Int`.
private func validate(_ seatCount: Int, _ contenders: [Contender]) throws(AllocationError) {
  guard seatCount >= 0 else { throw .negativeSeats(seatCount) }
  guard seatCount <= AllocationLimits.maximumSeats else {
    throw .tooManySeats(seats: seatCount, limit: AllocationLimits.maximumSeats)
  }
  guard !contenders.isEmpty else { throw .noContenders }
  let (work, overflow) = seatCount.multipliedReportingOverflow(by: contenders.count)
  guard !overflow, work <= AllocationLimits.maximumWork else {
    throw .tooMuchWork(
      seats: seatCount, contenders: contenders.count, limit: AllocationLimits.maximumWork)
  }
  var total = 0
  var minimums = 0
  for c in contenders {
    guard c.weight >= 0 else { throw .negativeWeight(contender: c.name, weight: c.weight) }
    guard c.minimumSeats >= 0 else {
      throw .negativeMinimum(contender: c.name, minimum: c.minimumSeats)
    }
    let (t, o) = total.addingReportingOverflow(c.weight)
    guard !o else { throw .totalWeightTooLarge }
    total = t
    let (m, mo) = minimums.addingReportingOverflow(c.minimumSeats)
    minimums = mo ? Int.max : m
  }
  guard minimums <= seatCount else {
    throw .minimumsExceedSeats(minimums: minimums, seats: seatCount)
  }
  if minimums < seatCount && total == 0 { throw .nothingToAllocate }
}
