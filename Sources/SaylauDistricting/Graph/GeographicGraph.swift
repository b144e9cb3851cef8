import SaylauGeo

/// A graph with the geometry of its nodes, where the source has polygons: what a plan check needs for
/// compactness, and what GeoJSON output writes.
public struct GeographicGraph: Sendable {
  public var graph: UnitGraph
  /// One shape per node, in node order; `nil` when the source has no polygons (NetworkX JSON).
  public var shapes: [MultiPolygon]?
  /// The shared border of each edge in metres, in edge order; `nil` when not known.
  public var sharedMetres: [Double]?

  public init(graph: UnitGraph, shapes: [MultiPolygon]? = nil, sharedMetres: [Double]? = nil) {
    self.graph = graph
    self.shapes = shapes
    self.sharedMetres = sharedMetres
  }

  /// Shared borders from an edge attribute in kilometres (`shared_border_km`), absent values as 0.
  public static func sharedMetres(
    of graph: UnitGraph, kilometresAttribute: String = "shared_border_km"
  )
    -> [Double]
  {
    graph.edgeAttributes.map { ($0[kilometresAttribute]?.number ?? 0) * 1000 }
  }
}
