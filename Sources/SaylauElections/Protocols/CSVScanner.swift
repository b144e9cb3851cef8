import Foundation

/// A byte-level RFC 4180 CSV scanner over a buffer, written for speed: no per-record allocation, fields are
/// byte ranges into the buffer.
///
/// Accepted: `,` separators; `\n` or `\r\n` record ends; fields in double quotes, with `""` for a quote and
/// newlines allowed inside quotes. Rejected (as a record error): a quote inside an unquoted field, text
/// after a closing quote, an unterminated quoted field.
struct CSVScanner {
  struct Field {
    var start: Int
    var end: Int
    /// The field was quoted and contains `""` escapes, so its text must be unescaped.
    var hasEscapes: Bool
  }

  let base: UnsafePointer<UInt8>
  let count: Int
  private(set) var position = 0
  /// The 1-based physical line of the next record.
  private(set) var line = 1

  init(base: UnsafePointer<UInt8>, count: Int, position: Int = 0, line: Int = 1) {
    self.base = base
    self.count = count
    self.position = position
    self.line = line
  }

  var atEnd: Bool { position >= count }

  /// Scans one record into `fields` (cleared first). Returns the record's first line, its byte range and
  /// an error message if it is malformed (then the scanner has skipped to the end of the physical line).
  mutating func next(into fields: inout [Field]) -> (
    line: Int, start: Int, end: Int, error: String?
  ) {
    fields.removeAll(keepingCapacity: true)
    let startLine = line
    let recordStart = position
    let comma: UInt8 = 0x2C
    let quote: UInt8 = 0x22
    let lf: UInt8 = 0x0A
    let cr: UInt8 = 0x0D
    var p = position
    let b = base
    let n = count
    func finish(_ p: Int, _ error: String?) -> (Int, Int, Int, String?) {
      // Record end excludes the line terminator.
      var e = p
      if e > recordStart && b[e - 1] == lf { e -= 1 }
      if e > recordStart && b[e - 1] == cr { e -= 1 }
      return (startLine, recordStart, e, error)
    }
    func skipLine(_ from: Int, _ message: String) -> (
      line: Int, start: Int, end: Int, error: String?
    ) {
      var q = from
      while q < n && b[q] != lf { q += 1 }
      if q < n { q += 1 }
      position = q
      line += 1
      let r = finish(q, message)
      return (r.0, r.1, r.2, r.3)
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
            closed = true
            break
          }
          if c == lf { line += 1 }
          p += 1
        }
        if !closed { return skipLine(p, "unterminated quoted field") }
        fields.append(Field(start: s, end: p, hasEscapes: escapes))
        p += 1
        if p < n && b[p] != comma && b[p] != lf && b[p] != cr {
          return skipLine(p, "text after a closing quote in field \(fields.count)")
        }
      } else {
        let s = p
        while p < n {
          let c = b[p]
          if c == comma || c == lf || c == cr { break }
          if c == quote {
            return skipLine(p, "a quote inside an unquoted field (field \(fields.count + 1))")
          }
          p += 1
        }
        fields.append(Field(start: s, end: p, hasEscapes: false))
      }
      if p >= n {
        position = p
        let r = finish(p, nil)
        return (r.0, r.1, r.2, r.3)
      }
      let c = b[p]
      if c == comma {
        p += 1
        continue
      }
      if c == cr { p += 1 }
      if p < n && b[p] == lf { p += 1 }
      line += 1
      position = p
      let r = finish(p, nil)
      return (r.0, r.1, r.2, r.3)
    }
  }

  /// The text of a field, with `""` unescaped.
  func string(_ f: Field) -> String {
    let raw = UnsafeBufferPointer(start: base + f.start, count: f.end - f.start)
    let s = String(decoding: raw, as: UTF8.self)
    return f.hasEscapes ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
  }

  /// The ballot type named by a field (`list` or `constituency`), compared byte by byte.
  @inline(__always)
  func ballotType(_ f: Field) -> BallotType? {
    let n = f.end - f.start
    let p = base + f.start
    if n == 4 && p[0] == 0x6C && p[1] == 0x69 && p[2] == 0x73 && p[3] == 0x74 { return .list }
    if n == 12 {
      let word: StaticString = "constituency"
      for i in 0..<12 where p[i] != word.utf8Start[i] { return nil }
      return .constituency
    }
    return nil
  }

  /// Whether the field is empty.
  @inline(__always)
  func isBlank(_ f: Field) -> Bool { f.end == f.start }

  enum Number {
    case blank
    case value(Int)
    case invalid(String)
  }

  /// Parses a non-negative whole number without allocating: digits only.
  @inline(__always)
  func number(_ f: Field) -> Number {
    if f.end == f.start { return .blank }
    var v = 0
    var p = f.start
    let e = f.end
    while p < e {
      let d = Int(base[p]) &- 48
      if d < 0 || d > 9 { return .invalid(describe(f)) }
      let (m, o1) = v.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(d)
      if o1 || o2 { return overflowOrInvalid(f) }
      v = a
      p += 1
    }
    return .value(v)
  }

  private func overflowOrInvalid(_ f: Field) -> Number {
    let text = string(f)
    if text.allSatisfy({ $0.isASCII && $0.isNumber }) {
      return .invalid("'\(text)' overflows a 64-bit count (largest \(Int.max))")
    }
    return .invalid(describe(f))
  }

  private func describe(_ f: Field) -> String {
    let text = string(f)
    let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
    if text.hasPrefix("-"), Int(text.dropFirst()) != nil || text.dropFirst().allSatisfy(\.isNumber)
    {
      return "negative count '\(shown)'"
    }
    return "not a whole number: '\(shown)'"
  }
}
