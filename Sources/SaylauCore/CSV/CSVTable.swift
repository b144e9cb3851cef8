/// A CSV table for Saylau's data files: RFC 4180 (quoted fields, doubled quotes, CRLF or LF), read with the
/// one scanner, ``CSVScanner``. A UTF-8 byte order mark is skipped and blank lines are ignored.
///
/// Every row remembers the physical line it starts on (1 = the header), so errors name the source,
/// the line and the field. Use ``rows`` with ``column(_:)`` for positional access, or ``records`` for
/// cells by column name.
///
/// The table's ``Limits`` are enforced while it is read, before any row is kept: a record longer than
/// ``Limits/maximumRecordBytes``, a header wider than ``Limits/maximumColumns`` and bytes that are not UTF-8
/// are errors naming the line (and the column), never a trap, a hang or a silent replacement character.
public struct CSVTable: Sendable {
  public var source: String
  public var header: [String]
  /// Data rows with the 1-based line number where each starts.
  public var rows: [(line: Int, fields: [String])]

  /// The bounds a table is read within (see the Limits article of SaylauCore).
  public struct Limits: Sendable, Hashable {
    /// The longest record, in bytes (a field is never longer than its record).
    public var maximumRecordBytes: Int
    /// The most columns a header may have.
    public var maximumColumns: Int
    /// A file with a header and no row is an error.
    public var requiresRows: Bool

    public init(
      maximumRecordBytes: Int = 1 << 20, maximumColumns: Int = 1024, requiresRows: Bool = false
    ) {
      self.maximumRecordBytes = maximumRecordBytes
      self.maximumColumns = maximumColumns
      self.requiresRows = requiresRows
    }

    /// The defaults: records up to 1 MiB, headers up to 1,024 columns, a header-only file allowed.
    public static let standard = Limits()
  }

  /// The largest table file the readers load (64 MiB): the tables are read whole, so their size is checked
  /// before they are read (``InputFile/read(_:name:limit:)``).
  public static let maximumFileBytes = 64 << 20

  /// Parses `text`; `source` names the file in error messages. `requiredColumns` must all be in the header.
  /// - Throws: ``CSVError`` naming the line (and the column where there is one).
  public init(
    text: String, source: String, requiredColumns: [String] = [], limits: Limits = .standard
  ) throws {
    try self.init(
      bytes: Array(text.utf8), source: source, requiredColumns: requiredColumns, limits: limits)
  }

  /// Parses UTF-8 `bytes`; see ``init(text:source:requiredColumns:limits:)``. Bytes that are not UTF-8 are an
  /// error at their line and column.
  public init(
    bytes: [UInt8], source: String, requiredColumns: [String] = [], limits: Limits = .standard
  ) throws {
    self.source = source
    var records: [(Int, [String])] = []
    var failure: CSVError?
    var headerNames: [String]? = nil
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      var scanner = CSVScanner(
        base: base, count: buffer.count,
        position: CSVScanner.byteOrderMarkLength(base, count: buffer.count),
        maximumRecordBytes: limits.maximumRecordBytes, maximumFields: limits.maximumColumns + 1)
      var fields: [CSVScanner.Field] = []
      while let record = scanner.next(into: &fields) {
        if let m = record.malformation {
          failure = CSVError(
            source: source, line: record.line, field: nil, message: Self.message(m))
          return
        }
        if record.isBlank || (fields.count == 1 && scanner.string(fields[0]).trimmingSpaces.isEmpty)
        {
          continue
        }
        if record.fieldCount > limits.maximumColumns {
          failure = CSVError(
            source: source, line: record.line, field: nil,
            message:
              "\(record.fieldCount) fields, more than the \(limits.maximumColumns) a table may have"
          )
          return
        }
        for (k, f) in fields.enumerated() {
          if let bad = InvalidUTF8.find(in: scanner.bytes(f)) {
            let column = headerNames.flatMap { k < $0.count ? Excerpt.excerpt($0[k]) : nil }
            failure = CSVError(
              source: source, line: record.line, field: column,
              message: headerNames == nil
                ? "column \(k + 1) of the header: \(bad)" : bad.description)
            return
          }
        }
        let strings = fields.map { scanner.string($0) }
        if headerNames == nil { headerNames = strings.map(\.trimmingSpaces) }
        records.append((record.line, strings))
      }
    }
    if let failure { throw failure }
    guard let first = records.first else {
      throw CSVError(
        source: source, line: 1, field: nil, message: "empty file (a header row is required)")
    }
    let header = first.1.map(\.trimmingSpaces)
    self.header = header
    var seen: Set<String> = []
    if let duplicate = header.first(where: { !seen.insert($0).inserted }) {
      throw CSVError(
        source: source, line: first.0, field: Excerpt.excerpt(duplicate),
        message: "column appears more than once")
    }
    for column in requiredColumns where !header.contains(column) {
      throw CSVError(
        source: source, line: first.0, field: column, message: "column is missing from the header")
    }
    if limits.requiresRows && records.count < 2 {
      throw CSVError(
        source: source, line: first.0 + 1, field: nil,
        message: "no rows after the header (the file has only its header)")
    }
    rows = []
    for record in records.dropFirst() {
      guard record.1.count == header.count else {
        throw CSVError(
          source: source, line: record.0, field: nil,
          message: "\(record.1.count) fields, the header has \(header.count)")
      }
      rows.append((record.0, record.1))
    }
  }

  /// The scanner's finding in the words these tables have always used.
  static func message(_ m: CSVScanner.Malformation) -> String {
    switch m {
    case .unterminatedQuote: return "unterminated quote"
    case .quoteInUnquotedField: return "stray quote inside a field"
    case .textAfterClosingQuote: return "text after a closing quote"
    case .recordTooLong: return m.description
    }
  }

  /// The index of a column, or an error naming the missing column.
  public func column(_ name: String) throws -> Int {
    guard let i = header.firstIndex(of: name) else {
      throw CSVError(
        source: source, line: 1, field: name,
        message:
          "missing column (header has: \(Excerpt.excerpt(header.joined(separator: ", "), limit: 200)))"
      )
    }
    return i
  }

  /// Parses an integer cell; blank gives `nil`. Thousands separators are not accepted.
  public func integer(row: Int, column: Int) throws -> Int? {
    let raw = rows[row].fields[column].trimmingSpaces
    if raw.isEmpty { return nil }
    guard let v = Int(raw) else {
      throw CSVError(
        source: source, line: rows[row].line, field: header[column],
        message: "'\(Excerpt.excerpt(raw))' is not an integer")
    }
    return v
  }
}

