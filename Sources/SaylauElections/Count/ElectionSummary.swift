import SaylauApportionment
import SaylauCore

/// An election's result in one value: every party's votes, the seats the engine decides under the regime
/// (or a what-if), the seats that were published, the chamber's composition, the disproportionality indices
/// with their bases, and the notes. The command line (`saylau seats`), the HTTP API, the static report and
/// the web page all show this value, so they cannot disagree.
public struct ElectionSummary: Sendable, Hashable, Codable {
  /// One party or group of the chamber.
  public struct Row: Sendable, Hashable, Codable {
    /// Party code, `independent`, the appointing body's code (`apk`), or an aggregate line (`other`).
    public var party: String
    public var name: String
    public var kind: PartyKind?
    /// List votes; `nil` for groups without a list.
    public var votes: Int?
    /// Share of the threshold base, in percent (display only; eligibility is decided in integers).
    public var percentOfBase: Double?
    public var passedThreshold: Bool?
    public var admittedAsRunnerUp: Bool?
    /// List seats decided by the engine.
    public var listSeats: Int
    /// List seats as published; `nil` when not published (or not a list).
    public var publishedListSeats: Int?
    /// `nil` when unknown for this election (a blank stays blank).
    public var constituencySeats: Int?
    public var appointedSeats: Int
    public var totalSeats: Int?
    /// Which of this row's numbers are derived rather than published, in words; empty when none.
    public var derived: [String]
  }

  /// A disproportionality or fragmentation index, with the votes and seats it compares.
  public struct Index: Sendable, Hashable, Codable {
    /// Stable key: `gallagherListTier`, `loosemoreHanbyListTier`, `gallagherChamber`,
    /// `loosemoreHanbyChamber`, `effectivePartiesVotes`, `effectivePartiesSeats`.
    public var key: String
    public var name: String
    public var value: Double
    /// What is compared, in words.
    public var basis: String
  }

  public var election: Election
  public var regime: Regime
  public var whatIf: WhatIf
  /// The departures from the law, in words; empty for the law's count.
  public var whatIfChanges: [String]
  /// The engine's list-seat count with everything needed to audit it; `nil` when the regime has no list
  /// seats.
  public var listCount: ListSeatResult?
  public var composition: ChamberComposition
  public var rows: [Row]
  /// Whether the engine's list seats equal the published ones: `nil` for a what-if or when none were
  /// published.
  public var matchesPublishedListSeats: Bool?
  public var indices: [Index]
  public var againstAll: Int?
  public var invalid: Int?
  public var ballotsIssued: Int?
  public var electorate: Int?
  public var publishedTurnout: String?
  public var notes: [String]
  public var sources: [String]
  public var synthetic: Bool
  /// Why the what-if rules are used, when a definition gives a reason (the Kurultai: "not yet fixed by
  /// law").
  public var whatIfReason: String?
  /// The final decision of every constituency counted (the runoff where there was one); empty when the
  /// constituency results are not decided here (published data, or none).
  public var constituencies: [ConstituencyResult]
  /// The chamber as people on ``chamberDate`` (or right after the result), where the data names them:
  /// every deputy with the rule that seated them, every vacant seat with its reason.
  public var chamber: Chamber?
  /// The quota checks of the registered lists (rules.md A4.9); the mandates' checks are in ``chamber``.
  public var listQuotaChecks: [QuotaCheck]
  /// What the law leaves to the commission; the result is not complete until it decides.
  public var commissionDecisions: [String]
  /// Every step of the count, in order: rules, threshold, allocation (rules.md A8), ties, constituencies,
  /// mandates, notes.
  public var trace: CountTrace

  public var isWhatIf: Bool { !whatIfChanges.isEmpty }

  /// Total seats of the chamber, or `nil` when a part of it is unknown.
  public var totalSeats: Int? { composition.totalSeats }

  /// The index with `key`, if it could be computed.
  public func index(_ key: String) -> Double? { indices.first { $0.key == key }?.value }
}

