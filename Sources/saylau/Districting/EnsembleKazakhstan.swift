import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauDistricting
import SaylauRegistry
import SaylauReports

/// `saylau ensemble kazakhstan`: the region-nested ensemble of a constituency scheme from the user's
/// population (or electorate) table, the enacted plan's check with those numbers, and its place in the
/// ensemble.
struct EnsembleKazakhstan: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kazakhstan",
    abstract:
      "Kazakhstan's constituencies from your population table: check it, run the region-nested ensemble, check and place the enacted plan.",
    discussion: """
      --table is a CSV with one row per unit of the scheme: a key column (unit: the registry's code such \
      as abai.semey_city; kato: the KATO code; or name: in English, Kazakh or Russian, with an optional \
      region column for names two regions share), a count column (population or electorate), and date \
      and source on every row. Every unit must be there once; region totals are compared with the \
      registry's populations where it has them. The ensemble nests the constituencies in the regions with \
      the scheme's seats per region. Sauran (no polygon of its own) is a unit joined to the Kentau polygon's \
      unit and its neighbours. Al-Farabi (Shymkent), split between Nos 6 and 7 in 2023, stays whole in \
      the ensemble; the enacted plan is placed once with it wholly in each. A table marked SYNTHETIC \
      (synthetic column, or a source starting with SYNTHETIC) says so in every output.
      """)

  @Option(help: "The population or electorate table (CSV).") var table: String
  @Option(help: "Constituency scheme.") var scheme: String = "2023"
  @Option(help: "Steps per chain.") var steps: Int
  @Option(help: "Seed.") var seed: UInt64 = 1
  @Option(help: "Population tolerance within each region, as a fraction of its ideal.")
  var epsilon =
    Epsilon(argument: "0.1")!
  @Option(help: "Independent chains.") var chains: Int = 2
  @Option(help: "Threads (default: all cores).") var threads: Int?
  @Option(help: "Steps between checkpoints.") var checkpointEvery: Int = 1000
  @Option(help: "Output directory.") var out: String
  @Flag(help: "Continue an interrupted run in --out.") var resume = false
  @Flag(help: "No progress bar.") var quiet = false
  @OptionGroup var variant: VariantOptions
  @OptionGroup var output: OutputOptions

  struct Report: Encodable {
    var synthetic: Bool
    var table: String
    var measure: String
    var units: Int
    var dates: [String]
    var sources: [String]
    var regionTotals: [RegionTotal]
    var seatsPerRegion: [String: Int]
    var summary: EnsembleSummary
    var enactedCheck: CheckedPlan
    var placements: [Alternative]
    struct Alternative: Encodable {
      var wholeIn: [String: String]
      var placements: [Placement]
    }
  }

  func run() throws {
    let registry: Registry
    let bundled: KazakhstanGraph
    do {
      registry = try BundledData.registry()
      bundled = try BundledData.kazakhstanGraph()
    } catch { throw UserError("bundled data: \(error)") }
    let units: [String]
    do { units = try KazakhstanEnsemble.units(scheme: scheme, registry: registry) } catch {
      throw UserError("--scheme \(scheme): \(error.description)")
    }
    let text: String
    do { text = try String(contentsOfFile: table, encoding: .utf8) } catch {
      throw UserError("\(table): cannot read")
    }
    let counts: UnitCountTable
    do {
      counts = try UnitCountTable.read(csv: text, source: table, registry: registry, units: units)
    } catch { throw UserError(error.description) }
    let kz: KazakhstanEnsemble
    do {
      kz = try KazakhstanEnsemble(
        registry: registry, kazakhstan: bundled, scheme: scheme, table: counts)
    } catch { throw UserError(error.description) }
    let mark = counts.synthetic ? "SYNTHETIC " : ""
    let totals = counts.regionTotals(registry: registry)
    if !output.json {
      if counts.synthetic {
        print("SYNTHETIC: the table says it is generated data, not real counts.")
      }
      print(
        "\(mark)\(counts.measure.rawValue) table \(table): \(counts.rows.count) units, every unit of scheme \(scheme) once; dates \(counts.dates.map(\.description).joined(separator: ", ")); source \(counts.sources.joined(separator: "; "))"
      )
      for t in totals {
        var line = "  \(t.region): \(t.total)"
        if let r = t.registryPopulation, let d = t.differencePercent {
          line +=
            " (registry \(r)\(t.registryDate.map { " on \($0)" } ?? ""): \(String(format: "%+.2f", d)) %)"
        }
        line += ", \(kz.seatsPerRegion[t.region] ?? 0) seat(s)"
        print(line)
      }
    }
    // The ensemble's directory holds the assembled graph, so that `ensemble compare` can read it.
    let directory = EnsembleDirectory(path: out)
    let graphURL = directory.url.appendingPathComponent("graph.json")
    var settings = kz.settings(
      steps: steps, seed: seed, epsilon: epsilon.text, chains: chains,
      proposal: try variant.proposal(pairSelection: .districtPairs))
    settings.graph = graphURL.path
    settings.checkpointEvery = checkpointEvery
    do { try settings.validate() } catch { throw userError(error) }
    let ensemble: EnsembleRun
    do { ensemble = try EnsembleRun(settings: settings, graph: kz.graph) } catch {
      throw userError(error, graph: table)
    }
    do { try directory.prepare(for: settings, resume: resume) } catch { throw userError(error) }
    do { try NetworkXJSON.write(kz.graph).write(to: graphURL) } catch {
      throw UserError("\(graphURL.path): cannot write (\(error.localizedDescription))")
    }
    let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
    let timing = try runWithProgress(
      ensemble, in: directory, resume: resume, threads: threadCount, quiet: quiet || output.json,
      totalSteps: steps * chains)
    var summary: EnsembleSummary
    do {
      summary = try directory.summary()
      summary.seconds = timing.seconds
      summary.stepsPerSecond = timing.stepsPerSecond
      summary.threads = min(threadCount, chains)
      try directory.write(summary)
      try writeTracePlot(directory, settings: settings, diagnostics: summary.diagnostics)
    } catch { throw userError(error) }
    // The enacted plan, checked with the table's numbers, and placed for each way of making it whole.
    let checker = KazakhstanPlanChecker(registry: registry, graph: kz.kazakhstan)
    let checked: CheckedPlan
    do { checked = try checker.checkEnacted(scheme: scheme) } catch {
      throw UserError(error.description)
    }
    var alternatives: [Report.Alternative] = []
    do {
      for alt in try kz.enactedAlternatives() {
        let placed = try directory.place(alt.plan, graph: kz.graph)
        alternatives.append(Report.Alternative(wholeIn: alt.wholeIn, placements: placed.placements))
      }
    } catch let e as EnsembleError {
      throw userError(e)
    } catch { throw UserError("\(error)") }
    let report = Report(
      synthetic: counts.synthetic, table: table, measure: counts.measure.rawValue,
      units: counts.rows.count, dates: counts.dates.map(\.description), sources: counts.sources,
      regionTotals: totals, seatsPerRegion: kz.seatsPerRegion, summary: summary,
      enactedCheck: checked, placements: alternatives)
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(report).write(to: directory.url.appendingPathComponent("kazakhstan.json"))
    } catch { throw UserError("\(out)/kazakhstan.json: cannot write") }
    for w in summary.diagnostics?.warnings ?? [] {
      FileHandle.standardError.write(Data("warning: \(w)\n".utf8))
    }
    if output.json { return try printJSON(report) }
    print(
      "\(mark)Ensemble in \(out): \(chains) chain(s) × \(steps) steps, \(settings.districts) constituencies nested in \(kz.seatsPerRegion.count) regions, ε \(epsilon.text) of each region's ideal"
    )
    if let d = summary.diagnostics { printDiagnostics(d, summary: summary) }
    print("")
    print("\(mark)The enacted \(scheme) plan with these numbers:")
    print(PlanCheckPage.document(checked).text())
    print("")
    print("\(mark)Its place in the ensemble:")
    for alt in alternatives {
      let choice = alt.wholeIn.sorted { $0.key < $1.key }.map {
        "\($0.key) wholly in No. \($0.value)"
      }
      print("  " + (choice.isEmpty ? "as enacted" : choice.joined(separator: ", ")) + ":")
      for p in alt.placements {
        print(
          "    \(p.statistic): \(fmt(p.value)) at the \(String(format: "%.1f", p.percentile))th percentile (ensemble median \(fmt(p.ensembleMedian)))"
        )
      }
    }
    if alternatives.count > 1 {
      let names = Set(alternatives.flatMap { $0.placements.map(\.statistic) })
      for s in names.sorted() {
        let ps = alternatives.compactMap { a in a.placements.first { $0.statistic == s }?.percentile
        }
        if let lo = ps.min(), let hi = ps.max(), hi - lo >= 0.05 {
          print(
            "  \(s) depends on how the split unit is made whole: \(String(format: "%.1f", lo))th to \(String(format: "%.1f", hi))th percentile"
          )
        }
      }
    }
  }
}

