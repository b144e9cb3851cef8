import SaylauCore
import SaylauDistricting
import SaylauGeo

/// The graph of Kazakhstan's second-level units as at the March 2023 election, from the bundled data.
///
/// One node per 2023 unit of `admin_units.csv` that has a polygon (units with two polygons, such as Semey
/// and Urzhar, are their union). Edges come from `kz_adm2_adjacency.csv` (rook contiguity of the polygons),
/// carrying `shared_border_km`. Gaps are kept visible rather than filled:
/// * units without a polygon (Sauran, inside the Kentau polygon) are listed in ``unitsWithoutPolygon``, and
///   with their host polygon's unit (`admin_units.csv` column `host_geo_code`) in ``missingPolygons``;
/// * polygons of units created after the election (Alatau city, Nura district) are listed in
///   ``polygonsWithoutUnit`` and are not nodes.
public struct KazakhstanGraph: Sendable {
  public var graph: UnitGraph
  /// Geometry of each node (same order as the graph's nodes).
  public var shapes: [MultiPolygon]
  public var unitsWithoutPolygon: [String]
  /// The units without a polygon, each with the node whose polygon holds it and its attributes.
  public var missingPolygons: [UnitWithoutPolygon]
  public var polygonsWithoutUnit: [String]

  /// The graph with its shapes and shared borders, as a plan check reads it.
  public var map: GeographicGraph {
    GeographicGraph(
      graph: graph, shapes: shapes, sharedMetres: GeographicGraph.sharedMetres(of: graph))
  }

  /// Builds the graph from the parsed bundled files.
  /// - Parameters:
  ///   - adm2: the unit polygons (`kz_adm2.geojson`), property `code` the geo code.
  ///   - adjacency: the polygon adjacency (`kz_adm2_adjacency.csv`).
  ///   - units: the units (`admin_units.csv`).
  /// - Throws: ``DatasetError`` naming the file, the line and the field.
  public init(
    adm2: [GeoFeature], adjacency: CSVTable, units: CSVTable,
    polygonsSource: String = "kz_adm2.geojson"
  ) throws {
    var featureByCode: [String: GeoFeature] = [:]
    for (i, f) in adm2.enumerated() {
      guard let c = f.properties["code"] else {
        throw DatasetError(
          source: polygonsSource, line: nil, field: "code",
          message: "feature \(i + 1) has no 'code'")
      }
      featureByCode[c] = f
    }
    let code = try units.column("code")
    let geo = try units.column("geo_code")
    let hostColumn = try units.column("host_geo_code")
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
    var hosted: [(unit: String, host: String?, line: Int, attributes: [String: GraphValue])] = []
    func attributes(_ r: (line: Int, fields: [String])) -> [String: GraphValue] {
      var a: [String: GraphValue] = [:]
      for (k, i) in zip(columns, idx) {
        let v = r.fields[i].trimmingSpaces
        if v.isEmpty { continue }  // blank stays absent, never 0
        if k == "population" || k == "census_2021_population", let n = Int(v) {
          a[k] = .int(n)
        } else {
          a[k] = .string(v)
        }
      }
      return a
    }
    for r in units.rows {
      let c = r.fields[code]
      let geos = r.fields[geo].split(separator: ";").map(String.init).filter { !$0.isEmpty }
      if geos.isEmpty {
        without.append(c)
        let host = r.fields[hostColumn].trimmingSpaces
        hosted.append((c, host.isEmpty ? nil : host, r.line, attributes(r)))
        continue
      }
      var polys: [Polygon] = []
      for g in geos {
        guard let f = featureByCode[g] else {
          throw DatasetError(
            source: units.source, line: r.line, field: "geo_code",
            message: "'\(g)' is not in \(polygonsSource)")
        }
        polys.append(contentsOf: f.geometry.polygons)
        nodeOfGeo[g] = names.count
      }
      var a = attributes(r)
      a["geo_code"] = .string(geos.joined(separator: ";"))
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
      edgeAttrs.append(["shared_border_km": .double(length[key] ?? 0)])
    }
    graph = UnitGraph(names: names, nodeAttributes: attrs, edges: edges, edgeAttributes: edgeAttrs)
    self.shapes = shapes
    unitsWithoutPolygon = without
    missingPolygons = try hosted.map { h in
      guard let geoCode = h.host else {
        return UnitWithoutPolygon(unit: h.unit, host: nil, attributes: h.attributes)
      }
      guard let node = nodeOfGeo[geoCode] else {
        throw DatasetError(
          source: units.source, line: h.line, field: "host_geo_code",
          message: "'\(geoCode)' is the polygon of no unit")
      }
      return UnitWithoutPolygon(unit: h.unit, host: names[node], attributes: h.attributes)
    }
    polygonsWithoutUnit = adm2.compactMap { $0.properties["code"] }.filter { nodeOfGeo[$0] == nil }
      .sorted()
  }
}

extension BundledData {
  /// The graph of the bundled units (``KazakhstanGraph``): `kz_adm2.geojson`, `kz_adm2_adjacency.csv`
  /// and `admin_units.csv`.
  /// - Throws: ``DatasetError`` naming the file, the line and the field.
  public static func kazakhstanGraph() throws -> KazakhstanGraph {
    try KazakhstanGraph(
      adm2: try unitFeatures(),
      adjacency: try CSVTable(
        text: try text("kz_adm2_adjacency.csv"), source: "kz_adm2_adjacency.csv"),
      units: try CSVTable(text: try text("admin_units.csv"), source: "admin_units.csv"))
  }
}
