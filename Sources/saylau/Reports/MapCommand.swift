import ArgumentParser
import Foundation
import SaylauReports

/// `saylau map --election 2023 --by winner|turnout|region|… --out FILE.svg`: a constituency map.
struct MapCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "map",
    abstract: "Write a map of the constituencies (SVG) with city insets, coloured by a variable.")

  @Option(help: "The election year with constituencies (2023).")
  var election: Int

  @Option(
    help: ArgumentHelp(
      "What to colour by: \(MapTheme.names.joined(separator: ", ")), or 'column' with --values.",
      valueName: "variable"))
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
    var election: Int
    var by: String
    var file: String
    var constituencies: Int
  }

  func run() throws {
    let theme: MapTheme
    if by == "column" {
      guard let values else { throw UserError("--by column needs --values FILE.csv") }
      let (name, data) = try ValuesFile.read(path: values, column: column)
      theme = .column(name, data)
    } else {
      guard let named = MapTheme.named(by) else {
        throw UserError(
          "--by '\(by)' is not one of \((MapTheme.names + ["column"]).joined(separator: ", "))")
      }
      theme = named
    }
    let context = try ReportData.context(year: election, quiet: true)
    guard !context.constituencies.isEmpty else {
      throw UserError(
        "the \(election) election had no single-mandate constituencies in the registry; nothing to map"
      )
    }
    let svg = ElectionPictures.map(context, theme: theme)
    try ReportData.write(svg, to: out)
    if output.json {
      try printJSON(
        Summary(election: election, by: by, file: out, constituencies: context.constituencies.count)
      )
    } else {
      print("Wrote \(out): \(context.constituencies.count) constituencies coloured by \(by)")
    }
  }
}

/// A user's CSV of values per constituency: header row, a `number` column, numeric cells or blanks.
enum ValuesFile {
  static func read(path: String, column: String?) throws -> (String, [Int: Double]) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw UserError("cannot read \(path)")
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    while lines.last?.isEmpty == true { lines.removeLast() }
    guard let headerLine = lines.first else { throw UserError("\(path): the file is empty") }
    let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard let numberIndex = header.firstIndex(of: "number") else {
      throw UserError("\(path):1: field 'number': column is missing from the header")
    }
    let name = column ?? header.enumerated().first { $0.offset != numberIndex }?.element ?? ""
    guard let valueIndex = header.firstIndex(of: name) else {
      throw UserError("\(path):1: field '\(name)': column is missing from the header")
    }
    var values: [Int: Double] = [:]
    for (i, line) in lines.enumerated().dropFirst() {
      if line.contains("\"") {
        throw UserError("\(path):\(i + 1): quoted fields are not supported in a values file")
      }
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard fields.count == header.count else {
        throw UserError(
          "\(path):\(i + 1): has \(fields.count) fields but the header has \(header.count)")
      }
      guard let number = Int(fields[numberIndex]) else {
        throw UserError(
          "\(path):\(i + 1): field 'number': '\(fields[numberIndex])' is not a constituency number")
      }
      let cell = fields[valueIndex]
      if cell.isEmpty { continue }  // blank stays blank: drawn as no data
      guard let v = Double(cell), v.isFinite else {
        throw UserError("\(path):\(i + 1): field '\(name)': '\(cell)' is not a number")
      }
      guard values[number] == nil else {
        throw UserError("\(path):\(i + 1): field 'number': constituency \(number) appears twice")
      }
      values[number] = v
    }
    return (name, values)
  }
}
