import Foundation
import SaylauCore
import SaylauData
import SaylauGeo
import SaylauRegistry
import Testing

@testable import SaylauDistricting

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent()
  .deletingLastPathComponent()

func kazakhstanGraph() throws -> KazakhstanGraph { try BundledData.kazakhstanGraph() }

@Suite struct GraphTests {
  /// The Pennsylvania file reads with GerryChain's published sizes and round-trips through our writer.
  @Test func pennsylvaniaNetworkXRoundTrip() throws {
    let url = packageRoot.appendingPathComponent("data/pennsylvania/PA_graph_with_data_vtd.json")
    let g = try NetworkXJSON.read(Data(contentsOf: url), source: "PA")
    #expect(g.nodeCount == 8912)
    #expect(g.edgeCount == 25211)  // networkx: G.number_of_edges()
    let weights = try g.integerWeights("population")
    #expect(weights.reduce(0, +) == 12_689_780)  // Python: sum of the `population` attribute
    #expect(Set(g.textColumn("CD").compactMap { $0 }).count == 18)
    // Round trip (on the first 600 precincts, to keep the debug-build test quick).
    let keep = 600
    let sub = UnitGraph(
      names: Array(g.names.prefix(keep)), idValues: Array(g.idValues.prefix(keep)),
      nodeAttributes: Array(g.nodeAttributes.prefix(keep)),
      edges: g.edges.indices.filter { Int(g.edges[$0].v) < keep }.map {
        (Int(g.edges[$0].u), Int(g.edges[$0].v))
      },
      edgeAttributes: g.edges.indices.filter { Int(g.edges[$0].v) < keep }.map {
        g.edgeAttributes[$0]
      })
    let again = try NetworkXJSON.read(NetworkXJSON.write(sub), source: "round trip")
    #expect(again.names == sub.names)
    #expect(again.edges.map { [$0.u, $0.v] } == sub.edges.map { [$0.u, $0.v] })
    #expect(again.nodeAttributes == sub.nodeAttributes)
    #expect(again.edgeAttributes == sub.edgeAttributes)
    #expect(again.idValues == sub.idValues)
  }

