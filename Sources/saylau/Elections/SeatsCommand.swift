import ArgumentParser
import Foundation
import SaylauApportionment
import SaylauData
import SaylauElections

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
    print(SummaryText.render(summary))
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

/// The text form of an election summary.
enum SummaryText {
  static func render(_ s: ElectionSummary) -> String {
    var out: [String] = []
    if s.synthetic { out.append("SYNTHETIC DATA — not real results.") }
    if s.isWhatIf {
      out.append("WHAT-IF (not the official result): \(s.whatIfChanges.joined(separator: ", "))")
    }
    let r = s.regime
    out.append(
      "\(s.election.title): regime \(r.id), \(r.totalSeats) seats (\(r.listSeats) list, \(r.constituencySeats) constituency, \(r.appointedSeats) appointed)"
    )
    if let c = s.listCount {
      out.append(
        "List seats: \(c.seats) by \(c.method); threshold \(c.threshold) of \(c.thresholdBase.label) = \(grouped(c.base)) votes"
      )
      if c.runnerUpGuaranteeApplied { out.append("Runner-up guarantee applied.") }
    }
    out.append("")
    out.append(compositionTable(s.rows.map(PartySeatsView.init)))
    out.append("")
    if !s.indices.isEmpty {
      out.append(
        s.indices.map { "\($0.name) \(String(format: "%.2f", $0.value))" }.joined(separator: "; "))
    }
    if let m = s.matchesPublishedListSeats {
      out.append(
        m ? "List seats match the official result." : "List seats DIFFER from the official result.")
    }
    for t in s.listCount?.tiesBroken ?? [] { out.append("Tie: \(t)") }
    for n in s.notes { out.append("Note: \(n)") }
    if s.isWhatIf { out.append("WHAT-IF: these seats are not the official result.") }
    if s.synthetic { out.append("SYNTHETIC DATA — not real results.") }
    return out.joined(separator: "\n")
  }
}