/// Why an election's summary cannot be made.
public enum ElectionSummaryError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The data has no result of the election.
  case noResults(election: String)
  /// The list-seat decision refused (a formula or threshold the regime does not define, an unresolved tie…).
  case decision(election: String, ListSeatError)

  public var description: String {
    switch self {
    case .noResults(let id):
      let year = id.prefix(4)
      return "no bundled results for \(year) (\(id)): its votes are not in the data"
    case .decision(_, let e): return e.description
    }
  }
}

extension PublishedElection {
  /// The election's summary under the law of its regime, or under `whatIf`.
  ///
  /// - Parameters:
  ///   - whatIf: departures from the law (default: none).
  ///   - parties: the party directory, for the kinds of the rows (optional).
  /// - Throws: ``ElectionSummaryError``.
  public func summary(whatIf: WhatIf = .law, parties: PartyDirectory? = nil)
    throws(ElectionSummaryError) -> ElectionSummary
  {
    guard let result else { throw .noResults(election: election.id) }
    var pipeline = CountPipeline(election: election, regime: regime, whatIf: whatIf)
    pipeline.parties = parties
    pipeline.listVote = result.listVote
    pipeline.registrationOrderKnown = result.registrationOrderKnown
    pipeline.publishedListSeats = Dictionary(
      result.lines.compactMap { l in l.publishedListSeats.map { (l.code, $0) } },
      uniquingKeysWith: { a, _ in a })
    var notes = result.notes
    if regime.constituencySeats == 0 {
      pipeline.constituencies = .none
    } else if result.lines.allSatisfy({ $0.isAggregate || $0.constituencySeats != nil }),
      let independents = result.independentConstituencySeats
    {
      var byParty: [String: Int] = ["independent": independents]
      var basis: [String: String] = [:]
      for l in result.lines where !l.isAggregate {
        byParty[l.code] = l.constituencySeats ?? 0
        if let b = l.constituencySeatsBasis { basis[l.code] = b }
      }
      if let b = result.independentConstituencySeatsBasis { basis["independent"] = b }
      pipeline.constituencies = .published(byParty: byParty, basis: basis)
      let known = result.constituencies.filter { $0.winner != nil }.count
      if !basis.isEmpty {
        notes.append(
          "Constituency seats per party are derived, not published (\(known) of \(regime.constituencySeats) winners are in the data, without their votes)."
        )
      }
      let published = result.lines.compactMap { l in l.publishedTotalSeats.map { "\(l.code) \($0)" }
      }
      if !published.isEmpty {
        notes.append("Published total seats: \(published.joined(separator: ", ")).")
      }
    } else {
      pipeline.constituencies = .unknown
      notes.append(
        "The constituency results of \(election.id) are not in the data: constituency seats unknown."
      )
    }
    pipeline.notes = notes
    pipeline.sources = election.sources + result.sources
    pipeline.synthetic = result.synthetic
    pipeline.againstAll = result.againstAll
    pipeline.invalid = result.invalid
    pipeline.ballotsIssued = result.ballotsIssued
    pipeline.electorate = result.electorate
    pipeline.publishedTurnout = result.publishedTurnout
    return try pipeline.summary()
  }
}

/// The one path from counted votes to an explained result: the list-seat decision (the regime's law or a
/// what-if), the constituency decisions (decided here from protocols, or as published), the chamber's
/// composition, the seats given to people, the quota checks, the indices and the step trace. The bundled
/// and stored elections (``PublishedElection/summary(whatIf:parties:)``) and the elections counted from a
/// definition (``ElectionDefinition``) both end here, so every face shows one ``ElectionSummary``.
public struct CountPipeline: Sendable {
  /// Where the constituency seats come from.
  public enum Constituencies: Sendable {
    /// The regime has no constituencies.
    case none
    /// Not in the data.
    case unknown
    /// Published per party (the winners themselves are not all known), with how each number was derived.
    case published(byParty: [String: Int], basis: [String: String])
    /// Decided here: every round's results (round 1, then the runoffs).
    case decided([ConstituencyResult])
  }

