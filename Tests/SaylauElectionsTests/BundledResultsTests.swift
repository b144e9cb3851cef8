import SaylauData
import Testing

@testable import SaylauElections

/// The bundled official votes reproduce the official list seats under each election's own regime.
@Test(arguments: [2004, 2016, 2021, 2023])
func bundledOfficialVotesGiveTheOfficialListSeats(year: Int) throws {
  let official = try ElectionResults.official(year: year)
  let regime = try #require(Regime.named(official.regime))
  let vote = ListVote(
    parties: official.lines.map {
      ListVote.Party(
        code: $0.code, name: $0.name, votes: $0.votes, isAggregate: $0.isDerivedAggregate)
    },
    againstAll: official.againstAll, invalid: official.invalid,
    ballotsIssued: official.ballotsIssued)
  // The lines add up to the published threshold base, so no list is missing from the denominator.
  #expect(vote.valid == official.publishedBase)
  let result = try ListSeatDecision(regime: regime).decide(vote)
  #expect(result.rows.reduce(0) { $0 + $1.seats } == regime.listSeats)
  for line in official.lines {
    #expect(result.seats(of: line.code) == line.officialListSeats, "\(year) \(line.code)")
  }
}

@Test func bundled2023MarksItsConstituencySeatsAsDerived() throws {
  let o = try ElectionResults.official(year: 2023)
  #expect(o.lines.first { $0.code == "amanat" }?.constituencySeats == 22)
  #expect(
    o.lines.first { $0.code == "amanat" }?.constituencySeatsBasis?.hasPrefix("derived") == true)
  #expect(o.independentConstituencySeats == 7)
  #expect(o.ballotsIssued == 6_521_860)
  #expect(o.invalid == nil)  // not published: blank stays blank
  #expect(throws: ElectionResultsError.self) { try ElectionResults.official(year: 1999) }
}
