import Foundation
import SaylauElections
import Testing

@testable import SaylauForensics

/// Each rule on a small clean election with hand-made remarkable protocols: every rule flags its protocol,
/// with its evidence, and nothing else.
@Suite("per-protocol flags")
struct FlagTests {
  /// A clean election whose seed gives no flag by chance (about 1 precinct in 1,000 has one).
  static func clean() throws -> SyntheticElection.Generated {
    try SyntheticElection(
      seed: 43, precincts: 400, constituencies: 2, districtsPerConstituency: 2...2,
      parties: parties2023()
    ).generate()
  }

  static func analyse(
    _ e: SyntheticElection.Generated, earlier: [ProtocolVersion] = [],
    settings: ForensicSettings = ForensicSettings(seed: 1, simulations: 20)
  ) throws -> ForensicReport {
    try Forensics.analyse(
      ForensicInput(
        schema: ProtocolSchema(parties: e.parties, constituencyCount: 2, synthetic: true),
        protocols: e.protocols, earlierVersions: earlier, regionOfConstituency: [1: "r1", 2: "r2"],
        districtOfPrecinct: e.districts),
      settings: settings)
  }

  /// The index of precinct `id`'s protocol of `ballot`.
  static func index(_ e: SyntheticElection.Generated, _ id: Int, _ ballot: BallotType) -> Int {
    2 * (id - 1) + (ballot == .list ? 0 : 1)
  }

