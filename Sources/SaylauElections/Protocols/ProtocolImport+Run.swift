import Foundation
import SaylauCore

/// One run of an import: reads the sources one after the other, window by window, and keeps everything the
/// cross-record step and the result need. Single-threaded except for ``ImportRun/readWindow`` (two halves).
struct ImportRun {
  typealias Occurrence = PrecinctIndex.Occurrence

  let settings: ProtocolImport
  let schema: ProtocolSchema
  let sources: [ProtocolSource]
  var plans: [ProtocolImport.SourcePlan]
  var index = PrecinctIndex()
  /// Tallies by slot: list ballot constituencies 0…n, then constituency ballot 0…n; `used` says which
  /// slots have had a protocol.
  var tallies: [BallotTally]
  var used: [Bool]
  var errors: [(key: IssueKey, issue: ProtocolIssue)] = []
  var warnings: [(key: IssueKey, issue: ProtocolIssue)] = []
  var errorCount = 0
  var warningCount = 0
  var rowsWithIssues = 0
  var rejected: [ProtocolImport.RejectedEntry] = []
  var acceptedRows = 0
  var acceptedVotes = 0
  var synthetic: Bool
  var replacedRows = 0
  var unreadableSource = false
  private var sequence = 0
  /// Records met in the source being read (a source without any is refused).
  var recordsOfSource = 0
  /// Per-thread record storage, refilled window after window.
  var batches: [[ReadRecord]] = [[], []]
  var batchCounts = [0, 0]

  /// Issues sort by source, then record (line for CSV, index for JSON), then the order they were found.
  struct IssueKey: Comparable {
    var source: Int
    var order: Int
    var sequence: Int
    static func < (a: IssueKey, b: IssueKey) -> Bool {
      (a.source, a.order, a.sequence) < (b.source, b.order, b.sequence)
    }
  }

  init(settings: ProtocolImport, sources: [ProtocolSource]) {
    self.settings = settings
    self.schema = settings.schema
    self.sources = sources
    self.plans = sources.map { ProtocolImport.SourcePlan(format: $0.format) }
    let n = settings.schema.constituencyCount + 1
    self.tallies =
      [BallotTally](
        repeating: BallotTally(ballot: .list, choices: settings.schema.parties.count), count: n)
      + [BallotTally](repeating: BallotTally(ballot: .constituency, choices: 0), count: n)
    self.used = [Bool](repeating: false, count: 2 * n)
    self.synthetic = settings.schema.synthetic
  }

  var windowCapacity: Int { settings.windowBytes + settings.maximumRecordBytes + 2 }

  mutating func readAll() {
    if sources.count > PrecinctIndex.maximumSources {
      unreadable(
        0,
        ProtocolSourceError(
          file: sources[0].name,
          message: "one import takes at most \(PrecinctIndex.maximumSources) files"))
      return
    }
    for s in sources.indices {
      recordsOfSource = 0
      let errorsBefore = errorCount
      do {
        switch sources[s].format {
        case .csv: try readCSV(s)
        case .json: try readJSON(s)
        }
      } catch {
        unreadable(s, error)
      }
      if recordsOfSource == 0 && errorCount == errorsBefore {
        // A file with only its header (or an empty 'protocols' list) is a mistake, never an empty import.
        rowsWithIssues += 1
        let json = sources[s].format == .json
        addError(
          ProtocolIssue(
            location: SourceLocation(
              file: sources[s].name, line: json ? 1 : plans[s].bodyLine,
              path: json ? "protocols" : nil),
            field: nil,
            message: json
              ? "the 'protocols' list is empty: there is no protocol to import"
              : "no protocol after the header: the file has only its header"),
          source: s, order: Int.max)
      }
    }
  }

  // MARK: - Issues

  mutating func addError(_ issue: ProtocolIssue, source: Int, order: Int) {
    errorCount += 1
    sequence += 1
    if errors.count < settings.maximumIssues {
      errors.append((IssueKey(source: source, order: order, sequence: sequence), issue))
    }
  }

  mutating func addWarning(_ issue: ProtocolIssue, source: Int, order: Int) {
    warningCount += 1
    sequence += 1
    if warnings.count < settings.maximumIssues {
      warnings.append((IssueKey(source: source, order: order, sequence: sequence), issue))
    }
  }

