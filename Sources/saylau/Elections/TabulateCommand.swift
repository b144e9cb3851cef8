import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauReports

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

  func run() throws {
    if acceptValid && rejectedOut == nil {
      throw UserError("--accept-valid needs --rejected-out FILE to receive the rejected rows")
    }
    let choice = try ElectionChoice(year: election)
    let count = try input {
      try BundledData.protocolCount(
        choice.published, candidates: candidates, whatIf: try whatIf.whatIf(),
        protocols: protocolSources(files), round2: protocolSources(round2), acceptValid: acceptValid
      )
    }
    for file in files + round2 {
      let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
      printErr("reading \(file)\(size.map { " (\(grouped($0)) bytes)" } ?? "")")
    }
    let counted = try counted(file: "of the election") { try count.run() }
    guard let round1 = counted.round1 else { throw UserError("no protocols were counted") }
    let imported = round1.imported
    if let rejectedOut {
      try input {
        try ElectionInputs.writeRejected(
          imported, to: rejectedOut, notOverwriting: files + (candidates.map { [$0] } ?? []))
      }
      for i in imported.issues { printErr("rejected: \(i.description)") }
      printErr("\(imported.rejected.count) rejected row(s) written to \(rejectedOut)")
    }
    printWarnings(imported.warnings, total: imported.warningCount)
    if let a2 = counted.round2 { printWarnings(a2.warnings, total: a2.warningCount) }
    var notes = counted.summary.notes.map {
      $0.hasPrefix("No candidate list given") ? $0 + " (give one with --candidates)" : $0
    }
    if choice.regime.constituencySeats > 0 && count.regionOf.isEmpty {
      notes.insert("No constituency→region map for this election: no region totals.", at: 0)
    }
    let view = TabulationView(
      counted, round1: round1, election: election, notes: notes, importOnly: importOnly)
    if output.json { return try printJSON(view) }
    let synthetic = "SYNTHETIC DATA — generated protocols, not real results."
    if view.synthetic { print(synthetic) }
    print(CountPages.tabulation(view, summary: counted.summary).text())
    if view.synthetic { print(synthetic) }
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

  @Option(help: "Seed: the same seed gives the same file.") var seed: UInt64
  @Option(help: "Number of polling stations (each gives a list row and a constituency row).")
  var stations: Int = 10_000
  @Option(help: "Protocol CSV to write.") var out: String
  @Option(help: "Candidate list CSV to write (default: OUT with .candidates.csv).")
  var candidatesOut: String?
  @OptionGroup var output: OutputOptions

  func run() throws {
    if !(1...50_000_000).contains(stations) {
      throw UserError("--stations must be 1 to 50,000,000")
    }
    let n = stations
    let files = try input {
      try SyntheticProtocolFiles(
        seed: seed, stations: n, protocols: out, candidates: candidatesOut,
        progress: {
          if n >= 100_000 { printErr("SYNTHETIC: \(grouped($0)) of \(grouped(n)) stations") }
        })
    }
    if output.json { return try printJSON(files) }
    print(
      "SYNTHETIC: wrote \(grouped(files.rows)) protocol rows (\(grouped(n)) stations, seed \(seed)) to \(out) and the candidates to \(files.candidates)"
    )
  }
}
