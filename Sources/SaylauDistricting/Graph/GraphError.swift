import SaylauCore

/// Why a graph cannot be read or used. The cases name the file, the unit and the field, never a face's
/// option: the command line and the server add their own hints.
public enum GraphError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Units without a value in a weight column (a missing population is never read as zero); `units` are
  /// the first few of `count` out of `total`.
  case missingWeights(column: String, units: [String], count: Int, total: Int)
  /// Units whose weight is not a non-negative integer; the first few of `count`.
  case invalidWeights(column: String, units: [String], count: Int)
  /// The weights add up to more than `limit` (``UnitGraph/maximumTotalWeight``).
  case weightsTooLarge(column: String, limit: Int)
  /// The file is larger than the readers take, or has more nodes or edges than they take.
  case tooLarge(source: String, what: String, limit: Int)
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

  /// The message, with control characters of the input escaped.
  public var description: String { Excerpt.escapingControls(text) }

  private var text: String {
    switch self {
    case .missingWeights(let column, let units, let count, let total):
      return
        "\(count) of \(total) units have no '\(Excerpt.excerpt(column))' (e.g. \(Excerpt.excerpt(units.joined(separator: ", "), limit: 200))); a missing value is never read as 0"
    case .invalidWeights(let column, let units, let count):
      return
        "\(count) units have a '\(Excerpt.excerpt(column))' that is not a non-negative integer (e.g. \(Excerpt.excerpt(units.joined(separator: ", "), limit: 200)))"
    case .weightsTooLarge(let column, let limit):
      return
        "the units' '\(Excerpt.excerpt(column))' values add up to more than \(limit), the largest total a graph may have"
    case .tooLarge(let source, let what, let limit):
      return "\(source): more \(what) than the \(limit) a graph file may have"
    case .missingAttribute(let unit, let column):
      return "unit \(Excerpt.excerpt(unit)) has no '\(Excerpt.excerpt(column))'"
    case .unreadable(let source, let reason): return "\(source): cannot read (\(reason))"
    case .notNetworkX(let source, let detail):
      return "\(source): not valid NetworkX adjacency JSON (\(Excerpt.excerpt(detail, limit: 200)))"
    case .missingField(let source, let field, let path):
      return "\(source): field '\(Excerpt.excerpt(field))' missing"
        + (path.isEmpty ? "" : " at \(path)")
    case .unsupported(let source, let field, let reason):
      return "\(source): field '\(Excerpt.excerpt(field))': \(reason)"
    case .adjacencyCount(let source, let lists, let nodes):
      return "\(source): 'adjacency' has \(lists) lists for \(nodes) nodes"
    case .missingID(let source, let position, let field):
      return "\(source): node \(position): field '\(Excerpt.excerpt(field))' missing"
    case .duplicateID(let source, let position, let id):
      return "\(source): node \(position): id '\(Excerpt.excerpt(id))' appears twice"
    case .unknownNeighbour(let source, let node, let neighbour):
      return
        "\(source): adjacency of node \(Excerpt.excerpt(node)): neighbour '\(Excerpt.excerpt(neighbour))' is not a node"
    case .geoJSON(let message): return message
    }
  }
}
