import Foundation

/// A graph file, told apart by its extension: GeoJSON (`.geojson`, adjacency computed from the polygons)
/// or NetworkX adjacency JSON (anything else, GerryChain's format).
public enum GraphFile {
  /// Reads the graph at `path`.
  /// - Parameters:
  ///   - path: the file.
  ///   - idProperty: for GeoJSON, the property naming each unit.
  ///   - toleranceMetres: for GeoJSON, see ``GeographicGraph/init(geoJSON:source:idProperty:toleranceMetres:)``.
  /// - Throws: ``GraphError``.
  public static func read(_ path: String, idProperty: String? = nil, toleranceMetres: Double = 0)
    throws(GraphError) -> GeographicGraph
  {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw .unreadable(source: path, reason: error.localizedDescription)
    }
    if path.hasSuffix(".geojson") {
      return try GeographicGraph(
        geoJSON: data, source: path, idProperty: idProperty, toleranceMetres: toleranceMetres)
    }
    return GeographicGraph(graph: try NetworkXJSON.read(data, source: path))
  }
}
