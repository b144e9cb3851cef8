import ArgumentParser
import Foundation
import SaylauForensics
import SaylauReports

/// `saylau report --election 2023 --out DIR`: the static site of an election.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract:
      "Write a static site: index, election report, an article and locator map per constituency.")

  @Option(help: "The election: an id such as 2023-majilis, or a year.")
  var election: String

  @Option(help: "The folder to write the site into (created if missing).")
  var out: String

  @Option(
    parsing: .upToNextOption,
    help:
      "Protocol files of the election: the site gains a forensic report of them (saylau forensics)."
  )
  var protocols: [String] = []

  @Option(help: "Precinct register CSV (precinct,district) for the forensic report.")
  var districts: String?

  @OptionGroup var output: OutputOptions

  struct Summary: Encodable {
    var election: String
    var folder: String
    var files: [String]
    var bytes: Int
  }

  func run() throws {
    let context = try ReportData.context(election)
    var forensics: ForensicReport?
    if !protocols.isEmpty {
      ReportData.progress("examining \(protocols.count) protocol file(s)")
      forensics = try ElectionChoice(election).forensics(
        ForensicFiles(protocols: protocols, districts: districts), settings: ForensicSettings()
      ).report
    }
    let files: [ReportSite.File]
    do {
      files = try ReportSite.files(context, forensics: forensics) {
        ReportData.progress("rendering \($0)")
      }
    } catch {
      throw UserError("\(error)")
    }
    var bytes = 0
    for file in files {
      try ReportData.write(file.contents, to: (out as NSString).appendingPathComponent(file.path))
      bytes += file.contents.utf8.count
    }
    let summary = Summary(election: election, folder: out, files: files.map(\.path), bytes: bytes)
    if output.json {
      try printJSON(summary)
    } else {
      print("Wrote \(files.count) files (\(bytes / 1024) KiB) to \(out); open \(out)/index.html")
    }
  }
}
