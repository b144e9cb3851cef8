import Foundation
import Hummingbird
import SaylauApportionment
import SaylauElections
import SaylauStore

/// Seats by the election engine: an election's summary (the same ``ElectionSummary`` as `saylau seats`,
/// from the published election the store holds, optionally as a what-if), and what-if runs on posted votes.
struct SeatAPI: Sendable {
  let service: SaylauService

  func register(on router: Router<SaylauRequestContext>) {
    let v1 = router.group("/api/v1")
    v1.post("/seats/allocate") { request, _ in
      let body = try await request.body(upTo: 1 << 20)
      let input: AllocationRequest = try API(service: service).decode(body)
      return try jsonResponse(
        try Self.allocate(input, regimes: try await service.store.regimes()))
    }
    let cache = service.answers
    v1.get("/elections/:id/seats") { request, context in
      try await cache.answer(request) { try await seats(request, context) }
    }
    v1.get("/elections/:id/seats/methods") { request, context in
      try await cache.answer(request) { try await methods(request, context) }
    }
  }

  func seats(_ request: Request, _ context: SaylauRequestContext) async throws -> Response {
    let id = try context.parameters.require("id")
    guard let published = try await service.store.publishedElection(id: id) else {
      throw APIError(.notFound, "no election '\(id)'")
    }
    let whatIf = try Self.whatIf(Query(request))
    let summary: ElectionSummary
    do {
      summary = try published.summary(whatIf: whatIf)
    } catch ElectionSummaryError.noResults {
      throw APIError(.notFound, "no result of '\(id)' is stored")
    } catch {
      // The what-if is well formed, but the stored result cannot be counted that way.
      throw APIError(.unprocessableContent, "cannot allocate: \(error)")
    }
    return try jsonResponse(SeatTable(summary))
  }

  func methods(_ request: Request, _ context: SaylauRequestContext) async throws -> Response {
    let id = try context.parameters.require("id")
    guard let published = try await service.store.publishedElection(id: id) else {
      throw APIError(.notFound, "no election '\(id)'")
    }
    let query = Query(request)
    if query["method"] != nil {
      throw APIError(.badRequest, "query 'method': every method is compared; give no method")
    }
    let whatIf = try Self.whatIf(query)
    let comparison: MethodComparison
    do throws(ElectionSummaryError) {
      comparison = try published.methodComparison(whatIf: whatIf)
    } catch .noResults {
      throw APIError(.notFound, "no result of '\(id)' is stored")
    } catch {
      throw APIError(.unprocessableContent, "cannot allocate: \(error)")
    }
    return try jsonResponse(MethodComparisonView(comparison))
  }

  /// The what-if a request's query asks for (`method`, `threshold`, `seats`, `thresholdBase`, `runnerUp`,
  /// `remainderTie`, `againstAll`, `majorityBase`), parsed by the library as the command line parses its
  /// options.
  static func whatIf(_ query: Query) throws -> WhatIf {
    var seats: Int?
    if let text = query["seats"] {
      guard let n = Int(text) else {
        throw APIError(.badRequest, "query 'seats': '\(text)' is not a whole number")
      }
      seats = n
    }
    do {
      return try WhatIf(
        method: query["method"], threshold: query["threshold"], listSeats: seats,
        thresholdBase: query["thresholdBase"], runnerUp: query["runnerUp"],
        remainderTie: query["remainderTie"], againstAll: query["againstAll"],
        majorityBase: query["majorityBase"])
    } catch {
      throw APIError(.badRequest, "query '\(error.option.rawValue)': \(error.description)")
    }
  }

