import Foundation
import SaylauCore

/// Reads and writes the NetworkX "adjacency" JSON format (`networkx.adjacency_data`), which GerryChain's
/// `Graph.from_json` and `Graph.to_json` use: `{"directed", "multigraph", "graph", "nodes": [{"id", …}],
/// "adjacency": [[{"id", …edge attributes}], …]}`, where `adjacency[i]` lists node `i`'s neighbours.
public enum NetworkXJSON {
  /// The document as written (``write(_:)``).
  private struct Document: Encodable {
    var directed: Bool?
    var multigraph: Bool?
    var graph: GraphAttributes?
    var nodes: [[String: GraphValue]]
    var adjacency: [[[String: GraphValue]]]
  }

  /// `graph`: an object of attributes, or (none) an empty list.
  private enum GraphAttributes: Encodable {
    case object([String: GraphValue])
    case list
    func encode(to encoder: Encoder) throws {
      var c = encoder.singleValueContainer()
      switch self {
      case .object(let o): try c.encode(o)
      case .list: try c.encode([String]())
      }
    }
  }

  /// The most nodes a file may have.
  public static let maximumNodes = 2_000_000
  /// The most adjacency entries (each edge is listed on both of its ends) a file may have.
  public static let maximumAdjacencyEntries = 40_000_000
  /// The largest file, in bytes.
  public static let maximumBytes = 1 << 30

  /// Parses a NetworkX adjacency JSON document; `source` names the file in errors.
  ///
  /// An edge is taken when either end lists it (NetworkX writes both; a list written by hand may name an
  /// edge on one side only), and the attributes of its first listing are kept. Members other than
  /// `directed`, `multigraph`, `graph`, `nodes` and `adjacency` are skipped.
  ///
  /// The document is read token by token (``JSONScanner``, after the syntax check), straight into the
  /// graph's arrays: no tree of JSON values is built, so memory stays near the graph's own size.
  ///
  /// - Throws: ``GraphError`` naming the file and the node or field; a JSON syntax error names its line and
  ///   column.
  public static func read(_ data: Data, source: String) throws(GraphError) -> UnitGraph {
    guard data.count <= maximumBytes else {
      throw .tooLarge(source: source, what: "bytes", limit: maximumBytes)
    }
    let bytes = [UInt8](data)
    if let syntax = JSONSyntaxError.find(in: bytes) {
      throw .notNetworkX(source: source, detail: syntax.description)
    }
    var reader = Reader(scanner: JSONScanner(bytes), source: source)
    var doc = try reader.document()
    let graph = doc.graph
    if doc.directed == true {
      throw .unsupported(
        source: source, field: "directed", reason: "directed graphs are not supported")
    }
    if doc.multigraph == true {
      throw .unsupported(
        source: source, field: "multigraph", reason: "multigraphs are not supported")
    }
    guard var nodes = doc.nodes else {
      throw .missingField(source: source, field: "nodes", path: "the root")
    }
    guard var adjacency = doc.adjacency else {
      throw .missingField(source: source, field: "adjacency", path: "the root")
    }
    doc = Parts()
    guard adjacency.count == nodes.count else {
      throw .adjacencyCount(source: source, lists: adjacency.count, nodes: nodes.count)
    }
    // The attribute dictionaries are the graph's own: the id is taken out of each in place (no copy).
    var names: [String] = []
    var ids: [GraphValue] = []
    var index: [String: Int] = [:]
    names.reserveCapacity(nodes.count)
    ids.reserveCapacity(nodes.count)
    for i in nodes.indices {
      guard let id = nodes[i].removeValue(forKey: "id"), let name = id.text else {
        throw .missingID(source: source, position: i + 1, field: "id")
      }
      if index[name] != nil {
        throw .duplicateID(source: source, position: i + 1, id: name)
      }
      index[name] = i
      names.append(name)
      ids.append(id)
    }
    var edges: [(Int, Int)] = []
    var edgeAttrs: [[String: GraphValue]] = []
    let entries = adjacency.reduce(0) { $0 + $1.count }
    edges.reserveCapacity(entries)
    edgeAttrs.reserveCapacity(entries)
    for i in adjacency.indices {
      for k in adjacency[i].indices {
        let neighbour = adjacency[i][k].removeValue(forKey: "id")
        guard let id = neighbour?.text, let j = index[id] else {
          throw .unknownNeighbour(source: source, node: names[i], neighbour: neighbour?.text ?? "?")
        }
        // Both directions are taken; the graph merges the two listings of one edge (the first one's
        // attributes are kept) and drops self-loops.
        edges.append((min(i, j), max(i, j)))
        edgeAttrs.append(adjacency[i][k])
      }
      adjacency[i] = []
    }
    return UnitGraph(
      names: names, idValues: ids, nodeAttributes: nodes, edges: edges, edgeAttributes: edgeAttrs,
      graphAttributes: graph)
  }

  /// The members of a document that the graph is made of.
  private struct Parts {
    var directed: Bool?
    var multigraph: Bool?
    var graph: [String: GraphValue] = [:]
    var nodes: [[String: GraphValue]]?
    var adjacency: [[[String: GraphValue]]]?
  }

  /// Turns the scanner's tokens into ``Parts``, with the document's own path in every refusal.
  private struct Reader {
    var scanner: JSONScanner
    let source: String

    func wrongKind(_ path: String) -> GraphError {
      .notNetworkX(source: source, detail: "at \(path): a value of the wrong kind")
    }

    func broken() -> GraphError {
      .notNetworkX(source: source, detail: "not a NetworkX adjacency document")
    }

