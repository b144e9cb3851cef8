import SaylauCore

/// A user's table of one numeric value per constituency, for a map coloured by any variable
/// (``MapTheme/column(_:_:)``): a `number` column and the value column; a blank cell stays blank (drawn as no
/// data, never as zero).
public enum ConstituencyValues {
  /// Reads `text` (CSV) and returns the column's name and the values by constituency number.
  ///
  /// - Parameters:
  ///   - source: the file's name, for the errors.
  ///   - column: the column to read (default: the first column other than `number`).
  /// - Throws: `CSVError` naming the file, line and field.
  public static func read(csv text: String, source: String, column: String? = nil) throws
    -> (column: String, values: [Int: Double])
  {
    try read(bytes: Array(text.utf8), source: source, column: column)
  }

  /// Reads the table from UTF-8 bytes (see ``read(csv:source:column:)``); bytes that are not UTF-8 and a file
  /// with only its header are errors too.
  public static func read(bytes: [UInt8], source: String, column: String? = nil) throws
    -> (column: String, values: [Int: Double])
  {
    let table = try CSVTable(
      bytes: bytes, source: source, requiredColumns: ["number"],
      limits: CSVTable.Limits(requiresRows: true))
    guard let name = column ?? table.header.first(where: { $0 != "number" }) else {
      throw CSVError(
        source: source, line: 1, field: nil, message: "no column of values besides 'number'")
    }
    guard table.header.contains(name) else {
      throw CSVError(
        source: source, line: 1, field: Excerpt.excerpt(name),
        message: "column is missing from the header")
    }
    var values: [Int: Double] = [:]
    for r in table.records {
      let numberText = r.optional("number") ?? ""
      guard let number = Int(numberText), number > 0 else {
        throw r.error("number", "'\(Excerpt.excerpt(numberText))' is not a constituency number")
      }
      guard let cell = r.optional(name) else { continue }  // blank stays blank
      guard let v = Double(cell), v.isFinite else {
        throw r.error(name, "'\(Excerpt.excerpt(cell))' is not a number")
      }
      guard values[number] == nil else {
        throw r.error("number", "constituency \(number) appears twice")
      }
      values[number] = v
    }
    return (name, values)
  }
}
