import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauReports

/// `saylau election init|check|show|count`: an election defined as data (the ElectionDefinitionFormat
/// article of SaylauElections).
struct ElectionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "election",
    abstract: "Define an election as data, check it, show it and count it.",
    discussion: """
      A definition is a JSON file (with CSV files for the long lists) that names the election, its regime \
      (or the day that chooses it), its ballots, its party lists with candidates, its constituency \
      candidates and its precinct register. The bundled elections are available in the same form: \
      'saylau election init --from 2023-majilis --out DIR' writes one. Where an argument names a definition, \
      it is a file path or the id of a bundled election.
      """,
    subcommands: [
      ElectionInitCommand.self, ElectionCheckCommand.self, ElectionShowCommand.self,
      ElectionCountCommand.self,
    ])
}

/// A definition named on the command line: a file (JSON, its CSV files next to it) or a bundled id.
enum DefinitionArgument {
  static func load(_ argument: String) throws -> LoadedDefinition {
    var isDirectory: ObjCBool = false
    var path = argument
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      path = (path as NSString).appendingPathComponent("election.json")
    }
    if FileManager.default.fileExists(atPath: path) {
      let bytes = try readFileBytes(path)
      do {
        return try ElectionDefinition.read(
          bytes, file: path,
          directory: (path as NSString).deletingLastPathComponent.nilIfEmpty ?? ".")
      } catch {
        for issue in error.issues { printErr(issue.description) }
        throw UserError(
          "\(error.issues.count) problem(s) in the definition \(path); nothing was read")
      }
    }
    do {
      return LoadedDefinition(
        definition: try BundledData.definition(argument), file: "bundled \(argument)")
    } catch let e as ElectionDataError {
      throw UserError("\(argument) is neither a definition file nor a bundled election: \(e)")
    } catch let e as DatasetError {
      throw UserError("the bundled dataset is invalid: \(e)")
    }
  }

  static func regimes() throws -> RegimeTable { try bundled { try BundledData.regimes() } }
  static func parties() throws -> PartyDirectory { try bundled { try BundledData.parties() } }
}

extension String {
  fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}

struct ElectionInitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Write a definition: a bundled election's (--from) or a new one to fill in.",
    discussion: """
      With --from the definition is exported from the bundled tables (lists, registration order and ballot \
      position where the sources give them, the published list vote). Otherwise --id, --chamber and --date \
      start a new one; its regime is the one in force on the date. --synthetic-precincts adds a made-up \
      precinct register, marked SYNTHETIC. --csv keeps the long lists in CSV files next to election.json.
      """)

  @Option(help: "A bundled election to export (2023-majilis, 2026-kurultai, …).")
  var from: String?

  @Option(help: "A new election's id.")
  var id: String?

  @Option(help: "A new election's chamber (majilis, kurultai).")
  var chamber: String?

  @Option(help: "A new election's day, YYYY-MM-DD.")
  var date: String?

  @Option(help: "A new election's title.")
  var title: String?

  @Option(help: "Add a SYNTHETIC precinct register with this many stations per constituency.")
  var syntheticPrecincts: Int?

  @Option(help: "Seed of the synthetic register.")
  var seed: UInt64 = 1

  @Flag(
    help:
      "Write the long lists as CSV files (lists.csv, candidates.csv, precincts.csv, mandates.csv).")
  var csv = false

  @Option(help: "The folder to write into (created if needed).")
  var out: String

  @Flag(help: "Replace files that are already there.")
  var force = false

  func run() throws {
    var d: ElectionDefinition
    if let from {
      d = try DefinitionArgument.load(from).definition
    } else {
      guard let id, let chamber, let date else {
        throw UserError("give --from ID, or --id, --chamber and --date for a new election")
      }
      guard let day = HistoricalDate(iso: date) else {
        throw UserError("'\(date)' is not a date of the form YYYY-MM-DD")
      }
      d = ElectionDefinition(id: id, chamber: chamber, title: title ?? id, date: day)
    }
    if let n = syntheticPrecincts {
      guard (1...10_000).contains(n) else {
        throw UserError("--synthetic-precincts must be 1 to 10,000")
      }
      let regime: Regime
      let regimes = try DefinitionArgument.regimes()
      do {
        regime = try d.resolveRegime(in: regimes)
      } catch {
        throw UserError(error.description)
      }
      d.precincts = d.syntheticPrecincts(regime: regime, perConstituency: n, seed: seed)
      d.precinctsSynthetic = true
    }
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    for (name, text) in d.files(csv: csv) {
      let path = (out as NSString).appendingPathComponent(name)
      if FileManager.default.fileExists(atPath: path) && !force {
        throw UserError("\(path) exists; give --force to replace it")
      }
      guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
        throw UserError("\(path): cannot be written")
      }
      print("wrote \(path)")
    }
    if d.precinctsSynthetic == true { print("SYNTHETIC: the precinct register is made up.") }
  }
}

