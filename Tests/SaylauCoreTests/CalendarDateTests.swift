import Testing

@testable import SaylauCore

@Suite struct CalendarDateTests {
  @Test func parsesStrictISODates() {
    #expect(CalendarDate(iso: "2023-03-19")?.description == "2023-03-19")
    #expect(CalendarDate(iso: "2024-02-29") != nil)
    #expect(CalendarDate(iso: "2023-02-29") == nil)
    #expect(CalendarDate(iso: "1900-02-29") == nil)
    #expect(CalendarDate(iso: "2000-02-29") != nil)
    #expect(CalendarDate(iso: "2023-3-19") == nil)
    #expect(CalendarDate(iso: "2023-13-01") == nil)
    #expect(CalendarDate(iso: "19-03-2023") == nil)
    #expect(CalendarDate(iso: "2023-03-19T00:00") == nil)
  }

  @Test func ordersAndStepsBack() {
    let a = CalendarDate(iso: "2022-12-31")!
    let b = CalendarDate(iso: "2023-01-01")!
    #expect(a < b)
    #expect(b.previousDay == a)
    #expect(CalendarDate(iso: "2024-03-01")!.previousDay == CalendarDate(iso: "2024-02-29"))
  }

  @Test func historicalDatesSpanTheirImprecision() {
    let year = HistoricalDate(iso: "2007")!
    #expect(year.earliest == CalendarDate(iso: "2007-01-01"))
    #expect(year.latest == CalendarDate(iso: "2007-12-31"))
    let month = HistoricalDate(iso: "2024-02")!
    #expect(month.latest == CalendarDate(iso: "2024-02-29"))
    #expect(month.description == "2024-02")
    #expect(HistoricalDate(iso: "2022-12-24")!.longDescription == "24 December 2022")
    #expect(HistoricalDate(iso: "2022-13") == nil)
  }
}
