import Foundation

/// A JSON scalar, as found in node and edge attributes of graph files.
public enum GraphValue: Sendable, Hashable, Codable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)

  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let i = try? c.decode(Int.self) {
      self = .int(i)
    } else if let d = try? c.decode(Double.self) {
      self = .double(d)
    } else if let s = try? c.decode(String.self) {
      self = .string(s)
    } else {
      throw DecodingError.dataCorruptedError(
        in: c, debugDescription: "not a scalar (lists and objects are not supported)")
    }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .null: try c.encodeNil()
    case .bool(let b): try c.encode(b)
    case .int(let i): try c.encode(i)
    case .double(let d): try c.encode(d)
    case .string(let s): try c.encode(s)
    }
  }

  /// The value as text (for ids and CSV), `nil` for null.
  public var text: String? {
    switch self {
    case .null: return nil
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    case .string(let s): return s
    }
  }

  /// The value as a number, if it is one (or a numeric string).
  public var number: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .double(let d): return d
    case .string(let s): return Double(s.trimmingCharacters(in: .whitespaces))
    default: return nil
    }
  }
}

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

  /// Integer node weights from attribute `column`. Missing, null, blank or non-integer values are an
  /// error listing the first offending nodes: a missing population is never read as zero.
  public func integerWeights(_ column: String) throws -> [Int] {
    var out = [Int](repeating: 0, count: nodeCount)
    var missing: [String] = []
    var bad: [String] = []
    for i in 0..<nodeCount {
      switch nodeAttributes[i][column] {
      case .int(let v): out[i] = v
      case .double(let d) where d == d.rounded() && abs(d) < 9e15: out[i] = Int(d)
      case .string(let s) where Int(s.trimmingCharacters(in: .whitespaces)) != nil:
        out[i] = Int(s.trimmingCharacters(in: .whitespaces))!
      case nil, .null: missing.append(names[i])
      case .string(let s) where s.trimmingCharacters(in: .whitespaces).isEmpty:
        missing.append(names[i])
      default: bad.append(names[i])
      }
      if out[i] < 0 { bad.append(names[i]) }
    }
    if !missing.isEmpty {
      throw GraphError(
        "\(missing.count) of \(nodeCount) units have no '\(column)' (e.g. \(missing.prefix(5).joined(separator: ", "))); "
          + "name another column with --weight, or fill the data")
    }
    if !bad.isEmpty {
      throw GraphError(
        "\(bad.count) units have a '\(column)' that is not a non-negative integer (e.g. \(bad.prefix(5).joined(separator: ", ")))"
      )
    }
    return out
  }

  /// Attribute `column` of every node as text (`nil` where absent or null).
  public func textColumn(_ column: String) -> [String?] {
    nodeAttributes.map { $0[column]?.text }
  }

  /// Number of connected components of the subgraph induced by `members` (node indices).
  public func componentCount(of members: [Int]) -> Int {
    var inSet = Set(members)
    var count = 0
    var stack: [Int] = []
    for start in members where inSet.contains(start) {
      count += 1
      inSet.remove(start)
      stack.append(start)
      while let x = stack.popLast() {
        for y in neighbors(of: x) where inSet.contains(Int(y)) {
          inSet.remove(Int(y))
          stack.append(Int(y))
        }
      }
    }
    return count
  }

  /// Connected components of the subgraph induced by `members`, as lists of node indices.
  public func components(of members: [Int]) -> [[Int]] {
    var inSet = Set(members)
    var out: [[Int]] = []
    for start in members where inSet.contains(start) {
      var comp = [start]
      inSet.remove(start)
      var k = 0
      while k < comp.count {
        for y in neighbors(of: comp[k]) where inSet.contains(Int(y)) {
          inSet.remove(Int(y))
          comp.append(Int(y))
        }
        k += 1
      }
      out.append(comp.sorted())
    }
    return out
  }
}

/// A graph input error.
public struct GraphError: Error, CustomStringConvertible, Sendable, Equatable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
