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
  /// The chain's kind (`nil`: ReCom).
  public var kind: ProposalKind?
  /// The spanning trees (`nil`: uniform).
  public var tree: SpanningTreeMethod?
  /// The choice among balanced edges (`nil`: uniform).
  public var cutChoice: CutChoice?
  /// Region layers with their surcharges (`nil`: none).
  public var regionLayers: [RegionLayer]?
  /// Reversible ReCom's bound on balanced edges (`nil`: 30).
  public var balanceBound: Int?
  /// Whether every plan is kept in the compact plan store (`chain-NNN.plans`); `nil`: yes.
  public var keepPlans: Bool?
  /// Districts of each region (a value of the `region` column), for a seeded initial plan that nests in
  /// the regions; with it, `region` needs no `initial`.
  public var regionSeats: [String: Int]?

  public init(
    graph: String, districts: Int, steps: Int, seed: UInt64, epsilon: String, chains: Int,
    weight: String, initial: String? = nil, region: String? = nil, splitColumn: String? = nil,
    pairSelection: PairSelection = .districtPairs, checkpointEvery: Int = 1000,
    proposal: ProposalSettings? = nil, keepPlans: Bool = true
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
    if let p = proposal {
      self.pairSelection = p.pairSelection
      let d = ProposalSettings()
      kind = p.kind == d.kind ? nil : p.kind
      tree = p.tree == d.tree ? nil : p.tree
      cutChoice = p.cutChoice == d.cutChoice ? nil : p.cutChoice
      regionLayers = p.regionLayers.isEmpty ? nil : p.regionLayers
      balanceBound = p.kind == .reversible ? p.balanceBound : nil
    }
    self.keepPlans = keepPlans ? nil : false
  }

  /// The proposal these settings describe.
  public var proposal: ProposalSettings {
    ProposalSettings(
      kind: kind ?? .recom, pairSelection: pairSelection, tree: tree ?? .uniform,
      cutChoice: cutChoice ?? .uniform, regionLayers: regionLayers ?? [],
      balanceBound: balanceBound ?? 30)
  }

  /// Whether the plans are kept (``keepPlans``, default yes).
  public var keepsPlans: Bool { keepPlans ?? true }

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
    if kind == .reversible && (tree ?? .uniform) != .uniform
      || kind == .reversible
        && (cutChoice ?? .uniform) != .uniform
    {
      throw .invalidSetting(
        field: "kind", value: "reversible",
        reason: "reversible ReCom needs uniform spanning trees and a uniformly chosen cut")
    }
    if let m = balanceBound, m < 1 {
      throw .invalidSetting(field: "balanceBound", value: "\(m)", reason: "must be positive")
    }
    if (cutChoice ?? .uniform) != .uniform && (regionLayers ?? []).isEmpty {
      throw .invalidSetting(
        field: "cutChoice", value: cutChoice?.rawValue ?? "",
        reason: "a region-aware cut needs at least one region layer")
    }
    if let seats = regionSeats {
      guard seats.values.allSatisfy({ $0 >= 1 }), seats.values.reduce(0, +) == districts else {
        throw .invalidSetting(
          field: "regionSeats", value: "\(seats.values.reduce(0, +))",
          reason: "the regions' districts must be at least 1 each and add up to \(districts)")
      }
    }
    if region != nil && initial == nil && regionSeats == nil {
      throw .invalidSetting(
        field: "region", value: region ?? "",
        reason: "nesting in regions needs an initial plan that nests (an initial column)")
    }
  }
}
