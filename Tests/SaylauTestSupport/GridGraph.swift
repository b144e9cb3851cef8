import Foundation

/// Graph fixtures for ensemble tests.
public enum GridGraph {
  /// An n×n grid in GerryChain's NetworkX JSON format (rook adjacency), one person per cell.
  public static func write(side n: Int, to url: URL) throws {
    var nodes: [[String: Any]] = []
    var adjacency: [[[String: Any]]] = []
    for i in 0..<n {
      for j in 0..<n {
        nodes.append(["id": "\(i * n + j)", "population": 1])
        var neighbours: [[String: Any]] = []
        for (di, dj) in [(0, 1), (1, 0), (0, -1), (-1, 0)]
        where (0..<n).contains(i + di) && (0..<n).contains(j + dj) {
          neighbours.append(["id": "\((i + di) * n + j + dj)"])
        }
        adjacency.append(neighbours)
      }
    }
    let graph: [String: Any] = [
      "directed": false, "multigraph": false, "graph": [], "nodes": nodes, "adjacency": adjacency,
    ]
    try JSONSerialization.data(withJSONObject: graph, options: [.sortedKeys]).write(to: url)
  }
}
