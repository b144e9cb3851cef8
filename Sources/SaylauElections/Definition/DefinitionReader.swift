import Foundation
import SaylauCore

/// Every problem that stopped a definition from being read (syntax, types, unknown keys, its CSV files).
public struct DefinitionErrors: Error, Sendable, CustomStringConvertible {
  public var issues: [DefinitionError]

  public init(_ issues: [DefinitionError]) { self.issues = issues }

  public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// A definition as read, with where each of its parts came from (a line of the JSON file, or of one of
/// its CSV files), so that every later problem names file, line and field.
public struct LoadedDefinition: Sendable {
  public var definition: ElectionDefinition
  /// The JSON file's name as issues give it.
  public var file: String
  let tree: JSONTree?
  /// Where the parts read from CSV files are: `lists[0].candidates[3]` → `lists.csv:5`.
  var origins: [String: SourceLocation]
  /// A prefix put before every field path ("definition." inside a count request).
  var pathPrefix: [JSONTree.PathStep] = []

  public init(definition: ElectionDefinition, file: String) {
    self.definition = definition
    self.file = file
    tree = nil
    origins = [:]
  }

  init(
    definition: ElectionDefinition, file: String, tree: JSONTree?,
    origins: [String: SourceLocation], pathPrefix: [JSONTree.PathStep] = []
  ) {
    self.definition = definition
    self.file = file
    self.tree = tree
    self.origins = origins
    self.pathPrefix = pathPrefix
  }

  /// Where the field at `path` (`parties[2].code`) is: its CSV line, or its line in the JSON file.
  public func location(of path: String) -> SourceLocation? {
    var steps = JSONTree.parse(path: path)
    while !steps.isEmpty {
      if let o = origins[JSONTree.describe(steps)] { return o }
      steps.removeLast()
    }
    guard let tree else { return nil }
    let n = tree.nearest(pathPrefix + JSONTree.parse(path: path))
    return SourceLocation(file: file, line: n.line, column: n.column)
  }

  /// Attaches locations to issues of ``ElectionDefinition/check(regimes:parties:)``.
  public func located(_ issues: [DefinitionError]) -> [DefinitionError] {
    issues.map { e in
      var e = e
      if e.location == nil, let f = e.field { e.location = location(of: f) }
      return e
    }
  }
}

extension ElectionDefinition {
  /// Reads a definition: the JSON of the definition format, and the CSV files its `files` names, from
  /// `directory` (relative paths). With `directory` `nil` (a definition sent to the server) the lists must
  /// be inline.
  ///
  /// - Parameters:
  ///   - bytes: the JSON.
  ///   - file: its name in issues.
  ///   - directory: the folder the CSV files are relative to, or `nil` when files may not be read.
  /// - Throws: ``DefinitionErrors`` with every problem found, each with file, line and field.
  public static func read(_ bytes: [UInt8], file: String, directory: String?)
    throws(DefinitionErrors) -> LoadedDefinition
  {
    let tree: JSONTree
    do {
      tree = try JSONTree.parse(bytes, name: file)
    } catch let e as JSONTokenizer.SyntaxError {
      throw DefinitionErrors([
        DefinitionError(
          location: SourceLocation(file: file, line: e.line, column: e.column), field: nil,
          message: "not valid JSON: \(e.message)")
      ])
    } catch {
      throw DefinitionErrors([DefinitionError(field: nil, message: "\(file): \(error)")])
    }
    return try read(tree: tree, bytes: bytes, file: file, directory: directory, prefix: [])
  }

