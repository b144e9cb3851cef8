/// How ReCom picks the two districts to merge.
public enum PairSelection: String, Sendable, Codable, CaseIterable {
  /// Uniformly among adjacent district pairs (GerryChain 1.0's default).
  case districtPairs = "district-pairs"
  /// Uniformly among cut edges (a pair's chance is proportional to the edges it shares).
  case cutEdges = "cut-edges"
}

/// Which Markov chain a step follows.
public enum ProposalKind: String, Sendable, Codable, CaseIterable {
  /// ReCom as in GerryChain: every step moves; a tree without a balanced edge is redrawn, and a pair that
  /// gives none in many trees is replaced by another.
  case recom
  /// Reversible ReCom (Cannon, Duchin, Randall and Rule): an ordered pair of districts drawn uniformly
  /// among all, one uniform spanning tree, a balanced edge kept with probability `b / (seam · M)`;
  /// anything else is a self-loop. Its stationary distribution is the spanning-tree measure (a plan's
  /// weight is the product of its districts' spanning-tree counts) on balanced plans.
  case reversible
}

/// How the spanning tree of the merged area is drawn.
public enum SpanningTreeMethod: String, Sendable, Codable, CaseIterable {
  /// Uniform over all spanning trees (Wilson's algorithm).
  case uniform
  /// The minimum spanning tree for independent uniform edge weights in `[0, 1)`, plus each region
  /// layer's surcharge on the edges that cross it (GerryChain's `random_spanning_tree`, frcw's RMST and
  /// region-aware samplers).
  case randomMST = "random-mst"
}

/// Which balanced edge of a tree is cut when there are several.
public enum CutChoice: String, Sendable, Codable, CaseIterable {
  /// Uniformly among the balanced edges.
  case uniform
  /// GerryChain 1.0's region-aware choice (`_region_preferred_max_weight_choice`): the balanced edges
  /// that cross every layer of the largest (then heaviest) set of region layers that some balanced edge
  /// crosses, and among them the one of largest tree weight. With more than three layers, the edge of
  /// largest tree weight.
  case regionPreferred = "region-preferred"
  /// frcw's region-aware choice: uniformly among the balanced edges of largest total surcharge.
  case mostSurcharge = "most-surcharge"
}

/// A region layer of region-aware ReCom: a grouping of units (counties, municipalities, regions) and the
/// surcharge added to the weight of a tree edge that crosses it.
public struct RegionLayer: Sendable, Hashable, Codable {
  /// The node attribute holding each unit's region in this layer.
  public var column: String
  /// The surcharge (GerryChain: 0.5 is a soft preference, 1 or more dominates the random weights).
  public var weight: Double

  public init(column: String, weight: Double) {
    self.column = column
    self.weight = weight
  }

  /// Parses `COLUMN=WEIGHT` (or `COLUMN:WEIGHT`), e.g. `county=1`; `nil` when it is not that form or
  /// the weight is not a finite non-negative number.
  public init?(_ text: String) {
    guard let sep = text.lastIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
    let column = String(text[..<sep])
    guard !column.isEmpty, let w = Double(text[text.index(after: sep)...]), w.isFinite, w >= 0
    else { return nil }
    self.init(column: column, weight: w)
  }

  /// `COLUMN=WEIGHT`.
  public var text: String { "\(column)=\(weight)" }
}

/// The proposal of a chain: its kind, how pairs, trees and cuts are chosen, and the region layers.
///
/// The default is the ReCom step Saylau has always made (uniform pairs of adjacent districts, uniform
/// spanning trees, a uniformly chosen balanced edge); a seed gives the same plans as before for it.
public struct ProposalSettings: Sendable, Hashable, Codable {
  public var kind: ProposalKind
  public var pairSelection: PairSelection
  public var tree: SpanningTreeMethod
  public var cutChoice: CutChoice
  /// Region layers for the surcharge (random MST) and the cut choice; order matters for ties in
  /// ``CutChoice/regionPreferred`` only as GerryChain's (by size, then weight).
  public var regionLayers: [RegionLayer]
  /// Reversible ReCom's bound `M` on the number of balanced edges of any tree; a tree with more is an
  /// error (the chain would not be reversible).
  public var balanceBound: Int

  public init(
    kind: ProposalKind = .recom, pairSelection: PairSelection = .districtPairs,
    tree: SpanningTreeMethod = .uniform, cutChoice: CutChoice = .uniform,
    regionLayers: [RegionLayer] = [], balanceBound: Int = 30
  ) {
    self.kind = kind
    self.pairSelection = pairSelection
    self.tree = tree
    self.cutChoice = cutChoice
    self.regionLayers = regionLayers
    self.balanceBound = balanceBound
  }

  /// ReCom with GerryChain's region surcharge: random MSTs with the layers' surcharges and GerryChain's
  /// region-preferred cut.
  public static func regionAware(
    _ layers: [RegionLayer], pairSelection: PairSelection = .districtPairs
  ) -> ProposalSettings {
    ProposalSettings(
      pairSelection: pairSelection, tree: .randomMST, cutChoice: .regionPreferred,
      regionLayers: layers)
  }

  /// frcw's region-aware ReCom: random MSTs with the layers' surcharges, the cut of largest surcharge.
  public static func frcwRegionAware(
    _ layers: [RegionLayer], pairSelection: PairSelection = .cutEdges
  ) -> ProposalSettings {
    ProposalSettings(
      pairSelection: pairSelection, tree: .randomMST, cutChoice: .mostSurcharge,
      regionLayers: layers)
  }

  /// Reversible ReCom with bound `balanceBound`.
  public static func reversible(balanceBound: Int = 30) -> ProposalSettings {
    ProposalSettings(kind: .reversible, balanceBound: balanceBound)
  }

  /// A short name of the variant for reports (`recom`, `recom cut-edges random-mst region-preferred`,
  /// `reversible M=30`).
  public var name: String {
    if kind == .reversible { return "reversible M=\(balanceBound)" }
    var parts = ["recom"]
    if pairSelection != .districtPairs { parts.append(pairSelection.rawValue) }
    if tree != .uniform { parts.append(tree.rawValue) }
    if cutChoice != .uniform { parts.append(cutChoice.rawValue) }
    if !regionLayers.isEmpty { parts.append(regionLayers.map(\.text).joined(separator: ",")) }
    return parts.joined(separator: " ")
  }
}