/// An error in a data file, with its place: the file, the physical line (1 = the header) and the field.
public struct CSVError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file's name as the user knows it.
  public var source: String
  public var line: Int?
  public var field: String?
  public var message: String

  public init(source: String, line: Int?, field: String?, message: String) {
    self.source = source
    self.line = line
    self.field = field
    self.message = message
  }

  /// The same error, named the way the dataset loader names its files.
  public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
    self.init(source: file, line: line, field: field, message: message)
  }

  /// The file's name (the same as ``source``).
  public var file: String { source }

  /// `file:line: field 'name': message`, with control characters escaped (a message quotes input).
  public var description: String {
    var place = source
    if let line { place += ":\(line)" }
    if let field { return Excerpt.escapingControls("\(place): field '\(field)': \(message)") }
    return Excerpt.escapingControls("\(place): \(message)")
  }
}

extension CSVTable {
  /// A row with its cells by column name.
  public struct Record: Sendable {
    public let line: Int
    public let values: [String: String]
    public let file: String

    /// The trimmed value of `field`, or `nil` when the cell is blank.
    public func optional(_ field: String) -> String? {
      guard let raw = values[field] else { return nil }
      let value = raw.trimmingSpaces
      return value.isEmpty ? nil : value
    }

    public func required(_ field: String) throws -> String {
      guard let value = optional(field) else { throw error(field, "is blank but required") }
      return value
    }

    public func optionalInt(_ field: String) throws -> Int? {
      guard let text = optional(field) else { return nil }
      guard let value = Int(text) else {
        throw error(field, "'\(Excerpt.excerpt(text))' is not a whole number")
      }
      return value
    }

    public func requiredInt(_ field: String) throws -> Int {
      guard let value = try optionalInt(field) else { throw error(field, "is blank but required") }
      return value
    }

    public func optionalDate(_ field: String) throws -> CalendarDate? {
      guard let text = optional(field) else { return nil }
      guard let date = CalendarDate(iso: text) else {
        throw error(field, "'\(Excerpt.excerpt(text))' is not a date YYYY-MM-DD")
      }
      return date
    }

    /// The cell as a date known to the day, the month or the year (`2004`, `1995-12`, `2023-03-19`).
    public func optionalHistoricalDate(_ field: String) throws -> HistoricalDate? {
      guard let text = optional(field) else { return nil }
      guard let date = HistoricalDate(iso: text) else {
        throw error(field, "'\(Excerpt.excerpt(text))' is not YYYY, YYYY-MM or YYYY-MM-DD")
      }
      return date
    }

    /// The cell split at `;`, trimmed, blanks dropped.
    public func list(_ field: String) -> [String] {
      (optional(field) ?? "").split(separator: ";").map { String($0).trimmingSpaces }
        .filter { !$0.isEmpty }
    }

    /// An error at this row's line in `field` (or the whole row when `field` is `nil`). The field's name
    /// comes from the user's header, so it is quoted as a short, escaped excerpt.
    public func error(_ field: String?, _ message: String) -> CSVError {
      CSVError(source: file, line: line, field: field.map { Excerpt.excerpt($0) }, message: message)
    }
  }

  /// The data rows with their cells by column name.
  public var records: [Record] {
    rows.map { row in
      Record(
        line: row.line, values: Dictionary(uniqueKeysWithValues: zip(header, row.fields)),
        file: source)
    }
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  public var trimmingSpaces: String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" { s.removeLast() }
    return String(s)
  }
}
