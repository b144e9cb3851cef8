import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauDistricting
import SaylauGeo
import SaylauRegistry

/// The bundled Kazakhstan units as a graph (2023 units, polygons, published adjacency).
func loadKazakhstanGraph() throws -> KazakhstanGraph {
  do {
    let adm2 = try GeoJSONReader.features(
      from: Data(contentsOf: BundledData.resourceURL("kz_adm2.geojson")), source: "kz_adm2.geojson"
    )
    let adjacency = try CSVTable(
      text: (try BundledData.text("kz_adm2_adjacency.csv")), source: "kz_adm2_adjacency.csv")
    let units = try CSVTable(
      text: (try BundledData.text("admin_units.csv")), source: "admin_units.csv")
    return try KazakhstanGraph(adm2: adm2, adjacency: adjacency, units: units)
  } catch let e as GraphError {
    throw UserError(e.description)
  } catch let e as CSVError {
    throw UserError(e.description)
  } catch let e as GeoJSONError {
    throw UserError(e.description)
  }
}

/// A graph read from GeoJSON, with its shapes and the shared border length (m) of each edge.
struct GeoGraph {
  var graph: UnitGraph
  var shapes: [MultiPolygon]
  var sharedMetres: [Double]
}

/// Reads GeoJSON polygons and computes rook adjacency in Swift.
func geoJSONGraph(data: Data, source: String, idProperty: String?, toleranceMetres: Double) throws
  -> GeoGraph
{
  let features: [GeoFeature]
  do { features = try GeoJSONReader.features(from: data, source: source) } catch let e
    as GeoJSONError
  {
    throw UserError(e.description)
  }
  let key =
    idProperty
    ?? ["code", "id", "GEOID20", "GEOID10", "GEOID"].first { k in
      features.allSatisfy { $0.properties[k] != nil }
    }
  var names: [String] = []
  var seen: Set<String> = []
  for (i, f) in features.enumerated() {
    let name: String
    if let key {
      guard let v = f.properties[key] else {
        throw UserError("\(source): feature \(i + 1): field '\(key)' missing")
      }
      name = v
    } else {
      name = String(i)
    }
    guard seen.insert(name).inserted else {
      throw UserError("\(source): feature \(i + 1): id '\(name)' appears twice")
    }
    names.append(name)
  }
  let shapes = features.map(\.geometry)
  let projection = EqualAreaProjection(fitting: shapes)
  let adjacency = RookAdjacency(shapes: shapes, projection: projection, tolerance: toleranceMetres)
  let g = UnitGraph(
    names: names,
    nodeAttributes: features.map { $0.properties.mapValues { GraphValue.string($0) } },
    edges: adjacency.pairs.map { ($0.a, $0.b) },
    edgeAttributes: adjacency.pairs.map {
      ["shared_border_km": .double(($0.sharedMetres).rounded() / 1000)]
    })
  let shared = g.edgeAttributes.map { ($0["shared_border_km"]?.number ?? 0) * 1000 }
  return GeoGraph(graph: g, shapes: shapes, sharedMetres: shared)
}

struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph", abstract: "Read, convert and compare unit adjacency graphs.",
    subcommands: [GraphConvert.self, GraphInfo.self])
}

