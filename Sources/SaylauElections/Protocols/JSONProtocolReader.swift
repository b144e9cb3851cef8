import SaylauCore

/// Reads protocols from the JSON form of the protocol format, directly and as a stream:
///
/// ```json
/// {"synthetic": false, "protocols": [{"precinct": "101", "constituency": 1, "ballot": "list", …,
///   "votes": {"amanat": 400, "auyl": 170}}]}
/// ```
///
/// Keys are the camel-case forms of the CSV columns; a missing key or `null` is blank. A count may be a JSON
/// integer or a string of digits (`"12"`); anything else is "not a whole number". Each element of `protocols`
/// is one record, named `protocols[i]` in issues; a syntax error is reported with its line and column, and
/// the rest of the file from the record it is in cannot be read. Syntax only: ``ProtocolCheck`` applies the
/// rules.
public struct JSONProtocolReader {
  public let schema: ProtocolSchema
  public let file: String
  var tokens: JSONTokenizer
  private var state = State.start
  /// Problems outside the records (the root object), errors and warnings.
  private(set) var rootIssues: [ProtocolIssue] = []
  /// The root's `synthetic` mark (known only once the root is read to its end).
  private(set) var synthetic = false
  /// The offset where the next record (or the rest of the file, after a syntax error) starts.
  private var resumeOffset = 0
  private var sawProtocols = false
  /// Scratch space for the votes of a record, reused.
  private var votes: [(choice: Choice?, key: String, value: VoteValue)] = []
  /// The largest record accepted (its bytes; the rest is skipped).
  var maximumRecordBytes = 1 << 20

  enum State {
    case start
    case inRoot
    case inProtocols(next: Int)
    case done
  }

  enum VoteValue {
    case count(ParsedCount)
    case notACount
  }

  init(reader: SourceReader, schema: ProtocolSchema) {
    self.schema = schema
    self.file = reader.source.name
    self.tokens = JSONTokenizer(reader: reader, startingAt: reader.startIndex)
  }

  /// A reader positioned at the start of the record `protocols[index]` (to read one record again).
  init(reader: SourceReader, schema: ProtocolSchema, recordAt index: Int) {
    self.init(reader: reader, schema: schema)
    state = .inProtocols(next: index)
  }

  /// Reads the next record into `record`; returns `false` at the end of the file.
  mutating func next(into record: inout ReadRecord) throws(ProtocolSourceError) -> Bool {
    do {
      return try advance(into: &record)
    } catch let e as ProtocolSourceError {
      throw e
    } catch let e as JSONTokenizer.SyntaxError {
      // Nothing after a syntax error can be trusted: the rest of the file is one rejected record.
      record.reset()
      record.status = .malformed
      record.line = e.line
      record.start = resumeOffset
      record.end = Int.max
      record.issues.append(
        ProtocolIssue(
          location: SourceLocation(file: file, line: e.line, column: e.column),
          field: nil, message: e.structural ? e.message : "not valid JSON: \(e.message)"))
      record.hasErrors = true
      state = .done
      return true
    } catch {
      throw ProtocolSourceError(file: file, message: "\(error)")
    }
  }

