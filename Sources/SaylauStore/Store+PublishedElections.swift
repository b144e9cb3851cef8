import Foundation
import SaylauApportionment
import SaylauCore
import SaylauElections

/// The elections of record: the regimes, the catalogue of elections and their published results, stored so
/// that ``Store/publishedElection(id:)`` gives back exactly the ``PublishedElection`` that was stored, and
/// every face (the command line from the bundled data, the server from the store) computes the same
/// ``ElectionSummary``.
extension Store {
  /// Migration 10: what a ``PublishedElection`` needs beyond the first elections tables.
  static let publishedElectionsMigration = Migration(
    10, "published elections",
    [
      """
      CREATE TABLE regimes (
          id TEXT PRIMARY KEY,
          chamber TEXT NOT NULL,
          in_force TEXT NOT NULL,
          ended TEXT,
          total_seats BIGINT NOT NULL,
          list_seats BIGINT NOT NULL,
          list_threshold TEXT,
          list_method TEXT,
          constituency_seats BIGINT NOT NULL,
          constituency_rule TEXT,
          appointed_body TEXT,
          appointed_code TEXT,
          appointed_seats BIGINT,
          runner_up_in_law SMALLINT,
          against_all_on_ballot SMALLINT,
          notes TEXT NOT NULL,
          sources TEXT NOT NULL
      )
      """,
      // The day as the sources give it (`1995-12`), where `date` keeps the earliest day for queries.
      "ALTER TABLE elections ADD COLUMN date_as_published TEXT",
      "ALTER TABLE elections ADD COLUMN second_round TEXT",
      "ALTER TABLE elections ADD COLUMN notes TEXT",
      "ALTER TABLE elections ADD COLUMN sources TEXT",
      // NULL in rows stored before this step: whether a result is stored is then not recorded.
      "ALTER TABLE elections ADD COLUMN has_result SMALLINT",
      "ALTER TABLE elections ADD COLUMN registration_order_known SMALLINT",
      "ALTER TABLE elections ADD COLUMN invalid BIGINT",
      "ALTER TABLE elections ADD COLUMN published_base BIGINT",
      "ALTER TABLE elections ADD COLUMN result_notes TEXT",
      "ALTER TABLE elections ADD COLUMN result_sources TEXT",
      "ALTER TABLE list_results ADD COLUMN position BIGINT",
      "ALTER TABLE list_results ADD COLUMN constituency_seats_basis TEXT",
      "ALTER TABLE list_results ADD COLUMN notes TEXT",
      "ALTER TABLE list_results ADD COLUMN sources TEXT",
      """
      CREATE TABLE parties (
          code TEXT PRIMARY KEY,
          position BIGINT NOT NULL,
          kind TEXT NOT NULL,
          name_en TEXT NOT NULL,
          name_kk TEXT,
          name_ru TEXT,
          short_name TEXT NOT NULL,
          colour TEXT,
          successor TEXT,
          successor_since TEXT,
          successor_basis TEXT,
          nomination_names TEXT NOT NULL,
          notes TEXT,
          sources TEXT NOT NULL
      )
      """,
      """
      CREATE TABLE constituency_outcomes (
          election_id TEXT NOT NULL REFERENCES elections(id),
          number BIGINT NOT NULL,
          region_code TEXT,
          registered_candidates BIGINT,
          region_turnout_preliminary TEXT,
          winner TEXT,
          winner_nomination TEXT,
          winner_percent TEXT,
          winner_votes BIGINT,
          sources TEXT NOT NULL,
          PRIMARY KEY (election_id, number)
      )
      """,
    ])

  // MARK: Writing

