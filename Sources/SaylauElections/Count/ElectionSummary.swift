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
    let changes = whatIf.changes(from: regime)
    var listCount: ListSeatResult?
    if regime.listSeats > 0 || whatIf.listSeats != nil {
      do {
        listCount = try whatIf.decision(for: regime).decide(result.listVote)
      } catch let error as ListSeatError {
        throw .decision(election: election.id, error)
      } catch {
        throw .decision(election: election.id, .other(String(describing: error)))
      }
    }
    var notes = result.notes
    if !result.registrationOrderKnown, listCount?.tiesBroken.isEmpty == false {
      notes.append(
        "A remainder tie was broken by the order of the lists in the data; the CEC's registration order is not in the data."
      )
    }
    let composition: ChamberComposition
    if regime.constituencySeats == 0 {
      composition = ChamberComposition(regime: regime, list: listCount, constituencies: nil)
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
      composition = ChamberComposition(
        regime: regime, list: listCount, constituencySeatsByParty: byParty, basisByParty: basis)
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
      composition = ChamberComposition(regime: regime, list: listCount, constituencies: nil)
      notes.append(
        "The constituency results of \(election.id) are not in the data: constituency seats unknown."
      )
    }
    var rows: [ElectionSummary.Row] = []
    let published = Dictionary(
      result.lines.compactMap { l in l.publishedListSeats.map { (l.code, $0) } },
      uniquingKeysWith: { a, _ in a })
    for r in composition.rows {
      let l = listCount?.rows.first { $0.code == r.party }
      let line = result.lines.first { $0.code == r.party }
      rows.append(
        ElectionSummary.Row(
          party: r.party, name: r.name,
          kind: parties?.party(code: r.party)?.kind
            ?? (line?.isAggregate == true ? .aggregate : nil),
          votes: r.votes, percentOfBase: l?.percentOfBase, passedThreshold: l?.passedThreshold,
          admittedAsRunnerUp: l?.admittedAsRunnerUp, listSeats: r.listSeats,
          publishedListSeats: published[r.party], constituencySeats: r.constituencySeats,
          appointedSeats: r.appointedSeats, totalSeats: r.totalSeats, derived: r.derived))
    }
    let matches: Bool? =
      changes.isEmpty && !published.isEmpty
      ? (listCount?.rows.allSatisfy { row in published[row.code].map { $0 == row.seats } ?? true }
        ?? false) : nil
    return ElectionSummary(
      election: election, regime: regime, whatIf: whatIf, whatIfChanges: changes,
      listCount: listCount, composition: composition, rows: rows,
      matchesPublishedListSeats: matches,
      indices: ElectionSummary.indices(rows: rows, againstAll: result.againstAll),
      againstAll: result.againstAll, invalid: result.invalid, ballotsIssued: result.ballotsIssued,
      electorate: result.electorate, publishedTurnout: result.publishedTurnout,
      notes: notes + (listCount?.notes ?? []), sources: election.sources + result.sources,
      synthetic: result.synthetic)
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
