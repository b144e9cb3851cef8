import ArgumentParser
import Foundation
import SaylauCore
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
  @Option(help: "Graph: 'kazakhstan', FILE.json or FILE.geojson.") var graph: GraphArgument =
    .kazakhstan
  @Option(help: "Region column for nesting (default region_code for Kazakhstan).") var regionColumn:
    String?
  @Option(help: "Population column.") var populationColumn: String = "population"
  @Option(help: "GeoJSON id property.") var idProperty: String?
  @Option(help: "GeoJSON adjacency tolerance in metres.") var tolerance: Double = 25
  @Option(help: "Units without a polygon: fill their host polygon, or be left out.")
  var missingPolygon: MissingPolygonPolicy = .mergeIntoHost
  @OptionGroup var output: OutputOptions

  func run() throws {
    let report = try check()
    if output.json { return try printJSON(report) }
    print(PlanCheckPage.document(report).text())
  }

  private func check() throws -> CheckedPlan {
    if case .kazakhstan = graph {
      let checker: KazakhstanPlanChecker
      do { checker = try KazakhstanPlanChecker.bundled(policy: missingPolygon) } catch {
        throw UserError("bundled data: \(error)")
      }
      var planCheck = checker.planCheck
      if let regionColumn { planCheck.regionColumn = regionColumn }
      planCheck.populationColumn = populationColumn
      if let official {
        do {
          let enacted = try OfficialPlans.enacted(scheme: official, in: checker.registry)
          return planCheck.check(enacted.plan, named: enacted.name, published: enacted.published)
        } catch { throw UserError("--official: \(error.description)") }
      }
      return planCheck.check(try readPlan(knownUnits: planCheck.knownUnits), named: try planFile())
    }
    guard official == nil else {
      throw UserError("--official needs the bundled graph (--graph kazakhstan)")
    }
    let (map, _) = try graph.load(idProperty: idProperty, toleranceMetres: tolerance)
    let planCheck = PlanCheck(
      map: map, graphName: graph.description, regionColumn: regionColumn,
      populationColumn: populationColumn, policy: missingPolygon)
    return planCheck.check(try readPlan(knownUnits: planCheck.knownUnits), named: try planFile())
  }

  private func planFile() throws -> String {
    guard let file else { throw UserError("give a plan FILE or --official SCHEME") }
    return file
  }

  private func readPlan(knownUnits: Set<String>) throws -> DistrictPlan {
    let path = try planFile()
    let text: String
    do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
      throw UserError("\(path): cannot read")
    }
    do { return try PlanCSV.read(text, source: path, knownUnits: knownUnits) } catch {
      throw UserError(error.description)
    }
  }
}
