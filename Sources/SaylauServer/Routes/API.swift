import Foundation
import Hummingbird
import SaylauCore
import SaylauGeo
import SaylauRegistry
import SaylauStore

/// The JSON API under /api/v1. Reading is public; writing needs the operator's bearer token.
struct API: Sendable {
  let service: SaylauService
  var atlas: Atlas { service.atlas }
  var store: Store { service.store }

  func register(on router: Router<BasicRequestContext>) {
    let v1 = router.group("/api/v1")
    v1.get("/openapi.json") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    v1.get("/regions") { _, _ in try jsonResponse(RegionList(regions: atlas.registry.regions)) }
    v1.get("/regions/:code") { _, context in
      let code = try context.parameters.require("code")
      guard let region = atlas.regionsByCode[code] else {
        throw APIError(.notFound, "no region '\(code)'")
      }
      let units = atlas.registry.units.filter { $0.regionCode == code }
      return try jsonResponse(RegionDetail(region: region, units: units))
    }
    v1.get("/constituencies") { request, _ in
      let date = try Query(request).date() ?? atlas.latestDate
      return try jsonResponse(
        ConstituencyList(date: date, constituencies: atlas.constituencies(on: date)))
    }
    v1.get("/constituencies/:number") { request, context in
      let number = try Query.number(context.parameters.get("number"))
      let date = try Query(request).date() ?? atlas.latestDate
      guard let c = atlas.constituency(number: number, on: date) else {
        throw APIError(.notFound, "no constituency \(number) on \(date)")
      }
      let candidates = try await store.candidates(
        election: BundledSeed.election2023, constituency: number)
      return try jsonResponse(
        ConstituencyDetail(
          date: date, constituency: c, region: c.regionCode.flatMap { atlas.regionsByCode[$0] },
          units: c.composition.compactMap { atlas.unitsByCode[$0.unitCode] },
          history: atlas.history(number: number),
          candidates2023: candidates))
    }
    v1.get("/lookup") { request, _ in try jsonResponse(try lookup(Query(request))) }
    v1.get("/elections") { _, _ in
      try jsonResponse(ElectionList(elections: try await store.elections()))
    }
    v1.get("/elections/:id") { _, context in
      let election = try await election(context)
      return try jsonResponse(
        ElectionDetail(
          election: election, imports: try await store.imports(election: election.id)))
    }
    v1.get("/elections/:id/results") { _, context in
      let election = try await election(context)
      let imports = try await store.imports(election: election.id)
      return try jsonResponse(
        ElectionResults(
          election: election, listResults: try await store.listResults(election: election.id),
          candidates: try await store.candidates(election: election.id),
          protocols: ProtocolSummary(
            list: try await store.protocolTotals(election: election.id, ballot: .list),
            constituencies: try await store.constituencyTotals(election: election.id),
            synthetic: imports.contains { $0.synthetic })))
    }
    v1.get("/elections/:id/protocols") { request, context in
      let election = try await election(context)
      let query = Query(request)
      let ballot = try query.ballot() ?? .list
      let constituency = try query.optionalNumber("constituency")
      return try jsonResponse(
        try await store.protocolTotals(
          election: election.id, ballot: ballot, constituency: constituency))
    }
    v1.post("/elections/:id/protocols") { request, context in
      try authorize(request)
      let id = try context.parameters.require("id")
      let body = try await request.body(upTo: service.configuration.maximumBodyBytes)
      let upload: ProtocolUpload = try decode(body)
      let record = try await store.importProtocols(
        election: id, source: upload.source ?? "api", synthetic: upload.synthetic ?? false,
        upload.protocols)
      service.metrics.recordImport(protocols: record.protocols)
      service.logger.info(
        "protocols imported",
        metadata: [
          "election": "\(id)", "import": "\(record.id)", "protocols": "\(record.protocols)",
          "synthetic": "\(record.synthetic)",
        ])
      return try jsonResponse(record, status: .created)
    }
    // The plan routes are in PlanRoutes.swift.
  }

  func election(_ context: BasicRequestContext) async throws -> ElectionRecord {
    let id = try context.parameters.require("id")
    guard let election = try await store.election(id: id) else {
      throw APIError(.notFound, "no election '\(id)'")
    }
    return election
  }