  /// Runs the list-seat decision on posted votes; bad input is a 400 naming the field.
  static func allocate(_ input: AllocationRequest, regimes: RegimeTable) throws -> ListSeatsView {
    // Without a regime: the latest one whose list formula and threshold are known.
    let fallback = regimes.regimes.last { $0.listMethod != nil && $0.listThreshold != nil }
    let regimeID = input.regime ?? fallback?.id ?? ""
    guard let regime = regimes.regime(id: regimeID) else {
      throw APIError(
        .badRequest,
        "field 'regime': '\(regimeID)' is not one of \(regimes.regimes.map(\.id).joined(separator: ", "))"
      )
    }
    if input.parties.isEmpty || input.parties.count > AllocationRequest.maximumParties {
      throw APIError(
        .badRequest, "field 'parties': give 1 to \(AllocationRequest.maximumParties) parties")
    }
    var codes = Set<String>()
    var total = input.againstAll ?? 0
    for (i, p) in input.parties.enumerated() {
      if p.code.isEmpty || !codes.insert(p.code).inserted {
        throw APIError(.badRequest, "field 'parties[\(i)].code': empty or repeated ('\(p.code)')")
      }
      if p.votes < 0 || p.votes > AllocationRequest.maximumVotes {
        throw APIError(.badRequest, "field 'parties[\(i)].votes': \(p.votes) is not a vote count")
      }
      total += p.votes
    }
    if let a = input.againstAll, a < 0 || a > AllocationRequest.maximumVotes {
      throw APIError(.badRequest, "field 'againstAll': \(a) is not a vote count")
    }
    if total > AllocationRequest.maximumVotes {
      throw APIError(.badRequest, "field 'parties': more than 10^12 votes in all")
    }
    let whatIf: WhatIf
    do {
      whatIf = try WhatIf(
        method: input.method, threshold: input.threshold, listSeats: input.seats,
        thresholdBase: input.thresholdBase, runnerUp: input.runnerUp,
        remainderTie: input.remainderTie, againstAll: input.againstAllPolicy)
    } catch {
      throw APIError(.badRequest, "field '\(error.option.rawValue)': \(error.description)")
    }
    let vote = ListVote(
      parties: input.parties.map {
        ListVote.Party(
          code: $0.code, name: $0.name ?? $0.code, votes: $0.votes,
          isAggregate: $0.aggregate ?? false)
      }, againstAll: input.againstAll)
    do {
      return ListSeatsView(try whatIf.decision(for: regime).decide(vote))
    } catch let error as ListSeatError {
      throw APIError(.badRequest, "cannot allocate: \(error.description)")
    }
  }
}

/// A what-if on posted votes: the votes, and optionally the regime, method, threshold, number of seats and
/// the readings of the rules the law leaves open (the same names and values as the query of
/// `/api/v1/elections/{id}/seats`).
struct AllocationRequest: Codable {
  static let maximumParties = 200
  /// At most a trillion votes in all: far below 64-bit overflow in every product the methods form.
  static let maximumVotes = 1_000_000_000_000

  struct Party: Codable {
    var code: String
    var name: String?
    var votes: Int
    /// A derived line ("other lists"): counted in the base, never seated.
    var aggregate: Bool?
  }
  var regime: String?
  var method: String?
  /// Percent as text ("5", "7.5"); exact, no floating point.
  var threshold: String?
  var seats: Int?
  var thresholdBase: String?
  var runnerUp: String?
  var remainderTie: String?
  /// What to do when "against all" leads a constituency (`ignore`, `repeat-election`).
  var againstAllPolicy: String?
  var parties: [Party]
  var againstAll: Int?
}

/// `GET /api/v1/elections/{id}/seats`: the published seats, the engine's list seats, and the election's
/// summary (the same JSON as `saylau seats --json`).
struct SeatTable: Encodable {
  struct PartySeats: Encodable {
    var party: String
    var name: String
    var listSeats: Int?
    var constituencySeats: Int?
    var totalSeats: Int?
  }
  var election: String
  /// `published`: the `seats` rows are as published (list seats) and as in the data (constituency seats).
  var basis: String
  var seats: [PartySeats]
  /// List seats computed by the election engine from the stored votes (under the what-if, if one is asked).
  var computed: ListSeatsView?
  var summary: ElectionSummaryView

  init(_ s: ElectionSummary) {
    election = s.election.id
    basis = "published"
    seats = s.rows.filter { $0.publishedListSeats != nil || $0.constituencySeats != nil }.map { r in
      // A group without a list (independents) has no list seats rather than unknown ones.
      let list = r.publishedListSeats ?? (r.votes == nil ? 0 : nil)
      return PartySeats(
        party: r.party, name: r.name, listSeats: list, constituencySeats: r.constituencySeats,
        totalSeats: list.flatMap { l in r.constituencySeats.map { l + $0 + r.appointedSeats } })
    }
    computed = s.listCount.map(ListSeatsView.init)
    summary = ElectionSummaryView(s)
  }
}
