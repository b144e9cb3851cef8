/// The one low-level CSV reader of Saylau: an RFC 4180 scanner over a byte buffer, written for speed (no
/// allocation per record; fields are byte ranges into the buffer). ``CSVTable`` and the protocol and
/// candidate readers of SaylauElections are built on it.
///
/// Accepted: `,` separators; `\n`, `\r\n` or a lone `\r` as record ends; fields in double quotes, with `""`
/// for a quote and line breaks allowed inside quotes. Rejected, as a ``Malformation`` of the record: a quote
/// inside an unquoted field, text after a closing quote, an unterminated quoted field, and a record longer than
/// ``maximumRecordBytes``. After a malformed record the scanner resumes at the next line.
///
/// The buffer may be a window on a larger input (``isComplete`` `false`): then a record cut by the buffer's
/// end is not returned; ``next(into:)`` answers `nil` with ``position`` at the record's start, so the caller
/// can move the rest to the front of a larger window, read more and scan again.
public struct CSVScanner {
  /// One field: a byte range into the buffer (without the surrounding quotes).
  public struct Field: Sendable, Hashable {
    public var start: Int
    public var end: Int
    /// The field was quoted and contains `""` escapes, so its text must be unescaped.
    public var hasEscapes: Bool

    public init(start: Int, end: Int, hasEscapes: Bool) {
      self.start = start
      self.end = end
      self.hasEscapes = hasEscapes
    }

    public var isEmpty: Bool { end == start }
  }

  /// Why a record could not be split into fields.
  public enum Malformation: Sendable, Hashable, CustomStringConvertible {
    case unterminatedQuote
    /// A quote inside an unquoted field (1-based field number).
    case quoteInUnquotedField(field: Int)
    /// Something other than a separator or a line end after a closing quote (1-based field number).
    case textAfterClosingQuote(field: Int)
    /// The record is longer than the scanner's limit; the rest of its line was skipped.
    case recordTooLong(limit: Int)

    public var description: String {
      switch self {
      case .unterminatedQuote: return "unterminated quoted field"
      case .quoteInUnquotedField(let k): return "a quote inside an unquoted field (field \(k))"
      case .textAfterClosingQuote(let k): return "text after a closing quote in field \(k)"
      case .recordTooLong(let limit):
        return
          "the record is longer than \(limit) bytes (the largest accepted); the rest of its line was skipped"
      }
    }
  }

  /// One scanned record.
  public struct Record: Sendable, Hashable {
    /// The 1-based physical line where the record starts.
    public var line: Int
    /// Byte range of the record in the buffer, without its line terminator.
    public var start: Int
    public var end: Int
    /// How many fields the record has (``next(into:)`` keeps at most ``maximumFields`` of them).
    public var fieldCount: Int
    public var malformation: Malformation?
    /// The record's end lies beyond the buffer (only for ``Malformation/recordTooLong(limit:)`` in an
    /// incomplete buffer): the caller skips the input up to the next line feed.
    public var continuesPastBuffer: Bool

    /// An empty line: one empty field and nothing wrong.
    public var isBlank: Bool { malformation == nil && fieldCount == 1 && end == start }
  }

  public let base: UnsafePointer<UInt8>
  public let count: Int
  /// Where the next record starts.
  public private(set) var position: Int
  /// The 1-based physical line of the next record.
  public private(set) var line: Int
  /// The buffer ends where the input ends (otherwise a record cut by the end is left for a larger window).
  public var isComplete: Bool
  /// The longest record accepted, in bytes.
  public var maximumRecordBytes: Int
  /// At most this many fields of a record are kept (the rest are counted only).
  public var maximumFields: Int

  public init(
    base: UnsafePointer<UInt8>, count: Int, position: Int = 0, line: Int = 1,
    isComplete: Bool = true, maximumRecordBytes: Int = .max, maximumFields: Int = .max
  ) {
    self.base = base
    self.count = count
    self.position = position
    self.line = line
    self.isComplete = isComplete
    self.maximumRecordBytes = maximumRecordBytes
    self.maximumFields = maximumFields
  }

  public var atEnd: Bool { position >= count }

  /// Length of a UTF-8 byte order mark at `offset` (3), or 0.
  public static func byteOrderMarkLength(_ base: UnsafePointer<UInt8>, count: Int) -> Int {
    count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
  }

