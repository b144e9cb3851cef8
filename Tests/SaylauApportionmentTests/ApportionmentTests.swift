import Foundation
import SaylauCore
import SaylauData
import SaylauRegistry
import Testing

@testable import SaylauApportionment

@Suite struct ApportionmentTests {
  func units(_ pops: [Int], minimum: Int = 0) -> [ApportionmentUnit] {
    pops.enumerated().map {
      ApportionmentUnit(name: "u\($0.offset)", population: $0.element, minimum: minimum)
    }
  }

  /// The textbook four-party example (100,000 / 80,000 / 30,000 / 20,000 votes, 8 seats):
  /// D'Hondt 4-3-1-0, Sainte-Laguë 3-3-1-1, Hamilton 3-3-1-1.
  @Test func textbookExample() throws {
    let u = units([100_000, 80_000, 30_000, 20_000])
    #expect(try apportion(seats: 8, units: u, method: .jefferson).allocation == [4, 3, 1, 0])
    #expect(try apportion(seats: 8, units: u, method: .webster).allocation == [3, 3, 1, 1])
    #expect(try apportion(seats: 8, units: u, method: .hamilton).allocation == [3, 3, 1, 1])
    // Adams, Dean and Huntington–Hill give every unit a seat before any gets a second.
    for m in [ApportionmentMethod.adams, .dean, .huntingtonHill] {
      #expect(try apportion(seats: 8, units: u, method: m).allocation.allSatisfy { $0 >= 1 })
    }
  }

