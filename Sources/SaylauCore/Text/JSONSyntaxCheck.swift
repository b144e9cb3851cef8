/// Finds where a JSON text (RFC 8259) first goes wrong, with its line and column, for readers that parse with
/// Foundation (whose errors say only "not valid JSON"). Iterative, so any nesting depth is checked without
/// recursion; strings must be UTF-8 without lone surrogate escapes.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
  /// 1-based line and column (columns count characters, not bytes).
  public var line: Int
  public var column: Int
  public var message: String

  public var description: String { "line \(line), column \(column): \(message)" }

  /// The first syntax error of `bytes`, or `nil` when they are one valid JSON value.
  /// - Parameter maximumDepth: nesting deeper than this is reported too (the readers refuse it).
  public static func find(in bytes: [UInt8], maximumDepth: Int = 512) -> JSONSyntaxError? {
    var c = Cursor(bytes: bytes)
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { c.i = 3 }
    // What may come next: a value, or (inside a container) a separator or a closer.
    enum Container { case array, object }
    var stack: [Container] = []
    var expectValue = true
    var afterKey = false  // in an object: a key was read, ':' comes next
    var expectKey = false  // in an object: a key (or '}' right after '{') comes next
    var justOpened = false
    while true {
      c.skipSpace()
      guard let b = c.peek() else {
        if stack.isEmpty && !expectValue { return nil }
        return c.error(stack.isEmpty ? "the input is empty" : "the input ends inside a value")
      }
      if afterKey {
        guard b == 0x3A else { return c.error("expected ':' after a key") }
        c.advance()
        afterKey = false
        expectValue = true
        continue
      }
      if expectKey {
        if b == 0x7D && justOpened {
          c.advance()
          stack.removeLast()
          expectKey = false
          justOpened = false
          expectValue = false
          continue
        }
        guard b == 0x22 else { return c.error("expected a key (a string)") }
        if let e = c.string() { return e }
        expectKey = false
        justOpened = false
        afterKey = true
        continue
      }
      if expectValue {
        switch b {
        case 0x7B, 0x5B:
          if stack.count >= maximumDepth {
            return c.error("nested more than \(maximumDepth) levels deep")
          }
          c.advance()
          if b == 0x7B {
            stack.append(.object)
            expectKey = true
            justOpened = true
            expectValue = false
          } else {
            stack.append(.array)
            c.skipSpace()
            if c.peek() == 0x5D {
              c.advance()
              stack.removeLast()
              expectValue = false
            }
          }
          continue
        case 0x22:
          if let e = c.string() { return e }
        case 0x2D, 0x30...0x39:
          if let e = c.number() { return e }
        case 0x74:
          if let e = c.literal("true") { return e }
        case 0x66:
          if let e = c.literal("false") { return e }
        case 0x6E:
          if let e = c.literal("null") { return e }
        default:
          return c.error("expected a value, found \(Cursor.describe(b))")
        }
        expectValue = false
        continue
      }
      // After a value.
      guard let top = stack.last else {
        return c.error("text after the end of the value (\(Cursor.describe(b)))")
      }
      switch (b, top) {
      case (0x2C, .array):
        c.advance()
        expectValue = true
      case (0x2C, .object):
        c.advance()
        expectKey = true
      case (0x5D, .array), (0x7D, .object):
        c.advance()
        stack.removeLast()
      default:
        return c.error(
          "expected ',' or '\(top == .array ? "]" : "}")', found \(Cursor.describe(b))")
      }
    }
  }

  private struct Cursor {
    let bytes: [UInt8]
    var i = 0
    var line = 1
    var column = 1

    func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func advance() {
      let b = bytes[i]
      i += 1
      if b == 0x0A {
        line += 1
        column = 1
      } else if b & 0xC0 != 0x80 {
        column += 1
      }
    }

    mutating func skipSpace() {
      while let b = peek(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { advance() }
    }

    func error(_ message: String) -> JSONSyntaxError {
      JSONSyntaxError(line: line, column: column, message: message)
    }

    static func describe(_ b: UInt8) -> String {
      b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }

    mutating func literal(_ word: String) -> JSONSyntaxError? {
      let start = self
      for w in word.utf8 {
        guard peek() == w else { return start.error("expected '\(word)'") }
        advance()
      }
      return nil
    }

    mutating func number() -> JSONSyntaxError? {
      let start = self
      func digits(_ c: inout Cursor) -> Int {
        var n = 0
        while let b = c.peek(), b >= 0x30 && b <= 0x39 {
          c.advance()
          n += 1
        }
        return n
      }
      if peek() == 0x2D { advance() }
      guard let first = peek(), first >= 0x30 && first <= 0x39 else {
        return start.error("malformed number")
      }
      if first == 0x30 {
        advance()
      } else {
        _ = digits(&self)
      }
      if peek() == 0x2E {
        advance()
        if digits(&self) == 0 { return start.error("malformed number") }
      }
      if let e = peek(), e == 0x65 || e == 0x45 {
        advance()
        if let s = peek(), s == 0x2B || s == 0x2D { advance() }
        if digits(&self) == 0 { return start.error("malformed number") }
      }
      return nil
    }

    mutating func string() -> JSONSyntaxError? {
      let start = self
      advance()  // the opening quote
      while true {
        guard let b = peek() else { return start.error("unterminated string") }
        if b == 0x22 {
          advance()
          return nil
        }
        if b < 0x20 { return error("a control character (\(Cursor.describe(b))) inside a string") }
        if b >= 0x80 {
          let here = self
          let length: Int
          switch b {
          case 0xC2...0xDF: length = 2
          case 0xE0...0xEF: length = 3
          case 0xF0...0xF4: length = 4
          default: return here.error("not valid UTF-8 (byte 0x\(String(b, radix: 16))) in a string")
          }
          guard i + length <= bytes.count,
            InvalidUTF8.find(in: Array(bytes[i..<(i + length)])) == nil
          else { return here.error("not valid UTF-8 in a string") }
          for _ in 0..<length { advance() }
          continue
        }
        advance()
        guard b == 0x5C else { continue }
        guard let e = peek() else { return start.error("unterminated string") }
        let escape = self
        advance()
        switch e {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: continue
        case 0x75:
          var v: UInt32 = 0
          for _ in 0..<4 {
            guard let h = peek(), let d = Self.hex(h) else {
              return escape.error("bad \\u escape in a string")
            }
            advance()
            v = v << 4 | d
          }
          if v >= 0xD800 && v < 0xE000 {
            // A high surrogate must be followed by an escaped low one.
            guard v < 0xDC00, peek() == 0x5C else {
              return escape.error("a \\u escape of a lone surrogate in a string")
            }
            advance()
            guard peek() == 0x75 else { return escape.error("bad escape in a string") }
            advance()
            var low: UInt32 = 0
            for _ in 0..<4 {
              guard let h = peek(), let d = Self.hex(h) else {
                return escape.error("bad \\u escape in a string")
              }
              advance()
              low = low << 4 | d
            }
            guard low >= 0xDC00 && low < 0xE000 else {
              return escape.error("a \\u escape of a lone surrogate in a string")
            }
          }
        default:
          return escape.error("bad escape in a string")
        }
      }
    }

    static func hex(_ b: UInt8) -> UInt32? {
      switch b {
      case 0x30...0x39: return UInt32(b - 0x30)
      case 0x41...0x46: return UInt32(b - 0x41 + 10)
      case 0x61...0x66: return UInt32(b - 0x61 + 10)
      default: return nil
      }
    }
  }
}
