import SaylauCore
import SaylauRegistry
import Testing

@testable import SaylauElections

private let parties: [ListVote.Party] = [
  .init(code: "amanat", name: "AMANAT", votes: 0), .init(code: "auyl", name: "Auyl", votes: 0),
]
private let candidates = [
  RegisteredCandidate(constituency: 1, position: 1, name: "A", nomination: "amanat"),
  RegisteredCandidate(constituency: 1, position: 2, name: "B", nomination: "self"),
  RegisteredCandidate(constituency: 2, position: 1, name: "C", nomination: "self"),
  RegisteredCandidate(constituency: 2, position: 2, name: "D", nomination: "auyl"),
  RegisteredCandidate(constituency: 2, position: 3, name: "E", nomination: "self"),
]
private let schema = ProtocolSchema(parties: parties, constituencyCount: 29, candidates: candidates)
private let header =
  "precinct,constituency,ballot,voters_on_list,ballots_received,ballots_issued,ballots_in_box,invalid,unused,against_all,amanat,auyl,c1,c2,c3"
// Valid rows: in box = votes + against all + invalid; received = issued + unused; in box ≤ issued ≤ voters.
private let good = [
  "101,1,list,1000,1000,600,600,10,400,20,400,170,,,",
  "101,1,constituency,1000,1000,600,599,9,400,30,,,300,260,",
  "202,2,list,800,800,500,498,8,300,10,300,180,,,",
  "202,2,constituency,800,800,500,500,5,300,15,,,100,200,180",
]

private func csv(_ rows: [String]) -> [UInt8] {
  Array(([header] + rows).joined(separator: "\n").utf8 + [0x0A])
}

/// Imports in-memory sources (CSV unless the name ends in .json).
func importing(
  _ files: [(name: String, bytes: [UInt8])], schema s: ProtocolSchema, acceptValid: Bool = false,
  threads: Int = 2, window: Int? = nil, maximumRecordBytes: Int? = nil,
  parallelMinimumBytes: Int? = nil
) throws(ProtocolImport.Refused) -> ProtocolImport.Accepted {
  var importer = ProtocolImport(schema: s)
  importer.threads = threads
  if let window { importer.windowBytes = window }
  if let maximumRecordBytes { importer.maximumRecordBytes = maximumRecordBytes }
  if let parallelMinimumBytes { importer.parallelMinimumBytes = parallelMinimumBytes }
  return try importer.run(
    files.map {
      .bytes($0.bytes, name: $0.name, format: $0.name.hasSuffix(".json") ? .json : .csv)
    }, acceptValid: acceptValid)
}

private func importing(
  _ bytes: [UInt8], file: String = "p.csv", schema s: ProtocolSchema = schema,
  acceptValid: Bool = false
) throws(ProtocolImport.Refused) -> ProtocolImport.Accepted {
  try importing([(file, bytes)], schema: s, acceptValid: acceptValid)
}

private func refuse(_ rows: [String], schema s: ProtocolSchema = schema) -> [String] {
  do {
    _ = try importing(csv(rows), schema: s)
    Issue.record("import should have been refused")
    return []
  } catch {
    return error.issues.map(\.description)
  }
}

@Test func cleanFileImportsAndAggregates() throws {
  let r = try importing(csv(good))
  #expect(r.acceptedRows == 4)
  #expect(r.issues.isEmpty)
  let l1 = try #require(r.constituencies[.list]?[1])
  #expect(l1.votes == [400, 170])
  #expect(l1.valid == 590)
  let t = try Tabulation(
    parties: parties, constituencies: r.constituencies, regionOf: [1: "astana", 2: "astana"],
    synthetic: false)
  let nation = try #require(t.nation[.list])
  #expect(nation.votersOnList == 1800)
  #expect(nation.ballotsIssued == 1100)
  #expect(nation.votes == [700, 350])
  #expect(nation.turnout! == (1100, 1800))
  #expect(t.regions[.list]?["astana"]?.ballotsInBox == 1098)
  #expect(t.nationalListVote?.parties.map(\.votes) == [700, 350])
  #expect(t.nationalListVote?.againstAll == 30)
  let smd = try #require(r.constituencies[.constituency]?[2])
  #expect(smd.votes == [100, 200, 180])
}