  /// Scans one record into `fields` (cleared first). Returns `nil` at the end of the buffer, and in an
  /// incomplete buffer when the next record is cut by its end (``position`` then stays at its start).
  public mutating func next(into fields: inout [Field]) -> Record? {
    fields.removeAll(keepingCapacity: true)
    let startLine = line
    let recordStart = position
    let n = count
    if recordStart >= n { return nil }
    let comma: UInt8 = 0x2C
    let quote: UInt8 = 0x22
    let lf: UInt8 = 0x0A
    let cr: UInt8 = 0x0D
    let b = base
    let maximum = maximumRecordBytes
    let limit = maximum >= n ? Int.max : recordStart &+ maximum
    var p = recordStart
    var lines = 0
    var fieldCount = 0

    // Ends a record at the line feed at or after `from` (or at the end of a complete input).
    func record(endingAt from: Int, _ malformation: Malformation?) -> Record {
      var q = from
      var end = q
      if q < n {
        // q is at the line feed
        q += 1
        lines += 1
      }
      if end > recordStart && b[end - 1] == cr { end -= 1 }
      position = q
      line = startLine + lines
      return Record(
        line: startLine, start: recordStart, end: end, fieldCount: fieldCount,
        malformation: malformation, continuesPastBuffer: false)
    }
    func lineFeed(from: Int) -> Int {
      var q = from
      while q < n && b[q] != lf { q += 1 }
      return q
    }
    // Longer than allowed: skip to the next line feed, which may lie beyond this buffer.
    func tooLong(_ from: Int) -> Record {
      let q = lineFeed(from: from)
      if q >= n && !isComplete {
        position = n
        line = startLine + lines
        return Record(
          line: startLine, start: recordStart, end: n, fieldCount: fieldCount,
          malformation: .recordTooLong(limit: maximum), continuesPastBuffer: true)
      }
      return record(endingAt: q, .recordTooLong(limit: maximum))
    }
    // A malformed record: it ends at the end of its physical line.
    func malformed(_ from: Int, _ malformation: Malformation) -> Record? {
      let q = lineFeed(from: from)
      if q >= n && !isComplete {
        return q - recordStart <= maximum ? nil : tooLong(q)
      }
      return record(endingAt: q, malformation)
    }

    while true {
      if p < n && b[p] == quote {
        p += 1
        let s = p
        var escapes = false
        var closed = false
        while p < n {
          let c = b[p]
          if c == quote {
            if p + 1 < n && b[p + 1] == quote {
              escapes = true
              p += 2
              continue
            }
            if p + 1 >= n && !isComplete { break }  // a "" may continue in the next window
            closed = true
            break
          }
          if c == lf { lines += 1 }
          p += 1
          if p > limit { return tooLong(p) }
        }
        if !closed {
          if p > limit { return tooLong(p) }
          if !isComplete { return nil }
          // Unterminated at the end of the input: the rest of the input is this one record.
          fieldCount += 1
          var end = n
          if end > recordStart && b[end - 1] == lf { end -= 1 }
          if end > recordStart && b[end - 1] == cr { end -= 1 }
          position = n
          line = startLine + lines
          return Record(
            line: startLine, start: recordStart, end: end, fieldCount: fieldCount,
            malformation: .unterminatedQuote, continuesPastBuffer: false)
        }
        fieldCount += 1
        if fields.count < maximumFields {
          fields.append(Field(start: s, end: p, hasEscapes: escapes))
        }
        p += 1
        if p < n && b[p] != comma && b[p] != lf && b[p] != cr {
          return malformed(p, .textAfterClosingQuote(field: fieldCount))
        }
      } else {
        let s = p
        while p < n {
          let c = b[p]
          if c == comma || c == lf || c == cr { break }
          if c == quote { return malformed(p, .quoteInUnquotedField(field: fieldCount + 1)) }
          p += 1
        }
        fieldCount += 1
        if fields.count < maximumFields {
          fields.append(Field(start: s, end: p, hasEscapes: false))
        }
      }
      if p > limit { return tooLong(p) }
      if p >= n {
        if !isComplete { return nil }
        position = n
        line = startLine + lines
        return Record(
          line: startLine, start: recordStart, end: n, fieldCount: fieldCount, malformation: nil,
          continuesPastBuffer: false)
      }
      let c = b[p]
      if c == comma {
        p += 1
        continue
      }
      let end = p
      if c == cr {
        // A lone CR ends the record too; CR LF is one terminator, so its LF must be in the buffer.
        if p + 1 >= n && !isComplete { return nil }
        p += 1
      }
      if p < n && b[p] == lf { p += 1 }
      position = p
      line = startLine + lines + 1
      return Record(
        line: startLine, start: recordStart, end: end, fieldCount: fieldCount, malformation: nil,
        continuesPastBuffer: false)
    }
  }