  /// Stores the regimes and every election of the catalogue with its published result, in one transaction:
  /// new elections are inserted, stored ones are brought up to date (their imported protocols stay).
  public func saveElections(
    _ elections: [PublishedElection], regimes: RegimeTable, parties: PartyDirectory
  ) async throws {
    var statements = [SQLStatement("DELETE FROM regimes"), SQLStatement("DELETE FROM parties")]
    statements += SQLStatement.insert(
      into: "parties",
      columns: [
        "code", "position", "kind", "name_en", "name_kk", "name_ru", "short_name", "colour",
        "successor", "successor_since", "successor_basis", "nomination_names", "notes", "sources",
      ],
      rows: parties.parties.enumerated().map { i, p in
        [
          .text(p.code), .int(i), .text(p.kind.rawValue), .text(p.name.en), SQLValue(p.name.kk),
          SQLValue(p.name.ru), .text(p.shortName), SQLValue(p.colour), SQLValue(p.successor),
          SQLValue(p.successorSince?.description), SQLValue(p.successorBasis),
          .text(Self.json(p.nominationNames)), SQLValue(p.notes), .text(Self.json(p.sources)),
        ]
      })
    statements += SQLStatement.insert(
      into: "regimes",
      columns: [
        "id", "chamber", "in_force", "ended", "total_seats", "list_seats", "list_threshold",
        "list_method", "constituency_seats", "constituency_rule", "appointed_body",
        "appointed_code", "appointed_seats", "runner_up_in_law", "against_all_on_ballot", "notes",
        "sources", "quota_percent", "quota_groups", "quota_applies_to", "quota_sources",
        "list_length_extra_percent", "withdrawal_extension_months",
      ],
      rows: regimes.regimes.map { r in
        [
          .text(r.id), .text(r.chamber), .text(r.inForce.start.description),
          SQLValue(r.inForce.end?.description), .int(r.totalSeats), .int(r.listSeats),
          SQLValue(r.listThreshold.map(Self.percentText)),
          SQLValue(r.listMethod?.name), .int(r.constituencySeats),
          SQLValue(r.constituencyRule?.rawValue), SQLValue(r.appointed.first?.body),
          SQLValue(r.appointed.first?.code), SQLValue(r.appointed.first?.seats),
          SQLValue(r.runnerUpGuaranteeInLaw.map { $0 ? 1 : 0 }),
          SQLValue(r.againstAllOnBallot.map { $0 ? 1 : 0 }), .text(Self.json(r.notes)),
          .text(Self.json(r.sources)), SQLValue(r.candidateQuota?.percent),
          SQLValue(r.candidateQuota.map { Self.json($0.groups.map(\.rawValue)) }),
          SQLValue(
            r.candidateQuota.map {
              Self.json(
                ($0.appliesToList ? ["list"] : []) + ($0.appliesToMandates ? ["mandates"] : []))
            }), SQLValue(r.candidateQuota.map { Self.json($0.sources) }),
          SQLValue(r.listLengthExtraPercent), SQLValue(r.withdrawalExtensionMonths),
        ]
      })
    let stored = Set(try await backend.query("SELECT id FROM elections").compactMap { $0[0].text })
    for p in elections {
      let e = p.election
      let r = p.result
      let values: [SQLValue] = [
        .text(e.date.earliest.description), .text(e.chamber), .text(e.title),
        SQLValue(r.map { $0.lines.compactMap(\.publishedListSeats).reduce(0, +) }),
        .int(p.regime.constituencySeats), SQLValue(r?.electorate), SQLValue(r?.ballotsIssued),
        SQLValue(r?.publishedTurnout), SQLValue(r?.synthetic ?? false),
        SQLValue(r?.lines.first?.sources.first), .text(p.regime.id), .text(e.date.description),
        SQLValue(e.secondRound?.description), .text(Self.json(e.notes)),
        .text(Self.json(e.sources)),
        SQLValue(r != nil), SQLValue(r?.registrationOrderKnown ?? false), SQLValue(r?.invalid),
        SQLValue(r?.publishedBase), .text(Self.json(r?.notes ?? [])),
        .text(Self.json(r?.sources ?? [])),
      ]
      let columns = [
        "date", "chamber", "title", "list_seats", "constituency_seats", "electorate",
        "ballots_cast", "turnout_percent", "synthetic", "source", "regime", "date_as_published",
        "second_round", "notes", "sources", "has_result", "registration_order_known", "invalid",
        "published_base", "result_notes", "result_sources",
      ]
      if stored.contains(e.id) {
        statements.append(
          SQLStatement(
            "UPDATE elections SET " + columns.map { "\($0) = ?" }.joined(separator: ", ")
              + " WHERE id = ?", values + [.text(e.id)]))
      } else {
        statements.append(
          SQLStatement(
            "INSERT INTO elections (id, " + columns.joined(separator: ", ") + ") VALUES ("
              + Array(repeating: "?", count: columns.count + 1).joined(separator: ", ") + ")",
            [.text(e.id)] + values))
      }
      statements.append(
        SQLStatement("DELETE FROM list_results WHERE election_id = ?", [.text(e.id)]))
      statements.append(
        SQLStatement("DELETE FROM constituency_candidates WHERE election_id = ?", [.text(e.id)]))
      statements.append(
        SQLStatement("DELETE FROM constituency_outcomes WHERE election_id = ?", [.text(e.id)]))
      guard let r else { continue }
      statements += SQLStatement.insert(
        into: "list_results",
        columns: [
          "election_id", "party_code", "row_type", "name_en", "name_kk", "name_ru", "votes",
          "percent", "list_seats", "constituency_seats", "total_seats", "position",
          "constituency_seats_basis", "notes", "sources",
        ],
        rows: Self.listRows(p, r).enumerated().map { i, row in
          [.text(e.id)] + row.prefix(10) + [.int(i)] + row.dropFirst(10)
        })
      statements += SQLStatement.insert(
        into: "constituency_outcomes",
        columns: [
          "election_id", "number", "region_code", "registered_candidates",
          "region_turnout_preliminary", "winner", "winner_nomination", "winner_percent",
          "winner_votes", "sources",
        ],
        rows: r.constituencies.map { o in
          [
            .text(e.id), .int(o.number), SQLValue(o.regionCode), SQLValue(o.registeredCandidates),
            SQLValue(o.regionTurnoutPreliminary), SQLValue(o.winner), SQLValue(o.winnerNomination),
            SQLValue(o.winnerPercent), SQLValue(o.winnerVotes), .text(Self.json(o.sources)),
          ]
        })
      // The winners as the first API (constituency candidates) reads them.
      statements += SQLStatement.insert(
        into: "constituency_candidates",
        columns: [
          "election_id", "constituency_number", "candidate", "party", "votes", "percent", "elected",
        ],
        rows: r.constituencies.compactMap { o in
          o.winner.map {
            [
              .text(e.id), .int(o.number), .text($0), SQLValue(o.winnerNomination),
              SQLValue(o.winnerVotes), SQLValue(o.winnerPercent), SQLValue(true),
            ]
          }
        })
    }
    try await backend.transaction(statements)
  }

