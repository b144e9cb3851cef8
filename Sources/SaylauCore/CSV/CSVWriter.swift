/// Writes RFC 4180 CSV: fields are quoted when they hold a comma, a quote, a line break or leading or
/// trailing spaces, and quotes inside are doubled, so any text (a name with a comma, a note with a line
/// break) reads back unchanged with ``CSVTable``.
public struct CSVWriter: Sendable {
  /// The text written so far.
  public private(set) var text: String = ""

  public init() {}

  /// Starts a writer with a header row.
  public init(header: [String]) {
    append(header)
  }

  /// Appends one row, terminated by `\n`.
  public mutating func append(_ fields: [String]) {
    text += fields.map(Self.field).joined(separator: ",")
    text += "\n"
  }

  /// One field as it appears in a row: quoted where needed.
  public static func field(_ value: String) -> String {
    let needsQuotes =
      value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
      || value.first == " " || value.last == " "
    guard needsQuotes else { return value }
    return "\"" + value.replacing("\"", with: "\"\"") + "\""
  }
}