  /// Reads the definition at `prefix` of an already parsed document (a count request's `definition`).
  static func read(
    tree root: JSONTree, bytes: [UInt8], file: String, directory: String?,
    prefix: [JSONTree.PathStep]
  ) throws(DefinitionErrors) -> LoadedDefinition {
    guard let tree = root.node(at: prefix), case .object = tree.value else {
      throw DefinitionErrors([
        DefinitionError(
          location: SourceLocation(file: file, line: root.line, column: root.column),
          field: prefix.isEmpty ? nil : JSONTree.describe(prefix),
          message: "a definition must be a JSON object")
      ])
    }
    func at(_ path: [JSONTree.PathStep], _ message: String) -> DefinitionError {
      let n = root.nearest(prefix + path)
      return DefinitionError(
        location: SourceLocation(file: file, line: n.line, column: n.column),
        field: JSONTree.describe(prefix + path).nilIfEmpty, message: message)
    }
    var definition: ElectionDefinition
    do {
      definition = try JSONDecoder().decode(
        ElectionDefinition.self, from: Data(bytes[tree.start..<tree.end]))
    } catch let e as DecodingError {
      let (path, message) = Self.explain(e, tree: tree)
      throw DefinitionErrors([at(path, message)])
    } catch {
      throw DefinitionErrors([at([], "\(error)")])
    }
    var issues: [DefinitionError] = []
    if definition.format != formatVersion {
      issues.append(
        at(
          [.key("format")],
          "'\(Excerpt.excerpt(definition.format))' is not a format this version reads (\(formatVersion))"
        ))
    }
    // Keys the format does not know: compare the document with the decoded value written back.
    if let again = try? JSONEncoder().encode(definition),
      let back = try? JSONTree.parse(Array(again), name: file)
    {
      for path in tree.unknownKeys(comparedWith: back) {
        issues.append(at(path, "unknown key (see the ElectionDefinitionFormat article)"))
      }
    }
    var origins: [String: SourceLocation] = [:]
    if let files = definition.files, !files.isEmpty {
      if let directory {
        Self.readFiles(
          files, into: &definition, directory: directory, origins: &origins, issues: &issues,
          at: { at([.key("files")] + $0, $1) })
      } else {
        issues.append(
          at(
            [.key("files")],
            "a definition sent to the server cannot name files: give its lists inline"))
      }
    }
    if !issues.isEmpty { throw DefinitionErrors(issues) }
    return LoadedDefinition(
      definition: definition, file: file, tree: root, origins: origins, pathPrefix: prefix)
  }

  /// A decoding error as a path and words.
  static func explain(_ e: DecodingError, tree: JSONTree) -> ([JSONTree.PathStep], String) {
    func steps(_ keys: [CodingKey]) -> [JSONTree.PathStep] {
      keys.map { k in k.intValue.map { .index($0) } ?? .key(k.stringValue) }
    }
    switch e {
    case .typeMismatch(let type, let ctx):
      return (steps(ctx.codingPath), "expected \(Self.typeName(type))")
    case .valueNotFound(let type, let ctx):
      return (steps(ctx.codingPath), "expected \(Self.typeName(type)), found null")
    case .keyNotFound(let key, let ctx):
      return (
        steps(ctx.codingPath), "the required key '\(Excerpt.excerpt(key.stringValue))' is missing"
      )
    case .dataCorrupted(let ctx):
      let path = steps(ctx.codingPath)
      if case .string(let text)? = tree.node(at: path)?.value,
        let allowed = Self.allowedValues(path)
      {
        return (path, "'\(Excerpt.excerpt(text))' is not one of \(allowed.joined(separator: ", "))")
      }
      return (path, ctx.debugDescription)
    @unknown default:
      return ([], "\(e)")
    }
  }

