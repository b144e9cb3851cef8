import SaylauCore

/// A small streaming JSON tokenizer (RFC 8259) over a ``SourceReader`` window: it reads the input in chunks,
/// never holds more than one window, and gives every token its line, column and byte offset, so errors say
/// `file:line:column`. Strings and numbers longer than a token limit are scanned to their end but kept only in
/// part (``Token/truncated``), so a huge value cannot take memory.
struct JSONTokenizer {
  enum Kind: Equatable {
    case beginObject, endObject, beginArray, endArray, colon, comma
    case string
    case number
    case literalTrue, literalFalse, literalNull
    case end
  }

  struct Token {
    var kind: Kind
    /// For strings: the decoded text (UTF-8); for numbers: the text as written. At most ``maximumTokenBytes``.
    var bytes: [UInt8]
    /// The value was longer than the limit and is cut.
    var truncated: Bool
    var line: Int
    var column: Int
    var offset: Int

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// How the token reads in a message.
    var shown: String {
      switch kind {
      case .beginObject: return "'{'"
      case .endObject: return "'}'"
      case .beginArray: return "'['"
      case .endArray: return "']'"
      case .colon: return "':'"
      case .comma: return "','"
      case .string: return "a string"
      case .number: return "a number"
      case .literalTrue: return "true"
      case .literalFalse: return "false"
      case .literalNull: return "null"
      case .end: return "the end of the input"
      }
    }
  }

  /// A syntax error, with its position.
  struct SyntaxError: Error {
    var message: String
    var line: Int
    var column: Int
    var offset: Int
    /// Valid JSON of the wrong shape (not a syntax error).
    var structural = false
  }

  let reader: SourceReader
  /// Index of the next byte in the reader's window.
  private var index = 0
  private(set) var line = 1
  private(set) var column = 1
  /// The longest string or number kept whole.
  var maximumTokenBytes = 4096
  private var peeked: Token?

  init(reader: SourceReader, startingAt index: Int = 0) {
    self.reader = reader
    self.index = index
  }

  /// The file offset of the next byte.
  var offset: Int { reader.windowOffset + index }

  /// The next byte, reading on when the window is used up; `nil` at the end of the input.
  @inline(__always)
  private mutating func peekByte() throws(ProtocolSourceError) -> UInt8? {
    if index >= reader.count {
      if reader.atEnd { return nil }
      try reader.advance(keepingFrom: index)
      index = 0
      if index >= reader.count { return nil }
    }
    return reader.withWindow { base, _ in base[index] }
  }

  @inline(__always)
  private mutating func advance(_ b: UInt8) {
    index += 1
    if b == 0x0A {
      line += 1
      column = 1
    } else if b & 0xC0 != 0x80 {
      // Columns count characters: continuation bytes of UTF-8 do not start one.
      column += 1
    }
  }

  private func error(_ message: String, line: Int, column: Int, offset: Int) -> SyntaxError {
    SyntaxError(message: message, line: line, column: column, offset: offset)
  }

  /// The next token without consuming it.
  mutating func peek() throws -> Token {
    if let t = peeked { return t }
    let t = try scan()
    peeked = t
    return t
  }

  /// The next token.
  mutating func next() throws -> Token {
    if let t = peeked {
      peeked = nil
      return t
    }
    return try scan()
  }

