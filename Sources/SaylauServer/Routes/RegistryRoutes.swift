import Foundation
import Hummingbird
import SaylauCore
import SaylauRegistry
import SaylauStore

/// The registry under /api/v1: regions, constituencies on a day, one constituency, look-ups.
///
/// Every answer is a `Registry` query (the CLI's): a day without certain constituencies is a 404
/// (`"existence": "didNotExist"`) or a 422 (`"existence": "uncertain"`) with the registry's message.
struct RegistryRoutes: Sendable {
  let service: SaylauService
  var registry: Registry { service.registry }

  func register(on router: Router<BasicRequestContext>) {
    let v1 = router.group("/api/v1")
    v1.get("/regions") { _, _ in
      try jsonResponse(RegionList(regions: registry.regions.map(RegionDTO.init)))
    }
    v1.get("/regions/:code") { _, context in
      let code = try context.parameters.require("code")
      guard let region = registry.region(code: code) else {
        throw APIError(.notFound, "no region '\(code)'")
      }
      return try jsonResponse(
        RegionDetail(
          region: RegionDTO(region), units: registry.units(inRegion: code).map(UnitDTO.init)))
    }
    v1.get("/constituencies") { request, _ in
      let date = registry.day(try Query(request).date(), today: service.today)
      let list: [Constituency]
      do throws(RegistryDateError) {
        list = try registry.constituencies(on: date)
      } catch {
        throw APIError(error)
      }
      return try jsonResponse(
        ConstituencyList(
          date: date.description, constituencies: list.map { ConstituencyDTO($0, registry) }))
    }
    v1.get("/constituencies/:number") { request, context in
      let number = try Query.number(context.parameters.get("number"))
      let date = registry.day(try Query(request).date(), today: service.today)
      let c: Constituency
      do throws(ConstituencyQueryError) {
        c = try registry.life(number: number, on: date)
      } catch {
        throw APIError(error)
      }
      let election = try await service.election(of: c)
      var candidates: [CandidateRecord] = []
      if let election {
        candidates = try await service.store.candidates(election: election.id, constituency: number)
      }
      return try jsonResponse(
        ConstituencyDetail(
          date: date.description, constituency: ConstituencyDTO(c, registry),
          region: c.regionCode.flatMap { registry.region(code: $0) }.map(RegionDTO.init),
          units: c.composition.compactMap { registry.unit(code: $0.unitCode) }.map(UnitDTO.init),
          history: registry.history(of: number).map { ConstituencyDTO($0, registry) },
          election: election?.id, candidates: candidates))
    }
    v1.get("/lookup") { request, _ in try jsonResponse(try lookup(Query(request))) }
  }

  /// Look-up by unit code or by point.
  func lookup(_ query: Query) throws -> LookupDTO {
    let date = registry.day(try query.date(), today: service.today)
    if let unit = query["unit"] {
      var answer: LookupDTO
      do throws(LookupError) {
        answer = LookupDTO(try registry.answer(unit: unit, on: date))
      } catch {
        throw APIError(error)
      }
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
    do throws(LookupError) {
      return LookupDTO(
        try service.geography.answer(latitude: lat, longitude: lon, in: registry, on: date))
    } catch {
      throw APIError(error)
    }
  }
}

extension SaylauService {
  /// The stored election held under a constituency's scheme (the latest, if several): whose results the
  /// constituency's page and detail show.
  func election(of c: Constituency) async throws -> ElectionRecord? {
    guard let scheme = registry.scheme(id: c.schemeID) else { return nil }
    let days = Set(scheme.electionDays.map(\.description))
    return try await store.elections().filter { days.contains($0.date) }.max { $0.date < $1.date }
  }
}

// MARK: Answers: the v1 JSON shapes (in the OpenAPI document), built from the domain types

struct CountDTO: Encodable {
  var value: Int
  var year: Int?
  var date: String?
  var source: String?

  init?(_ count: DatedCount?) {
    guard let count else { return nil }
    value = count.value
    year = count.year
    date = count.date?.description
    source = count.source
  }
}

struct RegionDTO: Encodable {
  var code: String
  var isoCode: String
  var katoPrefix: String?
  var name: LocalizedName
  var kind: String
  var administrativeCenter: String?
  var population: CountDTO?

