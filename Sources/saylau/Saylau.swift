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
      SeatsCommand.self, TabulateCommand.self, ProtocolsCommand.self,
      // Districting
      Apportion.self, Ensemble.self, GraphCommand.self, PlanCommand.self,
      // Reports
      ReportCommand.self, DiagramCommand.self, MapCommand.self,
      // Service
      Serve.self, ImportProtocols.self,
    ]
  )

  /// Runs the command; an error is one line on stderr (a bad argument too: the message names it, `--help`
  /// gives the usage), exit status 1 (64 for a bad argument).
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
      // Help, versions, silent exits and the tool's own errors keep ArgumentParser's handling.
      if code == .success || error is ExitCode || error is UserError { exit(withError: error) }
      let message = Self.message(for: error)
      FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
      Foundation.exit(code.rawValue)
    }
  }
}
