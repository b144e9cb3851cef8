import Foundation
import SaylauGeo

extension GeographicGraph {
  /// The id properties tried, in order, when none is named.
  public static let idPropertyCandidates = ["code", "id", "GEOID20", "GEOID10", "GEOID"]

  /// Reads GeoJSON polygons and computes their rook adjacency (shared borders, not single points), the
  /// constructor of a graph from a map, as NetworkX's is from an edge list.
  ///
  /// Each edge carries `shared_border_km` (rounded to the metre); node attributes are the features'
  /// properties as text.
  /// - Parameters:
  ///   - data: the GeoJSON bytes.
  ///   - source: the file's name for errors.
  ///   - idProperty: the property naming each unit; `nil` = the first of ``idPropertyCandidates`` that every
  ///     feature has, or the feature's position.
  ///   - toleranceMetres: borders digitised twice count as shared when both ends of a segment lie within
  ///     this distance of the other boundary (0 = exact shared vertices only).
  /// - Throws: ``GraphError`` for unreadable GeoJSON, a missing or repeated id.
  public init(geoJSON data: Data, source: String, idProperty: String?, toleranceMetres: Double)
    throws(GraphError)
  {
    let features: [GeoFeature]
    do { features = try GeoJSONReader.features(from: data, source: source) } catch {
      throw .geoJSON("\(error)")
    }
    let key =
      idProperty
      ?? Self.idPropertyCandidates.first { k in features.allSatisfy { $0.properties[k] != nil } }
    var names: [String] = []
    var seen: Set<String> = []
    for (i, f) in features.enumerated() {
      let name: String
      if let key {
        guard let v = f.properties[key] else {
          throw .missingID(source: source, position: i + 1, field: key)
        }
        name = v
      } else {
        name = String(i)
      }
      guard seen.insert(name).inserted else {
        throw .duplicateID(source: source, position: i + 1, id: name)
      }
      names.append(name)
    }
    let shapes = features.map(\.geometry)
    let projection = LambertAzimuthalEqualArea(fitting: shapes)
    let adjacency = RookAdjacency(
      shapes: shapes, projection: projection, tolerance: toleranceMetres)
    let graph = UnitGraph(
      names: names,
      nodeAttributes: features.map { $0.properties.mapValues { GraphValue.string($0) } },
      edges: adjacency.pairs.map { ($0.a, $0.b) },
      edgeAttributes: adjacency.pairs.map {
        ["shared_border_km": .double(($0.sharedMetres).rounded() / 1000)]
      })
    self.init(graph: graph, shapes: shapes, sharedMetres: Self.sharedMetres(of: graph))
  }

  /// The graph as GeoJSON features: node attributes as properties, and each of `nameProperties` holding
  /// the node's name unless the node has it already; `nil` when the graph has no shapes.
  public func geoJSONFeatures(nameProperties: [String] = ["id"]) -> [GeoFeature]? {
    guard let shapes else { return nil }
    return (0..<graph.nodeCount).map { i in
      var p = graph.nodeAttributes[i].compactMapValues(\.text)
      for key in nameProperties { p[key] = p[key] ?? graph.names[i] }
      return GeoFeature(properties: p, geometry: shapes[i])
    }
  }
}