/// Runs an ensemble with the progress bar on stderr; the chains' wall time and this session's rate.
func runWithProgress(
  _ ensemble: EnsembleRun, in directory: EnsembleDirectory, resume: Bool, threads: Int, quiet: Bool,
  totalSteps: Int
) throws -> (seconds: Double, stepsPerSecond: Double) {
  let progress = EnsembleProgress()
  let resumedSteps = EnsembleProgress()
  let started = Date()
  let failure = RunFailure()
  let done = DispatchSemaphore(value: 0)
  DispatchQueue.global().async {
    do throws(EnsembleError) {
      try ensemble.run(
        in: directory, resume: resume, threads: threads, progress: progress, resumed: resumedSteps)
    } catch {
      failure.error = error
    }
    done.signal()
  }
  func draw() {
    let width = 30
    let done = progress.value
    let frac = totalSteps > 0 ? Double(done) / Double(totalSteps) : 1
    let filled = min(width, Int(frac * Double(width)))
    let rate = Double(done) / max(Date().timeIntervalSince(started), 1e-9)
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    FileHandle.standardError.write(
      Data("\r[\(bar)] \(done)/\(totalSteps) steps, \(Int(rate)) steps/s".utf8))
  }
  while done.wait(timeout: .now() + 0.25) == .timedOut { if !quiet { draw() } }
  if !quiet {
    draw()
    FileHandle.standardError.write(Data("\n".utf8))
  }
  if let error = failure.error { throw userError(error) }
  let elapsed = Date().timeIntervalSince(started)
  return (elapsed, Double(progress.value - resumedSteps.value) / elapsed)
}

/// The failure of a background run, read after it has finished.
private final class RunFailure: @unchecked Sendable {
  var error: EnsembleError?
}