@Test func everyControlRelationIsCheckedAndReported() {
  let bad = [
    "101,1,list,1000,1000,600,601,10,400,20,400,170,,,",  // in box ≠ valid + invalid; in box > issued
    "102,1,list,500,1000,600,600,10,400,20,400,170,,,",  // issued > voters
    "103,1,list,1000,999,600,600,10,400,20,400,170,,,",  // received ≠ issued + unused
  ]
  let issues = refuse(bad)
  #expect(
    issues.contains(
      "p.csv:2: field 'ballots_in_box': valid 590 (votes 570 + against all 20) + invalid 10 = 600, but ballots in box = 601 (A2.1–2)"
    ))
  #expect(
    issues.contains(
      "p.csv:2: field 'ballots_in_box': ballots in box 601 exceed ballots issued 600 (A2.2)"))
  #expect(
    issues.contains(
      "p.csv:3: field 'ballots_issued': ballots issued 600 exceed voters on the list 500 (A2.2)"))
  #expect(
    issues.contains(
      "p.csv:4: field 'ballots_received': ballots received 999 ≠ issued 600 + unused 400 = 1000 (A2.3)"
    ))
  #expect(issues.count == 4)
}

@Test func badCountsAreErrorsNotCrashes() {
  let issues = refuse([
    "101,1,list,1000,1000,600,600,10,400,20,-400,170,,,",
    "102,1,list,1000,1000,abc,600,10,400,20,400,170,,,",
    "103,1,list,99999999999999999999,1000,600,600,10,400,20,400,170,,,",
    "104,1,list,1000,1000,600,600,10,400,20,9223372036854775807,9223372036854775807,,,",
    "105,1,list,1000,1000,600,600,,400,20,400,170,,,",
  ])
  #expect(issues.contains("p.csv:2: field 'amanat': negative count '-400'"))
  #expect(issues.contains("p.csv:3: field 'ballots_issued': not a whole number: 'abc'"))
  #expect(
    issues.contains(
      "p.csv:4: field 'voters_on_list': '99999999999999999999' overflows a 64-bit count (largest 9223372036854775807)"
    ))
  #expect(
    issues.contains(
      "p.csv:5: field 'ballots_in_box': votes and invalid ballots add up beyond a 64-bit count"))
  #expect(issues.contains("p.csv:6: field 'invalid': blank count (this protocol line is required)"))
}

@Test func duplicatesUnknownPartiesAndCandidates() throws {
  let dup = refuse(good + ["101,1,list,1000,1000,600,600,10,400,20,400,170,,,"])
  #expect(
    dup.contains(
      "p.csv:6: field 'precinct': duplicate protocol: precinct 101, list ballot, already on p.csv:2"
    ))
  #expect(
    dup.contains(
      "p.csv:2: field 'precinct': duplicate protocol: precinct 101, list ballot, appears again later"
    ))
  // A precinct may not change constituency between its two ballots.
  let moved = refuse([
    "101,1,list,1000,1000,600,600,10,400,20,400,170,,,",
    "101,2,constituency,800,800,500,500,5,300,15,,,100,200,180",
  ])
  #expect(
    moved.contains(
      "p.csv:3: field 'constituency': precinct 101 is in constituency 1 on p.csv:2, but 2 here"))
  // Unknown party column in the header.
  let unknownColumn = Array((header + ",nur_otan\n" + good[0] + ",5\n").utf8)
  do {
    _ = try importing(unknownColumn, file: "h.csv")
    Issue.record("should refuse")
  } catch {
    #expect(
      error.issues.map(\.description).first?.hasPrefix(
        "h.csv:1: field 'nur_otan': unknown party or candidate column") == true)
  }
  // With accept-valid, every row of a file with a bad header comes back rejected, untouched.
  let r = try importing(unknownColumn, file: "h.csv", acceptValid: true)
  #expect(r.acceptedRows == 0)
  #expect(r.rejected.map(\.line) == [2])
  #expect(String(decoding: try r.rejectedRows()[0].bytes, as: UTF8.self) == good[0] + ",5")
  do {
    _ = try importing(Array((header + ",c5000\n" + good[0] + ",\n").utf8), file: "f.csv")
    Issue.record("should refuse")
  } catch {
    #expect(
      error.issues.map(\.description) == [
        "f.csv:1: field 'c5000': candidate position 5000 is beyond the largest allowed, 1000"
      ])
  }
  // Constituency 1 has 2 registered candidates: a count for c3 is an unknown candidate.
  let cand = refuse(["101,1,constituency,1000,1000,600,600,9,400,30,,,300,260,1"])
  #expect(
    cand.contains(
      "p.csv:2: field 'c3': unknown candidate: constituency 1 has 2 registered candidate(s), no c3")
  )
  let misc = refuse([
    "101,30,list,1000,1000,600,600,10,400,20,400,170,,,",
    "102,1,senate,1000,1000,600,600,10,400,20,400,170,,,",
    "103,1,list,1000,1000,600,600,10,400,20,400,,,,", "104,1,list,1000",
    ",1,list,1000,1000,600,600,10,400,20,400,170,,,",
    "105,1,list,1000,1000,600,600,10,400,20,400,170,5,,",
  ])
  #expect(misc.contains("p.csv:2: field 'constituency': constituency 30 does not exist (1–29)"))
  #expect(
    misc.contains(
      "p.csv:3: field 'ballot': ballot type must be 'list' or 'constituency', found 'senate'"))
  #expect(misc.contains("p.csv:4: field 'auyl': blank vote count for a registered list"))
  #expect(misc.contains("p.csv:5: expected 15 fields as in the header, found 4"))
  #expect(misc.contains("p.csv:6: field 'precinct': blank precinct id"))
  #expect(misc.contains("p.csv:7: field 'c1': a candidate count on a party-list ballot row"))
}

