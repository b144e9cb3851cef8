/// Where one plan's statistic falls in an ensemble.
public struct Placement: Codable, Sendable, Equatable {
  public var statistic: String
  public var value: Double
  /// Share of ensemble plans below the value (ties count half), in percent.
  public var percentile: Double
  public var ensembleMedian: Double

  /// Places `value` among `values` (which must not be empty).
  public init(statistic: EnsembleStatistic, value: Double, among values: [Double]) {
    let below = values.filter { $0 < value }.count
    let equal = values.filter { $0 == value }.count
    self.statistic = statistic.rawValue
    self.value = value
    percentile = 100 * (Double(below) + 0.5 * Double(equal)) / Double(values.count)
    ensembleMedian = Distribution(values).p50
  }
}

/// A plan placed in an ensemble: each statistic's placement, with the ensemble's values (for histograms).
public struct EnsemblePlacement: Sendable {
  public var placements: [Placement]
  public var values: [EnsembleStatistic: [Double]]

  /// Places each statistic of a plan's record that describes a plan among the ensemble's `values`.
  init(_ own: StepRecord, among values: [EnsembleStatistic: [Double]]) {
    placements = own.statistics.sorted { $0.0.rawValue < $1.0.rawValue }.compactMap { s, value in
      guard s.describesAPlan, let v = values[s], !v.isEmpty else { return nil }
      return Placement(statistic: s, value: value, among: v)
    }
    self.values = values
  }
}

extension EnsembleDirectory {
  /// Places `plan` in this ensemble: the plan's statistics, computed as the chains compute them, against
  /// the distribution of every statistic the ensemble recorded.
  /// - Parameters:
  ///   - plan: the plan, one district per unit of `graph`.
  ///   - graph: the graph the ensemble's settings name.
  /// - Throws: ``EnsembleError`` for a plan that does not fit the ensemble (districts, units, nesting).
  public func place(_ plan: DistrictPlan, graph: UnitGraph) throws(EnsembleError)
    -> EnsemblePlacement
  {
    let settings = try settings()
    let (own, _, _) = try ownRecord(plan, graph: graph, settings: settings, splitColumn: nil)
    let values = try values(chains: settings.chains)
    return EnsemblePlacement(own, among: values)
  }
}

extension EnsembleDirectory {
  /// The plan's own statistics, recorded as the chains record theirs, with the chain and metrics that
  /// recorded them (to read stored plans with).
  private func ownRecord(
    _ plan: DistrictPlan, graph: UnitGraph, settings: EnsembleSettings, splitColumn: String?
  ) throws(EnsembleError) -> (StepRecord, ReComChain, PlanMetrics) {
    let assignment: Assignment
    do { assignment = try plan.assignment(on: graph) } catch { throw .plan(error) }
    guard assignment.districtCount == settings.districts else {
      throw .districtCount(plan: assignment.districtCount, ensemble: settings.districts)
    }
    let weights: [Int]
    let metrics: PlanMetrics
    do {
      weights = try graph.integerWeights(settings.weight)
      metrics = try PlanMetrics(graph: graph, splitColumn: splitColumn ?? settings.splitColumn)
    } catch { throw .graph(error) }
    var regions: [Int]? = nil
    if let r = settings.region {
      regions = try EnsembleRun.columnAssignment(r, graph).districtOfNode
    }
    let tolerance = try settings.tolerance()
    let chain: ReComChain
    do {
      chain = try ReComChain(
        graph: graph, weights: weights, assignment: assignment, tolerance: tolerance,
        regions: regions, proposal: settings.proposal)
    } catch { throw .chain(error) }
    return (metrics.record(chain: -1, step: 0, graph: graph, plan: chain), chain, metrics)
  }

  /// Places `plan` among the ensemble's stored plans (``PlanStore``), each plan's statistics computed
  /// now from the plan itself: with the graph's compactness data and `splitColumn` (which need not have
  /// been recorded by the run, e.g. a run with basic metrics, or another grouping's splits).
  /// - Parameters:
  ///   - plan: the plan, one district per unit of `graph`.
  ///   - graph: the graph the ensemble's settings name.
  ///   - splitColumn: the grouping whose splits are counted (`nil`: the ensemble's own).
  /// - Returns: the placement and the number of stored plans read.
  /// - Throws: ``EnsembleError`` for a plan that does not fit, or plan stores that cannot be read.
  public func placeAmongStoredPlans(
    _ plan: DistrictPlan, graph: UnitGraph, splitColumn: String? = nil
  ) throws(EnsembleError) -> (placement: EnsemblePlacement, plans: Int) {
    let settings = try settings()
    let (own, start, metrics) = try ownRecord(
      plan, graph: graph, settings: settings, splitColumn: splitColumn)
    var chain = start
    var values: [EnsembleStatistic: [Double]] = [:]
    var count = 0
    for c in 0..<settings.chains {
      let url = plansURL(chain: c)
      do {
        let reader = try PlanStoreReader(url: url)
        guard reader.nodeCount == graph.nodeCount else {
          throw EnsembleError.file(path: url.path, reason: "stores plans of another graph")
        }
        try reader.forEachPlan { _, p in
          try chain.restore(assignment: p)
          let r = metrics.record(chain: c, step: 0, graph: graph, plan: chain)
          for (s, v) in r.statistics where s.describesAPlan { values[s, default: []].append(v) }
          count += 1
        }
      } catch let e as EnsembleError {
        throw e
      } catch let e as PlanStoreError {
        throw .file(path: e.path, reason: e.reason)
      } catch let e as ReComError {
        throw .chain(e)
      } catch {
        throw .file(path: url.path, reason: "\(error)")
      }
    }
    return (EnsemblePlacement(own, among: values), count)
  }
}