  public var election: Election
  public var regime: Regime
  public var whatIf: WhatIf
  public var whatIfReason: String?
  public var parties: PartyDirectory?
  /// The national list vote; `nil` when none was counted.
  public var listVote: ListVote?
  public var registrationOrderKnown = false
  public var publishedListSeats: [String: Int] = [:]
  public var constituencies: Constituencies = .unknown
  /// The registered party lists, when the data has them (then seats go to people).
  public var lists: [PartyList]?
  public var choices: [MandateChoice] = []
  public var events: [MandateEvent] = []
  public var quota: CandidateQuota?
  /// The day the chamber is asked for; `nil` = right after the result.
  public var chamberDate: CalendarDate?
  public var notes: [String] = []
  /// Steps that come before the decisions (the import: protocols read, replaced, warnings).
  public var leadingSteps: [CountStep] = []
  public var sources: [String] = []
  public var synthetic = false
  public var againstAll: Int?
  public var invalid: Int?
  public var ballotsIssued: Int?
  public var electorate: Int?
  public var publishedTurnout: String?

  public init(election: Election, regime: Regime, whatIf: WhatIf) {
    self.election = election
    self.regime = regime
    self.whatIf = whatIf
  }

  /// Runs the decisions and explains them.
  /// - Throws: ``ElectionSummaryError/decision(election:_:)`` when the list seats cannot be decided (no
  ///   formula or threshold for the regime, an unresolved tie, …).
  public func summary() throws(ElectionSummaryError) -> ElectionSummary {
    let changes = whatIf.changes(from: regime)
    var listCount: ListSeatResult?
    if regime.listSeats > 0 || whatIf.listSeats != nil, let vote = listVote {
      do {
        listCount = try whatIf.decision(for: regime).decide(vote)
      } catch let error as ListSeatError {
        throw .decision(election: election.id, error)
      } catch {
        throw .decision(election: election.id, .other(String(describing: error)))
      }
    }
    var notes = notes
    if !registrationOrderKnown, listCount?.tiesBroken.isEmpty == false {
      notes.append(
        "A remainder tie was broken by the order of the lists in the data; the CEC's registration order is not in the data."
      )
    }
    let composition: ChamberComposition
    var finals: [ConstituencyResult] = []
    var rounds: [ConstituencyResult] = []
    switch constituencies {
    case .none:
      composition = ChamberComposition(regime: regime, list: listCount, constituencies: nil)
    case .unknown:
      composition = ChamberComposition(regime: regime, list: listCount, constituencies: nil)
    case .published(let byParty, let basis):
      composition = ChamberComposition(
        regime: regime, list: listCount, constituencySeatsByParty: byParty, basisByParty: basis)
    case .decided(let all):
      rounds = all
      var last: [Int: ConstituencyResult] = [:]
      for r in all where (last[r.constituency]?.round ?? 0) <= r.round { last[r.constituency] = r }
      finals = last.keys.sorted().map { last[$0]! }
      composition = ChamberComposition(regime: regime, list: listCount, counted: finals)
    }
    var rows: [ElectionSummary.Row] = []
    for r in composition.rows {
      let l = listCount?.rows.first { $0.code == r.party }
      let known = parties?.party(code: r.party)
      rows.append(
        ElectionSummary.Row(
          party: r.party,
          name: r.votes == nil && r.name == r.party ? (known?.name.en ?? r.name) : r.name,
          kind: known?.kind
            ?? (listVote?.parties.first { $0.code == r.party }?.isAggregate == true
              ? .aggregate : nil),
          votes: r.votes, percentOfBase: l?.percentOfBase, passedThreshold: l?.passedThreshold,
          admittedAsRunnerUp: l?.admittedAsRunnerUp, listSeats: r.listSeats,
          publishedListSeats: publishedListSeats[r.party], constituencySeats: r.constituencySeats,
          appointedSeats: r.appointedSeats, totalSeats: r.totalSeats, derived: r.derived))
    }
    let matches: Bool? =
      changes.isEmpty && !publishedListSeats.isEmpty
      ? (listCount?.rows.allSatisfy { row in
        publishedListSeats[row.code].map { $0 == row.seats } ?? true
      }
        ?? false) : nil
    // Seats to people, where the data names them.
    let resultDay = election.day ?? election.date.earliest
    var chamber: Chamber?
    var listChecks: [QuotaCheck] = []
    if let lists, let quota, quota.appliesToList {
      for l in lists {
        listChecks.append(
          QuotaCheck(
            party: l.party, scope: .list, people: l.standing, quota: quota,
            rounding: whatIf.options.quotaRounding, on: resultDay))
      }
    }
    let commissionSeats =
      (listCount?.commissionDecisions.isEmpty ?? true) ? 0 : (listCount?.seats ?? 0)
    if lists != nil || !finals.isEmpty {
      let assignment = MandateAssignment(
        lists: lists ?? [], choices: choices, events: events, quota: quota,
        rounding: whatIf.options.quotaRounding, resultDay: resultDay)
      chamber = assignment.chamber(
        listSeats: (listCount?.rows ?? []).filter { $0.seats > 0 }.map { ($0.code, $0.seats) },
        constituencies: finals,
        constituencyCount: regime.constituencySeats, appointed: regime.appointed,
        commissionSeats: commissionSeats, on: chamberDate)
    }
    var commission = listCount?.commissionDecisions ?? []
    for r in finals
    where [.tie, .noMajority, .noCandidates, .electionExtended, .repeatElection].contains(r.status)
    {
      commission.append("Constituency \(r.constituency): \(r.reason).")
    }
    for r in finals where r.status == .runoff {
      commission.append(
        "Constituency \(r.constituency): a runoff between \(r.contenders.map(\.name).joined(separator: " and ")) is needed; its round-2 protocols are not in this count."
      )
    }
    let indices = ElectionSummary.indices(
      rows: rows, againstAll: againstAll ?? listVote?.againstAll)
    var summary = ElectionSummary(
      election: election, regime: regime, whatIf: whatIf, whatIfChanges: changes,
      listCount: listCount, composition: composition, rows: rows,
      matchesPublishedListSeats: matches, indices: indices,
      againstAll: againstAll ?? listVote?.againstAll, invalid: invalid ?? listVote?.invalid,
      ballotsIssued: ballotsIssued ?? listVote?.ballotsIssued, electorate: electorate,
      publishedTurnout: publishedTurnout, notes: notes + (listCount?.notes ?? []),
      sources: sources, synthetic: synthetic, whatIfReason: whatIfReason, constituencies: finals,
      chamber: chamber, listQuotaChecks: listChecks, commissionDecisions: commission,
      trace: .empty)
    summary.trace = CountTrace(
      list: listCount?.trace, constituencies: rounds, steps: steps(summary, listCount))
    return summary
  }