@Test func acceptValidKeepsGoodRowsAndReturnsRejectedLinesUntouched() throws {
  let badLine = "103,1,list,1000,999,600,600,10,400,20,400,170,,,"
  let dupLine = "202,2,list,800,800,500,498,8,300,10,300,180,,,"
  let bytes = csv(good + [badLine, dupLine])
  #expect(throws: ProtocolImport.Refused.self) { try importing(bytes) }
  let r = try importing(bytes, acceptValid: true)
  // Both copies of the duplicated protocol are rejected: which one is right cannot be known.
  #expect(r.rejected.map(\.line) == [4, 6, 7])
  let rows = try r.rejectedRows()
  #expect(String(decoding: rows[1].bytes, as: UTF8.self) == badLine)
  #expect(String(decoding: rows[0].bytes, as: UTF8.self) == good[2])
  #expect(String(decoding: rows[0].header, as: UTF8.self) == header)
  #expect(r.acceptedRows == 3)
  // Constituency 2's list tally had the first copy added and then taken back out.
  #expect(r.constituencies[.list]?[2]?.protocols == 0)
  #expect(r.constituencies[.list]?[2]?.votes == [0, 0])
  #expect(r.constituencies[.list]?[1]?.votes == [400, 170])
}

@Test func rfc4180QuotingAndLineEndings() throws {
  let text =
    header + "\r\n\"P-1, \"\"north\"\"\",1,\"list\",1000,1000,600,600,10,400,20,\"400\",170,,,\r\n"
    + "\"P-2\nsecond line\",2,list,800,800,500,498,8,300,10,300,180,,,\r\n"
  let r = try importing(Array(text.utf8), file: "q.csv")
  #expect(r.acceptedRows == 2)
  let broken = header + "\n\"P-1,1,list\n102,1,list,1000,1000,600,600,10,400,20,400,170,,,\n"
  #expect(throws: ProtocolImport.Refused.self) {
    try importing(Array(broken.utf8), file: "b.csv")
  }
  let bare = header + "\n10\"1,1,list,1000,1000,600,600,10,400,20,400,170,,,\n"
  do {
    _ = try importing(Array(bare.utf8), file: "c.csv")
    Issue.record("should refuse")
  } catch {
    #expect(
      error.issues.map(\.description) == ["c.csv:2: a quote inside an unquoted field (field 1)"])
  }
}

