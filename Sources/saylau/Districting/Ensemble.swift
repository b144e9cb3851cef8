import ArgumentParser
import Dispatch
import Foundation
import SaylauDistricting
import SaylauReports

/// `saylau ensemble`: ReCom ensembles and comparisons.
struct Ensemble: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Sample district plans by ReCom and place a plan in the ensemble.",
    subcommands: [
      EnsembleRunCommand.self, EnsembleCompare.self, EnsembleSubmit.self, EnsembleStatus.self,
      EnsembleCollect.self, EnsembleCancel.self,
    ],
    defaultSubcommand: EnsembleRunCommand.self)
}

struct EnsembleRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract:
      "Run ReCom chains and write each plan's statistics (JSONL), distributions and SVG histograms."
  )

  @Option(help: "Graph: NetworkX adjacency JSON, GeoJSON, or 'kazakhstan'.") var graph:
    GraphArgument
  @Option(help: "Number of districts.") var districts: Int
  @Option(help: "Steps per chain.") var steps: Int
  @Option(help: "Seed (the same seed gives the same plans everywhere).") var seed: UInt64 = 1
  @Option(help: "Population tolerance as a fraction of the ideal, e.g. 0.02.") var epsilon =
    Epsilon(argument: "0.02")!
  @Option(help: "Independent chains (run on all cores).") var chains: Int = 1
  @Option(help: "Threads (default: all cores).") var threads: Int?
  @Option(help: "Node weight column (default 'population').") var weight: String = "population"
  @Option(help: "Initial plan column (e.g. CD); default: a seeded recursive-tree plan.")
  var initial: String?
  @Option(help: "Region column: districts must nest in regions (needs --initial).") var region:
    String?
  @Option(help: "Column whose splits are counted (e.g. a county code).") var splitColumn: String?
  @Option(help: "How the two districts to merge are chosen.") var pairSelection: PairSelection =
    .districtPairs
  @Option(help: "Steps between checkpoints.") var checkpointEvery: Int = 1000
  @Option(help: "Output directory.") var out: String
  @Flag(help: "Continue an interrupted run in --out.") var resume = false
  @Flag(help: "No progress bar.") var quiet = false
  @Flag(help: "Record only cut edges and deviation (skip compactness and splits; for benchmarks).")
  var basic = false
  @OptionGroup var output: OutputOptions

  /// The settings these options describe (also what `ensemble submit` stores).
  var ensembleSettings: EnsembleSettings {
    EnsembleSettings(
      graph: graph.description, districts: districts, steps: steps, seed: seed,
      epsilon: epsilon.text, chains: chains, weight: weight, initial: initial, region: region,
      splitColumn: splitColumn, pairSelection: pairSelection, checkpointEvery: checkpointEvery)
  }

  func run() throws {
    let settings = ensembleSettings
    do { try settings.validate() } catch { throw userError(error) }
    let g = try graph.load().map.graph
    let ensemble: EnsembleRun
    do { ensemble = try EnsembleRun(settings: settings, graph: g, basicMetrics: basic) } catch {
      throw userError(error, graph: graph.description)
    }
    if !ensemble.base.isBalanced && !quiet {
      FileHandle.standardError.write(
        Data(
          "note: the initial plan is outside the tolerance (max deviation \(ensemble.base.maxDeviation)); ReCom steps bring merged pairs within it\n"
            .utf8))
    }
    let directory = EnsembleDirectory(path: out)
    do { try directory.prepare(for: settings, resume: resume) } catch { throw userError(error) }
    let progress = EnsembleProgress()
    let resumedSteps = EnsembleProgress()
    let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
    let started = Date()
    let outcome = Outcome()
    let resuming = resume
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      do throws(EnsembleError) {
        try ensemble.run(
          in: directory, resume: resuming, threads: threadCount, progress: progress,
          resumed: resumedSteps)
      } catch {
        outcome.error = error
      }
      done.signal()
    }
    let totalSteps = steps * chains
    while done.wait(timeout: .now() + 0.25) == .timedOut {
      if !quiet { drawProgress(progress.value, totalSteps, started) }
    }
    if !quiet {
      drawProgress(progress.value, totalSteps, started)
      FileHandle.standardError.write(Data("\n".utf8))
    }
    if let error = outcome.error { throw userError(error) }
    let elapsed = Date().timeIntervalSince(started)
    var summary: EnsembleSummary
    do {
      let values = try directory.values(chains: chains)
      summary = EnsembleSummary(values: values)
      try directory.write(summary)
      try writeHistograms(values, to: directory, prefix: "")
    } catch { throw userError(error) }
    summary.seconds = elapsed
    summary.stepsPerSecond = Double(progress.value - resumedSteps.value) / elapsed  // this session only
    summary.peakRSSKilobytes = peakRSSKilobytes()
    summary.threads = min(threadCount, chains)
    if output.json { return try printJSON(summary) }
    print(
      "Ensemble in \(out): \(chains) chain(s) × \(steps) steps, \(String(format: "%.1f", elapsed)) s"
    )
    for (name, d) in summary.distributions.sorted(by: { $0.key < $1.key }) {
      print(
        "  \(name): mean \(fmt(d.mean)), 5% \(fmt(d.p5)), median \(fmt(d.p50)), 95% \(fmt(d.p95)) (n=\(d.count))"
      )
    }
  }
}

