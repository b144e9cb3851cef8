import SaylauCore

extension ImportRun {
  /// Ends the run: refused, or the accepted import.
  mutating func finish(acceptValid: Bool) throws(ProtocolImport.Refused) -> ProtocolImport.Accepted
  {
    errors.sort { $0.key < $1.key }
    warnings.sort { $0.key < $1.key }
    if unreadableSource || (errorCount > 0 && !acceptValid) {
      throw ProtocolImport.Refused(
        issues: errors.map(\.issue), warnings: warnings.map(\.issue), errorCount: errorCount,
        warningCount: warningCount, rowsWithIssues: rowsWithIssues,
        unreadableSource: unreadableSource)
    }
    rejected.sort { ($0.source, $0.start) < ($1.source, $1.start) }
    var byBallot: [BallotType: [Int: BallotTally]] = [:]
    for ballot in BallotType.allCases {
      for c in 0...schema.constituencyCount {
        let k = (ballot == .list ? 0 : schema.constituencyCount + 1) + c
        if used[k] || tallies[k].protocols != 0 { byBallot[ballot, default: [:]][c] = tallies[k] }
      }
    }
    return ProtocolImport.Accepted(
      schema: schema, constituencies: byBallot, acceptedRows: acceptedRows,
      acceptedVotes: acceptedVotes, issues: errors.map(\.issue), warnings: warnings.map(\.issue),
      errorCount: errorCount, warningCount: warningCount, rowsWithIssues: rowsWithIssues,
      synthetic: synthetic, replacedRows: replacedRows,
      files: sources.map(\.name), sources: sources, plans: plans, rejectedEntries: rejected,
      settings: settings)
  }
}

extension ProtocolImport.Accepted {
  /// The accepted protocols, read again from the sources in input order (a second pass: memory stays
  /// bounded whatever the number of protocols).
  public func protocols() -> AcceptedProtocols { AcceptedProtocols(self) }

  /// Every rejected record with its bytes (they are read from the sources: for large rejections prefer
  /// ``writeRejected(to:)``, which streams).
  /// - Throws: ``ProtocolSourceError`` when a source cannot be read again or has changed.
  public func rejectedRows() throws(ProtocolSourceError) -> [ProtocolImport.RejectedRow] {
    var rows: [ProtocolImport.RejectedRow] = []
    var headers: [Int: [UInt8]] = [:]
    for e in rejectedEntries {
      let reader = try SourceReader(
        sources[e.source], capacity: 64, expecting: plans[e.source].identity)
      if headers[e.source] == nil {
        headers[e.source] =
          try plans[e.source].header.map { r throws(ProtocolSourceError) in
            try reader.bytes(at: r.lowerBound, length: r.count)
          } ?? []
      }
      let end = min(e.end, plans[e.source].size ?? e.end)
      rows.append(
        ProtocolImport.RejectedRow(
          file: sources[e.source].name, line: e.line,
          path: e.index >= 0 ? "protocols[\(e.index)]" : nil,
          bytes: try reader.bytes(at: e.start, length: max(0, end - e.start)),
          header: headers[e.source] ?? []))
    }
    return rows
  }

  /// Writes the rejected records, byte for byte as they are in their files, in a file of the same format:
  /// for CSV sources each file's header line, then its rejected records, one per line; for JSON sources
  /// `{"protocols": [` the rejected objects `]}`. With several sources, one such section per source.
  /// - Parameter write: receives the output in pieces of at most 1 MiB.
  /// - Throws: ``ProtocolSourceError`` when a source cannot be read again, or what `write` throws.
  public func writeRejected(to write: (UnsafeRawBufferPointer) throws -> Void) throws {
    func emit(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }
    var current = -1
    var reader: SourceReader? = nil
    var first = true
    func close() throws {
      if current >= 0 && plans[current].format == .json { try emit(Array("\n]}\n".utf8)) }
    }
    for e in rejectedEntries {
      if e.source != current {
        try close()
        current = e.source
        first = true
        reader = try SourceReader(
          sources[e.source], capacity: 64, expecting: plans[e.source].identity)
        switch plans[e.source].format {
        case .csv:
          if let h = plans[e.source].header {
            try emit(try reader!.bytes(at: h.lowerBound, length: h.count) + [0x0A])
          }
        case .json:
          try emit(Array("{\"protocols\": [\n".utf8))
        }
      }
      if plans[e.source].format == .json && !first { try emit(Array(",\n".utf8)) }
      first = false
      var offset = e.start
      let end = min(e.end, plans[e.source].size ?? e.end)
      while offset < end {
        let piece = try reader!.bytes(at: offset, length: min(1 << 20, end - offset))
        if piece.isEmpty { break }
        try emit(piece)
        offset += piece.count
      }
      if plans[e.source].format == .csv { try emit([0x0A]) }
    }
    try close()
  }
}

/// The accepted protocols of an import, read again from the sources in order, a batch at a time (see
/// ``ProtocolImport/Accepted/protocols()``). The rejected records are skipped by their offsets.
public struct AcceptedProtocols {
  let accepted: ProtocolImport.Accepted
  private var source = -1
  private var reader: SourceReader?
  private var json: JSONProtocolReader?
  private var position = 0
  private var line = 1
  private var rejectedCursor = 0
  private var record = ReadRecord()
  private var fields: [CSVScanner.Field] = []