  private mutating func advance(into record: inout ReadRecord) throws -> Bool {
    while true {
      switch state {
      case .done:
        return false
      case .start:
        let t = try tokens.next()
        guard t.kind == .beginObject else {
          resumeOffset = 0
          var e = tokens.syntax(
            t.kind == .end
              ? "empty file: expected an object with a 'protocols' array"
              : "expected an object with a 'protocols' array", at: t)
          e.structural = true
          throw e
        }
        state = .inRoot
        if try tokens.peek().kind == .endObject {
          _ = try tokens.next()
          try finishRoot()
          return false
        }
      case .inRoot:
        let key = try tokens.next()
        guard key.kind == .string else {
          throw tokens.syntax("expected a key (a string), found \(key.shown)", at: key)
        }
        try expect(.colon, "':' after the key")
        let name = key.text
        let value = try tokens.next()
        switch name {
        case "protocols":
          sawProtocols = true
          guard value.kind == .beginArray else {
            rootError(value, "'protocols' must be an array of protocol objects")
            try tokens.skipValue(after: value)
            try endOfRootMember()
            continue
          }
          resumeOffset = tokens.offset
          if try tokens.peek().kind == .endArray {
            _ = try tokens.next()
            try endOfRootMember()
            continue
          }
          state = .inProtocols(next: 0)
        case "synthetic":
          switch value.kind {
          case .literalTrue: synthetic = true
          case .literalFalse, .literalNull: break
          case .string where value.text == "yes": synthetic = true
          case .string where value.text == "no": break
          default:
            rootError(value, "'synthetic' must be true, false, 'yes' or 'no'", field: "synthetic")
            try tokens.skipValue(after: value)
          }
          try endOfRootMember()
        case "source":
          // A free-text label of where the protocols come from; the faces record it with the import.
          try tokens.skipValue(after: value)
          try endOfRootMember()
        default:
          rootIssues.append(
            ProtocolIssue(
              location: SourceLocation(file: file, line: key.line, column: key.column),
              field: ParsedCount.shown(name, limit: 64), message: "unknown key, ignored",
              severity: .warning))
          try tokens.skipValue(after: value)
          try endOfRootMember()
        }
      case .inProtocols(let i):
        let first = try tokens.next()
        resumeOffset = first.offset
        try readRecord(first, index: i, into: &record)
        let after = try tokens.next()
        switch after.kind {
        case .comma:
          state = .inProtocols(next: i + 1)
          resumeOffset = tokens.offset
        case .endArray:
          state = .inRoot
          resumeOffset = tokens.offset
          try endOfRootMember()
        default:
          throw tokens.syntax(
            "expected ',' or ']' after a protocol, found \(after.shown)", at: after)
        }
        return true
      }
    }
  }

  /// After a member of the root: a comma and another key, or the end of the root and of the file.
  private mutating func endOfRootMember() throws {
    let t = try tokens.next()
    switch t.kind {
    case .comma: return
    case .endObject: try finishRoot()
    default: throw tokens.syntax("expected ',' or '}' in the root object, found \(t.shown)", at: t)
    }
  }

  private mutating func finishRoot() throws {
    let t = try tokens.next()
    guard t.kind == .end else {
      throw tokens.syntax("text after the end of the root object", at: t)
    }
    if !sawProtocols {
      rootIssues.append(
        ProtocolIssue(
          file: file, line: 1, field: nil, message: "expected an object with a 'protocols' array"))
    }
    state = .done
  }

  private mutating func rootError(_ t: JSONTokenizer.Token, _ message: String, field: String? = nil)
  {
    rootIssues.append(
      ProtocolIssue(
        location: SourceLocation(file: file, line: t.line, column: t.column), field: field,
        message: message))
  }

  private mutating func expect(_ kind: JSONTokenizer.Kind, _ what: String) throws {
    let t = try tokens.next()
    guard t.kind == kind else { throw tokens.syntax("expected \(what), found \(t.shown)", at: t) }
  }

  /// The root was read to its end without a problem that refuses the file.
  var rootIsUsable: Bool { !rootIssues.contains { $0.isError } }

  // MARK: - One protocol

