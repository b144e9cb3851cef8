import SaylauCore
import SaylauRegistry
import Testing

@Suite struct ConstituencySchemeTests {
  let scheme2004 = ConstituencyScheme(
    id: "2004", seatCount: 67, formed: HistoricalDate(year: 2004),
    inForce: HistoricalDate(year: 2004),
    abolished: HistoricalDate(year: 2007),
    electionDays: [CalendarDate(iso: "2004-09-19")!, CalendarDate(iso: "2004-10-03")!],
    legalBasis: "",
    abolitionBasis: nil, sources: [])
  let scheme2023 = ConstituencyScheme(
    id: "2023", seatCount: 29, formed: HistoricalDate(iso: "2022-12-24")!,
    inForce: HistoricalDate(iso: "2023-01-01")!,
    abolished: HistoricalDate(iso: "2026-07-01")!, electionDays: [CalendarDate(iso: "2023-03-19")!],
    legalBasis: "",
    abolitionBasis: nil, sources: [])

  @Test(arguments: [
    ("2003-12-31", Existence.didNotExist), ("2004-05-01", .uncertain), ("2004-09-19", .existed),
    ("2005-06-01", .existed), ("2006-12-31", .existed), ("2007-03-01", .uncertain),
    ("2008-01-01", .didNotExist),
  ])
  func yearOnlyBoundsAreUncertain(day: String, expected: Existence) {
    #expect(scheme2004.existence(on: CalendarDate(iso: day)!) == expected)
  }

  @Test(arguments: [
    ("2022-12-31", Existence.didNotExist), ("2023-01-01", .existed), ("2026-06-30", .existed),
    ("2026-07-01", .didNotExist),
  ])
  func exactBoundsAreInclusiveExclusive(day: String, expected: Existence) {
    #expect(scheme2023.existence(on: CalendarDate(iso: day)!) == expected)
  }

  @Test func lastCertainDayIsTheDayBeforeAbolition() {
    #expect(scheme2023.lastCertainDay == CalendarDate(iso: "2026-06-30"))
    #expect(scheme2004.lastCertainDay == CalendarDate(iso: "2006-12-31"))
  }
}
