import SaylauCore

/// An undirected simple graph of units in compressed sparse row form, with attributes.
///
/// Node `i`'s neighbours are `neighbors[offsets[i] ..< offsets[i+1]]`, sorted ascending; `edgeOf` gives,
/// for each of those slots, the index of the undirected edge in `edges`. Ids are `Int32` to halve the
/// memory traffic of the samplers' inner loops.
public struct UnitGraph: Sendable {
  /// Node names (the NetworkX `id`, the GeoJSON key property, the unit code).
  public var names: [String]
  /// The original id values (kept to write NetworkX files back with the same id types).
  public var idValues: [GraphValue]
  public var offsets: [Int32]
  public var neighbors: [Int32]
  public var edgeOf: [Int32]
  /// Undirected edges with `u < v`.
  public var edges: [(u: Int32, v: Int32)]
  public var nodeAttributes: [[String: GraphValue]]
  public var edgeAttributes: [[String: GraphValue]]
  /// Graph-level attributes as written by NetworkX (`graph`), kept for round trips.
  public var graphAttributes: [String: GraphValue]

  public var nodeCount: Int { names.count }
  public var edgeCount: Int { edges.count }

  /// Builds a graph; duplicate edges are merged (the first one's attributes kept) and self-loops dropped.
  public init(
    names: [String], idValues: [GraphValue]? = nil, nodeAttributes: [[String: GraphValue]]? = nil,
    edges rawEdges: [(Int, Int)], edgeAttributes rawEdgeAttributes: [[String: GraphValue]]? = nil,
    graphAttributes: [String: GraphValue] = [:]
  ) {
    let n = names.count
    self.names = names
    self.idValues = idValues ?? names.map { .string($0) }
    self.nodeAttributes = nodeAttributes ?? Array(repeating: [:], count: n)
    self.graphAttributes = graphAttributes
    self.nameIndex = Dictionary(
      names.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    var seen: [UInt64: Int] = [:]
    var edges: [(u: Int32, v: Int32)] = []
    var attrs: [[String: GraphValue]] = []
    for (k, e) in rawEdges.enumerated() {
      let (a, b) = (min(e.0, e.1), max(e.0, e.1))
      precondition(a >= 0 && b < n, "edge endpoint out of range")
      if a == b { continue }
      let key = UInt64(a) << 32 | UInt64(b)
      if seen[key] != nil { continue }
      seen[key] = edges.count
      edges.append((Int32(a), Int32(b)))
      attrs.append(rawEdgeAttributes?[k] ?? [:])
    }
    // Sort edges for a canonical order independent of input order.
    let order = edges.indices.sorted {
      edges[$0].u != edges[$1].u ? edges[$0].u < edges[$1].u : edges[$0].v < edges[$1].v
    }
    self.edges = order.map { edges[$0] }
    self.edgeAttributes = order.map { attrs[$0] }
    var degree = [Int32](repeating: 0, count: n + 1)
    for e in self.edges {
      degree[Int(e.u) + 1] += 1
      degree[Int(e.v) + 1] += 1
    }
    for i in 0..<n { degree[i + 1] += degree[i] }
    offsets = degree
    var fill = Array(degree.prefix(n))
    neighbors = [Int32](repeating: 0, count: Int(degree[n]))
    edgeOf = [Int32](repeating: 0, count: Int(degree[n]))
    for (k, e) in self.edges.enumerated() {
      neighbors[Int(fill[Int(e.u)])] = e.v
      edgeOf[Int(fill[Int(e.u)])] = Int32(k)
      fill[Int(e.u)] += 1
      neighbors[Int(fill[Int(e.v)])] = e.u
      edgeOf[Int(fill[Int(e.v)])] = Int32(k)
      fill[Int(e.v)] += 1
    }
    // Neighbour lists sorted ascending (edges were sorted, so slots of u-side are, v-side need a sort).
    for i in 0..<n {
      let lo = Int(offsets[i])
      let hi = Int(offsets[i + 1])
      if hi - lo > 1 {
        let pairs = (lo..<hi).map { (neighbors[$0], edgeOf[$0]) }.sorted { $0.0 < $1.0 }
        for (j, p) in pairs.enumerated() {
          neighbors[lo + j] = p.0
          edgeOf[lo + j] = p.1
        }
      }
    }
  }

  /// The neighbours of node `i`.
  @inlinable public func neighbors(of i: Int) -> ArraySlice<Int32> {
    neighbors[Int(offsets[i])..<Int(offsets[i + 1])]
  }

  /// The index of the node named `name`.
  public func index(of name: String) -> Int? { nameIndex[name] }

  private var nameIndex: [String: Int] = [:]

  /// The largest total weight (population) of a graph, 2^53: sums of weights, and their products with a
  /// district count or a tolerance's denominator, then stay exact, in 64-bit integers and in doubles.
  public static let maximumTotalWeight = 1 << 53

  /// Integer node weights from attribute `column`.
  ///
  /// - Throws: ``GraphError/missingWeights(column:units:count:total:)`` when a value is missing, null or
  ///   blank (a missing population is never read as zero), ``GraphError/invalidWeights(column:units:count:)``
  ///   when one is not a non-negative integer, ``GraphError/weightsTooLarge(column:limit:)`` when they add up
  ///   beyond ``maximumTotalWeight``.
  public func integerWeights(_ column: String) throws(GraphError) -> [Int] {
    var out = [Int](repeating: 0, count: nodeCount)
    var missing: [String] = []
    var bad: [String] = []
    for i in 0..<nodeCount {
      switch nodeAttributes[i][column] {
      case .int(let v): out[i] = v
      case .double(let d) where d == d.rounded() && abs(d) < 9e15: out[i] = Int(d)
      case .string(let s) where Int(s.trimmingSpaces) != nil: out[i] = Int(s.trimmingSpaces)!
      case nil, .null: missing.append(names[i])
      case .string(let s) where s.trimmingSpaces.isEmpty: missing.append(names[i])
      default: bad.append(names[i])
      }
      if out[i] < 0 { bad.append(names[i]) }
    }
    if !missing.isEmpty {
      throw .missingWeights(
        column: column, units: Array(missing.prefix(5)), count: missing.count, total: nodeCount)
    }
    if !bad.isEmpty {
      throw .invalidWeights(column: column, units: Array(bad.prefix(5)), count: bad.count)
    }
    var total = 0
    for w in out {
      let (sum, overflow) = total.addingReportingOverflow(w)
      if overflow || sum > Self.maximumTotalWeight {
        throw .weightsTooLarge(column: column, limit: Self.maximumTotalWeight)
      }
      total = sum
    }
    return out
  }

  /// Attribute `column` of every node as text (`nil` where absent or null).
  public func textColumn(_ column: String) -> [String?] {
    nodeAttributes.map { $0[column]?.text }
  }
}
