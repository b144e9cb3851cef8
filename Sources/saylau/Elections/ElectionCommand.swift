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

  @Option(help: "A bundled election to export (2023-majilis, 2026-kurultai, …).") var from: String?
  @Option(help: "A new election's id.") var id: String?
  @Option(help: "A new election's chamber (majilis, kurultai).") var chamber: String?
  @Option(help: "A new election's day, YYYY-MM-DD.") var date: String?
  @Option(help: "A new election's title.") var title: String?
  @Option(
    help:
      "Add a SYNTHETIC precinct register with this many stations per constituency (1 to 10,000).")
  var syntheticPrecincts: Int?
  @Option(help: "Seed of the synthetic register.") var seed: UInt64 = 1
  @Flag(
    help:
      "Write the long lists as CSV files (lists.csv, candidates.csv, precincts.csv, mandates.csv).")
  var csv = false
  @Option(help: "The folder to write into (created if needed).") var out: String
  @Flag(help: "Replace files that are already there.") var force = false

  func run() throws {
    if from == nil && (id == nil || chamber == nil || date == nil) {
      throw UserError("give --from ID, or --id, --chamber and --date for a new election")
    }
    let d = try input {
      try ElectionInputs.initial(
        from: from, id: id, chamber: chamber, date: date, title: title,
        syntheticPrecincts: syntheticPrecincts, seed: seed)
    }
    let paths = try input(hint: "give --force to replace it") {
      try ElectionInputs.write(d, csv: csv, into: out, force: force)
    }
    for path in paths { print("wrote \(path)") }
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

  func run() throws {
    let loaded = try input { try ElectionInputs.definition(definition) }
    let check = DefinitionCheckView(loaded, regimes: try regimes(), parties: try parties())
    if output.json { try printJSON(check) } else { print(check.text) }
    if !check.valid {
      throw UserError("the definition \(loaded.file) has \(check.errors.count) error(s)")
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
    let d = try input { try ElectionInputs.definition(definition) }.definition
    if output.json { return try printJSON(d) }
    print(CountPages.definition(d, regimes: try regimes()).text())
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
  @Option(help: "Round-2 (runoff) protocol files.") var round2: [String] = []
  @Option(help: "Repeat voting: TERRITORY=FILE (the territorial commission of the register).")
  var `repeat`: [String] = []
  @Option(help: "The day to give the chamber for (events up to it applied), YYYY-MM-DD.")
  var on: String?
  @Flag(help: "Count the valid protocols even if some are rejected.") var acceptValid = false
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
      req = try input { try ElectionInputs.countRequest(request) }
    } else {
      guard let first = arguments.first else {
        throw UserError("name the definition (a file or a bundled election), or give --request")
      }
      req = CountRequest(
        definition: try input { try ElectionInputs.definition(first) },
        protocols: protocolSources(Array(arguments.dropFirst())), round2: protocolSources(round2),
        acceptValid: acceptValid)
      for r in self.repeat {
        guard let voting = RepeatVoting(argument: r) else {
          throw UserError("--repeat takes TERRITORY=FILE, not '\(r)'")
        }
        req.repeatVoting.append(voting)
      }
    }
    req.whatIf = try whatIf.whatIf().over(req.whatIf)  // the flags go over the request's what-if
    if let on {
      guard let day = CalendarDate(iso: on) else {
        throw UserError("'\(on)' is not a date of the form YYYY-MM-DD")
      }
      req.chamberDate = day
    }
    let result = try counted(file: req.definition.file) {
      try req.count(regimes: try regimes(), parties: try parties())
    }
    for w in result.definitionWarnings { printErr(w.description) }
    for a in [result.round1?.imported].compactMap({ $0 }) + result.repeatVoting
      + [result.round2].compactMap({ $0 })
    {
      printWarnings(a.warnings, total: a.warningCount)
    }
    if let html { try writeResultProtocol(result.summary, to: html) }
    if output.json { return try printJSON(CountView(result)) }
    printSummary(result.summary)
  }
}

/// Prints a summary's document, said to be a what-if or synthetic before and after.
func printSummary(_ summary: ElectionSummary) {
  if summary.isWhatIf {
    print("WHAT-IF (not the official result): \(summary.whatIfChanges.joined(separator: ", "))")
  }
  print(ElectionSections.document(summary).text())
  if summary.isWhatIf { print("WHAT-IF: these seats are not the official result.") }
  if summary.synthetic { print("SYNTHETIC DATA — not real results.") }
}

/// Writes the printable result protocol of a summary.
func writeResultProtocol(_ summary: ElectionSummary, to path: String) throws {
  try UserError.wrap { try OutputFile.write(Data(ResultProtocol.html(summary).utf8), to: path) }
  printErr("wrote the result protocol to \(path)")
}
