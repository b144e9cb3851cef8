import SaylauCore
import SaylauDistricting
import SaylauGeo

/// The graph of Kazakhstan's second-level units as at the March 2023 election, from the bundled data.
///
/// One node per 2023 unit of `admin_units.csv` that has a polygon (units with two polygons, such as Semey
/// and Urzhar, are their union). Edges come from `kz_adm2_adjacency.csv` (rook contiguity of the polygons),
/// carrying `shared_border_km`. Gaps are kept visible rather than filled:
/// * units without a polygon (Sauran, inside the Kentau polygon) are listed in ``unitsWithoutPolygon``;
/// * polygons of units created after the election (Alatau city, Nura district) are listed in
///   ``polygonsWithoutUnit`` and are not nodes.
public struct KazakhstanGraph: Sendable {
  public var graph: UnitGraph
  /// Geometry of each node (same order as the graph's nodes).
  public var shapes: [MultiPolygon]
  public var unitsWithoutPolygon: [String]
  public var polygonsWithoutUnit: [String]

  /// Builds the graph from the parsed bundled files.
  public init(adm2: [GeoFeature], adjacency: CSVTable, units: CSVTable) throws {
    var featureByCode: [String: GeoFeature] = [:]
    for f in adm2 {
      guard let c = f.properties["code"] else {
        throw GraphError("kz_adm2: a feature without 'code'")
      }
      featureByCode[c] = f
    }
    let code = try units.column("code")
    let geo = try units.column("geo_code")
    let columns = [
      "name_en", "name_kk", "name_ru", "region_code", "kind", "population", "population_date",
      "census_2021_population", "constituency_2023", "kato",
    ]
    let idx = try columns.map { try units.column($0) }
    var names: [String] = []
    var attrs: [[String: GraphValue]] = []
    var shapes: [MultiPolygon] = []
    var nodeOfGeo: [String: Int] = [:]
    var without: [String] = []
    for r in units.rows {
      let c = r.fields[code]
      let geos = r.fields[geo].split(separator: ";").map(String.init).filter { !$0.isEmpty }
      if geos.isEmpty {
        without.append(c)
        continue
      }
      var polys: [Polygon] = []
      for g in geos {
        guard let f = featureByCode[g] else {
          throw GraphError(
            "admin_units.csv:\(r.line): field 'geo_code': '\(g)' is not in kz_adm2.geojson")
        }
        polys.append(contentsOf: f.geometry.polygons)
        nodeOfGeo[g] = names.count
      }
      var a: [String: GraphValue] = ["geo_code": .string(geos.joined(separator: ";"))]
      for (k, i) in zip(columns, idx) {
        let v = r.fields[i].trimmingSpaces
        if v.isEmpty { continue }  // blank stays absent, never 0
        if k == "population" || k == "census_2021_population", let n = Int(v) {
          a[k] = .int(n)
        } else {
          a[k] = .string(v)
        }
      }
      names.append(c)
      attrs.append(a)
      shapes.append(MultiPolygon(polys))
    }
    let ua = try adjacency.column("unit_a")
    let ub = try adjacency.column("unit_b")
    let km = try adjacency.column("shared_border_km")
    var edges: [(Int, Int)] = []
    var edgeAttrs: [[String: GraphValue]] = []
    var length: [Int64: Double] = [:]
    for r in adjacency.rows {
      guard let a = nodeOfGeo[r.fields[ua]], let b = nodeOfGeo[r.fields[ub]], a != b else {
        continue
      }
      let key = Int64(min(a, b)) << 32 | Int64(max(a, b))
      let l = Double(r.fields[km]) ?? 0
      if let old = length[key] {
        length[key] = old + l  // two polygons of one unit bordering the same unit
      } else {
        length[key] = l
        edges.append((a, b))
      }
    }
    for e in edges {
      let key = Int64(min(e.0, e.1)) << 32 | Int64(max(e.0, e.1))
      edgeAttrs.append(["shared_border_km": .double(length[key]!)])
    }
    graph = UnitGraph(names: names, nodeAttributes: attrs, edges: edges, edgeAttributes: edgeAttrs)
    self.shapes = shapes
    unitsWithoutPolygon = without
    polygonsWithoutUnit = adm2.compactMap { $0.properties["code"] }.filter { nodeOfGeo[$0] == nil }
      .sorted()
  }
}
