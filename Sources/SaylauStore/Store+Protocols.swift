import Foundation

extension Store {
  /// The most stations one import may carry (the limit keeps one transaction's memory bounded).
  public static let maximumProtocolsPerImport = 200_000

  /// Checks a batch of protocols against the election and the registry; throws on the first problem,
  /// naming the protocol (1-based position and station) and the field.
  public func validate(
    _ protocols: [ProtocolRecord], election: ElectionRecord, constituencyNumbers: Set<Int>
  ) throws {
    if protocols.isEmpty { throw StoreError(.invalidInput, "protocols: the list is empty") }
    if protocols.count > Self.maximumProtocolsPerImport {
      throw StoreError(
        .invalidInput,
        "protocols: \(protocols.count) in one import; the limit is \(Self.maximumProtocolsPerImport)"
      )
    }
    var seen = Set<String>()
    for (index, p) in protocols.enumerated() {
      let at = "protocol \(index + 1) (station '\(p.station)')"
      let station = p.station.trimmingCharacters(in: .whitespaces)
      if station.isEmpty || station.count > 64 {
        throw StoreError(
          .invalidInput,
          "protocol \(index + 1), field 'station': empty or longer than 64 characters")
      }
      if !seen.insert("\(p.ballot.rawValue)\u{0}\(p.station)").inserted {
        throw StoreError(
          .invalidInput,
          "\(at), field 'station': a second \(p.ballot.rawValue) protocol for the same station")
      }
      if let n = p.constituency, !constituencyNumbers.contains(n) {
        throw StoreError(
          .invalidInput, "\(at), field 'constituency': no constituency \(n) on \(election.date)")
      }
      if p.ballot == .constituency && p.constituency == nil {
        throw StoreError(
          .invalidInput, "\(at), field 'constituency': required for a constituency ballot")
      }
      for (name, value) in [
        ("electorate", p.electorate), ("ballotsCast", p.ballotsCast), ("invalid", p.invalid),
      ] {
        if let value, value < 0 {
          throw StoreError(.invalidInput, "\(at), field '\(name)': negative (\(value))")
        }
      }
      if p.votes.isEmpty { throw StoreError(.invalidInput, "\(at), field 'votes': no choices") }
      var total = 0
      for (choice, votes) in p.votes.sorted(by: { $0.key < $1.key }) {
        if choice.trimmingCharacters(in: .whitespaces).isEmpty || choice.count > 200 {
          throw StoreError(
            .invalidInput, "\(at), field 'votes': a choice name is empty or too long")
        }
        if votes < 0 {
          throw StoreError(.invalidInput, "\(at), field 'votes.\(choice)': negative (\(votes))")
        }
        let (sum, overflow) = total.addingReportingOverflow(votes)
        if overflow { throw StoreError(.invalidInput, "\(at), field 'votes': the sum overflows") }
        total = sum
      }
      // Control relations of the protocol form: valid + invalid ballots cannot exceed ballots cast,
      // and ballots cast cannot exceed the electorate.
      if let cast = p.ballotsCast {
        let (counted, overflow) = total.addingReportingOverflow(p.invalid ?? 0)
        if overflow || counted > cast {
          throw StoreError(
            .invalidInput,
            "\(at), field 'votes': votes \(total) + invalid \(p.invalid ?? 0) exceed ballotsCast \(cast)"
          )
        }
        if let electorate = p.electorate, cast > electorate {
          throw StoreError(
            .invalidInput, "\(at), field 'ballotsCast': \(cast) exceeds electorate \(electorate)")
        }
      }
    }
  }