  @Test("a clean election gets no flag, and its protocols pass the law's check")
  func cleanElection() throws {
    let e = try Self.clean()
    for p in e.protocols {
      #expect(
        ProtocolCheck.check(p, schema: ProtocolSchema(parties: e.parties, constituencyCount: 2))
          .isEmpty)
    }
    let report = try Self.analyse(e)
    #expect(report.flags.isEmpty, "\(report.flags.map(\.evidence))")
    #expect(report.synthetic)
    #expect(report.areas.contains { $0.area.level == .district })
    #expect(report.areas.contains { $0.area == Area(level: .region, code: "r1") })
  }

  @Test("every rule flags the protocol made for it, with its numbers")
  func rules() throws {
    var e = try Self.clean()
    let L = { (id: Int) in Self.index(e, id, .list) }
    // 1: turnout of 100 %.
    var p = e.protocols[L(1)]
    p = SyntheticElection.stuff(p, added: (p.votersOnList ?? 0) - (p.ballotsIssued ?? 0), leader: 0)
    e.protocols[L(1)] = p
    // 2: one party with every valid vote.
    p = e.protocols[L(2)]
    let valid = p.votes.compactMap { $0 }.reduce(0, +)
    p.votes = [valid + (p.againstAll ?? 0)] + [Int?](repeating: 0, count: p.votes.count - 1)
    p.againstAll = 0
    e.protocols[L(2)] = p
    // 3: turnout and the leader's share on multiples of 5 %, in a large precinct.
    p = e.protocols[L(3)]
    p.votersOnList = 3000
    p.ballotsReceived = 3000
    p.unused = 3000 - (p.ballotsIssued ?? 0)
    e.protocols[L(3)] = SyntheticElection.round(p, leader: 0, fiveTurnout: true, fiveShare: true)
    // 4 is a copy of 5.
    p = e.protocols[L(5)]
    p.precinct = "4"
    p.constituency = e.protocols[L(4)].constituency
    e.protocols[L(4)] = p
    // 6 is 7 with one vote moved.
    p = e.protocols[L(7)]
    p.precinct = "6"
    p.constituency = e.protocols[L(6)].constituency
    p.votes[1] = (p.votes[1] ?? 0) + 1
    p.votes[2] = (p.votes[2] ?? 0) - 1
    e.protocols[L(6)] = p
    // 8: ballots stuffed, turnout and share far above its district.
    p = e.protocols[L(8)]
    e.protocols[L(8)] = SyntheticElection.stuff(
      p, added: ((p.votersOnList ?? 0) - (p.ballotsIssued ?? 0)) * 8 / 10, leader: 0)
    // 9: the constituency ballot has other voters on the list.
    e.protocols[Self.index(e, 9, .constituency)].votersOnList! += 40
    e.protocols[Self.index(e, 9, .constituency)].ballotsReceived! += 40
    e.protocols[Self.index(e, 9, .constituency)].unused! += 40
    // 10: three ballots issued were not in the box (a warning of the law's check).
    p = e.protocols[L(10)]
    p.ballotsInBox! -= 3
    p.votes[0]! -= 3
    e.protocols[L(10)] = p
    // 11: corrected after a first version with other counts.
    var first = e.protocols[L(11)]
    first.votes[0]! -= 25
    first.votes[1]! += 25
    let report = try Self.analyse(e, earlier: [ProtocolVersion(version: 1, value: first)])

    func kinds(_ id: Int) -> Set<FlagKind> { Set(report.flags(of: String(id)).map(\.kind)) }
    #expect(kinds(1).contains(.fullTurnout))
    #expect(kinds(2).contains(.fullShare))
    #expect(kinds(3).contains(.roundPercentages))
    #expect(kinds(4).contains(.identical) && kinds(5).contains(.identical))
    #expect(report.flags(of: "4").first?.related == ["5"])
    #expect(kinds(6).contains(.nearIdentical) && kinds(7).contains(.nearIdentical))
    #expect(kinds(8).contains(.outlier))
    #expect(kinds(9) == [.ballotMismatch])
    #expect(kinds(10) == [.lawWarning])
    #expect(kinds(11) == [.changed])
    let changed = report.flags(of: "11").first!
    #expect(changed.evidence.contains("version 1 → 2"))
    #expect(changed.evidence.contains("amanat"))
    #expect(report.flags(of: "1").first { $0.kind == .fullTurnout }!.evidence.contains("100.0 %"))
    #expect(report.flags(of: "10").first!.evidence.contains("A2.2"))
    // Nothing else is flagged.
    let flagged = Set(report.flags.map(\.precinct))
    #expect(flagged.subtracting((1...11).map(String.init)).isEmpty, "\(flagged.sorted())")
    // The counts agree with the flags.
    #expect(report.flaggedPrecincts == flagged.count)
    #expect(report.flagCounts.map(\.protocols).reduce(0, +) == report.flags.count)
  }

  @Test("the report does not depend on the order of the protocols, and the seed fixes every number")
  func determinism() throws {
    let e = try SyntheticElection(
      seed: 5, precincts: 600, constituencies: 3, parties: parties2023(), doctoredPercent: 5
    ).generate()
    var shuffled = e
    var g = Sampler(seed: 99, stream: 0)
    for i in stride(from: shuffled.protocols.count - 1, to: 0, by: -1) {
      shuffled.protocols.swapAt(i, g.below(i + 1))
    }
    let a = try Self.analyseWide(e, seed: 1)
    let b = try Self.analyseWide(shuffled, seed: 1)
    #expect(a == b)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    #expect(try encoder.encode(a) == encoder.encode(b))
    let c = try Self.analyseWide(e, seed: 2)
    #expect(c.flags == a.flags)  // flags take no randomness
    #expect(c.areas != a.areas)  // the simulated nulls do
  }

  static func analyseWide(_ e: SyntheticElection.Generated, seed: UInt64) throws -> ForensicReport {
    try Forensics.analyse(
      ForensicInput(
        schema: ProtocolSchema(parties: e.parties, constituencyCount: 3, synthetic: true),
        protocols: e.protocols, districtOfPrecinct: e.districts),
      settings: ForensicSettings(seed: seed, simulations: 30))
  }

  @Test("protocol history: a correction replaces and keeps the earlier version")
  func history() {
    var h = ProtocolHistory()
    let a = PollingStationProtocol(precinct: "7", constituency: 1, ballot: .list, ballotsIssued: 10)
    var b = a
    b.ballotsIssued = 12
    h.record([a])
    h.record([b, PollingStationProtocol(precinct: "8", constituency: 1, ballot: .list)])
    h.record([a])
    #expect(h.protocols.map(\.precinct) == ["7", "8"])
    #expect(h.protocols[0] == a)
    #expect(h.earlierVersions.map(\.version) == [1, 2])
    #expect(h.earlierVersions.map(\.value.ballotsIssued) == [10, 12])
  }

  @Test("settings out of range are refused in the library's words")
  func settings() throws {
    let e = try Self.clean()
    var s = ForensicSettings()
    s.simulations = 0
    #expect(throws: ForensicSettingsError.self) { try Self.analyse(e, settings: s) }
  }
}
