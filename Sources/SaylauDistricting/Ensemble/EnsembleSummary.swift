/// What `summary.json` holds: the number of plans, each statistic's distribution, and how the run went.
public struct EnsembleSummary: Codable, Sendable {
  public var plans: Int
  /// By statistic name (the raw value of ``EnsembleStatistic``).
  public var distributions: [String: Distribution]
  /// Wall time of the chains (graph loading excluded), steps per second of this session, peak memory and
  /// threads: measured by the face that ran the chains.
  public var seconds: Double?
  public var stepsPerSecond: Double?
  public var peakRSSKilobytes: Int?
  public var threads: Int?
  /// R̂ and effective sample size of each statistic, acceptance and self-loop rates, plan diversity and
  /// warnings (``EnsembleDiagnostics``).
  public var diagnostics: EnsembleDiagnostics?
  /// The proposal the chains followed (``ProposalSettings/name``).
  public var variant: String?
  /// Bytes of the plan stores and per plan, when plans are kept.
  public var planStoreBytes: Int?
  public var planStoreBytesPerPlan: Double?

  /// The summary of an ensemble's values (``EnsembleDirectory/values(chains:)``).
  public init(values: [EnsembleStatistic: [Double]]) {
    plans = values[.cutEdges]?.count ?? 0
    distributions = Dictionary(
      uniqueKeysWithValues: values.map { ($0.key.rawValue, Distribution($0.value)) })
  }

  /// The summary of each chain's records, with their diagnostics.
  public init(chains records: [[StepRecord]]) {
    var values: [EnsembleStatistic: [Double]] = [:]
    for chain in records {
      for r in chain { for (s, v) in r.statistics { values[s, default: []].append(v) } }
    }
    self.init(values: values)
    diagnostics = EnsembleDiagnostics(chains: records)
  }
}
