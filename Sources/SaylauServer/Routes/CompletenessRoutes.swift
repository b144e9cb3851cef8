import Foundation
import Hummingbird
import SaylauAccounts
import SaylauCore
import SaylauElections
import SaylauRegistry
import SaylauStore

/// The precinct register of an election (from its definition) and "N of M protocols in" at every level.
struct CompletenessRoutes: Sendable {
  let service: SaylauService
  var store: Store { service.store }

  struct Saved: Encodable {
    var election: String
    var precincts: Int
    var synthetic: Bool
  }

  func register(on router: Router<SaylauRequestContext>) {
    let v1 = router.group("/api/v1/elections/:id")
    v1.put("/register") { request, context in
      let actor = try await API(service: service).actor(request, needs: .importFiles)
      let election = try await API(service: service).election(context)
      let body = try await request.body(upTo: service.configuration.maximumBodyBytes)
      let definition: ElectionDefinition
      do throws(DefinitionErrors) {
        definition = try ElectionDefinition.read(
          Array(buffer: body), file: "request", directory: nil
        ).definition
      } catch {
        throw APIError(.unprocessableContent, error.description)
      }
      guard let precincts = definition.precincts, !precincts.isEmpty else {
        throw APIError(.unprocessableContent, "the definition has no precinct register")
      }
      let synthetic = definition.precinctsSynthetic ?? false
      try await store.saveRegister(
        precincts, election: election.id, synthetic: synthetic, actor: actor)
      service.resultsChanged()
      return try jsonResponse(
        Saved(election: election.id, precincts: precincts.count, synthetic: synthetic))
    }
    v1.get("/completeness") { request, context in
      let election = try await API(service: service).election(context)
      let ballot = try Query(request).ballot() ?? .list
      return try jsonResponse(try await completeness(election, ballot: ballot))
    }
  }

  /// The completeness of `election`'s `ballot`, regions from the registry on the election's day.
  func completeness(_ election: ElectionRecord, ballot: BallotType) async throws -> Completeness {
    let day = CalendarDate(iso: election.date) ?? service.defaultDate
    let registry = service.registry
    var regions: [Int: String] = [:]
    if let list = try? registry.constituencies(on: day) {
      for c in list { regions[c.number] = c.regionCode }
    }
    let table = regions
    return try await store.completeness(
      election: election.id, ballot: ballot, region: { table[$0] })
  }
}
