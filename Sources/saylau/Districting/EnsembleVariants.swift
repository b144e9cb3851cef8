import ArgumentParser
import Foundation
import SaylauDistricting
import SaylauReports

extension SpanningTreeMethod: ExpressibleByArgument {}
extension CutChoice: ExpressibleByArgument {}
extension ProposalVariant: ExpressibleByArgument {}
extension RegionLayer: ExpressibleByArgument {
  public init?(argument: String) { self.init(argument) }
}

/// The options that choose the proposal (shared by `ensemble run`, `validate` and `kazakhstan`).
struct VariantOptions: ParsableArguments {
  @Option(help: "Variant: recom, reversible, region-aware (GerryChain's) or frcw-region-aware.")
  var variant: ProposalVariant = .recom
  @Option(help: "A region layer and its surcharge, COLUMN=WEIGHT (repeatable, the layers add up).")
  var regionSurcharge: [RegionLayer] = []
  @Option(help: "Spanning trees: uniform or random-mst (overrides the variant's).")
  var tree: SpanningTreeMethod?
  @Option(help: "Cut among balanced edges: uniform, region-preferred or most-surcharge.")
  var cutChoice: CutChoice?
  @Option(help: "Reversible ReCom's bound M on balanced edges per tree.") var balanceBound: Int = 30

  func proposal(pairSelection: PairSelection) throws -> ProposalSettings {
    do {
      return try ProposalSettings(
        variant: variant, regionLayers: regionSurcharge, tree: tree, cutChoice: cutChoice,
        balanceBound: balanceBound, pairSelection: pairSelection)
    } catch { throw userError(error) }
  }
}

struct EnsembleValidate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract:
      "Run a variant on a small grid and compare it with the exact stationary distribution.",
    discussion: """
      Every balanced plan of the grid (population 1 per unit) is enumerated and the variant's exact \
      stationary distribution computed from its transition rule; the run is compared with it by total \
      variation distance, against the distance that runs of the exact chain give (the sampling error). \
      Region-aware variants use the grid's west and east halves as their layer (with the given weights).
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
    let size = grid.lowercased().split(separator: "x").compactMap { Int($0) }
    guard size.count == 2, size.allSatisfy({ $0 >= 1 }), size[0] * size[1] <= 64 else {
      throw UserError("--grid \(grid): expected WIDTHxHEIGHT with at most 64 units, e.g. 5x5")
    }
    var proposal = try variant.proposal(pairSelection: pairSelection)
    proposal.regionLayers = proposal.regionLayers.map {
      RegionLayer(column: "half", weight: $0.weight)
    }
    let report: ExactValidationReport
    do {
      report = try validateAgainstExactDistribution(
        width: size[0], height: size[1], districts: districts, epsilon: epsilon.text,
        proposal: proposal, steps: steps, seed: seed, replicates: replicates)
    } catch { throw UserError(error.description) }
    if output.json { try printJSON(report) } else { print(EnsemblePages.validation(report).text()) }
    if !report.passed { throw ExitCode(1) }
  }
}
