import SaylauElections
import SaylauTestSupport
import Testing

/// A higher commission's protocol against the sum of the protocols below it (the library function every
/// face calls).
@Suite("Commission comparison")
struct CommissionComparisonTests {
  static let register = [
    Precinct(id: "1", constituency: 1, territorialCommission: "t1"),
    Precinct(id: "2", constituency: 1, territorialCommission: "t1"),
    Precinct(id: "3", constituency: 2, territorialCommission: "t2"),
  ]

  @Test("each level adds up its precincts of the register")
  func levels() {
    let region: (Int) -> String? = { $0 == 1 ? "north" : "south" }
    #expect(
      CommissionLevel.territorial.precincts(of: "t1", in: Self.register).map(\.id) == ["1", "2"])
    #expect(CommissionLevel.district.precincts(of: "2", in: Self.register).map(\.id) == ["3"])
    #expect(
      CommissionLevel.regional.precincts(of: "north", in: Self.register, region: region).map(\.id)
        == ["1", "2"])
    #expect(CommissionLevel.central.precincts(of: "cec", in: Self.register).count == 3)
  }

  @Test("a known difference is listed by line with both figures; an equal protocol agrees")
  func knownDifference() throws {
    let schema = try ProtocolFixtures.schema2023()
    let below = [
      ProtocolFixtures.valid("1", constituency: 1, votes: [300, 120, 40], schema: schema),
      ProtocolFixtures.valid("2", constituency: 1, votes: [200, 80, 10], schema: schema),
      ProtocolFixtures.valid("3", constituency: 2, votes: [999], schema: schema),
    ]
    var own = ProtocolFixtures.valid(
      "t1", constituency: nil, votes: [500, 200, 50], schema: schema)
    own.votersOnList = below[0].votersOnList! + below[1].votersOnList!
    own.invalid = 14
    own.ballotsInBox = 764
    own.ballotsIssued = 764
    let precincts = CommissionLevel.territorial.precincts(of: "t1", in: Self.register)
    var c = CommissionComparison.compare(
      own, level: .territorial, below: precincts, accepted: below, schema: schema)
    #expect(c.agrees && c.differences.isEmpty && c.counted == 2 && c.expected == 2)
    // Two votes moved from the second list to the first: both lines listed, in ballot order.
    own.votes[0] = 502
    own.votes[1] = 198
    c = CommissionComparison.compare(
      own, level: .territorial, below: precincts, accepted: below, schema: schema)
    #expect(c.differences.map(\.line) == [schema.parties[0].code, schema.parties[1].code])
    #expect(c.differences.map(\.own) == [502, 198] && c.differences.map(\.below) == [500, 200])
    #expect(c.differences.map(\.difference) == [2, -2] && !c.agrees)
    // A precinct without an accepted protocol is missing, and its counts are not in the sum.
    c = CommissionComparison.compare(
      own, level: .territorial, below: precincts, accepted: [below[0]], schema: schema)
    #expect(c.missing == ["2"] && c.counted == 1)
    #expect(c.differences.first(where: { $0.line == "invalid" })?.below == 7)
  }
}
