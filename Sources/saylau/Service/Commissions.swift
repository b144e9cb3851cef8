import ArgumentParser
import Foundation
import SaylauCore
import SaylauElections
import SaylauReports
import SaylauStore

extension CommissionLevel: ExpressibleByArgument {}

/// `saylau commissions import|compare`: higher commissions' own protocols (the store's
/// `importCommissionProtocols`, the one `ProtocolImport` check) and their comparison with the sum of the
/// accepted protocols below them (`commissionComparisons`, as `GET /api/v1/elections/{id}/commissions`).
struct CommissionsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "commissions",
    abstract: "Higher commissions' own protocols, compared with the sum of those below them.",
    subcommands: [Import.self, Compare.self])

  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Import commission protocols (the protocol format; 'precinct' is the commission's id).")
    @Argument(help: "Protocol files (.csv, or .json).") var files: [String]
    @Option(
      help:
        "territorial, district (id = constituency number), regional (id = region code) or central.")
    var level: CommissionLevel
    @Option(help: "Election id, e.g. 2023-majilis.") var election: String
    @Flag(help: "A correction: a stored protocol gets a new version.") var replace = false
    @Flag(help: "Mark the protocols synthetic.") var synthetic = false
    @OptionGroup var storage: StorageOptions

    func run() async throws {
      let count = try await withStore(storage) { store in
        let schema = try await store.commissionProtocolSchema(election: election, level: level)
        let accepted: ProtocolImport.Accepted
        do {
          accepted = try ProtocolImport(schema: schema).run(protocolSources(files))
        } catch let refused as ProtocolImport.Refused { throw refusal(refused) }
        return try await store.importCommissionProtocols(
          accepted, level: level, election: election, source: files.joined(separator: ", "),
          synthetic: synthetic, replacing: replace, actor: .commandLine)
      }
      print("imported \(count) \(level) commission protocol(s) into '\(election)'")
    }
  }

  struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare each commission's protocol with the sum of the accepted ones below it.")
    @Option(help: "Election id, e.g. 2023-majilis.") var election: String
    @Option(help: "Only this level.") var level: CommissionLevel?
    @OptionGroup var storage: StorageOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
      let comparisons = try await withStore(storage) { store in
        let regions = try await store.constituencyRegions(election: election)
        return try await store.commissionComparisons(
          election: election, level: level, region: { regions[$0] })
      }
      if output.json { return try printJSON(comparisons) }
      print(CommissionComparisonReport.document(comparisons, election: election).text())
    }
  }
}
