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
    let assignment: Assignment
    do { assignment = try plan.assignment(on: graph) } catch { throw .plan(error) }
    guard assignment.districtCount == settings.districts else {
      throw .districtCount(plan: assignment.districtCount, ensemble: settings.districts)
    }
    let weights: [Int]
    let metrics: PlanMetrics
    do {
      weights = try graph.integerWeights(settings.weight)
      metrics = try PlanMetrics(graph: graph, splitColumn: settings.splitColumn)
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
    let own = metrics.record(chain: -1, step: 0, graph: graph, plan: chain)
    let values = try values(chains: settings.chains)
    var placements: [Placement] = []
    for (statistic, value) in own.statistics.sorted(by: { $0.0.rawValue < $1.0.rawValue })
    where statistic.describesAPlan {
      guard let v = values[statistic], !v.isEmpty else { continue }
      placements.append(Placement(statistic: statistic, value: value, among: v))
    }
    return EnsemblePlacement(placements: placements, values: values)
  }
}
