import ArgumentParser
import Foundation
import SaylauDistricting
import SaylauReports

extension SpanningTreeMethod: ExpressibleByArgument {}
extension CutChoice: ExpressibleByArgument {}

/// The options that choose the proposal (shared by `ensemble run` and `ensemble validate`).
struct VariantOptions: ParsableArguments {
  @Option(
    help:
      "Variant: recom, reversible, region-aware (GerryChain's surcharge and region-preferred cut) or frcw-region-aware."
  )
  var variant: VariantName = .recom
  @Option(
    help:
      "A region layer and its surcharge, COLUMN=WEIGHT (repeatable: several layers add up), e.g. COUNTYFP10=1."
  )
  var regionSurcharge: [String] = []
  @Option(help: "Spanning trees: uniform or random-mst (overrides the variant's).")
  var tree: SpanningTreeMethod?
  @Option(
    help: "Cut among balanced edges: uniform, region-preferred or most-surcharge (overrides).")
  var cutChoice: CutChoice?
  @Option(help: "Reversible ReCom's bound M on balanced edges per tree.") var balanceBound: Int = 30

  enum VariantName: String, ExpressibleByArgument, CaseIterable {
    case recom, reversible
    case regionAware = "region-aware"
    case frcwRegionAware = "frcw-region-aware"
  }

  func proposal(pairSelection: PairSelection) throws -> ProposalSettings {
    var layers: [RegionLayer] = []
    for text in regionSurcharge {
      guard let l = RegionLayer(text) else {
        throw UserError(
          "--region-surcharge \(text): expected COLUMN=WEIGHT with a weight of 0 or more")
      }
      layers.append(l)
    }
    var p: ProposalSettings
    switch variant {
    case .recom: p = ProposalSettings(pairSelection: pairSelection, regionLayers: layers)
    case .reversible:
      guard layers.isEmpty else {
        throw UserError("--variant reversible takes no --region-surcharge")
      }
      p = .reversible(balanceBound: balanceBound)
    case .regionAware, .frcwRegionAware:
      guard !layers.isEmpty else {
        throw UserError("--variant \(variant.rawValue) needs at least one --region-surcharge")
      }
      p =
        variant == .regionAware
        ? .regionAware(layers, pairSelection: pairSelection)
        : .frcwRegionAware(layers, pairSelection: pairSelection)
    }
    if let tree { p.tree = tree }
    if let cutChoice { p.cutChoice = cutChoice }
    if p.kind == .reversible && (p.tree != .uniform || p.cutChoice != .uniform) {
      throw UserError(
        "--variant reversible needs uniform trees and cuts (no --tree or --cut-choice)")
    }
    if p.cutChoice != .uniform && p.regionLayers.isEmpty {
      throw UserError("--cut-choice \(p.cutChoice.rawValue) needs at least one --region-surcharge")
    }
    return p
  }
}

/// The diagnostics in words: convergence per statistic, moves, diversity.
func printDiagnostics(_ d: EnsembleDiagnostics, summary: EnsembleSummary) {
  print("Diagnostics (trace plot: trace.svg):")
  for s in d.statistics {
    let r = s.rHat.map { String(format: "%.3f", $0) } ?? "–"
    let e = s.effectiveSampleSize.map { String(Int($0.rounded())) } ?? "–"
    print("  \(s.statistic): R-hat \(r), effective sample size \(e)")
  }
  var moves = "  acceptance \(String(format: "%.1f", 100 * d.acceptanceRate)) %"
  if let l = d.selfLoopRate { moves += ", self-loops \(String(format: "%.1f", 100 * l)) %" }
  if let n = d.distinctPlans, let p = d.planDiversity {
    moves += ", \(n) distinct plans (\(String(format: "%.1f", 100 * p)) % of steps)"
  }
  print(moves)
  var rejected: [String: Int] = [:]
  for c in d.chains { for (k, v) in c.rejections { rejected[k, default: 0] += v } }
  if !rejected.isEmpty {
    print(
      "  self-loops by reason: "
        + rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
          separator: ", "))
  }
  if let b = summary.planStoreBytesPerPlan, let total = summary.planStoreBytes {
    print("  plan store: \(total) bytes, \(String(format: "%.1f", b)) bytes per plan")
  }
}

