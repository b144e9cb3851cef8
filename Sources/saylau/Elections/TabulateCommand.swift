import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauRegistry

/// `saylau tabulate FILE... --election 2023`: imports polling-station protocols, checks them, sums them up
/// and decides winners, list seats and the composition.
struct TabulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tabulate",
    abstract:
      "Import polling-station protocols (CSV or JSON) and print winners, list seats and composition.",
    discussion: """
      The format is the ProtocolFormat article of the SaylauElections documentation (docs/protocols.md points \
      to it). Every control relation of rules.md A2 is checked on every row and every violation is reported \
      with file, line and field. A file with any error imports nothing, unless --accept-valid --rejected-out \
      FILE is given: then the valid rows are imported and the rejected rows are written, untouched, to FILE \
      (never one of the input files). Warnings (lawful but notable) refuse nothing.
      """)

  @Argument(help: "Protocol files (.csv, or .json for the JSON form).")
  var files: [String]

  @Option(
    help: "Election whose parties and regime apply: 2023 (also 2021, 2016, 2012, 2007, 2004).")
  var election: Int

  @Option(
    help:
      "Constituency candidates CSV (constituency,position,name,nomination[,nomination_kind,status])."
  )
  var candidates: String?

  @Option(help: "Round-2 (runoff) protocol files, for the two-round regimes (R1995, R1999).")
  var round2: [String] = []

  @Flag(help: "Import the valid rows even if some rows are rejected (needs --rejected-out).")
  var acceptValid = false

  @Option(help: "Where to write the rejected rows (original lines, under the file's header).")
  var rejectedOut: String?

  @Flag(help: "Print only the import summary and the national totals (no decisions).")
  var importOnly = false

  @OptionGroup var whatIf: WhatIfOptions
  @OptionGroup var output: OutputOptions

  struct TallyJSON: Encodable {
    var area: String
    var ballot: String
    var protocols: Int
    var votersOnList: Int
    var ballotsReceived: Int?
    var ballotsIssued: Int
    var ballotsInBox: Int
    var invalid: Int
    var unused: Int?
    var againstAll: Int?
    var valid: Int
    var turnoutPercent: Double?

    init(_ area: String, _ t: BallotTally) {
      self.area = area
      ballot = t.ballot.rawValue
      protocols = t.protocols
      votersOnList = t.votersOnList
      ballotsReceived = t.ballotsReceived
      ballotsIssued = t.ballotsIssued
      ballotsInBox = t.ballotsInBox
      invalid = t.invalid
      unused = t.unused
      againstAll = t.againstAll
      valid = t.valid
      turnoutPercent = t.turnoutPercent.map { ($0 * 100).rounded() / 100 }
    }
  }

  struct JSONOutput: Encodable {
    var synthetic: Bool
    var election: Int
    var whatIf: Bool
    var whatIfChanges: [String]
    var regime: String
    /// The options every decision of this run used (also inside `rules` for the list seats).
    var options: ElectionOptions
    var files: [String]
    var acceptedRows: Int
    var rejectedRows: Int
    var issues: [String]
    /// Lawful but notable findings (ballots in box fewer than issued, …), the first ones, and how many.
    var warnings: [String]
    var warningCount: Int
    var nation: [TallyJSON]
    var regions: [TallyJSON]
    var constituencyTotals: [TallyJSON]
    var rules: CountRulesJSON?
    var parties: [PartySeatsJSON]
    var constituencies: [ConstituencyResult]
    var undecidedConstituencies: [Int]
    var notes: [String]
    /// What the law leaves to the commission (no list passed, a tie, a runoff without its protocols, …).
    var commissionDecisions: [String]
    /// Every step of the count (rules.md A8 for the list seats, each constituency decision with its reason).
    var trace: CountTrace?
  }

  func run() throws {
    if acceptValid && rejectedOut == nil {
      throw UserError("--accept-valid needs --rejected-out FILE to receive the rejected rows")
    }
    let choice = try ElectionChoice(year: election)
    let regime = choice.regime
    // The bundled election as a definition: its lists, in the order that breaks ties; no published seats
    // (the protocols are counted, not compared).
    var definition = ElectionDefinition(published: choice.published)
    definition.result = nil
    if let candidates {
      do {
        let parsed = try CandidateList.parse(try readFileBytes(candidates), file: candidates)
        definition.constituencyCandidates = parsed.candidates
        if parsed.synthetic { definition.synthetic = true }
      } catch let e as CandidateList.Invalid {
        for i in e.issues { printErr(i.description) }
        throw UserError(
          "\(e.issues.count) problem(s) in the candidate list \(candidates); nothing was imported")
      }
    }
    var count = DefinitionCount(
      definition: definition, regimes: try bundled { try BundledData.regimes() },
      whatIf: try whatIf.whatIf(), parties: try? BundledData.parties(),
      protocols: protocolSources(files), round2: protocolSources(round2),
      acceptValid: acceptValid)
    count.regionOf = try regionOfConstituencies(electionYear: election)
    for file in files + round2 {
      let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
      printErr("reading \(file)\(size.map { " (\(grouped($0)) bytes)" } ?? "")")
    }
    let counted: DefinitionCount.Result
    do {
      counted = try count.run()
    } catch {
      switch error {
      case .refused(let what, let refused):
        if what == "round 1" { throw refusal(refused) }
        for issue in refused.issues { printErr(issue.description) }
        throw UserError("\(what): \(refused.description)")
      case .definition(let issues):
        for i in issues { printErr(i.description) }
        throw UserError("the election's definition has errors")
      default:
        throw UserError(error.description)
      }
    }
    guard let round1 = counted.round1 else { throw UserError("no protocols were counted") }
    let summary = counted.summary
    let imported = round1.imported
    if let rejectedOut {
      try imported.writeRejected(
        toFile: rejectedOut, inputs: files + (candidates.map { [$0] } ?? []))
      for i in imported.issues { printErr("rejected: \(i.description)") }
      printErr("\(imported.rejected.count) rejected row(s) written to \(rejectedOut)")
    }
    printWarnings(imported.warnings, total: imported.warningCount)
    if let a2 = counted.round2 { printWarnings(a2.warnings, total: a2.warningCount) }
    var notes = summary.notes
    if let i = notes.firstIndex(where: { $0.hasPrefix("No candidate list given") }) {
      notes[i] += " (give one with --candidates)"
    }
    if regime.constituencySeats > 0 && count.regionOf.isEmpty {
      notes.insert("No constituency→region map for this election: no region totals.", at: 0)
    }
    let rows = importOnly ? [] : summary.rows.map(PartySeatsJSON.init)
    let changes = summary.whatIfChanges
    let tabulation = round1.tabulation
    let nation = BallotType.allCases.compactMap { b in
      tabulation.nation[b].map { TallyJSON("nation", $0) }
    }
    let regions = BallotType.allCases.flatMap { b in
      (tabulation.regions[b] ?? [:]).sorted { $0.key < $1.key }.map { TallyJSON($0.key, $0.value) }
    }
    let constituencyTotals = BallotType.allCases.flatMap { b in
      (tabulation.constituencies[b] ?? [:]).sorted { $0.key < $1.key }.map {
        TallyJSON("constituency \($0.key)", $0.value)
      }
    }
    let synthetic = summary.synthetic
    if output.json {
      try printJSON(
        JSONOutput(
          synthetic: synthetic, election: election, whatIf: !changes.isEmpty,
          whatIfChanges: changes, regime: regime.id, options: summary.whatIf.options,
          files: imported.files, acceptedRows: imported.acceptedRows,
          rejectedRows: imported.rejected.count,
          issues: imported.issues.map(\.description),
          warnings: imported.warnings.map(\.description), warningCount: imported.warningCount,
          nation: nation, regions: regions,
          constituencyTotals: constituencyTotals,
          rules: importOnly ? nil : summary.listCount.map(CountRulesJSON.init),
          parties: rows, constituencies: importOnly ? [] : summary.constituencies,
          undecidedConstituencies: importOnly ? [] : summary.composition.undecidedConstituencies,
          notes: notes, commissionDecisions: importOnly ? [] : summary.commissionDecisions,
          trace: importOnly ? nil : summary.trace))
      return
    }
    if synthetic { print("SYNTHETIC DATA — generated protocols, not real results.") }
    if !changes.isEmpty {
      print("WHAT-IF (not the law's count): \(changes.joined(separator: ", "))")
    }
    print(
      "Imported \(grouped(imported.acceptedRows)) protocol rows from \(imported.files.count) file(s); \(imported.rejected.count) rejected."
    )
    var t = TextTable(
      [
        "area", "ballot", "protocols", "voters", "issued", "in box", "invalid", "against all",
        "turnout %",
      ],
      numeric: [2, 3, 4, 5, 6, 7, 8])
    for x in nation + regions {
      t.add([
        x.area, x.ballot, grouped(x.protocols), grouped(x.votersOnList), grouped(x.ballotsIssued),
        grouped(x.ballotsInBox), grouped(x.invalid), x.againstAll.map(grouped) ?? "",
        x.turnoutPercent.map { String(format: "%.2f", $0) } ?? "",
      ])
    }
    print(t.render())
    if importOnly { return }
    if let list = summary.listCount {
      print("")
      print(
        "List seats: \(list.seats) by \(list.method); threshold \(list.threshold) of \(list.thresholdBase.label) = \(grouped(list.base))"
      )
    }
    if !summary.constituencies.isEmpty {
      print("")
      var w = TextTable(
        ["no.", "round", "status", "winner", "nomination", "votes", "share %", "against all"],
        numeric: [0, 1, 5, 6, 7])
      for r in summary.constituencies {
        let lead = r.winner ?? r.contenders.first
        let share =
          lead.map {
            r.valid > 0 ? String(format: "%.1f", 100 * Double($0.votes) / Double(r.valid)) : ""
          } ?? ""
        var status = r.status.rawValue.uppercased()
        if r.status == .tie || r.status == .runoff {
          status += " (" + r.contenders.map { "\($0.position)" }.joined(separator: "/") + ")"
        }
        if r.againstAllLeads { status += " [against all leads]" }
        if r.againstAllTiesLeader { status += " [against all ties the leader]" }
        w.add([
          String(r.constituency), String(r.round), status, lead?.name ?? "", lead?.nomination ?? "",
          lead.map { grouped($0.votes) } ?? "",
          share, r.againstAll.map(grouped) ?? "",
        ])
      }
      print(w.render())
    }
    print("")
    print(compositionTable(rows))
    if !summary.composition.undecidedConstituencies.isEmpty {
      print(
        "Undecided constituencies: \(summary.composition.undecidedConstituencies.map(String.init).joined(separator: ", "))"
      )
    }
    for n in notes { print("Note: \(n)") }
    for d in summary.commissionDecisions { print("For the commission: \(d)") }
    print("")
    print("The count, step by step:")
    print(TraceText.render(summary.trace.steps))
    if synthetic { print("SYNTHETIC DATA — generated protocols, not real results.") }
  }
}

