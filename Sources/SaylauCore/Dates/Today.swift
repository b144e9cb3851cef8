import Foundation

/// Today's calendar day: the one place Saylau reads the clock.
///
/// Libraries never call it; the faces (the CLI, the server) read it once and pass the day into the
/// queries that need one (`Registry.latestDateWithConstituencies(today:)`), so every answer can be
/// reproduced by giving the same day.
public enum Today {
  /// The current day in UTC (the law's dates carry no time zone; UTC keeps every machine on one day).
  public static func utc() -> CalendarDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    // The components of a Gregorian date always form a valid day.
    return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
      ?? CalendarDate(year: 1970, month: 1, day: 1)!
  }
}
