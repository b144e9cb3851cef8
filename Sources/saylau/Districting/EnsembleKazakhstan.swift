import ArgumentParser
import Foundation
import SaylauData
import SaylauDistricting
import SaylauReports

/// `saylau ensemble kazakhstan`: the region-nested ensemble of a constituency scheme from the user's
/// population (or electorate) table, the enacted plan's check with those numbers, and its place in it.
struct EnsembleKazakhstan: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kazakhstan",
    abstract:
      "Kazakhstan's constituencies from your population table: check it, run the region-nested ensemble, check and place the enacted plan.",
    discussion: """
      --table is a CSV with one row per unit of the scheme: a key column (unit: the registry's code such \
      as abai.semey_city; kato; or name, in English, Kazakh or Russian, with an optional region column), \
      a count column (population or electorate), and date and source on every row. Every unit must be \
      there once; region totals are compared with the registry's. Sauran (no polygon of its own) joins \
      the Kentau polygon's neighbours; Al-Farabi (split between Nos 6 and 7 in 2023) stays whole, and the \
      enacted plan is placed once with it wholly in each. A SYNTHETIC table says so in every output.
      """)

  @Option(help: "The population or electorate table (CSV).") var table: String
  @Option(help: "Constituency scheme.") var scheme: String = "2023"
  @OptionGroup var options: RunOptions
  @OptionGroup var variant: VariantOptions

  func run() throws {
    let (r, path) = (self.options, table)
    let kz = try KazakhstanEnsemble.fromTable(at: table, scheme: scheme)
    let settings = KazakhstanEnsembleOptions(
      steps: r.steps, seed: r.seed, epsilon: r.epsilon?.text ?? "0.1", chains: r.chains ?? 2,
      proposal: try variant.proposal(pairSelection: .districtPairs),
      checkpointEvery: r.checkpointEvery, resume: r.resume, threads: r.threadCount)
    let report: KazakhstanEnsembleReport
    do {
      report = try r.withProgress(chains: settings.chains) { p in
        try kz.study(in: EnsembleDirectory(path: r.out), options: settings, progress: p)
      }
      try EnsembleFigures.write(EnsembleDirectory(path: r.out), summary: report.summary)
    } catch KazakhstanEnsembleError.ensemble(let e) {
      throw userError(e, graph: path)
    } catch let e as EnsembleError { throw userError(e) }
    for w in report.summary.diagnostics?.warnings ?? [] { warn("warning: \(w)") }
    if r.output.json { return try printJSON(report) }
    print(EnsemblePages.kazakhstan(report).text())
  }
}
