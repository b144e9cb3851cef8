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

  /// The summary of an ensemble's values (``EnsembleDirectory/values(chains:)``).
  public init(values: [EnsembleStatistic: [Double]]) {
    plans = values[.cutEdges]?.count ?? 0
    distributions = Dictionary(
      uniqueKeysWithValues: values.map { ($0.key.rawValue, Distribution($0.value)) })
  }
}
