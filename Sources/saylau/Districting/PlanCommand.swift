import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauDistricting

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
    print(renderPlanCheck(report))
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

/// A plan check in words and a table (shared by `plan check` and `ensemble kazakhstan`).
func renderPlanCheck(_ r: CheckedPlan) -> String {
  let c = r.check
  var lines: [String] = []
  lines.append("Plan: \(r.plan)")
  lines.append(
    "Graph: \(r.graph), \(c.units) units, \(c.districts) districts, \(c.cutEdges) cut edges")
  lines.append(
    "Coverage: \(c.unassignedUnits.isEmpty ? "every unit assigned" : "\(c.unassignedUnits.count) unassigned: " + c.unassignedUnits.prefix(10).joined(separator: ", ") + (c.unassignedUnits.count > 10 ? ", …" : ""))"
  )
  if !c.unknownUnits.isEmpty {
    lines.append("Units not in the graph: \(c.unknownUnits.joined(separator: ", "))")
  }
  if !c.unitsWithoutPolygon.isEmpty {
    lines.append(
      "Units in the plan without a polygon: "
        + c.unitsWithoutPolygon.map { "\($0.unit) (inside \($0.host ?? "no known polygon"))" }
        .joined(separator: ", "))
  }
  if !r.polygonsWithoutUnit.isEmpty {
    lines.append(
      "Polygons of no unit of the graph (not assigned): \(r.polygonsWithoutUnit.joined(separator: ", "))"
    )
  }
  lines.append(
    "Nesting in regions: \(c.nestingViolations.isEmpty ? "every district lies in one region" : "crossing: " + c.nestingViolations.joined(separator: ", "))"
  )
  lines.append(
    "Contiguity (\(c.policy.rawValue)): \(c.nonContiguous.isEmpty ? "every district contiguous" : "NOT contiguous: " + c.nonContiguous.joined(separator: ", "))"
  )
  for label in c.contiguityDependsOnPolicy {
    guard let d = c.districtChecks.first(where: { $0.district == label }) else { continue }
    lines.append(
      "Depends on the units without a polygon: \(label) (merge-into-host: \(d.piecesByPolicy.mergeIntoHost) piece(s); exclude-unit: \(d.piecesByPolicy.excludeUnit))"
    )
  }
  lines.append(
    "Split units: \(c.splitUnits.isEmpty ? "none" : c.splitUnits.joined(separator: ", "))")
  if let ideal = c.idealPopulation {
    lines.append(
      "Ideal population \(Int(ideal.rounded())), max deviation \(c.maxAbsoluteDeviation.map { String(format: "%.2f%%", $0 * 100) } ?? "unknown")"
    )
  } else {
    lines.append(
      "Population: \(c.unitsWithoutPopulation) of \(c.units) units have none, so the total and the ideal are unknown"
    )
  }
  for n in c.notes { lines.append("Note: \(n)") }
  lines.append("")
  var table = TextTable(
    [
      "district", "units", "pieces", "population", "dev(region)", "cut", "area km²", "PP",
      "Reock", "neighbours",
    ],
    numeric: [1, 2, 5])
  var pieces: [String: [[String]]] = [:]
  for d in c.districtChecks {
    let pub = r.published?[d.district]
    let popText =
      d.population.map(String.init)
      ?? (pub?.population.map { "\($0) (pub.)" } ?? "unknown (\(d.unitsWithoutPopulation) blank)")
    table.add([
      d.district, String(d.units), String(d.pieces), popText,
      d.deviationFromRegionIdeal.map { String(format: "%+.1f%%", $0 * 100) } ?? "-",
      String(d.cutEdges), d.areaKm2.map { String(format: "%.0f", $0) } ?? "-",
      d.polsbyPopper.map { String(format: "%.3f", $0) } ?? "-",
      d.reock.map { String(format: "%.3f", $0) } ?? "-", d.neighbours.joined(separator: ";"),
    ])
    if d.pieces > 1 { pieces[d.district] = d.pieceUnits }
  }
  lines.append(table.render())
  for d in c.districtChecks {
    for (i, piece) in (pieces[d.district] ?? []).enumerated() {
      lines.append("district \(d.district), piece \(i + 1): \(piece.joined(separator: ", "))")
    }
  }
  return lines.joined(separator: "\n")
}
