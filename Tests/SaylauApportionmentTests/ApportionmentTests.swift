import Foundation
import SaylauCore
import SaylauData
import SaylauRegistry
import Testing

@testable import SaylauApportionment

let hamilton = AllocationMethod.largestRemainder(.hare)
let jefferson = AllocationMethod.divisor(.dhondt)
let webster = AllocationMethod.divisor(.sainteLague)

/// The apportionment policies: ties left open, Hamilton minimums pinned by quota.
func apportion(seats: Int, units: [Contender], method: AllocationMethod) throws(AllocationError)
  -> Allocation
{
  try method.allocate(seats, among: units, ties: .leaveOpen, minimums: .pinByQuota)
}

@Suite struct ApportionmentTests {
  func units(_ pops: [Int], minimum: Int = 0) -> [Contender] {
    pops.enumerated().map {
      Contender(name: "u\($0.offset)", weight: $0.element, minimumSeats: minimum)
    }
  }

  /// The textbook four-party example (100,000 / 80,000 / 30,000 / 20,000 votes, 8 seats):
  /// D'Hondt 4-3-1-0, Sainte-Laguë 3-3-1-1, Hamilton 3-3-1-1.
  @Test func textbookExample() throws {
    let u = units([100_000, 80_000, 30_000, 20_000])
    #expect(try apportion(seats: 8, units: u, method: jefferson).seats == [4, 3, 1, 0])
    #expect(try apportion(seats: 8, units: u, method: webster).seats == [3, 3, 1, 1])
    #expect(try apportion(seats: 8, units: u, method: hamilton).seats == [3, 3, 1, 1])
    // Adams, Dean and Huntington–Hill give every unit a seat before any gets a second.
    for m in [AllocationMethod.divisor(.adams), .divisor(.dean), .divisor(.huntingtonHill)] {
      #expect(try apportion(seats: 8, units: u, method: m).seats.allSatisfy { $0 >= 1 })
    }
  }

  /// The Alabama paradox: with populations 6, 6, 2 Hamilton gives 4-4-2 for 10 seats and 5-5-1 for 11.
  @Test func alabamaParadox() throws {
    let u = units([6, 6, 2])
    #expect(try apportion(seats: 10, units: u, method: hamilton).seats == [4, 4, 2])
    #expect(try apportion(seats: 11, units: u, method: hamilton).seats == [5, 5, 1])
  }