  static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type: return "a whole number"
    case is String.Type: return "a string"
    case is Bool.Type: return "true or false"
    case is [Any].Type: return "an array"
    case is [String: Any].Type: return "an object"
    default: return "a value of another type (\(type))"
    }
  }

  /// The values an enumerated field takes, by the field's name.
  static func allowedValues(_ path: [JSONTree.PathStep]) -> [String]? {
    guard case .key(let last)? = path.last else { return nil }
    let inEvents = path.first == .key("events")
    switch last {
    case "kind":
      return inEvents ? ["vacancy", "by-election"] : ElectionKind.allCases.map(\.rawValue)
    case "type": return BallotType.allCases.map(\.rawValue)
    case "status": return CandidateStatus.allCases.map(\.rawValue)
    case "nominationKind": return NominationKind.allCases.map(\.rawValue)
    case "sex": return Sex.allCases.map(\.rawValue)
    case "ageGroup": return AgeGroup.allCases.map(\.rawValue)
    case "date", "secondRound", "birthDate": return ["a date YYYY-MM-DD (YYYY or YYYY-MM for date)"]
    default: return nil
    }
  }

  /// Reads the CSV files of `files` into the definition.
  static func readFiles(
    _ files: DefinitionFiles, into d: inout ElectionDefinition, directory: String,
    origins: inout [String: SourceLocation], issues: inout [DefinitionError],
    at: ([JSONTree.PathStep], String) -> DefinitionError
  ) {
    func load(_ name: String, _ key: String) -> CSVTable? {
      let path = name.hasPrefix("/") ? name : directory + "/" + name
      guard let data = FileManager.default.contents(atPath: path) else {
        issues.append(at([.key(key)], "\(name) cannot be read"))
        return nil
      }
      do {
        return try CSVTable(bytes: Array(data), source: name)
      } catch let e as CSVError {
        issues.append(
          DefinitionError(
            location: SourceLocation(file: name, line: e.line ?? 0), field: e.field,
            message: e.message))
      } catch {
        issues.append(at([.key(key)], "\(name): \(error)"))
      }
      return nil
    }
    func problem(_ r: CSVTable.Record, _ field: String?, _ message: String) {
      issues.append(
        DefinitionError(
          location: SourceLocation(file: r.file, line: r.line), field: field, message: message))
    }
    func required(_ t: CSVTable, _ columns: [String]) -> Bool {
      var ok = true
      for c in columns where !t.header.contains(c) {
        issues.append(
          DefinitionError(
            location: SourceLocation(file: t.source, line: 1), field: c,
            message: "required column is missing from the header"))
        ok = false
      }
      return ok
    }
    func int(_ r: CSVTable.Record, _ field: String) -> Int? {
      do { return try r.optionalInt(field) } catch {
        problem(r, field, "'\(Excerpt.excerpt(r.optional(field) ?? ""))' is not a whole number")
        return nil
      }
    }
    func flag(_ r: CSVTable.Record, _ field: String) -> Bool? {
      switch r.optional(field)?.lowercased() {
      case nil: return nil
      case "yes", "true": return true
      case "no", "false": return false
      case let v?:
        problem(r, field, "'\(Excerpt.excerpt(v))' is not yes, no or blank")
        return nil
      }
    }
    func enumValue<E: RawRepresentable & CaseIterable>(
      _ r: CSVTable.Record, _ field: String, _: E.Type
    ) -> E? where E.RawValue == String {
      guard let text = r.optional(field) else { return nil }
      guard let v = E(rawValue: text) else {
        problem(
          r, field,
          "'\(Excerpt.excerpt(text))' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))"
        )
        return nil
      }
      return v
    }

    if let name = files.lists {
      if d.lists != nil {
        issues.append(at([.key("lists")], "lists are given both inline and in \(name)"))
      }
      if let t = load(name, "lists"), required(t, ["party", "position", "name"]) {
        var lists: [PartyList] = []
        for r in t.records {
          guard let party = r.optional("party") else {
            problem(r, "party", "blank party")
            continue
          }
          guard let position = int(r, "position"), position >= 1 else {
            problem(r, "position", "a list position is a whole number from 1")
            continue
          }
          let birth: CalendarDate? = {
            guard let text = r.optional("birth_date") else { return nil }
            guard let day = CalendarDate(iso: text) else {
              problem(r, "birth_date", "'\(Excerpt.excerpt(text))' is not a date YYYY-MM-DD")
              return nil
            }
            return day
          }()
          let c = ListCandidate(
            position: position, name: r.optional("name") ?? "", sex: enumValue(r, "sex", Sex.self),
            birthDate: birth, ageGroup: enumValue(r, "age_group", AgeGroup.self),
            disability: flag(r, "disability"),
            status: enumValue(r, "status", CandidateStatus.self) ?? .registered)
          if let i = lists.firstIndex(where: { $0.party == party }) {
            lists[i].candidates.append(c)
            origins["lists[\(i)].candidates[\(lists[i].candidates.count - 1)]"] = SourceLocation(
              file: r.file, line: r.line)
          } else {
            lists.append(PartyList(party: party, candidates: [c]))
            origins["lists[\(lists.count - 1)].candidates[0]"] = SourceLocation(
              file: r.file, line: r.line)
            origins["lists[\(lists.count - 1)]"] = SourceLocation(file: r.file, line: r.line)
          }
        }
        d.lists = lists
      }
    }
    if let name = files.constituencyCandidates {
      if d.constituencyCandidates != nil {
        issues.append(
          at([.key("constituencyCandidates")], "candidates are given both inline and in \(name)"))
      }
      let path = name.hasPrefix("/") ? name : directory + "/" + name
      if let data = FileManager.default.contents(atPath: path) {
        do {
          let parsed = try CandidateList.parse(Array(data), file: name)
          d.constituencyCandidates = parsed.candidates
          for (i, c) in parsed.candidates.enumerated() {
            if let line = parsed.lines[safe: i] {
              origins["constituencyCandidates[\(i)]"] = SourceLocation(file: name, line: line)
            }
            _ = c
          }
        } catch {
          for e in error.issues {
            issues.append(DefinitionError(location: e.location, field: e.field, message: e.message))
          }
        }
      } else {
        issues.append(at([.key("constituencyCandidates")], "\(name) cannot be read"))
      }
    }
    if let name = files.precincts {
      if d.precincts != nil {
        issues.append(at([.key("precincts")], "precincts are given both inline and in \(name)"))
      }
      if let t = load(name, "precincts"), required(t, ["precinct", "constituency"]) {
        var out: [Precinct] = []
        for r in t.records {
          guard let id = r.optional("precinct") else {
            problem(r, "precinct", "blank precinct id")
            continue
          }
          let electorate = int(r, "expected_electorate")
          if let e = electorate, e < 0 { problem(r, "expected_electorate", "cannot be negative") }
          origins["precincts[\(out.count)]"] = SourceLocation(file: r.file, line: r.line)
          out.append(
            Precinct(
              id: id, constituency: int(r, "constituency"),
              territorialCommission: r.optional("territorial_commission"),
              abroad: flag(r, "abroad") ?? false, expectedElectorate: electorate))
          if flag(r, "synthetic") == true { d.precinctsSynthetic = true }
        }
        d.precincts = out
      }
    }
    if let name = files.mandates {
      if d.mandates != nil {
        issues.append(at([.key("mandates")], "mandates are given both inline and in \(name)"))
      }
      if let t = load(name, "mandates"), required(t, ["party", "position"]) {
        var out: [MandateChoice] = []
        for r in t.records {
          guard let party = r.optional("party"), let position = int(r, "position") else {
            problem(r, nil, "a choice needs its party and a list position")
            continue
          }
          if let i = out.firstIndex(where: { $0.party == party }) {
            out[i].positions.append(position)
          } else {
            origins["mandates[\(out.count)]"] = SourceLocation(file: r.file, line: r.line)
            out.append(MandateChoice(party: party, positions: [position]))
          }
        }
        d.mandates = out
      }
    }
  }
}

extension Array {
  subscript(safe i: Int) -> Element? { i >= 0 && i < count ? self[i] : nil }
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}