  /// Writes need `Authorization: Bearer <token>`; the comparison takes the same time wherever they differ.
  func authorize(_ request: Request) throws {
    guard let token = service.configuration.token else {
      throw APIError(.unauthorized, "writing is disabled: the server was started without a token")
    }
    guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
      throw APIError(.unauthorized, "a bearer token is required (Authorization: Bearer …)")
    }
    let given = Array(header.dropFirst("Bearer ".count).utf8)
    let expected = Array(token.utf8)
    var difference = given.count ^ expected.count
    for i in 0..<max(given.count, expected.count) {
      let a = i < given.count ? given[i] : 0
      let b = i < expected.count ? expected[i] : 0
      difference |= Int(a ^ b)
    }
    if difference != 0 { throw APIError(.unauthorized, "the bearer token is wrong") }
  }

  func decode<T: Decodable>(_ body: ByteBuffer) throws -> T {
    do {
      return try JSONDecoder().decode(T.self, from: Data(buffer: body))
    } catch let DecodingError.keyNotFound(key, context) {
      throw APIError(
        .badRequest, "body: field '\(Self.path(context.codingPath + [key]))' is missing")
    } catch let DecodingError.typeMismatch(_, context) {
      throw APIError(
        .badRequest, "body: field '\(Self.path(context.codingPath))': \(context.debugDescription)")
    } catch let DecodingError.valueNotFound(_, context) {
      throw APIError(.badRequest, "body: field '\(Self.path(context.codingPath))' is null")
    } catch let DecodingError.dataCorrupted(context) {
      throw APIError(
        .badRequest, "body: \(Self.path(context.codingPath)) \(context.debugDescription)")
    } catch {
      throw APIError(.badRequest, "body: not valid JSON")
    }
  }

  static func path(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
      in: CharacterSet(charactersIn: "."))
  }

  /// Look-up by unit code or by point.
  func lookup(_ query: Query) throws -> LookupResult {
    let date = try query.date() ?? atlas.latestDate
    if let unit = query["unit"] {
      guard let record = atlas.unitsByCode[unit] else {
        throw APIError(.notFound, "no unit '\(unit)'")
      }
      var answer = result(date: date, units: [record], polygon: nil, point: nil)
      if query["lat"] != nil || query["lon"] != nil {
        answer.notes.append("'unit' was given, so 'lat' and 'lon' were ignored")
      }
      return answer
    }
    guard let lat = try query.coordinate("lat", limit: 90),
      let lon = try query.coordinate("lon", limit: 180)
    else {
      throw APIError(.badRequest, "give 'unit', or both 'lat' and 'lon'")
    }
    let point = Position(longitude: lon, latitude: lat)
    guard let shape = atlas.shapes(containing: point).first else {
      throw APIError(.notFound, "(\(lat), \(lon)) is not inside any unit of Kazakhstan")
    }
    let units = shape.unitCodes.compactMap { atlas.unitsByCode[$0] }
    return result(
      date: date, units: units, polygon: LookupPolygon(geoCode: shape.geoCode, name: shape.name),
      point: LookupPoint(lat: lat, lon: lon))
  }

  func result(date: String, units: [UnitRecord], polygon: LookupPolygon?, point: LookupPoint?)
    -> LookupResult
  {
    var numbers = Set<Int>()
    var constituencies: [ConstituencyRecord] = []
    var partial = false
    for unit in units {
      for c in atlas.constituencies(containingUnit: unit.code, on: date)
      where numbers.insert(c.number).inserted {
        constituencies.append(c)
        partial = partial || c.composition.contains { $0.unitCode == unit.code && $0.isPartial }
      }
    }
    constituencies.sort { $0.number < $1.number }
    var notes: [String] = []
    if partial {
      notes.append(
        "the unit is split between constituencies \(constituencies.map { String($0.number) }.joined(separator: " and ")); the data does not say where the line runs"
      )
    }
    if units.count > 1 {
      notes.append(
        "this polygon holds several units (\(units.map(\.code).joined(separator: ", "))); the data has no polygon for each"
      )
    }
    if polygon != nil && units.isEmpty {
      notes.append("this polygon matches no unit of the registry")
    }
    return LookupResult(
      date: date, point: point, polygon: polygon,
      units: units.map { LookupUnit(code: $0.code, name: $0.name.en, regionCode: $0.regionCode) },
      constituencies: constituencies.map {
        LookupConstituency(id: $0.id, number: $0.number, regionCode: $0.regionCode, seat: $0.seat)
      }, ambiguous: constituencies.count > 1, notes: notes)
  }
}