  init(_ accepted: ProtocolImport.Accepted) {
    self.accepted = accepted
  }

  /// The next accepted protocols, at most `maximum`; empty at the end.
  /// - Throws: ``ProtocolSourceError`` when a source cannot be read again or has changed since the import.
  public mutating func next(upTo maximum: Int) throws(ProtocolSourceError)
    -> [PollingStationProtocol]
  {
    var out: [PollingStationProtocol] = []
    out.reserveCapacity(min(maximum, 4096))
    while out.count < maximum {
      if reader == nil {
        guard try openNextSource() else { break }
      }
      let more: Bool
      switch accepted.plans[source].format {
      case .csv: more = try nextCSV(into: &out, maximum: maximum)
      case .json: more = try nextJSON(into: &out, maximum: maximum)
      }
      if !more {
        reader = nil
        json = nil
      }
    }
    return out
  }

  private mutating func openNextSource() throws(ProtocolSourceError) -> Bool {
    while source + 1 < accepted.sources.count {
      source += 1
      let plan = accepted.plans[source]
      if plan.allRejected || (plan.format == .csv && plan.csv == nil) { continue }
      let settings = accepted.settings
      switch plan.format {
      case .csv:
        let r = try SourceReader(
          accepted.sources[source],
          capacity: settings.windowBytes + settings.maximumRecordBytes + 2,
          startingAt: plan.bodyStart, expecting: plan.identity)
        reader = r
        position = r.startIndex
        line = plan.bodyLine
      case .json:
        let r = try SourceReader(
          accepted.sources[source], capacity: settings.windowBytes, expecting: plan.identity)
        reader = r
        var j = JSONProtocolReader(reader: r, schema: accepted.schema)
        j.maximumRecordBytes = settings.maximumRecordBytes
        json = j
      }
      return true
    }
    return false
  }

  /// Whether the precinct's protocols were replaced by repeat voting (left out of the import's count).
  private func isReplaced(_ precinct: String) -> Bool {
    !accepted.settings.replacedPrecincts.isEmpty
      && accepted.settings.replacedPrecincts.contains(precinct)
  }

  /// Whether the record starting at file offset `start` of the current source was rejected.
  private mutating func isRejected(_ start: Int) -> Bool {
    let entries = accepted.rejectedEntries
    while rejectedCursor < entries.count
      && (entries[rejectedCursor].source, entries[rejectedCursor].start) < (source, start)
    {
      rejectedCursor += 1
    }
    return rejectedCursor < entries.count && entries[rejectedCursor].source == source
      && entries[rejectedCursor].start == start
  }

  /// Reads CSV records into `out`; returns `false` at the end of the source.
  private mutating func nextCSV(into out: inout [PollingStationProtocol], maximum: Int)
    throws(ProtocolSourceError) -> Bool
  {
    guard let reader, let csv = accepted.plans[source].csv else { return false }
    let maximumRecord = accepted.settings.maximumRecordBytes
    while out.count < maximum {
      var cut = false
      let progressed: Bool = reader.withWindow { base, n in
        var scanner = CSVScanner(
          base: base, count: n, position: position, line: line, isComplete: reader.atEnd,
          maximumRecordBytes: maximumRecord, maximumFields: csv.layout.width + 1)
        var any = false
        while out.count < maximum, let rec = scanner.next(into: &fields) {
          any = true
          position = scanner.position
          line = scanner.line
          if rec.continuesPastBuffer {
            cut = true
            break
          }
          if rec.isBlank || isRejected(reader.windowOffset + rec.start) { continue }
          csv.read(
            rec, fields: fields, scanner: scanner, offset: reader.windowOffset, into: &record)
          if isReplaced(record.p.precinct) { continue }
          out.append(record.p)
        }
        return any
      }
      if cut {
        // An over-long record (rejected): skip to its end.
        try reader.advance(keepingFrom: reader.count)
        while true {
          let found: Bool = reader.withWindow { base, n in
            var scanner = CSVScanner(base: base, count: n, position: 0, line: line)
            let found = scanner.skipToNextLine()
            position = scanner.position
            return found
          }
          if found {
            line += 1
            break
          }
          if reader.atEnd { return false }
          try reader.advance(keepingFrom: reader.count)
        }
        continue
      }
      if out.count >= maximum { return true }
      if reader.atEnd && position >= reader.count { return false }
      if !progressed || position > 0 {
        try reader.advance(keepingFrom: position)
        position = 0
      }
    }
    return true
  }

  /// Reads JSON records into `out`; returns `false` at the end of the source.
  private mutating func nextJSON(into out: inout [PollingStationProtocol], maximum: Int)
    throws(ProtocolSourceError) -> Bool
  {
    guard json != nil else { return false }
    while out.count < maximum {
      guard try json!.next(into: &record) else { return false }
      // After a syntax error nothing more of the file is read (that rest is one rejected record).
      if record.end == Int.max { return false }
      if record.status != .protocolRead || isRejected(record.start) { continue }
      if isReplaced(record.p.precinct) { continue }
      out.append(record.p)
    }
    return true
  }
}
