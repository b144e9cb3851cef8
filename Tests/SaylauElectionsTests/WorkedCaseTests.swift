import SaylauCore
import SaylauData
import SaylauTestSupport
import Testing

@testable import SaylauElections

/// The worked case of every regime (SaylauTestSupport's ``WorkedCases``), counted by the library; the CLI
/// and API tests count the same requests through the faces.
@Suite("Worked cases of every regime")
struct WorkedCaseTests {
  static func count(_ regime: String) throws -> DefinitionCount.Result {
    let request = try CountRequest.parse(
      Array(try WorkedCases.request(regime).utf8), name: "request", directory: nil)
    return try request.count(regimes: BundledData.regimes(), parties: BundledData.parties())
  }

  static func seats(_ s: ElectionSummary) -> [String: Int] {
    Dictionary(uniqueKeysWithValues: s.rows.compactMap { r in r.totalSeats.map { (r.party, $0) } })
  }

  @Test func r1995MajorityWithRunoffsCompletesTheChamber() throws {
    let s = try Self.count("R1995").summary
    #expect(s.regime.id == "R1995")
    #expect(s.synthetic)
    // 16 runoffs (every fourth constituency), decided by round 2: 8 for each runoff's second candidate.
    #expect(s.trace.constituencies.filter { $0.round == 1 && $0.status == .runoff }.count == 16)
    #expect(s.trace.constituencies.filter { $0.round == 2 }.count == 16)
    #expect(s.composition.undecidedConstituencies.isEmpty)
    #expect(Self.seats(s)["otan"] == 59)
    #expect(Self.seats(s)["asar"] == 8)
    #expect(s.totalSeats == 67)
    // Round 1 in constituency 1: 534 of 890 valid votes (the CEC's base) is a majority.
    let c1 = try #require(s.constituencies.first { $0.constituency == 1 })
    #expect(c1.status == .elected && c1.round == 1 && c1.majorityBase == .validVotes)
    #expect(c1.reason.contains("534 of 890 valid votes incl. against all is more than half"))
    let c8 = try #require(s.constituencies.first { $0.constituency == 8 })
    #expect(c8.round == 2 && c8.winner?.name == "Asar nominee 8")
    #expect(s.chamber?.deputies.count == 67)
    #expect(s.chamber?.deputies.first { $0.seat.constituency == 8 }?.rule == .constituencyRunoff)
  }

  @Test func r1999ARoundTwoCountCompletesASynthetic1999StyleChamber() throws {
    let r = try Self.count("R1999")
    let s = r.summary
    #expect(s.listCount?.rows.map(\.seats) == [7, 1, 1, 1])
    #expect(s.totalSeats == 77)
    #expect(s.composition.undecidedConstituencies.isEmpty)
    #expect(Self.seats(s) == ["otan": 66, "asar": 9, "akzhol": 1, "komm": 1, "independent": 0])
    #expect(r.round2?.acceptedRows == 16)
    #expect(s.commissionDecisions.isEmpty)
    // Without round 2 the runoffs stay open and are the commission's to hold.
    var request = try CountRequest.parse(
      Array(try WorkedCases.request("R1999").utf8), name: "request", directory: nil)
    request.round2 = []
    let open = try request.count(regimes: BundledData.regimes(), parties: nil).summary
    #expect(open.composition.undecidedConstituencies.count == 16)
    #expect(open.commissionDecisions.filter { $0.contains("a runoff between") }.count == 16)
  }

  @Test func r2007OneListTakesAllNinetyEight() throws {
    let s = try Self.count("R2007").summary
    #expect(s.listCount?.seats(of: "nur_otan") == 98)
    #expect(s.matchesPublishedListSeats == true)
    #expect(s.totalSeats == 107)
    #expect(s.listCount?.runnerUpGuaranteeApplied == false)
  }

  @Test func r2009RunnerUpGuarantee() throws {
    let s = try Self.count("R2009").summary
    #expect(s.listCount?.seats(of: "first") == 94)
    #expect(s.listCount?.seats(of: "second") == 4)
    #expect(s.listCount?.trace.runnerUp?.correctedQuotient == 4)
    #expect(s.totalSeats == 107)
    #expect(s.trace.steps.contains { $0.kind == .runnerUp })
  }

  @Test func r2022The2023TraceReproducesRulesA8() throws {
    let s = try Self.count("R2022").summary
    let t = try #require(s.trace.list)
    #expect(t.baseVotes == 6_366_441)
    #expect(t.eligibleVotes == 5_971_719)
    #expect(t.minimumPassingVotes == 318_323)
    #expect(t.wholeSeatsTotal == 67 && t.remainderSeatsTotal == 2)
    let jsdp = try #require(t.rows.first { $0.code == "jsdp" })
    let amanat = try #require(t.rows.first { $0.code == "amanat" })
    #expect(jsdp.remainder == 4_927_845 && jsdp.rank == 1 && jsdp.remainderSeats == 1)
    #expect(amanat.remainder == 3_877_149 && amanat.rank == 2 && amanat.remainderSeats == 1)
    #expect(amanat.product == 236_774_190 && amanat.wholeSeats == 39)
    #expect(t.rows.first { $0.code == "qhp" }?.remainder == 12_885)
    #expect(t.rows.first { $0.code == "baytaq" }?.passedThreshold == false)
    #expect(s.matchesPublishedListSeats == true)
  }

  @Test func r2026KurultaiCountsWithAWhatIfAndSaysSo() throws {
    let s = try Self.count("R2026").summary
    #expect(s.isWhatIf)
    #expect(s.whatIfChanges.contains { $0.hasPrefix("method") })
    #expect(s.whatIfChanges.contains("threshold 5%"))
    #expect(s.whatIfReason == "the law does not yet fix the Kurultai's formula and threshold")
    #expect(s.trace.steps.contains { $0.text.hasPrefix("WHAT-IF") })
    #expect(s.listCount?.rows.map(\.seats) == [87, 44, 14])
    // A party with too few candidates leaves its surplus seats vacant.
    let chamber = try #require(s.chamber)
    let vacant = chamber.vacant.filter { $0.seat.party == "tiny" && $0.reason == .listExhausted }
    #expect(vacant.count == 12)
    // The party's choice seats its two standing candidates, in its order.
    #expect(
      chamber.deputies.filter { $0.party == "tiny" }.map(\.name) == ["Tiny Two", "Tiny One"])
    #expect(chamber.deputies.allSatisfy { $0.rule == .partyChoice })
    #expect(chamber.seats == 145)
  }

  /// The bundled elections counted as definitions give what their published summaries give.
  @Test(arguments: ["2004", "2007", "2012", "2016", "2021", "2023"])
  func bundledDefinitionsAgreeWithThePublishedSummary(year: String) throws {
    let published = try BundledData.publishedElection(year).summary()
    let d = try BundledData.definition(year)
    let counted = try DefinitionCount(definition: d, regimes: BundledData.regimes()).run().summary
    #expect(counted.listCount?.rows.map(\.seats) == published.listCount?.rows.map(\.seats))
    #expect(counted.trace.list == published.trace.list)
    #expect(counted.matchesPublishedListSeats == true)
  }
}
