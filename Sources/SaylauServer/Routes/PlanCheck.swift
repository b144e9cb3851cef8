import Foundation
import Hummingbird
import SaylauData
import SaylauRegistry
import SaylauStore

/// Checks of a districting plan against the registry and the unit geometry: does it cover every unit once,
/// does each district stay inside one region (the CEC's rule since 2022: no constituency crosses a region
/// boundary), is each district contiguous, and what is known of its population.
struct PlanCheck: Encodable, Sendable {
  struct District: Encodable, Sendable {
    var number: Int
    var units: Int
    var regions: [String]
    /// Connected pieces in the unit adjacency (1 = contiguous).
    var pieces: Int
    /// Sum over the units whose 2023 population is known; `unitsWithoutPopulation` says how many are not.
    var knownPopulation: Int
    var unitsWithoutPopulation: Int
  }
  var plan: String
  var districts: [District]
  var unassignedUnits: [String]
  var districtsAcrossRegions: [Int]
  var nonContiguousDistricts: [Int]
  var notes: [String]

  /// Unit adjacency from kz_adm2_adjacency.csv (polygons sharing a border), lifted to registry units.
  static func adjacency(geography: KazakhstanGeography) throws -> [String: Set<String>] {
    let text = try String(
      contentsOf: BundledData.resourceURL("kz_adm2_adjacency.csv"), encoding: .utf8)
    var unitsByGeo: [String: [String]] = [:]
    for shape in geography.polygons { unitsByGeo[shape.geoCode] = shape.unitCodes }
    var out: [String: Set<String>] = [:]
    for (index, line) in text.split(separator: "\n").enumerated() where index > 0 {
      let fields = line.split(separator: ",")
      guard fields.count >= 2 else { continue }
      for a in unitsByGeo[String(fields[0])] ?? [] {
        for b in unitsByGeo[String(fields[1])] ?? [] where a != b {
          out[a, default: []].insert(b)
          out[b, default: []].insert(a)
        }
      }
    }
    // Units sharing one polygon (Sauran inside Kentau's) touch each other.
    for shape in geography.polygons where shape.unitCodes.count > 1 {
      for a in shape.unitCodes {
        for b in shape.unitCodes where a != b { out[a, default: []].insert(b) }
      }
    }
    return out
  }

  static func run(_ plan: PlanRecord, registry: Registry, adjacency: [String: Set<String>])
    -> PlanCheck
  {
    var members: [Int: [String]] = [:]
    for (unit, district) in plan.assignments { members[district, default: []].append(unit) }
    var districts: [District] = []
    for (number, units) in members.sorted(by: { $0.key < $1.key }) {
      let set = Set(units)
      // Breadth-first search inside the district counts its connected pieces.
      var seen = Set<String>()
      var pieces = 0
      for start in units.sorted() where !seen.contains(start) {
        pieces += 1
        var queue = [start]
        seen.insert(start)
        while let u = queue.popLast() {
          for v in adjacency[u] ?? [] where set.contains(v) && !seen.contains(v) {
            seen.insert(v)
            queue.append(v)
          }
        }
      }
      let records = units.compactMap { registry.unit(code: $0) }
      districts.append(
        District(
          number: number, units: units.count,
          regions: Array(Set(records.map(\.regionCode))).sorted(),
          pieces: pieces, knownPopulation: records.compactMap { $0.population?.value }.reduce(0, +),
          unitsWithoutPopulation: records.filter { $0.population == nil }.count))
    }
    let unassigned = registry.units.map(\.code).filter { plan.assignments[$0] == nil }
      .sorted()
    return PlanCheck(
      plan: plan.id, districts: districts, unassignedUnits: unassigned,
      districtsAcrossRegions: districts.filter { $0.regions.count > 1 }.map(\.number),
      nonContiguousDistricts: districts.filter { $0.pieces > 1 }.map(\.number),
      notes: [
        "contiguity uses the 2024 geokz polygons (kz_adm2_adjacency.csv); Sauran has no polygon and counts as touching Kentau, whose polygon holds it",
        "2023 populations are known for only some units, so population balance cannot be judged here",
      ])
  }
}

struct PlanAPI: Sendable {
  let service: SaylauService

  func register(on router: Router<BasicRequestContext>) {
    router.get("/api/v1/plans/:id/check") { _, context in
      let id = try context.parameters.require("id")
      guard let plan = try await service.store.plans().first(where: { $0.id == id }) else {
        throw APIError(.notFound, "no plan '\(id)'")
      }
      return try jsonResponse(
        PlanCheck.run(plan, registry: service.registry, adjacency: service.adjacency))
    }
  }
}