  mutating func add(_ issue: ProtocolIssue, source: Int, order: Int) {
    if issue.isError {
      addError(issue, source: source, order: order)
    } else {
      addWarning(issue, source: source, order: order)
    }
  }

  mutating func unreadable(_ s: Int, _ error: ProtocolSourceError) {
    unreadableSource = true
    rowsWithIssues += 1
    addError(
      ProtocolIssue(field: nil, message: error.description), source: s, order: Int.min)
  }

  // MARK: - One record, in input order

  /// The cross-record step and the sums for one record that the readers and the check are done with.
  mutating func process(_ r: inout ReadRecord, source s: Int) {
    recordsOfSource += 1
    let order = r.index >= 0 ? r.index : (plans[s].format == .json ? Int.max - 1 : r.line)
    if r.status == .protocolRead && !settings.replacedPrecincts.isEmpty
      && settings.replacedPrecincts.contains(r.p.precinct)
    {
      replacedRows += 1
      return
    }
    if r.status == .protocolRead, let only = settings.onlyPrecincts, !only.contains(r.p.precinct) {
      r.issues.append(
        ProtocolIssue(
          location: r.location(file: sources[s].name), field: "precinct",
          message:
            "precinct \(r.p.precinct) is not in the territory of this repeat voting, whose results were annulled"
        ))
      r.hasErrors = true
    }
    if r.p.synthetic { synthetic = true }
    warningCount += r.unkeptWarnings
    if r.status == .protocolRead && r.indexable { crossCheck(&r, source: s) }
    for issue in r.issues where !issue.isError { addWarning(issue, source: s, order: order) }
    guard r.status == .protocolRead && !r.hasErrors else {
      reject(r, source: s, order: order)
      return
    }
    let slot = self.slot(r.p)
    if let overflow = tallies[slot].add(r.p) {
      // Only a sum beyond 2^63 over many protocols gets here: the protocol cannot be counted.
      r.issues.append(
        ProtocolIssue(
          location: r.location(file: sources[s].name), field: overflow,
          message: "the constituency total overflows a 64-bit count", rule: "A2"))
      r.hasErrors = true
      if r.indexable {
        let ballot = r.p.ballot
        index.modify(number: r.precinctNumber, name: r.p.precinct) { seen in
          if var o = seen?[ballot], o.offset == r.start, o.source == s {
            o.aggregated = false
            seen?[ballot] = o
          }
        }
      }
      reject(r, source: s, order: order)
      return
    }
    used[slot] = true
    acceptedRows += 1
    acceptedVotes += Self.nonBlank(r.p.votes)
  }

  static func nonBlank(_ votes: [Int?]) -> Int {
    var n = 0
    for v in votes where v != nil { n += 1 }
    return n
  }

  @inline(__always)
  func slot(_ p: PollingStationProtocol) -> Int {
    (p.ballot == .list ? 0 : schema.constituencyCount + 1) + (p.constituency ?? 0)
  }

  mutating func reject(_ r: ReadRecord, source s: Int, order: Int) {
    rowsWithIssues += 1
    for issue in r.issues where issue.isError { addError(issue, source: s, order: order) }
    rejected.append(
      ProtocolImport.RejectedEntry(
        source: s, start: r.start, end: r.end, line: r.line, index: r.index))
  }

  /// How an earlier record is named in a message: `p.csv:2` or `p.json: protocols[3]`.
  func describe(_ o: Occurrence) -> String {
    plans[o.source].format == .json
      ? "\(sources[o.source].name): protocols[\(o.ordinal)]"
      : "\(sources[o.source].name):\(o.ordinal)"
  }

  func location(of o: Occurrence) -> SourceLocation {
    plans[o.source].format == .json
      ? SourceLocation(file: sources[o.source].name, line: 0, path: "protocols[\(o.ordinal)]")
      : SourceLocation(file: sources[o.source].name, line: o.ordinal)
  }