/// `saylau protocols …`: synthetic protocol sets.
struct ProtocolsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "protocols",
    abstract: "Polling-station protocol files (synthetic generator).",
    subcommands: [ProtocolsGenerateCommand.self])
}

struct ProtocolsGenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract:
      "Write a SYNTHETIC, seeded protocol set for the 29 constituencies of 2023 (2 rows per station)."
  )

  @Option(help: "Seed: the same seed gives the same file.")
  var seed: UInt64

  @Option(help: "Number of polling stations (each gives a list row and a constituency row).")
  var stations: Int = 10_000

  @Option(help: "Protocol CSV to write.")
  var out: String

  @Option(help: "Candidate list CSV to write (default: OUT with .candidates.csv).")
  var candidatesOut: String?

  @OptionGroup var output: OutputOptions

  struct JSONOutput: Encodable {
    var synthetic = true
    var seed: UInt64
    var stations: Int
    var rows: Int
    var protocols: String
    var candidates: String
  }

  func run() throws {
    guard stations >= 1 && stations <= 50_000_000 else {
      throw UserError("--stations must be 1 to 50,000,000")
    }
    let choice = try ElectionChoice(year: 2023)
    let generator = SyntheticProtocols(
      seed: seed, stations: stations, constituencies: choice.regime.constituencySeats,
      parties: choice.parties)
    let candidatesPath =
      candidatesOut
      ?? (out.hasSuffix(".csv")
        ? String(out.dropLast(4)) + ".candidates.csv" : out + ".candidates.csv")
    guard FileManager.default.createFile(atPath: out, contents: nil),
      let handle = FileHandle(forWritingAtPath: out)
    else { throw UserError("\(out): cannot be written") }
    generator.writeCSV(
      chunk: { handle.write(Data($0)) },
      progress: {
        if stations >= 100_000 {
          printErr("SYNTHETIC: \(grouped($0)) of \(grouped(stations)) stations")
        }
      })
    try handle.close()
    guard
      FileManager.default.createFile(
        atPath: candidatesPath, contents: Data(generator.candidatesCSV().utf8))
    else { throw UserError("\(candidatesPath): cannot be written") }
    if output.json {
      try printJSON(
        JSONOutput(
          seed: seed, stations: stations, rows: 2 * stations, protocols: out,
          candidates: candidatesPath))
    } else {
      print(
        "SYNTHETIC: wrote \(grouped(2 * stations)) protocol rows (\(grouped(stations)) stations, seed \(seed)) to \(out) and the candidates to \(candidatesPath)"
      )
    }
  }
}
