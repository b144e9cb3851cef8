import Foundation
import SaylauElections

extension Store {
  /// Migration 12: earlier versions of protocols. An import that replaces (a correction) moves the stored
  /// protocol of each precinct and ballot it brings here before writing the new one, so the store keeps
  /// every version; the votes of a version are a JSON object from choice code to count (blanks left out).
  static let protocolVersionsMigration = Migration(
    12, "protocol versions",
    [
      """
      CREATE TABLE protocol_versions (
          election_id TEXT NOT NULL,
          precinct TEXT NOT NULL,
          ballot TEXT NOT NULL,
          version BIGINT NOT NULL,
          import_id BIGINT NOT NULL REFERENCES imports(id),
          superseded_by BIGINT NOT NULL REFERENCES imports(id),
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
          PRIMARY KEY (election_id, precinct, ballot, version)
      )
      """
    ])

  /// The protocol lines of rules.md S7 beyond A2 (migration 11), kept in every version too.
  static let lawLines = [
    "absentee_voters", "ballots_issued_at_home", "ballots_in_portable_boxes", "unofficial_form",
    "spoiled", "lost", "round",
  ]

  /// The protocols of an election as they stand, with the earlier versions corrections replaced.
  public struct StoredProtocols: Sendable {
    public var protocols: [PollingStationProtocol]
    public var earlierVersions: [ProtocolVersion]
    /// The schema they were read with (``Store/protocolSchema(election:)``).
    public var schema: ProtocolSchema
  }

  /// Every stored protocol of an election (or of one precinct, or one ballot), read back as
  /// ``PollingStationProtocol``s (every line; a blank stays blank), with the earlier versions of those a
  /// correction replaced.
  ///
  /// List votes are placed by the schema's party order, constituency votes by candidate position (`c3` is
  /// position 3); a protocol is synthetic when its import was. With `earlierVersions` `false` the earlier
  /// versions are not read (``StoredProtocols/earlierVersions`` is empty): for a reader that needs only the
  /// protocols as they stand (the seats so far, the list of counted precincts).
  /// - Throws: ``StoreError`` `notFound` for an unknown election or one without a stored result.
  public func storedProtocols(
    election id: String, precinct: String? = nil, ballot: BallotType? = nil,
    earlierVersions: Bool = true
  ) async throws -> StoredProtocols {
    try await storedProtocols(
      election: id, precinct: precinct, ballot: ballot, earlierVersions: earlierVersions,
      read: { try await self.backend.query($0, $1) })
  }

  /// A query the store's readers run: on the backend, or inside a transaction.
  typealias Read = @Sendable (String, [SQLValue]) async throws -> [SQLRow]