struct GraphConvert: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract:
      "Convert a graph: NetworkX JSON, GeoJSON (rook adjacency computed) or 'kazakhstan' → networkx|geojson|csv."
  )

  @Argument(help: "Input: FILE.json (NetworkX), FILE.geojson, or 'kazakhstan'.") var input: String
  @Option(help: "Output format: networkx, geojson (needs polygons), or csv (edge list).") var to:
    String
  @Option(help: "Output file.") var out: String
  @Option(help: "GeoJSON property naming each unit.") var idProperty: String?
  @Option(
    help: "GeoJSON: tolerance in metres for borders digitised twice (0 = exact shared vertices).")
  var tolerance: Double = 0
  @OptionGroup var output: OutputOptions

  func run() throws {
    var graph: UnitGraph
    var shapes: [MultiPolygon]? = nil
    if input == "kazakhstan" {
      let kz = try loadKazakhstanGraph()
      graph = kz.graph
      shapes = kz.shapes
    } else if input.hasSuffix(".geojson") {
      let data = try Data(contentsOf: URL(fileURLWithPath: input))
      let gg = try geoJSONGraph(
        data: data, source: input, idProperty: idProperty, toleranceMetres: tolerance)
      graph = gg.graph
      shapes = gg.shapes
    } else {
      graph = try loadUnitGraph(input)
    }
    let data: Data
    switch to {
    case "networkx":
      data = try NetworkXJSON.write(graph)
    case "geojson":
      guard let shapes else { throw UserError("--to geojson needs polygons (the input has none)") }
      let feats = (0..<graph.nodeCount).map { i in
        var p = graph.nodeAttributes[i].compactMapValues(\.text)
        p["id"] = p["id"] ?? graph.names[i]
        if input == "kazakhstan" { p["code"] = graph.names[i] }
        return GeoFeature(properties: p, geometry: shapes[i])
      }
      data = GeoJSONWriter.write(feats)
    case "csv":
      var s = "unit_a,unit_b,shared_border_km\n"
      for (e, edge) in graph.edges.enumerated() {
        s +=
          "\(graph.names[Int(edge.u)]),\(graph.names[Int(edge.v)]),\(graph.edgeAttributes[e]["shared_border_km"]?.text ?? "")\n"
      }
      data = Data(s.utf8)
    default:
      throw UserError("--to: use networkx, geojson or csv")
    }
    try data.write(to: URL(fileURLWithPath: out))
    if output.json {
      try printJSON(["nodes": graph.nodeCount, "edges": graph.edgeCount])
    } else {
      print("\(out): \(graph.nodeCount) units, \(graph.edgeCount) adjacencies")
    }
  }
}

struct GraphInfo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: "Summarise a graph.")
  @Argument(help: "FILE.json, FILE.geojson or 'kazakhstan'.") var input: String
  @Option(help: "GeoJSON property naming each unit.") var idProperty: String?
  @Option(help: "GeoJSON adjacency tolerance in metres.") var tolerance: Double = 0
  @OptionGroup var output: OutputOptions

  struct Info: Codable {
    var nodes: Int
    var edges: Int
    var components: Int
    var isolated: [String]
    var attributes: [String]
    var unitsWithoutPolygon: [String]?
    var polygonsWithoutUnit: [String]?
  }

  func run() throws {
    var g: UnitGraph
    var info = Info(nodes: 0, edges: 0, components: 0, isolated: [], attributes: [])
    if input == "kazakhstan" {
      let kz = try loadKazakhstanGraph()
      g = kz.graph
      info.unitsWithoutPolygon = kz.unitsWithoutPolygon
      info.polygonsWithoutUnit = kz.polygonsWithoutUnit
    } else if input.hasSuffix(".geojson") {
      g = try geoJSONGraph(
        data: try Data(contentsOf: URL(fileURLWithPath: input)), source: input,
        idProperty: idProperty,
        toleranceMetres: tolerance
      ).graph
    } else {
      g = try loadUnitGraph(input)
    }
    info.nodes = g.nodeCount
    info.edges = g.edgeCount
    info.components = g.componentCount(of: Array(0..<g.nodeCount))
    info.isolated = (0..<g.nodeCount).filter { g.offsets[$0] == g.offsets[$0 + 1] }.map {
      g.names[$0]
    }
    info.attributes = Array(Set(g.nodeAttributes.flatMap(\.keys))).sorted()
    if output.json { return try printJSON(info) }
    print(
      "\(info.nodes) units, \(info.edges) adjacencies, \(info.components) connected component(s)")
    if !info.isolated.isEmpty { print("isolated: \(info.isolated.joined(separator: ", "))") }
    print("attributes: \(info.attributes.joined(separator: ", "))")
    if let u = info.unitsWithoutPolygon, !u.isEmpty {
      print("units without a polygon: \(u.joined(separator: ", "))")
    }
    if let p = info.polygonsWithoutUnit, !p.isEmpty {
      print("polygons without a 2023 unit: \(p.joined(separator: ", "))")
    }
  }
}
