/// What `graph info` reports: sizes, connectivity and the attributes the nodes carry.
public struct GraphSummary: Sendable, Codable, Equatable {
  public var nodes: Int
  public var edges: Int
  public var components: Int
  public var isolated: [String]
  public var attributes: [String]
  /// For a graph built from a dataset: its units that have no polygon, and polygons of no unit.
  public var unitsWithoutPolygon: [String]?
  public var polygonsWithoutUnit: [String]?
}

extension UnitGraph {
  /// The graph's summary.
  public var summary: GraphSummary {
    GraphSummary(
      nodes: nodeCount, edges: edgeCount, components: componentCount(of: Array(0..<nodeCount)),
      isolated: (0..<nodeCount).filter { offsets[$0] == offsets[$0 + 1] }.map { names[$0] },
      attributes: Array(Set(nodeAttributes.flatMap(\.keys))).sorted())
  }
}