  @Test func missingPopulationIsAnErrorNotZero() throws {
    let json = """
      {"directed":false,"multigraph":false,"graph":[],"nodes":[{"id":"a","population":5},{"id":"b"}],
       "adjacency":[[{"id":"b"}],[{"id":"a"}]]}
      """
    let g = try NetworkXJSON.read(Data(json.utf8), source: "t.json")
    #expect(throws: GraphError.self) { try g.integerWeights("population") }
    #expect(throws: GraphError.self) {
      try NetworkXJSON.read(
        Data(#"{"nodes":[{"id":"a"}],"adjacency":[[{"id":"zz"}]]}"#.utf8), source: "bad.json")
    }
  }

  /// What the token-by-token reader makes of each kind of value, and what it refuses, with the path.
  @Test func networkXValuesAndRefusals() throws {
    let json = """
      {"directed": false, "multigraph": null, "crs": {"name": [1, 2]}, "graph": {"name": "t", "n": 2},
       "nodes": [{"id": "a", "population": 5.0, "share": 1.5, "big": 1e3, "name": "\\u0410", "x": null},
                 {"id": 7, "population": 3, "ok": true}],
       "adjacency": [[{"id": 7, "shared_perim": 0.25}], [{"id": "a", "shared_perim": 0.25}]]}
      """
    let g = try NetworkXJSON.read(Data(json.utf8), source: "t.json")
    #expect(g.names == ["a", "7"])
    #expect(g.idValues == [.string("a"), .int(7)])
    #expect(g.nodeAttributes[0]["population"] == .int(5))
    #expect(g.nodeAttributes[0]["share"] == .double(1.5))
    #expect(g.nodeAttributes[0]["big"] == .int(1000))
    #expect(g.nodeAttributes[0]["name"] == .string("А"))
    #expect(g.nodeAttributes[0]["x"] == .null)
    #expect(g.nodeAttributes[1]["ok"] == .bool(true))
    #expect(g.graphAttributes == ["name": .string("t"), "n": .int(2)])
    #expect(g.edgeCount == 1 && g.edgeAttributes[0]["shared_perim"] == .double(0.25))
    func refusal(_ text: String) -> String {
      do {
        _ = try NetworkXJSON.read(Data(text.utf8), source: "bad.json")
        return "accepted"
      } catch { return error.description }
    }
    #expect(refusal(#"[1]"#).contains("at the root: a value of the wrong kind"))
    #expect(refusal(#"{"adjacency": []}"#).contains("nodes"))
    #expect(
      refusal(#"{"nodes": {}, "adjacency": []}"#).contains("at nodes: a value of the wrong kind"))
    #expect(
      refusal(#"{"nodes": [{"id": "a", "geometry": [1]}], "adjacency": [[]]}"#).contains(
        "at nodes[0].geometry: not a scalar"))
    #expect(
      refusal(#"{"nodes": [{"id": "a", "p": 1e400}], "adjacency": [[]]}"#).contains(
        "at nodes[0].p: a number out of range"))
    #expect(
      refusal(#"{"nodes": [{"id": "a"}], "adjacency": [[7]]}"#).contains(
        "at adjacency[0][0]: a value of the wrong kind"))
    #expect(refusal(#"{"directed": "yes", "nodes": [], "adjacency": []}"#).contains("at directed"))
    #expect(refusal(#"{"nodes": [1,}"#).contains("line 1, column"))
  }

  /// Rook adjacency computed in Swift from kz_adm2.geojson against the bundled kz_adm2_adjacency.csv (GEOS,
  /// 25 m buffers): with a 25 m tolerance the 539 pairs are identical; with exact shared vertices only, the
  /// two borders the source digitised twice (Shet–Karazhal, Ayagoz–Alakol) are missed.
  @Test func rookAdjacencyMatchesBundledTable() throws {
    let features = try GeoJSONReader.features(
      from: Data(contentsOf: BundledData.resourceURL("kz_adm2.geojson")), source: "kz_adm2.geojson"
    )
    let codes = features.map { $0.properties["code"]! }
    let table = try CSVTable(
      text: (try BundledData.text("kz_adm2_adjacency.csv")), source: "adj")
    var reference: [String: Double] = [:]
    for r in table.rows { reference[r.fields[0] + "|" + r.fields[1]] = Double(r.fields[2])! }
    let shapes = features.map(\.geometry)
    let projection = LambertAzimuthalEqualArea(fitting: shapes)
    func pairs(_ adj: RookAdjacency) -> [String: Double] {
      Dictionary(
        uniqueKeysWithValues: adj.pairs.map {
          let (a, b) = (min(codes[$0.a], codes[$0.b]), max(codes[$0.a], codes[$0.b]))
          return (a + "|" + b, $0.sharedMetres / 1000)
        })
    }
    let tolerant = pairs(RookAdjacency(shapes: shapes, projection: projection, tolerance: 25))
    #expect(Set(tolerant.keys) == Set(reference.keys))
    // Lengths: spherical equal-area plane vs geodesic; most agree within 1 %.
    let close = reference.filter { abs(tolerant[$0.key]! - $0.value) <= 0.01 * $0.value + 0.05 }
      .count
    #expect(close >= 500)
    let exact = pairs(RookAdjacency(shapes: shapes, projection: projection, tolerance: 0))
    #expect(
      Set(reference.keys).subtracting(exact.keys) == ["KZ103600|KZ333400", "KZ356400|KZ621800"])
    #expect(Set(exact.keys).isSubset(of: Set(reference.keys)))
  }

  @Test func kazakhstanGraphShape() throws {
    let kz = try kazakhstanGraph()
    #expect(kz.graph.nodeCount == 220)
    #expect(kz.unitsWithoutPolygon == ["turkistan.sauran"])
    #expect(kz.polygonsWithoutUnit == ["KZ191800", "KZ711510"])
    #expect(kz.graph.componentCount(of: Array(0..<kz.graph.nodeCount)) == 1)
    // Blank populations stay absent.
    let withPopulation = kz.graph.nodeAttributes.filter { $0["population"] != nil }.count
    #expect(withPopulation == 42)
    #expect(throws: GraphError.self) { try kz.graph.integerWeights("population") }
  }

  @Test func geoJSONRoundTrip() throws {
    let kz = try kazakhstanGraph()
    let features = (0..<kz.graph.nodeCount).prefix(30).map { i in
      GeoFeature(properties: ["code": kz.graph.names[i]], geometry: kz.shapes[i])
    }
    let data = GeoJSONWriter.write(Array(features))
    let back = try GeoJSONReader.features(from: data, source: "rt")
    #expect(back.map { $0.properties } == features.map { $0.properties })
    #expect(back.map(\.geometry) == features.map(\.geometry))
  }

  @Test func compactnessOfSimpleShapes() {
    // A 1°×1° square near the equator: Polsby–Popper π/4, Reock 2/π (square in its circumcircle).
    let ring = LinearRing([
      Position(longitude: 0, latitude: 0), Position(longitude: 1, latitude: 0),
      Position(longitude: 1, latitude: 1),
      Position(longitude: 0, latitude: 1), Position(longitude: 0, latitude: 0),
    ])
    let shape = MultiPolygon([Polygon(exterior: ring)])
    let m = ShapeMeasure(
      shape, projection: LambertAzimuthalEqualArea(center: Position(longitude: 0.5, latitude: 0.5)))
    #expect(abs(m.polsbyPopper - Double.pi / 4) < 0.005)
    #expect(abs(m.reock - 2 / Double.pi) < 0.005)
    #expect(abs(m.area / 1e6 - 12_364) < 100)  // 1°×1° at the equator ≈ 12,364 km²
  }
}

