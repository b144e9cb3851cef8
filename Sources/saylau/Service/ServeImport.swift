import ArgumentParser
import Foundation
import Logging
import SaylauStore

/// `saylau import-protocols`: loads polling-station protocols into the database in one transaction.
struct ImportProtocols: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import-protocols",
    abstract: "Import polling-station protocols (JSON) into the database: all of them or none.",
    discussion: """
      The file has the body of POST /api/v1/elections/{id}/protocols:
      {"source": "...", "synthetic": false, "protocols": [{"station": "...", "ballot": "list", "constituency": 12,
      "electorate": 1500, "ballotsCast": 900, "invalid": 10, "votes": {"amanat": 500, ...}}]}
      """)

  @Argument(help: "The JSON file.")
  var file: String

  @Option(help: "Election id, e.g. 2023-majilis.")
  var election: String

  @OptionGroup var storage: StorageOptions

  @Flag(help: "Mark the protocols synthetic (also set by \"synthetic\": true in the file).")
  var synthetic = false

  @Flag(help: "Report each statement written on stderr.")
  var progress = false

  @Option(name: .customLong("rows-per-statement"), help: "Rows per INSERT statement.")
  var rowsPerStatement = 500

  @OptionGroup var output: OutputOptions

  struct Upload: Decodable {
    var source: String?
    var synthetic: Bool?
    var protocols: [ProtocolRecord]
  }

  func run() async throws {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw UserError("\(file): cannot read")
    }
    let upload: Upload
    do {
      upload = try JSONDecoder().decode(Upload.self, from: data)
    } catch {
      throw UserError("\(file): not a protocol upload (\(error))")
    }
    var logger = Logger(label: "saylau")
    logger.logLevel = .warning
    let store = try await storage.open(logger: logger)
    var report: (@Sendable (Int, Int) -> Void)? = nil
    if progress {
      report = { (done: Int, total: Int) -> Void in
        FileHandle.standardError.write(Data("import: statement \(done) of \(total)\n".utf8))
      }
    }
    let markSynthetic = synthetic || (upload.synthetic ?? false)
    do {
      let record = try await store.importProtocols(
        election: election, source: upload.source ?? file, synthetic: markSynthetic,
        upload.protocols,
        rowsPerStatement: rowsPerStatement, progress: report)
      try await store.close()
      if output.json {
        try printJSON(record)
      } else {
        print(
          "imported \(record.protocols) protocols into '\(election)' (import \(record.id))\(record.synthetic ? ", marked synthetic" : "")"
        )
      }
    } catch let error as StoreError {
      try? await store.close()
      throw UserError(error.message)
    }
  }
}
