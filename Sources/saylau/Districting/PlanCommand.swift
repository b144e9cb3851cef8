import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauDistricting
import SaylauGeo
import SaylauRegistry

struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan", abstract: "Check district plans.", subcommands: [PlanCheck.self])
}

struct PlanCheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract:
      "Check a plan: coverage, nesting, contiguity, population deviation, cut edges, compactness, splits.",
    discussion: """
      FILE is a CSV with columns unit,district (a unit listed under two districts is split). Use
      --official 2023 for the 2023 Mäjilis constituencies. The default graph is the bundled Kazakhstan
      units; --graph takes a NetworkX JSON or GeoJSON file instead.
      """)

  @Argument(help: "Plan CSV (unit,district).") var file: String?
  @Option(help: "Check an official plan instead of a file: 2023.") var official: String?
  @Option(help: "Graph: 'kazakhstan' (default), FILE.json or FILE.geojson.") var graph: String =
    "kazakhstan"
  @Option(help: "Region column for nesting (default region_code for Kazakhstan).") var regionColumn:
    String?
  @Option(help: "Population column.") var populationColumn: String = "population"
  @Option(help: "GeoJSON id property.") var idProperty: String?
  @Option(help: "GeoJSON adjacency tolerance in metres.") var tolerance: Double = 25
  @OptionGroup var output: OutputOptions

  struct Published: Codable {
    var population: Int?
    var electorate: Int?
    var seat: String?
  }

  struct Report: Codable {
    var plan: String
    var graph: String
    var check: PlanCheckReport
    var unitsWithoutPolygon: [String]
    var polygonsWithoutUnit: [String]
    var published: [String: Published]?
  }

  func run() throws {
    var g: UnitGraph
    var shapes: [MultiPolygon]? = nil
    var shared: [Double]? = nil
    var without: [String] = []
    var orphanPolygons: [String] = []
    var regionPop: [String: Int] = [:]
    var regionCol = regionColumn
    if graph == "kazakhstan" {
      let kz = try loadKazakhstanGraph()
      g = kz.graph
      shapes = kz.shapes
      shared = g.edgeAttributes.map { ($0["shared_border_km"]?.number ?? 0) * 1000 }
      without = kz.unitsWithoutPolygon
      orphanPolygons = kz.polygonsWithoutUnit
      regionCol = regionCol ?? "region_code"
      let regions = try CSVTable(
        text: (try BundledData.text("regions.csv")), source: "regions.csv")
      let c = try regions.column("code")
      let p = try regions.column("population")
      for r in regions.rows.indices {
        if let v = try regions.integer(row: r, column: p) {
          regionPop[regions.rows[r].fields[c]] = v
        }
      }
    } else if graph.hasSuffix(".geojson") {
      let gg = try geoJSONGraph(
        data: try Data(contentsOf: URL(fileURLWithPath: graph)), source: graph,
        idProperty: idProperty,
        toleranceMetres: tolerance)
      g = gg.graph
      shapes = gg.shapes
      shared = gg.sharedMetres
    } else {
      g = try loadUnitGraph(graph)
    }
    var rows: [(unit: String, district: String)] = []
    var published: [String: Published]? = nil
    let planName: String
    if let official {
      guard official == "2023", graph == "kazakhstan" else {
        throw UserError("--official: only 2023 (on the bundled Kazakhstan graph) is available")
      }
      planName = "official 2023 constituencies (registry, scheme 2023)"
      let registry: Registry
      do { registry = try BundledData.registry() } catch {
        throw UserError("bundled registry: \(error)")
      }
      var pub: [String: Published] = [:]
      for c in registry.constituencies where c.schemeID == "2023" {
        // Partial units (Al-Farabi) are listed under both constituencies; inferred units count too.
        for share in c.composition { rows.append((share.unitCode, String(c.number))) }
        pub[String(c.number)] = Published(
          population: c.population?.value, electorate: c.electorate?.value, seat: c.seat)
      }
      published = pub
    } else {
      guard let file else { throw UserError("give a plan FILE or --official 2023") }
      planName = file
      let text: String
      do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
        throw UserError("\(file): cannot read")
      }
      do {
        let t = try CSVTable(text: text, source: file)
        let uc = try t.column("unit")
        let dc = try t.column("district")
        for r in t.rows {
          let d = r.fields[dc].trimmingCharacters(in: .whitespaces)
          if d.isEmpty {
            throw CSVError(source: file, line: r.line, field: "district", message: "blank")
          }
          let unit = r.fields[uc].trimmingCharacters(in: .whitespaces)
          if g.index(of: unit) == nil && !without.contains(unit) {
            throw CSVError(
              source: file, line: r.line, field: "unit",
              message: "'\(unit)' is not a unit of the graph \(graph)")
          }
          rows.append((unit, d))
        }
      } catch let e as CSVError { throw UserError(e.description) }
    }
    let (plan, unknownRaw) = DistrictPlan.from(rows: rows, graph: g)
    let unknown = unknownRaw.filter { !without.contains($0) }
    var check = checkPlan(
      graph: g, plan: plan, unknownUnits: unknown, regionColumn: regionCol,
      populationColumn: populationColumn,
      regionPopulation: regionPop, shapes: shapes, sharedMetres: shared)
    let withoutInPlan = without.filter { u in rows.contains { $0.unit == u } }
    // A district with a unit that has no polygon has an unknown shape: its measures would describe
    // only part of it.

    for u in withoutInPlan {
      let ds = Set(rows.filter { $0.unit == u }.map(\.district))
      for i in check.districtChecks.indices where ds.contains(check.districtChecks[i].district) {
        check.districtChecks[i].areaKm2 = nil
        check.districtChecks[i].perimeterKm = nil
        check.districtChecks[i].polsbyPopper = nil
        check.districtChecks[i].reock = nil
      }
      check.notes.append(
        "\(u) has no polygon of its own (Sauran lies inside the Kentau polygon), so the shape of its district (\(ds.sorted().joined(separator: ", "))) is unknown and its contiguity is judged without it; the district holding that polygon is drawn too large"
      )
    }
    let report = Report(
      plan: planName, graph: graph, check: check, unitsWithoutPolygon: withoutInPlan,
      polygonsWithoutUnit: orphanPolygons, published: published)
    if output.json { return try printJSON(report) }
    printReport(report)
  }

  func printReport(_ r: Report) {
    let c = r.check
    print("Plan: \(r.plan)")
    print("Graph: \(r.graph), \(c.units) units, \(c.districts) districts, \(c.cutEdges) cut edges")
    print(
      "Coverage: \(c.unassignedUnits.isEmpty ? "every unit assigned" : "\(c.unassignedUnits.count) unassigned: " + c.unassignedUnits.prefix(10).joined(separator: ", ") + (c.unassignedUnits.count > 10 ? ", …" : ""))"
    )
    if !c.unknownUnits.isEmpty {
      print("Units not in the graph: \(c.unknownUnits.joined(separator: ", "))")
    }
    if !r.unitsWithoutPolygon.isEmpty {
      print(
        "Units in the plan without a polygon (not checked for contiguity or shape): \(r.unitsWithoutPolygon.joined(separator: ", "))"
      )
    }
    if !r.polygonsWithoutUnit.isEmpty {
      print(
        "Polygons of units created after 2023 (in no 2023 unit, not assigned): \(r.polygonsWithoutUnit.joined(separator: ", "))"
      )
    }
    print(
      "Nesting in regions: \(c.nestingViolations.isEmpty ? "every district lies in one region" : "crossing: " + c.nestingViolations.joined(separator: ", "))"
    )
    print(
      "Contiguity: \(c.nonContiguous.isEmpty ? "every district contiguous" : "NOT contiguous: " + c.nonContiguous.joined(separator: ", "))"
    )
    print("Split units: \(c.splitUnits.isEmpty ? "none" : c.splitUnits.joined(separator: ", "))")
    if let ideal = c.idealPopulation {
      print(
        "Ideal population \(Int(ideal.rounded())), max deviation \(c.maxAbsoluteDeviation.map { String(format: "%.2f%%", $0 * 100) } ?? "unknown")"
      )
    } else {
      print(
        "Population: \(c.unitsWithoutPopulation) of \(c.units) units have none, so the total and the ideal are unknown"
      )
    }
    for n in c.notes { print("Note: \(n)") }
    print("")
    print(
      "district  units  pieces  population            dev(region)  cut  area km²    PP     Reock  neighbours"
    )
    for d in c.districtChecks {
      let pub = r.published?[d.district]
      let popText =
        d.population.map(String.init)
        ?? (pub?.population.map { "\($0) (pub.)" } ?? "unknown (\(d.unitsWithoutPopulation) blank)")
      let dev = d.deviationFromRegionIdeal.map { String(format: "%+.1f%%", $0 * 100) } ?? "-"
      let area = d.areaKm2.map { String(format: "%.0f", $0) } ?? "-"
      let pp = d.polsbyPopper.map { String(format: "%.3f", $0) } ?? "-"
      let reock = d.reock.map { String(format: "%.3f", $0) } ?? "-"
      print(
        "\(d.district.padding(toLength: 8, withPad: " ", startingAt: 0))  \(String(format: "%5d", d.units))  \(String(format: "%6d", d.pieces))  \(popText.padding(toLength: 20, withPad: " ", startingAt: 0))  \(dev.padding(toLength: 11, withPad: " ", startingAt: 0))  \(String(format: "%3d", d.cutEdges))  \(area.padding(toLength: 9, withPad: " ", startingAt: 0))  \(pp)  \(reock)  \(d.neighbours.joined(separator: ";"))"
      )
      if d.pieces > 1 {
        for (i, piece) in d.pieceUnits.enumerated() {
          print("          piece \(i + 1): \(piece.joined(separator: ", "))")
        }
      }
    }
  }
}