  /// ``storedProtocols(election:)`` read with `read` (inside a transaction: what the transaction sees).
  func storedProtocols(
    election id: String, precinct: String? = nil, ballot: BallotType? = nil,
    earlierVersions: Bool = true, read: Read
  ) async throws -> StoredProtocols {
    let schema = try await protocolSchema(election: id)
    // One precinct's (its drill-down page) or one ballot's (the seats so far), or every one.
    let only =
      (precinct == nil ? "" : " AND precinct = ?") + (ballot == nil ? "" : " AND ballot = ?")
    let args: [SQLValue] =
      [.text(id)] + (precinct.map { [.text($0)] } ?? [])
      + (ballot.map { [.text($0.rawValue)] } ?? [])
    func qualified(_ alias: String) -> String {
      only.replacingOccurrences(of: " precinct", with: " \(alias).precinct")
        .replacingOccurrences(of: " ballot", with: " \(alias).ballot")
    }
    let rows = try await read(
      """
      SELECT p.precinct, p.ballot, p.constituency_number, p.voters_on_list, p.ballots_received,
      p.ballots_issued, p.ballots_in_box, p.invalid, p.unused, p.against_all, i.synthetic,
      \(Self.lawLines.map { "p.\($0)" }.joined(separator: ", "))
      FROM protocols p JOIN imports i ON i.id = p.import_id
      WHERE p.election_id = ?\(qualified("p")) ORDER BY p.precinct, p.ballot
      """, args)
    var votes: [String: [(String, Int)]] = [:]
    for row in try await read(
      "SELECT precinct, ballot, choice, votes FROM protocol_votes WHERE election_id = ?\(only) ORDER BY precinct, ballot, choice",
      args)
    {
      votes["\(row[0].text ?? "")\u{0}\(row[1].text ?? "")", default: []].append(
        (row[2].text ?? "", row[3].int ?? 0))
    }
    func build(_ row: SQLRow, offset: Int, lines: Int, votes: [(String, Int)], synthetic: Bool)
      -> PollingStationProtocol?
    {
      guard let ballot = BallotType(rawValue: row[1].text ?? "") else { return nil }
      var p = PollingStationProtocol(
        precinct: row[0].text ?? "", constituency: row[offset].int, ballot: ballot,
        votersOnList: row[offset + 1].int, ballotsReceived: row[offset + 2].int,
        ballotsIssued: row[offset + 3].int, ballotsInBox: row[offset + 4].int,
        invalid: row[offset + 5].int, unused: row[offset + 6].int,
        againstAll: row[offset + 7].int, synthetic: synthetic)
      p.absenteeVoters = row[lines].int
      p.ballotsIssuedAtHome = row[lines + 1].int
      p.ballotsInPortableBoxes = row[lines + 2].int
      p.unofficialForm = row[lines + 3].int
      p.spoiled = row[lines + 4].int
      p.lost = row[lines + 5].int
      p.round = row[lines + 6].int
      p.votes = Self.placeVotes(votes, ballot: ballot, schema: schema)
      return p
    }
    let protocols = rows.compactMap { row in
      build(
        row, offset: 2, lines: 11,
        votes: votes["\(row[0].text ?? "")\u{0}\(row[1].text ?? "")"] ?? [],
        synthetic: row[10].bool ?? false)
    }
    guard earlierVersions else {
      return StoredProtocols(protocols: protocols, earlierVersions: [], schema: schema)
    }
    let earlier = try await read(
      """
      SELECT v.precinct, v.ballot, v.constituency_number, v.voters_on_list, v.ballots_received,
      v.ballots_issued, v.ballots_in_box, v.invalid, v.unused, v.against_all, i.synthetic, v.version, v.votes,
      \(Self.lawLines.map { "v.\($0)" }.joined(separator: ", "))
      FROM protocol_versions v JOIN imports i ON i.id = v.import_id
      WHERE v.election_id = ?\(qualified("v")) ORDER BY v.precinct, v.ballot, v.version
      """, args
    ).compactMap { row -> ProtocolVersion? in
      let decoded =
        (try? JSONDecoder().decode([String: Int].self, from: Data((row[12].text ?? "{}").utf8)))
        ?? [:]
      guard
        let p = build(
          row, offset: 2, lines: 13,
          votes: decoded.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
          synthetic: row[10].bool ?? false)
      else { return nil }
      return ProtocolVersion(version: row[11].int ?? 1, value: p)
    }
    return StoredProtocols(protocols: protocols, earlierVersions: earlier, schema: schema)
  }

  /// Votes by choice code placed as a protocol holds them: list votes in the schema's party order,
  /// constituency votes by position (`c<N>` at N − 1); absent choices stay blank.
  static func placeVotes(_ votes: [(String, Int)], ballot: BallotType, schema: ProtocolSchema)
    -> [Int?]
  {
    switch ballot {
    case .list:
      var out = [Int?](repeating: nil, count: schema.parties.count)
      for (code, v) in votes {
        if let i = schema.partyIndex(code) { out[i] = v }
      }
      return out
    case .constituency:
      var positions: [(Int, Int)] = []
      for (code, v) in votes {
        if case .candidate(let n) = Choice(code: code), n <= ProtocolSchema.maximumCandidates {
          positions.append((n, v))
        }
      }
      var out = [Int?](repeating: nil, count: positions.map(\.0).max() ?? 0)
      for (n, v) in positions { out[n - 1] = v }
      return out
    }
  }

