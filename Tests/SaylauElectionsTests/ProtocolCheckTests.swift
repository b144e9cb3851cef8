import SaylauCore
import Testing

@testable import SaylauElections

/// Direct tests of the one protocol check: every rule on a protocol built by hand, as a web form would.
@Suite struct ProtocolCheckTests {
  let schema = ProtocolSchema(
    parties: [
      .init(code: "amanat", name: "AMANAT", votes: 0), .init(code: "auyl", name: "Auyl", votes: 0),
    ], constituencyCount: 29,
    candidates: [
      RegisteredCandidate(constituency: 1, position: 1, name: "A", nomination: "amanat"),
      RegisteredCandidate(constituency: 1, position: 2, name: "B", nomination: "self"),
    ])

  /// A valid list protocol: in box = votes + against all + invalid; received = issued + unused.
  var list: PollingStationProtocol {
    PollingStationProtocol(
      precinct: "101", constituency: 1, ballot: .list, votersOnList: 1000, ballotsReceived: 1000,
      ballotsIssued: 600, ballotsInBox: 600, invalid: 10, unused: 400, againstAll: 20,
      votes: [400, 170])
  }

  func described(_ p: PollingStationProtocol, unreadable: Set<ProtocolField> = []) -> [String] {
    ProtocolCheck.check(p, schema: schema, unreadable: unreadable).map(\.description)
  }

  @Test func aValidProtocolHasNoIssue() {
    #expect(ProtocolCheck.check(list, schema: schema).isEmpty)
  }

  @Test func controlRelationsCiteTheirRule() {
    var p = list
    p.ballotsInBox = 601
    let issues = ProtocolCheck.check(p, schema: schema)
    #expect(
      issues.map(\.description) == [
        "field 'ballots_in_box': valid 590 (votes 570 + against all 20) + invalid 10 = 600, but ballots in box = 601 (A2.1–2)",
        "field 'ballots_in_box': ballots in box 601 exceed ballots issued 600 (A2.2)",
      ])
    #expect(issues.map(\.rule) == ["A2.1", "A2.2"])
    #expect(issues.allSatisfy { $0.severity == .error && $0.location == nil })
    var q = list
    q.votersOnList = 500
    #expect(
      described(q) == [
        "field 'ballots_issued': ballots issued 600 exceed voters on the list 500 (A2.2)"
      ])
    var r = list
    r.ballotsReceived = 999
    #expect(
      described(r) == [
        "field 'ballots_received': ballots received 999 ≠ issued 600 + unused 400 = 1000 (A2.3)"
      ])
  }

  @Test func fewerBallotsInTheBoxThanIssuedIsAWarningOnly() {
    var p = list
    p.ballotsIssued = 601
    p.ballotsReceived = 1001
    let issues = ProtocolCheck.check(p, schema: schema)
    #expect(issues.count == 1)
    #expect(issues[0].severity == .warning && issues[0].rule == "A2.2")
    #expect(!ProtocolCheck.refuses(issues))
    #expect(
      issues[0].description.hasPrefix(
        "warning: field 'ballots_in_box': ballots in box 600 are fewer"))
    // One of received and unused missing: A2.3 cannot be checked, which is worth saying.
    var q = list
    q.unused = nil
    #expect(ProtocolCheck.check(q, schema: schema).map(\.severity) == [.warning])
  }

  @Test func blanksOfRequiredLinesAndChoicesAreErrorsUnlessUnreadable() {
    var p = list
    p.invalid = nil
    p.ballotsReceived = nil
    p.unused = nil
    p.againstAll = nil
    p.votes = [400, nil]
    #expect(
      described(p) == [
        "field 'invalid': blank count (this protocol line is required)",
        "field 'auyl': blank vote count for a registered list",
      ])
    // What the reader could not read was reported by it: the check does not call it blank as well.
    #expect(
      described(p, unreadable: [.invalid, .votes(.party("auyl"))]).isEmpty)
    var q = list
    q.precinct = ""
    q.constituency = nil
    #expect(
      described(q) == [
        "field 'precinct': blank precinct id",
        "field 'constituency': blank count (this protocol line is required)",
      ])
    q.precinct = String(repeating: "9", count: 65)
    #expect(described(q).first == "field 'precinct': precinct id longer than 64 bytes")
  }

  @Test func constituencyAndBallotFollowTheSchema() {
    var p = list
    p.constituency = 30
    #expect(described(p) == ["field 'constituency': constituency 30 does not exist (1–29)"])
    let nationwide = ProtocolSchema(parties: schema.parties, constituencyCount: 0)
    #expect(
      ProtocolCheck.check(list, schema: nationwide).map(\.description) == [
        "field 'constituency': this election has no constituencies (one nationwide list district): leave it blank, found 1"
      ])
    var smd = list
    smd.constituency = nil
    smd.ballot = .constituency
    smd.votes = [300, 270]
    #expect(
      ProtocolCheck.check(smd, schema: nationwide).map(\.description) == [
        "field 'ballot': this election has no constituency ballots"
      ])
  }

  @Test func candidatesAreCheckedAgainstTheRegistration() {
    var p = list
    p.ballot = .constituency
    p.votes = [300, 260, 10]
    p.ballotsInBox = 600
    #expect(
      described(p) == [
        "field 'c3': unknown candidate: constituency 1 has 2 registered candidate(s), no c3"
      ])
    p.votes = [570]
    #expect(described(p) == ["field 'c2': blank vote count for a registered candidate"])
    // Without a candidate list any position is taken as it comes.
    let open = ProtocolSchema(parties: schema.parties, constituencyCount: 29)
    p.votes = [300, nil, 270]
    #expect(ProtocolCheck.check(p, schema: open).isEmpty)
  }

  @Test func countsInTheWrongPlaceAreNamed() {
    #expect(
      ProtocolCheck.check(list, schema: schema, misplaced: [.votes(.candidate(1))]).map(
        \.description) == ["field 'c1': a candidate count on a party-list ballot row"])
    var p = list
    p.ballot = .constituency
    p.votes = [300, 270]
    #expect(
      ProtocolCheck.check(p, schema: schema, misplaced: [.votes(.party("amanat"))]).map(
        \.description) == ["field 'amanat': a party-list count on a constituency ballot row"])
  }

  @Test func sumsBeyondSixtyFourBitsAreRefusedNotWrapped() {
    var p = list
    p.votes = [Int.max, Int.max]
    #expect(
      described(p).first
        == "field 'ballots_in_box': votes and invalid ballots add up beyond a 64-bit count")
  }

  @Test func theTallyAddsAndTakesBackExactly() throws {
    var t = BallotTally(ballot: .list, choices: 2)
    var q = list
    q.ballotsReceived = nil
    q.againstAll = nil
    #expect(t.add(list) == nil)
    #expect(t.add(q) == nil)
    #expect(t.ballotsReceived == nil && t.againstAll == 20 && t.votes == [800, 340])
    t.subtract(q)
    #expect(t.ballotsReceived == 1000 && t.unused == 400 && t.againstAll == 20 && t.protocols == 1)
    var big = list
    big.votersOnList = Int.max
    let before = t
    #expect(t.add(big) == "voters_on_list")
    #expect(t == before)
  }
}
