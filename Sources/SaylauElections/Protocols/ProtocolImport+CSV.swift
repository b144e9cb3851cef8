import Foundation
import SaylauCore

extension ImportRun {
  /// The most columns a protocol header can sensibly have: the fixed ones, every party, every candidate
  /// position and `synthetic`, with room for mistakes to be reported.
  var headerFieldLimit: Int {
    2 * (ProtocolField.fixed.count + schema.parties.count + ProtocolSchema.maximumCandidates + 1)
  }

  mutating func readCSV(_ s: Int) throws(ProtocolSourceError) {
    let source = sources[s]
    let file = source.name
    let reader = try SourceReader(source, capacity: windowCapacity)
    plans[s].identity = reader.identity
    plans[s].size = reader.identity?.size ?? reader.count
    if reader.count == 0 {
      addError(
        ProtocolIssue(file: file, line: 1, field: nil, message: "empty file: no header line"),
        source: s, order: 1)
      rowsWithIssues += 1
      plans[s].allRejected = true
      return
    }
    var position = reader.withWindow { CSVScanner.byteOrderMarkLength($0, count: $1) }
    var line = 1
    // The header: the first record, whatever it holds.
    var fields: [CSVScanner.Field] = []
    var header: (record: CSVScanner.Record, names: [String])? = nil
    while header == nil {
      let limit = headerFieldLimit
      let found: (record: CSVScanner.Record, names: [String], position: Int, line: Int)? =
        reader.withWindow {
          base, n in
          var scanner = CSVScanner(
            base: base, count: n, position: position, line: line, isComplete: reader.atEnd,
            maximumRecordBytes: settings.maximumRecordBytes, maximumFields: limit)
          guard let rec = scanner.next(into: &fields) else { return nil }
          let names = fields.map { scanner.string($0).trimmingSpaces }
          return (rec, names, scanner.position, scanner.line)
        }
      if let found {
        header = (found.record, found.names)
        plans[s].header =
          (reader.windowOffset + found.record.start)..<(reader.windowOffset + found.record.end)
        position = found.position
        line = found.line
      } else if reader.atEnd {
        addError(
          ProtocolIssue(file: file, line: 1, field: nil, message: "empty file: no header line"),
          source: s, order: 1)
        rowsWithIssues += 1
        plans[s].allRejected = true
        return
      } else {
        try reader.advance(keepingFrom: position)
        position = 0
      }
    }
    let head = header!
    if head.record.continuesPastBuffer {
      let skipped = try skipToNextLine(reader, line: line)
      (position, line) = (skipped.position, skipped.line)
    }
    var problem: ProtocolIssue? = nil
    if let m = head.record.malformation {
      problem = ProtocolIssue(
        file: file, line: head.record.line, field: nil, message: "header: \(m)")
    } else if head.record.fieldCount > headerFieldLimit {
      problem = ProtocolIssue(
        file: file, line: head.record.line, field: nil,
        message:
          "header: \(head.record.fieldCount) columns, more than a protocol file can have (\(headerFieldLimit))"
      )
    }
    if let problem {
      addError(problem, source: s, order: head.record.line)
      rowsWithIssues += 1
      plans[s].allRejected = true
      try readBody(s, reader: reader, csv: nil, position: position, line: line)
      return
    }
    let csv = CSVProtocolReader(
      header: head.names, file: file, line: head.record.line, schema: schema)
    for issue in csv.headerIssues { add(issue, source: s, order: head.record.line) }
    plans[s].bodyStart = reader.windowOffset + position
    plans[s].bodyLine = line
    if !csv.isUsable {
      // A bad header rejects every row of the file: they all go to the rejected rows, untouched.
      rowsWithIssues += 1
      plans[s].allRejected = true
      try readBody(s, reader: reader, csv: nil, position: position, line: line)
      return
    }
    plans[s].csv = csv
    try readBody(s, reader: reader, csv: csv, position: position, line: line)
  }