  /// "; 12 list seats vacant (tiny: list exhausted)" when seats won stay empty.
  func vacancies(_ chamber: Chamber?) -> String {
    guard let chamber else { return "" }
    let exhausted = chamber.vacant.filter { $0.reason == .listExhausted }
    guard !exhausted.isEmpty else { return "" }
    let parties = Set(exhausted.compactMap(\.seat.party)).sorted()
    return
      "; \(exhausted.count) list seat(s) stay vacant because the list is exhausted (\(parties.joined(separator: ", ")); rules.md A4.8)"
  }

  /// Identical vacant seats once, with how many.
  static func grouped(_ vacant: [VacantSeat]) -> [(VacantSeat, Int)] {
    var out: [(VacantSeat, Int)] = []
    for v in vacant {
      if let i = out.firstIndex(where: { $0.0 == v }) { out[i].1 += 1 } else { out.append((v, 1)) }
    }
    return out
  }

  /// The steps in order: rules, the import, the list seats, the constituencies, the composition, the
  /// people, the notes.
  func steps(_ s: ElectionSummary, _ listCount: ListSeatResult?) -> [CountStep] {
    var steps: [CountStep] = []
    if s.synthetic {
      steps.append(CountStep(kind: .note, text: "SYNTHETIC data: made up, not a real result."))
    }
    let r = regime
    var rules =
      "Regime \(r.id): \(r.totalSeats) seats (\(r.listSeats) list, \(r.constituencySeats) constituency, \(r.appointedSeats) appointed)"
    if let m = listCount?.method { rules += "; list seats by \(m)" }
    if let t = listCount?.threshold {
      rules += ", threshold \(t) of \(whatIf.options.thresholdBase.label)"
    }
    if let rule = r.constituencyRule {
      rules +=
        "; constituencies by \(rule == .plurality ? "plurality" : "absolute majority with a runoff")"
      if rule == .majorityWithRunoff {
        rules +=
          " (majority of \(whatIf.options.majorityBase.label)\(whatIf.options.majorityBase == .validVotes ? ", the CEC's reading: \(MajorityBase.validVotesSources.joined(separator: "; "))" : ""))"
      }
    }
    rules += "."
    steps.append(CountStep(kind: .rules, rule: "A0", text: rules))
    if !s.whatIfChanges.isEmpty {
      steps.append(
        CountStep(
          kind: .rules,
          text:
            "WHAT-IF (not the law's count): \(s.whatIfChanges.joined(separator: ", "))\(whatIfReason.map { ". Why: \($0)" } ?? "")."
        ))
    }
    steps += leadingSteps
    if let listCount {
      steps += CountTrace.listSteps(listCount, registrationOrderKnown: registrationOrderKnown)
    }
    if case .decided(let all) = constituencies {
      steps += CountTrace.constituencySteps(all)
    }
    let total = s.totalSeats.map(String.init) ?? "unknown"
    steps.append(
      CountStep(
        kind: .allocation,
        text:
          "Composition: \(s.rows.filter { ($0.totalSeats ?? 1) > 0 }.map { "\($0.party) \($0.totalSeats.map(String.init) ?? "?")" }.joined(separator: ", ")); \(total) seats\(s.composition.undecidedConstituencies.isEmpty ? "" : "; undecided constituencies: \(s.composition.undecidedConstituencies.map(String.init).joined(separator: ", "))")\(vacancies(s.chamber))."
      ))
    for q in s.listQuotaChecks {
      steps.append(CountStep(kind: .candidateQuota, rule: "A4.9", text: q.text))
    }
    if let c = s.chamber {
      steps.append(
        CountStep(
          kind: .mandates, rule: "A4.8–A4.10",
          text:
            "Chamber\(c.date.map { " on \($0)" } ?? ""): \(c.deputies.count) deputies named, \(c.vacant.count) seats vacant, \(c.unnamed.reduce(0) { $0 + $1.seats }) held by people the data cannot name, \(c.appointed.reduce(0) { $0 + $1.seats }) appointed outside the ballot.",
          table: StepTable(
            columns: ["deputy", "party", "seat", "rule", "why"],
            rows: c.deputies.map {
              [$0.name, $0.party ?? "", $0.seat.description, $0.rule.rawValue, $0.explanation]
            }
              + Self.grouped(c.vacant).map { v, n in
                [
                  "(vacant\(n > 1 ? " ×\(n)" : ""))", v.seat.party ?? "", v.seat.description,
                  v.reason.rawValue, v.explanation,
                ]
              }
              + c.unnamed.map {
                [
                  "(not in the data ×\($0.seats))", $0.party, "list seats of \($0.party)", "",
                  $0.explanation,
                ]
              })))
      for e in c.events { steps.append(CountStep(kind: .event, rule: "A4.10", text: e)) }
      for q in c.quotaChecks {
        steps.append(CountStep(kind: .candidateQuota, rule: "A4.9", text: q.text))
      }
      for i in c.issues { steps.append(CountStep(kind: .commission, text: "Refused: \(i)")) }
      for n in c.notes { steps.append(CountStep(kind: .note, text: n)) }
    }
    for d in s.commissionDecisions where !(listCount?.commissionDecisions.contains(d) ?? false) {
      steps.append(CountStep(kind: .commission, text: d))
    }
    return steps
  }
}