/// `trace.svg`: the trace of every statistic, one line per chain, R-hat and ESS in the titles.
func writeTracePlot(
  _ directory: EnsembleDirectory, settings: EnsembleSettings, diagnostics: EnsembleDiagnostics?
) throws(EnsembleError) {
  let records = try directory.recordsByChain(chains: settings.chains)
  var panels: [TracePlot.Panel] = []
  for statistic in EnsembleStatistic.allCases where statistic.describesAPlan {
    let chains = records.map { chain in
      chain.compactMap { r in r.statistics.first { $0.0 == statistic }?.1 }
    }
    guard chains.contains(where: { !$0.isEmpty }) else { continue }
    let d = diagnostics?.statistics.first { $0.statistic == statistic.rawValue }
    var note: [String] = []
    if let r = d?.rHat { note.append(String(format: "R-hat %.3f", r)) }
    if let e = d?.effectiveSampleSize { note.append("ESS \(Int(e.rounded()))") }
    panels.append(
      TracePlot.Panel(
        title: statistic.title, chains: chains, note: note.joined(separator: ", "),
        warning: (d?.rHat ?? 1) > EnsembleDiagnostics.rHatWarning))
  }
  let url = directory.url.appendingPathComponent("trace.svg")
  do {
    try TracePlot.svg(
      title: "\(settings.proposal.name): \(settings.chains) chain(s) × \(settings.steps) steps",
      panels: panels
    ).write(to: url, atomically: true, encoding: .utf8)
  } catch { throw .file(path: url.path, reason: "cannot write (\(error.localizedDescription))") }
}

struct EnsembleValidate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract:
      "Run a variant on a small grid and compare its plans with the exact stationary distribution.",
    discussion: """
      Every balanced plan of the grid (population 1 per unit) is enumerated, the variant's exact \
      transition probabilities are computed from its rule, and the stationary distribution from them. \
      The chain's run is compared with it by total variation distance, against the distance that runs \
      of the exact chain itself give (same start and length): the sampling error. The grid's region \
      layer for region-aware variants is its west and east halves (the weights of --region-surcharge \
      are used, the column names are not).
      """)

  @Option(help: "Grid, WIDTHxHEIGHT (at most 64 units).") var grid: String = "4x4"
  @Option(help: "Number of districts.") var districts: Int = 4
  @Option(help: "Population tolerance (0: equal districts).") var epsilon = Epsilon(argument: "0")!
  @Option(help: "Steps of the run.") var steps: Int = 100_000
  @Option(help: "Seed.") var seed: UInt64 = 1
  @Option(help: "Runs of the exact chain for the sampling error.") var replicates: Int = 8
  @Option(help: "How the two districts to merge are chosen.") var pairSelection: PairSelection =
    .districtPairs
  @OptionGroup var variant: VariantOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let parts = grid.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, parts[0] >= 1, parts[1] >= 1, parts[0] * parts[1] <= 64 else {
      throw UserError("--grid \(grid): expected WIDTHxHEIGHT with at most 64 units, e.g. 5x5")
    }
    var proposal = try variant.proposal(pairSelection: pairSelection)
    proposal.regionLayers = proposal.regionLayers.map {
      RegionLayer(column: "half", weight: $0.weight)
    }
    let report: ExactValidationReport
    do {
      report = try validateAgainstExactDistribution(
        width: parts[0], height: parts[1], districts: districts, epsilon: epsilon.text,
        proposal: proposal, steps: steps, seed: seed, replicates: replicates)
    } catch { throw UserError(error.description) }
    if output.json { return try printJSON(report) }
    print(
      "\(report.variant) on \(report.graph) into \(report.districts), ε \(report.epsilon): \(report.plans) balanced plans, \(report.steps) steps"
    )
    print(
      String(
        format: "  plans: TV %.4f (sampling alone: %.4f ± %.4f, %d runs of the exact chain)",
        report.totalVariation, report.referenceMean, report.referenceSD, report.replicates))
    print(
      String(
        format: "  cut edges: TV %.4f (sampling alone: %.4f ± %.4f)",
        report.cutEdgesTotalVariation, report.cutEdgesReferenceMean, report.cutEdgesReferenceSD))
    print(
      String(
        format: "  self-loops: %.2f %% (exactly %.2f %%)", 100 * report.selfLoopRate,
        100 * report.exactSelfLoopRate))
    print(report.passed ? "  agrees within sampling error" : "  DISAGREES beyond 4 standard errors")
    if !report.passed { throw ExitCode(1) }
  }
}
