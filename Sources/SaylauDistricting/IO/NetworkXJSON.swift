import Foundation
import SaylauCore

/// Reads and writes the NetworkX "adjacency" JSON format (`networkx.adjacency_data`), which GerryChain's
/// `Graph.from_json` and `Graph.to_json` use: `{"directed", "multigraph", "graph", "nodes": [{"id", …}],
/// "adjacency": [[{"id", …edge attributes}], …]}`, where `adjacency[i]` lists node `i`'s neighbours.
public enum NetworkXJSON {
  private struct Document: Codable {
    var directed: Bool?
    var multigraph: Bool?
    var graph: GraphAttributes?
    var nodes: [[String: GraphValue]]
    var adjacency: [[[String: GraphValue]]]
  }

  /// NetworkX writes `graph` as an object, older versions as a list of pairs; both are accepted.
  private enum GraphAttributes: Codable {
    case object([String: GraphValue])
    case list
    init(from decoder: Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let o = try? c.decode([String: GraphValue].self) {
        self = .object(o)
      } else {
        self = .list
      }
    }
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
  /// edge on one side only), and the attributes of its first listing are kept.
  ///
  /// - Throws: ``GraphError`` naming the file and the node or field; a JSON syntax error names its line and
  ///   column.
  public static func read(_ data: Data, source: String) throws(GraphError) -> UnitGraph {
    guard data.count <= maximumBytes else {
      throw .tooLarge(source: source, what: "bytes", limit: maximumBytes)
    }
    if let syntax = JSONSyntaxError.find(in: [UInt8](data)) {
      throw .notNetworkX(source: source, detail: syntax.description)
    }
    let doc: Document
    do {
      doc = try JSONDecoder().decode(Document.self, from: data)
    } catch let DecodingError.dataCorrupted(ctx) {
      // GraphValue's own refusals (a list or an object where a scalar belongs) carry their reason.
      throw .notNetworkX(
        source: source,
        detail: "at \(path(ctx.codingPath)): \(ctx.debugDescription)")
    } catch let DecodingError.keyNotFound(key, ctx) {
      throw .missingField(source: source, field: key.stringValue, path: path(ctx.codingPath))
    } catch let DecodingError.typeMismatch(_, ctx) {
      throw .notNetworkX(
        source: source, detail: "at \(path(ctx.codingPath)): a value of the wrong kind")
    } catch let DecodingError.valueNotFound(_, ctx) {
      throw .notNetworkX(source: source, detail: "at \(path(ctx.codingPath)): null")
    } catch {
      throw .notNetworkX(source: source, detail: "not a NetworkX adjacency document")
    }
    if doc.directed == true {
      throw .unsupported(
        source: source, field: "directed", reason: "directed graphs are not supported")
    }
    if doc.multigraph == true {
      throw .unsupported(
        source: source, field: "multigraph", reason: "multigraphs are not supported")
    }
    guard doc.nodes.count <= maximumNodes else {
      throw .tooLarge(source: source, what: "nodes", limit: maximumNodes)
    }
    guard doc.adjacency.reduce(0, { $0 + $1.count }) <= maximumAdjacencyEntries else {
      throw .tooLarge(source: source, what: "adjacency entries", limit: maximumAdjacencyEntries)
    }
    guard doc.adjacency.count == doc.nodes.count else {
      throw .adjacencyCount(source: source, lists: doc.adjacency.count, nodes: doc.nodes.count)
    }
    var names: [String] = []
    var ids: [GraphValue] = []
    var attrs: [[String: GraphValue]] = []
    var index: [String: Int] = [:]
    names.reserveCapacity(doc.nodes.count)
    for (i, node) in doc.nodes.enumerated() {
      guard let id = node["id"], let name = id.text else {
        throw .missingID(source: source, position: i + 1, field: "id")
      }
      if index[name] != nil {
        throw .duplicateID(source: source, position: i + 1, id: name)
      }
      index[name] = i
      names.append(name)
      ids.append(id)
      var a = node
      a["id"] = nil
      attrs.append(a)
    }
    var edges: [(Int, Int)] = []
    var edgeAttrs: [[String: GraphValue]] = []
    for (i, list) in doc.adjacency.enumerated() {
      for entry in list {
        guard let id = entry["id"]?.text, let j = index[id] else {
          throw .unknownNeighbour(
            source: source, node: names[i], neighbour: entry["id"]?.text ?? "?")
        }
        // Both directions are taken; the graph merges the two listings of one edge (the first one's
        // attributes are kept) and drops self-loops.
        edges.append((min(i, j), max(i, j)))
        var a = entry
        a["id"] = nil
        edgeAttrs.append(a)
      }
    }
    var graphAttrs: [String: GraphValue] = [:]
    if case .object(let o) = doc.graph { graphAttrs = o }
    return UnitGraph(
      names: names, idValues: ids, nodeAttributes: attrs, edges: edges, edgeAttributes: edgeAttrs,
      graphAttributes: graphAttrs)
  }

  /// A coding path as the document's own path: `nodes[5].id`.
  private static func path(_ keys: [any CodingKey]) -> String {
    var out = ""
    for k in keys {
      if let i = k.intValue {
        out += "[\(i)]"
      } else {
        out += (out.isEmpty ? "" : ".") + k.stringValue
      }
    }
    return out.isEmpty ? "the root" : out
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