  /// Duplicates (the same precinct and ballot type twice, across all the sources) and a precinct that
  /// changes constituency between its protocols.
  mutating func crossCheck(_ r: inout ReadRecord, source s: Int) {
    let ballot = r.p.ballot
    let here = Occurrence(
      source: s, offset: r.start, ordinal: r.index >= 0 ? r.index : r.line, aggregated: false,
      rejected: false)
    let clean = !r.hasErrors
    let constituency = r.p.constituency
    var earlier: Occurrence? = nil
    var moved: (Int, Occurrence)? = nil
    var other:
      (first: Occurrence, counts: (voters: Int?, issued: Int?, issuedLessAbsentee: Int?))? =
        nil
    let p = r.p
    index.modify(number: r.precinctNumber, name: r.p.precinct) { seen in
      if var entry = seen {
        if let c = constituency, entry.constituency > 0, entry.constituency != c,
          let first = entry.first
        {
          moved = (entry.constituency, first)
        }
        if let e = entry[ballot] {
          earlier = e
        } else {
          if let first = entry.first { other = (first, entry.firstCounts) }
          var o = here
          o.aggregated = clean && moved == nil
          entry[ballot] = o
        }
        seen = entry
      } else {
        var entry = PrecinctIndex.Entry(constituency: constituency ?? -1)
        var o = here
        o.aggregated = clean
        entry[ballot] = o
        entry.setCounts(
          voters: p.votersOnList, issued: p.ballotsIssued,
          issuedLessAbsentee: p.ballot == .list
            ? p.absenteeVoters.flatMap { a in p.ballotsIssued.map { $0 - a } } : nil)
        seen = entry
      }
    }
    if clean, moved == nil, let (first, counts) = other {
      crossBallot(&r, source: s, earlier: first, counts: counts)
    }
    let file = sources[s].name
    let precinct = r.p.precinct
    if let (before, first) = moved {
      r.issues.append(
        ProtocolIssue(
          location: r.location(file: file), field: "constituency",
          message:
            "precinct \(precinct) is in constituency \(before) on \(describe(first)), but \(constituency!) here",
          rule: "A1.2"))
      r.hasErrors = true
    }
    if let e = earlier {
      r.issues.append(
        ProtocolIssue(
          location: r.location(file: file), field: "precinct",
          message:
            "duplicate protocol: precinct \(precinct), \(ballot.rawValue) ballot, already on \(describe(e))",
          rule: "A1.5"))
      r.hasErrors = true
      rejectEarlier(r, ballot: ballot)
    }
  }

  /// The relations between the two ballots of one precinct (the review's S7), as warnings: the voters on the
  /// list should be the same on both; every voter given a constituency ballot also gets a list ballot, and
  /// only voters with absentee certificates from elsewhere get the list ballot alone.
  mutating func crossBallot(
    _ r: inout ReadRecord, source s: Int, earlier: Occurrence,
    counts: (voters: Int?, issued: Int?, issuedLessAbsentee: Int?)
  ) {
    let here = r.location(file: sources[s].name)
    let p = r.p
    func warn(_ field: ProtocolField, _ message: String) {
      r.issues.append(
        ProtocolIssue(
          location: here, field: field.csvName, message: message, severity: .warning, rule: "A2.2"))
    }
    let otherBallot: BallotType = p.ballot == .list ? .constituency : .list
    if let e1 = counts.voters, let e2 = p.votersOnList, e1 != e2 {
      warn(
        .votersOnList,
        "precinct \(p.precinct): \(e2) voters on the list on the \(p.ballot.rawValue) ballot, \(e1) on the \(otherBallot.rawValue) ballot (\(describe(earlier)))"
      )
    }
    guard let i1 = counts.issued, let i2 = p.ballotsIssued else { return }
    let (listIssued, constituencyIssued) = p.ballot == .list ? (i2, i1) : (i1, i2)
    if constituencyIssued > listIssued {
      warn(
        .ballotsIssued,
        "precinct \(p.precinct): \(constituencyIssued) constituency ballots issued but only \(listIssued) list ballots; every voter given a constituency ballot also gets a list ballot (\(describe(earlier)))"
      )
      return
    }
    let lessAbsentee: Int? =
      p.ballot == .list
      ? p.absenteeVoters.map { i2 - $0 } : counts.issuedLessAbsentee
    if let floor = lessAbsentee, constituencyIssued < floor {
      warn(
        .ballotsIssued,
        "precinct \(p.precinct): \(listIssued - constituencyIssued) more list ballots than constituency ballots issued, more than the \(listIssued - floor) voters with absentee certificates, who alone get only the list ballot (\(describe(earlier)))"
      )
    }
  }