  /// Imports protocols in one transaction: every protocol is stored or none is.
  ///
  /// - Parameters:
  ///   - source: where the protocols come from (file name, uploader); recorded with the import.
  ///   - synthetic: marks made-up data; every output that uses it says so.
  ///   - progress: called after each statement with (done, total) statements.
  @discardableResult
  public func importProtocols(
    election electionID: String, source: String, synthetic: Bool, _ protocols: [ProtocolRecord],
    rowsPerStatement: Int = 500, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async throws -> ImportRecord {
    guard let election = try await election(id: electionID) else {
      throw StoreError(.notFound, "no election '\(electionID)'")
    }
    let numbers = Set(
      try await backend.query(
        "SELECT number FROM constituencies WHERE established <= ? AND (abolished IS NULL OR abolished > ?)",
        [.text(election.date), .text(election.date)]
      ).compactMap { $0[0].int })
    try validate(protocols, election: election, constituencyNumbers: numbers)

    // Stations already imported for this election: refusing them here gives a clear message instead of a
    // primary-key error from inside the transaction (which would also roll everything back).
    let existing = Set(
      try await backend.query(
        "SELECT ballot, station FROM protocols WHERE election_id = ?", [.text(electionID)]
      ).map { "\($0[0].text ?? "")\u{0}\($0[1].text ?? "")" })
    if let clash = protocols.first(where: {
      existing.contains("\($0.ballot.rawValue)\u{0}\($0.station)")
    }) {
      throw StoreError(
        .conflict,
        "station '\(clash.station)' already has a \(clash.ballot.rawValue) protocol in '\(electionID)'"
      )
    }

    let id =
      (try await backend.query("SELECT CAST(MAX(id) AS BIGINT) FROM imports").first?[0].int ?? 0)
      + 1
    let record = ImportRecord(
      id: id, electionID: electionID, source: source, protocols: protocols.count,
      synthetic: synthetic,
      importedAt: Timestamp.now())
    var statements = [
      SQLStatement(
        "INSERT INTO imports (id, election_id, source, protocols, synthetic, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
          .int(id), .text(electionID), .text(source), .int(protocols.count), SQLValue(synthetic),
          .text(record.importedAt),
        ])
    ]
    statements += SQLStatement.insert(
      into: "protocols",
      columns: [
        "election_id", "station", "ballot", "constituency_number", "electorate", "ballots_cast",
        "invalid",
        "import_id",
      ],
      rows: protocols.map { p in
        [
          .text(electionID), .text(p.station), .text(p.ballot.rawValue), SQLValue(p.constituency),
          SQLValue(p.electorate), SQLValue(p.ballotsCast), SQLValue(p.invalid), .int(id),
        ]
      }, rowsPerStatement: rowsPerStatement)
    if backend.dialect == .postgres {
      // PostgreSQL checks each vote row's foreign key with a cached plan; if the statistics still describe
      // a tiny `protocols` table, that plan scans the table for every row (40 s instead of 1 s for 50,000
      // rows). Fresh statistics inside the transaction give it the index.
      statements.append(SQLStatement("ANALYZE protocols"))
    }
    statements += SQLStatement.insert(
      into: "protocol_votes", columns: ["election_id", "station", "ballot", "choice", "votes"],
      rows: protocols.flatMap { p in
        p.votes.sorted { $0.key < $1.key }.map { choice, votes in
          [
            .text(electionID), .text(p.station), .text(p.ballot.rawValue), .text(choice),
            .int(votes),
          ]
        }
      }, rowsPerStatement: rowsPerStatement)
    do {
      try await backend.transaction(statements, progress: progress)
    } catch let error as StoreError {
      throw StoreError(error.kind, "import into '\(electionID)' rolled back: \(error.message)")
    } catch {
      throw StoreError(.database, "import into '\(electionID)' rolled back: \(error)")
    }
    return record
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

  /// Sums of imported protocols for one ballot, nationally or for one constituency.
  public func protocolTotals(election id: String, ballot: Ballot, constituency: Int? = nil)
    async throws
    -> ProtocolTotals
  {
    var filter = "election_id = ? AND ballot = ?"
    var args: [SQLValue] = [.text(id), .text(ballot.rawValue)]
    if let constituency {
      filter += " AND constituency_number = ?"
      args.append(.int(constituency))
    }
    // SUM over BIGINT is NUMERIC in PostgreSQL: cast back so both engines return integers.
    let head = try await backend.query(
      """
      SELECT COUNT(*), CAST(SUM(electorate) AS BIGINT), CAST(SUM(ballots_cast) AS BIGINT), CAST(SUM(invalid) AS BIGINT)
      FROM protocols WHERE \(filter)
      """, args)
    let votes = try await backend.query(
      """
      SELECT v.choice, CAST(SUM(v.votes) AS BIGINT) AS total FROM protocol_votes v
      JOIN protocols p ON p.election_id = v.election_id AND p.station = v.station AND p.ballot = v.ballot
      WHERE p.\(filter.replacingOccurrences(of: " AND ", with: " AND p."))
      GROUP BY v.choice ORDER BY total DESC, v.choice
      """, args
    ).map { ChoiceVotes(choice: $0[0].text ?? "", votes: $0[1].int ?? 0) }
    let row = head.first
    return ProtocolTotals(
      ballot: ballot, constituency: constituency, stations: row?[0].int ?? 0,
      electorate: row?[1].int,
      ballotsCast: row?[2].int, invalid: row?[3].int, votes: votes)
  }

  /// Totals of the constituency ballot for every constituency with imported protocols.
  public func constituencyTotals(election id: String) async throws -> [ProtocolTotals] {
    let numbers = try await backend.query(
      """
      SELECT DISTINCT constituency_number FROM protocols
      WHERE election_id = ? AND ballot = 'constituency' ORDER BY constituency_number
      """, [.text(id)]
    ).compactMap { $0[0].int }
    var out: [ProtocolTotals] = []
    for n in numbers {
      out.append(try await protocolTotals(election: id, ballot: .constituency, constituency: n))
    }
    return out
  }

  // MARK: Plans

  /// Stores a plan in one transaction; fails if its id exists or a unit is unknown.
  public func savePlan(_ plan: PlanRecord) async throws {
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
    try await backend.transaction(statements)
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
    "protocol_votes", "plans",
    "plan_assignments", "schema_migrations",
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