  private mutating func readRecord(
    _ first: JSONTokenizer.Token, index: Int, into record: inout ReadRecord
  ) throws {
    record.reset()
    record.line = first.line
    record.index = index
    record.start = first.offset
    var pending: [(String?, String)] = []
    guard first.kind == .beginObject else {
      try tokens.skipValue(after: first)
      record.end = tokens.offset
      record.readIssue(nil, "not an object", file: file)
      return
    }
    record.status = .protocolRead
    votes.removeAll(keepingCapacity: true)
    var seen: Set<String> = []
    var ballotText: String? = nil
    var tooLong = false
    if try tokens.peek().kind == .endObject {
      _ = try tokens.next()
    } else {
      memberLoop: while true {
        let key = try tokens.next()
        guard key.kind == .string else {
          throw tokens.syntax("expected a key (a string), found \(key.shown)", at: key)
        }
        try expect(.colon, "':' after the key")
        let value = try tokens.next()
        let name = key.text
        if !seen.insert(name).inserted {
          pending.append((ParsedCount.shown(name, limit: 64), "key appears twice in this protocol"))
        }
        if let field = ProtocolField(jsonName: name) {
          switch field {
          case .precinct:
            switch value.kind {
            case .string: record.p.precinct = value.text
            case .number where !value.bytes.contains(where: { $0 < 0x30 || $0 > 0x39 }):
              record.p.precinct = value.text
            case .literalNull: record.p.precinct = ""
            default:
              record.unreadable.insert(.precinct)
              pending.append(("precinct", "expected a string"))
              try tokens.skipValue(after: value)
            }
          case .ballot:
            switch value.kind {
            case .string: ballotText = value.text
            case .literalNull: ballotText = ""
            case .number, .literalTrue, .literalFalse:
              ballotText = value.text.isEmpty ? value.shown : value.text
            default:
              ballotText = "…"
              try tokens.skipValue(after: value)
            }
          case .synthetic:
            switch value.kind {
            case .literalTrue: record.p.synthetic = true
            case .string where value.text == "yes": record.p.synthetic = true
            case .literalFalse, .literalNull: break
            case .string where value.text == "no": break
            default:
              record.unreadable.insert(.synthetic)
              pending.append(("synthetic", "must be 'yes', 'no' or blank"))
              try tokens.skipValue(after: value)
            }
          default:
            switch try count(value) {
            case .count(.blank): break
            case .count(.value(let v)): record.p[field] = v
            case .count(.invalid(let problem)):
              record.unreadable.insert(field)
              pending.append((field.csvName, problem.description))
            case .notACount:
              record.unreadable.insert(field)
              pending.append((field.csvName, "expected a number or string"))
            }
          }
        } else if name == "votes" {
          switch value.kind {
          case .literalNull: break
          case .beginObject:
            if try readVotes(&pending, recordStart: record.start) { tooLong = true }
          default:
            pending.append(("votes", "expected an object of counts by party code or c<N>"))
            try tokens.skipValue(after: value)
          }
        } else {
          pending.append(
            (
              ParsedCount.shown(name, limit: 64),
              "unknown key (keys: precinct, constituency, ballot, votersOnList, ballotsReceived, ballotsIssued, ballotsInBox, invalid, unused, againstAll, votes, synthetic; optional lines: absenteeVoters, ballotsIssuedAtHome, ballotsInPortableBoxes, unofficialForm, spoiled, lost, round)"
            ))
          try tokens.skipValue(after: value)
        }
        if tokens.offset - record.start > maximumRecordBytes {
          tooLong = true
        }
        let t = try tokens.next()
        switch t.kind {
        case .comma:
          if tooLong {
            // Skip the rest of the object without keeping anything of it.
            var depth = 1
            while depth > 0 {
              let s = try tokens.next()
              switch s.kind {
              case .beginObject, .beginArray: depth += 1
              case .endObject, .endArray: depth -= 1
              case .end: throw tokens.syntax("the input ends inside a protocol", at: s)
              default: break
              }
            }
            break memberLoop
          }
          continue
        case .endObject: break memberLoop
        default: throw tokens.syntax("expected ',' or '}' in a protocol, found \(t.shown)", at: t)
        }
      }
    }
    record.end = tokens.offset
    if tooLong {
      record.status = .malformed
      record.issues.removeAll()
      record.readIssue(
        nil,
        "the record is longer than \(maximumRecordBytes) bytes (the largest accepted); it was skipped",
        file: file)
      return
    }
    // The ballot, then the votes: which keys are this record's choices depends on it.
    switch ballotText {
    case "list": record.p.ballot = .list
    case "constituency": record.p.ballot = .constituency
    default:
      record.unreadable.insert(.ballot)
      pending.append(
        (
          "ballot",
          "ballot type must be 'list' or 'constituency', found '\(ParsedCount.shown(ballotText ?? ""))'"
        ))
    }
    if !record.unreadable.contains(.ballot) {
      let list = record.p.ballot == .list
      var maximumPosition = 0
      if !list {
        for v in votes {
          if case .candidate(let n)? = v.choice, case .count(.value) = v.value {
            maximumPosition = max(maximumPosition, n)
          }
        }
      }
      record.p.votes = [Int?](repeating: nil, count: list ? schema.parties.count : maximumPosition)
      for v in votes {
        guard let choice = v.choice else { continue }
        let field = ProtocolField.votes(choice)
        switch v.value {
        case .count(.blank): break
        case .count(.value(let n)):
          switch (list, choice) {
          case (true, .party(let code)): record.p.votes[schema.partyIndex(code)!] = n
          case (false, .candidate(let k)): record.p.votes[k - 1] = n
          default: record.misplaced.append(field)
          }
        case .count(.invalid(let problem)):
          record.unreadable.insert(field)
          pending.append((field.csvName, problem.description))
        case .notACount:
          record.unreadable.insert(field)
          pending.append((field.csvName, "expected a number or string"))
        }
      }
    }
    for (field, message) in pending { record.readIssue(field, message, file: file) }
  }

