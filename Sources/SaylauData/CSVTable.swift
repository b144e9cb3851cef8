import Foundation
import SaylauCore

/// Where a value in a data file is: the file, the physical line (1 = header) and the column.
public struct DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
  public var file: String
  public var line: Int?
  public var field: String?
  public var message: String

  public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
    self.file = file
    self.line = line
    self.field = field
    self.message = message
  }

  public var description: String {
    var place = file
    if let line { place += ":\(line)" }
    if let field { return "\(place): field '\(field)': \(message)" }
    return "\(place): \(message)"
  }
}

/// A small RFC 4180 CSV table with a header row, for the bundled dataset.
///
/// Every record remembers the physical line it starts on, so errors can name it.
struct CSVTable {
  struct Record {
    let line: Int
    let values: [String: String]
    let file: String

    /// The trimmed value of `field`, or `nil` when the cell is blank.
    func optional(_ field: String) -> String? {
      guard let raw = values[field] else { return nil }
      let value = raw.trimmingCharacters(in: .whitespaces)
      return value.isEmpty ? nil : value
    }

    func required(_ field: String) throws -> String {
      guard let value = optional(field) else {
        throw DatasetError(file: file, line: line, field: field, message: "is blank but required")
      }
      return value
    }

    func optionalInt(_ field: String) throws -> Int? {
      guard let text = optional(field) else { return nil }
      guard let value = Int(text) else {
        throw DatasetError(
          file: file, line: line, field: field, message: "'\(text)' is not a whole number")
      }
      return value
    }

    func requiredInt(_ field: String) throws -> Int {
      guard let value = try optionalInt(field) else {
        throw DatasetError(file: file, line: line, field: field, message: "is blank but required")
      }
      return value
    }

    func optionalDate(_ field: String) throws -> CalendarDate? {
      guard let text = optional(field) else { return nil }
      guard let date = CalendarDate(iso: text) else {
        throw DatasetError(
          file: file, line: line, field: field, message: "'\(text)' is not a date YYYY-MM-DD")
      }
      return date
    }

    func list(_ field: String) -> [String] {
      (optional(field) ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
    }

    func error(_ field: String?, _ message: String) -> DatasetError {
      DatasetError(file: file, line: line, field: field, message: message)
    }
  }

  let file: String
  let header: [String]
  let records: [Record]

  init(text: String, file: String, requiredColumns: [String]) throws {
    self.file = file
    var rows: [(line: Int, fields: [String])] = []
    var field = ""
    var fields: [String] = []
    var inQuotes = false
    var line = 1
    var rowStart = 1
    var chars = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = chars.next()
    func endRow() {
      fields.append(field)
      field = ""
      if !(fields.count == 1 && fields[0].isEmpty) { rows.append((rowStart, fields)) }
      fields = []
    }
    while let c = pending {
      pending = chars.next()
      if inQuotes {
        if c == "\"" {
          if pending == "\"" {
            field.unicodeScalars.append("\"")
            pending = chars.next()
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
      case "\"" where field.isEmpty: inQuotes = true
      case ",":
        fields.append(field)
        field = ""
      case "\r": continue
      case "\n":
        endRow()
        line += 1
        rowStart = line
      default: field.unicodeScalars.append(c)
      }
    }
    if inQuotes {
      throw DatasetError(file: file, line: rowStart, message: "a quoted field is not closed")
    }
    if !field.isEmpty || !fields.isEmpty { endRow() }
    guard let first = rows.first else {
      throw DatasetError(file: file, message: "the file is empty")
    }
    let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
    self.header = header
    if let duplicate = header.first(where: { name in header.filter { $0 == name }.count > 1 }) {
      throw DatasetError(
        file: file, line: 1, field: duplicate, message: "column appears more than once")
    }
    for column in requiredColumns where !header.contains(column) {
      throw DatasetError(
        file: file, line: 1, field: column, message: "column is missing from the header")
    }
    var records: [Record] = []
    for row in rows.dropFirst() {
      guard row.fields.count == header.count else {
        throw DatasetError(
          file: file, line: row.line,
          message: "has \(row.fields.count) fields but the header has \(header.count)")
      }
      records.append(
        Record(
          line: row.line, values: Dictionary(uniqueKeysWithValues: zip(header, row.fields)),
          file: file))
    }
    self.records = records
  }
}
