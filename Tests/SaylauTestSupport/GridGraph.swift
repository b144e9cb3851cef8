import Foundation

/// Graph fixtures for ensemble tests.
public enum GridGraph {
  /// An n×n grid in GerryChain's NetworkX JSON format (rook adjacency), one person per cell; `attributes`
  /// adds columns to the cell in row `i`, column `j` (a `county`, say).
  public static func write(
    side n: Int, to url: URL, attributes: (_ i: Int, _ j: Int) -> [String: Any] = { _, _ in [:] }
  ) throws {
    var nodes: [[String: Any]] = []
    var adjacency: [[[String: Any]]] = []
    for i in 0..<n {
      for j in 0..<n {
        nodes.append(
          attributes(i, j).merging(["id": "\(i * n + j)", "population": 1]) { _, fixed in fixed })
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
