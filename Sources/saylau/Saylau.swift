import ArgumentParser

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
      ProtocolsCommand.self,
      // Districting
      Apportion.self, Ensemble.self, GraphCommand.self, PlanCommand.self,
      // Reports
      ReportCommand.self, DiagramCommand.self, MapCommand.self,
      // Service
      Serve.self, ImportProtocols.self,
    ]
  )
}
