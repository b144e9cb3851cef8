/// The settings an ensemble directory was made with (`settings.json`); resuming requires the same ones.
public struct EnsembleSettings: Codable, Equatable, Sendable {
  /// The graph, as the user named it (a file or a bundled graph).
  public var graph: String
  public var districts: Int
  /// Steps per chain.
  public var steps: Int
  public var seed: UInt64
  /// The population tolerance as written (`0.02`), kept as text so that it is read back exactly.
  public var epsilon: String
  public var chains: Int
  /// The node weight column.
  public var weight: String
  /// The column holding the initial plan; `nil` = a seeded recursive-tree plan.
  public var initial: String?
  /// The column of regions the districts must nest in.
  public var region: String?
  /// The column whose splits are counted.
  public var splitColumn: String?
  public var pairSelection: PairSelection
  public var checkpointEvery: Int

  public init(
    graph: String, districts: Int, steps: Int, seed: UInt64, epsilon: String, chains: Int,
    weight: String, initial: String? = nil, region: String? = nil, splitColumn: String? = nil,
    pairSelection: PairSelection = .districtPairs, checkpointEvery: Int = 1000
  ) {
    self.graph = graph
    self.districts = districts
    self.steps = steps
    self.seed = seed
    self.epsilon = epsilon
    self.chains = chains
    self.weight = weight
    self.initial = initial
    self.region = region
    self.splitColumn = splitColumn
    self.pairSelection = pairSelection
    self.checkpointEvery = checkpointEvery
  }

  /// The tolerance, exactly.
  /// - Throws: ``EnsembleError/invalidSetting(field:value:reason:)`` when `epsilon` is not a decimal in
  ///   `[0, 1)` (for instance in an edited `settings.json`).
  public func tolerance() throws(EnsembleError) -> Tolerance {
    guard let t = Tolerance(epsilon) else {
      throw .invalidSetting(
        field: "epsilon", value: epsilon, reason: "not a decimal in [0, 1) with at most 12 decimals"
      )
    }
    return t
  }

  /// Checks every setting that does not need the graph.
  /// - Throws: ``EnsembleError/invalidSetting(field:value:reason:)``.
  public func validate() throws(EnsembleError) {
    _ = try tolerance()
    guard steps >= 0 else {
      throw .invalidSetting(field: "steps", value: "\(steps)", reason: "negative")
    }
    guard chains >= 1 else {
      throw .invalidSetting(
        field: "chains", value: "\(chains)", reason: "at least one chain is needed")
    }
    guard checkpointEvery >= 1 else {
      throw .invalidSetting(
        field: "checkpointEvery", value: "\(checkpointEvery)", reason: "must be positive")
    }
    guard districts >= 2 else {
      throw .invalidSetting(
        field: "districts", value: "\(districts)", reason: "ReCom needs at least 2")
    }
    if region != nil && initial == nil {
      throw .invalidSetting(
        field: "region", value: region ?? "",
        reason: "nesting in regions needs an initial plan that nests (an initial column)")
    }
  }
}
