import Foundation
import SaylauAccounts
import SaylauElections

extension Store {
  /// What a protocol of a stored election may contain: its party lists (the stored published result's lines,
  /// in the order that breaks remainder ties: registration order where known, else the source's) and its
  /// constituencies (the regime's count). No candidate list is stored, so a constituency ballot's `c<N>`
  /// counts are taken as they come.
  /// - Throws: ``StoreError`` `notFound` for an unknown election or one without a stored result.
  public func protocolSchema(election id: String) async throws -> ProtocolSchema {
    guard let published = try await publishedElection(id: id) else {
      throw StoreError(.notFound, "no election '\(id)'")
    }
    guard published.result != nil else {
      throw StoreError(
        .notFound, "no result of '\(id)' is stored, so its party lists are not known")
    }
    // The schema of the election's definition, as `saylau tabulate` builds it: the same checks on both faces.
    return ElectionDefinition(published: published).protocolSchema(regime: published.regime)
  }

  /// Stores an accepted import in one transaction: every accepted protocol is stored or none is.
  ///
  /// The protocols are read again from the import's sources in batches and written as they come, so memory
  /// stays bounded whatever the import's size. Rows go in by the engine's bulk path
  /// (``SQLTransaction/insertRows(into:columns:rows:)``): `COPY … FROM STDIN` into PostgreSQL, one prepared
  /// statement reused for every row into SQLite. The checks are the import's (``ProtocolImport``); the store adds
  /// only its own concern: a precinct already stored for the election is a conflict. The import's id is
  /// allocated inside the transaction, so parallel imports never collide.
  ///
  /// - Parameters:
  ///   - accepted: the accepted import (made with ``protocolSchema(election:)``'s schema).
  ///   - election: the election's id.
  ///   - source: where the protocols come from (file name, uploader); recorded with the import.
  ///   - synthetic: marks made-up data (also set when the import found the synthetic mark).
  ///   - replacing: a correction: a precinct's stored protocol of the same ballot is replaced, and kept as
  ///     an earlier version (``storedProtocols(election:)``), instead of being a conflict.
  ///   - protocolsPerBatch: protocols read and written at a time (with their votes); memory is bounded by it.
  ///   - progress: called after each written step with (done, total) steps.
  ///   - actor: who imports; the audit record (`protocols.import`) is written inside the import's
  ///     transaction, so an import and its record are stored together or not at all. `nil` writes none.
  /// - Throws: ``StoreError``: `notFound` (no such election), `invalidInput` (nothing to import), `conflict`
  ///   (a precinct already stored), `database`; nothing is written then.
  @discardableResult
  public func importProtocols(
    _ accepted: ProtocolImport.Accepted, election electionID: String, source: String,
    synthetic: Bool, replacing: Bool = false, protocolsPerBatch: Int = Store.protocolsPerBatch,
    progress: (@Sendable (Int, Int) -> Void)? = nil, actor: Actor? = nil
  ) async throws -> ImportRecord {
    guard try await election(id: electionID) != nil else {
      throw StoreError(.notFound, "no election '\(electionID)'")
    }
    guard accepted.acceptedRows > 0 else {
      throw StoreError(.invalidInput, "protocols: there is no protocol to import")
    }
    let schema = accepted.schema
    let synthetic = synthetic || accepted.synthetic
    let plan = WritePlan(
      protocols: accepted.acceptedRows, rowsPerBatch: protocolsPerBatch,
      analyze: backend.dialect == .postgres)
    let importedAt = Timestamp.now()
    let dialect = backend.dialect
    let record: ImportRecord
    do {
      record = try await backend.withTransaction { tx in
        if dialect == .postgres {
          // Imports of one database run one at a time, so the id below and the conflict checks are safe.
          try await tx.execute(SQLStatement("LOCK TABLE imports IN SHARE ROW EXCLUSIVE MODE"))
        }
        try await Self.refuseClosedResults(election: electionID, tx)
        let id =
          try await tx.query(
            SQLStatement("SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM imports")
          ).first?[0].int ?? 1
        var written = 0
        func wrote() {
          written += 1
          progress?(written, plan.statements)
        }
        try await tx.execute(
          SQLStatement(
            "INSERT INTO imports (id, election_id, source, protocols, synthetic, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
              .int(id), .text(electionID), .text(source), .int(accepted.acceptedRows),
              SQLValue(synthetic), .text(importedAt),
            ]))
        wrote()
        var stream = accepted.protocols()
        var inserted = 0
        var analyzeAt = 1
        while case let batch = try stream.next(upTo: plan.protocolRows), !batch.isEmpty {
          if replacing {
            try await Self.supersede(batch, election: electionID, by: id, in: tx)
          } else {
            try await Self.refuseStored(batch, election: electionID, in: tx)
          }
          // The engine's bulk path (COPY, or one prepared statement): a batch's protocols, then their votes.
          try await tx.insertRows(
            into: "protocols", columns: Self.protocolColumns,
            rows: batch.map { Self.row($0, election: electionID, importID: id) })
          wrote()
          inserted += batch.count
          if plan.analyze && inserted >= analyzeAt {
            // PostgreSQL checks each vote's foreign key with a plan made from the table's statistics; stale
            // statistics of a small table make it scan the table for every vote (40 s instead of 1 s for 50,000
            // votes). Fresh statistics as the table grows give the plan the index.
            try await tx.execute(SQLStatement("ANALYZE protocols"))
            wrote()
            analyzeAt = WritePlan.nextAnalysis(after: analyzeAt)
          }
          var votes: [[SQLValue]] = []
          votes.reserveCapacity(batch.count * (schema.parties.count + 1))
          for p in batch { votes += Self.voteRows(p, election: electionID, schema: schema) }
          try await tx.insertRows(into: "protocol_votes", columns: Self.voteColumns, rows: votes)
          wrote()
        }
        let record = ImportRecord(
          id: id, electionID: electionID, source: source, protocols: accepted.acceptedRows,
          synthetic: synthetic, importedAt: importedAt)
        if let actor {
          try await Self.audit(
            tx, actor: actor, action: "protocols.import", subject: "import:\(electionID)/\(id)",
            before: String?.none, after: record)
        }
        return record
      }
    } catch let error as StoreError {
      throw StoreError(
        error.kind, "import into '\(electionID)' rolled back: \(error.message)",
        details: error.details, cause: error.cause)
    } catch let error as ProtocolSourceError {
      throw StoreError(.invalidInput, "import into '\(electionID)' rolled back: \(error)")
    } catch {
      throw StoreError(.database, "import into '\(electionID)' rolled back: \(error)")
    }
    return record
  }

  /// How many steps an import writes, known before it starts (so progress can say "k of n"): the import's
  /// row, then for each batch of protocols their rows and their votes' rows (one COPY each on PostgreSQL, one
  /// run of a prepared statement each on SQLite), and the refreshes of statistics.
  struct WritePlan {
    var protocolRows: Int
    var analyze: Bool
    var statements: Int

    init(protocols: Int, rowsPerBatch: Int, analyze: Bool) {
      protocolRows = max(1, rowsPerBatch)
      self.analyze = analyze
      let batches = (protocols + protocolRows - 1) / protocolRows
      var analyses = 0
      if analyze {
        var inserted = 0
        var at = 1
        for _ in 0..<batches {
          inserted = min(protocols, inserted + protocolRows)
          if inserted >= at {
            analyses += 1
            at = Self.nextAnalysis(after: at)
          }
        }
      }
      statements = 1 + 2 * batches + analyses
    }

    /// 1, 1,000, 10,000, 100,000, …: statistics are refreshed as the table grows tenfold.
    static func nextAnalysis(after n: Int) -> Int { n < 1000 ? 1000 : n * 10 }
  }

  /// Protocols per batch of an import unless the caller says otherwise.
  public static let protocolsPerBatch = 2000

  static let protocolColumns = [
    "election_id", "precinct", "ballot", "constituency_number", "voters_on_list",
    "ballots_received",
    "ballots_issued", "ballots_in_box", "invalid", "unused", "against_all", "import_id",
    "absentee_voters", "ballots_issued_at_home", "ballots_in_portable_boxes", "unofficial_form",
    "spoiled", "lost", "round",
  ]
  static let voteColumns = ["election_id", "precinct", "ballot", "choice", "votes"]

  static func row(_ p: PollingStationProtocol, election: String, importID: Int) -> [SQLValue] {
    [
      .text(election), .text(p.precinct), .text(p.ballot.rawValue), SQLValue(p.constituency),
      SQLValue(p.votersOnList), SQLValue(p.ballotsReceived), SQLValue(p.ballotsIssued),
      SQLValue(p.ballotsInBox), SQLValue(p.invalid), SQLValue(p.unused), SQLValue(p.againstAll),
      .int(importID), SQLValue(p.absenteeVoters), SQLValue(p.ballotsIssuedAtHome),
      SQLValue(p.ballotsInPortableBoxes), SQLValue(p.unofficialForm), SQLValue(p.spoiled),
      SQLValue(p.lost), SQLValue(p.round),
    ]
  }

  /// One row per non-blank choice, keyed by the choice's code (`amanat`, `c3`).
  static func voteRows(_ p: PollingStationProtocol, election: String, schema: ProtocolSchema)
    -> [[SQLValue]]
  {
    p.votes.enumerated().compactMap { i, v in
      v.map {
        [
          .text(election), .text(p.precinct), .text(p.ballot.rawValue),
          .text(p.choice(at: i, in: schema).code), .int($0),
        ]
      }
    }
  }

  /// Precincts already stored for the election: a conflict, named.
  static func refuseStored(
    _ batch: [PollingStationProtocol], election: String, in tx: any SQLTransaction
  ) async throws {
    let precincts = Array(Set(batch.map(\.precinct)))
    let marks = Array(repeating: "?", count: precincts.count).joined(separator: ", ")
    let stored = try await tx.query(
      SQLStatement(
        "SELECT precinct, ballot FROM protocols WHERE election_id = ? AND precinct IN (\(marks))",
        [.text(election)] + precincts.map { .text($0) }))
    guard !stored.isEmpty else { return }
    let have = Set(stored.map { "\($0[1].text ?? "")\u{0}\($0[0].text ?? "")" })
    if let clash = batch.first(where: { have.contains("\($0.ballot.rawValue)\u{0}\($0.precinct)") })
    {
      throw StoreError(
        .conflict,
        "precinct '\(clash.precinct)' already has a \(clash.ballot.rawValue) protocol in '\(election)'",
        details: ["station": clash.precinct, "ballot": clash.ballot.rawValue, "election": election])
    }
  }

  public func imports(election id: String) async throws -> [ImportRecord] {
    try await backend.query(
      "SELECT id, election_id, source, protocols, synthetic, imported_at FROM imports WHERE election_id = ? ORDER BY id",
      [.text(id)]
    ).map { row in
      ImportRecord(
        id: row[0].int ?? 0, electionID: row[1].text ?? "", source: row[2].text ?? "",
        protocols: row[3].int ?? 0,
        synthetic: row[4].bool ?? false, importedAt: row[5].text ?? "")
    }
  }

  /// Totals of the stored protocols of one ballot, nationally or for one constituency, with every line.
  ///
  /// A line's total is given only when every protocol has the line (rows imported before every line was kept
  /// have not: their total is then not known); "against all" is summed over the protocols that have it and is
  /// `nil` when none has, as in ``BallotTally``.
  public func protocolLines(election id: String, ballot: BallotType, constituency: Int? = nil)
    async throws -> ProtocolLineTotals
  {
    let sums = try await lineSums(election: id, ballot: ballot, constituency: constituency)
    let n = sums.protocols
    func all(_ line: (sum: Int?, count: Int)) -> Int? { line.count == n ? (line.sum ?? 0) : nil }
    let synthetic = try await imports(election: id).contains { $0.synthetic }
    return ProtocolLineTotals(
      election: id, ballot: ballot, constituency: constituency, protocols: n,
      votersOnList: all(sums.voters), ballotsReceived: all(sums.received),
      ballotsIssued: all(sums.issued), ballotsInBox: all(sums.inBox), invalid: all(sums.invalid),
      unused: all(sums.unused),
      againstAll: sums.againstAll.count > 0 ? sums.againstAll.sum : nil, votes: sums.votes,
      synthetic: synthetic)
  }

  /// Sums of the stored protocols for one ballot (the v1 shape: each line summed over the protocols that have
  /// it). Built from the same query as ``protocolLines(election:ballot:constituency:)``.
  public func protocolTotals(election id: String, ballot: BallotType, constituency: Int? = nil)
    async throws -> ProtocolTotals
  {
    let sums = try await lineSums(election: id, ballot: ballot, constituency: constituency)
    func some(_ line: (sum: Int?, count: Int)) -> Int? { line.count > 0 ? line.sum : nil }
    return ProtocolTotals(
      ballot: ballot, constituency: constituency, stations: sums.protocols,
      electorate: some(sums.voters), ballotsCast: some(sums.issued), invalid: some(sums.invalid),
      votes: sums.votes)
  }

  struct LineSums {
    var protocols: Int
    var voters: (sum: Int?, count: Int)
    var received: (sum: Int?, count: Int)
    var issued: (sum: Int?, count: Int)
    var inBox: (sum: Int?, count: Int)
    var invalid: (sum: Int?, count: Int)
    var unused: (sum: Int?, count: Int)
    var againstAll: (sum: Int?, count: Int)
    var votes: [ChoiceVotes]
  }

  func lineSums(election id: String, ballot: BallotType, constituency: Int?) async throws
    -> LineSums
  {
    var filter = "election_id = ? AND ballot = ?"
    var args: [SQLValue] = [.text(id), .text(ballot.rawValue)]
    if let constituency {
      filter += " AND constituency_number = ?"
      args.append(.int(constituency))
    }
    let lines = [
      "voters_on_list", "ballots_received", "ballots_issued", "ballots_in_box", "invalid", "unused",
      "against_all",
    ]
    // SUM over BIGINT is NUMERIC in PostgreSQL: cast back so both engines return integers.
    let columns = lines.map { "CAST(SUM(\($0)) AS BIGINT), COUNT(\($0))" }.joined(separator: ", ")
    let head = try await backend.query(
      "SELECT COUNT(*), \(columns) FROM protocols WHERE \(filter)", args
    ).first
    func line(_ k: Int) -> (sum: Int?, count: Int) {
      (head?[1 + 2 * k].int, head?[2 + 2 * k].int ?? 0)
    }
    let votes = try await backend.query(
      """
      SELECT v.choice, CAST(SUM(v.votes) AS BIGINT) AS total FROM protocol_votes v
      JOIN protocols p ON p.election_id = v.election_id AND p.precinct = v.precinct AND p.ballot = v.ballot
      WHERE p.\(filter.replacingOccurrences(of: " AND ", with: " AND p."))
      GROUP BY v.choice ORDER BY total DESC, v.choice
      """, args
    ).map { ChoiceVotes(choice: $0[0].text ?? "", votes: $0[1].int ?? 0) }
    return LineSums(
      protocols: head?[0].int ?? 0, voters: line(0), received: line(1), issued: line(2),
      inBox: line(3), invalid: line(4), unused: line(5), againstAll: line(6), votes: votes)
  }

  /// Totals of the constituency ballot for every constituency with imported protocols.
  public func constituencyTotals(election id: String) async throws -> [ProtocolTotals] {
    var out: [ProtocolTotals] = []
    for n in try await constituenciesWithProtocols(election: id) {
      out.append(try await protocolTotals(election: id, ballot: .constituency, constituency: n))
    }
    return out
  }

  /// The constituency-ballot totals with every line, for every constituency with imported protocols.
  public func constituencyLines(election id: String) async throws -> [ProtocolLineTotals] {
    var out: [ProtocolLineTotals] = []
    for n in try await constituenciesWithProtocols(election: id) {
      out.append(try await protocolLines(election: id, ballot: .constituency, constituency: n))
    }
    return out
  }

  func constituenciesWithProtocols(election id: String) async throws -> [Int] {
    try await backend.query(
      """
      SELECT DISTINCT constituency_number FROM protocols
      WHERE election_id = ? AND ballot = 'constituency' AND constituency_number IS NOT NULL
      ORDER BY constituency_number
      """, [.text(id)]
    ).compactMap { $0[0].int }
  }

  // MARK: Plans

  /// Stores a plan in one transaction; fails if its id exists or a unit is unknown. With an `actor`, the
  /// audit record (`plan.save`) is written in the same transaction.
  public func savePlan(_ plan: PlanRecord, actor: Actor? = nil) async throws {
    if plan.id.isEmpty || plan.name.isEmpty {
      throw StoreError(.invalidInput, "plan: 'id' and 'name' are required")
    }
    if try await !backend.query("SELECT id FROM plans WHERE id = ?", [.text(plan.id)]).isEmpty {
      throw StoreError(.conflict, "plan '\(plan.id)' already exists")
    }
    let known = Set(try await backend.query("SELECT code FROM units").compactMap { $0[0].text })
    if let unknown = plan.assignments.keys.sorted().first(where: { !known.contains($0) }) {
      throw StoreError(
        .invalidInput, "plan '\(plan.id)', field 'assignments': unknown unit '\(unknown)'")
    }
    var statements = [
      SQLStatement(
        "INSERT INTO plans (id, name, created_at, source) VALUES (?, ?, ?, ?)",
        [
          .text(plan.id), .text(plan.name), .text(plan.createdAt ?? Timestamp.now()),
          SQLValue(plan.source),
        ])
    ]
    statements += SQLStatement.insert(
      into: "plan_assignments", columns: ["plan_id", "unit_code", "district"],
      rows: plan.assignments.sorted { $0.key < $1.key }.map {
        [.text(plan.id), .text($0.key), .int($0.value)]
      })
    try await backend.withTransaction { tx in
      for statement in statements { try await tx.execute(statement) }
      if let actor {
        try await Self.audit(
          tx, actor: actor, action: "plan.save", subject: "plan:\(plan.id)", before: String?.none,
          after: ["id": plan.id, "name": plan.name, "units": "\(plan.assignments.count)"])
      }
    }
  }

  public func plans() async throws -> [PlanRecord] {
    var assignments: [String: [String: Int]] = [:]
    for row in try await backend.query("SELECT plan_id, unit_code, district FROM plan_assignments")
    {
      assignments[row[0].text ?? "", default: [:]][row[1].text ?? ""] = row[2].int ?? 0
    }
    return try await backend.query("SELECT id, name, created_at, source FROM plans ORDER BY id").map
    { row in
      let id = row[0].text ?? ""
      return PlanRecord(
        id: id, name: row[1].text ?? "", createdAt: row[2].text, source: row[3].text,
        assignments: assignments[id] ?? [:])
    }
  }

  // MARK: Inspection

  /// The tables of the schema, for fingerprints and checks.
  public static let tables = [
    "regions", "units", "unit_geo_codes", "constituency_schemes", "constituencies",
    "constituency_units",
    "constituency_borders",
    "elections", "list_results", "constituency_candidates", "imports", "protocols",
    "protocol_votes", "protocol_versions", "plans",
    "plan_assignments", "schema_migrations", "accounts", "sessions", "api_tokens", "audit_log",
    "protocol_cases", "protocol_entries", "precinct_register", "commission_protocols",
  ]

  /// Row counts of every table plus a sum over the vote counts: equal fingerprints before and after an
  /// interrupted import show that nothing of it was written.
  public func fingerprint() async throws -> [String: Int] {
    var out: [String: Int] = [:]
    for table in Self.tables { out[table] = try await count(table) }
    out["protocol_votes.sum"] =
      try await backend.query("SELECT CAST(COALESCE(SUM(votes), 0) AS BIGINT) FROM protocol_votes")
      .first?[0].int ?? 0
    return out
  }
}
