import Foundation
import SaylauCore
import SaylauElections

/// The NIST SP 1500-100 version 2 Election Results Common Data Format, JSON, of a ``CountedResult``
/// (valid against `NIST_V2_election_results_reporting.json` of usnistgov/ElectionResultsReporting; a copy is
/// in `docs/schemas/nist-1500-100-v2/`).
///
/// How Kazakhstan maps onto it (the ResultsInterchange article has the table): the nation is a `country`
/// ReportingUnit; regions, single-mandate territorial constituencies and territorial commissions have no
/// US type and are `other` with an `OtherType`; polling stations are `precinct`s. The party-list vote in
/// one nationwide district is a `PartyContest` with one `PartySelection` per list (its seats as a
/// `seats` count); each constituency is a `CandidateContest` for one seat. "Against all" is not a party
/// or a candidate: it is a `BallotMeasureSelection` of the contest. Invalid ballots are `BallotCounts`
/// (`BallotsRejected`) of the party-list ballot. SYNTHETIC data is `IsTest` with `TestType` SYNTHETIC.
public enum NISTResultsReport {
  /// The report.
  /// - Parameters:
  ///   - result: the counted result.
  ///   - state: the results' state (preliminary, final, certified).
  ///   - generatedAt: ISO 8601 UTC with `Z` (the snapshot's time, so a snapshot always gives the same
  ///     bytes).
  ///   - issuer: who issues the report.
  public static func json(
    _ result: CountedResult, state: ResultState, generatedAt: String, issuer: String
  ) -> [UInt8] {
    report(result, state: state, generatedAt: generatedAt, issuer: issuer).bytes
  }

  /// The NIST `ResultsStatus` of a state: preliminary is `unofficial-partial` until every expected
  /// protocol is in, then `unofficial-complete`; final is `unofficial-complete` too (NIST has no "final
  /// but not certified"; the report's Notes say Final); certified is `certified`.
  public static func status(_ state: ResultState, complete: Bool?) -> String {
    switch state {
    case .preliminary: return complete == true ? "unofficial-complete" : "unofficial-partial"
    case .final: return "unofficial-complete"
    case .certified: return "certified"
    }
  }

  static func text(_ s: String) -> JSONText {
    .object([
      ("@type", .string("ElectionResults.InternationalizedText")),
      (
        "Text",
        .array([
          .object([
            ("@type", .string("ElectionResults.LanguageString")), ("Content", .string(s)),
            ("Language", .string("en")),
          ])
        ])
      ),
    ])
  }

  static func count(_ unit: String, _ n: Int, type: String = "total") -> JSONText {
    .object([
      ("@type", .string("ElectionResults.VoteCounts")), ("Count", .int(n)),
      ("GpUnitId", .string(unit)), ("Type", .string(type)),
    ])
  }

  static func countStatus(counted: Int, expected: Int?) -> JSONText {
    let status: String
    if let expected {
      status = counted >= expected ? "completed" : "in-process"
    } else {
      status = "unknown"
    }
    return .array([
      .object([
        ("@type", .string("ElectionResults.CountStatus")), ("Status", .string(status)),
        ("Type", .string("total")),
      ])
    ])
  }

  static let nationID = "gp-kz"
  static func regionID(_ code: String) -> String { "gp-region-\(code)" }
  static func constituencyID(_ n: String) -> String { "gp-constituency-\(n)" }
  static func precinctID(_ p: String) -> String { "gp-precinct-\(p)" }
  static func partyID(_ code: String) -> String { "party-\(code)" }
  static func candidateID(_ n: Int, _ position: Int) -> String { "candidate-\(n)-\(position)" }