  /// Moves the stored protocols of `batch`'s precincts and ballots to `protocol_versions` (an import that
  /// replaces), so the new ones can be written in their place.
  static func supersede(
    _ batch: [PollingStationProtocol], election: String, by importID: Int,
    in tx: any SQLTransaction
  ) async throws {
    let precincts = Array(Set(batch.map(\.precinct))).sorted()
    guard !precincts.isEmpty else { return }
    let marks = Array(repeating: "?", count: precincts.count).joined(separator: ", ")
    let wanted = Set(batch.map { "\($0.precinct)\u{0}\($0.ballot.rawValue)" })
    let stored = try await tx.query(
      SQLStatement(
        """
        SELECT precinct, ballot, import_id, constituency_number, voters_on_list, ballots_received,
        ballots_issued, ballots_in_box, invalid, unused, against_all,
        \(Self.lawLines.joined(separator: ", ")) FROM protocols
        WHERE election_id = ? AND precinct IN (\(marks))
        """, [.text(election)] + precincts.map { .text($0) })
    ).filter { wanted.contains("\($0[0].text ?? "")\u{0}\($0[1].text ?? "")") }
    guard !stored.isEmpty else { return }
    var votes: [String: [String: Int]] = [:]
    for row in try await tx.query(
      SQLStatement(
        "SELECT precinct, ballot, choice, votes FROM protocol_votes WHERE election_id = ? AND precinct IN (\(marks))",
        [.text(election)] + precincts.map { .text($0) }))
    {
      votes["\(row[0].text ?? "")\u{0}\(row[1].text ?? "")", default: [:]][row[2].text ?? ""] =
        row[3].int ?? 0
    }
    var versions: [String: Int] = [:]
    for row in try await tx.query(
      SQLStatement(
        "SELECT precinct, ballot, CAST(MAX(version) AS BIGINT) FROM protocol_versions WHERE election_id = ? AND precinct IN (\(marks)) GROUP BY precinct, ballot",
        [.text(election)] + precincts.map { .text($0) }))
    {
      versions["\(row[0].text ?? "")\u{0}\(row[1].text ?? "")"] = row[2].int ?? 0
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var rows: [[SQLValue]] = []
    for row in stored {
      let key = "\(row[0].text ?? "")\u{0}\(row[1].text ?? "")"
      let json = String(decoding: try encoder.encode(votes[key] ?? [:]), as: UTF8.self)
      rows.append(
        [
          .text(election), row[0], row[1], .int((versions[key] ?? 0) + 1), row[2], .int(importID),
        ] + (3...17).map { row[$0] } + [.text(json)])
    }
    try await tx.insertRows(
      into: "protocol_versions",
      columns: [
        "election_id", "precinct", "ballot", "version", "import_id", "superseded_by",
        "constituency_number", "voters_on_list", "ballots_received", "ballots_issued",
        "ballots_in_box", "invalid", "unused", "against_all",
      ] + Self.lawLines + ["votes"], rows: rows)
    for ballot in BallotType.allCases {
      let these = stored.filter { $0[1].text == ballot.rawValue }.map { $0[0] }
      guard !these.isEmpty else { continue }
      let list = Array(repeating: "?", count: these.count).joined(separator: ", ")
      for table in ["protocol_votes", "protocols"] {
        try await tx.execute(
          SQLStatement(
            "DELETE FROM \(table) WHERE election_id = ? AND ballot = ? AND precinct IN (\(list))",
            [.text(election), .text(ballot.rawValue)] + these))
      }
    }
  }
}
