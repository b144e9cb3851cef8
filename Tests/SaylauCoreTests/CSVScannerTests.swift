import Testing

@testable import SaylauCore

/// Direct tests of the one CSV scanner and of the table built on it.
@Suite struct CSVScannerTests {
  /// Scans `text` (complete) and returns each record's fields, or its malformation.
  func scan(_ text: String, maximumRecordBytes: Int = .max) -> [(
    Int, [String], CSVScanner.Malformation?
  )] {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { b in
      guard let base = b.baseAddress else { return [] }
      var s = CSVScanner(
        base: base, count: b.count, position: CSVScanner.byteOrderMarkLength(base, count: b.count),
        maximumRecordBytes: maximumRecordBytes)
      var fields: [CSVScanner.Field] = []
      var out: [(Int, [String], CSVScanner.Malformation?)] = []
      while let r = s.next(into: &fields) {
        out.append((r.line, fields.map { s.string($0) }, r.malformation))
      }
      return out
    }
  }

  @Test func quotesCRLFAndTheByteOrderMark() {
    let r = scan("\u{FEFF}a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\nlast,\n")
    #expect(r.map(\.0) == [1, 2, 4])
    #expect(r.map(\.1) == [["a", "b"], ["x, \"y\"", "two\nlines"], ["last", ""]])
    #expect(r.allSatisfy { $0.2 == nil })
    // A lone CR ends a record too; the last record needs no line end.
    #expect(scan("a\rb").map(\.1) == [["a"], ["b"]])
  }

  @Test func malformedRecordsAreNamedAndTheScanGoesOn() {
    let r = scan("1,x\"y\n\"ok\"z,2\nfine\n\"open,3\nrest\n")
    #expect(r[0].2 == .quoteInUnquotedField(field: 2))
    #expect(r[1].2 == .textAfterClosingQuote(field: 1))
    #expect(r[2].1 == ["fine"] && r[2].0 == 3)
    // An unterminated quote takes the rest of the input.
    #expect(r[3].2 == .unterminatedQuote && r[3].0 == 4)
    #expect(r.count == 4)
    #expect(
      CSVScanner.Malformation.quoteInUnquotedField(field: 1).description
        == "a quote inside an unquoted field (field 1)")
  }

  @Test func aHugeLineIsCutAtTheLimitWithoutEchoingIt() {
    let huge = String(repeating: "9", count: 5000)
    let r = scan("a,b\n\(huge),1\nnext,2\n", maximumRecordBytes: 100)
    #expect(r.count == 3)
    #expect(r[1].2 == .recordTooLong(limit: 100))
    #expect(r[2].1 == ["next", "2"] && r[2].0 == 3)
    #expect(!(r[1].2?.description.contains("9999") ?? true))
  }

  @Test func aWindowWithACutRecordAsksForMore() {
    // In an incomplete buffer, a record without its line end is not returned: the caller reads on.
    let bytes = Array("a,b\nc,\"d\"\"".utf8)
    bytes.withUnsafeBufferPointer { b in
      var s = CSVScanner(base: b.baseAddress!, count: b.count, isComplete: false)
      var fields: [CSVScanner.Field] = []
      #expect(s.next(into: &fields)?.end == 3)
      #expect(s.next(into: &fields) == nil)
      #expect(s.position == 4 && s.line == 2)
    }
    let cr = Array("a\r".utf8)
    cr.withUnsafeBufferPointer { b in
      var s = CSVScanner(base: b.baseAddress!, count: b.count, isComplete: false)
      var fields: [CSVScanner.Field] = []
      #expect(s.next(into: &fields) == nil)  // CR LF may be cut between the two
    }
  }

  @Test func countsAreDigitsOnly() {
    func parse(_ s: String) -> ParsedCount { ParsedCount.parse(s) }
    #expect(parse("") == .blank)
    #expect(parse("0012") == .value(12))
    #expect(parse("-4") == .invalid(.negative("-4")))
    #expect(parse("1.5") == .invalid(.notANumber("1.5")))
    #expect(parse("99999999999999999999") == .invalid(.overflow("99999999999999999999")))
    #expect(
      ParsedCount.Problem.overflow("99999999999999999999").description
        == "'99999999999999999999' overflows a 64-bit count (largest 9223372036854775807)")
    if case .invalid(.notANumber(let shown)) = parse(String(repeating: "x", count: 500)) {
      #expect(shown.count == 41)
    } else {
      Issue.record("a long text is not a number")
    }
  }

  @Test func theTableIsBuiltOnTheScanner() throws {
    let t = try CSVTable(text: "\u{FEFF}name, count\r\n\"A, a\",1\n\nB,\n", source: "t.csv")
    #expect(t.header == ["name", "count"])
    #expect(t.rows.map(\.line) == [2, 4])
    #expect(t.rows.map(\.fields) == [["A, a", "1"], ["B", ""]])
    #expect(throws: CSVError(source: "u.csv", line: 2, field: nil, message: "unterminated quote")) {
      try CSVTable(text: "a\n\"b\n", source: "u.csv")
    }
    #expect(
      throws: CSVError(source: "s.csv", line: 2, field: nil, message: "stray quote inside a field")
    ) {
      try CSVTable(text: "a\nb\"c\n", source: "s.csv")
    }
    #expect(
      throws: CSVError(source: "w.csv", line: 3, field: nil, message: "1 fields, the header has 2")
    ) {
      try CSVTable(text: "a,b\n1,2\n3\n", source: "w.csv")
    }
  }
}