  private mutating func scan() throws -> Token {
    // Whitespace.
    while let b = try peekByte(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { advance(b) }
    let (l, c, o) = (line, column, offset)
    func token(_ kind: Kind, _ bytes: [UInt8] = [], truncated: Bool = false) -> Token {
      Token(kind: kind, bytes: bytes, truncated: truncated, line: l, column: c, offset: o)
    }
    guard let b = try peekByte() else { return token(.end) }
    switch b {
    case 0x7B:
      advance(b)
      return token(.beginObject)
    case 0x7D:
      advance(b)
      return token(.endObject)
    case 0x5B:
      advance(b)
      return token(.beginArray)
    case 0x5D:
      advance(b)
      return token(.endArray)
    case 0x3A:
      advance(b)
      return token(.colon)
    case 0x2C:
      advance(b)
      return token(.comma)
    case 0x22:
      advance(b)
      let (bytes, truncated) = try scanString(line: l, column: c, offset: o)
      return token(.string, bytes, truncated: truncated)
    case 0x74:
      try literal("true", l, c, o)
      return token(.literalTrue)
    case 0x66:
      try literal("false", l, c, o)
      return token(.literalFalse)
    case 0x6E:
      try literal("null", l, c, o)
      return token(.literalNull)
    case 0x2D, 0x30...0x39:
      let (bytes, truncated) = try scanNumber(line: l, column: c, offset: o)
      return token(.number, bytes, truncated: truncated)
    default:
      throw error("unexpected character \(Self.describe(b))", line: l, column: c, offset: o)
    }
  }

  static func describe(_ b: UInt8) -> String {
    b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
  }

  private mutating func literal(_ word: StaticString, _ l: Int, _ c: Int, _ o: Int) throws {
    let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    for expected in w {
      guard let b = try peekByte(), b == expected else {
        throw error("expected '\(word)'", line: l, column: c, offset: o)
      }
      advance(b)
    }
    if let b = try peekByte(), Self.isWordByte(b) {
      throw error("expected '\(word)'", line: l, column: c, offset: o)
    }
  }

  private static func isWordByte(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
  }

  /// Scans a number (RFC 8259 grammar) and returns its text as written.
  private mutating func scanNumber(line l: Int, column c: Int, offset o: Int) throws -> (
    [UInt8], Bool
  ) {
    var out: [UInt8] = []
    var truncated = false
    func keep(_ b: UInt8) {
      if out.count < maximumTokenBytes { out.append(b) } else { truncated = true }
    }
    func bad() -> SyntaxError { error("malformed number", line: l, column: c, offset: o) }
    func digits() throws -> Int {
      var n = 0
      while let b = try peekByte(), b >= 0x30 && b <= 0x39 {
        keep(b)
        advance(b)
        n += 1
      }
      return n
    }
    if try peekByte() == 0x2D {
      keep(0x2D)
      advance(0x2D)
    }
    guard let first = try peekByte(), first >= 0x30 && first <= 0x39 else { throw bad() }
    if first == 0x30 {
      keep(first)
      advance(first)
      if let b = try peekByte(), b >= 0x30 && b <= 0x39 { throw bad() }
    } else {
      _ = try digits()
    }
    if try peekByte() == 0x2E {
      keep(0x2E)
      advance(0x2E)
      if try digits() == 0 { throw bad() }
    }
    if let e = try peekByte(), e == 0x65 || e == 0x45 {
      keep(e)
      advance(e)
      if let s = try peekByte(), s == 0x2B || s == 0x2D {
        keep(s)
        advance(s)
      }
      if try digits() == 0 { throw bad() }
    }
    if let b = try peekByte(), Self.isWordByte(b) || b == 0x2E { throw bad() }
    return (out, truncated)
  }

  /// Scans a string after its opening quote, decoding escapes.
  private mutating func scanString(line l: Int, column c: Int, offset o: Int) throws -> (
    [UInt8], Bool
  ) {
    var out: [UInt8] = []
    var truncated = false
    func keep(_ b: UInt8) {
      if out.count < maximumTokenBytes { out.append(b) } else { truncated = true }
    }
    func keepScalar(_ v: UInt32) {
      guard let s = Unicode.Scalar(v) else {
        for b in "\u{FFFD}".utf8 { keep(b) }
        return
      }
      for b in String(Character(s)).utf8 { keep(b) }
    }
    func hex4() throws -> UInt32 {
      var v: UInt32 = 0
      for _ in 0..<4 {
        guard let b = try peekByte() else {
          throw error("unterminated string", line: l, column: c, offset: o)
        }
        let d: UInt32
        switch b {
        case 0x30...0x39: d = UInt32(b - 0x30)
        case 0x41...0x46: d = UInt32(b - 0x41 + 10)
        case 0x61...0x66: d = UInt32(b - 0x61 + 10)
        default:
          throw error("bad \\u escape in a string", line: line, column: column, offset: offset)
        }
        advance(b)
        v = v << 4 | d
      }
      return v
    }
    while true {
      guard let b = try peekByte() else {
        throw error("unterminated string", line: l, column: c, offset: o)
      }
      if b == 0x22 {
        advance(b)
        return (out, truncated)
      }
      if b < 0x20 {
        throw error(
          "a control character (\(Self.describe(b))) inside a string", line: line, column: column,
          offset: offset)
      }
      if b >= 0x80 {
        let (bytes, length) = try scanMultibyte(b)
        // Kept whole or not at all, so a cut string never ends in half a character.
        if out.count + length <= maximumTokenBytes {
          out.append(bytes.0)
          out.append(bytes.1)
          if length > 2 { out.append(bytes.2) }
          if length > 3 { out.append(bytes.3) }
        } else {
          truncated = true
        }
        continue
      }
      advance(b)
      guard b == 0x5C else {
        keep(b)
        continue
      }
      guard let e = try peekByte() else {
        throw error("unterminated string", line: l, column: c, offset: o)
      }
      let (el, ec, eo) = (line, column, offset)
      advance(e)
      switch e {
      case 0x22: keep(0x22)
      case 0x5C: keep(0x5C)
      case 0x2F: keep(0x2F)
      case 0x62: keep(0x08)
      case 0x66: keep(0x0C)
      case 0x6E: keep(0x0A)
      case 0x72: keep(0x0D)
      case 0x74: keep(0x09)
      case 0x75:
        var v = try hex4()
        if v >= 0xD800 && v < 0xDC00 {
          // A high surrogate must be followed by \u and a low one.
          if try peekByte() == 0x5C {
            advance(0x5C)
            if try peekByte() == 0x75 {
              advance(0x75)
              let low = try hex4()
              guard low >= 0xDC00 && low < 0xE000 else {
                throw error(
                  "a \\u escape of a lone surrogate in a string (not a character)", line: el,
                  column: ec, offset: eo)
              }
              v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
            } else {
              throw error("bad escape in a string", line: el, column: ec, offset: eo)
            }
          } else {
            throw error(
              "a \\u escape of a lone surrogate in a string (not a character)", line: el,
              column: ec, offset: eo)
          }
        } else if v >= 0xDC00 && v < 0xE000 {
          throw error(
            "a \\u escape of a lone surrogate in a string (not a character)", line: el, column: ec,
            offset: eo)
        }
        keepScalar(v)
      default:
        throw error(
          "bad escape '\\\(Excerpt.excerpt(bytes: [e]))' in a string", line: el, column: ec,
          offset: eo)
      }
    }
  }

  /// Reads one multi-byte UTF-8 character of a string, whose first byte is `lead`; bytes that are not UTF-8
  /// are a syntax error (RFC 8259 texts are UTF-8; replacing them would let two different ids read alike).
  private mutating func scanMultibyte(_ lead: UInt8) throws -> ((UInt8, UInt8, UInt8, UInt8), Int) {
    let (l, c, o) = (line, column, offset)
    func bad(_ b: UInt8) -> SyntaxError {
      error(
        "not valid UTF-8 (byte 0x\(String(b, radix: 16, uppercase: true))) in a string", line: l,
        column: c, offset: o)
    }
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: (length, low) = (3, 0xA0)
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: (length, high) = (3, 0x9F)
    case 0xF0: (length, low) = (4, 0x90)
    case 0xF1...0xF3: length = 4
    case 0xF4: (length, high) = (4, 0x8F)
    default: throw bad(lead)
    }
    advance(lead)
    var bytes: (UInt8, UInt8, UInt8, UInt8) = (lead, 0, 0, 0)
    for k in 1..<length {
      guard let b = try peekByte() else {
        throw error("unterminated string", line: l, column: c, offset: o)
      }
      let ok = k == 1 ? (b >= low && b <= high) : (b & 0xC0 == 0x80)
      guard ok else { throw bad(b) }
      advance(b)
      switch k {
      case 1: bytes.1 = b
      case 2: bytes.2 = b
      default: bytes.3 = b
      }
    }
    return (bytes, length)
  }

  /// Skips one whole value (of any size) after its first token was read.
  mutating func skipValue(after first: Token) throws {
    switch first.kind {
    case .beginObject, .beginArray:
      var depth = 1
      while depth > 0 {
        let t = try next()
        switch t.kind {
        case .beginObject, .beginArray: depth += 1
        case .endObject, .endArray: depth -= 1
        case .end:
          throw error(
            "the input ends inside \(first.kind == .beginObject ? "an object" : "an array") opened at line \(first.line), column \(first.column)",
            line: t.line, column: t.column, offset: t.offset)
        default: break
        }
      }
    case .string, .number, .literalTrue, .literalFalse, .literalNull: break
    default:
      throw error(
        "expected a value, found \(first.shown)", line: first.line, column: first.column,
        offset: first.offset)
    }
  }

  func syntax(_ message: String, at t: Token) -> SyntaxError {
    SyntaxError(message: message, line: t.line, column: t.column, offset: t.offset)
  }
}