  /// Skips to just after the next line feed (the end of an over-long record). Returns whether one was found
  /// in this buffer; if not, the caller reads on and skips again.
  public mutating func skipToNextLine() -> Bool {
    var q = position
    while q < count && base[q] != 0x0A { q += 1 }
    if q < count {
      position = q + 1
      line += 1
      return true
    }
    position = count
    return false
  }

  /// The text of a field, with `""` unescaped.
  public func string(_ f: Field) -> String {
    let raw = UnsafeBufferPointer(start: base + f.start, count: f.end - f.start)
    guard f.hasEscapes else { return String(decoding: raw, as: UTF8.self) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(raw.count)
    var i = 0
    while i < raw.count {
      bytes.append(raw[i])
      i += raw[i] == 0x22 && i + 1 < raw.count && raw[i + 1] == 0x22 ? 2 : 1
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The bytes of a field as a buffer (escapes not removed).
  @inlinable @inline(__always)
  public func bytes(_ f: Field) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + f.start, count: f.end - f.start)
  }

  /// Whether the field's bytes equal `word` (an ASCII literal).
  @inlinable @inline(__always)
  public func field(_ f: Field, equals word: StaticString) -> Bool {
    let n = f.end - f.start
    guard n == word.utf8CodeUnitCount, !f.hasEscapes else { return false }
    let p = base + f.start
    let w = word.utf8Start
    for i in 0..<n where p[i] != w[i] { return false }
    return true
  }

  /// Parses a field as a count (see ``ParsedCount/parse(_:)-(UnsafeBufferPointer<UInt8>)``).
  @inlinable @inline(__always)
  public func count(_ f: Field) -> ParsedCount {
    f.hasEscapes ? .invalid(.notANumber(ParsedCount.shown(string(f)))) : ParsedCount.parse(bytes(f))
  }
}

/// A count as written in a data file: digits only, no sign, spaces, separators or decimals, fitting in a
/// signed 64-bit integer. Blank stays blank (`nil` upstream), never 0.
public enum ParsedCount: Sendable, Hashable {
  case blank
  case value(Int)
  case invalid(Problem)

  /// Why a text is not a count; the description is the message shown to people.
  public enum Problem: Sendable, Hashable, CustomStringConvertible {
    case negative(String)
    case notANumber(String)
    case overflow(String)

    public var description: String {
      switch self {
      case .negative(let t): return "negative count '\(t)'"
      case .notANumber(let t): return "not a whole number: '\(t)'"
      case .overflow(let t): return "'\(t)' overflows a 64-bit count (largest \(Int.max))"
      }
    }
  }

  /// Parses digits without allocating (the slow path, for messages, allocates).
  @inlinable @inline(__always)
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ParsedCount {
    let n = bytes.count
    if n == 0 { return .blank }
    var v = 0
    var i = 0
    while i < n {
      let d = Int(bytes[i]) &- 48
      if d < 0 || d > 9 { return .invalid(problem(bytes)) }
      let (m, o1) = v.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(d)
      if o1 || o2 { return .invalid(problem(bytes)) }
      v = a
      i += 1
    }
    return .value(v)
  }

  /// Parses a text (as read from JSON strings, for example) with the same rules.
  public static func parse(_ text: String) -> ParsedCount {
    var t = text
    return t.withUTF8 { parse($0) }
  }

  @usableFromInline
  static func problem(_ bytes: UnsafeBufferPointer<UInt8>) -> Problem {
    let text = String(decoding: bytes, as: UTF8.self)
    if !text.isEmpty && text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
      return .overflow(shown(text))
    }
    if text.hasPrefix("-"), text.count > 1,
      text.utf8.dropFirst().allSatisfy({ $0 >= 48 && $0 <= 57 })
    {
      return .negative(shown(text))
    }
    return .notANumber(shown(text))
  }

  /// A text as quoted in a message: at most 40 characters, so a huge field is never echoed whole, with
  /// control characters escaped (``Excerpt``).
  public static func shown(_ text: String, limit: Int = 40) -> String {
    Excerpt.excerpt(text, limit: limit)
  }
}
