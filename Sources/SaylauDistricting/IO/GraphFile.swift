import Foundation
import SaylauCore
import SaylauGeo

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
    let geoJSON = path.hasSuffix(".geojson")
    let data: Data
    do {
      // The size is checked before the file is read.
      data = Data(
        try InputFile.read(
          path,
          limit: geoJSON ? GeoJSONReader.Limits.standard.maximumBytes : NetworkXJSON.maximumBytes))
    } catch {
      throw .unreadable(source: path, reason: error.message)
    }
    if geoJSON {
      return try GeographicGraph(
        geoJSON: data, source: path, idProperty: idProperty, toleranceMetres: toleranceMetres)
    }
    return GeographicGraph(graph: try NetworkXJSON.read(data, source: path))
  }
}