  /// The 2023 Mäjilis list seats are Hare quota + largest remainder among the six parties over 5 %.
  @Test func majilis2023ListSeats() throws {
    let table = try CSVTable(
      text: try (BundledData.text("results_2023_party_list.csv")),
      source: "results_2023_party_list.csv")
    let kind = try table.column("row_type")
    let votes = try table.column("votes")
    let seats = try table.column("list_seats")
    let name = try table.column("party_code")
    var parties: [Contender] = []
    var official: [Int] = []
    var total = 0
    for r in table.rows.indices {
      let v = try table.integer(row: r, column: votes)
      if table.rows[r].fields[kind] == "party" || table.rows[r].fields[kind] == "against_all" {
        total += v!
      }
      guard table.rows[r].fields[kind] == "party", let v else { continue }
      parties.append(Contender(name: table.rows[r].fields[name], weight: v))
      official.append(try table.integer(row: r, column: seats)!)
    }
    let eligible = parties.indices.filter { 20 * parties[$0].weight >= total }
    #expect(eligible.count == 6)
    let a = try apportion(seats: 69, units: eligible.map { parties[$0] }, method: hamilton)
    #expect(a.openTie == nil)
    #expect(a.seats == eligible.map { official[$0] })
    // D'Hondt would not reproduce it (rules.md A4).
    #expect(
      try apportion(seats: 69, units: eligible.map { parties[$0] }, method: jefferson).seats
        != a.seats)
  }

  @Test func tiesAreReportedNotBroken() throws {
    let a = try apportion(seats: 1, units: units([5, 5]), method: webster)
    #expect(a.openTie == Tie(contenders: ["u0", "u1"], seats: 1))
    #expect(a.seats == [0, 0])
    let h = try apportion(seats: 3, units: units([1, 1, 1, 1]), method: hamilton)
    #expect(h.openTie?.seats == 3)
    #expect(h.openTie?.contenders.count == 4)
    // A tie that does not decide a seat is no tie: 2 seats for two equal units.
    #expect(try apportion(seats: 2, units: units([5, 5]), method: jefferson).openTie == nil)
  }

  /// Huntington–Hill tie that only exact arithmetic sees: 10² / (1·2) = 60² / (8·9) = 50.
  @Test func huntingtonHillExactTie() throws {
    let u = [
      Contender(name: "a", weight: 10, minimumSeats: 1),
      Contender(name: "b", weight: 60, minimumSeats: 8),
    ]
    let a = try apportion(seats: 10, units: u, method: .divisor(.huntingtonHill))
    #expect(a.openTie == Tie(contenders: ["a", "b"], seats: 1))
    // Dean: 10·3/(2·1·2) = 7.5 vs 60·17/(2·8·9) = 7.083…: a wins.
    #expect(try apportion(seats: 10, units: u, method: .divisor(.dean)).seats == [2, 8])
  }

  /// Products beyond 2^64 (populations near 4·10^18, squared by Huntington–Hill) are still exact.
  @Test func hugePopulations() throws {
    let big = 4_000_000_000_000_000_000
    let u = [
      Contender(name: "a", weight: big, minimumSeats: 1),
      Contender(name: "b", weight: big - 1, minimumSeats: 1),
    ]
    #expect(try apportion(seats: 3, units: u, method: .divisor(.huntingtonHill)).seats == [2, 1])
    #expect(try apportion(seats: 3, units: u, method: .divisor(.dean)).seats == [2, 1])
    #expect(try apportion(seats: 3, units: u, method: hamilton).seats == [2, 1])
  }

  @Test func minimumsAreHonoured() throws {
    // Hamilton with a minimum: the small unit's quota (0.1) is below 1, so it is pinned at 1.
    let u = [
      Contender(name: "big", weight: 990, minimumSeats: 1),
      Contender(name: "small", weight: 10, minimumSeats: 1),
    ]
    #expect(try apportion(seats: 10, units: u, method: hamilton).seats == [9, 1])
    #expect(try apportion(seats: 10, units: u, method: jefferson).seats == [9, 1])
    #expect(throws: AllocationError.minimumsExceedSeats(minimums: 2, seats: 1)) {
      try apportion(seats: 1, units: u, method: webster)
    }
  }

  /// The 2023 allocation of the 29 constituencies: every method with a minimum of one reproduces it,
  /// for any Ulytau population below Karaganda's (Adams: a lower bound).
  @Test func kazakhstan2023() throws {
    let input = try ApportionmentInputs.regions(
      of: try BundledData.registry(), scheme: "2023", allowingBlankFor: "ulytau")
    let u = input.contenders
    let target = try #require(input.target)
    let ulytau = try #require(input.unknownWeight)
    #expect(u[ulytau].name == "ulytau")
    #expect(target.reduce(0, +) == 29)
    #expect(u.allSatisfy { $0.minimumSeats == 1 })
    func range(_ m: AllocationMethod, _ r: ClosedRange<Int>) throws -> ReproducingRange {
      try reproducingRange(
        seats: 29, contenders: u, varying: ulytau, over: r, target: target, method: m,
        ties: .leaveOpen, minimums: .pinByQuota)
    }
    let jeffersonRange = try range(jefferson, 0...3_000_000)
    #expect(jeffersonRange.intervals == [0...1_134_752])  // 1,134,753 = Karaganda: a tie for the last seat
    let adams = try range(.divisor(.adams), 0...3_000_000)
    #expect(adams.intervals.first?.lowerBound == 0)
    let hamiltonRange = try range(hamilton, 130_000...170_000)
    #expect(hamiltonRange.intervals == [130_000...170_000])
    // The target is the registry's count of constituencies per region, as the regions table publishes it.
    let table = try CSVTable(text: try BundledData.text("regions.csv"), source: "regions.csv")
    let seats = try table.column("smd_seats_2023")
    #expect(target == (try table.rows.indices.map { try table.integer(row: $0, column: seats)! }))
    // Without the scan, the blank population is an error naming the region.
    #expect(throws: ApportionmentInputError.blankPopulation(region: "ulytau")) {
      try ApportionmentInputs.regions(of: try BundledData.registry())
    }
    #expect(throws: ApportionmentInputError.incompleteScheme(id: "2004", known: 9, seats: 67)) {
      try ApportionmentInputs.regions(of: try BundledData.registry(), scheme: "2004")
    }
  }

  @Test func csvErrorsNameLineAndField() throws {
    let text = "name,population\nA,100\nB,\n"
    #expect(
      throws: CSVError(
        source: "x.csv", line: 3, field: "population",
        message: "blank for 'B' (a missing population cannot be apportioned; supply a figure)")
    ) {
      try ApportionmentInput.read(csv: text, source: "x.csv")
    }
    #expect(throws: CSVError.self) {
      try ApportionmentInput.read(csv: "name,population\nA,1x\n", source: "y.csv")
    }
  }
}
