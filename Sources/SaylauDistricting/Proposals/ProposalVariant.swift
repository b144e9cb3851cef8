/// The proposals a user names: GerryChain's ReCom, reversible ReCom, and the two region-aware rules.
public enum ProposalVariant: String, Sendable, Codable, CaseIterable {
  case recom, reversible
  /// GerryChain's region surcharge with its region-preferred cut.
  case regionAware = "region-aware"
  /// frcw's region-aware ReCom (random-MST trees, the cut with the most surcharge).
  case frcwRegionAware = "frcw-region-aware"
}

extension ProposalSettings {
  /// The proposal of a named variant with a user's overrides, checked for consistency.
  /// - Parameters:
  ///   - variant: the named rule.
  ///   - regionLayers: the region layers and their surcharges (several add up).
  ///   - tree: a spanning-tree method instead of the variant's.
  ///   - cutChoice: a choice among balanced cuts instead of the variant's.
  ///   - balanceBound: reversible ReCom's bound M on balanced edges per tree.
  ///   - pairSelection: how the two districts to merge are chosen.
  /// - Throws: ``EnsembleError/invalidSetting(field:value:reason:)`` naming the setting (`regionLayers`,
  ///   `tree`, `cutChoice`) that the variant cannot take.
  public init(
    variant: ProposalVariant, regionLayers layers: [RegionLayer] = [],
    tree: SpanningTreeMethod? = nil, cutChoice: CutChoice? = nil, balanceBound: Int = 30,
    pairSelection: PairSelection = .districtPairs
  ) throws(EnsembleError) {
    func refuse(_ field: String, _ reason: String) -> EnsembleError {
      .invalidSetting(field: field, value: variant.rawValue, reason: reason)
    }
    switch variant {
    case .recom: self.init(pairSelection: pairSelection, regionLayers: layers)
    case .reversible:
      guard layers.isEmpty else {
        throw refuse("regionLayers", "reversible ReCom takes no region layer")
      }
      self = .reversible(balanceBound: balanceBound)
    case .regionAware, .frcwRegionAware:
      guard !layers.isEmpty else { throw refuse("regionLayers", "needs at least one region layer") }
      self =
        variant == .regionAware
        ? .regionAware(layers, pairSelection: pairSelection)
        : .frcwRegionAware(layers, pairSelection: pairSelection)
    }
    if let tree { self.tree = tree }
    if let cutChoice { self.cutChoice = cutChoice }
    if kind == .reversible && (self.tree != .uniform || self.cutChoice != .uniform) {
      throw refuse("tree", "reversible ReCom needs uniform trees and cuts")
    }
    if self.cutChoice != .uniform && regionLayers.isEmpty {
      throw .invalidSetting(
        field: "cutChoice", value: self.cutChoice.rawValue,
        reason: "needs at least one region layer")
    }
  }
}
