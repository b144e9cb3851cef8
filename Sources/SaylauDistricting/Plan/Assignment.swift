/// A plan bound to a graph with one district per node: what the chain starts from and what its metrics
/// describe.
public struct Assignment: Sendable, Hashable {
  /// District of each node (an index into ``labels``).
  public var districtOfNode: [Int]
  public var labels: [String]

  public var districtCount: Int { labels.count }

  public init(districtOfNode: [Int], labels: [String]) {
    self.districtOfNode = districtOfNode
    self.labels = labels
  }
}

/// A plan bound to a graph, split units allowed: what a check reads.
public struct PlanMembership: Sendable, Hashable {
  /// The districts of each node (indices into the plan's labels), ascending; empty = unassigned.
  public var districtsOfNode: [[Int]]
  /// Units of the plan that are not nodes of the graph, sorted.
  public var unknownUnits: [String]
}

extension DistrictPlan {
  /// The plan on `graph`, split units and gaps allowed.
  public func membership(on graph: UnitGraph) -> PlanMembership {
    var of = [[Int]](repeating: [], count: graph.nodeCount)
    var unknown: [String] = []
    for (unit, ds) in districtsOfUnit {
      guard let i = graph.index(of: unit) else {
        unknown.append(unit)
        continue
      }
      of[i] = ds
    }
    return PlanMembership(districtsOfNode: of, unknownUnits: unknown.sorted())
  }

  /// The plan on `graph` with exactly one district per node.
  /// - Throws: ``PlanError`` for a unit not in the graph, a node without a district or a split unit
  ///   (the first in unit order).
  public func assignment(on graph: UnitGraph) throws(PlanError) -> Assignment {
    let m = membership(on: graph)
    if let u = m.unknownUnits.first { throw .unknownUnit(u) }
    var out = [Int](repeating: -1, count: graph.nodeCount)
    for i in 0..<graph.nodeCount {
      let ds = m.districtsOfNode[i]
      guard !ds.isEmpty else { throw .unassignedUnit(graph.names[i]) }
      guard ds.count == 1 else {
        throw .splitUnit(graph.names[i], districts: ds.map { labels[$0] })
      }
      out[i] = ds[0]
    }
    return Assignment(districtOfNode: out, labels: labels)
  }

  /// The plan in node attribute `column` of `graph` (a district code per node, e.g. GerryChain's `CD`).
  /// - Throws: ``GraphError/missingAttribute(unit:column:)`` for a node without a value.
  public init(column: String, of graph: UnitGraph) throws(GraphError) {
    let values = graph.textColumn(column)
    if let i = values.firstIndex(where: { $0 == nil || $0!.isEmpty }) {
      throw .missingAttribute(unit: graph.names[i], column: column)
    }
    self.init(rows: zip(graph.names, values).map { (unit: $0, district: $1!) })
  }
}
