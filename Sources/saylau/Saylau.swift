import ArgumentParser
import Foundation

/// The `saylau` command-line tool: a thin face over the Saylau libraries.
@main
struct Saylau: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "saylau",
    abstract:
      "Kazakhstan's Mäjilis elections: constituencies, results, seats, districting and reports.",
    subcommands: [
      // Registry
      ConstituenciesCommand.self, ConstituencyCommand.self, LookupCommand.self, RegionsCommand.self,
      // Elections
      ElectionsCommand.self, RegimesCommand.self, SeatsCommand.self, TabulateCommand.self,
      ProtocolsCommand.self, ElectionCommand.self, ForensicsCommand.self,
      // Districting
      Apportion.self, Ensemble.self, EnsembleWorkerCommand.self, GraphCommand.self, PlanCommand.self,
      // Reports
      ReportCommand.self, DiagramCommand.self, MapCommand.self,
      // Service
      Serve.self, ImportProtocols.self, UsersCommand.self, ResultsCommand.self, VerifyCommand.self,
      CommissionsCommand.self,
    ]
  )

  /// Runs the command; every error is one line on stderr ("Error: …") and a non-zero exit status, usage
  /// errors included (`--help` prints the usage).
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      let code = exitCode(for: error)
      // Help, versions and deliberate silent exits keep ArgumentParser's handling.
      if code == .success || error is ExitCode { exit(withError: error) }
      let text = message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
      if !text.isEmpty { FileHandle.standardError.write(Data("Error: \(text)\n".utf8)) }
      exit(withError: ExitCode.failure)
    }
  }
}
