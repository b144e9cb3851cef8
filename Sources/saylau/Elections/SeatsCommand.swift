import ArgumentParser
import Foundation
import SaylauApportionment
import SaylauData
import SaylauElections
import SaylauReports

/// `saylau seats --election 2023`: the election's summary (SaylauElections' `ElectionSummary`): list seats
/// from the bundled official votes, the chamber's composition, the indices and the notes.
struct SeatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seats",
    abstract:
      "Allocate the list seats of an election from the official votes and print the chamber's composition.",
    discussion: """
      Without what-if options the count follows the law of the election's regime (rules.md A0/A4) and is checked \
      against the official seat numbers. --method, --threshold and --seats (and the rule options) re-run it as a \
      what-if, labelled as such in every output. The API gives the same summary at \
      /api/v1/elections/{id}/seats with the same options as query parameters.
      """)

  @Option(help: "Election: an id such as 2023-majilis, or a year (2023, 2021, 2016, 2004).")
  var election: String

  @OptionGroup var whatIf: WhatIfOptions
  @OptionGroup var output: OutputOptions

  @Flag(
    help:
      "Compare every allocation method side by side (what-if), with the threshold and seats in force."
  )
  var allMethods = false

  struct MethodComparisonJSON: Encodable {
    struct Row: Encodable {
      var method: String
      var cliName: String
      var isLegalMethod: Bool
      var seats: [String: Int]
      var gallagher: Double?
      var loosemoreHanby: Double?
    }
    var election: String
    var whatIf = true
    var listSeats: Int
    var threshold: String
    var methods: [Row]
  }

  func run() throws {
    let choice = try ElectionChoice(election)
    if allMethods {
      if whatIf.method != nil { throw UserError("--all-methods and --method exclude each other") }
      return try compareMethods(choice)
    }
    let summary = try choice.summary(try whatIf.whatIf())
    if output.json { return try printJSON(ElectionSummaryView(summary)) }
    if summary.isWhatIf {
      print("WHAT-IF (not the official result): \(summary.whatIfChanges.joined(separator: ", "))")
    }
    print(ElectionSections.document(summary).text())
    if summary.isWhatIf { print("WHAT-IF: these seats are not the official result.") }
  }

  func compareMethods(_ choice: ElectionChoice) throws {
    var rows: [MethodComparisonJSON.Row] = []
    var first: ElectionSummary?
    for name in AllocationMethod.names {
      var w = try whatIf.whatIf()
      w.method = AllocationMethod(name: name)
      let s = try choice.summary(w)
      if first == nil { first = s }
      let method = s.listCount?.method
      rows.append(
        MethodComparisonJSON.Row(
          method: method?.description ?? name, cliName: name,
          isLegalMethod: method == choice.regime.listMethod,
          seats: Dictionary(uniqueKeysWithValues: s.rows.map { ($0.party, $0.listSeats) }),
          gallagher: s.index("gallagherListTier").map { ($0 * 1000).rounded() / 1000 },
          loosemoreHanby: s.index("loosemoreHanbyListTier").map { ($0 * 1000).rounded() / 1000 }))
    }
    guard let first, let count = first.listCount else { return }
    if output.json {
      return try printJSON(
        MethodComparisonJSON(
          election: first.election.id, listSeats: count.seats,
          threshold: count.threshold.description, methods: rows))
    }
    let parties = count.rows.map(\.code)
    print(
      "WHAT-IF: every method on the \(first.election.title) list vote (\(count.seats) seats, threshold \(count.threshold))"
    )
    var t = TextTable(["method"] + parties + ["Gallagher"], numeric: Set(1...(parties.count + 1)))
    for r in rows {
      t.add(
        [r.cliName + (r.isLegalMethod ? " (law)" : "")] + parties.map { String(r.seats[$0] ?? 0) }
          + [r.gallagher.map { String(format: "%.2f", $0) } ?? ""])
    }
    print(t.render())
  }
}