    mutating func document() throws(GraphError) -> Parts {
      guard scanner.next() == .beginObject else { throw wrongKind("the root") }
      var parts = Parts()
      var entries = 0
      while true {
        let key: String
        switch scanner.next() {
        case .endObject: return parts
        case .string(let k): key = k
        default: throw broken()
        }
        let first = scanner.next()
        switch key {
        case "directed": parts.directed = try flag(first, key)
        case "multigraph": parts.multigraph = try flag(first, key)
        case "graph":
          // NetworkX writes `graph` as an object, older versions as a list of pairs; a list, or an object
          // with a value that is not a scalar, carries no attributes here.
          parts.graph = [:]
          if first == .beginObject {
            var object: [String: GraphValue] = [:]
            var scalars = true
            while true {
              let t = scanner.next()
              if t == .endObject { break }
              guard case .string(let k) = t else { throw broken() }
              let v = scanner.next()
              if let value = Self.scalar(v) {
                object[k] = value
              } else {
                scalars = false
                guard scanner.skipValue(startingWith: v) else { throw broken() }
              }
            }
            if scalars { parts.graph = object }
          } else {
            guard scanner.skipValue(startingWith: first) else { throw broken() }
          }
        case "nodes":
          if first == .null {
            throw GraphError.notNetworkX(source: source, detail: "at nodes: null")
          }
          guard first == .beginArray else { throw wrongKind("nodes") }
          var nodes: [[String: GraphValue]] = []
          while true {
            let t = scanner.next()
            if t == .endArray { break }
            guard nodes.count < NetworkXJSON.maximumNodes else {
              throw .tooLarge(source: source, what: "nodes", limit: NetworkXJSON.maximumNodes)
            }
            nodes.append(try attributes(t, "nodes[\(nodes.count)]"))
          }
          parts.nodes = nodes
        case "adjacency":
          if first == .null {
            throw GraphError.notNetworkX(source: source, detail: "at adjacency: null")
          }
          guard first == .beginArray else { throw wrongKind("adjacency") }
          var lists: [[[String: GraphValue]]] = []
          while true {
            let t = scanner.next()
            if t == .endArray { break }
            let path = "adjacency[\(lists.count)]"
            if t == .null {
              throw GraphError.notNetworkX(source: source, detail: "at \(path): null")
            }
            guard t == .beginArray else { throw wrongKind(path) }
            var list: [[String: GraphValue]] = []
            while true {
              let e = scanner.next()
              if e == .endArray { break }
              guard entries < NetworkXJSON.maximumAdjacencyEntries else {
                throw .tooLarge(
                  source: source, what: "adjacency entries",
                  limit: NetworkXJSON.maximumAdjacencyEntries)
              }
              entries += 1
              list.append(try attributes(e, "\(path)[\(list.count)]"))
            }
            lists.append(list)
          }
          parts.adjacency = lists
        default:
          guard scanner.skipValue(startingWith: first) else { throw broken() }
        }
      }
    }

    /// `true`, `false` or `null` (absent).
    mutating func flag(_ t: JSONScanner.Token, _ key: String) throws(GraphError) -> Bool? {
      switch t {
      case .bool(let b): return b
      case .null: return nil
      default: throw wrongKind(key)
      }
    }

    /// An object of scalars: a node's or an edge's attributes.
    mutating func attributes(_ first: JSONScanner.Token, _ path: String) throws(GraphError)
      -> [String: GraphValue]
    {
      if first == .null { throw GraphError.notNetworkX(source: source, detail: "at \(path): null") }
      guard first == .beginObject else { throw wrongKind(path) }
      var object: [String: GraphValue] = [:]
      while true {
        let t = scanner.next()
        if t == .endObject { return object }
        guard case .string(let key) = t else { throw broken() }
        let v = scanner.next()
        guard let value = Self.scalar(v) else {
          if case .number = v {
            throw GraphError.notNetworkX(
              source: source, detail: "at \(path).\(key): a number out of range")
          }
          throw GraphError.notNetworkX(
            source: source,
            detail: "at \(path).\(key): not a scalar (lists and objects are not supported)")
        }
        object[key] = value
      }
    }

    /// A scalar token's value: integers as `int` when they fit, other numbers as finite doubles; `nil` for a
    /// container (or a number out of a double's range).
    static func scalar(_ t: JSONScanner.Token) -> GraphValue? {
      switch t {
      case .null: return .null
      case .bool(let b): return .bool(b)
      case .string(let s): return .string(s)
      case .number(let text, let integer):
        if integer, let i = Int(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { return nil }
        // An integer written with a fraction of zero or an exponent (5.0, 1e3) reads as the integer, as
        // Foundation's decoder reads it.
        if let i = Int(exactly: d) { return .int(i) }
        return .double(d)
      default: return nil
      }
    }
  }

  /// Writes `graph` in the same format (sorted keys, so the output is stable).
  public static func write(_ graph: UnitGraph) throws -> Data {
    var nodes: [[String: GraphValue]] = []
    var adjacency: [[[String: GraphValue]]] = []
    for i in 0..<graph.nodeCount {
      var a = graph.nodeAttributes[i]
      a["id"] = graph.idValues[i]
      nodes.append(a)
      var list: [[String: GraphValue]] = []
      for slot in Int(graph.offsets[i])..<Int(graph.offsets[i + 1]) {
        var e = graph.edgeAttributes[Int(graph.edgeOf[slot])]
        e["id"] = graph.idValues[Int(graph.neighbors[slot])]
        list.append(e)
      }
      adjacency.append(list)
    }
    let doc = Document(
      directed: false, multigraph: false,
      graph: graph.graphAttributes.isEmpty ? .list : .object(graph.graphAttributes), nodes: nodes,
      adjacency: adjacency)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(doc)
  }
}