  /// Reads the records after the header, window by window. Without a usable header (`csv` nil), every record
  /// is rejected as it is.
  mutating func readBody(
    _ s: Int, reader: SourceReader, csv: CSVProtocolReader?, position start: Int,
    line startLine: Int
  ) throws(ProtocolSourceError) {
    var position = start
    var line = startLine
    var sized = false
    while true {
      let (next, nextLine) = readWindow(s, reader: reader, csv: csv, position: position, line: line)
      if !sized, let size = plans[s].size, size > 4 << 20, next > position {
        // Size the precinct index once from the first window's records (about two protocols per precinct)
        // instead of growing it step by step; a file of a few huge lines reserves nothing.
        sized = true
        let records = batchCounts[0] + batchCounts[1]
        let rest = size - (reader.windowOffset + position)
        index.reserve(records * rest / max(1, next - position) / 2 * 11 / 10)
      }
      position = next
      line = nextLine
      // An over-long record is the last one a window gives: find its end before it is rejected.
      let k = batchCounts[1] > 0 ? 1 : 0
      if batchCounts[k] > 0 && batches[k][batchCounts[k] - 1].continuesPastWindow {
        let skipped = try skipToNextLine(reader, line: line)
        (position, line) = (skipped.position, skipped.line)
        batches[k][batchCounts[k] - 1].end = skipped.end
      }
      // The cross-record step and the sums, in input order, on this thread.
      var records: [[ReadRecord]] = []
      swap(&records, &batches)
      for k in 0..<2 {
        let count = batchCounts[k]
        records[k].withUnsafeMutableBufferPointer { b in
          for i in 0..<count {
            if csv == nil {
              recordsOfSource += 1
              rejected.append(
                ProtocolImport.RejectedEntry(
                  source: s, start: b[i].start, end: b[i].end, line: b[i].line, index: -1))
            } else {
              process(&b[i], source: s)
            }
          }
        }
      }
      swap(&records, &batches)
      if reader.atEnd && position >= reader.count { return }
      try reader.advance(keepingFrom: position)
      position = 0
    }
  }

  /// Skips the input past the window up to just after the next line feed (the end of an over-long record).
  /// Returns the window position and line after it, and the file offset where the record ends.
  func skipToNextLine(_ reader: SourceReader, line: Int) throws(ProtocolSourceError) -> (
    position: Int, line: Int, end: Int
  ) {
    try reader.advance(keepingFrom: reader.count)
    while true {
      let (found, position): (Bool, Int) = reader.withWindow { base, n in
        var scanner = CSVScanner(base: base, count: n, position: 0, line: line)
        let found = scanner.skipToNextLine()
        return (found, scanner.position)
      }
      if found {
        var end = reader.windowOffset + position - 1
        let crBefore: Bool = reader.withWindow { base, _ in
          position >= 2 && base[position - 2] == 0x0D
        }
        if crBefore { end -= 1 }
        return (position, line + 1, end)
      }
      if reader.atEnd { return (reader.count, line, reader.windowOffset + reader.count) }
      try reader.advance(keepingFrom: reader.count)
    }
  }

