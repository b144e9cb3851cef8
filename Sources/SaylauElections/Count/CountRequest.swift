import SaylauCore

/// A count asked for in one JSON document: the election's definition, its protocols (round 1, round 2, the
/// repeat votings) in the JSON protocol form, the what-if options and the day of the chamber. The command
/// line (`saylau election count --request FILE`) and the HTTP API (`POST /api/v1/count`) read the same
/// document with this one parser, so they count the same thing (see <doc:CountingFromADefinition>).
///
/// ```json
/// {"definition": {…}, "protocols": [ … ], "round2Protocols": [ … ],
///  "repeatVoting": [{"territory": "Commission 3", "protocols": [ … ]}],
///  "whatIf": {"method": "hare", "threshold": "5"}, "on": "2027-01-01", "acceptValid": false}
/// ```
public struct CountRequest: Sendable {
  public var definition: LoadedDefinition
  public var protocols: [ProtocolSource]
  public var round2: [ProtocolSource]
  public var repeatVoting: [RepeatVoting]
  public var whatIf: WhatIf
  public var chamberDate: CalendarDate?
  public var acceptValid: Bool

  public init(
    definition: LoadedDefinition, protocols: [ProtocolSource] = [], round2: [ProtocolSource] = [],
    repeatVoting: [RepeatVoting] = [], whatIf: WhatIf = .law, chamberDate: CalendarDate? = nil,
    acceptValid: Bool = false
  ) {
    self.definition = definition
    self.protocols = protocols
    self.round2 = round2
    self.repeatVoting = repeatVoting
    self.whatIf = whatIf
    self.chamberDate = chamberDate
    self.acceptValid = acceptValid
  }

  static let keys = [
    "definition", "protocols", "round2Protocols", "repeatVoting", "whatIf", "on", "acceptValid",
  ]
  static let whatIfKeys = [
    "method", "threshold", "seats", "thresholdBase", "runnerUp", "remainderTie", "againstAll",
    "majorityBase", "quotaRounding",
  ]

  /// Reads a count request.
  /// - Parameters:
  ///   - bytes: the JSON document.
  ///   - name: its name in issues (`request`, a file's path).
  ///   - directory: where the definition's CSV files are, or `nil` when files may not be read (the server).
  /// - Throws: ``DefinitionErrors`` naming line, column and field.
  public static func parse(_ bytes: [UInt8], name: String, directory: String?)
    throws(DefinitionErrors) -> CountRequest
  {
    let tree: JSONTree
    do {
      tree = try JSONTree.parse(bytes, name: name)
    } catch let e as JSONTokenizer.SyntaxError {
      throw DefinitionErrors([
        DefinitionError(
          location: SourceLocation(file: name, line: e.line, column: e.column), field: nil,
          message: "not valid JSON: \(e.message)")
      ])
    } catch {
      throw DefinitionErrors([DefinitionError(field: nil, message: "\(name): \(error)")])
    }
    func fail(_ node: JSONTree, _ field: String?, _ message: String) -> DefinitionErrors {
      DefinitionErrors([
        DefinitionError(
          location: SourceLocation(file: name, line: node.line, column: node.column), field: field,
          message: message)
      ])
    }
    guard case .object(let members) = tree.value else {
      throw fail(tree, nil, "a count request is a JSON object with a 'definition'")
    }
    for m in members where !keys.contains(m.key) {
      throw fail(m.value, m.key, "unknown key (keys: \(keys.joined(separator: ", ")))")
    }
    guard tree.node(at: [.key("definition")]) != nil else {
      throw fail(tree, "definition", "the required key 'definition' is missing")
    }
    let loaded = try ElectionDefinition.read(
      tree: tree, bytes: bytes, file: name, directory: directory, prefix: [.key("definition")])
    func embedded(_ path: [JSONTree.PathStep], label: String) throws(DefinitionErrors)
      -> ProtocolSource?
    {
      guard let node = tree.node(at: path), !node.isNull else { return nil }
      guard case .array = node.value else {
        throw fail(node, JSONTree.describe(path), "expected an array of protocols")
      }
      return ProtocolSource.bytes(
        Self.protocolDocument(bytes, array: node), name: label, format: .json)
    }
    var request = CountRequest(definition: loaded)
    if let s = try embedded([.key("protocols")], label: name) { request.protocols = [s] }
    if let s = try embedded([.key("round2Protocols")], label: "\(name) (round 2)") {
      request.round2 = [s]
    }
    if let node = tree.node(at: [.key("repeatVoting")]), !node.isNull {
      guard case .array(let items) = node.value else {
        throw fail(node, "repeatVoting", "expected an array of repeat votings")
      }
      for (i, item) in items.enumerated() {
        guard case .object(let ms) = item.value,
          case .string(let territory)? = ms.last(where: { $0.key == "territory" })?.value.value
        else {
          throw fail(
            item, "repeatVoting[\(i)]",
            "a repeat voting names its 'territory' and gives its 'protocols'")
        }
        var precincts: Set<String>?
        if let p = ms.last(where: { $0.key == "precincts" })?.value, case .array(let ids) = p.value
        {
          precincts = Set(ids.compactMap { if case .string(let s) = $0.value { s } else { nil } })
        }
        let label = "\(name) (repeat voting in \(territory))"
        guard
          let s = try embedded([.key("repeatVoting"), .index(i), .key("protocols")], label: label)
        else {
          throw fail(
            item, "repeatVoting[\(i)].protocols", "the repeat voting's protocols are missing")
        }
        request.repeatVoting.append(
          RepeatVoting(territory: territory, precincts: precincts, sources: [s]))
      }
    }
    if let node = tree.node(at: [.key("whatIf")]), !node.isNull {
      guard case .object(let ms) = node.value else {
        throw fail(node, "whatIf", "expected an object of what-if options")
      }
      var text: [String: String] = [:]
      var seats: Int?
      for m in ms {
        guard whatIfKeys.contains(m.key) else {
          throw fail(
            m.value, "whatIf.\(m.key)",
            "unknown option (options: \(whatIfKeys.joined(separator: ", ")))")
        }
        switch m.value.value {
        case .string(let s): text[m.key] = s
        case .number(let n) where m.key == "seats": seats = Int(n)
        case .number(let n): text[m.key] = n
        case .null: break
        default: throw fail(m.value, "whatIf.\(m.key)", "expected a string")
        }
      }
      do {
        request.whatIf = try WhatIf(
          method: text["method"], threshold: text["threshold"], listSeats: seats,
          thresholdBase: text["thresholdBase"], runnerUp: text["runnerUp"],
          remainderTie: text["remainderTie"], againstAll: text["againstAll"],
          majorityBase: text["majorityBase"], quotaRounding: text["quotaRounding"])
      } catch {
        throw fail(node, "whatIf.\(error.option.rawValue)", error.description)
      }
    }
    if let node = tree.node(at: [.key("on")]), !node.isNull {
      guard case .string(let s) = node.value, let day = CalendarDate(iso: s) else {
        throw fail(node, "on", "expected a day YYYY-MM-DD")
      }
      request.chamberDate = day
    }
    if let node = tree.node(at: [.key("acceptValid")]) {
      switch node.value {
      case .bool(let b): request.acceptValid = b
      case .null: break
      default: throw fail(node, "acceptValid", "expected true or false")
      }
    }
    return request
  }

