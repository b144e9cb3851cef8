import Foundation
import Hummingbird
import SaylauApportionment
import SaylauData
import SaylauElections
import SaylauStore

/// Seat allocation by the election engine (SaylauElections): what-if runs on posted votes, and the seats an
/// election's stored list votes give under its regime, next to the published ones.
struct SeatAPI: Sendable {
  let service: SaylauService

  func register(on router: Router<BasicRequestContext>) {
    let v1 = router.group("/api/v1")
    v1.post("/seats/allocate") { request, _ in
      let body = try await request.body(upTo: 1 << 20)
      let input: WhatIf = try API(service: service).decode(body)
      return try jsonResponse(try Self.allocate(input))
    }
    v1.get("/elections/:id/seats") { _, context in
      let api = API(service: service)
      let election = try await api.election(context)
      let rows = try await service.store.listResults(election: election.id)
      var computed: SeatAllocation?
      var note: String?
      let parties = rows.filter {
        ($0.rowType == "party" || $0.rowType == "other") && $0.votes != nil
      }
      if let regime = election.regime, !parties.isEmpty {
        do {
          computed = try Self.allocate(
            WhatIf(
              regime: regime, method: nil, threshold: nil, seats: nil,
              parties: parties.map {
                WhatIf.Party(
                  code: $0.partyCode, name: $0.name.en, votes: $0.votes ?? 0,
                  aggregate: $0.rowType == "other")
              },
              againstAll: rows.first { $0.rowType == "against_all" }?.votes))
        } catch let error as APIError {
          note = "not computed: \(error.message)"
        }
      }
      return try jsonResponse(
        SeatTable(
          election: election.id, basis: "published",
          seats: rows.filter { $0.totalSeats != nil || $0.listSeats != nil }.map {
            PartySeats(
              party: $0.partyCode, name: $0.name.en, listSeats: $0.listSeats,
              constituencySeats: $0.constituencySeats, totalSeats: $0.totalSeats)
          }, computed: computed, note: note))
    }
  }

  /// Runs the list-seat decision; bad input is a 400 naming the field.
  static func allocate(_ input: WhatIf) throws -> SeatAllocation {
    let table = try Self.regimes()
    let regimeID = input.regime ?? "R2022"
    guard let regime = table.regime(id: regimeID) else {
      throw APIError(
        .badRequest,
        "field 'regime': '\(regimeID)' is not one of \(table.regimes.map(\.id).joined(separator: ", "))"
      )
    }
    if input.parties.isEmpty || input.parties.count > 200 {
      throw APIError(.badRequest, "field 'parties': give 1 to 200 parties")
    }
    var codes = Set<String>()
    var total = input.againstAll ?? 0
    for (i, p) in input.parties.enumerated() {
      if p.code.isEmpty || !codes.insert(p.code).inserted {
        throw APIError(.badRequest, "field 'parties[\(i)].code': empty or repeated ('\(p.code)')")
      }
      // Counts stay far below Int overflow: at most a trillion votes in all.
      if p.votes < 0 || p.votes > 1_000_000_000_000 {
        throw APIError(.badRequest, "field 'parties[\(i)].votes': \(p.votes) is not a vote count")
      }
      total += p.votes
    }
    if let a = input.againstAll, a < 0 || a > 1_000_000_000_000 {
      throw APIError(.badRequest, "field 'againstAll': \(a) is not a vote count")
    }
    if total > 1_000_000_000_000 {
      throw APIError(.badRequest, "field 'parties': more than 10^12 votes in all")
    }
    if let seats = input.seats, !(1...1000).contains(seats) {
      throw APIError(.badRequest, "field 'seats': \(seats) is not between 1 and 1000")
    }
    var method: AllocationMethod?
    if let name = input.method {
      guard let m = AllocationMethod(cliName: name) else {
        throw APIError(
          .badRequest,
          "field 'method': '\(name)' is not a known method (hare, droop, dhondt, sainte-lague, …)")
      }
      method = m
    }
    var threshold: Threshold?
    if let text = input.threshold {
      guard let t = Threshold(percentString: text), t.numerator <= t.denominator * 100 else {
        throw APIError(
          .badRequest, "field 'threshold': '\(text)' is not a percentage such as \"5\" or \"7.5\"")
      }
      threshold = t
    }
    let vote = ListVote(
      parties: input.parties.map {
        ListVote.Party(
          code: $0.code, name: $0.name ?? $0.code, votes: $0.votes,
          isAggregate: $0.aggregate ?? false)
      }, againstAll: input.againstAll)
    do {
      let result = try ListSeatDecision(
        regime: regime, method: method, threshold: threshold, seats: input.seats
      )
      .decide(vote)
      return SeatAllocation(
        regime: result.regime, seats: result.seats, method: result.method.description,
        threshold: result.threshold.description, base: result.base,
        runnerUpGuaranteeApplied: result.runnerUpGuaranteeApplied,
        rows: result.rows.map {
          SeatAllocation.Row(
            code: $0.code, name: $0.name, votes: $0.votes, passedThreshold: $0.passedThreshold,
            admittedAsRunnerUp: $0.admittedAsRunnerUp, seats: $0.seats)
        }, tiesBroken: result.tiesBroken, notes: result.notes)
    } catch let error as ListSeatError {
      throw APIError(.badRequest, "cannot allocate: \(error.description)")
    }
  }
}

extension SeatAPI {
  /// The regimes of the bundled law.
  static func regimes() throws -> RegimeTable {
    do { return try BundledData.regimes() } catch {
      throw APIError(.internalServerError, "the bundled regimes cannot be read")
    }
  }
}

/// A what-if request: votes, and optionally another regime, method, threshold or number of seats.
struct WhatIf: Codable {
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
  var parties: [Party]
  var againstAll: Int?
}

/// The engine's answer, in the API's own shape.
struct SeatAllocation: Encodable {
  struct Row: Encodable {
    var code: String
    var name: String
    var votes: Int
    var passedThreshold: Bool
    var admittedAsRunnerUp: Bool
    var seats: Int
  }
  var regime: String
  var seats: Int
  var method: String
  var threshold: String
  var base: Int
  var runnerUpGuaranteeApplied: Bool
  var rows: [Row]
  var tiesBroken: [String]
  var notes: [String]
}
