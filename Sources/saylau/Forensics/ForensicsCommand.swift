import ArgumentParser
import SaylauElections
import SaylauForensics
import SaylauReports

/// `saylau forensics …`: remarkable results (SaylauForensics), printed as SaylauReports documents.
struct ForensicsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forensics", abstract: "Remarkable results: flags and distribution tests.",
    subcommands: [Analyse.self, Generate.self, Validate.self], defaultSubcommand: Analyse.self)

  struct Analyse: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Flag protocols, test distributions.")
    @Argument(help: "Protocol files (.csv, or .json).") var files: [String]
    @Option(help: "Election: a year or an id.") var election: String
    @Option(help: "Precinct register CSV (precinct,district).") var districts: String?
    @Option(help: "Correction files, in order (old versions kept).") var corrections: [String] = []
    @Option(help: "Constituency candidates CSV.") var candidates: String?
    @Flag(help: "Analyse the valid protocols even if some are rejected.") var acceptValid = false
    @Option(help: "Answer key CSV (precinct,doctoring): score the flags.") var known: String?
    @Option(help: "Also write a static report into this folder.") var report: String?
    @Flag(help: "List every flag and every area's tests.") var all = false
    @Option(help: "Seed of every simulation.") var seed: UInt64 = 1
    @Option(help: "Draws of each simulated null distribution.") var simulations = 1000
    @Option(help: "Test this ballot only: list or constituency.") var ballot: BallotType?
    @OptionGroup var output: OutputOptions
    func run() throws {
      let choice = try ElectionChoice(election)
      let files = ForensicFiles(
        protocols: files, corrections: corrections, districts: districts, candidates: candidates,
        answerKey: known, acceptValid: acceptValid)
      let settings = ForensicSettings(seed: seed, simulations: simulations, ballot: ballot)
      let run = try choice.forensics(files, settings: settings)
      if let report {
        let context = try ReportData.context(election, quiet: true)
        let site = ReportSite.forensicsFiles(run.report, context: context, standalone: true)
        try ReportData.write(site, into: report)
        printErr("wrote \(site.count) files of the forensic report to \(report)")
      }
      guard !output.json else { return try printJSON(run.json) }
      print(ForensicsReport.summary(run, election: choice.published.election.id, all: all).text())
    }
  }

  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A SYNTHETIC election.")
    @Option(help: "Seed.") var seed: UInt64
    @Option(help: "Number of precincts.") var precincts = 10_000
    @Option(help: "Percent of precincts doctored.") var doctored = 0
    @Option(help: "Election whose parties and constituencies are used.") var election = "2023"
    @Option(help: "Folder to write the files into.") var out: String
    func run() throws {
      let schema = try ElectionChoice(election).schema
      let synthetic = SyntheticElection(
        seed: seed, precincts: precincts, schema: schema, doctoredPercent: doctored)
      let generated = try UserError.wrap { try synthetic.checked() }.generate()
      for f in generated.files() { try ReportData.write(f.contents, to: out + "/" + f.name) }
      print("SYNTHETIC: \(precincts) precincts, \(generated.doctored.count) doctored, in \(out)")
    }
  }

  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recall and false positives.")
    @Option(help: "Number of elections (seeds first-seed, first-seed + 1, …).") var elections = 20
    @Option(help: "The first seed.") var firstSeed: UInt64 = 1
    @Option(help: "Precincts per election.") var precincts = 10_000
    @Option(help: "Percent of precincts doctored in each doctored run.") var doctored = 5
    @Option(help: "Draws of each simulated null distribution.") var simulations = 200
    @Option(help: "Election whose parties and constituencies are used.") var election = "2023"
    @OptionGroup var output: OutputOptions
    func run() throws {
      let validation = ForensicValidation(
        firstSeed: firstSeed, elections: elections, precincts: precincts, doctoredPercent: doctored,
        schema: try ElectionChoice(election).schema, simulations: simulations)
      let progress = { (done: Int) in printErr("SYNTHETIC: \(done) of \(elections) elections") }
      let result = try UserError.wrap { try validation.run(progress: progress) }
      try output.json ? printJSON(result) : print(ForensicsReport.validation(result).text())
    }
  }
}