  /// The Alabama paradox: with populations 6, 6, 2 Hamilton gives 4-4-2 for 10 seats and 5-5-1 for 11.
  @Test func alabamaParadox() throws {
    let u = units([6, 6, 2])
    #expect(try apportion(seats: 10, units: u, method: .hamilton).allocation == [4, 4, 2])
    #expect(try apportion(seats: 11, units: u, method: .hamilton).allocation == [5, 5, 1])
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
    var parties: [ApportionmentUnit] = []
    var official: [Int] = []
    var total = 0
    for r in table.rows.indices {
      let v = try table.integer(row: r, column: votes)
      if table.rows[r].fields[kind] == "party" || table.rows[r].fields[kind] == "against_all" {
        total += v!
      }
      guard table.rows[r].fields[kind] == "party", let v else { continue }
      parties.append(ApportionmentUnit(name: table.rows[r].fields[name], population: v))
      official.append(try table.integer(row: r, column: seats)!)
    }
    let eligible = parties.indices.filter { 20 * parties[$0].population >= total }
    #expect(eligible.count == 6)
    let a = try apportion(seats: 69, units: eligible.map { parties[$0] }, method: .hamilton)
    #expect(a.tie == nil)
    #expect(a.allocation == eligible.map { official[$0] })
    // D'Hondt would not reproduce it (rules.md A4).
    #expect(
      try apportion(seats: 69, units: eligible.map { parties[$0] }, method: .jefferson).allocation
        != a.allocation)
  }

  @Test func tiesAreReportedNotBroken() throws {
    let a = try apportion(seats: 1, units: units([5, 5]), method: .webster)
    #expect(a.tie == ApportionmentTie(units: ["u0", "u1"], seats: 1))
    #expect(a.allocation == [0, 0])
    let h = try apportion(seats: 3, units: units([1, 1, 1, 1]), method: .hamilton)
    #expect(h.tie?.seats == 3)
    #expect(h.tie?.units.count == 4)
    // A tie that does not decide a seat is no tie: 2 seats for two equal units.
    #expect(try apportion(seats: 2, units: units([5, 5]), method: .jefferson).tie == nil)
  }

  /// Huntington–Hill tie that only exact arithmetic sees: 10² / (1·2) = 60² / (8·9) = 50.
  @Test func huntingtonHillExactTie() throws {
    let u = [
      ApportionmentUnit(name: "a", population: 10, minimum: 1),
      ApportionmentUnit(name: "b", population: 60, minimum: 8),
    ]
    let a = try apportion(seats: 10, units: u, method: .huntingtonHill)
    #expect(a.tie == ApportionmentTie(units: ["a", "b"], seats: 1))
    // Dean: 10·3/(2·1·2) = 7.5 vs 60·17/(2·8·9) = 7.083…: a wins.
    #expect(try apportion(seats: 10, units: u, method: .dean).allocation == [2, 8])
  }

  /// Products beyond 2^64 (populations near 4·10^18, squared by Huntington–Hill) are still exact.
  @Test func hugePopulations() throws {
    let big = 4_000_000_000_000_000_000
    let u = [
      ApportionmentUnit(name: "a", population: big, minimum: 1),
      ApportionmentUnit(name: "b", population: big - 1, minimum: 1),
    ]
    #expect(try apportion(seats: 3, units: u, method: .huntingtonHill).allocation == [2, 1])
    #expect(try apportion(seats: 3, units: u, method: .dean).allocation == [2, 1])
    #expect(try apportion(seats: 3, units: u, method: .hamilton).allocation == [2, 1])
  }

  @Test func minimumsAreHonoured() throws {
    // Hamilton with a minimum: the small unit's quota (0.1) is below 1, so it is pinned at 1.
    let u = [
      ApportionmentUnit(name: "big", population: 990, minimum: 1),
      ApportionmentUnit(name: "small", population: 10, minimum: 1),
    ]
    #expect(try apportion(seats: 10, units: u, method: .hamilton).allocation == [9, 1])
    #expect(try apportion(seats: 10, units: u, method: .jefferson).allocation == [9, 1])
    #expect(throws: ApportionmentError.self) { try apportion(seats: 1, units: u, method: .webster) }
  }

  /// The 2023 allocation of the 29 constituencies: every method with a minimum of one reproduces it,
  /// for any Ulytau population below Karaganda's (Adams: a lower bound).
  @Test func kazakhstan2023() throws {
    let table = try CSVTable(
      text: try (BundledData.text("regions.csv")), source: "regions.csv")
    let code = try table.column("code")
    let pop = try table.column("population")
    let seats = try table.column("smd_seats_2023")
    var u: [ApportionmentUnit] = []
    var target: [Int] = []
    var ulytau = -1
    for r in table.rows.indices {
      let p = try table.integer(row: r, column: pop)
      if p == nil { ulytau = r }
      u.append(ApportionmentUnit(name: table.rows[r].fields[code], population: p ?? 0, minimum: 1))
      target.append(try table.integer(row: r, column: seats)!)
    }
    #expect(u[ulytau].name == "ulytau")
    #expect(target.reduce(0, +) == 29)
    let jefferson = try reproducingRange(
      seats: 29, units: u, varying: ulytau, over: 0...3_000_000, target: target, method: .jefferson)
    #expect(jefferson.intervals == [0...1_134_752])  // 1,134,753 = Karaganda: a tie for the last seat
    let adams = try reproducingRange(
      seats: 29, units: u, varying: ulytau, over: 0...3_000_000, target: target, method: .adams)
    #expect(adams.intervals.first?.lowerBound == 0)
    let hamilton = try reproducingRange(
      seats: 29, units: u, varying: ulytau, over: 130_000...170_000, target: target,
      method: .hamilton)
    #expect(hamilton.intervals == [130_000...170_000])
  }

  @Test func csvErrorsNameLineAndField() throws {
    let text = "name,population\nA,100\nB,\n"
    #expect(
      throws: CSVError(
        source: "x.csv", line: 3, field: "population",
        message: "blank for 'B' (a missing population cannot be apportioned; supply a figure)")
    ) {
      try ApportionmentUnit.read(csv: text, source: "x.csv")
    }
    #expect(throws: CSVError.self) {
      try ApportionmentUnit.read(csv: "name,population\nA,1x\n", source: "y.csv")
    }
  }
}