@Suite struct PlanCheckTests {
  /// The 2023 plan on the bundled geometry: Nos 19 and 27 are not contiguous (SOURCES.md); No. 25 is
  /// contiguous when Sauran fills the Kentau polygon that holds it, and in two pieces when Sauran is left
  /// out; every district nests in its region; Al-Farabi is split.
  @Test func official2023() throws {
    let kz = try kazakhstanGraph()
    let t = try CSVTable(text: (try BundledData.text("constituencies_2023.csv")), source: "c")
    var rows: [(unit: String, district: String)] = []
    for r in t.rows {
      for u
        in (r.fields[try t.column("composition")] + ";"
        + r.fields[try t.column("composition_inferred")]).split(separator: ";")
      {
        rows.append((u.hasSuffix(":part") ? String(u.dropLast(5)) : String(u), r.fields[0]))
      }
    }
    let plan = DistrictPlan(rows: rows)
    #expect(plan.membership(on: kz.graph).unknownUnits == ["turkistan.sauran"])
    #expect(plan.labels.count == 29)
    #expect(kz.missingPolygons.map(\.unit) == ["turkistan.sauran"])
    #expect(kz.missingPolygons.first?.host == "turkistan.kentau_city")
    func check(_ policy: MissingPolygonPolicy) -> PlanCheckReport {
      PlanCheck(
        map: kz.map, graphName: "kazakhstan", regionColumn: "region_code",
        populationColumn: "population", unitsWithoutPolygon: kz.missingPolygons, policy: policy
      ).check(plan, named: "2023").check
    }
    let excluded = check(.excludeUnit)
    let report = check(.mergeIntoHost)
    for r in [excluded, report] {
      #expect(r.unassignedUnits.isEmpty)
      #expect(r.unknownUnits.isEmpty)
      #expect(r.nestingViolations.isEmpty)
      #expect(r.splitUnits == ["shymkent.al_farabi"])
      #expect(r.contiguityDependsOnPolicy == ["25"])
    }
    #expect(excluded.nonContiguous == ["19", "25", "27"])
    #expect(report.nonContiguous == ["19", "27"])
    let d25 = report.districtChecks.first { $0.district == "25" }!
    #expect(d25.piecesByPolicy == PiecesByPolicy(excludeUnit: 2, mergeIntoHost: 1))
    #expect(d25.unitsWithoutPolygon == ["turkistan.sauran"])
    #expect(
      excluded.districtChecks.first { $0.district == "25" }!.pieceUnits.contains([
        "turkistan.turkestan_city"
      ]))
    let d19 = report.districtChecks.first { $0.district == "19" }!
    #expect(d19.pieceUnits.contains(["karaganda.temirtau_city"]))
    #expect(!d19.contiguityDependsOnPolicy)
    let d27 = report.districtChecks.first { $0.district == "27" }!
    #expect(d27.pieceUnits.contains(["turkistan.maktaaral", "turkistan.zhetysai"]))
    // Populations: blank is unknown, never zero; Abai (No. 8) is complete.
    #expect(report.totalPopulation == nil)
    #expect(report.districtChecks.first { $0.district == "8" }!.population == 610_189)
    #expect(report.districtChecks.first { $0.district == "9" }!.population == nil)
    // Split districts and the one holding Sauran have no shape measures; others do, within (0, 1].
    #expect(report.districtChecks.first { $0.district == "6" }!.polsbyPopper == nil)
    #expect(d25.polsbyPopper == nil)
    for d in report.districtChecks where d.polsbyPopper != nil {
      #expect(d.polsbyPopper! > 0 && d.polsbyPopper! <= 1)
      #expect(d.reock! > 0 && d.reock! <= 1)
    }
    // Published borders of No. 1 are 2 and 9.
    #expect(report.districtChecks.first { $0.district == "1" }!.neighbours == ["2", "9"])
  }

  /// The Kazakhstan checker gives the same as the generic check under its default policy, and the enacted
  /// plan built from the registry has every unit, with Al-Farabi under both its constituencies.
  @Test func kazakhstanCheckerUsesMergeIntoHost() throws {
    let checker = try KazakhstanPlanChecker.bundled()
    #expect(checker.policy == .mergeIntoHost)
    let enacted = try OfficialPlans.enacted(scheme: "2023", in: checker.registry)
    #expect(enacted.id == "enacted-2023")
    #expect(enacted.plan.districts(of: "shymkent.al_farabi") == ["6", "7"])
    #expect(enacted.plan.units.count == 221)
    let checked = try checker.checkEnacted(scheme: "2023")
    #expect(checked.check.nonContiguous == ["19", "27"])
    #expect(checked.check.policy == .mergeIntoHost)
    #expect(checked.unitsWithoutPolygon == ["turkistan.sauran"])
    #expect(checked.polygonsWithoutUnit == ["KZ191800", "KZ711510"])
    #expect(checked.published?["12"]?.population != nil)
    #expect(OfficialPlans.all(in: checker.registry).map(\.id) == ["enacted-2023"])
    #expect(throws: OfficialPlanError.compositionsNotKnown(scheme: "2004", known: 0, seats: 67)) {
      try OfficialPlans.enacted(scheme: "2004", in: checker.registry)
    }
  }
}

@Suite struct RegistryPlanTests {
  /// The registry's 2023 compositions (what `saylau plan check --official 2023` reads) list the same
  /// unit–constituency pairs as constituencies_2023.csv read directly.
  @Test func registryCompositionMatchesCSV() throws {
    let registry = try BundledData.registry()
    var fromRegistry = Set<String>()
    for c in registry.constituencies where c.schemeID == "2023" {
      for share in c.composition { fromRegistry.insert("\(share.unitCode)|\(c.number)") }
    }
    let t = try CSVTable(text: (try BundledData.text("constituencies_2023.csv")), source: "c")
    var fromCSV = Set<String>()
    for r in t.rows {
      let units =
        r.fields[try t.column("composition")] + ";" + r.fields[try t.column("composition_inferred")]
      for u in units.split(separator: ";") {
        fromCSV.insert("\(u.hasSuffix(":part") ? String(u.dropLast(5)) : String(u))|\(r.fields[0])")
      }
    }
    #expect(fromRegistry == fromCSV)
    #expect(fromRegistry.count == 222)  // 221 units, Al-Farabi twice
  }
}