struct ElectionCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check a definition against the law as data: errors refuse, warnings inform.",
    discussion: """
      Every problem is printed with its file, line and field. The exit status is 1 when there is an error \
      (a list that breaks the 30 % rule, a party list longer than the law allows, a regime without a known \
      formula and no what-if one, …).
      """)

  @Argument(help: "The definition: election.json, its folder, or a bundled election's id.")
  var definition: String

  @OptionGroup var output: OutputOptions

  struct JSONOutput: Encodable {
    var definition: String
    var regime: String?
    var valid: Bool
    var errors: [String]
    var warnings: [String]
  }

  func run() throws {
    let loaded = try DefinitionArgument.load(definition)
    let regimes = try DefinitionArgument.regimes()
    let issues = loaded.located(
      loaded.definition.check(regimes: regimes, parties: try DefinitionArgument.parties()))
    let errors = issues.filter(\.isError)
    let warnings = issues.filter { !$0.isError }
    let regime = try? loaded.definition.resolveRegime(in: regimes)
    if output.json {
      try printJSON(
        JSONOutput(
          definition: loaded.definition.id, regime: regime?.id, valid: errors.isEmpty,
          errors: errors.map(\.description), warnings: warnings.map(\.description)))
    } else {
      for i in issues { print(i.description) }
      print(
        "\(loaded.definition.id): regime \(regime?.id ?? "unknown"); \(errors.count) error(s), \(warnings.count) warning(s)"
      )
    }
    if !errors.isEmpty {
      throw UserError("the definition \(loaded.file) has \(errors.count) error(s)")
    }
  }
}