@Test func jsonProtocolsUseTheSameChecks() throws {
  let ok = """
    {"protocols": [
      {"precinct": "101", "constituency": 1, "ballot": "list", "votersOnList": 1000, "ballotsReceived": 1000,
       "ballotsIssued": 600, "ballotsInBox": 600, "invalid": 10, "unused": 400, "againstAll": 20,
       "votes": {"amanat": 400, "auyl": 170}},
      {"precinct": "101", "constituency": 1, "ballot": "constituency", "votersOnList": 1000, "ballotsIssued": 600,
       "ballotsInBox": 599, "invalid": 9, "againstAll": 30, "votes": {"c1": 300, "c2": 260}}
    ]}
    """
  let r = try importing(Array(ok.utf8), file: "p.json")
  #expect(r.acceptedRows == 2)
  #expect(r.constituencies[.constituency]?[1]?.votes == [300, 260])
  #expect(r.constituencies[.constituency]?[1]?.ballotsReceived == nil)  // blank stays blank
  let bad = """
    {"protocols": [
      {"precinct": "101", "constituency": 1, "ballot": "list", "votersOnList": 1000, "ballotsIssued": 600,
       "ballotsInBox": 600, "invalid": 10, "againstAll": 20, "votes": {"amanat": -400, "auyl": 170, "nur_otan": 3}},
      {"precinct": "102", "constituency": 1, "ballot": "list", "votersOnList": 1000, "ballotsIssued": "many",
       "ballotsInBox": 600, "invalid": 10, "againstAll": 20, "votes": {"amanat": 400, "auyl": 170}},
      {"precinct": "103", "constituency": 1, "ballot": "list", "votersOnList": 1000, "ballotsIssued": 600,
       "ballotsInBox": 600, "invalid": 10, "againstAll": 20, "votes": {"amanat": 400, "auyl": true}}
    ]}
    """
  do {
    _ = try importing(Array(bad.utf8), file: "b.json")
    Issue.record("should refuse")
  } catch {
    let d = error.issues.map(\.description)
    #expect(d.contains("b.json: protocols[0]: field 'amanat': negative count '-400'"))
    #expect(
      d.contains(
        "b.json: protocols[0]: field 'votes.nur_otan': unknown party or candidate 'nur_otan'"))
    #expect(d.contains("b.json: protocols[1]: field 'ballots_issued': not a whole number: 'many'"))
    #expect(d.contains("b.json: protocols[2]: field 'auyl': not a whole number: 'true'"))
  }
}

@Test func syntheticProtocolsAreSeededValidAndMarked() throws {
  let gen = SyntheticProtocols(seed: 42, stations: 300, parties: parties)
  var a: [UInt8] = []
  gen.writeCSV(chunk: { a += $0 })
  var b: [UInt8] = []
  gen.writeCSV(chunk: { b += $0 })
  #expect(a == b)
  var c: [UInt8] = []
  SyntheticProtocols(seed: 43, stations: 300, parties: parties).writeCSV(chunk: { c += $0 })
  #expect(a != c)
  let cands = try CandidateList.parse(Array(gen.candidatesCSV().utf8), file: "c.csv")
  #expect(cands.synthetic)
  let r = try importing(
    a, file: "s.csv",
    schema: ProtocolSchema(parties: parties, constituencyCount: 29, candidates: cands.candidates))
  #expect(r.acceptedRows == 600)
  #expect(r.synthetic)
}

// MARK: - Decisions

private func smdTally(_ votes: [Int], against: Int?, issued: Int) -> BallotTally {
  var t = BallotTally(ballot: .constituency, choices: votes.count)
  t.votes = votes
  t.againstAll = against
  t.ballotsIssued = issued
  return t
}

