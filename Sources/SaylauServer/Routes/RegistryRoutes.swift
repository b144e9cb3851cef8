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

  func register(on router: Router<SaylauRequestContext>) {
    let v1 = router.group("/api/v1")
    v1.get("/regions") { request, _ in
      let date = registry.day(try Query(request).date(), today: service.today)
      let view: RegionListView
      do throws(RegistryDateError) {
        view = try RegionListView(registry, on: date)
      } catch {
        throw APIError(error)
      }
      return try jsonResponse(view)
    }
    v1.get("/regions/:code") { _, context in
      let code = try context.parameters.require("code")
      guard let region = registry.region(code: code) else {
        throw APIError(.notFound, "no region '\(code)'")
      }
      return try jsonResponse(
        RegionDetail(
          region: RegionView(region), units: registry.units(inRegion: code).map(UnitView.init)))
    }
    v1.get("/constituencies") { request, _ in
      let date = registry.day(try Query(request).date(), today: service.today)
      let view: ConstituencyListView
      do throws(RegistryDateError) {
        view = try ConstituencyListView(registry, on: date)
      } catch {
        throw APIError(error)
      }
      return try jsonResponse(view)
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
          date: date.description, constituency: ConstituencyView(c, registry),
          region: c.regionCode.flatMap { registry.region(code: $0) }.map(RegionView.init),
          units: c.composition.compactMap { registry.unit(code: $0.unitCode) }.map(UnitView.init),
          history: registry.history(of: number).map { ConstituencyView($0, registry) },
          election: election?.id, candidates: candidates))
    }
    v1.get("/lookup") { request, _ in try jsonResponse(try lookup(Query(request))) }
  }

  /// Look-up by name (`q`, as `saylau lookup`), by unit code or by point.
  func lookup(_ query: Query) throws -> LookupView {
    let date = registry.day(try query.date(), today: service.today)
    let byName = query["q"]
    if byName != nil || query["unit"] != nil {
      var answer: LookupView
      do throws(LookupError) {
        if let byName {
          answer = LookupView(try registry.answer(byName, on: date))
        } else {
          answer = LookupView(try registry.answer(unit: query["unit"] ?? "", on: date))
        }
      } catch {
        throw APIError(error)
      }
      let used = byName != nil ? "q" : "unit"
      let ignored = ((byName != nil ? ["unit"] : []) + ["lat", "lon"]).filter { query[$0] != nil }
      if !ignored.isEmpty {
        let names = ignored.map { "'\($0)'" }.joined(separator: " and ")
        answer.notes.append(
          "'\(used)' was given, so \(names) \(ignored.count == 1 ? "was" : "were") ignored")
      }
      return answer
    }
    guard let lat = try query.coordinate("lat", limit: 90),
      let lon = try query.coordinate("lon", limit: 180)
    else {
      throw APIError(.badRequest, "give 'q' (a name or code), 'unit', or both 'lat' and 'lon'")
    }
    do throws(LookupError) {
      return LookupView(
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

// MARK: Answers: the v1 JSON shapes (in the OpenAPI document); the registry's are SaylauRegistry's views

struct RegionDetail: Encodable {
  var region: RegionView
  var units: [UnitView]
}
struct ConstituencyDetail: Encodable {
  var date: String
  var constituency: ConstituencyView
  var region: RegionView?
  var units: [UnitView]
  var history: [ConstituencyView]
  /// The stored election the candidates come from (the one held under the constituency's scheme).
  var election: String?
  var candidates: [CandidateRecord]
}