struct ElectionShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract:
      "Show a definition: regime, ballots, lists, candidates, register (JSON: the whole of it).")

  @Argument(help: "The definition: election.json, its folder, or a bundled election's id.")
  var definition: String

  @OptionGroup var output: OutputOptions

  func run() throws {
    let d = try DefinitionArgument.load(definition).definition
    if output.json { return try printJSON(d) }
    let regimes = try DefinitionArgument.regimes()
    var out: [String] = []
    if d.isSynthetic { out.append("SYNTHETIC DATA — made up, not a real election.") }
    out.append(
      "\(d.title) (\(d.id)), \(d.chamber), \(d.date.longDescription)\(d.kind.map { ", \($0.rawValue)" } ?? "")"
    )
    if let r = try? d.resolveRegime(in: regimes) {
      out.append(
        "Regime \(r.id)\(d.regime == nil ? " (in force on the day)" : ""): \(r.totalSeats) seats = \(r.listSeats) list + \(r.constituencySeats) constituency + \(r.appointedSeats) appointed"
      )
      out.append(
        "Ballots: "
          + d.ballots(under: r).map {
            "\($0.type.rawValue) (against all: \($0.againstAll.map { $0 ? "yes" : "no" } ?? "not known"))"
          }.joined(separator: ", "))
      if let q = d.candidateQuota(under: r) {
        out.append(
          "Candidate quota: \(q.percent) % \(q.groups.map(\.rawValue).joined(separator: ", ")) on the \([q.appliesToList ? "lists" : nil, q.appliesToMandates ? "mandates" : nil].compactMap { $0 }.joined(separator: " and "))"
        )
      }
      if let m = r.maximumListLength(seats: d.rules?.listSeats) {
        out.append("Longest list allowed: \(m) candidates")
      }
    }
    if let rules = d.rules {
      let w = (try? rules.whatIf()) ?? .law
      let changes = (try? d.resolveRegime(in: regimes)).map { w.changes(from: $0) } ?? []
      out.append(
        "WHAT-IF rules: \(changes.isEmpty ? "none" : changes.joined(separator: ", "))\(rules.reason.map { " — \($0)" } ?? "")"
      )
    }
    out.append("")
    let (order, known) = d.partiesInTieOrder
    var t = TextTable(
      ["party", "name", "registration", "ballot", "candidates", "standing"], numeric: [2, 3, 4, 5])
    for p in d.parties {
      let list = d.lists?.first { $0.party == p.code }
      t.add([
        p.code, p.name, p.registrationOrder.map(String.init) ?? "",
        p.ballotPosition.map(String.init) ?? "",
        list.map { String($0.candidates.count) } ?? "",
        list.map { String($0.standing.count) } ?? "",
      ])
    }
    out.append(t.render())
    out.append(
      known
        ? "Remainder ties: registration order (\(order.map(\.code).joined(separator: ", ")))."
        : "Registration order not given: remainder ties fall back to the order above.")
    if let c = d.constituencyCandidates {
      let by = Dictionary(grouping: c, by: \.constituency)
      let withdrawn = c.filter { !$0.status.isStanding }.count
      out.append(
        "Constituency candidates: \(c.count) in \(by.count) constituencies (\(withdrawn) withdrawn or struck off)"
      )
    }
    if let p = d.precincts {
      let abroad = p.filter(\.abroad).count
      let commissions = Set(p.compactMap(\.territorialCommission)).count
      let electorate = p.compactMap(\.expectedElectorate).reduce(0, +)
      out.append(
        "Precinct register\(d.precinctsSynthetic == true ? " (SYNTHETIC)" : ""): \(p.count) stations (\(abroad) abroad) under \(commissions) territorial commissions, \(grouped(electorate)) expected voters"
      )
    }
    if let r = d.result {
      out.append(
        "Published list vote: \(grouped(r.votes.values.reduce(0, +))) votes for \(r.votes.count) lines"
      )
    }
    if let m = d.mandates, !m.isEmpty {
      out.append("Parties' choices of deputies: \(m.map(\.party).joined(separator: ", "))")
    }
    if let e = d.events, !e.isEmpty { out.append("Events after the result: \(e.count)") }
    for n in d.notes ?? [] { out.append("Note: \(n)") }
    if d.isSynthetic { out.append("SYNTHETIC DATA — made up, not a real election.") }
    print(out.joined(separator: "\n"))
  }
}

