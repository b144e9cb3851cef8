import Foundation
import SaylauCore
import SaylauData
import Testing

@testable import SaylauElections

/// The law as issue 10 asks for it: every decision of every regime, the protocol lines of the review's S7,
/// mandates to people, the definition format.
@Suite("The count as the law runs it")
struct LawTests {
  // MARK: - Constituency decisions

  static func tally(_ votes: [Int], against: Int?, issued: Int? = nil, invalid: Int = 0)
    -> BallotTally
  {
    var t = BallotTally(ballot: .constituency, choices: votes.count)
    t.votes = votes
    t.againstAll = against
    t.invalid = invalid
    t.ballotsIssued = issued ?? (votes.reduce(0, +) + (against ?? 0) + invalid)
    t.ballotsInBox = t.ballotsIssued
    t.protocols = 1
    return t
  }

  @Test func againstAllEdgeCases() {
    var repeatPolicy = ElectionOptions()
    repeatPolicy.againstAll = .repeatElection
    let plurality = ConstituencyDecision(rule: .plurality, options: repeatPolicy)
    // (a) Every candidate at 0 and "against all" with votes: a repeat election under that policy, not
    // "no votes".
    let zero = plurality.decide(
      constituency: 1, tally: Self.tally([0, 0], against: 40), candidates: nil)
    #expect(zero.status == .repeatElection)
    #expect(zero.againstAllLeads)
    // Under the default policy it is still "no votes", flagged.
    let ignored = ConstituencyDecision(rule: .plurality).decide(
      constituency: 1, tally: Self.tally([0, 0], against: 40), candidates: nil)
    #expect(ignored.status == .noVotes && ignored.againstAllLeads)
    // (b) "Against all" exactly equal to the leader is flagged (and is not a lead).
    let equal = ConstituencyDecision(rule: .plurality).decide(
      constituency: 1, tally: Self.tally([300, 200], against: 300), candidates: nil)
    #expect(equal.status == .elected && equal.againstAllTiesLeader && !equal.againstAllLeads)
    #expect(equal.reason.contains("'against all' (300) tied with the leader"))
  }

