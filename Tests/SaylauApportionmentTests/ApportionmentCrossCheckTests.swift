import SaylauCore
import Testing

@testable import SaylauApportionment

/// The two policy pairs of the one engine — party lists (ties broken by order, minimums pinned by
/// allocation) and apportionment (ties left open, minimums pinned by quota) — must agree wherever the
/// policies cannot matter: inputs with no seat-deciding tie and no minimums. A seeded property test over
/// every method.
@Suite struct ApportionmentCrossCheckTests {
  @Test func theTwoPoliciesAgreeOnTieFreeInputsWithoutMinimums() throws {
    var rng = SeededGenerator(seed: 99)
    var compared = 0
    for _ in 0..<300 {
      let n = 2 + rng.next(below: 8)
      let seats = n + rng.next(below: 30)
      // Small weights now and then, so that exact ties occur and are skipped rather than never met.
      let scale = rng.next(below: 4) == 0 ? 20 : 2_000_000
      let weights = (0..<n).map { _ in 1 + rng.next(below: scale) }
      let contenders = weights.enumerated().map {
        Contender(name: "u\($0.offset)", weight: $0.element)
      }
      for method in AllocationMethod.allCases {
        let open = try method.allocate(
          seats, among: contenders, ties: .leaveOpen, minimums: .pinByQuota)
        let lists = try method.allocate(
          seats, among: contenders, ties: .breakByOrder, minimums: .pinByAllocation)
        if open.openTie != nil {
          // A tie the apportionment leaves open is one the list rule had to break, and vice versa.
          #expect(!lists.tiesBroken.isEmpty, "\(method) \(weights) \(seats)")
          continue
        }
        #expect(lists.tiesBroken.isEmpty, "\(method) \(weights) \(seats)")
        #expect(open.seats == lists.seats, "\(method) \(weights) \(seats)")
        #expect(open.totalSeats == seats)
        compared += 1
      }
    }
    #expect(compared > 2500)
  }
}
