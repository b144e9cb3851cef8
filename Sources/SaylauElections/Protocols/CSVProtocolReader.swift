import SaylauCore

/// Reads protocols from CSV (the format of the ProtocolFormat article): the header names the columns, each
/// record is one protocol. Syntax only: the scanner splits records into fields, this reader turns fields into
/// a ``PollingStationProtocol`` and says what it could not read; ``ProtocolCheck`` applies the rules.
///
/// The import drives it record by record over a window of the file; ``records(in:file:schema:)`` reads a
/// whole buffer at once (tests, small uploads).
public struct CSVProtocolReader: Sendable {
  public let schema: ProtocolSchema
  public let file: String
  /// Column positions resolved once from the header.
  let layout: Layout
  /// Problems of the header; when any is an error, no record of the file can be read.
  public let headerIssues: [ProtocolIssue]

  /// What each column holds.
  enum Column: Sendable, Hashable {
    case fixed(ProtocolField)
    case party(Int)
    case candidate(Int)  // 1-based position
    case synthetic
    case unknown
  }

  struct Layout: Sendable {
    var precinct = -1
    var constituency = -1
    var ballot = -1
    /// Column of each count line, in the order of ``ProtocolField/lines``.
    var lines = [Int](repeating: -1, count: ProtocolField.lines.count)
    var parties: [(column: Int, party: Int)] = []
    var candidates: [(column: Int, position: Int)] = []
    var synthetic: Int?
    var width = 0
    var maximumPosition = 0
    /// Registered lists (indexes into the schema's parties) that have no column.
    var partiesWithoutColumn: [Int] = []
    /// `hasCandidateColumn[k]`: the header has a column `c<k+1>`.
    var hasCandidateColumn: [Bool] = []
  }

  /// Whether the header can be used (no error among ``headerIssues``).
  public var isUsable: Bool { !headerIssues.contains { $0.isError } }

  /// Reads the header's column names.
  /// - Parameters:
  ///   - names: the names as they appear in the header record (trimmed of spaces).
  ///   - file: the file's name, for issues.
  ///   - line: the header's physical line (1 unless the file starts with blank lines).
  ///   - schema: the election's parties, constituencies and candidates (the vocabulary of the columns).
  public init(header names: [String], file: String, line: Int = 1, schema: ProtocolSchema) {
    self.schema = schema
    self.file = file
    var issues: [ProtocolIssue] = []
    func issue(_ field: String, _ message: String) {
      issues.append(
        ProtocolIssue(
          location: SourceLocation(file: file, line: line),
          field: ParsedCount.shown(field, limit: 64),
          message: message))
    }
    var layout = Layout()
    var seen: Set<String> = []
    for (i, name) in names.enumerated() {
      if name.unicodeScalars.contains("\u{FFFD}") {
        // The scanner replaced bytes that are not UTF-8 (or the file holds the replacement character).
        issue("column \(i + 1)", "the column's name is not valid UTF-8")
        continue
      }
      if !seen.insert(name).inserted { issue(name, "column appears twice in the header") }
      if let field = ProtocolField(csvName: name) {
        switch field {
        case .precinct: layout.precinct = i
        case .constituency: layout.constituency = i
        case .ballot: layout.ballot = i
        case .synthetic: layout.synthetic = i
        default:
          if let k = ProtocolField.lines.firstIndex(of: field) { layout.lines[k] = i }
        }
      } else if let p = schema.partyIndex(name) {
        layout.parties.append((i, p))
      } else if case .candidate(let n) = Choice(code: name) {
        // A ballot position far beyond any real ballot (2023's longest had 42 candidates) is a typo, and
        // would otherwise size every row's votes.
        if n > ProtocolSchema.maximumCandidates {
          issue(
            name,
            "candidate position \(n) is beyond the largest allowed, \(ProtocolSchema.maximumCandidates)"
          )
        } else {
          layout.candidates.append((i, n))
          layout.maximumPosition = max(layout.maximumPosition, n)
        }
      } else {
        let known = schema.parties.map(\.code).joined(separator: ", ")
        issue(name, "unknown party or candidate column (parties: \(known); candidates: c1, c2, …)")
      }
    }
    for field in ProtocolField.fixed where !names.contains(field.csvName) {
      issue(field.csvName, "required column is missing from the header")
    }
    layout.width = names.count
    let withColumn = Set(layout.parties.map(\.party))
    layout.partiesWithoutColumn = schema.parties.indices.filter { !withColumn.contains($0) }
    for k in layout.partiesWithoutColumn {
      // Lawful for a file of constituency ballots only; every list row of the file is refused for it.
      issues.append(
        ProtocolIssue(
          location: SourceLocation(file: file, line: line),
          field: Excerpt.excerpt(schema.parties[k].code),
          message:
            "registered list '\(Excerpt.excerpt(schema.parties[k].name))' has no column: its list rows cannot be counted",
          severity: .warning))
    }
    layout.hasCandidateColumn = [Bool](repeating: false, count: layout.maximumPosition)
    for (_, position) in layout.candidates { layout.hasCandidateColumn[position - 1] = true }
    self.layout = layout
    self.headerIssues = issues
  }

