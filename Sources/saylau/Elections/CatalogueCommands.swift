import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauReports

/// `saylau elections`: the elections the data knows, with their regime and whether a result is bundled.
struct ElectionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "elections",
    abstract:
      "List the elections the data knows: day, chamber, regime and whether a result is bundled.")

  @OptionGroup var output: OutputOptions

  func run() throws {
    let rows = try bundled { try ElectionListing.bundled() }
    if output.json { return try printJSON(["elections": rows]) }
    print(Document.text([CountPages.elections(rows)]))
  }
}

/// `saylau regimes [--date D]`: the electoral regimes of the law as data, or the one in force on a day.
struct RegimesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "regimes",
    abstract:
      "List the electoral regimes (seats, threshold, formula, constituencies) and when each was in force.",
    discussion: """
      With --date the answer is the regime in force that day; a day inside the imprecision of a change (the \
      sources often date a law only to the year) is answered as uncertain, with the candidates.
      """)

  @Option(help: "The day to answer for, YYYY-MM-DD.")
  var date: String?

  @Option(help: "Only this chamber (majilis, kurultai).")
  var chamber: String?

  @OptionGroup var output: OutputOptions

  func run() throws {
    let table = try bundled { try BundledData.regimes() }
    if let date {
      guard let day = CalendarDate(iso: date) else {
        throw UserError("'\(date)' is not a date of the form YYYY-MM-DD")
      }
      let regime: Regime
      do {
        regime = try table.regime(inForceOn: day, chamber: chamber)
      } catch {
        throw UserError(error.description)
      }
      if output.json { return try printJSON(regime) }
      return print(RegimePages.regime(regime).text())
    }
    let regimes = table.regimes.filter { chamber == nil || $0.chamber == chamber }
    if output.json { return try printJSON(["regimes": regimes]) }
    print(Document.text(RegimePages.table(regimes).blocks))
  }
}

/// Runs a read of the bundled data, turning a dataset error into one line for the user.
func bundled<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let e as DatasetError {
    throw UserError("the bundled dataset is invalid: \(e)")
  }
}
