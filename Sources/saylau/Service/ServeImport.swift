import ArgumentParser
import Foundation
import Logging
import SaylauAccounts
import SaylauCore
import SaylauData
import SaylauElections
import SaylauStore

/// `saylau import-protocols`: checks protocol files with the one protocol import and stores the accepted
/// protocols in one transaction.
struct ImportProtocols: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import-protocols",
    abstract:
      "Import polling-station protocol files (CSV or JSON) into the database: all of them or none.",
    discussion: """
      The files are in the protocol format of `saylau tabulate` and of POST /api/v2/elections/{id}/protocols \
      (the ProtocolFormat article of the SaylauElections documentation): every line of the protocol, every \
      check. A file with any error stores nothing, unless --accept-valid --rejected-out FILE is given.
      """)

  @Argument(help: "Protocol files (.csv, or .json for the JSON form).")
  var files: [String]

  @Option(help: "Election id, e.g. 2023-majilis.")
  var election: String

  @Option(help: "Constituency candidates CSV (constituency,position,name,nomination).")
  var candidates: String?

  @OptionGroup var storage: StorageOptions

  @Flag(help: "Mark the protocols synthetic (also set by the files' synthetic mark).")
  var synthetic = false

  @Flag(
    help:
      "A correction: protocols of precincts already stored replace them (the old ones are kept as earlier versions)."
  )
  var replace = false

  @Flag(help: "Store the valid protocols even if some are rejected (needs --rejected-out).")
  var acceptValid = false

  @Option(help: "Where to write the rejected records (as they were, under their file's header).")
  var rejectedOut: String?

  @Option(
    help: "Where the protocols come from, recorded with the import (default: the file names).")
  var source: String?

  @Flag(help: "Report each step written (a batch's protocols or votes) on stderr.")
  var progress = false

  @Option(help: "Protocols written at a time, with their votes (memory is bounded by it).")
  var protocolsPerBatch = Store.protocolsPerBatch

  @OptionGroup var output: OutputOptions

  func run() async throws {
    if acceptValid && rejectedOut == nil {
      throw UserError("--accept-valid needs --rejected-out FILE to receive the rejected records")
    }
    // The database and the rejected rows are written: neither may be a file being imported.
    let given = files + (candidates.map { [$0] } ?? [])
    try UserError.wrap { try storage.database.map { try OutputFile.refuse($0, ifAnyOf: given) } }
    var logger = Logger(label: "saylau")
    logger.logLevel = .warning
    let store = try await storage.open(logger: logger)
    do {
      var schema = try await store.protocolSchema(election: election)
      if let candidates {
        do {
          let parsed = try CandidateList.parse(try readFileBytes(candidates), file: candidates)
          schema = ProtocolSchema(
            parties: schema.parties, constituencyCount: schema.constituencyCount,
            candidates: parsed.candidates, synthetic: schema.synthetic || parsed.synthetic)
        } catch let e as CandidateList.Invalid {
          for i in e.issues { printErr(i.description) }
          throw UserError("\(e.count) problem(s) in the candidate list \(candidates)")
        }
      }
      let accepted: ProtocolImport.Accepted
      do {
        accepted = try ProtocolImport(schema: schema).run(
          protocolSources(files), acceptValid: acceptValid)
      } catch {
        throw refusal(error)
      }
      if let rejectedOut {
        try input {
          try ElectionInputs.writeRejected(
            accepted, to: rejectedOut, notOverwriting: given + [storage.database].compactMap { $0 })
        }
        for i in accepted.issues { printErr("rejected: \(i.description)") }
        printErr("\(accepted.rejected.count) rejected record(s) written to \(rejectedOut)")
      }
      printWarnings(accepted.warnings, total: accepted.warningCount)
      var report: (@Sendable (Int, Int) -> Void)? = nil
      if progress {
        report = { (done: Int, total: Int) -> Void in
          FileHandle.standardError.write(Data("import: statement \(done) of \(total)\n".utf8))
        }
      }
      let record = try await store.importProtocols(
        accepted, election: election, source: source ?? files.joined(separator: ", "),
        synthetic: synthetic, replacing: replace, protocolsPerBatch: protocolsPerBatch,
        progress: report, actor: .commandLine)
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
    } catch {
      try? await store.close()
      throw error
    }
  }
}