/// The failure of the background run, read after it has finished.
private final class Outcome: @unchecked Sendable {
  var error: EnsembleError?
}

private func fmt(_ x: Double) -> String { String(format: x.magnitude >= 100 ? "%.1f" : "%.4f", x) }

private func drawProgress(_ done: Int, _ total: Int, _ started: Date) {
  let width = 30
  let frac = total > 0 ? Double(done) / Double(total) : 1
  let filled = Int(frac * Double(width))
  let rate = Double(done) / max(Date().timeIntervalSince(started), 1e-9)
  let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
  FileHandle.standardError.write(
    Data("\r[\(bar)] \(done)/\(total) steps, \(Int(rate)) steps/s".utf8))
}

/// Peak resident memory of this process (getrusage, kilobytes on Linux).
private func peakRSSKilobytes() -> Int {
  var usage = rusage()
  #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  #else
    getrusage(RUSAGE_SELF, &usage)
  #endif
  return Int(usage.ru_maxrss)
}

/// One SVG histogram per statistic (`NAME.svg`, or `compare_NAME.svg` with a plan's values marked).
func writeHistograms(
  _ values: [EnsembleStatistic: [Double]], to directory: EnsembleDirectory, prefix: String,
  markers: [EnsembleStatistic: Double] = [:]
) throws(EnsembleError) {
  for (statistic, v) in values where prefix.isEmpty || markers[statistic] != nil {
    let url = directory.url.appendingPathComponent("\(prefix)\(statistic.rawValue).svg")
    do {
      try Histogram.svg(title: statistic.title, values: v, marker: markers[statistic])
        .write(to: url, atomically: true, encoding: .utf8)
    } catch { throw .file(path: url.path, reason: "cannot write (\(error.localizedDescription))") }
  }
}

struct EnsembleCompare: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare", abstract: "Place a plan in an ensemble: percentiles of each statistic.")

  @Argument(
    help: "Plan: CSV unit,district, or a column of the ensemble's graph given as column:NAME.")
  var plan: String
  @Option(help: "Ensemble directory.") var ensemble: String
  @OptionGroup var output: OutputOptions

  func run() throws {
    let directory = EnsembleDirectory(path: ensemble)
    let settings: EnsembleSettings
    do { settings = try directory.settings() } catch { throw userError(error) }
    let g = try GraphArgument(settings.graph).load().map.graph
    let candidate: DistrictPlan
    if plan.hasPrefix("column:") {
      do { candidate = try DistrictPlan(column: String(plan.dropFirst(7)), of: g) } catch {
        throw UserError(error.description)
      }
    } else {
      let text: String
      do { text = try String(contentsOfFile: plan, encoding: .utf8) } catch {
        throw UserError("\(plan): cannot read")
      }
      do { candidate = try PlanCSV.read(text, source: plan, knownUnits: Set(g.names)) } catch {
        throw UserError(error.description)
      }
    }
    let placed: EnsemblePlacement
    do {
      placed = try directory.place(candidate, graph: g)
      let markers = Dictionary(
        uniqueKeysWithValues: placed.placements.compactMap { p in
          EnsembleStatistic(rawValue: p.statistic).map { ($0, p.value) }
        })
      try writeHistograms(placed.values, to: directory, prefix: "compare_", markers: markers)
    } catch { throw UserError("\(plan): \(error.description)") }
    if output.json { return try printJSON(placed.placements) }
    for p in placed.placements {
      print(
        "\(p.statistic): \(fmt(p.value)) at the \(String(format: "%.1f", p.percentile))th percentile (ensemble median \(fmt(p.ensembleMedian)))"
      )
    }
  }
}