@Test func constituencyWinnersTiesAndAgainstAll() {
  let plurality = ConstituencyDecision(rule: .plurality)
  let r = plurality.decide(
    constituency: 1, tally: smdTally([300, 260], against: 30, issued: 600), candidates: candidates)
  #expect(r.status == .elected)
  #expect(r.winner?.name == "A")
  let tie = plurality.decide(
    constituency: 1, tally: smdTally([300, 300], against: 0, issued: 600), candidates: nil)
  #expect(tie.status == .tie)
  #expect(tie.contenders.map(\.position) == [1, 2])
  let aa = smdTally([100, 90], against: 200, issued: 400)
  let ignored = plurality.decide(constituency: 1, tally: aa, candidates: nil)
  #expect(ignored.status == .elected && ignored.againstAllLeads)
  var opts = ElectionOptions()
  opts.againstAll = .repeatElection
  let repeated = ConstituencyDecision(rule: .plurality, options: opts).decide(
    constituency: 1, tally: aa, candidates: nil)
  #expect(repeated.status == .repeatElection && repeated.winner == nil)
  // R1999: more than half of the voters who took part, else a runoff of the top two. These cases read the
  // base as ballots issued (an explicit option since the default became the CEC's reading, valid votes).
  var issuedBase = ElectionOptions()
  issuedBase.majorityBase = .ballotsIssued
  let majority = ConstituencyDecision(rule: .majorityWithRunoff, options: issuedBase)
  // Exactly half is not a majority: 300 of 600 → runoff; 300 of 599 → elected.
  #expect(
    majority.decide(
      constituency: 1, tally: smdTally([300, 200], against: nil, issued: 600), candidates: nil
    ).status == .runoff)
  #expect(
    majority.decide(
      constituency: 1, tally: smdTally([300, 200], against: nil, issued: 599), candidates: nil
    ).status == .elected)
  #expect(
    majority.decide(
      constituency: 1, tally: smdTally([301, 200], against: nil, issued: 501), candidates: nil
    ).status == .elected)
  let run = majority.decide(
    constituency: 1, tally: smdTally([250, 200, 150], against: nil, issued: 600), candidates: nil)
  #expect(run.contenders.map(\.position) == [1, 2])
}

@Test func compositionCountsPartyNomineesAndIndependents() throws {
  let list = try ListSeatDecision(regime: .r2022).decide(
    ListVote(parties: [
      .init(code: "amanat", name: "A", votes: 700), .init(code: "auyl", name: "B", votes: 300),
    ]))
  let plurality = ConstituencyDecision(rule: .plurality)
  let results = [
    plurality.decide(
      constituency: 1, tally: smdTally([300, 260], against: 0, issued: 600), candidates: candidates),
    plurality.decide(
      constituency: 2, tally: smdTally([100, 200, 180], against: 0, issued: 600),
      candidates: candidates),
    plurality.decide(
      constituency: 3, tally: smdTally([5, 5], against: 0, issued: 10), candidates: nil),
  ]
  let comp = ChamberComposition(regime: .r2022, list: list, constituencies: results)
  let amanat = try #require(comp.rows.first { $0.party == "amanat" })
  #expect(amanat.listSeats == 48 && amanat.constituencySeats == 1 && amanat.totalSeats == 49)
  #expect(comp.rows.first { $0.party == "auyl" }?.constituencySeats == 1)
  #expect(comp.rows.first { $0.party == "independent" }?.constituencySeats == 0)
  #expect(comp.undecidedConstituencies == [3])
}

