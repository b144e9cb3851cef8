import Foundation
import SaylauCore
import SaylauDistricting
import SaylauGeo

/// The graph readers and what runs on a graph: weights, the plan check, ReCom.
enum FuzzGraphs {
  static func networkX(_ bytes: [UInt8]) {
    let graph: UnitGraph
    do { graph = try NetworkXJSON.read(Data(bytes), source: "fuzz.json") } catch {
      FuzzCheck.error(error, "networkx")
      return
    }
    _ = try? NetworkXJSON.write(graph)
    exercise(GeographicGraph(graph: graph), seed: UInt64(bytes.count))
  }

  static func geoJSON(_ bytes: [UInt8]) {
    let map: GeographicGraph
    do {
      map = try GeographicGraph(
        geoJSON: Data(bytes), source: "fuzz.geojson", idProperty: nil,
        toleranceMetres: bytes.count % 2 == 0 ? 25 : 0)
    } catch {
      FuzzCheck.error(error, "geojson")
      return
    }
    _ = map.geoJSONFeatures().map { GeoJSONWriter.write($0) }
    exercise(map, seed: UInt64(bytes.count))
  }

  /// A 4 × 4 grid of units `u0`…`u15` with populations, for plan files.
  static let grid: GeographicGraph = {
    var edges: [(Int, Int)] = []
    for r in 0..<4 {
      for c in 0..<4 {
        if c < 3 { edges.append((r * 4 + c, r * 4 + c + 1)) }
        if r < 3 { edges.append((r * 4 + c, r * 4 + c + 4)) }
      }
    }
    let names = (0..<16).map { "u\($0)" }
    return GeographicGraph(
      graph: UnitGraph(
        names: names,
        nodeAttributes: (0..<16).map {
          ["population": .int(100 + $0), "region": .string("R\($0 / 8)")]
        },
        edges: edges))
  }()

  static func plan(_ bytes: [UInt8]) {
    let known = bytes.count % 2 == 0 ? Set(grid.graph.names) : nil
    let plan: DistrictPlan
    do { plan = try PlanCSV.read(bytes: bytes, source: "fuzz.csv", knownUnits: known) } catch {
      FuzzCheck.error(error, "plan")
      return
    }
    check(plan, on: grid)
    _ = PlanCSV.write(plan)
  }

  /// Weights, a plan check and ReCom steps from the `CD` column, when the graph has one.
  static func exercise(_ map: GeographicGraph, seed: UInt64) {
    let graph = map.graph
    _ = graph.components(of: Array(0..<graph.nodeCount))
    guard let plan = try? DistrictPlan(column: "CD", of: graph) else { return }
    check(plan, on: map)
    guard let weights = try? graph.integerWeights("population"),
      let assignment = try? plan.assignment(on: graph), assignment.districtCount >= 2,
      let tolerance = Tolerance("0.5")
    else { return }
    do {
      var chain = try ReComChain(
        graph: graph, weights: weights, assignment: assignment, tolerance: tolerance)
      var rng = SeededGenerator(seed: seed)
      for _ in 0..<3 { try chain.step(using: &rng) }
    } catch {
      FuzzCheck.error(error, "recom")
    }
  }

  static func check(_ plan: DistrictPlan, on map: GeographicGraph) {
    for policy in MissingPolygonPolicy.allCases {
      let checker = PlanCheck(
        map: map, graphName: "fuzz", regionColumn: "region", populationColumn: "population",
        policy: policy)
      let checked = checker.check(plan, named: "fuzz")
      // Notes list units (a report, not an echo), so only their characters are checked.
      for note in checked.check.notes { FuzzCheck.message(note, "plan check note", maximum: .max) }
    }
  }
}
