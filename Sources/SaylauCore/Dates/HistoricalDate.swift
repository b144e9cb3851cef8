/// A date known to the day, the month or only the year, as historical sources give them.
///
/// "Abolished in 2007" is a year; "re-established on 24 December 2022" is a day. Queries on a
/// ``CalendarDate`` compare against the earliest and latest days the value can mean, so an imprecise
/// bound makes an answer uncertain rather than wrong.
public struct HistoricalDate: Hashable, Sendable, CustomStringConvertible, ISOTextCodable {
  public var year: Int
  public var month: Int?
  public var day: Int?

  public init(year: Int, month: Int? = nil, day: Int? = nil) {
    self.year = year
    self.month = month
    self.day = month == nil ? nil : day
  }

  public init(_ date: CalendarDate) {
    self.init(year: date.year, month: date.month, day: date.day)
  }

  /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
  public init?(iso string: some StringProtocol) {
    let parts = string.split(separator: "-")
    guard (1...3).contains(parts.count), parts[0].count == 4, let y = Int(parts[0]) else {
      return nil
    }
    if parts.count == 3 {
      guard let d = CalendarDate(iso: string) else { return nil }
      self.init(d)
    } else if parts.count == 2 {
      guard let m = Int(parts[1]), (1...12).contains(m), parts[1].count == 2 else { return nil }
      self.init(year: y, month: m)
    } else {
      self.init(year: y)
    }
  }

  /// The first day this value can mean.
  public var earliest: CalendarDate {
    CalendarDate(year: year, month: month ?? 1, day: day ?? 1)!
  }

  /// The last day this value can mean.
  public var latest: CalendarDate {
    let m = month ?? 12
    return CalendarDate(
      year: year, month: m, day: day ?? CalendarDate.daysIn(month: m, year: year))!
  }

  /// Whether the value is known to the day.
  public var isExact: Bool { day != nil }

  public var description: String {
    if day != nil { return earliest.description }
    if month != nil { return String(earliest.description.prefix(7)) }
    return String(year)
  }

  /// A reader's form: "24 December 2022", "December 2022" or "2022".
  public var longDescription: String {
    let months = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October",
      "November", "December",
    ]
    guard let month else { return String(year) }
    let m = months[month - 1]
    if let day { return "\(day) \(m) \(year)" }
    return "\(m) \(year)"
  }

}

extension HistoricalDate {
  public static let isoForm = "YYYY, YYYY-MM or YYYY-MM-DD"
  public init?(isoText: String) { self.init(iso: isoText) }
}

/// Whether something existed on a given day, allowing for imprecise historical dates.
public enum Existence: String, Sendable, Codable {
  case existed
  case didNotExist
  /// The day falls within the imprecision of a start or end date.
  case uncertain
}
