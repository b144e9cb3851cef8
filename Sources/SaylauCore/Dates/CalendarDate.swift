/// A calendar date (year, month, day) without a time zone, as the law and the CEC use them.
///
/// Dates order naturally and print as ISO 8601 (`2023-01-01`). Parsing is strict: the day must exist
/// in the month (leap years included).
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible, ISOTextCodable
{
  public let year: Int
  public let month: Int
  public let day: Int

  /// Creates a date, or returns `nil` if the day does not exist.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: year)
    else {
      return nil
    }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`; returns `nil` for anything else or for a day that does not exist.
  public init?(iso string: some StringProtocol) {
    let parts = string.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  /// The day before this one.
  public var previousDay: CalendarDate {
    if day > 1 { return CalendarDate(year: year, month: month, day: day - 1)! }
    if month > 1 {
      return CalendarDate(
        year: year, month: month - 1, day: CalendarDate.daysIn(month: month - 1, year: year))!
    }
    return CalendarDate(year: year - 1, month: 12, day: 31)!
  }

  public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  public var description: String {
    func pad(_ n: Int, _ width: Int) -> String {
      let s = String(n)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

}

extension CalendarDate {
  public static let isoForm = "YYYY-MM-DD"
}

/// A value written in JSON and in the database as its ISO text (`2023-03-19`, `2004`), read back with
/// the same parser: one coding for every date type.
public protocol ISOTextCodable: Codable, CustomStringConvertible {
  /// Parses the ISO text; `nil` for anything else.
  init?(isoText: String)
  /// The forms the text may take, for the error message ("YYYY-MM-DD").
  static var isoForm: String { get }
}

extension ISOTextCodable {
  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = Self(isoText: text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(text)' is not of the form \(Self.isoForm)")
    }
    self = value
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

extension CalendarDate {
  public init?(isoText: String) { self.init(iso: isoText) }
}
