import Foundation
import SaylauDistricting

/// Reads a graph file for the districting commands: NetworkX adjacency JSON (`.json`), or GeoJSON
/// (`.geojson`, rook adjacency computed from the polygons).
func loadUnitGraph(_ path: String, idProperty: String? = nil, toleranceMetres: Double = 0) throws
  -> UnitGraph
{
  if path == "kazakhstan" { return try loadKazakhstanGraph().graph }
  let data: Data
  do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
    throw UserError("\(path): cannot read (\(error.localizedDescription))")
  }
  do {
    if path.hasSuffix(".geojson") {
      return try geoJSONGraph(
        data: data, source: path, idProperty: idProperty, toleranceMetres: toleranceMetres
      ).graph
    }
    return try NetworkXJSON.read(data, source: path)
  } catch let e as GraphError {
    throw UserError(e.description)
  }
}

/// Turns a node attribute into district indices 0..<k (values sorted numerically where possible).
func planFromColumn(_ graph: UnitGraph, column: String) throws -> (plan: [Int], labels: [String]) {
  let col = graph.textColumn(column)
  if let i = col.firstIndex(where: { $0 == nil || $0!.isEmpty }) {
    throw UserError("unit \(graph.names[i]) has no '\(column)' (every unit needs a district)")
  }
  let labels = Array(Set(col.map { $0! })).sorted { a, b in
    if let x = Double(a), let y = Double(b) { return x < y }
    return a < b
  }
  let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($0.element, $0.offset) })
  return (col.map { index[$0!]! }, labels)
}
