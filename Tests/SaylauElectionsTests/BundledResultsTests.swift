import SaylauCore
import SaylauData
import Testing

@testable import SaylauElections

/// The bundled official votes reproduce the official list seats under each election's own regime.
@Test(arguments: ["2004", "2007", "2012", "2016", "2021", "2023"])
func bundledOfficialVotesGiveTheOfficialListSeats(year: String) throws {
  let published = try BundledData.publishedElection(year)
  let result = try #require(published.result)
  let vote = result.listVote
  // The lines add up to the published threshold base, so no list is missing from the denominator.
  #expect(vote.valid == result.publishedBase)
  let count = try ListSeatDecision(regime: published.regime).decide(vote)
  #expect(count.rows.reduce(0) { $0 + $1.seats } == published.regime.listSeats)
  for line in result.lines {
    #expect(count.seats(of: line.code) == line.publishedListSeats, "\(year) \(line.code)")
  }
  let summary = try published.summary()
  #expect(summary.matchesPublishedListSeats == true)
  #expect(!summary.isWhatIf)
}

@Test func bundled2023MarksItsConstituencySeatsAsDerived() throws {
  let o = try #require(try BundledData.publishedElection("2023-majilis").result)
  #expect(o.lines.first { $0.code == "amanat" }?.constituencySeats == 22)
  #expect(
    o.lines.first { $0.code == "amanat" }?.constituencySeatsBasis?.hasPrefix("derived") == true)
  #expect(o.independentConstituencySeats == 7)
  #expect(o.ballotsIssued == 6_521_860)
  #expect(o.invalid == nil)  // not published: blank stays blank
  // 1999 is in the catalogue, but its votes are not in the data.
  let y1999 = try BundledData.publishedElection("1999")
  #expect(y1999.result == nil)
  #expect(throws: ElectionSummaryError.noResults(election: "1999-majilis")) {
    try y1999.summary()
  }
  #expect(throws: ElectionDataError.self) { try BundledData.publishedElection("1899") }
}

/// The regimes table: in force by date with the sources' precision, every bundled election held under the
/// regime the table puts in force on its polling day.
@Suite struct RegimeTableTests {
  @Test func everyElectionIsHeldUnderTheRegimeInForceOnItsDay() throws {
    let regimes = try BundledData.regimes()
    #expect(regimes.regimes.map(\.id) == ["R1995", "R1999", "R2007", "R2009", "R2022", "R2026"])
    for e in try BundledData.elections().elections {
      guard let day = e.day else { continue }
      let r = try regimes.regime(inForceOn: day, chamber: e.chamber)
      #expect(r.id == e.regimeID, "\(e.id)")
    }
  }

  @Test func imprecisePeriodsGiveUncertainAnswers() throws {
    let regimes = try BundledData.regimes()
    // The 2022 amendments are dated only to the year: mid-2022 could be under either law.
    #expect(
      throws: RegimeDateError.uncertain(
        date: CalendarDate(iso: "2022-06-01")!, candidates: ["R2009", "R2022"])
    ) {
      try regimes.regime(inForceOn: CalendarDate(iso: "2022-06-01")!)
    }
    #expect(try regimes.regime(inForceOn: CalendarDate(iso: "2026-07-01")!).id == "R2026")
    #expect(try regimes.regime(inForceOn: CalendarDate(iso: "2026-06-30")!).id == "R2022")
    #expect(throws: RegimeDateError.none(date: CalendarDate(iso: "1990-01-01")!)) {
      try regimes.regime(inForceOn: CalendarDate(iso: "1990-01-01")!)
    }
  }

  @Test func partiesFollowTheirSuccessors() throws {
    let parties = try BundledData.parties()
    #expect(parties.successor(of: "nur_otan", on: CalendarDate(iso: "2023-03-19")!) == "amanat")
    #expect(parties.successor(of: "otan", on: CalendarDate(iso: "2023-03-19")!) == "amanat")
    #expect(parties.successor(of: "nur_otan", on: CalendarDate(iso: "2021-01-10")!) == "nur_otan")
    #expect(parties.successor(of: "knpk", on: CalendarDate(iso: "2021-01-10")!) == "qhp")
    #expect(parties.code(forNomination: "Independent (self-nominated)") == "independent")
    #expect(parties.code(forNomination: "Aq Jol") == "ak_zhol")
    #expect(parties.code(forNomination: "People's Party of Kazakhstan") == "qhp")
    #expect(parties.code(forNomination: "Union of Something") == nil)
    // Every party of every bundled result is in the directory.
    for e in try BundledData.publishedElections() {
      for l in e.result?.lines ?? [] { #expect(parties.party(code: l.code) != nil, "\(l.code)") }
    }
  }
}
