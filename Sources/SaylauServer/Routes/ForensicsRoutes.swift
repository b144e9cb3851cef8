import Foundation
import Hummingbird
import SaylauCore
import SaylauElections
import SaylauForensics
import SaylauReports
import SaylauStore

/// Election forensics over the protocols the store holds: `GET /api/v1/elections/{id}/forensics` (the same
/// JSON as `saylau forensics --json` on the same protocols) and the page `/elections/{id}/forensics`.
struct ForensicsRoutes: Sendable {
  let service: SaylauService

  func register(on router: Router<SaylauRequestContext>) {
    router.group("/api/v1").get("/elections/:id/forensics") { request, context in
      let id = try context.parameters.require("id")
      return try jsonResponse(try await report(id, query: Query(request)))
    }
    router.get("/elections/:id/forensics") { request, context in
      try await page(context.parameters.require("id"), query: Query(request))
    }
  }

  /// The settings a query asks for: `seed`, `simulations`, `ballot` (as the command line's options).
  static func settings(_ query: Query) throws -> ForensicSettings {
    var s = ForensicSettings()
    if let text = query["seed"] {
      guard let seed = UInt64(text) else {
        throw APIError(
          .badRequest, "query 'seed': '\(text)' is not a whole number from 0 to 2^64 − 1")
      }
      s.seed = seed
    }
    if let text = query["simulations"] {
      guard let n = Int(text) else {
        throw APIError(.badRequest, "query 'simulations': '\(text)' is not a whole number")
      }
      s.simulations = n
    }
    if let ballot = try query.ballot() { s.ballots = [ballot] }
    do {
      try ForensicSettingsError.check(s)
    } catch {
      throw APIError(.badRequest, "query 'simulations': \(error.description)")
    }
    return s
  }

  /// The report of an election's stored protocols (404 when it has none).
  func report(_ id: String, query: Query) async throws -> ForensicReport {
    let settings = try Self.settings(query)
    guard let election = try await service.store.election(id: id) else {
      throw APIError(.notFound, "no election '\(id)'")
    }
    let stored = try await service.store.storedProtocols(election: election.id)
    guard !stored.protocols.isEmpty else {
      throw APIError(.notFound, "no protocols of '\(id)' are stored")
    }
    let year = Int(election.date.prefix(4)) ?? 0
    let input = ForensicInput(
      schema: stored.schema, protocols: stored.protocols, earlierVersions: stored.earlierVersions,
      regionOfConstituency: service.registry.regionOfConstituencies(electionYear: year))
    do {
      return try Forensics.analyse(input, settings: settings)
    } catch {
      throw APIError(.badRequest, error.description)
    }
  }

  func page(_ id: String, query: Query) async throws -> Response {
    let pages = PageRoutes(service: service)
    let result: ForensicReport
    do {
      result = try await report(id, query: query)
    } catch let error as APIError {
      return pages.html(try await pages.frame().notFound(error.message), status: error.status)
    }
    guard let election = try await service.store.election(id: id) else {
      return pages.html(
        try await pages.frame().notFound("There is no election '\(id)'."), status: .notFound)
    }
    // The map shows the constituencies of election day (the latest ones where the day is not known).
    let day = CalendarDate(iso: election.date) ?? service.defaultDate
    let pictures = ForensicsReport.pictures(
      result, geometry: service.pages.geometry(on: day),
      mapSource: "Boundaries: geokz (CC BY 4.0), from OCHA COD-AB Kazakhstan.")
    let doc = ForensicsReport.document(
      result, title: "Remarkable results: \(election.title)", pictures: pictures,
      embedding: .inline, regionName: { service.registry.region(code: $0)?.name.en })
    return pages.html(try await pages.frame().page(doc))
  }
}