  init(_ r: Region) {
    code = r.code
    isoCode = r.isoCode
    katoPrefix = r.katoPrefix
    name = r.name
    kind = r.kind.rawValue
    administrativeCenter = r.administrativeCenter
    population = CountDTO(r.population)
  }
}

struct UnitDTO: Encodable {
  var code: String
  var regionCode: String
  var name: LocalizedName
  var kind: String
  var kato: String?
  var population: CountDTO?
  var census2021: Int?
  var geoCodes: [String]
  var hostGeoCode: String?

  init(_ u: AdministrativeUnit) {
    code = u.code
    regionCode = u.regionCode
    name = u.name
    kind = u.kind.rawValue
    kato = u.kato
    population = CountDTO(u.population)
    census2021 = u.census2021?.value
    geoCodes = u.geoCodes.sorted()
    hostGeoCode = u.hostGeoCode
  }
}

struct ConstituencyDTO: Encodable {
  struct Share: Encodable {
    var unitCode: String
    var isPartial: Bool
    var isInferred: Bool
    var basis: Basis
  }
  struct MemberDTO: Encodable {
    var name: String
    var party: String?
  }

  var id: String
  var scheme: String
  var number: Int
  var regionCode: String?
  var seat: String?
  var population: CountDTO?
  var electorate: CountDTO?
  var composition: [Share]
  var borders: [Int]
  var member: MemberDTO?
  /// The first day the scheme can have been in force, and the first day it can have been abolished (the
  /// earliest day an imprecise date allows); `…AsPublished` gives them as the sources do.
  var established: String
  var abolished: String?
  var establishedAsPublished: String?
  var abolishedAsPublished: String?

  init(_ c: Constituency, _ registry: Registry) {
    let scheme = registry.scheme(id: c.schemeID)
    id = c.id
    self.scheme = c.schemeID
    number = c.number
    regionCode = c.regionCode
    seat = c.seat
    population = CountDTO(c.population)
    electorate = CountDTO(c.electorate)
    composition = c.composition.map {
      Share(
        unitCode: $0.unitCode, isPartial: $0.isPartial, isInferred: $0.isInferred, basis: $0.basis)
    }
    borders = c.borders
    member = c.member.map { MemberDTO(name: $0.name, party: $0.party) }
    established = scheme?.inForce.earliest.description ?? c.schemeID
    abolished = scheme?.abolished?.earliest.description
    establishedAsPublished = scheme?.inForce.description
    abolishedAsPublished = scheme?.abolished?.description
  }
}

struct RegionList: Encodable { var regions: [RegionDTO] }
struct RegionDetail: Encodable {
  var region: RegionDTO
  var units: [UnitDTO]
}
struct ConstituencyList: Encodable {
  var date: String
  var constituencies: [ConstituencyDTO]
}
struct ConstituencyDetail: Encodable {
  var date: String
  var constituency: ConstituencyDTO
  var region: RegionDTO?
  var units: [UnitDTO]
  var history: [ConstituencyDTO]
  /// The stored election the candidates come from (the one held under the constituency's scheme).
  var election: String?
  var candidates: [CandidateRecord]
}

struct LookupDTO: Encodable {
  struct Point: Encodable {
    var lat: Double
    var lon: Double
  }
  struct Polygon: Encodable {
    var geoCode: String
    var name: String
  }
  struct Unit: Encodable {
    var code: String
    var name: String
    var regionCode: String
  }
  struct Holder: Encodable {
    var id: String
    var number: Int
    var regionCode: String?
    var seat: String?
  }

  var date: String
  var point: Point?
  var polygon: Polygon?
  var units: [Unit]
  var constituencies: [Holder]
  /// More than one constituency may hold the place (a split unit, or a polygon shared by units).
  var ambiguous: Bool
  var notes: [String]

  init(_ answer: LookupAnswer) {
    date = answer.date.description
    point = answer.point.map { Point(lat: $0.latitude, lon: $0.longitude) }
    polygon = answer.polygon.map { Polygon(geoCode: $0.geoCode, name: $0.name) }
    units = answer.units.map { Unit(code: $0.code, name: $0.name.en, regionCode: $0.regionCode) }
    constituencies = answer.constituencies.map {
      Holder(id: $0.id, number: $0.number, regionCode: $0.regionCode, seat: $0.seat)
    }
    ambiguous = answer.isAmbiguous
    notes = answer.notes.map(\.description)
  }
}
