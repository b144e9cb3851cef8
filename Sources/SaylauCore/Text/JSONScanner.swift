/// Reads the tokens of a JSON text that ``JSONSyntaxError/find(in:maximumDepth:)`` has found valid, one at a
/// time and without building a tree, so a reader can turn a large document straight into its own types
/// (the graph readers: a tree of Foundation values costs many times the file's size, and decoding through
/// `Codable` throws an error for every scalar whose kind it guesses wrong).
///
/// Separators (`:` and `,`) are skipped; the reader knows where it is from the tokens. On text that is not
/// valid JSON the scanner never traps: it answers ``Token/invalid`` and stops there.
public struct JSONScanner {
  public enum Token: Equatable, Sendable {
    case beginObject, endObject, beginArray, endArray
    case string(String)
    /// A number as written, and whether it is written as an integer (no fraction, no exponent).
    case number(String, integer: Bool)
    case bool(Bool)
    case null
    case end
    /// Not valid JSON at ``JSONScanner/offset``.
    case invalid
  }

  private let bytes: [UInt8]
  /// The offset of the next byte to read.
  public private(set) var offset = 0

  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { offset = 3 }
  }

  /// The next token.
  public mutating func next() -> Token {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x09, 0x0A, 0x0D, 0x3A, 0x2C: offset += 1
      case 0x7B:
        offset += 1
        return .beginObject
      case 0x7D:
        offset += 1
        return .endObject
      case 0x5B:
        offset += 1
        return .beginArray
      case 0x5D:
        offset += 1
        return .endArray
      case 0x22: return string()
      case 0x74: return literal("true", .bool(true))
      case 0x66: return literal("false", .bool(false))
      case 0x6E: return literal("null", .null)
      case 0x2D, 0x30...0x39: return number()
      default: return .invalid
      }
    }
    return .end
  }

  /// Skips the value that `first` (just read) begins: nothing for a scalar, the whole container for `{` or `[`.
  /// - Returns: `false` when the text ends or is invalid inside it.
  public mutating func skipValue(startingWith first: Token) -> Bool {
    var depth: Int
    switch first {
    case .beginObject, .beginArray: depth = 1
    case .end, .invalid, .endObject, .endArray: return false
    default: return true
    }
    while depth > 0 {
      switch next() {
      case .beginObject, .beginArray: depth += 1
      case .endObject, .endArray: depth -= 1
      case .end, .invalid: return false
      default: break
      }
    }
    return true
  }

  private mutating func literal(_ word: StaticString, _ token: Token) -> Token {
    let n = word.utf8CodeUnitCount
    guard offset + n <= bytes.count else { return .invalid }
    let matches = word.withUTF8Buffer { w in (0..<n).allSatisfy { bytes[offset + $0] == w[$0] } }
    guard matches else { return .invalid }
    offset += n
    return token
  }

  private mutating func number() -> Token {
    let start = offset
    var integer = true
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x30...0x39, 0x2D, 0x2B: offset += 1
      case 0x2E, 0x65, 0x45:
        integer = false
        offset += 1
      default:
        return .number(String(decoding: bytes[start..<offset], as: UTF8.self), integer: integer)
      }
    }
    return .number(String(decoding: bytes[start..<offset], as: UTF8.self), integer: integer)
  }

  private mutating func string() -> Token {
    offset += 1
    let start = offset
    // The common case: no escapes, so the bytes between the quotes are the text.
    while offset < bytes.count, bytes[offset] != 0x22, bytes[offset] != 0x5C { offset += 1 }
    guard offset < bytes.count else { return .invalid }
    if bytes[offset] == 0x22 {
      defer { offset += 1 }
      return .string(String(decoding: bytes[start..<offset], as: UTF8.self))
    }
    var out = Array(bytes[start..<offset])
    while offset < bytes.count {
      let b = bytes[offset]
      if b == 0x22 {
        offset += 1
        return .string(String(decoding: out, as: UTF8.self))
      }
      guard b == 0x5C else {
        out.append(b)
        offset += 1
        continue
      }
      guard offset + 1 < bytes.count else { return .invalid }
      let e = bytes[offset + 1]
      offset += 2
      switch e {
      case 0x22, 0x5C, 0x2F: out.append(e)
      case 0x62: out.append(0x08)
      case 0x66: out.append(0x0C)
      case 0x6E: out.append(0x0A)
      case 0x72: out.append(0x0D)
      case 0x74: out.append(0x09)
      case 0x75:
        guard var scalar = hex4() else { return .invalid }
        if (0xD800...0xDBFF).contains(scalar) {
          // A high surrogate: the low one follows as another escape.
          guard offset + 1 < bytes.count, bytes[offset] == 0x5C, bytes[offset + 1] == 0x75 else {
            return .invalid
          }
          offset += 2
          guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return .invalid }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let u = Unicode.Scalar(scalar) else { return .invalid }
        out.append(contentsOf: Array(String(Character(u)).utf8))
      default: return .invalid
      }
    }
    return .invalid
  }

  private mutating func hex4() -> UInt32? {
    guard offset + 4 <= bytes.count else { return nil }
    var v: UInt32 = 0
    for k in 0..<4 {
      let b = bytes[offset + k]
      let d: UInt32
      switch b {
      case 0x30...0x39: d = UInt32(b - 0x30)
      case 0x61...0x66: d = UInt32(b - 0x61 + 10)
      case 0x41...0x46: d = UInt32(b - 0x41 + 10)
      default: return nil
      }
      v = v << 4 | d
    }
    offset += 4
    return v
  }
}
