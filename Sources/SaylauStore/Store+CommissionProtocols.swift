import Foundation
import SaylauAccounts
import SaylauCore
import SaylauElections

extension Store {
  /// Migration 18: the own protocols of the commissions above the precincts (territorial, district,
  /// regional, central), every version kept: a correction is a new version, never an overwrite. The lines
  /// are those of `protocols`; the votes a JSON object from choice code to count (blanks left out). The
  /// constituency key is the constituency's number, 0 for a protocol that adds up several.
  static let commissionProtocolsMigration = Migration(
    18, "commission protocols",
    [
      """
      CREATE TABLE commission_protocols (
          election_id TEXT NOT NULL REFERENCES elections(id),
          level TEXT NOT NULL CHECK (level IN ('territorial', 'district', 'regional', 'central')),
          commission TEXT NOT NULL,
          ballot TEXT NOT NULL CHECK (ballot IN ('list', 'constituency')),
          constituency_key BIGINT NOT NULL,
          version BIGINT NOT NULL,
          constituency_number BIGINT,
          voters_on_list BIGINT,
          ballots_received BIGINT,
          ballots_issued BIGINT,
          ballots_in_box BIGINT,
          invalid BIGINT,
          unused BIGINT,
          against_all BIGINT,
          absentee_voters BIGINT,
          ballots_issued_at_home BIGINT,
          ballots_in_portable_boxes BIGINT,
          unofficial_form BIGINT,
          spoiled BIGINT,
          lost BIGINT,
          round BIGINT,
          votes TEXT NOT NULL,
          source TEXT NOT NULL,
          synthetic SMALLINT NOT NULL,
          entered_at TEXT NOT NULL,
          PRIMARY KEY (election_id, level, commission, ballot, constituency_key, version)
      )
      """
    ])

  /// A commission's own protocol as stored: the protocol (its `precinct` is the commission's id), its level
  /// and version.
  public struct CommissionProtocol: Sendable, Hashable {
    public var level: CommissionLevel
    public var protocolValue: PollingStationProtocol
    public var version: Int
    public var source: String
    public var enteredAt: String

    public var commission: String { protocolValue.precinct }
  }

  /// The schema a commission's own protocols are checked with: the election's, with the constituency line
  /// allowed blank above the district level (a region or the nation adds up several constituencies).
  /// - Throws: ``StoreError`` `notFound` for an unknown election or one without a stored result.
  public func commissionProtocolSchema(election id: String, level: CommissionLevel) async throws
    -> ProtocolSchema
  {
    var schema = try await protocolSchema(election: id)
    schema.constituencyOptional = level != .district
    return schema
  }