  @Test func twoRoundRuleTiesLoneCandidatesAndTheBase() {
    let majority = ConstituencyDecision(rule: .majorityWithRunoff)
    // Two tied for first without a majority: both go to the runoff.
    let two = majority.decide(
      constituency: 1, tally: Self.tally([300, 300, 100], against: nil), candidates: nil)
    #expect(two.status == .runoff && two.contenders.map(\.position) == [1, 2])
    // Three tied: the pair cannot be named.
    let three = majority.decide(
      constituency: 1, tally: Self.tally([200, 200, 200], against: nil), candidates: nil)
    #expect(three.status == .tie && three.contenders.count == 3)
    // A lone candidate short of a majority: no runoff of one, repeat voting for the commission.
    let lone = majority.decide(
      constituency: 1, tally: Self.tally([400], against: 500), candidates: nil)
    #expect(lone.status == .noMajority && lone.contenders.isEmpty)
    // The default base is valid votes including "against all" (the CEC's reading): 501 of 1,000 valid is
    // a majority although 1,100 ballots were issued; on ballots issued it is a runoff.
    let t = Self.tally([501, 499], against: nil, issued: 1100, invalid: 100)
    #expect(majority.decide(constituency: 1, tally: t, candidates: nil).status == .elected)
    var issued = ElectionOptions()
    issued.majorityBase = .ballotsIssued
    #expect(
      ConstituencyDecision(rule: .majorityWithRunoff, options: issued).decide(
        constituency: 1, tally: t, candidates: nil
      ).status == .runoff)
    #expect(ElectionOptions().majorityBase == .validVotes)
    #expect(MajorityBase.validVotesSources.first?.contains("informburo.kz") == true)
  }

  @Test func runoffDecisionAndItsTie() {
    let majority = ConstituencyDecision(rule: .majorityWithRunoff)
    let r1 = majority.decide(
      constituency: 5, tally: Self.tally([400, 350, 250], against: nil), candidates: nil)
    #expect(r1.status == .runoff)
    let won = majority.decideRunoff(
      r1, tally: Self.tally([480, 520, 0], against: nil), candidates: nil)
    #expect(won.round == 2 && won.status == .elected && won.winner?.position == 2)
    let tied = majority.decideRunoff(
      r1, tally: Self.tally([500, 500, 0], against: nil), candidates: nil)
    #expect(tied.status == .tie)
  }

  @Test func withdrawnCandidatesAndTheExtension() {
    let cands = [
      RegisteredCandidate(
        constituency: 3, position: 1, name: "A", nomination: "self", status: .withdrawn),
      RegisteredCandidate(constituency: 3, position: 2, name: "B", nomination: "self"),
    ]
    // Votes for a withdrawn candidate do not make them the winner.
    let d = ConstituencyDecision(rule: .plurality, withdrawalExtensionMonths: 2)
    let r = d.decide(
      constituency: 3, tally: Self.tally([500, 100], against: 10), candidates: cands)
    #expect(r.status == .elected && r.winner?.name == "B")
    #expect(r.notStanding.map(\.name) == ["A"])
    // Every candidate gone: the Art. 93-2 extension where the regime has it.
    var all = cands
    all[1].status = .struckOff
    let ext = d.decide(constituency: 3, tally: Self.tally([0, 0], against: 0), candidates: all)
    #expect(ext.status == .electionExtended)
    #expect(ext.reason.contains("up to 2 months"))
    let none = ConstituencyDecision(rule: .plurality).decide(
      constituency: 3, tally: Self.tally([0, 0], against: 0), candidates: all)
    #expect(none.status == .noCandidates)
    #expect(Regime.bundled("R2022").withdrawalExtensionMonths == 2)
  }

  // MARK: - List seats

  @Test func noListPassingIsADecisionForTheCommission() throws {
    let vote = ListVote(
      parties: [.init(code: "a", name: "A", votes: 40), .init(code: "b", name: "B", votes: 40)],
      againstAll: 920)
    let r = try ListSeatDecision(regime: .bundled("R2022")).decide(vote)
    #expect(r.rows.allSatisfy { $0.seats == 0 })
    #expect(r.commissionDecisions.count == 1)
    #expect(r.commissionDecisions[0].contains("the commission must decide"))
    #expect(r.trace.kind == "none")
  }

  @Test func tieStepsSayWhetherRegistrationOrderIsKnown() throws {
    let vote = ListVote(parties: [
      .init(code: "x", name: "X", votes: 100), .init(code: "y", name: "Y", votes: 100),
      .init(code: "z", name: "Z", votes: 100),
    ])
    let r = try ListSeatDecision(regime: .bundled("R2022"), seats: 4).decide(vote)
    #expect(r.rows.map(\.seats) == [2, 1, 1])
    let known = CountTrace.listSteps(r, registrationOrderKnown: true)
    let unknown = CountTrace.listSteps(r, registrationOrderKnown: false)
    #expect(known.contains { $0.kind == .tie && $0.text.hasSuffix("(registration order)") })
    #expect(
      unknown.contains {
        $0.kind == .tie && $0.text.contains("registration order is not in the data")
      })
  }

  // MARK: - Protocol lines (S7)

  let schema = ProtocolSchema(
    parties: [.init(code: "p", name: "P", votes: 0), .init(code: "q", name: "Q", votes: 0)],
    constituencyCount: 2)

  var list: PollingStationProtocol {
    PollingStationProtocol(
      precinct: "7", constituency: 1, ballot: .list, votersOnList: 1000, ballotsReceived: 1000,
      ballotsIssued: 600, ballotsInBox: 600, invalid: 10, unused: 400, againstAll: 20,
      votes: [400, 170])
  }

  func texts(_ p: PollingStationProtocol, _ schema: ProtocolSchema? = nil) -> [String] {
    ProtocolCheck.check(p, schema: schema ?? self.schema).map(\.description)
  }

  @Test func unofficialFormBallotsAreSetAsideNotInvalid() {
    var p = list
    p.ballotsInBox = 605
    p.unofficialForm = 5
    p.ballotsIssued = 605
    p.unused = 395
    #expect(texts(p).isEmpty)
    p.unofficialForm = nil
    #expect(
      texts(p).first?.contains("valid 590 (votes 570 + against all 20) + invalid 10 = 600") == true)
  }

  @Test func homeVotingAbsenteeSpoiledAndLost() {
    var p = list
    p.ballotsIssuedAtHome = 50
    p.ballotsInPortableBoxes = 48
    p.absenteeVoters = 12
    // Two home ballots were not found in the portable boxes: lawful, notable.
    #expect(
      texts(p) == [
        "warning: field 'ballots_in_portable_boxes': ballots in portable boxes 48 are fewer than those issued for home voting 50: 2 not found (A2.2)"
      ])
    p.ballotsInPortableBoxes = 51
    #expect(
      texts(p).contains(
        "field 'ballots_in_portable_boxes': ballots in portable boxes 51 exceed the ballots issued for home voting 50"
      ))
    p.ballotsInPortableBoxes = 50
    p.ballotsIssuedAtHome = 700
    #expect(texts(p).contains { $0.contains("ballots issued for home voting 700 exceed") })
    var q = list
    q.absenteeVoters = 601
    #expect(
      texts(q).contains {
        $0.contains("voters with absentee certificates 601 exceed the ballots issued 600")
      })
    // Spoiled and lost ballots are in A2.3: received = issued + unused + spoiled + lost.
    var r = list
    r.ballotsReceived = 1004
    r.spoiled = 3
    r.lost = 1
    #expect(texts(r).isEmpty)
    r.lost = nil
    #expect(
      texts(r) == [
        "field 'ballots_received': ballots received 1004 ≠ issued 600 + unused 400 + spoiled 3 = 1003 (A2.3)"
      ])
    // Fewer ballots received than issued, with "unused" blank: an error now.
    var s = list
    s.unused = nil
    s.ballotsReceived = 500
    #expect(
      texts(s).contains(
        "field 'ballots_received': ballots received 500 are fewer than ballots issued 600 (A2.3)"))
  }

  @Test func turnoutOfAHundredPercentIsAWarning() {
    var p = list
    p.votersOnList = 600
    p.ballotsReceived = 1000
    let issues = ProtocolCheck.check(p, schema: schema)
    #expect(issues.map(\.severity) == [.warning])
    #expect(issues.first?.message.hasPrefix("turnout of 100 %") == true)
  }

  @Test func theElectionSaysWhetherTheBallotHasAgainstAll() {
    var withLine = schema
    withLine.againstAllOnBallot = [.list: true]
    var p = list
    p.againstAll = nil
    p.ballotsInBox = 580
    p.ballotsIssued = 580
    p.unused = 420
    #expect(texts(p).isEmpty)  // not known: blank accepted
    #expect(
      texts(p, withLine) == [
        "field 'against_all': blank count (this ballot has an 'against all' line)"
      ])
    var without = schema
    without.againstAllOnBallot = [.list: false]
    #expect(
      texts(list, without) == [
        "field 'against_all': this ballot has no 'against all' line, but the protocol gives 20"
      ])
  }

  @Test func roundTwoProtocolsOnlyWhereARunoffWasCalled() {
    var round2 = schema
    round2.round = 2
    round2.runoffs = [1: [1, 3]]
    var p = PollingStationProtocol(
      precinct: "9", constituency: 1, ballot: .constituency, votersOnList: 100, ballotsIssued: 80,
      ballotsInBox: 80, invalid: 0, votes: [40, nil, 40], round: 2)
    #expect(texts(p, round2).isEmpty)
    p.votes = [40, 5, 35]
    #expect(texts(p, round2).contains { $0.contains("c2 is not in the runoff of constituency 1") })
    p.votes = [40, nil, 40]
    p.constituency = 2
    #expect(texts(p, round2).contains { $0.contains("constituency 2 has no runoff") })
    // A round-2 protocol among round-1 protocols is refused, and the other way round.
    p.constituency = 1
    #expect(texts(p).contains { $0.contains("a round-2 protocol among round-1 protocols") })
  }

  @Test func theTwoBallotsOfOnePrecinctAreCompared() throws {
    let header =
      "precinct,constituency,ballot,voters_on_list,ballots_received,ballots_issued,ballots_in_box,invalid,unused,against_all,absentee_voters,p,q,c1,c2\n"
    let rows = [
      // Precinct 1: E differs between the ballots.
      "1,1,list,1000,,600,600,10,,20,,400,170,,",
      "1,1,constituency,990,,600,600,10,,20,,,,300,270",
      // Precinct 2: more constituency ballots than list ballots.
      "2,1,list,1000,,500,500,10,,20,,300,170,,",
      "2,1,constituency,1000,,520,520,10,,20,,,,300,190",
      // Precinct 3: 40 list ballots more than constituency ballots, but only 10 absentee voters.
      "3,2,list,1000,,540,540,10,,20,10,300,210,,",
      "3,2,constituency,1000,,500,500,10,,20,,,,300,170",
    ]
    let bytes = Array((header + rows.joined(separator: "\n") + "\n").utf8)
    let a = try ProtocolImport(schema: schema).run([.bytes(bytes, name: "x.csv", format: .csv)])
    let w = a.warnings.map(\.description)
    #expect(a.acceptedRows == 6)
    #expect(
      w.contains {
        $0.contains(
          "precinct 1: 990 voters on the list on the constituency ballot, 1000 on the list ballot")
      })
    #expect(
      w.contains {
        $0.contains("precinct 2: 520 constituency ballots issued but only 500 list ballots")
      })
    #expect(
      w.contains {
        $0.contains(
          "precinct 3: 40 more list ballots than constituency ballots issued, more than the 10 voters with absentee certificates"
        )
      })
    // The lines of S7 sum while every protocol has them: one blank makes the total blank.
    let t = try #require(a.constituencies[.list]?[2])
    #expect(t.total(.absenteeVoters) == 10)
    #expect(a.constituencies[.list]?[1]?.total(.absenteeVoters) == nil)
  }

  @Test func repeatVotingReplacesTheAnnulledTerritory() throws {
    let definition = ElectionDefinition(
      id: "rv", chamber: "kurultai", title: "SYNTHETIC repeat voting",
      date: HistoricalDate(year: 2026, month: 8, day: 23),
      rules: DefinitionRules(method: "hare", threshold: "5"),
      parties: [DefinitionParty(code: "p", name: "P"), DefinitionParty(code: "q", name: "Q")],
      precincts: [
        Precinct(id: "1", constituency: nil, territorialCommission: "North"),
        Precinct(id: "2", constituency: nil, territorialCommission: "South"),
      ], synthetic: true)
    let header =
      "precinct,constituency,ballot,voters_on_list,ballots_received,ballots_issued,ballots_in_box,invalid,unused,against_all,p,q\n"
    let first = header + "1,,list,1000,,600,600,0,,,300,300\n2,,list,1000,,600,600,0,,,100,500\n"
    let repeatRows = header + "2,,list,1000,,600,600,0,,,500,100\n"
    let count = DefinitionCount(
      definition: definition, regimes: try BundledData.regimes(),
      protocols: [.bytes(Array(first.utf8), name: "r1.csv", format: .csv)],
      repeatVoting: [
        RepeatVoting(
          territory: "South",
          sources: [.bytes(Array(repeatRows.utf8), name: "rv.csv", format: .csv)])
      ])
    let r = try count.run()
    #expect(r.round1?.imported.replacedRows == 1)
    #expect(r.summary.listCount?.rows.first { $0.code == "p" }?.votes == 800)
    #expect(r.summary.trace.steps.contains { $0.text.hasPrefix("Repeat voting in South") })
    // A repeat-voting protocol outside its territory is refused.
    let outside = header + "1,,list,1000,,600,600,0,,,500,100\n"
    var bad = count
    bad.repeatVoting = [
      RepeatVoting(
        territory: "South", sources: [.bytes(Array(outside.utf8), name: "rv.csv", format: .csv)])
    ]
    #expect(throws: DefinitionCountError.self) { try bad.run() }
  }

  // MARK: - Mandates

  static let list = PartyList(
    party: "p",
    candidates: (1...5).map {
      ListCandidate(
        position: $0, name: "P\($0)", sex: $0 % 2 == 0 ? .female : .male, ageGroup: .from29,
        disability: false)
    })

  @Test func vacanciesAreFilledFromTheListAndConstituencySeatsByByElection() {
    let winner = ConstituencyResult(
      constituency: 1, round: 1, status: .elected, candidates: [], notStanding: [], againstAll: nil,
      winner: .init(
        position: 1, name: "C1", nomination: "self", nominationKind: .selfNominated, votes: 10),
      contenders: [], againstAllLeads: false, againstAllTiesLeader: false, valid: 10,
      ballotsIssued: 10,
      turnoutPercent: nil, majorityBase: nil, majorityBaseVotes: nil, reason: "most votes")
    let day = CalendarDate(year: 2026, month: 8, day: 23)!
    let events = [
      MandateEvent(
        date: CalendarDate(year: 2026, month: 10, day: 1)!, kind: .vacancy, deputy: "P1",
        reason: "left-party"),
      MandateEvent(
        date: CalendarDate(year: 2026, month: 11, day: 1)!, kind: .vacancy, deputy: "P2",
        reason: "resigned", successorPosition: 5),
      MandateEvent(
        date: CalendarDate(year: 2026, month: 12, day: 1)!, kind: .vacancy, deputy: "C1",
        reason: "died"),
      MandateEvent(
        date: CalendarDate(year: 2027, month: 3, day: 1)!, kind: .byElection, constituency: 1,
        winner: "C1b", nomination: "self", nominationKind: .selfNominated),
    ]
    let m = MandateAssignment(lists: [Self.list], events: events, quota: nil, resultDay: day)
    func chamber(_ d: CalendarDate?) -> Chamber {
      m.chamber(
        listSeats: [("p", 3)], constituencies: [winner], constituencyCount: 1, appointed: [], on: d)
    }
    let start = chamber(nil)
    #expect(start.deputies.map(\.name) == ["P1", "P2", "P3", "C1"])
    let october = chamber(CalendarDate(year: 2026, month: 10, day: 15)!)
    // P1 left the party: the next standing candidate of the list, P4, takes the seat.
    #expect(october.deputies.map(\.name) == ["P2", "P3", "C1", "P4"])
    #expect(october.deputies.last?.rule == .listReplacement)
    let december = chamber(CalendarDate(year: 2026, month: 12, day: 15)!)
    // P2 resigned and the party chose P5; C1 died: the constituency waits for a by-election.
    #expect(december.deputies.map(\.name) == ["P3", "P4", "P5"])
    #expect(december.vacant.map(\.reason) == [.awaitingByElection])
    let march = chamber(CalendarDate(year: 2027, month: 3, day: 2)!)
    #expect(march.deputies.last?.name == "C1b" && march.deputies.last?.rule == .byElection)
    #expect(march.vacant.isEmpty && march.seats == 4)
    #expect(march.events.count == 4)
  }

  @Test func listExhaustionAndRefusedChoices() {
    let day = CalendarDate(year: 2023, month: 3, day: 19)!
    let m = MandateAssignment(
      lists: [Self.list], choices: [MandateChoice(party: "p", positions: [2, 9])], quota: nil,
      resultDay: day)
    #expect(
      m.checkChoices(seats: ["p": 2]).contains(
        "p: position 9 is not on its registered list (rules.md A4.9a)"))
    let exhausted = MandateAssignment(lists: [Self.list], quota: nil, resultDay: day).chamber(
      listSeats: [("p", 7)], constituencies: [], constituencyCount: 0, appointed: [])
    #expect(exhausted.deputies.count == 5)
    #expect(
      exhausted.vacant.count == 2 && exhausted.vacant.allSatisfy { $0.reason == .listExhausted })
  }

  @Test func theQuotaOnTheMandatesAndItsRounding() {
    let quota = CandidateQuota(percent: 30, groups: [.women, .youth, .disability])
    let day = CalendarDate(year: 2023, month: 3, day: 19)!
    // List order seats P1, P2, P3, P4: two women of four (≥ 2 = ⌈1.2⌉): met.
    let four = MandateAssignment(lists: [Self.list], quota: quota, resultDay: day).chamber(
      listSeats: [("p", 4)], constituencies: [], constituencyCount: 0, appointed: [])
    #expect(four.quotaChecks.first?.outcome == .met)
    // The party's choice of three men breaks it.
    let men = MandateAssignment(
      lists: [Self.list], choices: [MandateChoice(party: "p", positions: [1, 3, 5])], quota: quota,
      resultDay: day
    ).chamber(listSeats: [("p", 3)], constituencies: [], constituencyCount: 0, appointed: [])
    #expect(men.quotaChecks.first?.outcome == .notMet)
    #expect(men.quotaChecks.first?.text.contains("0 of 3") == true)
    // 30 % of 5 = 1.5: up needs 2, down 1, nearest 2.
    #expect(QuotaRounding.up.minimum(percent: 30, of: 5) == 2)
    #expect(QuotaRounding.down.minimum(percent: 30, of: 5) == 1)
    #expect(QuotaRounding.nearest.minimum(percent: 30, of: 5) == 2)
    #expect(QuotaRounding.up.minimum(percent: 30, of: 10) == 3)
    // Age on polling day: born 19 March 1994 is 29 on 19 March 2023, so not young; a day later, young.
    let born = ListCandidate(
      position: 1, name: "Y", birthDate: CalendarDate(year: 1994, month: 3, day: 19)!)
    #expect(born.isYounger(than: 29, on: day) == false)
    let later = ListCandidate(
      position: 1, name: "Y", birthDate: CalendarDate(year: 1994, month: 3, day: 20)!)
    #expect(later.isYounger(than: 29, on: day) == true)
  }

  // MARK: - The definition format

  @Test func definitionsRoundTripAndTheirCSVFilesNameTheirLines() throws {
    var d = try BundledData.definition("2023-majilis")
    d.lists = [Self.list]
    d.parties.append(DefinitionParty(code: "p", name: "P"))
    d.precincts = d.syntheticPrecincts(regime: .bundled("R2022"), perConstituency: 2, seed: 3)
    d.precinctsSynthetic = true
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "def-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for (name, text) in d.files(csv: true) {
      try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let json = try Data(contentsOf: dir.appendingPathComponent("election.json"))
    let back = try ElectionDefinition.read(Array(json), file: "election.json", directory: dir.path)
    var expected = d
    expected.files = back.definition.files
    #expect(back.definition == expected)
    #expect(back.definition.precincts?.count == 58)
    // A bad cell names its CSV file and line.
    try "party,position,name,sex\np,1,P1,female\np,2,P2,other\n".write(
      to: dir.appendingPathComponent("lists.csv"), atomically: true, encoding: .utf8)
    do {
      _ = try ElectionDefinition.read(Array(json), file: "election.json", directory: dir.path)
      Issue.record("expected a refusal")
    } catch {
      #expect(
        error.issues.map(\.description) == [
          "lists.csv:3: field 'sex': 'other' is not one of female, male"
        ])
    }
    // On the server, files cannot be named.
    #expect(throws: DefinitionErrors.self) {
      _ = try ElectionDefinition.read(Array(json), file: "request", directory: nil)
    }
  }

  @Test func theCheckKnowsTheLawsLimits() throws {
    var d = ElectionDefinition(
      id: "x", chamber: "majilis", title: "x", date: HistoricalDate(year: 2023, month: 3, day: 19),
      parties: [DefinitionParty(code: "p", name: "P", registrationOrder: 1)])
    d.lists = [
      PartyList(
        party: "p",
        candidates: (1...91).map {
          ListCandidate(position: $0, name: "C\($0)", sex: .female, disability: false)
        })
    ]
    let issues = d.check(regimes: try BundledData.regimes()).filter(\.isError).map(\.description)
    #expect(
      issues.contains(
        "field 'lists[0].candidates': p lists 91 candidates, more than the 90 allowed (69 list seats + 30 %, rounded up; rules.md A4.8)"
      ))
    #expect(Regime.bundled("R2022").maximumListLength() == 90)
  }
}
