import Foundation

/// Imports polling-station protocols (see docs/protocols.md for the schema), checks every control relation
/// of rules.md A2 on every row and sums the valid rows per constituency and ballot type.
///
/// Import is all-or-nothing: ``finish(acceptValid:)`` returns tallies only if no file had any issue, unless
/// `acceptValid` is set, in which case the valid rows are kept and the rejected rows are returned verbatim.
/// Every issue is reported (none stops the scan), with file, line and field.
public struct ProtocolImporter {
  public let schema: ProtocolSchema

  /// A row rejected in accept-valid mode: its original bytes, untouched (without the line terminator).
  public struct RejectedRow: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var bytes: [UInt8]
    /// The header line of its file, so a rejected-rows file can be written in the same format.
    public var header: [UInt8]
  }

  /// The import's outcome when it is accepted.
  public struct Result: Sendable {
    public var constituencies: [BallotType: [Int: BallotTally]]
    public var acceptedRows: Int
    public var rejected: [RejectedRow]
    public var issues: [ProtocolIssue]
    public var synthetic: Bool
    public var files: [String]
  }

  /// Thrown by ``finish(acceptValid:)`` when the import is refused: every issue, and nothing imported.
  public struct Refused: Error, CustomStringConvertible {
    public var issues: [ProtocolIssue]
    public var rowsWithIssues: Int
    public var description: String {
      "\(issues.count) problem(s) in \(rowsWithIssues) row(s); nothing was imported"
    }
  }

  /// Where a protocol was first seen, to report and undo duplicates.
  private struct Occurrence {
    var file: Int32
    var line: Int
    var start: Int
    var aggregated: Bool
    var rejected: Bool
  }

  /// An ``Occurrence`` packed into 16 bytes: a million precincts must fit in little memory.
  /// (Line numbers are kept as 32 bits: files beyond 4 billion lines are not supported.)
  private struct PackedOccurrence {
    var start: Int = 0
    var line: UInt32 = 0
    var file: UInt16 = 0
    /// bit 0 present, bit 1 aggregated, bit 2 rejected.
    var flags: UInt8 = 0

    init() {}

    init(_ o: Occurrence?) {
      guard let o else { return }
      start = o.start
      line = UInt32(truncatingIfNeeded: o.line)
      file = UInt16(truncatingIfNeeded: o.file)
      flags = 1 | (o.aggregated ? 2 : 0) | (o.rejected ? 4 : 0)
    }

    var occurrence: Occurrence? {
      flags & 1 == 0
        ? nil
        : Occurrence(
          file: Int32(file), line: Int(line), start: start, aggregated: flags & 2 != 0,
          rejected: flags & 4 != 0)
    }
  }

  /// Everything remembered about one precinct id: its constituency and its protocol per ballot type.
  private struct PrecinctSeen {
    var constituency: Int32
    var list = PackedOccurrence()
    var smd = PackedOccurrence()

    init(constituency: Int) { self.constituency = Int32(truncatingIfNeeded: constituency) }

    subscript(ballot: BallotType) -> Occurrence? {
      get { ballot == .list ? list.occurrence : smd.occurrence }
      set {
        if ballot == .list {
          list = PackedOccurrence(newValue)
        } else {
          smd = PackedOccurrence(newValue)
        }
      }
    }

    /// The first protocol seen for this precinct (either ballot).
    var first: Occurrence? { list.occurrence ?? smd.occurrence }
  }

  private struct FileData {
    var name: String
    var bytes: [UInt8]
    var header: [UInt8]
    var columns: [Column]
    var headerOK: Bool
    var style: ProtocolIssue.LocationStyle
  }

  /// What a vote column holds.
  private enum Column {
    case fixed(Int)
    case party(Int)
    case candidate(Int)  // 1-based position
    case synthetic
    case unknown
  }

  private var files: [FileData] = []
  /// Running sums per (ballot, constituency) slot, flat for speed; see ``Slot``.
  private var accumulators: [[Int]] = []
  private var scratchVotes: [Int] = []
  private var issues: [ProtocolIssue] = []
  private var rowsWithIssues = 0
  private var acceptedRows = 0
  /// Set when a row's `synthetic` column says `yes`: every output must then say SYNTHETIC.
  private var sawSynthetic = false
  private var rejectedKeys: [(file: Int, line: Int, start: Int, end: Int)] = []
  /// Precincts with numeric ids (the common case) are keyed without building a String.
  private var numericSeen = IntKeyTable<PrecinctSeen>()
  private var stringSeen: [String: PrecinctSeen] = [:]

  /// Accumulator layout: fixed sums, counts of rows with blank optional lines, then votes per choice.
  private enum Slot {
    static let protocols = 0, voters = 1, received = 2, issued = 3, inBox = 4, invalid = 5,
      unused = 6
    static let against = 7, receivedBlank = 8, unusedBlank = 9, againstPresent = 10, votes = 11
  }

  public init(schema: ProtocolSchema) {
    self.schema = schema
    accumulators = [[Int]](repeating: [], count: 2 * (schema.constituencyCount + 1))
  }

  // MARK: - Public entry points

  /// Scans one CSV file's bytes. Problems are collected, never thrown.
  public mutating func addCSV(_ bytes: [UInt8], file: String) {
    addCSV(bytes, file: file, style: .line)
  }

  /// Reads protocols in the JSON form of docs/protocols.md: `{"protocols": [{...}, ...]}`. Each object is
  /// checked exactly like a CSV row; issues name `protocols[i]` and the field.
  public mutating func addJSON(_ data: [UInt8], file: String) {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(data), options: [])
    } catch {
      record(
        ProtocolIssue(
          file: file, line: 1, field: nil, message: "not valid JSON: \(error.localizedDescription)")
      )
      rowsWithIssues += 1
      return
    }
    guard let root = object as? [String: Any], let list = root["protocols"] as? [Any] else {
      record(
        ProtocolIssue(
          file: file, line: 1, field: nil, message: "expected an object with a 'protocols' array"))
      rowsWithIssues += 1
      return
    }
    if (root["synthetic"] as? Bool) == true || (root["synthetic"] as? String) == "yes" {
      sawSynthetic = true
    }
    // Convert to CSV text (quoted where needed) and scan it with the same checks; line k+1 = protocols[k].
    let partyCodes = schema.parties.map(\.code)
    var maxPosition = 0
    for case let p as [String: Any] in list {
      let keys = (p["votes"] as? [String: Any]).map { Array($0.keys) } ?? []
      for key in keys where key.hasPrefix("c") {
        if let n = Int(key.dropFirst()), n > maxPosition, n <= ProtocolSchema.maximumCandidates {
          maxPosition = n
        }
      }
    }
    let voteColumns = partyCodes + (0..<maxPosition).map { "c\($0 + 1)" }
    let jsonKeys = [
      "precinct", "constituency", "ballot", "votersOnList", "ballotsReceived", "ballotsIssued",
      "ballotsInBox",
      "invalid", "unused", "againstAll",
    ]
    var text = (ProtocolSchema.fixedColumns + voteColumns).joined(separator: ",")
    var extraIssues: [ProtocolIssue] = []
    func cell(_ v: Any?, _ index: Int, _ field: String) -> String {
      switch v {
      case nil, is NSNull: return ""
      case let s as String: return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      case let n as NSNumber:
        // JSON true/false arrive as NSNumber too (type code "c"): they are not counts.
        if String(cString: n.objCType) == "c" { return "\"\(n.boolValue)\"" }
        let d = n.doubleValue
        if d.rounded() != d { return "\"\(d)\"" }
        if abs(d) >= 9.2e18 { return "99999999999999999999" }  // reported as an overflow
        return "\(n.int64Value)"
      default:
        extraIssues.append(
          ProtocolIssue(
            file: file, line: index + 1, field: field, message: "expected a number or string",
            locationStyle: .jsonIndex))
        return ""
      }
    }
    for (i, item) in list.enumerated() {
      text += "\n"
      guard let p = item as? [String: Any] else {
        text += String(
          repeating: ",", count: ProtocolSchema.fixedColumns.count + voteColumns.count - 1)
        extraIssues.append(
          ProtocolIssue(
            file: file, line: i + 1, field: nil, message: "not an object", locationStyle: .jsonIndex
          ))
        continue
      }
      var cells = zip(jsonKeys, ProtocolSchema.fixedColumns).map { cell(p[$0.0], i, $0.1) }
      let votes = p["votes"] as? [String: Any] ?? [:]
      for key in votes.keys where !voteColumns.contains(key) {
        extraIssues.append(
          ProtocolIssue(
            file: file, line: i + 1, field: "votes.\(key)",
            message: "unknown party or candidate '\(key)'",
            locationStyle: .jsonIndex))
      }
      cells += voteColumns.map { cell(votes[$0], i, "votes.\($0)") }
      text += cells.joined(separator: ",")
    }
    // The CSV header is line 1, so shift: the converted scan reports line k+1 for protocols[k-1].
    let before = issues.count
    addCSV(Array(text.utf8), file: file, style: .jsonIndex)
    for k in before..<issues.count { issues[k].line -= 1 }
    for issue in extraIssues { record(issue) }
    rowsWithIssues += Set(extraIssues.map(\.line)).count
  }

  /// Ends the import. Throws ``Refused`` (with every issue) if anything was wrong and `acceptValid` is off.
  public func finish(acceptValid: Bool = false) throws(Refused) -> Result {
    // Issues in file order, then line order (the two-thread path finds some of them late).
    let fileOrder = Dictionary(
      files.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    let issues = self.issues.enumerated().sorted { x, y in
      let (fx, fy) = (fileOrder[x.element.file] ?? 0, fileOrder[y.element.file] ?? 0)
      if fx != fy { return fx < fy }
      if x.element.line != y.element.line { return x.element.line < y.element.line }
      return x.offset < y.offset
    }.map(\.element)
    if !issues.isEmpty && !acceptValid {
      throw Refused(issues: issues, rowsWithIssues: rowsWithIssues)
    }
    var rejected: [RejectedRow] = []
    for key in rejectedKeys.sorted(by: { ($0.file, $0.line) < ($1.file, $1.line) }) {
      let f = files[key.file]
      rejected.append(
        RejectedRow(
          file: f.name, line: key.line, bytes: Array(f.bytes[key.start..<key.end]), header: f.header
        ))
    }
    var tallies: [BallotType: [Int: BallotTally]] = [:]
    for ballot in BallotType.allCases {
      for c in 0...schema.constituencyCount {
        let a = accumulators[slot(ballot, c)]
        guard !a.isEmpty else { continue }
        var t = BallotTally(ballot: ballot, choices: 0)
        t.protocols = a[Slot.protocols]
        t.votersOnList = a[Slot.voters]
        t.ballotsReceived = a[Slot.receivedBlank] == 0 ? a[Slot.received] : nil
        t.ballotsIssued = a[Slot.issued]
        t.ballotsInBox = a[Slot.inBox]
        t.invalid = a[Slot.invalid]
        t.unused = a[Slot.unusedBlank] == 0 ? a[Slot.unused] : nil
        t.againstAll = a[Slot.againstPresent] > 0 ? a[Slot.against] : nil
        t.votes = Array(a[Slot.votes...])
        tallies[ballot, default: [:]][c] = t
      }
    }
    return Result(
      constituencies: tallies, acceptedRows: acceptedRows, rejected: rejected, issues: issues,
      synthetic: schema.synthetic || sawSynthetic, files: files.map(\.name))
  }

  // MARK: - Scanning

  private mutating func record(_ issue: ProtocolIssue) { issues.append(issue) }

  private mutating func addCSV(_ bytes: [UInt8], file: String, style: ProtocolIssue.LocationStyle) {
    let fileIndex = files.count
    files.append(
      FileData(name: file, bytes: bytes, header: [], columns: [], headerOK: false, style: style))
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, buffer.count > 0 else {
        record(
          ProtocolIssue(file: file, line: 1, field: nil, message: "empty file: no header line"))
        rowsWithIssues += 1
        return
      }
      var scanner = CSVScanner(base: base, count: buffer.count)
      var fields: [CSVScanner.Field] = []
      fields.reserveCapacity(64)
      // Skip a UTF-8 byte order mark.
      if buffer.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF {
        scanner = CSVScanner(base: base, count: buffer.count, position: 3)
      }
      let head = scanner.next(into: &fields)
      files[fileIndex].header = Array(buffer[head.start..<head.end])
      if let e = head.error {
        record(ProtocolIssue(file: file, line: head.line, field: nil, message: "header: \(e)"))
        rowsWithIssues += 1
        rejectRest(&scanner, fileIndex: fileIndex)
        return
      }
      let names = fields.map { scanner.string($0).trimmingCharacters(in: .whitespaces) }
      guard let columns = parseHeader(names, file: file) else {
        // A bad header rejects every row of the file: they all go to the rejected rows, untouched.
        rowsWithIssues += 1
        rejectRest(&scanner, fileIndex: fileIndex)
        return
      }
      files[fileIndex].columns = columns
      files[fileIndex].headerOK = true
      let layout = Layout(columns: columns, names: names)
      let bodyStart = scanner.position
      let bodyLine = scanner.line
      // Two threads when the body is large and has no quote at all: then every newline ends a record, so
      // the body splits safely at a newline and line numbers are newline counts.
      if threads > 1 && buffer.count - bodyStart >= parallelMinimumBytes
        && memchr(base + bodyStart, 0x22, buffer.count - bodyStart) == nil
      {
        var mid = bodyStart + (buffer.count - bodyStart) / 2
        while mid < buffer.count && base[mid - 1] != 0x0A { mid += 1 }
        var workers = [ProtocolImporter](repeating: self.emptyWorker(), count: 2)
        let ranges = [(bodyStart, mid), (mid, buffer.count)]
        workers.withUnsafeMutableBufferPointer { w in
          let job = UnsafeSendable((w, base, mid, ranges, layout))
          DispatchQueue.concurrentPerform(iterations: 2) { k in
            let (w, base, mid, ranges, layout) = job.value
            let (from, to) = ranges[k]
            var line = bodyLine
            if k == 1 {
              // Count the newlines of the first half (this runs while the other thread scans it).
              var p = bodyStart
              while p < mid, let hit = memchr(base + p, 0x0A, mid - p) {
                line += 1
                p = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
              }
            }
            // The first half's index will receive the second half's precincts too: size it for both.
            w[k].scanRows(
              base: base, from: from, to: to, line: line, layout: layout, fileIndex: fileIndex,
              indexBytes: k == 0 ? ranges[1].1 - from : to - from)
          }
        }
        // Move the workers out of the array so the first one's index is adopted without a copy.
        let second = workers.removeLast()
        merge(workers.removeLast())
        merge(second)
      } else {
        scanRows(
          base: base, from: bodyStart, to: buffer.count, line: bodyLine, layout: layout,
          fileIndex: fileIndex,
          indexBytes: buffer.count - bodyStart)
      }
    }
  }

  // The messages shared by the one-thread scan and the merge of two halves, so both read the same.
  private func duplicateMessage(_ precinct: String, _ ballot: BallotType, earlier e: Occurrence)
    -> String
  {
    "duplicate protocol: precinct \(precinct), \(ballot.rawValue) ballot, already on \(files[Int(e.file)].name):\(e.line)"
  }

  private static func appearsAgainMessage(_ precinct: String, _ ballot: BallotType) -> String {
    "duplicate protocol: precinct \(precinct), \(ballot.rawValue) ballot, appears again later"
  }

  private func movedMessage(_ precinct: String, _ before: Int, _ first: Occurrence, _ now: Int)
    -> String
  {
    "precinct \(precinct) is in constituency \(before) on \(files[Int(first.file)].name):\(first.line), but \(now) here"
  }

  /// Sends every remaining record of a file to the rejected rows (its header is unusable).
  private mutating func rejectRest(_ scanner: inout CSVScanner, fileIndex: Int) {
    var fields: [CSVScanner.Field] = []
    while !scanner.atEnd {
      let rec = scanner.next(into: &fields)
      if rec.error == nil && fields.count == 1 && fields[0].start == fields[0].end { continue }
      rejectedKeys.append((fileIndex, rec.line, rec.start, rec.end))
    }
  }

  // MARK: - Two-thread import

  /// Smallest body (bytes) imported with two threads; tests lower it to exercise the merge.
  var parallelMinimumBytes = 8 << 20
  /// 1 = always sequential.
  var threads = 2

  /// A fresh importer sharing this one's schema and files, for one half of a file.
  private func emptyWorker() -> ProtocolImporter {
    var w = ProtocolImporter(schema: schema)
    w.files = files
    w.threads = 1
    return w
  }

  /// Scans the records in `from..<to` (starting on physical line `line`) and checks and adds each.
  private mutating func scanRows(
    base: UnsafePointer<UInt8>, from: Int, to: Int, line: Int, layout: Layout, fileIndex: Int,
    indexBytes: Int
  ) {
    var scanner = CSVScanner(base: base, count: to, position: from, line: line)
    var fields: [CSVScanner.Field] = []
    fields.reserveCapacity(64)
    // About one precinct per 170 bytes of protocols: size the index once instead of growing it.
    if numericSeen.count == 0 && indexBytes > 1 << 20 {
      numericSeen = IntKeyTable(minimumCapacity: indexBytes / 170)
    }
    while !scanner.atEnd {
      let rec = scanner.next(into: &fields)
      if rec.error == nil && fields.count == 1 && fields[0].start == fields[0].end { continue }  // blank line
      processRow(
        scanner: scanner, fields: fields, record: rec, layout: layout, fileIndex: fileIndex, sign: 1
      )
    }
  }

  /// Folds a worker's results into this importer, finding duplicates and constituency changes between them
  /// exactly as a sequential scan would (the worker's rows come later in the file).
  private mutating func merge(_ w: ProtocolImporter) {
    issues += w.issues
    rowsWithIssues += w.rowsWithIssues
    rejectedKeys += w.rejectedKeys
    acceptedRows += w.acceptedRows
    sawSynthetic = sawSynthetic || w.sawSynthetic
    for (k, a) in w.accumulators.enumerated() where !a.isEmpty {
      if accumulators[k].isEmpty { accumulators[k] = [Int](repeating: 0, count: a.count) }
      if accumulators[k].count < a.count {
        accumulators[k].append(contentsOf: repeatElement(0, count: a.count - accumulators[k].count))
      }
      for i in a.indices {
        let (r, o) = accumulators[k][i].addingReportingOverflow(a[i])
        if o {
          issues.append(
            ProtocolIssue(
              file: files.last?.name ?? "", line: 1, field: nil,
              message: "a constituency total overflows a 64-bit count"))
          rowsWithIssues += 1
        } else {
          accumulators[k][i] = r
        }
      }
    }
    if numericSeen.count == 0 && stringSeen.isEmpty {
      // Nothing to compare with yet: take the worker's index as it is.
      numericSeen = w.numericSeen
      stringSeen = w.stringSeen
      return
    }
    w.numericSeen.forEach { key, later in mergeSeen(number: key, string: nil, later) }
    for (key, later) in w.stringSeen { mergeSeen(number: nil, string: key, later) }
  }

  private mutating func mergeSeen(number: Int?, string: String?, _ later: PrecinctSeen) {
    var existing: PrecinctSeen? = nil
    withSeen(number, string) { seen in
      existing = seen
      if seen == nil { seen = later }
    }
    guard var earlier = existing else { return }
    let text = string ?? String(number!)
    for ballot in BallotType.allCases {
      guard var b = later[ballot] else { continue }
      let bFile = Int(b.file)
      if var a = earlier[ballot] {
        // The same protocol in both halves: both copies are rejected.
        issues.append(
          ProtocolIssue(
            file: files[bFile].name, line: b.line, field: "precinct",
            message:
              duplicateMessage(text, ballot, earlier: a),
            locationStyle: files[bFile].style))
        if b.aggregated { rejectAggregated(&b) }
        if !a.rejected {
          a.rejected = true
          issues.append(
            ProtocolIssue(
              file: files[Int(a.file)].name, line: a.line, field: "precinct",
              message: Self.appearsAgainMessage(text, ballot),
              locationStyle: files[Int(a.file)].style))
          if a.aggregated { rejectAggregated(&a) }
        }
        earlier[ballot] = a
      } else {
        if let first = earlier.first, earlier.constituency > 0, later.constituency > 0,
          earlier.constituency != later.constituency
        {
          issues.append(
            ProtocolIssue(
              file: files[bFile].name, line: b.line, field: "constituency",
              message:
                movedMessage(text, Int(earlier.constituency), first, Int(later.constituency)),
              locationStyle: files[bFile].style))
          if b.aggregated { rejectAggregated(&b) }
        }
        earlier[ballot] = b
      }
    }
    let merged = earlier
    withSeen(number, string) { seen in seen = merged }
  }

  /// Takes an aggregated row back out and records it as rejected.
  private mutating func rejectAggregated(_ o: inout Occurrence) {
    let file = Int(o.file)
    let end = subtract(fileIndex: file, start: o.start, line: o.line)
    rowsWithIssues += 1
    rejectedKeys.append((file, o.line, o.start, end))
    o.aggregated = false
    o.rejected = true
  }

  /// Column positions resolved once per file.
  private struct Layout {
    var fixed: [Int]  // index of each fixed column in the row
    var parties: [(column: Int, party: Int)]
    var candidates: [(column: Int, position: Int)]
    var synthetic: Int?
    var names: [String]
    var width: Int

    init(columns: [Column], names: [String]) {
      fixed = [Int](repeating: -1, count: ProtocolSchema.fixedColumns.count)
      parties = []
      candidates = []
      for (i, c) in columns.enumerated() {
        switch c {
        case .fixed(let k): fixed[k] = i
        case .party(let p): parties.append((i, p))
        case .candidate(let n): candidates.append((i, n))
        case .synthetic: synthetic = i
        case .unknown: break
        }
      }
      self.names = names
      width = columns.count
    }
  }

  private mutating func parseHeader(_ names: [String], file: String) -> [Column]? {
    var ok = true
    var columns: [Column] = []
    var seen: Set<String> = []
    let partyIndex = Dictionary(
      uniqueKeysWithValues: schema.parties.enumerated().map { ($1.code, $0) })
    for name in names {
      if !seen.insert(name).inserted {
        record(
          ProtocolIssue(
            file: file, line: 1, field: name, message: "column appears twice in the header"))
        ok = false
      }
      if let k = ProtocolSchema.fixedColumns.firstIndex(of: name) {
        columns.append(.fixed(k))
      } else if name == "synthetic" {
        columns.append(.synthetic)
      } else if let p = partyIndex[name] {
        columns.append(.party(p))
      } else if name.hasPrefix("c"), let n = Int(name.dropFirst()), n >= 1,
        String(n) == name.dropFirst()
      {
        // A ballot position far beyond any real ballot (2023's longest had 42 candidates) is a typo, and
        // would otherwise size every row's vote buffer.
        if n > ProtocolSchema.maximumCandidates {
          record(
            ProtocolIssue(
              file: file, line: 1, field: name,
              message:
                "candidate position \(n) is beyond the largest allowed, \(ProtocolSchema.maximumCandidates)"
            ))
          columns.append(.unknown)
          ok = false
        } else {
          columns.append(.candidate(n))
        }
      } else {
        let known = schema.parties.map(\.code).joined(separator: ", ")
        record(
          ProtocolIssue(
            file: file, line: 1, field: name,
            message: "unknown party or candidate column (parties: \(known); candidates: c1, c2, …)")
        )
        columns.append(.unknown)
        ok = false
      }
    }
    for (k, name) in ProtocolSchema.fixedColumns.enumerated()
    where !columns.contains(where: { if case .fixed(k) = $0 { return true } else { return false } })
    {
      record(
        ProtocolIssue(
          file: file, line: 1, field: name, message: "required column is missing from the header"))
      ok = false
    }
    return ok ? columns : nil
  }

  /// Checks one row and, if it is clean, adds it (`sign` 1) to the tallies; `sign` −1 takes a previously
  /// added row back out (a duplicate found later in accept-valid mode).
  private mutating func processRow(
    scanner: CSVScanner, fields: [CSVScanner.Field],
    record rec: (line: Int, start: Int, end: Int, error: String?),
    layout: Layout, fileIndex: Int, sign: Int
  ) {
    let file = files[fileIndex].name
    let style = files[fileIndex].style
    var rowIssues: [ProtocolIssue] = []
    func issue(_ field: String?, _ message: String) {
      rowIssues.append(
        ProtocolIssue(
          file: file, line: rec.line, field: field, message: message, locationStyle: style))
    }
    if let e = rec.error {
      issue(nil, e)
    } else if fields.count != layout.width {
      issue(nil, "expected \(layout.width) fields as in the header, found \(fields.count)")
    }
    if !rowIssues.isEmpty {
      commitIssues(rowIssues, fileIndex: fileIndex, rec: rec)
      return
    }
    let f = layout.fixed
    // Precinct id and ballot type.
    let pf = fields[f[0]]
    var precinctNumber: Int? = nil
    var precinctString: String? = nil
    if scanner.isBlank(pf) {
      issue("precinct", "blank precinct id")
    } else if pf.end - pf.start <= 18, !pf.hasEscapes, case .value(let v) = scanner.number(pf),
      scanner.base[pf.start] != 0x30 || pf.end - pf.start == 1
    {
      precinctNumber = v
    } else {
      precinctString = scanner.string(pf)
    }
    func count(_ k: Int, required: Bool = true) -> Int? {
      let name = ProtocolSchema.fixedColumns[k]
      switch scanner.number(fields[f[k]]) {
      case .blank:
        if required { issue(name, "blank count (this protocol line is required)") }
        return nil
      case .value(let v): return v
      case .invalid(let m):
        issue(name, m)
        return nil
      }
    }
    // Regimes without constituencies (R2007, R2009) have one nationwide district: the column stays blank
    // and every row counts for district 0.
    var constituency = count(1, required: schema.constituencyCount > 0)
    if schema.constituencyCount == 0 {
      if let c = constituency {
        issue(
          "constituency",
          "this election has no constituencies (one nationwide list district): leave it blank, found \(c)"
        )
      }
      constituency = 0
    } else if let c = constituency, c < 1 || c > schema.constituencyCount {
      issue("constituency", "constituency \(c) does not exist (1–\(schema.constituencyCount))")
    }
    let bf = fields[f[2]]
    let ballot: BallotType?
    switch scanner.ballotType(bf) {
    case .some(let b): ballot = b
    default:
      issue("ballot", "ballot type must be 'list' or 'constituency', found '\(scanner.string(bf))'")
      ballot = nil
    }
    if ballot == .constituency && schema.constituencyCount == 0 {
      issue("ballot", "this election has no constituency ballots")
    }
    if let k = layout.synthetic {
      let v = fields[k]
      if !scanner.isBlank(v) {
        switch scanner.string(v) {
        case "yes": sawSynthetic = true
        case "no": break
        default: issue("synthetic", "must be 'yes', 'no' or blank")
        }
      }
    }
    let voters = count(3)
    let received = count(4, required: false)
    let issued = count(5)
    let inBox = count(6)
    let invalid = count(7)
    let unused = count(8, required: false)
    let against = count(9, required: false)
    // Votes per choice.
    var votes = scratchVotes
    scratchVotes = []
    defer { scratchVotes = votes }
    votes.removeAll(keepingCapacity: true)
    var votesOK = true
    if let ballot {
      let choices: Int
      if ballot == .list {
        choices = schema.parties.count
      } else if let c = constituency, let reg = schema.candidates {
        choices = reg[c]?.count ?? 0
      } else {
        choices = layout.candidates.map(\.position).max() ?? 0
      }
      votes.append(contentsOf: repeatElement(0, count: choices))
      for (col, party) in layout.parties {
        let name = layout.names[col]
        switch scanner.number(fields[col]) {
        case .blank:
          if ballot == .list {
            issue(name, "blank vote count for a registered list")
            votesOK = false
          }
        case .value(let v):
          if ballot == .list {
            votes[party] = v
          } else {
            issue(name, "a party-list count on a constituency ballot row")
            votesOK = false
          }
        case .invalid(let m):
          issue(name, m)
          votesOK = false
        }
      }
      for (col, position) in layout.candidates {
        let name = layout.names[col]
        switch scanner.number(fields[col]) {
        case .blank:
          if ballot == .constituency && position <= choices && schema.candidates != nil {
            issue(name, "blank vote count for a registered candidate")
            votesOK = false
          }
        case .value(let v):
          if ballot == .list {
            issue(name, "a candidate count on a party-list ballot row")
            votesOK = false
          } else if position > choices {
            let c = constituency.map(String.init) ?? "?"
            issue(
              name,
              "unknown candidate: constituency \(c) has \(choices) registered candidate(s), no c\(position)"
            )
            votesOK = false
          } else {
            votes[position - 1] = v
          }
        case .invalid(let m):
          issue(name, m)
          votesOK = false
        }
      }
    }
    // Control relations (rules.md A2), each checked as far as its counts are readable.
    if votesOK, ballot != nil, let invalid, let inBox {
      var valid = against ?? 0
      var overflow = false
      for v in votes {
        let (s, o) = valid.addingReportingOverflow(v)
        if o { overflow = true }
        valid = s
      }
      let (sum, o2) = valid.addingReportingOverflow(invalid)
      if overflow || o2 {
        issue("ballots_in_box", "votes and invalid ballots add up beyond a 64-bit count")
      } else if sum != inBox {
        issue(
          "ballots_in_box",
          "valid \(valid) (votes \(valid - (against ?? 0)) + against all \(against ?? 0)) + invalid \(invalid) = \(sum), but ballots in box = \(inBox) (A2.1–2)"
        )
      }
    }
    if let inBox, let issued, inBox > issued {
      issue("ballots_in_box", "ballots in box \(inBox) exceed ballots issued \(issued) (A2.2)")
    }
    if let issued, let voters, issued > voters {
      issue("ballots_issued", "ballots issued \(issued) exceed voters on the list \(voters) (A2.2)")
    }
    if let received, let issued, let unused {
      let (s, o) = issued.addingReportingOverflow(unused)
      if o || s != received {
        issue(
          "ballots_received",
          "ballots received \(received) ≠ issued \(issued) + unused \(unused) = \(o ? "overflow" : String(s)) (A2.3)"
        )
      }
    }
    // Duplicates and precinct/constituency consistency.
    if sign == 1, let ballot, precinctNumber != nil || precinctString != nil {
      let occurrence = Occurrence(
        file: Int32(fileIndex), line: rec.line, start: rec.start, aggregated: false, rejected: false
      )
      var earlier: Occurrence? = nil
      var moved: (Int, Occurrence)? = nil
      // One lookup per row: the row is recorded as aggregated if it is clean so far (it then will be, unless
      // a constituency total overflows, which is undone below).
      let clean = rowIssues.isEmpty
      withSeen(precinctNumber, precinctString) { seen in
        var o = occurrence
        if var s = seen {
          if let c = constituency, s.constituency > 0, Int(s.constituency) != c, let f = s.first {
            moved = (Int(s.constituency), f)
          }
          if let e = s[ballot] {
            earlier = e
          } else {
            o.aggregated = clean && moved == nil
            s[ballot] = o
          }
          seen = s
        } else {
          var s = PrecinctSeen(constituency: constituency ?? -1)
          o.aggregated = clean
          s[ballot] = o
          seen = s
        }
      }
      if let (prev, first) = moved, prev > 0 {
        issue(
          "constituency",
          movedMessage(precinctString ?? String(precinctNumber!), prev, first, constituency!))
      }
      if let e = earlier {
        issue(
          "precinct",
          duplicateMessage(precinctString ?? String(precinctNumber!), ballot, earlier: e))
        rejectEarlier(
          precinctNumber: precinctNumber, precinctString: precinctString, ballot: ballot)
      }
    }
    if !rowIssues.isEmpty {
      if sign == 1 { commitIssues(rowIssues, fileIndex: fileIndex, rec: rec) }
      return
    }
    guard let ballot, let constituency, let voters, let issued, let inBox, let invalid else {
      return
    }
    // Add (or take back out) the row, checking every sum for overflow.
    let k = slot(ballot, constituency)
    if accumulators[k].isEmpty {
      accumulators[k] = [Int](
        repeating: 0, count: Slot.votes + (ballot == .list ? schema.parties.count : 0))
    }
    if accumulators[k].count < Slot.votes + votes.count {
      accumulators[k].append(
        contentsOf: repeatElement(0, count: Slot.votes + votes.count - accumulators[k].count))
    }
    var overflow: String? = nil
    // Two passes: first check that no sum overflows, then write, so a failing row changes nothing.
    for write in [false, true] where overflow == nil {
      accumulators[k].withUnsafeMutableBufferPointer { a in
        @inline(__always) func add(_ i: Int, _ v: Int, _ name: String) {
          let (r, o) = a[i].addingReportingOverflow(sign == 1 ? v : -v)
          if o { overflow = name } else if write { a[i] = r }
        }
        add(Slot.protocols, 1, "protocols")
        add(Slot.voters, voters, "voters_on_list")
        if let received {
          add(Slot.received, received, "ballots_received")
        } else {
          add(Slot.receivedBlank, 1, "")
        }
        add(Slot.issued, issued, "ballots_issued")
        add(Slot.inBox, inBox, "ballots_in_box")
        add(Slot.invalid, invalid, "invalid")
        if let unused { add(Slot.unused, unused, "unused") } else { add(Slot.unusedBlank, 1, "") }
        if let against {
          add(Slot.against, against, "against_all")
          add(Slot.againstPresent, 1, "")
        }
        for (i, v) in votes.enumerated() { add(Slot.votes + i, v, "votes") }
      }
    }
    if let overflow {
      // Only a sum beyond 2^63 over many protocols gets here; the slot is unusable, so the import fails.
      issue(overflow, "the constituency total overflows a 64-bit count")
      if sign == 1 {
        withSeen(precinctNumber, precinctString) { seen in seen?[ballot]?.aggregated = false }
      }
      commitIssues(rowIssues, fileIndex: fileIndex, rec: rec)
      return
    }
    if sign == 1 {
      acceptedRows += 1
    } else {
      acceptedRows -= 1
    }
  }

  @inline(__always)
  private func slot(_ ballot: BallotType, _ constituency: Int) -> Int {
    (ballot == .list ? 0 : schema.constituencyCount + 1) + constituency
  }

  private mutating func withSeen(
    _ number: Int?, _ string: String?, _ body: (inout PrecinctSeen?) -> Void
  ) {
    if let number {
      numericSeen.modify(number, body)
    } else if let string {
      body(&stringSeen[string])
    }
  }

  private mutating func commitIssues(
    _ list: [ProtocolIssue], fileIndex: Int, rec: (line: Int, start: Int, end: Int, error: String?)
  ) {
    issues += list
    rowsWithIssues += 1
    rejectedKeys.append((fileIndex, rec.line, rec.start, rec.end))
  }

  /// The first occurrence of a duplicated protocol is rejected too: which copy is right cannot be known.
  private mutating func rejectEarlier(
    precinctNumber: Int?, precinctString: String?, ballot: BallotType
  ) {
    var found: Occurrence? = nil
    withSeen(precinctNumber, precinctString) { seen in
      if let e = seen?[ballot], !e.rejected {
        found = e
        seen?[ballot]?.rejected = true
      }
    }
    guard let e = found else { return }
    let text = precinctString ?? String(precinctNumber!)
    let file = Int(e.file)
    issues.append(
      ProtocolIssue(
        file: files[file].name, line: e.line, field: "precinct",
        message: Self.appearsAgainMessage(text, ballot),
        locationStyle: files[file].style))
    if e.aggregated {
      // Take the earlier copy back out of the tallies by re-reading its line.
      let end = subtract(fileIndex: file, start: e.start, line: e.line)
      rowsWithIssues += 1
      rejectedKeys.append((file, e.line, e.start, end))
    }
  }

  /// Re-reads the row at `start` and removes it from the sums; returns the row's end offset.
  private mutating func subtract(fileIndex: Int, start: Int, line: Int) -> Int {
    let bytes = files[fileIndex].bytes
    let columns = files[fileIndex].columns
    let headerNames: [String] = files[fileIndex].header.withUnsafeBufferPointer { hb in
      guard let base = hb.baseAddress else { return [] }
      var s = CSVScanner(base: base, count: hb.count)
      var fs: [CSVScanner.Field] = []
      _ = s.next(into: &fs)
      return fs.map { s.string($0).trimmingCharacters(in: .whitespaces) }
    }
    let layout = Layout(columns: columns, names: headerNames)
    return bytes.withUnsafeBufferPointer { buffer in
      var scanner = CSVScanner(
        base: buffer.baseAddress!, count: buffer.count, position: start, line: line)
      var fields: [CSVScanner.Field] = []
      let rec = scanner.next(into: &fields)
      processRow(
        scanner: scanner, fields: fields, record: rec, layout: layout, fileIndex: fileIndex,
        sign: -1)
      return rec.end
    }
  }
}
