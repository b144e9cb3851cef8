import Foundation
import Hummingbird
import SaylauElections
import SaylauStore

/// Elections under /api/v1: the regimes they are held under, the list, one election with its imports, its published and imported results.
/// (The seats are `Seats.swift`'s, the protocols `ProtocolRoutes.swift`'s.)
struct ElectionRoutes: Sendable {
  let service: SaylauService
  var store: Store { service.store }

  func register(on router: Router<SaylauRequestContext>) {
    let v1 = router.group("/api/v1")
    let api = API(service: service)
    let cache = service.answers
    v1.get("/elections") { request, _ in
      try await cache.answer(request) {
        try jsonResponse(ElectionList(elections: try await store.elections()))
      }
    }
    v1.get("/regimes") { request, _ in
      let query = Query(request)
      let table = try await store.regimes()
      let chamber = query["chamber"]
      guard let date = try query.date() else {
        return try jsonResponse(
          RegimeList(regimes: table.regimes.filter { chamber == nil || $0.chamber == chamber }))
      }
      let regime: Regime
      do throws(RegimeDateError) {
        regime = try table.regime(inForceOn: date, chamber: chamber)
      } catch {
        throw APIError(error)
      }
      return try jsonResponse(regime)
    }
    v1.get("/elections/:id") { request, context in
      try await cache.answer(request) {
        let election = try await api.election(context)
        return try jsonResponse(
          ElectionDetail(
            election: election, imports: try await store.imports(election: election.id)))
      }
    }
    v1.get("/elections/:id/results") { request, context in
      try await cache.answer(request) { try await results(context) }
    }
  }

  func results(_ context: SaylauRequestContext) async throws -> Response {
    let api = API(service: service)
    let election = try await api.election(context)
    let imports = try await store.imports(election: election.id)
    return try jsonResponse(
      ElectionResults(
        election: election, listResults: try await store.listResults(election: election.id),
        candidates: try await store.candidates(election: election.id),
        protocols: ProtocolSummary(
          list: try await store.protocolTotals(election: election.id, ballot: .list),
          constituencies: try await store.constituencyTotals(election: election.id),
          synthetic: imports.contains { $0.synthetic }),
        state: ResultStateSummary(try await store.resultStatus(election: election.id))))
  }
}

struct ElectionList: Encodable { var elections: [ElectionRecord] }
/// The regimes, oldest first: `saylau regimes --json`.
struct RegimeList: Encodable { var regimes: [Regime] }
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
/// The results' state in the results answer: preliminary, final or certified, since when and by whom.
struct ResultStateSummary: Encodable {
  var state: ResultState
  var since: String?
  var by: String?
  var snapshotSha256: String?

  init(_ s: ResultStatus) {
    state = s.state
    since = s.since
    by = s.by
    snapshotSha256 = s.snapshotSHA256
  }
}
struct ElectionResults: Encodable {
  var election: ElectionRecord
  var listResults: [ListResultRecord]
  var candidates: [CandidateRecord]
  var protocols: ProtocolSummary
  var state: ResultStateSummary
}