  /// The bytes of a protocol document `{"protocols": [...]}` holding the array at `array` of `bytes`, every
  /// other byte of the request blanked (line feeds kept), so the protocol reader's lines and columns are
  /// those of the request.
  static func protocolDocument(_ bytes: [UInt8], array: JSONTree) -> [UInt8] {
    var out = bytes.map { $0 == 0x0A ? UInt8(0x0A) : UInt8(0x20) }
    out[0] = 0x7B  // "{": the request's own opening brace
    if let k = array.keyStart {
      // The member's key becomes "protocols" (the rest of the original key, blanked, is whitespace).
      var end = k + 1
      while end < bytes.count && bytes[end] != 0x22 {
        end += bytes[end] == 0x5C ? 2 : 1
      }
      let key = Array("\"protocols\"".utf8)
      if end - k + 1 >= key.count {
        for (i, b) in key.enumerated() { out[k + i] = b }
        var colon = end + 1
        while colon < array.start && bytes[colon] != 0x3A { colon += 1 }
        if colon < array.start { out[colon] = 0x3A }
      }
    }
    for i in array.start..<array.end { out[i] = bytes[i] }
    var close = array.end
    while close < out.count && out[close] == 0x0A { close += 1 }
    if close < out.count { out[close] = 0x7D } else { out.append(0x7D) }
    return out
  }

  /// Counts the request.
  /// - Parameters:
  ///   - regimes: the regimes table (bundled on the command line, stored on the server).
  ///   - parties: the party directory.
  /// - Throws: ``DefinitionCountError``.
  public func count(regimes: RegimeTable, parties: PartyDirectory?) throws(DefinitionCountError)
    -> DefinitionCount.Result
  {
    let count = DefinitionCount(
      definition: definition.definition, regimes: regimes, whatIf: whatIf, parties: parties,
      protocols: protocols, round2: round2, repeatVoting: repeatVoting, acceptValid: acceptValid,
      chamberDate: chamberDate)
    do {
      return try count.run()
    } catch {
      if case .definition(let issues) = error { throw .definition(definition.located(issues)) }
      throw error
    }
  }
}