  /// The `votes` object: counts by party code or `c<N>`. Returns `true` when the record grew too long (the
  /// rest of the object was skipped).
  private mutating func readVotes(_ pending: inout [(String?, String)], recordStart: Int) throws
    -> Bool
  {
    if try tokens.peek().kind == .endObject {
      _ = try tokens.next()
      return false
    }
    var seen: Set<String> = []
    while true {
      let key = try tokens.next()
      guard key.kind == .string else {
        throw tokens.syntax("expected a key (a string), found \(key.shown)", at: key)
      }
      try expect(.colon, "':' after the key")
      let value = try tokens.next()
      let name = key.text
      var choice: Choice? = nil
      if schema.partyIndex(name) != nil {
        choice = .party(name)
      } else if case .candidate(let n) = Choice(code: name), n <= ProtocolSchema.maximumCandidates {
        choice = .candidate(n)
      } else {
        pending.append(
          (
            "votes.\(ParsedCount.shown(name, limit: 64))",
            "unknown party or candidate '\(ParsedCount.shown(name, limit: 64))'"
          ))
      }
      if !seen.insert(name).inserted {
        pending.append(
          ("votes.\(ParsedCount.shown(name, limit: 64))", "key appears twice in 'votes'"))
        choice = nil
      }
      let v = try count(value)
      votes.append((choice, name, v))
      let t = try tokens.next()
      switch t.kind {
      case .comma:
        if tokens.offset - recordStart > maximumRecordBytes {
          try tokens.skipValue(
            after: JSONTokenizer.Token(
              kind: .beginObject, bytes: [], truncated: false, line: t.line, column: t.column,
              offset: t.offset))
          return true
        }
        continue
      case .endObject: return false
      default: throw tokens.syntax("expected ',' or '}' in 'votes', found \(t.shown)", at: t)
      }
    }
  }

  /// A count from a JSON value: an integer, or a string of digits; anything else is not a count.
  private mutating func count(_ t: JSONTokenizer.Token) throws -> VoteValue {
    switch t.kind {
    case .literalNull: return .count(.blank)
    case .number, .string:
      if t.truncated { return .count(.invalid(.notANumber(ParsedCount.shown(t.text)))) }
      // An empty string is blank, as an empty CSV field is.
      return .count(t.bytes.withUnsafeBufferPointer { ParsedCount.parse($0) })
    case .literalTrue: return .count(.invalid(.notANumber("true")))
    case .literalFalse: return .count(.invalid(.notANumber("false")))
    case .beginObject, .beginArray:
      try tokens.skipValue(after: t)
      return .notACount
    default:
      throw tokens.syntax("expected a value, found \(t.shown)", at: t)
    }
  }

  /// Reads every protocol of a whole JSON buffer (tests, small uploads): the root's issues and the records.
  public static func records(in bytes: [UInt8], file: String, schema: ProtocolSchema) -> (
    rootIssues: [ProtocolIssue], records: [ReadProtocol]
  ) {
    guard
      let reader = try? SourceReader(
        .bytes(bytes, name: file, format: .json), capacity: bytes.count)
    else { return ([], []) }
    var json = JSONProtocolReader(reader: reader, schema: schema)
    var out: [ReadProtocol] = []
    var record = ReadRecord()
    while (try? json.next(into: &record)) == true {
      record.readIssueCount = record.issues.count
      out.append(record.readProtocol(file: file))
    }
    return (json.rootIssues, out)
  }
}