  /// The list-result rows of a result: party lines in order, then "against all" and independents. Each row
  /// is party_code … total_seats, then basis, notes and sources.
  static func listRows(_ p: PublishedElection, _ r: PublishedResult) -> [[SQLValue]] {
    var rows: [[SQLValue]] = r.lines.map { l in
      [
        .text(l.code), .text(l.isAggregate ? "other" : "party"), .text(l.name), .null, .null,
        .int(l.votes), .null, SQLValue(l.publishedListSeats),
        SQLValue(p.regime.constituencySeats == 0 ? 0 : l.constituencySeats),
        SQLValue(l.publishedTotalSeats), SQLValue(l.constituencySeatsBasis), SQLValue(l.notes),
        .text(json(l.sources)),
      ]
    }
    if let a = r.againstAll {
      rows.append([
        .text("against_all"), .text("against_all"), .text("Against all"), .null, .null, .int(a),
        .null, .null, .null, .null, .null, .null, .text("[]"),
      ])
    }
    if let i = r.independentConstituencySeats {
      rows.append([
        .text("independent"), .text("independents"),
        .text("Independents (self-nominated), constituency seats only"), .null, .null, .null,
        .null, .int(0), .int(i), .int(i), SQLValue(r.independentConstituencySeatsBasis), .null,
        .text("[]"),
      ])
    }
    return rows
  }

