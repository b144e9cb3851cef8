import SaylauCore
import SaylauData
import SaylauElections
import SaylauRegistry
import Testing

@testable import SaylauApportionment

/// Cross-check against the independent allocation code in SaylauElections (written separately by the
/// elections work): on tie-free inputs both must give the same seats for every shared method.
@Suite struct ApportionmentCrossCheckTests {
  static let pairs: [(ApportionmentMethod, AllocationMethod)] = [
    (.hamilton, .largestRemainder(.hare)), (.jefferson, .divisor(.dhondt)),
    (.webster, .divisor(.sainteLague)),
    (.adams, .divisor(.adams)), (.dean, .divisor(.dean)),
    (.huntingtonHill, .divisor(.huntingtonHill)),
  ]

  @Test func sameSeatsAsSaylauElections() throws {
    var rng = SeededGenerator(seed: 99)
    var compared = 0
    for _ in 0..<300 {
      let n = 2 + rng.next(below: 8)
      let seats = n + rng.next(below: 30)
      let pops = (0..<n).map { _ in 1 + rng.next(below: 2_000_000) }
      for (mine, theirs) in Self.pairs {
        // Minimum 0 for Hamilton (the two libraries pin minimums by different rules, see below).
        let minimum = mine == .hamilton ? 0 : 1
        let units = pops.enumerated().map {
          ApportionmentUnit(name: "u\($0.offset)", population: $0.element, minimum: minimum)
        }
        let a = try apportion(seats: seats, units: units, method: mine)
        let b = try theirs.allocate(
          seats,
          among: units.map {
            Contender(name: $0.name, weight: $0.population, minimumSeats: $0.minimum)
          })
        guard a.tie == nil else { continue }
        #expect(a.allocation == b.seats, "\(mine) \(pops) \(seats)")
        compared += 1
      }
    }
    #expect(compared > 1500)
  }
}
