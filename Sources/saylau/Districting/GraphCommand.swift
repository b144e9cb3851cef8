import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauDistricting
import SaylauGeo
import SaylauReports

struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph", abstract: "Read, convert and compare unit adjacency graphs.",
    subcommands: [GraphConvert.self, GraphInfo.self])
}

/// The output formats of `graph convert`.
enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
  case networkx, geojson, csv
}

struct GraphConvert: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract:
      "Convert a graph: NetworkX JSON, GeoJSON (rook adjacency computed) or 'kazakhstan' → networkx|geojson|csv."
  )

  @Argument(help: "Input: FILE.json (NetworkX), FILE.geojson, or 'kazakhstan'.") var input: String
  @Option(help: "Output format (geojson needs polygons; csv is the edge list).") var to: GraphFormat
  @Option(help: "Output file.") var out: String
  @Option(help: "GeoJSON property naming each unit.") var idProperty: String?
  @Option(help: "GeoJSON: tolerance in metres for borders digitised twice (0: shared vertices).")
  var tolerance: Double = 0
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (map, kazakhstan) = try BundledData.graph(
      input, idProperty: idProperty, toleranceMetres: tolerance)
    let data: Data
    switch to {
    case .networkx: data = try NetworkXJSON.write(map.graph)
    case .csv: data = Data(EdgeListCSV.write(map.graph).utf8)
    case .geojson:
      // The bundled units carry their code as the node name; write it under both keys.
      guard
        let features = map.geoJSONFeatures(
          nameProperties: kazakhstan == nil ? ["id"] : ["id", "code"])
      else { throw UserError("--to geojson needs polygons (the input has none)") }
      data = GeoJSONWriter.write(features)
    }
    try UserError.wrap { try OutputFile.write(data, to: out, notOverwriting: [input]) }
    if output.json {
      return try printJSON(["nodes": map.graph.nodeCount, "edges": map.graph.edgeCount])
    }
    print("\(out): \(map.graph.nodeCount) units, \(map.graph.edgeCount) adjacencies")
  }
}

struct GraphInfo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: "Summarise a graph.")
  @Argument(help: "FILE.json, FILE.geojson or 'kazakhstan'.") var input: String
  @Option(help: "GeoJSON property naming each unit.") var idProperty: String?
  @Option(help: "GeoJSON adjacency tolerance in metres.") var tolerance: Double = 0
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (map, kazakhstan) = try BundledData.graph(
      input, idProperty: idProperty, toleranceMetres: tolerance)
    var info = map.graph.summary
    info.unitsWithoutPolygon = kazakhstan?.unitsWithoutPolygon
    info.polygonsWithoutUnit = kazakhstan?.polygonsWithoutUnit
    if output.json { return try printJSON(info) }
    print(GraphSummaryPage.document(info, name: input).text())
  }
}
