import Testing

@testable import SaylauStore

/// Turnout for the home page's map bands comes from the store's totals, on integers.
@Suite("protocol totals")
struct ProtocolTotalsTests {
  @Test("turnout in per mille is rounded down and blank without both figures")
  func turnoutPerMille() {
    var t = ProtocolTotals(
      ballot: .list, constituency: 1, stations: 2, electorate: 1_999, ballotsCast: 1_000,
      invalid: nil, votes: [])
    #expect(t.turnoutPerMille == 500)  // 500.25 ‰ rounded down
    t.electorate = 0
    #expect(t.turnoutPerMille == nil)
    t.electorate = 1_999
    t.ballotsCast = nil
    #expect(t.turnoutPerMille == nil)
  }
}
