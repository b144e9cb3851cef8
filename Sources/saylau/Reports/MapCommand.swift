import ArgumentParser
import Foundation
import SaylauCore
import SaylauReports

/// `saylau map --election 2023 --by winner|turnout|region|… --out FILE.svg`: a constituency map.
struct MapCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "map",
    abstract: "Write a map of the constituencies (SVG) with city insets, coloured by a variable.")

  @Option(help: "The election: an id such as 2023-majilis, or a year.")
  var election: String

  @Option(
    help: ArgumentHelp(
      "What to colour by: \(MapTheme.names.joined(separator: ", ")), or 'column' with --values.",
      valueName: "variable"),
    transform: { name in
      guard name == "column" || MapTheme.named(name) != nil else {
        throw ValidationError(
          "--by '\(name)' is not one of \((MapTheme.names + ["column"]).joined(separator: ", "))")
      }
      return name
    })
  var by: String = "winner"

  @Option(
    help: ArgumentHelp(
      "With --by column: a CSV file with a 'number' column and one numeric column to map (blank = no data).",
      valueName: "file.csv"))
  var values: String?

  @Option(help: "With --by column: the column of --values to map (default: the second column).")
  var column: String?

  @Option(help: "The SVG file to write.")
  var out: String

  @OptionGroup var output: OutputOptions

  struct Summary: Encodable {
    var election: String
    var by: String
    var file: String
    var constituencies: Int
  }

  func run() throws {
    let theme: MapTheme
    if by == "column" {
      guard let values else { throw UserError("--by column needs --values FILE.csv") }
      let bytes = try UserError.wrap {
        try InputFile.read(values, limit: CSVTable.maximumFileBytes)
      }
      do {
        let (name, data) = try ConstituencyValues.read(bytes: bytes, source: values, column: column)
        theme = .column(name, data)
      } catch let e as CSVError {
        throw UserError(e.description)
      }
    } else {
      theme = MapTheme.named(by)!
    }
    let context = try ReportData.context(election, quiet: true)
    guard !context.constituencies.isEmpty else {
      throw UserError(
        "the \(election) election had no single-mandate constituencies in the registry; nothing to map"
      )
    }
    let svg = ElectionPictures.map(context, theme: theme)
    try ReportData.write(svg, to: out, notOverwriting: values.map { [$0] } ?? [])
    if output.json {
      try printJSON(
        Summary(election: election, by: by, file: out, constituencies: context.constituencies.count)
      )
    } else {
      print("Wrote \(out): \(context.constituencies.count) constituencies coloured by \(by)")
    }
  }
}