  // MARK: Reading

  /// The parties of record, in the order they were stored.
  public func parties() async throws -> PartyDirectory {
    PartyDirectory(
      try await backend.query(
        """
        SELECT code, kind, name_en, name_kk, name_ru, short_name, colour, successor, successor_since,
        successor_basis, nomination_names, notes, sources FROM parties ORDER BY position
        """
      ).map { row in
        Party(
          code: row[0].text ?? "", kind: PartyKind(rawValue: row[1].text ?? "") ?? .party,
          name: LocalizedName(en: row[2].text ?? "", kk: row[3].text, ru: row[4].text),
          shortName: row[5].text ?? "", colour: row[6].text, successor: row[7].text,
          successorSince: row[8].text.flatMap { HistoricalDate(iso: $0) },
          successorBasis: row[9].text, nominationNames: Self.strings(row[10].text),
          notes: row[11].text, sources: Self.strings(row[12].text))
      })
  }

  /// The regimes of record.
  public func regimes() async throws -> RegimeTable {
    let witnessed = try await backend.query(
      "SELECT regime, date_as_published, second_round FROM elections WHERE regime IS NOT NULL")
    var days: [String: [CalendarDate]] = [:]
    for row in witnessed {
      let id = row[0].text ?? ""
      if let d = row[1].text.flatMap({ HistoricalDate(iso: $0) }), d.day != nil {
        days[id, default: []].append(d.earliest)
      }
      if let s = row[2].text.flatMap({ CalendarDate(iso: $0) }) { days[id, default: []].append(s) }
    }
    let rows = try await backend.query(
      """
      SELECT id, chamber, in_force, ended, total_seats, list_seats, list_threshold, list_method,
      constituency_seats, constituency_rule, appointed_body, appointed_code, appointed_seats,
      runner_up_in_law, against_all_on_ballot, notes, sources, quota_percent, quota_groups,
      quota_applies_to, quota_sources, list_length_extra_percent, withdrawal_extension_months
      FROM regimes ORDER BY id
      """)
    return RegimeTable(
      try rows.map { row in
        let id = row[0].text ?? ""
        guard let start = row[2].text.flatMap({ HistoricalDate(iso: $0) }) else {
          throw StoreError(.database, "regime \(id): in_force is not a date")
        }
        return Regime(
          id: id, chamber: row[1].text ?? "",
          inForce: HistoricalSpan(
            start: start, end: row[3].text.flatMap { HistoricalDate(iso: $0) },
            witnessed: days[id] ?? []),
          totalSeats: row[4].int ?? 0, listSeats: row[5].int ?? 0,
          listThreshold: row[6].text.flatMap { Threshold(percentString: $0) },
          listMethod: row[7].text.flatMap { AllocationMethod(name: $0) },
          constituencySeats: row[8].int ?? 0,
          constituencyRule: row[9].text.flatMap { ConstituencyRule(rawValue: $0) },
          appointed: row[10].text.map {
            [AppointedSeats(body: $0, code: row[11].text ?? "", seats: row[12].int ?? 0)]
          } ?? [],
          runnerUpGuaranteeInLaw: row[13].bool, againstAllOnBallot: row[14].bool,
          candidateQuota: row[17].int.map { percent in
            let applies = Self.strings(row[19].text)
            return CandidateQuota(
              percent: percent, groups: Self.strings(row[18].text).compactMap(QuotaGroup.init),
              appliesToList: applies.contains("list"),
              appliesToMandates: applies.contains("mandates"),
              sources: Self.strings(row[20].text))
          }, listLengthExtraPercent: row[21].int, withdrawalExtensionMonths: row[22].int,
          notes: Self.strings(row[15].text), sources: Self.strings(row[16].text))
      })
  }

