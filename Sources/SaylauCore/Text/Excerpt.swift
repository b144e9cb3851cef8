/// How a message quotes what a user gave: a short excerpt, never the whole of a huge field, with every
/// character that could act on a terminal or hide itself written as an escape (`\u{1B}`), so a file cannot
/// clear a screen, retitle a window or make two different values read alike.
///
/// Every reader quotes input through ``excerpt(_:limit:)``; message descriptions pass through
/// ``escapingControls(_:)`` as a last line of defence.
public enum Excerpt {
  /// The most characters of one piece of input a message shows.
  public static let defaultLimit = 64

  /// `text` as a message may quote it: at most `limit` characters (then `…`), invisible and control
  /// characters escaped.
  public static func excerpt(_ text: String, limit: Int = defaultLimit) -> String {
    var out = ""
    var n = 0
    for scalar in text.unicodeScalars {
      if n >= limit {
        out += "…"
        return out
      }
      append(scalar, to: &out)
      n += 1
    }
    return out
  }

  /// Bytes that should be UTF-8, quoted: valid sequences as text, every other byte as `\xFF`, at most `limit`
  /// characters.
  public static func excerpt<Bytes: Collection>(bytes: Bytes, limit: Int = defaultLimit) -> String
  where Bytes.Element == UInt8 {
    let b = Array(bytes.prefix(limit * 4 + 4))
    var out = ""
    var n = 0
    var i = 0
    while i < b.count {
      if n >= limit {
        out += "…"
        return out
      }
      let length = validSequenceLength(b, at: i)
      if length > 0,
        let scalar = String(decoding: b[i..<(i + length)], as: UTF8.self).unicodeScalars.first
      {
        append(scalar, to: &out)
        i += length
      } else {
        out += "\\x" + String(b[i], radix: 16, uppercase: true)
        i += 1
      }
      n += 1
    }
    if bytes.count > b.count { out += "…" }
    return out
  }

  /// The length of the valid UTF-8 sequence starting at `i`, or 0 when none starts there.
  private static func validSequenceLength(_ b: [UInt8], at i: Int) -> Int {
    let lead = b[i]
    if lead < 0x80 { return 1 }
    let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    guard i + length <= b.count else { return 0 }
    let valid = b.withUnsafeBufferPointer {
      InvalidUTF8.find(in: UnsafeBufferPointer(rebasing: $0[i..<(i + length)])) == nil
    }
    return valid ? length : 0
  }

  /// `text` with its control characters escaped and nothing cut (for whole messages).
  public static func escapingControls(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var out = ""
    for scalar in text.unicodeScalars { append(scalar, to: &out) }
    return out
  }

  /// C0 and C1 controls, DEL, and the characters that reorder or hide text (bidirectional overrides and
  /// isolates, zero-width marks, the byte order mark).
  @inline(__always)
  public static func needsEscape(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x00...0x1F, 0x7F...0x9F: return true
    case 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
    default: return false
    }
  }

  private static func append(_ s: Unicode.Scalar, to out: inout String) {
    if needsEscape(s) {
      out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
    } else {
      out.unicodeScalars.append(s)
    }
  }
}

/// Why bytes are not UTF-8, and where: the 0-based offset of the first bad byte in the field.
public struct InvalidUTF8: Error, Sendable, Hashable, CustomStringConvertible {
  public var offset: Int
  public var byte: UInt8

  public var description: String {
    "not valid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true)) at byte \(offset + 1))"
  }

  /// Checks `bytes`; `nil` when they are valid UTF-8 (ASCII is checked at one comparison per byte).
  public static func find(in bytes: UnsafeBufferPointer<UInt8>) -> InvalidUTF8? {
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if b < 0x80 {
        i += 1
        continue
      }
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch b {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        high = 0x9F
      case 0xF0:
        length = 4
        low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        high = 0x8F
      default: return InvalidUTF8(offset: i, byte: b)
      }
      guard i + length <= n else { return InvalidUTF8(offset: i, byte: b) }
      let second = bytes[i + 1]
      guard second >= low && second <= high else { return InvalidUTF8(offset: i + 1, byte: second) }
      for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 {
        return InvalidUTF8(offset: i + k, byte: bytes[i + k])
      }
      i += length
    }
    return nil
  }

  /// Checks an array of bytes.
  public static func find(in bytes: [UInt8]) -> InvalidUTF8? {
    bytes.withUnsafeBufferPointer { find(in: $0) }
  }
}
