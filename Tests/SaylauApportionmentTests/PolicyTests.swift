import SaylauCore
import Testing

@testable import SaylauApportionment

/// Where the tie policy and the minimum rule differ, and the limits that answer huge inputs at once.
@Suite struct PolicyTests {
  func cs(_ w: [Int], minimum: Int = 0) -> [Contender] {
    w.enumerated().map {
      Contender(name: "u\($0.offset)", weight: $0.element, minimumSeats: minimum)
    }
  }

  @Test func aTieIsBrokenByOrderOrLeftOpen() throws {
    let hare = AllocationMethod.largestRemainder(.hare)
    let open = try hare.allocate(
      4, among: cs([100, 100, 100]), ties: .leaveOpen, minimums: .pinByQuota)
    #expect(open.seats == [1, 1, 1])
    #expect(open.openTie == Tie(contenders: ["u0", "u1", "u2"], seats: 1))
    let broken = try hare.allocate(
      4, among: cs([100, 100, 100]), ties: .breakByOrder, minimums: .pinByAllocation)
    #expect(broken.seats == [2, 1, 1])
    #expect(broken.openTie == nil && broken.tiesBroken.count == 1)
    // D'Hondt: 20/2 = 10/1; by order the larger list wins, left open it is a tie.
    let dh = AllocationMethod.divisor(.dhondt)
    #expect(
      try dh.allocate(2, among: cs([10, 20]), ties: .breakByOrder, minimums: .pinByAllocation).seats
        == [0, 2])
    #expect(
      try dh.allocate(2, among: cs([10, 20]), ties: .leaveOpen, minimums: .pinByQuota).openTie
        == Tie(contenders: ["u0", "u1"], seats: 1))
    // Imperiali over-allocation with equal remainders: taking back is a tie too.
    let imp = AllocationMethod.largestRemainder(.imperiali)
    let taken = try imp.allocate(
      2, among: cs([100, 100, 100]), ties: .leaveOpen, minimums: .pinByQuota)
    #expect(taken.seats == [0, 0, 0])
    #expect(taken.openTie == Tie(contenders: ["u0", "u1", "u2"], seats: 2))
  }

  /// Weights 5, 18, 2, eight seats, one each at least: quotas 1.6, 5.76, 0.64. By quota the third is pinned
  /// and the other seven give 2 and 5; by allocation the third wins a remainder seat and nobody is pinned.
  @Test func theMinimumRulesDifferOnHamilton() throws {
    let hare = AllocationMethod.largestRemainder(.hare)
    let input = cs([5, 18, 2], minimum: 1)
    #expect(
      try hare.allocate(8, among: input, ties: .leaveOpen, minimums: .pinByQuota).seats == [
        2, 5, 1,
      ])
    #expect(
      try hare.allocate(8, among: input, ties: .leaveOpen, minimums: .pinByAllocation).seats
        == [1, 6, 1])
    // Divisor methods start at the minimum either way.
    for rule in MinimumRule.allCases {
      #expect(
        try AllocationMethod.divisor(.sainteLague).allocate(
          8, among: input, ties: .leaveOpen, minimums: rule
        )
        .seats == [2, 5, 1])
    }
  }

  @Test func hugeInputsAreRefusedUpFront() {
    let method = AllocationMethod.divisor(.dhondt)
    #expect(
      throws: AllocationError.tooManySeats(
        seats: 1_000_000_000_000, limit: AllocationLimits.maximumSeats)
    ) {
      try method.allocate(
        1_000_000_000_000, among: cs([1, 2]), ties: .leaveOpen, minimums: .pinByQuota)
    }
    #expect(throws: AllocationError.totalWeightTooLarge) {
      try method.allocate(10, among: cs([Int.max, 1]), ties: .leaveOpen, minimums: .pinByQuota)
    }
    #expect(throws: AllocationError.minimumsExceedSeats(minimums: Int.max, seats: 10)) {
      try method.allocate(
        10,
        among: [
          Contender(name: "a", weight: 1, minimumSeats: Int.max),
          Contender(name: "b", weight: 1, minimumSeats: Int.max),
        ], ties: .leaveOpen, minimums: .pinByQuota)
    }
    #expect(throws: AllocationError.negativeWeight(contender: "u0", weight: -1)) {
      try method.allocate(1, among: cs([-1]), ties: .leaveOpen, minimums: .pinByQuota)
    }
    #expect(throws: AllocationError.noContenders) {
      try method.allocate(1, among: [], ties: .leaveOpen, minimums: .pinByQuota)
    }
    #expect(
      throws: AllocationError.tooMuchWork(
        seats: 1_000_000, contenders: 1000, limit: AllocationLimits.maximumWork)
    ) {
      try method.allocate(
        1_000_000, among: cs(Array(repeating: 1, count: 1000)), ties: .leaveOpen,
        minimums: .pinByQuota)
    }
    #expect(throws: AllocationError.nothingToAllocate) {
      try method.allocate(1, among: cs([0, 0]), ties: .leaveOpen, minimums: .pinByQuota)
    }
    // Weights near Int.max that still add up are exact.
    let big = Int.max / 2
    for m in AllocationMethod.allCases {
      let a = try? m.allocate(
        3, among: cs([big, big - 1]), ties: .leaveOpen, minimums: .pinByQuota)
      #expect(a?.totalSeats == 3, "\(m)")
    }
  }

  @Test func aScanOfABigHouseIsBoundedByItsComparisons() throws {
    // 5,000 seats among 4: each D'Hondt allocation compares about 20,000 quotients, so the scan may make
    // 5,000 allocations; the varied weight changes the result thousands of times over this range.
    let allowed = ReproducingRangeLimits.evaluations(
      method: .divisor(.dhondt), seats: 5_000, contenders: 4)
    #expect(allowed == ReproducingRangeLimits.maximumComparisons / 20_000)
    #expect(
      ReproducingRangeLimits.evaluations(
        method: .largestRemainder(.hare), seats: 5_000, contenders: 4)
        == ReproducingRangeLimits.maximumEvaluations)
    // The same bound, scaled down so a debug build reaches it quickly: 500 seats, 10^6 comparisons, 500
    // allocations; the result changes about 500 times over the range, each change found by bisection.
    let input = cs([1_000, 2_000, 3_000, 0], minimum: 0)
    let small = ReproducingRangeLimits.evaluations(
      method: .divisor(.dhondt), seats: 500, contenders: 4, comparisons: 1_000_000)
    #expect(small == 500)
    #expect(throws: ReproducingRangeError.tooManyEvaluations(limit: small)) {
      try reproducingRange(
        seats: 500, contenders: input, varying: 3, over: 0...10_000_000,
        target: [100, 100, 100, 200], method: .divisor(.dhondt), ties: .leaveOpen,
        minimums: .pinByQuota, comparisons: 1_000_000)
    }
    // A narrow range within the budget is scanned: 41, 83, 125, 251 (exact fractions, by hand) holds for U around 6,000.
    let r = try reproducingRange(
      seats: 500, contenders: input, varying: 3, over: 5_900...6_100,
      target: [41, 83, 125, 251], method: .divisor(.dhondt), ties: .leaveOpen,
      minimums: .pinByQuota, comparisons: 1_000_000)
    #expect(r.intervals.count == 1)
  }

  @Test func aScanOfAHugeRangeIsQuickForEveryMethodAndOverflowIsRefused() throws {
    let input = cs([10, 20, 30], minimum: 1)
    for m in AllocationMethod.allCases where m != .largestRemainder(.droop) {
      let r = try reproducingRange(
        seats: 5, contenders: input, varying: 0, over: 1...1_000_000_000_000, target: [1, 2, 2],
        method: m, ties: .leaveOpen, minimums: .pinByQuota)
      #expect(r.intervals.count <= 3, "\(m)")
    }
    // Droop's quota changes every 6 of the total here: 10^12 values hold too many quotas to settle.
    #expect(
      throws: ReproducingRangeError.tooManyEvaluations(
        limit: ReproducingRangeLimits.maximumEvaluations)
    ) {
      try reproducingRange(
        seats: 5, contenders: input, varying: 0, over: 1...1_000_000_000_000, target: [1, 2, 2],
        method: .largestRemainder(.droop), ties: .leaveOpen, minimums: .pinByQuota)
    }
    #expect(throws: ReproducingRangeError.totalWeightTooLarge) {
      try reproducingRange(
        seats: 5, contenders: input, varying: 0, over: 0...Int.max, target: [1, 2, 2],
        method: .divisor(.dhondt), ties: .leaveOpen, minimums: .pinByQuota)
    }
  }

  /// Largest remainder is not monotone, yet the scan bisects: it must find exactly what trying every
  /// value finds (seeded inputs, both minimum rules, both tie policies, every quota).
  @Test func bisectingANonMonotoneMethodEqualsTryingEveryValue() throws {
    var rng = SeededGenerator(seed: 7)
    for _ in 0..<60 {
      let n = 2 + rng.next(below: 4)
      let weights = (0..<n).map { _ in rng.next(below: 60) }
      let seats = n + rng.next(below: 10)
      let minimum = rng.next(below: 2)
      let input = cs(weights, minimum: minimum)
      let rule = rng.next(below: 2) == 0 ? MinimumRule.pinByQuota : .pinByAllocation
      let ties = rng.next(below: 2) == 0 ? TiePolicy.leaveOpen : .breakByOrder
      let q = Quota.allCases[rng.next(below: 3)]
      let method = AllocationMethod.largestRemainder(q)
      let range = 0...(40 + rng.next(below: 200))
      // The target: the allocation at a random point of the range, so that some values reproduce it.
      var probe = input
      probe[0].weight = rng.next(below: range.upperBound + 1)
      let target = try method.allocate(seats, among: probe, ties: ties, minimums: rule).seats
      let found = try reproducingRange(
        seats: seats, contenders: input, varying: 0, over: range, target: target, method: method,
        ties: ties, minimums: rule)
      var expected: [ClosedRange<Int>] = []
      for v in range {
        var x = input
        x[0].weight = v
        let a = try method.allocate(seats, among: x, ties: ties, minimums: rule)
        guard a.openTie == nil && a.seats == target else { continue }
        if let last = expected.last, last.upperBound + 1 == v {
          expected[expected.count - 1] = last.lowerBound...v
        } else {
          expected.append(v...v)
        }
      }
      #expect(found.intervals == expected, "\(method) \(weights) \(seats) \(rule) \(ties)")
    }
  }

  /// A monotone method bisects: a range of 10^12 values is fast, and exact at its boundary.
  @Test func aMonotoneScanOfAHugeRangeIsQuick() throws {
    let input = cs([0, 1_000_000, 2_000_000], minimum: 0)
    let r = try reproducingRange(
      seats: 3, contenders: input, varying: 0, over: 0...1_000_000_000_000, target: [0, 1, 2],
      method: .divisor(.dhondt), ties: .leaveOpen, minimums: .pinByQuota)
    // D'Hondt third seat: u0 must stay below 1,000,000 (2,000,000/2 = u1's 1,000,000 ties at equality).
    #expect(r.intervals == [0...999_999])
  }
}