@Test func twoThreadImportEqualsSequentialImport() throws {
  let gen = SyntheticProtocols(seed: 9, stations: 1500, parties: parties)
  var bytes: [UInt8] = []
  gen.writeCSV(chunk: { bytes += $0 })
  var lines = String(decoding: bytes, as: UTF8.self).split(
    separator: "\n", omittingEmptySubsequences: false
  ).map(
    String.init)
  // Inject, across the two halves: a duplicate of an early protocol near the end, a precinct that changes
  // constituency, a bad count in each half, and a duplicate within the second half.
  let early = lines[5]
  lines.insert(early, at: lines.count - 3)
  // Precinct 4: its list row (line 8) moves to another constituency and its constituency-ballot row moves to
  // the end of the file, so the two disagree across the halves.
  var listRow = lines[7].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
  listRow[1] = listRow[1] == "1" ? "2" : "1"
  lines[7] = listRow.joined(separator: ",")
  let smdRow = lines.remove(at: 8)
  lines.insert(smdRow, at: lines.count - 2)
  lines[10] = lines[10].replacingOccurrences(of: ",list,", with: ",list,x")
  lines[2800] = lines[2800] + ",1"
  lines.insert(lines[2900], at: 2950)
  let text = Array(lines.joined(separator: "\n").utf8)
  func run(threads: Int, window: Int? = nil) throws -> ProtocolImport.Accepted {
    try importing(
      [("s.csv", text)],
      schema: ProtocolSchema(parties: parties, constituencyCount: 29, candidates: gen.candidates()),
      acceptValid: true, threads: threads, window: window,
      maximumRecordBytes: window.map { _ in 1024 }, parallelMinimumBytes: 0)
  }
  let seq = try run(threads: 1)
  let par = try run(threads: 2)
  #expect(seq.issues.count >= 7)
  let a = Set(seq.issues.map(\.description))
  let b = Set(par.issues.map(\.description))
  #expect(a.subtracting(b).isEmpty && b.subtracting(a).isEmpty, "\(a.symmetricDifference(b))")
  #expect(seq.rejected.map(\.line) == par.rejected.map(\.line))
  #expect(seq.acceptedRows == par.acceptedRows)
  #expect(seq.constituencies == par.constituencies)
  #expect(seq.acceptedRows + seq.rejected.count == lines.count - 2)  // header and the final empty line
  #expect(
    seq.issues.contains {
      $0.field == "constituency" && $0.message.contains("precinct 4 is in constituency")
    })
  // Small windows (a record often spans two) with two threads give the same again, as do the rejected
  // bytes and the accepted protocols read back.
  let windows = try run(threads: 2, window: 4096)
  #expect(windows.issues.map(\.description) == par.issues.map(\.description))
  #expect(windows.warnings.map(\.description) == seq.warnings.map(\.description))
  #expect(windows.rejected == seq.rejected && windows.rejected == par.rejected)
  #expect(windows.constituencies == seq.constituencies)
  #expect(try windows.rejectedRows() == seq.rejectedRows())
  #expect(par.issues.map(\.description) == seq.issues.map(\.description))
  func all(_ r: ProtocolImport.Accepted, batch: Int) throws -> [PollingStationProtocol] {
    var stream = r.protocols()
    var out: [PollingStationProtocol] = []
    while case let more = try stream.next(upTo: batch), !more.isEmpty { out += more }
    return out
  }
  let again = try all(seq, batch: 333)
  #expect(again.count == seq.acceptedRows)
  #expect(again == (try all(windows, batch: 1000)))
  // The accepted protocols sum to the tallies.
  var sums: [BallotType: [Int: BallotTally]] = [:]
  for p in again {
    var t =
      sums[p.ballot]?[p.constituency ?? 0]
      ?? BallotTally(ballot: p.ballot, choices: p.ballot == .list ? parties.count : 0)
    #expect(t.add(p) == nil)
    sums[p.ballot, default: [:]][p.constituency ?? 0] = t
  }
  for (ballot, byNumber) in seq.constituencies {
    for (n, t) in byNumber where t.protocols > 0 {
      #expect(sums[ballot]?[n]?.votes == t.votes, "\(ballot) \(n)")
      #expect(sums[ballot]?[n]?.ballotsIssued == t.ballotsIssued)
    }
  }
}

@Test func nationwideRegimesTakeListProtocolsWithoutConstituency() throws {
  let s = ProtocolSchema(parties: parties, constituencyCount: 0)
  let r = try importing(
    csv([
      "101,,list,1000,1000,600,600,10,400,20,400,170,,,",
      "102,,list,800,800,500,498,8,300,10,300,180,,,",
    ]), file: "n.csv", schema: s)
  #expect(r.constituencies[.list]?[0]?.votes == [700, 350])
  do {
    _ = try importing(
      csv(["101,3,list,1000,1000,600,600,10,400,20,400,170,,,", good[1]]), file: "n.csv", schema: s)
    Issue.record("should refuse")
  } catch {
    let d = error.issues.map(\.description)
    #expect(
      d.contains(
        "n.csv:2: field 'constituency': this election has no constituencies (one nationwide list district): leave it blank, found 3"
      ))
    #expect(d.contains("n.csv:3: field 'ballot': this election has no constituency ballots"))
  }
}

@Test func badCandidateListsAreRefusedWhole() {
  let text = """
    constituency,position,name,nomination
    1,1,A,amanat
    1,1,B,self
    2,2,C,self
    3,1,D,
    x,1,E,self
    """
  #expect(throws: CandidateList.Invalid.self) {
    try CandidateList.parse(Array(text.utf8), file: "c.csv")
  }
  do {
    _ = try CandidateList.parse(Array(text.utf8), file: "c.csv")
  } catch {
    let d = error.issues.map(\.description)
    #expect(
      d.contains(
        "c.csv:3: field 'position': duplicate candidate: constituency 1 position 1 is listed twice")
    )
    #expect(d.contains("c.csv:5: field 'nomination': blank nomination"))
    #expect(d.contains("c.csv:6: field 'constituency': not a whole number: 'x'"))
    #expect(
      d.contains(
        "c.csv:1: field 'position': constituency 2: positions must run 1…1 without gaps, found [2]")
    )
  }
}