  /// Reads and checks the complete records of the window from `position`: in two halves on two threads when
  /// the window is large and has no quote at all (then every line feed ends a record, so the halves split
  /// safely at one and their line numbers are line-feed counts); otherwise on this thread. The records land
  /// in ``batches`` in input order. Returns the position and line after the last complete record.
  mutating func readWindow(
    _ s: Int, reader: SourceReader, csv: CSVProtocolReader?, position: Int, line: Int
  )
    -> (Int, Int)
  {
    batchCounts = [0, 0]
    let keepWarnings = warnings.count < settings.maximumIssues
    let file = sources[s].name
    let schema = self.schema
    let maximumRecord = settings.maximumRecordBytes
    let width = (csv?.layout.width ?? 0) + 1
    let offset = reader.windowOffset
    let atEnd = reader.atEnd
    var workers = batches
    batches = []
    defer { batches = workers }
    return reader.withWindow { base, n -> (Int, Int) in
      if settings.threads > 1, n - position >= settings.parallelMinimumBytes {
        var end = n
        if !atEnd {
          while end > position && base[end - 1] != 0x0A { end -= 1 }
        }
        if end - position >= settings.parallelMinimumBytes
          && memchr(base + position, 0x22, end - position) == nil
        {
          var split = position + (end - position) / 2
          while split < end && base[split - 1] != 0x0A { split += 1 }
          let (mid, stop) = (split, end)
          var counts = [0, 0]
          var lines = [0, 0]
          workers.withUnsafeMutableBufferPointer { w in
            counts.withUnsafeMutableBufferPointer { c in
              lines.withUnsafeMutableBufferPointer { l in
                let job = UnsafeSendable((w, c, l, base))
                DispatchQueue.concurrentPerform(iterations: 2) { k in
                  let (w, c, l, base) = job.value
                  var first = line
                  if k == 1 {
                    // Count the first half's lines (while the other thread reads it).
                    var p = position
                    while p < mid, let hit = memchr(base + p, 0x0A, mid - p) {
                      first += 1
                      p = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                    }
                  }
                  var scanner = CSVScanner(
                    base: base, count: k == 0 ? mid : stop, position: k == 0 ? position : mid,
                    line: first, isComplete: true, maximumRecordBytes: maximumRecord,
                    maximumFields: width)
                  c[k] = Self.readRecords(
                    &scanner, csv: csv, schema: schema, file: file, offset: offset,
                    keepWarnings: keepWarnings, into: &w[k])
                  l[k] = scanner.line
                }
              }
            }
          }
          batchCounts = counts
          return (end, lines[1])
        }
      }
      var scanner = CSVScanner(
        base: base, count: n, position: position, line: line, isComplete: atEnd,
        maximumRecordBytes: maximumRecord, maximumFields: width)
      batchCounts[0] = Self.readRecords(
        &scanner, csv: csv, schema: schema, file: file, offset: offset, keepWarnings: keepWarnings,
        into: &workers[0])
      return (scanner.position, scanner.line)
    }
  }

  /// Reads and checks records from a scanner until its buffer has no complete record left; the work one
  /// thread does on its half of a window. Pure: it touches only its arguments.
  static func readRecords(
    _ scanner: inout CSVScanner, csv: CSVProtocolReader?, schema: ProtocolSchema, file: String,
    offset: Int, keepWarnings: Bool, into batch: inout [ReadRecord]
  ) -> Int {
    var fields: [CSVScanner.Field] = []
    fields.reserveCapacity(64)
    var k = 0
    var done = false
    // Records are read into reused storage a block at a time (no check of the array per record).
    while !done {
      if batch.count < k + 1024 {
        batch.append(contentsOf: (0..<1024).map { _ in ReadRecord() })
      }
      let limit = k + 1024
      batch.withUnsafeMutableBufferPointer { b in
        // One reader for the whole block (unwrapping it per record would copy it).
        if let csv {
          while k < limit {
            guard let rec = scanner.next(into: &fields) else {
              done = true
              return
            }
            if rec.isBlank { continue }
            csv.read(rec, fields: fields, scanner: scanner, offset: offset, into: &b[k])
            if b[k].status == .protocolRead { b[k].classifyPrecinct() }
            b[k].check(schema: schema, file: file, keepWarnings: keepWarnings)
            k += 1
            if rec.continuesPastBuffer {
              done = true
              return
            }
          }
        } else {
          while k < limit {
            guard let rec = scanner.next(into: &fields) else {
              done = true
              return
            }
            if rec.isBlank { continue }
            b[k].reset()
            b[k].line = rec.line
            b[k].start = offset + rec.start
            b[k].end = offset + rec.end
            b[k].continuesPastWindow = rec.continuesPastBuffer
            k += 1
            if rec.continuesPastBuffer {
              done = true
              return
            }
          }
        }
      }
    }
    return k
  }
}