  /// Stores the commissions' own protocols of an accepted import (checked with
  /// ``commissionProtocolSchema(election:level:)``: every protocol through the one ``ProtocolCheck``), in one
  /// transaction with its audit record: all of them or none.
  ///
  /// - Parameters:
  ///   - accepted: the accepted import; each protocol's `precinct` is a commission's id (a district
  ///     commission's is its constituency's number).
  ///   - level: the commissions' level.
  ///   - election: the election's id.
  ///   - source: where the protocols come from.
  ///   - synthetic: marks made-up data (also set by the file's mark).
  ///   - replacing: a correction: a stored protocol of the same commission and ballot gets a new version
  ///     (the old one is kept) instead of being a conflict.
  ///   - actor: who imports (the audit record's).
  /// - Returns: how many protocols were stored.
  /// - Throws: ``StoreError``: `notFound` (no such election), `invalidInput` (nothing to import, a district
  ///   commission whose id is not its constituency), `conflict` (a protocol stored already); nothing is
  ///   written then.
  @discardableResult
  public func importCommissionProtocols(
    _ accepted: ProtocolImport.Accepted, level: CommissionLevel, election: String, source: String,
    synthetic: Bool, replacing: Bool = false, actor: Actor
  ) async throws -> Int {
    guard try await self.election(id: election) != nil else {
      throw StoreError(.notFound, "no election '\(election)'")
    }
    guard accepted.acceptedRows > 0 else {
      throw StoreError(.invalidInput, "commission protocols: there is no protocol to import")
    }
    let schema = accepted.schema
    let synthetic = synthetic || accepted.synthetic
    let at = Timestamp.now()
    var stream = accepted.protocols()
    var all: [PollingStationProtocol] = []
    while case let batch = try stream.next(upTo: 1000), !batch.isEmpty { all += batch }
    if level == .district,
      let wrong = all.first(where: { $0.constituency.map(String.init) != $0.precinct })
    {
      throw StoreError(
        .invalidInput,
        "commission '\(wrong.precinct)': a district commission's id is its constituency's number (\(wrong.constituency.map(String.init) ?? "blank") here)"
      )
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try await backend.withTransaction { tx in
      var rows: [[SQLValue]] = []
      for p in all {
        let key = p.ballot == .constituency ? (p.constituency ?? 0) : 0
        let latest = try await tx.query(
          SQLStatement(
            """
            SELECT CAST(MAX(version) AS BIGINT) FROM commission_protocols
            WHERE election_id = ? AND level = ? AND commission = ? AND ballot = ? AND constituency_key = ?
            """,
            [
              .text(election), .text(level.rawValue), .text(p.precinct), .text(p.ballot.rawValue),
              .int(key),
            ])
        ).first?[0].int
        if latest != nil && !replacing {
          throw StoreError(
            .conflict,
            "the \(level) commission '\(p.precinct)' already has a \(p.ballot.rawValue) protocol in '\(election)'",
            details: [
              "commission": p.precinct, "level": level.rawValue, "ballot": p.ballot.rawValue,
            ])
        }
        var votes: [String: Int] = [:]
        for (i, v) in p.votes.enumerated() {
          if let v { votes[p.choice(at: i, in: schema).code] = v }
        }
        rows.append(
          [
            .text(election), .text(level.rawValue), .text(p.precinct), .text(p.ballot.rawValue),
            .int(key), .int((latest ?? 0) + 1), SQLValue(p.constituency),
          ] + Self.commissionLines.map { SQLValue(p[$0]) } + [
            .text(String(decoding: try encoder.encode(votes), as: UTF8.self)), .text(source),
            SQLValue(synthetic), .text(at),
          ])
      }
      try await tx.insertRows(
        into: "commission_protocols",
        columns: [
          "election_id", "level", "commission", "ballot", "constituency_key", "version",
          "constituency_number",
        ] + Self.commissionLines.map(\.csvName) + ["votes", "source", "synthetic", "entered_at"],
        rows: rows)
      try await Self.audit(
        tx, actor: actor, action: "commission-protocols.import",
        subject: "commission-protocols:\(election):\(level.rawValue)", before: String?.none,
        after: [
          "protocols": String(all.count), "source": source, "replacing": replacing ? "yes" : "no",
        ])
    }
    return all.count
  }

  /// The lines a commission protocol keeps, in the columns of `protocols`.
  static let commissionLines: [ProtocolField] = [
    .votersOnList, .ballotsReceived, .ballotsIssued, .ballotsInBox, .invalid, .unused, .againstAll,
    .absenteeVoters, .ballotsIssuedAtHome, .ballotsInPortableBoxes, .unofficialForm, .spoiled,
    .lost,
    .round,
  ]

  /// The commissions' own protocols of an election, the latest version of each (optionally of one level),
  /// ordered by level, commission and ballot.
  /// - Throws: ``StoreError`` `notFound` for an unknown election or one without a stored result.
  public func commissionProtocols(election id: String, level: CommissionLevel? = nil) async throws
    -> [CommissionProtocol]
  {
    let schema = try await protocolSchema(election: id)
    var filter = "c.election_id = ?"
    var args: [SQLValue] = [.text(id)]
    if let level {
      filter += " AND c.level = ?"
      args.append(.text(level.rawValue))
    }
    let columns = Self.commissionLines.map { "c.\($0.csvName)" }.joined(separator: ", ")
    let rows = try await backend.query(
      """
      SELECT c.level, c.commission, c.ballot, c.version, c.constituency_number, \(columns),
      c.votes, c.source, c.synthetic, c.entered_at FROM commission_protocols c
      WHERE \(filter) AND c.version = (SELECT MAX(d.version) FROM commission_protocols d
        WHERE d.election_id = c.election_id AND d.level = c.level AND d.commission = c.commission
        AND d.ballot = c.ballot AND d.constituency_key = c.constituency_key)
      ORDER BY c.level, c.commission, c.ballot, c.constituency_key
      """, args)
    let n = Self.commissionLines.count
    return rows.compactMap { row in
      guard let level = CommissionLevel(rawValue: row[0].text ?? ""),
        let ballot = BallotType(rawValue: row[2].text ?? "")
      else { return nil }
      var p = PollingStationProtocol(
        precinct: row[1].text ?? "", constituency: row[4].int, ballot: ballot, votersOnList: nil,
        ballotsReceived: nil, ballotsIssued: nil, ballotsInBox: nil, invalid: nil, unused: nil,
        againstAll: nil, synthetic: row[7 + n].bool ?? false)
      for (k, field) in Self.commissionLines.enumerated() { p[field] = row[5 + k].int }
      let decoded =
        (try? JSONDecoder().decode([String: Int].self, from: Data((row[5 + n].text ?? "{}").utf8)))
        ?? [:]
      p.votes = Self.placeVotes(
        decoded.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, ballot: ballot,
        schema: schema)
      return CommissionProtocol(
        level: level, protocolValue: p, version: row[3].int ?? 1, source: row[6 + n].text ?? "",
        enteredAt: row[8 + n].text ?? "")
    }
  }

  /// Each commission's own protocol compared with the sum of the accepted protocols below it (through the
  /// stored precinct register's hierarchy), every difference listed by line.
  ///
  /// - Parameters:
  ///   - election: the election's id.
  ///   - level: only this level's commissions (all when `nil`).
  ///   - region: the region of a constituency (for the regional level), `nil` where not known.
  /// - Throws: ``StoreError`` `notFound` for an unknown election, one without a stored result or without a
  ///   stored register.
  public func commissionComparisons(
    election id: String, level: CommissionLevel? = nil, region: (Int) -> String? = { _ in nil }
  ) async throws -> [CommissionComparison] {
    let own = try await commissionProtocols(election: id, level: level)
    guard !own.isEmpty else { return [] }
    let (register, _) = try await register(election: id)
    guard !register.isEmpty else {
      throw StoreError(.notFound, "no precinct register of '\(id)' is stored")
    }
    let stored = try await storedProtocols(election: id)
    return own.map { c in
      CommissionComparison.compare(
        c.protocolValue, level: c.level,
        below: c.level.precincts(of: c.commission, in: register, region: region),
        accepted: stored.protocols, schema: stored.schema)
    }
  }
}

extension Store {
  /// The region code of each constituency on the election's day, from the stored registry (the regional
  /// level of the commission hierarchy); empty when the registry does not cover that day.
  /// - Throws: ``StoreError`` `notFound` for an unknown election.
  public func constituencyRegions(election id: String) async throws -> [Int: String] {
    guard let election = try await election(id: id) else {
      throw StoreError(.notFound, "no election '\(id)'")
    }
    guard let day = CalendarDate(iso: election.date),
      let list = try? await registry().constituencies(on: day)
    else { return [:] }
    var regions: [Int: String] = [:]
    for c in list { regions[c.number] = c.regionCode }
    return regions
  }
}