@Test func mutatedFilesNeverCrashAndCleanOnesStillImport() throws {
  // Seeded mutations of a valid file: byte flips, deletions and insertions of CSV-significant bytes.
  // Every outcome must be an import or a refusal with issues; never a crash or a silent partial import.
  let base = csv(good)
  var g = SeededGenerator(seed: 99)
  let alphabet: [UInt8] = Array(",\"\n\r-0123456789x ".utf8) + [0xFF, 0x00]
  for _ in 0..<400 {
    var bytes = base
    for _ in 0..<(1 + g.next(below: 4)) {
      let i = g.next(below: bytes.count)
      switch g.next(below: 3) {
      case 0: bytes[i] = alphabet[g.next(below: alphabet.count)]
      case 1: bytes.remove(at: i)
      default: bytes.insert(alphabet[g.next(below: alphabet.count)], at: i)
      }
    }
    do {
      let r = try importing(bytes, file: "m.csv")
      #expect(r.issues.isEmpty)
    } catch {
      #expect(!error.issues.isEmpty)
      let partial = try importing(bytes, file: "m.csv", acceptValid: true)
      // Every record is accepted or rejected, unless an open quote made the whole file one header record.
      let swallowed = partial.issues.contains {
        $0.line == 1 && $0.message.contains("unterminated")
      }
      #expect(swallowed || partial.acceptedRows + partial.rejected.count >= 1, "\(partial.issues)")
    }
  }
}

// MARK: - Readers, streaming and the missing-column rule

@Test func aRegisteredPartysMissingColumnIsRefusedAsAMissingKeyIsInJSON() throws {
  // The header has no 'auyl' column: every list row lacks the count of a registered list.
  let noAuyl = header.replacingOccurrences(of: ",auyl,", with: ",")
  let rows = ["101,1,list,1000,1000,600,600,10,400,20,570,,,"]
  do {
    _ = try importing(Array(([noAuyl] + rows).joined(separator: "\n").utf8), file: "m.csv")
    Issue.record("a missing registered party column must refuse the list rows")
  } catch {
    #expect(
      error.issues.map(\.description) == [
        "m.csv:2: field 'auyl': blank vote count for a registered list"
      ])
  }
  // The JSON form without the key gives the same answer.
  let json = """
    {"protocols": [{"precinct": "101", "constituency": 1, "ballot": "list", "votersOnList": 1000,
      "ballotsReceived": 1000, "ballotsIssued": 600, "ballotsInBox": 600, "invalid": 10, "unused": 400,
      "againstAll": 20, "votes": {"amanat": 570}}]}
    """
  do {
    _ = try importing(Array(json.utf8), file: "m.json")
    Issue.record("a missing registered party key must refuse the protocol")
  } catch {
    #expect(
      error.issues.map(\.description) == [
        "m.json: protocols[0]: field 'auyl': blank vote count for a registered list"
      ])
  }
}