  /// Turns one scanned record into `record` (reset first): the protocol and its reading problems.
  /// `offset` is the file offset of the scanner's buffer.
  func read(
    _ rec: CSVScanner.Record, fields: [CSVScanner.Field], scanner: CSVScanner, offset: Int,
    into record: inout ReadRecord
  ) {
    record.reset()
    record.line = rec.line
    record.start = offset + rec.start
    record.end = offset + rec.end
    record.continuesPastWindow = rec.continuesPastBuffer
    if let m = rec.malformation {
      record.readIssue(nil, m.description, file: file)
      return
    }
    if rec.fieldCount != layout.width {
      record.readIssue(
        nil, "expected \(layout.width) fields as in the header, found \(rec.fieldCount)", file: file
      )
      return
    }
    record.status = .protocolRead
    fields.withUnsafeBufferPointer { f in
      let l = layout
      let precinct = f[l.precinct]
      if let bad = InvalidUTF8.find(in: scanner.bytes(precinct)) {
        // Two ids that differ only in bytes that are not UTF-8 would read alike: refused, never replaced.
        record.unreadable.insert(.precinct)
        record.readIssue(
          ProtocolField.precinct.csvName,
          "'\(Excerpt.excerpt(bytes: scanner.bytes(precinct), limit: 40))' is \(bad)", file: file)
      }
      record.p.precinct = scanner.string(precinct)
      // The constituency and the count lines.
      switch scanner.count(f[l.constituency]) {
      case .blank: break
      case .value(let v): record.p.constituency = v
      case .invalid(let problem): unreadable(.constituency, problem, &record)
      }
      let bf = f[l.ballot]
      if scanner.field(bf, equals: "list") {
        record.p.ballot = .list
      } else if scanner.field(bf, equals: "constituency") {
        record.p.ballot = .constituency
      } else {
        record.unreadable.insert(.ballot)
        record.readIssue(
          ProtocolField.ballot.csvName,
          "ballot type must be 'list' or 'constituency', found '\(ParsedCount.shown(scanner.string(bf)))'",
          file: file)
      }
      if let k = l.synthetic {
        let v = f[k]
        if scanner.field(v, equals: "yes") {
          record.p.synthetic = true
        } else if !v.isEmpty && !scanner.field(v, equals: "no") {
          record.unreadable.insert(.synthetic)
          record.readIssue("synthetic", "must be 'yes', 'no' or blank", file: file)
        }
      }
      for (k, column) in l.lines.enumerated() where column >= 0 {
        switch scanner.count(f[column]) {
        case .blank: break
        case .value(let v): record.p[ProtocolField.lines[k]] = v
        case .invalid(let problem): unreadable(ProtocolField.lines[k], problem, &record)
        }
      }
      // Votes, once the ballot says whose columns are this record's choices.
      guard !record.unreadable.contains(.ballot) else { return }
      let list = record.p.ballot == .list
      record.p.votes.append(
        contentsOf: repeatElement(nil, count: list ? schema.parties.count : l.maximumPosition))
      // A registered list's or candidate's missing column stays blank: the check refuses it as it refuses a
      // missing JSON key ("blank vote count for a registered list").
      for (column, party) in l.parties {
        switch scanner.count(f[column]) {
        case .blank: break
        case .value(let v):
          if list {
            record.p.votes[party] = v
          } else {
            record.misplaced.append(.votes(.party(schema.parties[party].code)))
          }
        case .invalid(let problem):
          unreadable(.votes(.party(schema.parties[party].code)), problem, &record)
        }
      }
      for (column, position) in l.candidates {
        switch scanner.count(f[column]) {
        case .blank: break
        case .value(let v):
          if list {
            record.misplaced.append(.votes(.candidate(position)))
          } else {
            record.p.votes[position - 1] = v
          }
        case .invalid(let problem): unreadable(.votes(.candidate(position)), problem, &record)
        }
      }
    }
  }

  private func unreadable(
    _ field: ProtocolField, _ problem: ParsedCount.Problem, _ record: inout ReadRecord
  ) {
    record.unreadable.insert(field)
    record.readIssue(field.csvName, problem.description, file: file)
  }

  /// Reads every record of a whole CSV buffer: the header's issues and the records (blank lines skipped).
  public static func records(in bytes: [UInt8], file: String, schema: ProtocolSchema) -> (
    headerIssues: [ProtocolIssue], records: [ReadProtocol]
  ) {
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, buffer.count > 0 else {
        return (
          [ProtocolIssue(file: file, line: 1, field: nil, message: "empty file: no header line")],
          []
        )
      }
      var scanner = CSVScanner(
        base: base, count: buffer.count,
        position: CSVScanner.byteOrderMarkLength(base, count: buffer.count))
      var fields: [CSVScanner.Field] = []
      guard let head = scanner.next(into: &fields) else { return ([], []) }
      if let m = head.malformation {
        return (
          [ProtocolIssue(file: file, line: head.line, field: nil, message: "header: \(m)")], []
        )
      }
      let reader = CSVProtocolReader(
        header: fields.map { scanner.string($0).trimmingSpaces }, file: file, line: head.line,
        schema: schema)
      guard reader.isUsable else { return (reader.headerIssues, []) }
      var out: [ReadProtocol] = []
      var record = ReadRecord()
      while let rec = scanner.next(into: &fields) {
        if rec.isBlank { continue }
        reader.read(rec, fields: fields, scanner: scanner, offset: 0, into: &record)
        record.readIssueCount = record.issues.count
        out.append(record.readProtocol(file: file))
      }
      return (reader.headerIssues, out)
    }
  }
}
