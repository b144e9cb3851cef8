import ArgumentParser
import Dispatch
import Foundation
import SaylauData
import SaylauDistricting
import SaylauReports

/// `saylau ensemble`: ReCom ensembles and comparisons.
struct Ensemble: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Sample district plans by ReCom and place a plan in the ensemble.",
    subcommands: [
      EnsembleRunCommand.self, EnsembleCompare.self, EnsembleValidate.self, EnsembleKazakhstan.self,
      EnsembleSubmit.self, EnsembleStatus.self, EnsembleCollect.self, EnsembleCancel.self,
    ], defaultSubcommand: EnsembleRunCommand.self)
}

struct EnsembleRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run ReCom chains: each plan's statistics (JSONL), the plans, diagnostics and SVGs.")

  @Option(help: "Graph: NetworkX adjacency JSON, GeoJSON, or 'kazakhstan'.") var graph: String
  @Option(help: "Number of districts.") var districts: Int
  @OptionGroup var options: RunOptions
  @Option(help: "Node weight column (default 'population').") var weight: String = "population"
  @Option(help: "Initial plan column (e.g. CD); default: a seeded recursive-tree plan.")
  var initial: String?
  @Option(help: "Region column: districts must nest in regions (needs --initial).") var region:
    String?
  @Option(help: "Column whose splits are counted (e.g. a county code).") var splitColumn: String?
  @Option(help: "How the two districts to merge are chosen.") var pairSelection: PairSelection =
    .districtPairs
  @OptionGroup var variant: VariantOptions
  @Flag(help: "Do not keep the plans (no chain-NNN.plans).") var noPlans = false
  @Flag(help: "Record only cut edges and deviation (for benchmarks).") var basic = false

  /// The settings these options describe (also what `ensemble submit` stores).
  func ensembleSettings() throws -> EnsembleSettings {
    let r = options
    return EnsembleSettings(
      graph: graph, districts: districts, steps: r.steps, seed: r.seed,
      epsilon: r.epsilon?.text ?? "0.02", chains: r.chains ?? 1, weight: weight, initial: initial,
      region: region,
      splitColumn: splitColumn, pairSelection: pairSelection, checkpointEvery: r.checkpointEvery,
      proposal: try variant.proposal(pairSelection: pairSelection), keepPlans: !noPlans)
  }

  func run() throws {
    let r = options
    let settings = try ensembleSettings()
    do { try settings.validate() } catch { throw userError(error) }
    let g = try BundledData.graph(graph).map.graph
    let ensemble: EnsembleRun
    do { ensemble = try EnsembleRun(settings: settings, graph: g, basicMetrics: basic) } catch {
      throw userError(error, graph: graph)
    }
    if !ensemble.base.isBalanced && !r.quiet {
      warn(
        "note: the initial plan is outside the tolerance; ReCom steps bring merged pairs within it")
    }
    let directory = EnsembleDirectory(path: r.out)
    let summary: EnsembleSummary
    do {
      try directory.prepare(for: settings, resume: r.resume)
      summary = try r.withProgress(chains: settings.chains) { p in
        try ensemble.runAndSummarise(
          in: directory, resume: r.resume, threads: r.threadCount, progress: p)
      }
      try EnsembleFigures.write(directory, summary: summary)
    } catch let e as EnsembleError { throw userError(e) }
    for w in summary.diagnostics?.warnings ?? [] { warn("warning: \(w)") }
    if r.output.json { return try printJSON(summary) }
    print(EnsemblePages.run(summary, settings: settings, directory: r.out).text())
  }
}

/// The options of a run shared by `ensemble run` and `ensemble kazakhstan`, and its progress bar.
struct RunOptions: ParsableArguments {
  @Option(help: "Steps per chain.") var steps: Int
  @Option(help: "Seed (the same seed gives the same plans everywhere).") var seed: UInt64 = 1
  @Option(
    help: "Population tolerance, a fraction of the (region's) ideal (run 0.02, kazakhstan 0.1).")
  var epsilon: Epsilon?
  @Option(help: "Independent chains, run on all cores (run 1, kazakhstan 2).") var chains: Int?
  @Option(help: "Threads (default: all cores).") var threads: Int?
  @Option(help: "Steps between checkpoints.") var checkpointEvery: Int = 1000
  @Option(help: "Output directory.") var out: String
  @Flag(help: "Continue an interrupted run in --out.") var resume = false
  @Flag(help: "No progress bar.") var quiet = false
  @OptionGroup var output: OutputOptions

  var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

  /// Runs `body` in the background with a progress bar on stderr (none with --quiet or --json).
  func withProgress<T: Sendable>(
    chains: Int, _ body: @escaping @Sendable (EnsembleProgress) throws -> T
  ) throws -> T {
    let progress = EnsembleProgress()
    let (total, started, box, done) = (
      steps * chains, Date(), Box<T>(), DispatchSemaphore(value: 0)
    )
    DispatchQueue.global().async {
      box.result = Result { try body(progress) }
      done.signal()
    }
    func draw() {
      let n = progress.value
      let filled = min(30, total > 0 ? 30 * n / total : 30)
      let rate = Double(n) / max(Date().timeIntervalSince(started), 1e-9)
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
      FileHandle.standardError.write(
        Data("\r[\(bar)] \(n)/\(total) steps, \(Int(rate)) steps/s".utf8))
    }
    let silent = quiet || output.json
    while done.wait(timeout: .now() + 0.25) == .timedOut { if !silent { draw() } }
    if !silent { draw() }
    if !silent { FileHandle.standardError.write(Data("\n".utf8)) }
    return try box.result!.get()
  }
}

private final class Box<T>: @unchecked Sendable { var result: Result<T, any Error>? }

func warn(_ line: String) { FileHandle.standardError.write(Data("\(line)\n".utf8)) }

struct EnsembleCompare: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare", abstract: "Place a plan in an ensemble: percentiles of each statistic.")

  @Argument(help: "Plan: CSV unit,district, or a column of the ensemble's graph as column:NAME.")
  var plan: String
  @Option(help: "Ensemble directory.") var ensemble: String
  @Option(help: "Count the splits of this column among the stored plans.") var splitColumn: String?
  @Flag(help: "Use the recorded statistics even when the plans are stored.") var recorded = false
  @OptionGroup var output: OutputOptions

  func run() throws {
    let directory = EnsembleDirectory(path: ensemble)
    do {
      let g = try BundledData.graph(try directory.settings().graph).map.graph
      let c = try directory.compare(
        plan: plan, graph: g, splitColumn: splitColumn, recorded: recorded)
      try EnsembleFigures.writeComparison(c.placement, in: directory)
      if output.json { return try printJSON(c.placement.placements) }
      print(EnsemblePages.comparison(c).text())
    } catch let e as EnsembleError {
      if case .invalidSetting = e { throw userError(e) }
      throw UserError("\(plan): \(e.description)")
    }
  }
}