@Test func theJSONReaderGivesLinesColumnsAndPaths() throws {
  let text = """
    {"synthetic": "yes", "comment": 1,
     "protocols": [
      {"precinct": 101, "constituency": "1", "ballot": "list", "votersOnList": 1000,
       "ballotsReceived": null, "ballotsIssued": 600, "ballotsInBox": 600, "invalid": 10,
       "againstAll": 20, "votes": {"amanat": 400, "auyl": "170", "c1": 3}},
      {"precinct": "x\\u00e9", "constituency": 1.5, "ballot": "senate", "shape": []}
     ]}
    """
  let (root, records) = JSONProtocolReader.records(
    in: Array(text.utf8), file: "r.json", schema: schema)
  #expect(
    root.map(\.description) == ["r.json:1:22: warning: field 'comment': unknown key, ignored"])
  #expect(records.count == 2)
  let first = try #require(records[0].protocolValue)
  #expect(first.precinct == "101" && first.constituency == 1 && first.votes == [400, 170])
  #expect(first.ballotsReceived == nil)
  #expect(records[0].misplaced == [.votes(.candidate(1))])
  #expect(records[0].location.path == "protocols[0]" && records[0].location.line == 3)
  #expect(records[0].readIssues.isEmpty)
  #expect(
    records[0].issues(schema: schema).map(\.description) == [
      "r.json: protocols[0]: field 'c1': a candidate count on a party-list ballot row"
    ])
  #expect(records[1].protocolValue?.precinct == "xé")
  #expect(
    records[1].readIssues.map(\.description) == [
      "r.json: protocols[1]: field 'constituency': not a whole number: '1.5'",
      "r.json: protocols[1]: field 'shape': unknown key (keys: precinct, constituency, ballot, votersOnList, ballotsReceived, ballotsIssued, ballotsInBox, invalid, unused, againstAll, votes, synthetic; optional lines: absenteeVoters, ballotsIssuedAtHome, ballotsInPortableBoxes, unofficialForm, spoiled, lost, round)",
      "r.json: protocols[1]: field 'ballot': ballot type must be 'list' or 'constituency', found 'senate'",
    ])
  // A syntax error: its line and column; what follows cannot be read and comes back as one rejected record.
  let broken = "{\"protocols\": [\n" + good4JSON + ",\n  {\"precinct\": \"2\" \"ballot\": 1}]}"
  let r = try importing(Array(broken.utf8), file: "b.json", acceptValid: true)
  #expect(r.acceptedRows == 1)
  #expect(
    r.issues.map(\.description) == [
      "b.json:3:20: not valid JSON: expected ',' or '}' in a protocol, found a string"
    ])
  #expect(
    String(decoding: try r.rejectedRows()[0].bytes, as: UTF8.self)
      == "{\"precinct\": \"2\" \"ballot\": 1}]}")
}

/// One valid JSON protocol (precinct 1), on one line.
private let good4JSON =
  #"  {"precinct": "1", "constituency": 1, "ballot": "list", "votersOnList": 1000, "ballotsIssued": 600, "ballotsInBox": 600, "invalid": 10, "againstAll": 20, "votes": {"amanat": 400, "auyl": 170}}"#

@Test func aHugeLineIsOneRejectedRecordAndTheRestStillImports() throws {
  // A 3 MB line in the middle of a file read through 64 KiB windows with records of at most 32 KiB.
  let huge = "999," + String(repeating: "7", count: 3 << 20)
  let text = ([header, good[0], huge, good[2]]).joined(separator: "\n") + "\n"
  let r = try importing(
    [("h.csv", Array(text.utf8))], schema: schema, acceptValid: true, window: 1 << 16,
    maximumRecordBytes: 1 << 15)
  #expect(r.acceptedRows == 2)
  #expect(r.rejected.map(\.line) == [3])
  #expect(r.rejected[0].byteRange.count == huge.utf8.count)
  #expect(
    r.issues.map(\.description) == [
      "h.csv:3: the record is longer than 32768 bytes (the largest accepted); the rest of its line was skipped"
    ])
  // The rejected record comes back whole, byte for byte, from the source.
  var out: [UInt8] = []
  try r.writeRejected { out += $0 }
  #expect(out == Array((header + "\n" + huge + "\n").utf8))
}

@Test func duplicatesAcrossFilesAndFormatsRejectBothCopies() throws {
  let json =
    "{\"protocols\": [\n" + good4JSON.replacingOccurrences(of: "\"1\"", with: "\"101\"") + "]}"
  let r = try importing(
    [("a.csv", csv(good)), ("b.json", Array(json.utf8))], schema: schema, acceptValid: true)
  #expect(
    r.issues.map(\.description) == [
      "a.csv:2: field 'precinct': duplicate protocol: precinct 101, list ballot, appears again later",
      "b.json: protocols[0]: field 'precinct': duplicate protocol: precinct 101, list ballot, already on a.csv:2",
    ])
  #expect(r.acceptedRows == 3)
  var out: [UInt8] = []
  try r.writeRejected { out += $0 }
  #expect(
    String(decoding: out, as: UTF8.self)
      == header + "\n" + good[0] + "\n{\"protocols\": [\n" + json.dropFirst(18).dropLast(2)
      + "\n]}\n")
}