extension ElectionSummary {
  /// The indices of a composition, each on a stated basis. Rows whose inputs are incomplete are left out,
  /// never filled:
  /// - list tier: each list's votes (aggregated "other lists" included) against its list seats, with "against
  ///   all" as votes that won no seat (they are part of the threshold base);
  /// - whole chamber: the same votes against total seats, with groups that hold seats without list votes
  ///   (independents, appointed deputies) as contenders with no votes;
  /// - effective number of parties (Laakso–Taagepera): by the list votes of the parties (against all and
  ///   aggregates excluded), and by total seats with each deputy who holds a seat without a party list
  ///   (independents, appointed deputies) counted as a party of one (lumping them together would understate
  ///   fragmentation).
  static func indices(rows: [Row], againstAll: Int?) -> [Index] {
    var out: [Index] = []
    let lists = rows.filter { $0.votes != nil }
    guard !lists.isEmpty else { return out }
    let extraVotes = againstAll.map { [$0] } ?? []
    let extraSeats = againstAll.map { _ in [0] } ?? []
    let votes = lists.map { $0.votes! } + extraVotes
    let listSeats = lists.map(\.listSeats) + extraSeats
    let againstNote = againstAll == nil ? "" : " (against all as votes without seats)"
    out.append(
      Index(
        key: "gallagherListTier", name: "Gallagher index (list tier)",
        value: ProportionalityIndex.gallagher(votes: votes, seats: listSeats),
        basis: "list votes\(againstNote) vs list seats"))
    out.append(
      Index(
        key: "loosemoreHanbyListTier", name: "Loosemore–Hanby index (list tier)",
        value: ProportionalityIndex.loosemoreHanby(votes: votes, seats: listSeats),
        basis: "list votes\(againstNote) vs list seats, in percentage points"))
    if rows.allSatisfy({ $0.totalSeats != nil }) {
      let others = rows.filter { $0.votes == nil }
      let chamberVotes = votes + others.map { _ in 0 }
      let chamberSeats = lists.map { $0.totalSeats! } + extraSeats + others.map { $0.totalSeats! }
      out.append(
        Index(
          key: "gallagherChamber", name: "Gallagher index (whole chamber)",
          value: ProportionalityIndex.gallagher(votes: chamberVotes, seats: chamberSeats),
          basis:
            "list votes vs total seats; independents and appointed deputies hold seats without list votes"
        ))
      out.append(
        Index(
          key: "loosemoreHanbyChamber", name: "Loosemore–Hanby index (whole chamber)",
          value: ProportionalityIndex.loosemoreHanby(votes: chamberVotes, seats: chamberSeats),
          basis: "list votes vs total seats, in percentage points"))
      var seatCounts = lists.filter { $0.kind != .aggregate }.map { $0.totalSeats! }
      for o in others { seatCounts += Array(repeating: 1, count: o.totalSeats!) }
      if let enp = ProportionalityIndex.effectiveNumberOfParties(seatCounts) {
        out.append(
          Index(
            key: "effectivePartiesSeats", name: "Effective number of parties (seats)", value: enp,
            basis:
              "total seats; each deputy without a party list (independents, appointed) counted as a party of one"
          ))
      }
    }
    if let enp = ProportionalityIndex.effectiveNumberOfParties(
      lists.filter { $0.kind != .aggregate }.map { $0.votes! })
    {
      out.append(
        Index(
          key: "effectivePartiesVotes", name: "Effective number of parties (votes)", value: enp,
          basis: "list votes of the parties (against all and aggregated other lists excluded)"))
    }
    return out
  }
}