  /// The first copy of a duplicated protocol is rejected too: which copy is right cannot be known.
  mutating func rejectEarlier(_ r: ReadRecord, ballot: BallotType) {
    var found: Occurrence? = nil
    index.modify(number: r.precinctNumber, name: r.p.precinct) { seen in
      if var e = seen?[ballot], !e.rejected {
        found = e
        e.rejected = true
        e.aggregated = false
        seen?[ballot] = e
      }
    }
    guard let e = found else { return }
    addError(
      ProtocolIssue(
        location: location(of: e), field: "precinct",
        message:
          "duplicate protocol: precinct \(r.p.precinct), \(ballot.rawValue) ballot, appears again later",
        rule: "A1.5"),
      source: e.source, order: e.ordinal)
    guard e.aggregated else { return }
    // Take the earlier copy back out of the tallies by reading it again from its source.
    do {
      let back = try reread(e)
      tallies[slot(back.p)].subtract(back.p)
      acceptedRows -= 1
      acceptedVotes -= Self.nonBlank(back.p.votes)
      rowsWithIssues += 1
      let json = plans[e.source].format == .json
      rejected.append(
        ProtocolImport.RejectedEntry(
          source: e.source, start: e.offset, end: back.end, line: json ? 0 : e.ordinal,
          index: json ? e.ordinal : -1))
    } catch {
      unreadable(e.source, error)
    }
  }

  /// Reads the record at an occurrence again (a duplicate found later takes it back out).
  func reread(_ o: Occurrence) throws(ProtocolSourceError) -> ReadRecord {
    try Self.reread(
      source: sources[o.source], plan: plans[o.source], offset: o.offset, ordinal: o.ordinal,
      schema: schema, maximumRecordBytes: settings.maximumRecordBytes)
  }

  static func reread(
    source: ProtocolSource, plan: ProtocolImport.SourcePlan, offset: Int, ordinal: Int,
    schema: ProtocolSchema, maximumRecordBytes: Int
  ) throws(ProtocolSourceError) -> ReadRecord {
    var record = ReadRecord()
    switch plan.format {
    case .csv:
      guard let csv = plan.csv else {
        throw ProtocolSourceError(file: source.name, message: "the header could not be read again")
      }
      // A small window first: most records are short; a long one is read again with a large window.
      for capacity in [1 << 16, maximumRecordBytes + 2] {
        let reader = try SourceReader(
          source, capacity: capacity, startingAt: offset, expecting: plan.identity)
        var fields: [CSVScanner.Field] = []
        let done: Bool = reader.withWindow { base, n in
          var scanner = CSVScanner(
            base: base, count: n, position: reader.startIndex, line: ordinal,
            isComplete: reader.atEnd, maximumRecordBytes: maximumRecordBytes,
            maximumFields: csv.layout.width + 1)
          guard let rec = scanner.next(into: &fields) else { return false }
          csv.read(
            rec, fields: fields, scanner: scanner, offset: reader.windowOffset, into: &record)
          return true
        }
        if done { break }
      }
    case .json:
      let reader = try SourceReader(
        source, capacity: 1 << 16, startingAt: offset, expecting: plan.identity)
      var json = JSONProtocolReader(reader: reader, schema: schema, recordAt: ordinal)
      json.maximumRecordBytes = maximumRecordBytes
      _ = try json.next(into: &record)
    }
    guard record.status == .protocolRead else {
      throw ProtocolSourceError(
        file: source.name, message: "changed while it was being imported; nothing was imported")
    }
    return record
  }

  // MARK: - JSON

  mutating func readJSON(_ s: Int) throws(ProtocolSourceError) {
    let source = sources[s]
    let reader = try SourceReader(source, capacity: settings.windowBytes)
    plans[s].identity = reader.identity
    plans[s].size = reader.identity?.size ?? reader.count
    var json = JSONProtocolReader(reader: reader, schema: schema)
    json.maximumRecordBytes = settings.maximumRecordBytes
    var record = ReadRecord()
    while try json.next(into: &record) {
      finish(&record, file: source.name, keepWarnings: warnings.count < settings.maximumIssues)
      process(&record, source: s)
    }
    var rootErrors = false
    for issue in json.rootIssues {
      add(issue, source: s, order: -1)
      rootErrors = rootErrors || issue.isError
    }
    if rootErrors { rowsWithIssues += 1 }
    if json.synthetic { synthetic = true }
  }

  /// After reading: the precinct's key and the check.
  @inline(__always)
  func finish(_ record: inout ReadRecord, file: String, keepWarnings: Bool) {
    if record.status == .protocolRead { record.classifyPrecinct() }
    record.check(schema: schema, file: file, keepWarnings: keepWarnings)
  }
}