  /// The election `id` with its regime and published result, exactly as stored; `nil` if there is none.
  public func publishedElection(id: String) async throws -> PublishedElection? {
    guard
      let row = try await backend.query(
        """
        SELECT id, chamber, title, regime, date_as_published, date, second_round, notes, sources,
        has_result, registration_order_known, electorate, ballots_cast, invalid, published_base,
        turnout_percent, result_notes, result_sources, synthetic FROM elections WHERE id = ?
        """, [.text(id)]
      ).first
    else { return nil }
    guard let regimeID = row[3].text, let regime = try await regimes().regime(id: regimeID) else {
      throw StoreError(.database, "election \(id) has no stored regime")
    }
    let date =
      row[4].text.flatMap { HistoricalDate(iso: $0) }
      ?? row[5].text.flatMap {
        HistoricalDate(iso: $0)
      }
    guard let date else { throw StoreError(.database, "election \(id) has no date") }
    let election = Election(
      id: id, chamber: row[1].text ?? "", date: date,
      secondRound: row[6].text.flatMap { CalendarDate(iso: $0) }, regimeID: regimeID,
      title: row[2].text ?? "", notes: Self.strings(row[7].text), sources: Self.strings(row[8].text)
    )
    guard row[9].bool == true else {
      return PublishedElection(election: election, regime: regime, result: nil)
    }
    var result = PublishedResult(
      lines: [], registrationOrderKnown: row[10].bool ?? false, invalid: row[13].int,
      electorate: row[11].int, publishedBase: row[14].int, publishedTurnout: row[15].text,
      notes: Self.strings(row[16].text), sources: Self.strings(row[17].text),
      synthetic: row[18].bool ?? false)
    result.ballotsIssued = row[12].int
    for l in try await backend.query(
      """
      SELECT party_code, row_type, name_en, votes, list_seats, constituency_seats, total_seats,
      constituency_seats_basis, notes, sources FROM list_results WHERE election_id = ? ORDER BY position
      """, [.text(id)])
    {
      switch l[1].text {
      case "party", "other":
        result.lines.append(
          PublishedResult.ListLine(
            code: l[0].text ?? "", name: l[2].text ?? "", votes: l[3].int ?? 0,
            isAggregate: l[1].text == "other", publishedListSeats: l[4].int,
            constituencySeats: regime.constituencySeats == 0 ? nil : l[5].int,
            constituencySeatsBasis: l[7].text, publishedTotalSeats: l[6].int, notes: l[8].text,
            sources: Self.strings(l[9].text)))
      case "against_all": result.againstAll = l[3].int
      case "independents":
        result.independentConstituencySeats = l[5].int
        result.independentConstituencySeatsBasis = l[7].text
      default: break
      }
    }
    result.constituencies = try await backend.query(
      """
      SELECT number, region_code, registered_candidates, region_turnout_preliminary, winner,
      winner_nomination, winner_percent, winner_votes, sources FROM constituency_outcomes
      WHERE election_id = ? ORDER BY number
      """, [.text(id)]
    ).map { o in
      ConstituencyOutcome(
        number: o[0].int ?? 0, regionCode: o[1].text, registeredCandidates: o[2].int,
        regionTurnoutPreliminary: o[3].text, winner: o[4].text, winnerNomination: o[5].text,
        winnerPercent: o[6].text, winnerVotes: o[7].int, sources: Self.strings(o[8].text))
    }
    return PublishedElection(election: election, regime: regime, result: result)
  }

  // MARK: Encoding

  static func json(_ strings: [String]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    return (try? encoder.encode(strings)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
  }

  static func strings(_ text: String?) -> [String] {
    guard let text, let data = text.data(using: .utf8) else { return [] }
    return (try? JSONDecoder().decode([String].self, from: data)) ?? []
  }

  /// A threshold as the exact decimal percentage it was read from ("5", "7.5").
  static func percentText(_ t: Threshold) -> String {
    let whole = t.numerator * 100 / t.denominator
    var rest = t.numerator * 100 % t.denominator
    var digits = ""
    while rest != 0 && digits.count < 6 {
      rest *= 10
      digits.append(String(rest / t.denominator))
      rest %= t.denominator
    }
    return digits.isEmpty ? String(whole) : "\(whole).\(digits)"
  }

}
