/// A small RFC 4180 CSV reader for the districting inputs (quoted fields, doubled quotes, CRLF or LF).
///
/// Errors name the source, the 1-based line and the field, as the house rules require.
public struct CSVTable: Sendable {
  public var source: String
  public var header: [String]
  /// Data rows with the 1-based line number where each starts.
  public var rows: [(line: Int, fields: [String])]

  /// Parses `text`; `source` names the file in error messages.
  public init(text: String, source: String) throws {
    self.source = source
    var records: [(Int, [String])] = []
    var field = ""
    var fields: [String] = []
    var inQuotes = false
    var line = 1
    var recordLine = 1
    var afterQuote = false
    var iterator = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = nil
    func next() -> Unicode.Scalar? {
      if let p = pending {
        pending = nil
        return p
      }
      return iterator.next()
    }
    var sawAnything = false
    while let c = next() {
      sawAnything = true
      if inQuotes {
        if c == "\"" {
          if let d = next() {
            if d == "\"" {
              field.unicodeScalars.append("\"")
            } else {
              inQuotes = false
              afterQuote = true
              pending = d
            }
          } else {
            inQuotes = false
          }
        } else {
          if c == "\n" { line += 1 }
          field.unicodeScalars.append(c)
        }
        continue
      }
      switch c {
      case "\"":
        if field.isEmpty && !afterQuote {
          inQuotes = true
        } else {
          throw CSVError(
            source: source, line: line, field: nil, message: "stray quote inside a field")
        }
      case ",":
        fields.append(field)
        field = ""
        afterQuote = false
      case "\r":
        continue
      case "\n":
        fields.append(field)
        records.append((recordLine, fields))
        fields = []
        field = ""
        afterQuote = false
        line += 1
        recordLine = line
      default:
        if afterQuote {
          throw CSVError(
            source: source, line: line, field: nil, message: "text after a closing quote")
        }
        field.unicodeScalars.append(c)
      }
    }
    if inQuotes {
      throw CSVError(source: source, line: recordLine, field: nil, message: "unterminated quote")
    }
    if sawAnything && (!field.isEmpty || !fields.isEmpty) {
      fields.append(field)
      records.append((recordLine, fields))
    }
    // Skip blank lines.
    records.removeAll { $0.1.count == 1 && $0.1[0].trimmingSpaces.isEmpty }
    guard let first = records.first else {
      throw CSVError(
        source: source, line: 1, field: nil, message: "empty file (a header row is required)")
    }
    header = first.1.map(\.trimmingSpaces)
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

  /// The index of a column, or an error naming the missing column.
  public func column(_ name: String) throws -> Int {
    guard let i = header.firstIndex(of: name) else {
      throw CSVError(
        source: source, line: 1, field: name,
        message: "missing column (header has: \(header.joined(separator: ", ")))")
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
        message: "'\(raw)' is not an integer")
    }
    return v
  }
}

/// A CSV input error with its place.
public struct CSVError: Error, CustomStringConvertible, Sendable, Equatable {
  public var source: String
  public var line: Int
  public var field: String?
  public var message: String

  public init(source: String, line: Int, field: String?, message: String) {
    self.source = source
    self.line = line
    self.field = field
    self.message = message
  }

  public var description: String {
    if let field { return "\(source):\(line): field '\(field)': \(message)" }
    return "\(source):\(line): \(message)"
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" { s.removeLast() }
    return String(s)
  }
}
