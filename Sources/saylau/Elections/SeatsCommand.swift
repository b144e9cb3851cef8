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

  @Option(
    help: "Election: an id such as 2023-majilis, or a year (2023, 2021, 2016, 2012, 2007, 2004).")
  var election: String
  @OptionGroup var whatIf: WhatIfOptions
  @OptionGroup var output: OutputOptions

  @Option(
    help: "Also write the printable result protocol (HTML with a print stylesheet) to this file.")
  var html: String?
  @Flag(
    help:
      "Compare every allocation method side by side (what-if), with the threshold and seats in force."
  )
  var allMethods = false

  func run() throws {
    let choice = try ElectionChoice(election)
    if allMethods {
      if whatIf.method != nil { throw UserError("--all-methods and --method exclude each other") }
      return try compareMethods(choice)
    }
    let summary = try choice.summary(try whatIf.whatIf())
    if let html { try writeResultProtocol(summary, to: html) }
    if output.json { return try printJSON(ElectionSummaryView(summary)) }
    printSummary(summary)
  }

  func compareMethods(_ choice: ElectionChoice) throws {
    let w = try whatIf.whatIf()
    let comparison: MethodComparison
    do {
      comparison = try choice.published.methodComparison(whatIf: w)
    } catch {
      throw UserError(error.description)
    }
    if output.json { return try printJSON(MethodComparisonView(comparison)) }
    print(ElectionSections.methodComparison(comparison).text())
  }
}