  static func report(
    _ r: CountedResult, state: ResultState, generatedAt: String, issuer: String
  ) -> JSONText {
    let listProtocols = r.protocols.filter { $0.ballot == .list }
    let constituencyProtocols = r.protocols.filter { $0.ballot == .constituency }
    let regionOf = Dictionary(
      r.constituencyRegions.map { ($0.constituency, $0.region) }, uniquingKeysWith: { a, _ in a })
    // The constituencies: those with totals or protocols of either ballot.
    var constituencies = Set(
      r.levels.filter { $0.kind == .constituency }.compactMap { Int($0.key) })
    for p in r.protocols { if let c = p.constituency { constituencies.insert(c) } }
    for o in r.publishedConstituencies { constituencies.insert(o.number) }
    var constituencyOf: [String: Int?] = [:]
    for p in r.protocols where constituencyOf[p.precinct] == nil || p.constituency != nil {
      constituencyOf[p.precinct] = p.constituency
    }
    let precinctsByConstituency = Dictionary(grouping: constituencyOf.keys.sorted()) {
      constituencyOf[$0] ?? nil
    }
    let expected = r.completeness.first { $0.ballot == .list }

    // GpUnits: the nation, its regions, their constituencies, their precincts.
    var units: [JSONText] = []
    func unit(
      _ id: String, type: String, otherType: String? = nil, name: String, number: String? = nil,
      composing: [String], level: CountedResult.Level?, expectedProtocols: Int? = nil
    ) -> JSONText {
      var m: [(String, JSONText)] = [
        ("@id", .string(id)), ("@type", .string("ElectionResults.ReportingUnit")),
      ]
      if !composing.isEmpty {
        m.append(("ComposingGpUnitIds", .array(composing.map { .string($0) })))
      }
      m.append(("Name", text(name)))
      if let number { m.append(("Number", .string(number))) }
      if let otherType { m.append(("OtherType", .string(otherType))) }
      if let level {
        m.append(("SubUnitsReported", .int(level.protocols)))
        if let e = expectedProtocols ?? level.expected { m.append(("TotalSubUnits", .int(e))) }
      }
      m.append(("Type", .string(type)))
      if let level {
        if let v = level.ballotsIssued { m.append(("VotersParticipated", .int(v))) }
        if let v = level.votersOnList { m.append(("VotersRegistered", .int(v))) }
      }
      return .object(m)
    }
    let constituencyList = constituencies.sorted()
    let topConstituencies = constituencyList.filter { regionOf[$0] == nil }.map {
      constituencyID(String($0))
    }
    let regionCodes = r.regions.map(\.code)
    units.append(
      unit(
        nationID, type: "country", name: "Republic of Kazakhstan",
        composing: regionCodes.map(regionID) + topConstituencies
          + (precinctsByConstituency[nil] ?? []).map(precinctID),
        level: r.level(.list, .nation, CountedResult.nationKey)))
    for region in r.regions {
      units.append(
        unit(
          regionID(region.code), type: "other",
          otherType: "region (oblys or city of republican significance)",
          name: region.name ?? region.code, number: region.code,
          composing: constituencyList.filter { regionOf[$0] == region.code }.map {
            constituencyID(String($0))
          },
          level: r.level(.list, .region, region.code)))
    }
    for n in constituencyList {
      units.append(
        unit(
          constituencyID(String(n)), type: "other",
          otherType: "single-mandate territorial constituency",
          name: "Constituency No. \(n)", number: String(n),
          composing: (precinctsByConstituency[n] ?? []).map(precinctID),
          level: r.level(.list, .constituency, String(n))))
    }
    let listByPrecinct = Dictionary(
      listProtocols.map { ($0.precinct, $0) }, uniquingKeysWith: { a, _ in a })
    for precinct in Set(r.protocols.map(\.precinct)).sorted() {
      var m: [(String, JSONText)] = [
        ("@id", .string(precinctID(precinct))), ("@type", .string("ElectionResults.ReportingUnit")),
        ("Name", text("Polling station \(precinct)")), ("Number", .string(precinct)),
        ("Type", .string("precinct")),
      ]
      if let p = listByPrecinct[precinct] {
        if let v = p.ballotsIssued { m.append(("VotersParticipated", .int(v))) }
        if let v = p.votersOnList { m.append(("VotersRegistered", .int(v))) }
      }
      units.append(.object(m))
    }

    // Territorial commissions (from the register): each lists its counted precincts. They are not part of
    // the nation's composition above (a commission's territory need not follow constituency borders).
    let counted = Set(r.protocols.map(\.precinct))
    let byCommission = Dictionary(grouping: r.commissions, by: \.commission)
    let commissionLevels = Dictionary(
      (r.completeness.first { $0.ballot == .list }?.commissions ?? []).map { ($0.key, $0) },
      uniquingKeysWith: { a, _ in a })
    for key in byCommission.keys.sorted() {
      var m: [(String, JSONText)] = [
        ("@id", .string("gp-commission-\(key)")),
        ("@type", .string("ElectionResults.ReportingUnit")),
      ]
      let members = byCommission[key, default: []].map(\.precinct).filter(counted.contains)
      if !members.isEmpty {
        m.append(("ComposingGpUnitIds", .array(members.map { .string(precinctID($0)) })))
      }
      m.append(("Name", text("Territorial election commission \(key)")))
      m.append(("OtherType", .string("territorial election commission")))
      if let level = commissionLevels[key] {
        m.append(("SubUnitsReported", .int(level.counted)))
        m.append(("TotalSubUnits", .int(level.expected)))
      }
      m.append(("Type", .string("other")))
      units.append(.object(m))
    }

    // Parties.
    let partyCodes = Set(r.parties.map(\.code))
    let parties: [JSONText] = r.parties.map { p in
      .object([
        ("@id", .string(partyID(p.code))), ("@type", .string("ElectionResults.Party")),
        ("Abbreviation", text(p.code)), ("Name", text(p.name)),
      ])
    }

    // The party-list contest.
    var contests: [JSONText] = []
    let listLevels = r.levels.filter { $0.ballot == .list }
    func listCounts(_ choice: String) -> [JSONText] {
      var out: [JSONText] = []
      for l in listLevels {
        guard let v = l.votes.first(where: { $0.choice == choice })?.votes else { continue }
        let id: String
        switch l.kind {
        case .nation: id = nationID
        case .region: id = regionID(l.key)
        case .constituency: id = constituencyID(l.key)
        }
        out.append(count(id, v))
      }
      let index = r.parties.firstIndex { $0.code == choice }
      for p in listProtocols {
        if let index, index < p.votes.count, let v = p.votes[index] {
          out.append(count(precinctID(p.precinct), v))
        }
      }
      return out
    }
    let nationList = r.level(.list, .nation, CountedResult.nationKey)
    if r.summary.regime.listSeats > 0 || nationList != nil {
      var selections: [JSONText] = []
      for (i, p) in r.parties.enumerated() {
        var counts = listCounts(p.code)
        if let seats = r.summary.rows.first(where: { $0.party == p.code })?.listSeats {
          counts.append(count(nationID, seats, type: "seats"))
        }
        selections.append(
          .object([
            ("@id", .string("selection-list-\(p.code)")),
            ("@type", .string("ElectionResults.PartySelection")),
            ("PartyIds", .array([.string(partyID(p.code))])), ("SequenceOrder", .int(i + 1)),
            ("VoteCounts", .array(counts)),
          ]))
      }
      var against: [JSONText] = []
      for l in listLevels {
        guard let v = l.againstAll else { continue }
        against.append(
          count(
            l.kind == .nation
              ? nationID : l.kind == .region ? regionID(l.key) : constituencyID(l.key), v))
      }
      for p in listProtocols {
        if let v = p.againstAll { against.append(count(precinctID(p.precinct), v)) }
      }
      if !against.isEmpty {
        selections.append(
          againstAll("selection-list-against-all", against, order: r.parties.count + 1))
      }
      var m: [(String, JSONText)] = [
        ("@id", .string("contest-list")), ("@type", .string("ElectionResults.PartyContest")),
        ("ContestSelection", .array(selections)),
        (
          "CountStatus",
          countStatus(counted: nationList?.protocols ?? 0, expected: expected?.nation.expected)
        ),
        ("ElectionDistrictId", .string(nationID)),
        (
          "Name",
          .string("Party lists, one nationwide district (\(r.summary.regime.listSeats) seats)")
        ),
        ("SequenceOrder", .int(1)),
      ]
      if let nationList {
        m.append(("SubUnitsReported", .int(nationList.protocols)))
        if let e = expected?.nation.expected { m.append(("TotalSubUnits", .int(e))) }
      }
      m.append(("VoteVariation", .string("proportional")))
      contests.append(.object(m))
    }

    // The constituency contests and their candidates.
    var candidates: [JSONText] = []
    let named = Dictionary(
      r.candidates.map { ("\($0.constituency)/\($0.position)", $0) },
      uniquingKeysWith: { a, _ in a })
    let decided = Dictionary(
      r.summary.constituencies.map { ($0.constituency, $0) }, uniquingKeysWith: { a, _ in a })
    let completenessC = r.completeness.first { $0.ballot == .constituency }
    let variation =
      r.summary.regime.constituencyRule == .majorityWithRunoff ? "majority" : "plurality"
    for n in constituencyList {
      let level = r.level(.constituency, .constituency, String(n))
      let here = constituencyProtocols.filter { $0.constituency == n }
      var positions = Set(level?.votes.compactMap { Int($0.choice.dropFirst()) } ?? [])
      for c in r.candidates where c.constituency == n { positions.insert(c.position) }
      guard !positions.isEmpty || level != nil else { continue }
      let decision = decided[n]
      var selections: [JSONText] = []
      for position in positions.sorted() {
        let id = candidateID(n, position)
        let candidate = named["\(n)/\(position)"]
        var c: [(String, JSONText)] = [
          ("@id", .string(id)), ("@type", .string("ElectionResults.Candidate")),
          (
            "BallotName",
            text(
              candidate?.name ?? "Candidate at position \(position) (the name is not in the data)")
          ),
        ]
        if let nomination = candidate?.nomination, partyCodes.contains(nomination) {
          c.append(("PartyId", .string(partyID(nomination))))
        }
        if let decision {
          if decision.winner?.position == position {
            c.append(("PostElectionStatus", .string("winner")))
          } else if decision.status == .runoff,
            decision.contenders.contains(where: { $0.position == position })
          {
            c.append(("PostElectionStatus", .string("advanced-to-runoff")))
          } else if decision.status == .elected {
            c.append(("PostElectionStatus", .string("defeated")))
          }
        }
        candidates.append(.object(c))
        var counts: [JSONText] = []
        if let v = level?.votes.first(where: { $0.choice == "c\(position)" })?.votes {
          counts.append(count(constituencyID(String(n)), v))
        }
        for p in here where position - 1 < p.votes.count {
          if let v = p.votes[position - 1] { counts.append(count(precinctID(p.precinct), v)) }
        }
        selections.append(
          .object([
            ("@id", .string("selection-\(n)-\(position)")),
            ("@type", .string("ElectionResults.CandidateSelection")),
            ("CandidateIds", .array([.string(id)])), ("SequenceOrder", .int(position)),
            ("VoteCounts", .array(counts)),
          ]))
      }
      var against: [JSONText] = []
      if let v = level?.againstAll { against.append(count(constituencyID(String(n)), v)) }
      for p in here { if let v = p.againstAll { against.append(count(precinctID(p.precinct), v)) } }
      if !against.isEmpty {
        selections.append(
          againstAll("selection-\(n)-against-all", against, order: (positions.max() ?? 0) + 1))
      }
      let expectedHere = completenessC?.constituencies.first { $0.key == String(n) }?.expected
      var m: [(String, JSONText)] = [
        ("@id", .string("contest-constituency-\(n)")),
        ("@type", .string("ElectionResults.CandidateContest")),
        ("ContestSelection", .array(selections)),
        ("CountStatus", countStatus(counted: level?.protocols ?? 0, expected: expectedHere)),
        ("ElectionDistrictId", .string(constituencyID(String(n)))),
        ("Name", .string("Single-mandate territorial constituency No. \(n)")),
        ("NumberElected", .int(1)), ("SequenceOrder", .int(n + 1)),
      ]
      if let level {
        m.append(("SubUnitsReported", .int(level.protocols)))
        if let expectedHere { m.append(("TotalSubUnits", .int(expectedHere))) }
      }
      m.append(("VoteVariation", .string(variation)))
      m.append(("VotesAllowed", .int(1)))
      contests.append(.object(m))
    }

    // A published result: each constituency's winner, where the data names one (the rivals and their
    // votes are not in the data, so the contest has the winner's selection only).
    for o in r.publishedConstituencies {
      guard let winner = o.winner else { continue }
      let id = "candidate-\(o.number)-winner"
      var c: [(String, JSONText)] = [
        ("@id", .string(id)), ("@type", .string("ElectionResults.Candidate")),
        ("BallotName", text(winner)),
      ]
      // "Amanat (party as given by …)": the nomination as the source writes it, before any remark.
      if let nomination = o.winnerNomination.map({
        String($0.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces).lowercased()
      }),
        let party = r.parties.first(where: {
          $0.code.lowercased() == nomination || $0.name.lowercased() == nomination
        })
      {
        c.append(("PartyId", .string(partyID(party.code))))
      }
      c.append(("PostElectionStatus", .string("winner")))
      candidates.append(.object(c))
      let counts: [JSONText] =
        o.winnerVotes.map { [count(constituencyID(String(o.number)), $0)] } ?? []
      contests.append(
        .object([
          ("@id", .string("contest-constituency-\(o.number)")),
          ("@type", .string("ElectionResults.CandidateContest")),
          (
            "ContestSelection",
            .array([
              .object([
                ("@id", .string("selection-\(o.number)-winner")),
                ("@type", .string("ElectionResults.CandidateSelection")),
                ("CandidateIds", .array([.string(id)])),
                ("VoteCounts", .array(counts)),
              ])
            ])
          ),
          ("ElectionDistrictId", .string(constituencyID(String(o.number)))),
          ("Name", .string("Single-mandate territorial constituency No. \(o.number)")),
          ("NumberElected", .int(1)), ("SequenceOrder", .int(o.number + 1)),
          ("VoteVariation", .string(variation)), ("VotesAllowed", .int(1)),
        ]))
    }

    // Ballots of the party-list ballot: in the boxes and invalid, per unit.
    var ballots: [JSONText] = []
    func ballotCounts(_ id: String, inBox: Int?, invalid: Int?) {
      var m: [(String, JSONText)] = [("@type", .string("ElectionResults.BallotCounts"))]
      if let inBox { m.append(("BallotsCast", .int(inBox))) }
      if let invalid { m.append(("BallotsRejected", .int(invalid))) }
      m.append(("GpUnitId", .string(id)))
      m.append(("Type", .string("total")))
      ballots.append(.object(m))
    }
    for l in listLevels {
      let id =
        l.kind == .nation ? nationID : l.kind == .region ? regionID(l.key) : constituencyID(l.key)
      if l.ballotsInBox != nil || l.invalid != nil {
        ballotCounts(id, inBox: l.ballotsInBox, invalid: l.invalid)
      }
    }
    for p in listProtocols {
      ballotCounts(precinctID(p.precinct), inBox: p.ballotsInBox, invalid: p.invalid)
    }

    let day = r.election.day ?? r.election.date.earliest
    var election: [(String, JSONText)] = [("@type", .string("ElectionResults.Election"))]
    if !ballots.isEmpty { election.append(("BallotCounts", .array(ballots))) }
    if !candidates.isEmpty { election.append(("Candidate", .array(candidates))) }
    election += [
      ("Contest", .array(contests)),
      (
        "CountStatus",
        countStatus(counted: nationList?.protocols ?? 0, expected: expected?.nation.expected)
      ),
      ("ElectionScopeId", .string(nationID)), ("EndDate", .string(day.description)),
      (
        "ExternalIdentifier",
        .array([
          .object([
            ("@type", .string("ElectionResults.ExternalIdentifier")),
            ("Label", .string("Saylau election id")),
            ("OtherType", .string("saylau-election")), ("Type", .string("other")),
            ("Value", .string(r.election.id)),
          ])
        ])
      ),
      ("Name", text(r.election.title)), ("StartDate", .string(day.description)),
      ("Type", .string("general")),
    ]
    var notes = [
      "\(state.title) results of \(r.election.title) (Saylau election \(r.election.id)).",
      r.basis == .protocols
        ? "Counted from \(r.protocols.count) polling-station protocols."
        : "The published national result; no polling-station protocols are stored.",
    ]
    if r.synthetic { notes.insert("SYNTHETIC: made-up data, not a real result.", at: 0) }
    var report: [(String, JSONText)] = [
      ("@type", .string("ElectionResults.ElectionReport")),
      ("Election", .array([.object(election)])),
      ("Format", .string(r.protocols.isEmpty ? "summary-contest" : "precinct-level")),
      ("GeneratedDate", .string(generatedAt)), ("GpUnit", .array(units)),
      ("IsTest", .bool(r.synthetic)), ("Issuer", .string(issuer)),
      ("IssuerAbbreviation", .string("Saylau")),
      ("Notes", .string(notes.joined(separator: " "))),
    ]
    if !parties.isEmpty { report.append(("Party", .array(parties))) }
    report += [
      ("SequenceEnd", .int(1)), ("SequenceStart", .int(1)),
      ("Status", .string(status(state, complete: r.isComplete))),
    ]
    if r.synthetic { report.append(("TestType", .string("SYNTHETIC"))) }
    report.append(("VendorApplicationId", .string("Saylau")))
    return .object(report)
  }

  static func againstAll(_ id: String, _ counts: [JSONText], order: Int) -> JSONText {
    .object([
      ("@id", .string(id)), ("@type", .string("ElectionResults.BallotMeasureSelection")),
      ("Selection", text("Against all")), ("SequenceOrder", .int(order)),
      ("VoteCounts", .array(counts)),
    ])
  }
}