/// Query-string parsing with 400 answers that name the parameter.
struct Query {
  let values: [String: String]

  init(_ request: Request) {
    var values: [String: String] = [:]
    for (k, v) in request.uri.queryParameters {
      values[String(k)] = String(v).removingPercentEncoding ?? String(v)
    }
    self.values = values
  }

  subscript(_ key: String) -> String? { values[key] }

  func date() throws -> String? {
    guard let text = values["date"] else { return nil }
    guard text.count == 10, let date = CalendarDate(iso: text) else {
      throw APIError(.badRequest, "query 'date': '\(text)' is not a date (YYYY-MM-DD)")
    }
    return date.description
  }

  func ballot() throws -> Ballot? {
    guard let text = values["ballot"] else { return nil }
    guard let ballot = Ballot(rawValue: text) else {
      throw APIError(.badRequest, "query 'ballot': '\(text)' is not 'list' or 'constituency'")
    }
    return ballot
  }

  func optionalNumber(_ key: String) throws -> Int? {
    guard let text = values[key] else { return nil }
    return try Self.number(text, name: "query '\(key)'")
  }

  static func number(_ text: String?, name: String = "path 'number'") throws -> Int {
    guard let text, let n = Int(text), (1...999).contains(n) else {
      throw APIError(
        .badRequest, "\(name): '\(text ?? "")' is not a constituency number (1 to 999)")
    }
    return n
  }

  func coordinate(_ key: String, limit: Double) throws -> Double? {
    guard let text = values[key] else { return nil }
    guard let value = Double(text), value.isFinite, abs(value) <= limit else {
      throw APIError(
        .badRequest,
        "query '\(key)': '\(text)' is not a number between -\(Int(limit)) and \(Int(limit))")
    }
    return value
  }
}

// MARK: Answers (their shapes are in the OpenAPI document)

struct RegionList: Encodable { var regions: [RegionRecord] }
struct RegionDetail: Encodable {
  var region: RegionRecord
  var units: [UnitRecord]
}
struct ConstituencyList: Encodable {
  var date: String
  var constituencies: [ConstituencyRecord]
}
struct ConstituencyDetail: Encodable {
  var date: String
  var constituency: ConstituencyRecord
  var region: RegionRecord?
  var units: [UnitRecord]
  var history: [ConstituencyRecord]
  var candidates2023: [CandidateRecord]
}
struct LookupPoint: Encodable {
  var lat: Double
  var lon: Double
}
struct LookupPolygon: Encodable {
  var geoCode: String
  var name: String
}
struct LookupUnit: Encodable {
  var code: String
  var name: String
  var regionCode: String
}
struct LookupConstituency: Encodable {
  var id: String
  var number: Int
  var regionCode: String?
  var seat: String?
}
struct LookupResult: Encodable {
  var date: String
  var point: LookupPoint?
  var polygon: LookupPolygon?
  var units: [LookupUnit]
  var constituencies: [LookupConstituency]
  /// More than one constituency may hold the place (a split unit, or a polygon shared by units).
  var ambiguous: Bool
  var notes: [String]
}
struct ElectionList: Encodable { var elections: [ElectionRecord] }
struct ElectionDetail: Encodable {
  var election: ElectionRecord
  var imports: [ImportRecord]
}
struct ProtocolSummary: Encodable {
  var list: ProtocolTotals
  var constituencies: [ProtocolTotals]
  /// True if any imported protocol is marked synthetic.
  var synthetic: Bool
}
struct ElectionResults: Encodable {
  var election: ElectionRecord
  var listResults: [ListResultRecord]
  var candidates: [CandidateRecord]
  var protocols: ProtocolSummary
}
struct PartySeats: Encodable {
  var party: String
  var name: String
  var listSeats: Int?
  var constituencySeats: Int?
  var totalSeats: Int?
}
struct SeatTable: Encodable {
  var election: String
  var basis: String
  var seats: [PartySeats]
  /// List seats computed by the election engine from the stored votes under the election's regime.
  var computed: SeatAllocation?
  var note: String?
}
struct ProtocolUpload: Decodable {
  var source: String?
  var synthetic: Bool?
  var protocols: [ProtocolRecord]
}
