import ArgumentParser
import Foundation
import SaylauApportionment
import SaylauData
import SaylauElections

/// `saylau seats --election 2023`: the list seats from the bundled official votes and the chamber's composition.
struct SeatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seats",
    abstract:
      "Allocate the list seats of an election from the official votes and print the chamber's composition.",
    discussion: """
      Without what-if options the count follows the law of the election's regime (rules.md A0/A4) and is checked \
      against the official seat numbers. --method, --threshold and --seats (and the rule options) re-run it as a \
      what-if, labelled as such in every output.
      """)

  @Option(help: "Election year: 2023, 2021, 2016 or 2004.")
  var election: Int

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
      var gallagher: Double
      var loosemoreHanby: Double
    }
    var election: Int
    var whatIf = true
    var listSeats: Int
    var threshold: String
    var methods: [Row]
  }

  func compareMethods(_ choice: ElectionChoice) throws {
    var rows: [MethodComparisonJSON.Row] = []
    var first: ListSeatResult? = nil
    for name in AllocationMethod.cliNames {
      let method = AllocationMethod(cliName: name)!
      var d = try whatIf.decision(regime: choice.regime)
      d.method = method
      let r: ListSeatResult
      do {
        r = try d.decide(choice.listVote)
      } catch let e as ListSeatError {
        throw UserError(e.description)
      }
      if first == nil { first = r }
      let idx = IndicesJSON(r)
      rows.append(
        MethodComparisonJSON.Row(
          method: method.description, cliName: name,
          isLegalMethod: method == choice.regime.listMethod,
          seats: Dictionary(uniqueKeysWithValues: r.rows.map { ($0.code, $0.seats) }),
          gallagher: idx.gallagher,
          loosemoreHanby: idx.loosemoreHanby))
    }
    guard let first else { return }
    if output.json {
      try printJSON(
        MethodComparisonJSON(
          election: election, listSeats: first.seats, threshold: first.threshold.description,
          methods: rows))
      return
    }
    let parties = first.rows.filter { !$0.code.isEmpty }.map(\.code)
    print(
      "WHAT-IF: every method on the \(election) list vote (\(first.seats) seats, threshold \(first.threshold))"
    )
    var t = TextTable(["method"] + parties + ["Gallagher"], numeric: Set(1...(parties.count + 1)))
    for r in rows {
      t.add(
        [r.cliName + (r.isLegalMethod ? " (law)" : "")] + parties.map { String(r.seats[$0] ?? 0) }
          + [String(format: "%.2f", r.gallagher)])
    }
    print(t.render())
  }

  struct JSONOutput: Encodable {
    var election: Int
    var whatIf: Bool
    var whatIfChanges: [String]
    var rules: CountRulesJSON
    var parties: [PartySeatsJSON]
    var totalSeats: Int?
    var matchesOfficialListSeats: Bool?
    var indices: IndicesJSON
    var notes: [String]
    var synthetic: Bool
  }

  func run() throws {
    let choice = try ElectionChoice(year: election)
    if allMethods {
      if whatIf.method != nil { throw UserError("--all-methods and --method exclude each other") }
      return try compareMethods(choice)
    }
    let decision = try whatIf.decision(regime: choice.regime)
    let result: ListSeatResult
    do {
      result = try decision.decide(choice.listVote)
    } catch let e as ListSeatError {
      throw UserError(e.description)
    }
    let changes = whatIf.changes(regime: choice.regime)
    let isWhatIf = !changes.isEmpty
    var notes = choice.official.notes
    let composition: ChamberComposition
    if choice.regime.constituencySeats == 0 {
      composition = ChamberComposition(regime: choice.regime, list: result, constituencies: nil)
    } else if choice.year == 2023 {
      var byParty: [String: Int] = [:]
      for l in choice.official.lines { byParty[l.code] = l.constituencySeats ?? 0 }
      byParty["independent"] = choice.official.independentConstituencySeats ?? 0
      composition = ChamberComposition(
        regime: choice.regime, list: result, constituencySeatsByParty: byParty,
        derivedNote:
          "constituency seats derived: Wikipedia total seats minus CEC list seats (22 Amanat), independents = 29 − 22 (SOURCES.md)"
      )
      notes.append(
        "2023 constituency seats per party are derived (only 10 of 29 winners are known; no candidate votes). Official totals: Amanat 62, Auyl 8, Respublica 6, Ak Zhol 6, QHP 5, JSDP 4, independents 7."
      )
    } else {
      composition = ChamberComposition(regime: choice.regime, list: result, constituencies: nil)
      notes.append(
        "Constituency results of \(choice.year) are not in the bundled data: constituency seats unknown."
      )
    }
    var official: [String: Int] = [:]
    for l in choice.official.lines { if let s = l.officialListSeats { official[l.code] = s } }
    let rows = PartySeatsJSON.rows(composition: composition, list: result, official: official)
    let matches: Bool? =
      isWhatIf
      ? nil : result.rows.allSatisfy { row in official[row.code].map { $0 == row.seats } ?? true }
    let total = composition.totalSeats
    if output.json {
      try printJSON(
        JSONOutput(
          election: election, whatIf: isWhatIf, whatIfChanges: changes,
          rules: CountRulesJSON(result),
          parties: rows, totalSeats: total, matchesOfficialListSeats: matches,
          indices: IndicesJSON(result),
          notes: notes + result.notes, synthetic: false))
      return
    }
    let r = choice.regime
    if isWhatIf {
      print("WHAT-IF (not the official result): \(changes.joined(separator: ", "))")
    }
    print(
      "Mäjilis \(election): regime \(r.id), \(r.totalSeats) seats (\(r.listSeats) list, \(r.constituencySeats) constituency, \(r.appointedSeats) appointed)"
    )
    print(
      "List seats: \(result.seats) by \(result.method); threshold \(result.threshold) of \(result.thresholdBase.label) = \(grouped(result.base)) votes"
    )
    if result.runnerUpGuaranteeApplied { print("Runner-up guarantee applied.") }
    print("")
    print(compositionTable(rows))
    print("")
    let idx = IndicesJSON(result)
    print(
      String(
        format:
          "Gallagher %.2f, Loosemore–Hanby %.2f, effective parties by votes %.2f, by list seats %.2f",
        idx.gallagher, idx.loosemoreHanby, idx.effectivePartiesByVotes ?? 0,
        idx.effectivePartiesBySeats ?? 0))
    if let matches {
      print(
        matches
          ? "List seats match the official result." : "List seats DIFFER from the official result.")
    }
    for t in result.tiesBroken { print("Tie: \(t)") }
    for n in notes + result.notes { print("Note: \(n)") }
    if isWhatIf { print("WHAT-IF: these seats are not the official result.") }
  }
}