struct ElectionCountCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "count",
    abstract:
      "Count an election from its definition: protocols, runoffs, repeat voting, seats, deputies.",
    discussion: """
      Without protocol files the definition's published list vote is counted. Round-2 protocols (--round2) \
      decide the runoffs round 1 called; --repeat TERRITORY=FILE replaces the protocols of an annulled \
      territory (a territorial commission of the register) by its repeat voting's. --request FILE reads one \
      JSON document holding all of it, the body of POST /api/v1/count, so both faces give the same answer. \
      The text shows every step of the count; --html writes the printable result protocol.
      """)

  @Argument(
    help: "The definition (election.json, its folder or a bundled id), then protocol files.")
  var arguments: [String] = []

  @Option(help: "A count request (the body of POST /api/v1/count) instead of the arguments.")
  var request: String?

  @Option(help: "Round-2 (runoff) protocol files.")
  var round2: [String] = []

  @Option(help: "Repeat voting: TERRITORY=FILE (the territorial commission of the register).")
  var `repeat`: [String] = []

  @Option(help: "The day to give the chamber for (events up to it applied), YYYY-MM-DD.")
  var on: String?

  @Flag(help: "Count the valid protocols even if some are rejected.")
  var acceptValid = false

  @Option(
    help: "Also write the printable result protocol (HTML with a print stylesheet) to this file.")
  var html: String?

  @OptionGroup var whatIf: WhatIfOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    var req: CountRequest
    if let request {
      if !arguments.isEmpty || !round2.isEmpty || !self.repeat.isEmpty {
        throw UserError("--request holds the definition and the protocols: give no other files")
      }
      let bytes = try readFileBytes(request)
      let folder = (request as NSString).deletingLastPathComponent
      do {
        req = try CountRequest.parse(bytes, name: request, directory: folder.isEmpty ? "." : folder)
      } catch {
        for issue in error.issues { printErr(issue.description) }
        throw UserError("\(error.issues.count) problem(s) in the count request \(request)")
      }
    } else {
      guard let first = arguments.first else {
        throw UserError("name the definition (a file or a bundled election), or give --request")
      }
      req = CountRequest(definition: try DefinitionArgument.load(first))
      req.protocols = protocolSources(Array(arguments.dropFirst()))
      req.round2 = protocolSources(round2)
      for r in self.repeat {
        guard let eq = r.firstIndex(of: "="), eq != r.startIndex else {
          throw UserError("--repeat takes TERRITORY=FILE, not '\(r)'")
        }
        req.repeatVoting.append(
          RepeatVoting(
            territory: String(r[..<eq]),
            sources: protocolSources([String(r[r.index(after: eq)...])])))
      }
      req.acceptValid = acceptValid
    }
    // Flags given on the command line go over the request's what-if.
    req.whatIf = try whatIf.whatIf().over(req.whatIf)
    if let on {
      guard let day = CalendarDate(iso: on) else {
        throw UserError("'\(on)' is not a date of the form YYYY-MM-DD")
      }
      req.chamberDate = day
    }
    let result: DefinitionCount.Result
    let regimes = try DefinitionArgument.regimes()
    let parties = try DefinitionArgument.parties()
    do {
      result = try req.count(regimes: regimes, parties: parties)
    } catch {
      switch error {
      case .definition(let issues):
        for i in issues { printErr(i.description) }
        throw UserError(
          "the definition \(req.definition.file) has \(issues.filter(\.isError).count) error(s): nothing was counted"
        )
      case .refused(let what, let refused):
        for issue in refused.issues { printErr(issue.description) }
        printWarnings(refused.warnings, total: refused.warningCount)
        throw UserError("\(what): \(refused.description)")
      default:
        throw UserError(error.description)
      }
    }
    for w in result.definitionWarnings { printErr(w.description) }
    for a in [result.round1?.imported].compactMap({ $0 }) + result.repeatVoting
      + [result.round2].compactMap({ $0 })
    {
      printWarnings(a.warnings, total: a.warningCount)
    }
    if let html { try writeResultProtocol(result.summary, to: html) }
    if output.json { return try printJSON(CountView(result)) }
    let summary = result.summary
    if summary.isWhatIf {
      print("WHAT-IF (not the official result): \(summary.whatIfChanges.joined(separator: ", "))")
    }
    print(ElectionSections.document(summary).text())
    if summary.isWhatIf { print("WHAT-IF: these seats are not the official result.") }
    if summary.synthetic { print("SYNTHETIC DATA — not real results.") }
  }
}

/// Writes the printable result protocol of a summary.
func writeResultProtocol(_ summary: ElectionSummary, to path: String) throws {
  guard
    FileManager.default.createFile(
      atPath: path, contents: Data(ResultProtocol.html(summary).utf8))
  else { throw UserError("\(path): cannot be written") }
  printErr("wrote the result protocol to \(path)")
}
