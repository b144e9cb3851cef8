import ArgumentParser
import Foundation
import SaylauReports

/// `saylau diagram --election 2023 --out FILE.svg`: the chamber as a hemicycle.
struct DiagramCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diagram", abstract: "Write the parliament diagram (SVG hemicycle) of an election."
  )

  @Option(help: "The election: an id such as 2023-majilis, or a year.")
  var election: String

  @Option(help: "The SVG file to write.")
  var out: String

  @OptionGroup var output: OutputOptions

  struct Summary: Encodable {
    var election: String
    var file: String
    var seats: [String: Int]
    var total: Int
  }

  func run() throws {
    let context = try ReportData.context(election, quiet: true)
    let svg: String
    do {
      svg = try ElectionPictures.diagram(context)
    } catch {
      throw UserError("\(error)")
    }
    try ReportData.write(svg, to: out)
    var seats: [String: Int] = [:]
    for p in context.parties { if let s = p.totalSeats, s > 0 { seats[p.code] = s } }
    if output.json {
      try printJSON(
        Summary(election: election, file: out, seats: seats, total: seats.values.reduce(0, +)))
    } else {
      let list = context.parties.compactMap { p in
        p.totalSeats.flatMap { $0 > 0 ? "\(p.name) \($0)" : nil }
      }
      print("Wrote \(out): \(seats.values.reduce(0, +)) seats (\(list.joined(separator: ", ")))")
    }
  }
}
