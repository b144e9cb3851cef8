import Foundation
import SaylauCore

extension EnsembleRun {
  /// Runs (or resumes) the chains in `directory` and writes its `summary.json` with this session's timing:
  /// wall time, the rate of the steps run now (resumed ones left out), peak memory and threads.
  /// - Parameters:
  ///   - directory: a directory prepared for these settings (``EnsembleDirectory/prepare(for:resume:)``).
  ///   - resume: continue each chain from its checkpoint.
  ///   - threads: worker threads.
  ///   - progress: counts the steps done (for a progress bar).
  /// - Throws: ``EnsembleError`` of the first chain that failed, or of the directory.
  public func runAndSummarise(
    in directory: EnsembleDirectory, resume: Bool, threads: Int, progress: EnsembleProgress
  ) throws(EnsembleError) -> EnsembleSummary {
    let resumed = EnsembleProgress()
    let started = Date()
    try run(in: directory, resume: resume, threads: threads, progress: progress, resumed: resumed)
    let elapsed = Date().timeIntervalSince(started)
    var summary = try directory.summary()
    summary.seconds = elapsed
    summary.stepsPerSecond = Double(progress.value - resumed.value) / elapsed
    summary.peakRSSKilobytes = Self.peakRSSKilobytes()
    summary.threads = min(threads, settings.chains)
    try directory.write(summary)
    return summary
  }

  /// Peak resident memory of this process (getrusage, kilobytes on Linux).
  static func peakRSSKilobytes() -> Int {
    var usage = rusage()
    #if os(Linux)
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    return Int(usage.ru_maxrss)
  }
}

/// A plan placed in an ensemble, and whether its statistics were computed afresh from the stored plans.
public struct EnsembleComparison: Sendable {
  public var placement: EnsemblePlacement
  /// The number of stored plans read, or `nil` when the recorded statistics were used.
  public var storedPlans: Int?
}

extension EnsembleDirectory {
  /// Places a plan in this ensemble: among the stored plans when there are (statistics computed afresh,
  /// `splitColumn` counted), else against the recorded statistics.
  /// - Parameters:
  ///   - plan: `column:NAME` (a column of the ensemble's graph) or the path of a `unit,district` CSV.
  ///   - graph: the ensemble's graph.
  ///   - splitColumn: a grouping whose splits are counted (needs the plan store).
  ///   - recorded: use the recorded statistics even when the plans are stored.
  /// - Throws: ``EnsembleError`` for a plan that cannot be read or does not fit, or a missing plan store.
  public func compare(
    plan: String, graph: UnitGraph, splitColumn: String? = nil, recorded: Bool = false
  ) throws(EnsembleError) -> EnsembleComparison {
    let candidate: DistrictPlan
    if plan.hasPrefix("column:") {
      do { candidate = try DistrictPlan(column: String(plan.dropFirst(7)), of: graph) } catch {
        throw .graph(error)
      }
    } else {
      // The size is checked before the file is read.
      let bytes: [UInt8]
      do { bytes = try InputFile.read(plan, limit: CSVTable.maximumFileBytes) } catch {
        throw .file(path: plan, reason: error.message)
      }
      do {
        candidate = try PlanCSV.read(bytes: bytes, source: plan, knownUnits: Set(graph.names))
      } catch { throw .planFile(error) }
    }
    let settings = try settings()
    if !recorded && settings.keepsPlans
      && FileManager.default.fileExists(atPath: plansURL(chain: 0).path)
    {
      let stored = try placeAmongStoredPlans(candidate, graph: graph, splitColumn: splitColumn)
      return EnsembleComparison(placement: stored.placement, storedPlans: stored.plans)
    }
    if let splitColumn {
      throw .invalidSetting(
        field: "splitColumn", value: splitColumn, reason: "needs the ensemble's plan store")
    }
    return EnsembleComparison(placement: try place(candidate, graph: graph), storedPlans: nil)
  }
}
