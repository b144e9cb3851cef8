/// Why a graph cannot be read or used. The cases name the file, the unit and the field, never a face's
/// option: the command line and the server add their own hints.
public enum GraphError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Units without a value in a weight column (a missing population is never read as zero); `units` are
  /// the first few of `count` out of `total`.
  case missingWeights(column: String, units: [String], count: Int, total: Int)
  /// Units whose weight is not a non-negative integer; the first few of `count`.
  case invalidWeights(column: String, units: [String], count: Int)
  /// A unit without a value in a column that every unit needs (a district, a region, a split group).
  case missingAttribute(unit: String, column: String)
  /// The file cannot be read at all.
  case unreadable(source: String, reason: String)
  /// The file is not NetworkX adjacency JSON.
  case notNetworkX(source: String, detail: String)
  /// A required field is missing.
  case missingField(source: String, field: String, path: String)
  /// A directed graph or a multigraph.
  case unsupported(source: String, field: String, reason: String)
  /// The adjacency has another number of lists than there are nodes.
  case adjacencyCount(source: String, lists: Int, nodes: Int)
  /// A node or feature (1-based position) has no id.
  case missingID(source: String, position: Int, field: String)
  /// Two nodes or features have the same id.
  case duplicateID(source: String, position: Int, id: String)
  /// A neighbour in the adjacency that is not a node.
  case unknownNeighbour(source: String, node: String, neighbour: String)
  /// A GeoJSON file that cannot be parsed (the reader's message).
  case geoJSON(String)

  public var description: String {
    switch self {
    case .missingWeights(let column, let units, let count, let total):
      return
        "\(count) of \(total) units have no '\(column)' (e.g. \(units.joined(separator: ", "))); a missing value is never read as 0"
    case .invalidWeights(let column, let units, let count):
      return
        "\(count) units have a '\(column)' that is not a non-negative integer (e.g. \(units.joined(separator: ", ")))"
    case .missingAttribute(let unit, let column): return "unit \(unit) has no '\(column)'"
    case .unreadable(let source, let reason): return "\(source): cannot read (\(reason))"
    case .notNetworkX(let source, let detail):
      return "\(source): not valid NetworkX adjacency JSON (\(detail))"
    case .missingField(let source, let field, let path):
      return "\(source): field '\(field)' missing" + (path.isEmpty ? "" : " at \(path)")
    case .unsupported(let source, let field, let reason):
      return "\(source): field '\(field)': \(reason)"
    case .adjacencyCount(let source, let lists, let nodes):
      return "\(source): 'adjacency' has \(lists) lists for \(nodes) nodes"
    case .missingID(let source, let position, let field):
      return "\(source): node \(position): field '\(field)' missing"
    case .duplicateID(let source, let position, let id):
      return "\(source): node \(position): id '\(id)' appears twice"
    case .unknownNeighbour(let source, let node, let neighbour):
      return "\(source): adjacency of node \(node): neighbour '\(neighbour)' is not a node"
    case .geoJSON(let message): return message
    }
  }
}
