import SaylauCore

/// A parsed JSON document that remembers where every value is (line, column, byte range), so that a
/// problem found after decoding (a wrong type, an unknown key, a rule the check applies) names its line.
struct JSONTree: Sendable {
  indirect enum Value: Sendable {
    case object([(key: String, value: JSONTree)])
    case array([JSONTree])
    case string(String)
    case number(String)
    case bool(Bool)
    case null
  }

  var value: Value
  var line: Int
  var column: Int
  /// Byte offsets of the value in the document (`end` is past its last byte).
  var start: Int
  var end: Int
  /// For a member of an object: the offset of its key's opening quote.
  var keyStart: Int? = nil

  /// The value at `path` (object keys and array indexes), `nil` when there is none.
  func node(at path: [PathStep]) -> JSONTree? {
    var here = self
    for step in path {
      switch (step, here.value) {
      case (.key(let k), .object(let members)):
        guard let m = members.last(where: { $0.key == k }) else { return nil }
        here = m.value
      case (.index(let i), .array(let items)):
        guard i >= 0 && i < items.count else { return nil }
        here = items[i]
      default: return nil
      }
    }
    return here
  }

  /// The deepest value along `path` that exists: where a problem at `path` is reported.
  func nearest(_ path: [PathStep]) -> JSONTree {
    var p = path
    while !p.isEmpty {
      if let n = node(at: p) { return n }
      p.removeLast()
    }
    return self
  }

  var isNull: Bool {
    if case .null = value { return true }
    return false
  }

  /// One step of a path into a document.
  enum PathStep: Hashable, Sendable, CustomStringConvertible {
    case key(String)
    case index(Int)
    var description: String {
      switch self {
      case .key(let k): return k
      case .index(let i): return "[\(i)]"
      }
    }
  }

  /// `parties[2].registrationOrder`.
  static func describe(_ path: [PathStep]) -> String {
    var s = ""
    for step in path {
      switch step {
      case .key(let k): s += s.isEmpty ? k : ".\(k)"
      case .index(let i): s += "[\(i)]"
      }
    }
    return s
  }

  /// Reads `path` text back (`parties[2].code` → steps).
  static func parse(path text: String) -> [PathStep] {
    var out: [PathStep] = []
    var current = ""
    var i = text.startIndex
    while i < text.endIndex {
      let ch = text[i]
      if ch == "." {
        if !current.isEmpty { out.append(.key(current)) }
        current = ""
      } else if ch == "[" {
        if !current.isEmpty { out.append(.key(current)) }
        current = ""
        let close = text[i...].firstIndex(of: "]") ?? text.endIndex
        if let n = Int(text[text.index(after: i)..<close]) { out.append(.index(n)) }
        i = close
      } else {
        current.append(ch)
      }
      if i < text.endIndex { i = text.index(after: i) }
    }
    if !current.isEmpty { out.append(.key(current)) }
    return out
  }

  /// Parses a whole document.
  /// - Throws: the syntax error, with its line and column.
  static func parse(_ bytes: [UInt8], name: String) throws -> JSONTree {
    let reader = try SourceReader(.bytes(bytes, name: name, format: .json), capacity: bytes.count)
    var tokens = JSONTokenizer(reader: reader)
    tokens.maximumTokenBytes = 1 << 20
    let tree = try value(&tokens, depth: 0)
    let trailing = try tokens.next()
    guard trailing.kind == .end else {
      throw tokens.syntax("expected the end of the document, found \(trailing.shown)", at: trailing)
    }
    return tree
  }

  private static func value(_ tokens: inout JSONTokenizer, depth: Int) throws -> JSONTree {
    let t = try tokens.next()
    guard depth < 64 else { throw tokens.syntax("nested more than 64 levels deep", at: t) }
    func leaf(_ v: Value) -> JSONTree {
      JSONTree(value: v, line: t.line, column: t.column, start: t.offset, end: tokens.offset)
    }
    switch t.kind {
    case .string: return leaf(.string(t.text))
    case .number: return leaf(.number(t.text))
    case .literalTrue: return leaf(.bool(true))
    case .literalFalse: return leaf(.bool(false))
    case .literalNull: return leaf(.null)
    case .beginArray:
      var items: [JSONTree] = []
      if try tokens.peek().kind == .endArray {
        _ = try tokens.next()
      } else {
        while true {
          items.append(try value(&tokens, depth: depth + 1))
          let sep = try tokens.next()
          if sep.kind == .endArray { break }
          guard sep.kind == .comma else {
            throw tokens.syntax("expected ',' or ']' in an array, found \(sep.shown)", at: sep)
          }
        }
      }
      return JSONTree(
        value: .array(items), line: t.line, column: t.column, start: t.offset, end: tokens.offset)
    case .beginObject:
      var members: [(String, JSONTree)] = []
      if try tokens.peek().kind == .endObject {
        _ = try tokens.next()
      } else {
        while true {
          let key = try tokens.next()
          guard key.kind == .string else {
            throw tokens.syntax("expected a key (a string), found \(key.shown)", at: key)
          }
          let colon = try tokens.next()
          guard colon.kind == .colon else {
            throw tokens.syntax("expected ':' after the key, found \(colon.shown)", at: colon)
          }
          var v = try value(&tokens, depth: depth + 1)
          v.keyStart = key.offset
          members.append((key.text, v))
          let sep = try tokens.next()
          if sep.kind == .endObject { break }
          guard sep.kind == .comma else {
            throw tokens.syntax("expected ',' or '}' in an object, found \(sep.shown)", at: sep)
          }
        }
      }
      return JSONTree(
        value: .object(members), line: t.line, column: t.column, start: t.offset,
        end: tokens.offset)
    default:
      throw tokens.syntax("expected a value, found \(t.shown)", at: t)
    }
  }

  /// Keys present (with a non-null value) in `self` but not in `other`, compared along the same paths:
  /// the keys of a document the decoded value does not know.
  func unknownKeys(comparedWith other: JSONTree, at path: [PathStep] = []) -> [[PathStep]] {
    switch (value, other.value) {
    case (.object(let mine), .object(let theirs)):
      var out: [[PathStep]] = []
      for (k, v) in mine {
        guard let t = theirs.last(where: { $0.key == k })?.value else {
          if !v.isNull { out.append(path + [.key(k)]) }
          continue
        }
        out += v.unknownKeys(comparedWith: t, at: path + [.key(k)])
      }
      return out
    case (.array(let mine), .array(let theirs)):
      var out: [[PathStep]] = []
      for (i, v) in mine.enumerated() where i < theirs.count {
        out += v.unknownKeys(comparedWith: theirs[i], at: path + [.index(i)])
      }
      return out
    default:
      return []
    }
  }
}
