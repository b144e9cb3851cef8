import Foundation
import SaylauCore
import SaylauDistricting
import SaylauRegistry

/// Why the Kazakhstan ensemble cannot be set up or run: the bundled data, the scheme, the user's table, or
/// the ensemble itself.
public enum KazakhstanEnsembleError: Error, CustomStringConvertible, Sendable {
  case bundledData(String)
  case scheme(String, OfficialPlanError)
  case table(path: String, reason: String)
  case ensemble(EnsembleError)

  public var description: String {
    switch self {
    case .bundledData(let reason): return "bundled data: \(reason)"
    case .scheme(let s, let e): return "scheme \(s): \(e.description)"
    case .table(let path, let reason): return "\(path): \(reason)"
    case .ensemble(let e): return e.description
    }
  }
}

/// What a run chooses: length, seed, tolerance within each region, chains, proposal and threads.
public struct KazakhstanEnsembleOptions: Sendable {
  public var steps: Int
  public var seed: UInt64
  public var epsilon: String
  public var chains: Int
  public var proposal: ProposalSettings
  public var checkpointEvery: Int
  public var resume: Bool
  public var threads: Int

  public init(
    steps: Int, seed: UInt64 = 1, epsilon: String = "0.1", chains: Int = 2,
    proposal: ProposalSettings = ProposalSettings(), checkpointEvery: Int = 1000,
    resume: Bool = false, threads: Int = 1
  ) {
    self.steps = steps
    self.seed = seed
    self.epsilon = epsilon
    self.chains = chains
    self.proposal = proposal
    self.checkpointEvery = checkpointEvery
    self.resume = resume
    self.threads = threads
  }
}

/// The Kazakhstan study from a user's table: the table's facts, the ensemble's summary, the enacted plan
/// checked with those numbers and placed in the ensemble once for each way of making its split units whole.
public struct KazakhstanEnsembleReport: Encodable, Sendable {
  public var synthetic: Bool
  public var table: String
  public var measure: String
  public var scheme: String
  public var units: Int
  public var dates: [String]
  public var sources: [String]
  public var regionTotals: [RegionTotal]
  public var seatsPerRegion: [String: Int]
  public var epsilon: String
  public var directory: String
  public var summary: EnsembleSummary
  public var enactedCheck: CheckedPlan
  public var placements: [Alternative]

  /// The enacted plan with each split unit wholly in one of its constituencies, placed in the ensemble.
  public struct Alternative: Encodable, Sendable {
    public var wholeIn: [String: String]
    public var placements: [Placement]
  }
}

extension KazakhstanEnsemble {
  /// The ensemble of a scheme's constituencies from a population (or electorate) table on disk, checked
  /// against the bundled registry (every unit of the scheme once).
  /// - Parameters:
  ///   - path: the CSV table (unit code, KATO or name; count; date and source).
  ///   - scheme: the constituency scheme, e.g. `2023`.
  /// - Throws: ``KazakhstanEnsembleError``.
  public static func fromTable(at path: String, scheme: String) throws(KazakhstanEnsembleError)
    -> KazakhstanEnsemble
  {
    let registry: Registry
    let bundled: KazakhstanGraph
    do {
      registry = try BundledData.registry()
      bundled = try BundledData.kazakhstanGraph()
    } catch { throw .bundledData("\(error)") }
    let units: [String]
    do { units = try Self.units(scheme: scheme, registry: registry) } catch {
      throw .scheme(scheme, error)
    }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw .table(path: path, reason: "cannot read")
    }
    let counts: UnitCountTable
    do {
      counts = try UnitCountTable.read(csv: text, source: path, registry: registry, units: units)
    } catch { throw .table(path: path, reason: error.description) }
    do {
      return try KazakhstanEnsemble(
        registry: registry, kazakhstan: bundled, scheme: scheme, table: counts)
    } catch { throw .scheme(scheme, error) }
  }

  /// Runs the region-nested ensemble in `directory` (with the assembled graph as `graph.json`, so that
  /// the directory can be compared against), checks the enacted plan with the table's numbers, places it,
  /// and writes the report as `kazakhstan.json`.
  /// - Parameters:
  ///   - directory: the output directory.
  ///   - options: the run's settings.
  ///   - progress: counts the steps done.
  /// - Throws: ``KazakhstanEnsembleError``.
  public func study(
    in directory: EnsembleDirectory, options o: KazakhstanEnsembleOptions,
    progress: EnsembleProgress
  ) throws(KazakhstanEnsembleError) -> KazakhstanEnsembleReport {
    let graphURL = directory.url.appendingPathComponent("graph.json")
    var settings = self.settings(
      steps: o.steps, seed: o.seed, epsilon: o.epsilon, chains: o.chains, proposal: o.proposal)
    settings.graph = graphURL.path
    settings.checkpointEvery = o.checkpointEvery
    let summary: EnsembleSummary
    var alternatives: [KazakhstanEnsembleReport.Alternative] = []
    do throws(EnsembleError) {
      try settings.validate()
      let ensemble = try EnsembleRun(settings: settings, graph: graph)
      try directory.prepare(for: settings, resume: o.resume)
      do { try NetworkXJSON.write(graph).write(to: graphURL) } catch {
        throw .file(path: graphURL.path, reason: "cannot write (\(error.localizedDescription))")
      }
      summary = try ensemble.runAndSummarise(
        in: directory, resume: o.resume, threads: o.threads, progress: progress)
      let made: [(plan: DistrictPlan, wholeIn: [String: String])]
      do { made = try enactedAlternatives() } catch {
        throw .file(path: "scheme \(scheme)", reason: error.description)
      }
      for alt in made {
        let placed = try directory.place(alt.plan, graph: graph)
        alternatives.append(.init(wholeIn: alt.wholeIn, placements: placed.placements))
      }
    } catch { throw .ensemble(error) }
    let checked: CheckedPlan
    do {
      checked = try KazakhstanPlanChecker(registry: registry, graph: kazakhstan).checkEnacted(
        scheme: scheme)
    } catch { throw .scheme(scheme, error) }
    let report = KazakhstanEnsembleReport(
      synthetic: table.synthetic, table: table.sourceName, measure: table.measure.rawValue,
      scheme: scheme, units: table.rows.count, dates: table.dates.map(\.description),
      sources: table.sources, regionTotals: table.regionTotals(registry: registry),
      seatsPerRegion: seatsPerRegion, epsilon: o.epsilon, directory: directory.url.path,
      summary: summary, enactedCheck: checked, placements: alternatives)
    let url = directory.url.appendingPathComponent("kazakhstan.json")
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(report).write(to: url)
    } catch { throw .ensemble(.file(path: url.path, reason: "cannot write")) }
    return report
  }
}
