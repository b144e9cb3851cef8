import ArgumentParser
import Foundation
import SaylauData
import SaylauDistricting
import SaylauReports

struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan", abstract: "Check district plans.", subcommands: [PlanCheckCommand.self])
}

struct PlanCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract:
      "Check a plan: coverage, nesting, contiguity, population deviation, cut edges, compactness, splits.",
    discussion: """
      FILE is a CSV with columns unit,district (a unit listed under two districts is split). Use \
      --official SCHEME for the enacted plan of a constituency scheme (e.g. --official 2023). The default \
      graph is the bundled Kazakhstan units; --graph takes a NetworkX JSON or GeoJSON file instead. \
      A unit without a polygon of its own (Sauran lies inside the Kentau polygon) fills its host polygon \
      by default; --missing-polygon exclude-unit leaves it out. The report says which districts' contiguity \
      depends on that choice.
      """)

  @Argument(help: "Plan CSV (unit,district).") var file: String?
  @Option(help: "Check the enacted plan of a constituency scheme instead of a file (e.g. 2023).")
  var official: String?
  @Option(help: "Graph: 'kazakhstan', FILE.json or FILE.geojson.") var graph = "kazakhstan"
  @Option(help: "Region column for nesting (default region_code for Kazakhstan).") var regionColumn:
    String?
  @Option(help: "Population column.") var populationColumn: String = "population"
  @Option(help: "GeoJSON id property.") var idProperty: String?
  @Option(help: "GeoJSON adjacency tolerance in metres.") var tolerance: Double = 25
  @Option(help: "Units without a polygon: fill their host polygon, or be left out.")
  var missingPolygon: MissingPolygonPolicy = .mergeIntoHost
  @OptionGroup var output: OutputOptions

  func run() throws {
    var request = PlanCheckRequest()
    (request.graph, request.planFile, request.enactedScheme) = (graph, file, official)
    (request.regionColumn, request.populationColumn) = (regionColumn, populationColumn)
    (request.idProperty, request.toleranceMetres, request.policy) = (
      idProperty, tolerance, missingPolygon
    )
    let report = try request.check()
    if output.json { return try printJSON(report) }
    print(PlanCheckPage.document(report).text())
  }
}
