import Crypto
import Foundation
import SaylauAccounts
import SaylauCore
import SaylauElections
import SaylauRegistry

/// A stored snapshot of a counted result: taken with a change to final or certified, never changed.
public struct ResultSnapshotRecord: Sendable, Codable, Hashable {
  public var election: String
  /// The state change it was taken with.
  public var sequence: Int
  public var state: ResultState
  public var takenAt: String
  public var takenBy: String
  /// SHA-256 (hex) of ``CountedResult/canonicalJSON()``.
  public var sha256: String
  /// Counted protocols in it.
  public var protocols: Int
}

/// An election's result state now, with its history.
public struct ResultStatus: Sendable, Codable, Hashable {
  public var election: String
  public var state: ResultState
  /// When and by whom the state was set; `nil` while nobody has (preliminary from the start).
  public var since: String?
  public var by: String?
  /// The latest snapshot's SHA-256, when the state has one.
  public var snapshotSHA256: String?
  /// Every change, oldest first.
  public var history: [ResultStateChange]
}

extension Store {
  /// Migration 17: the results' lifecycle. `result_states` records every change of state (who, when, why),
  /// `result_snapshots` the counted result taken with each change to final or certified (canonical JSON and
  /// its SHA-256). Both refuse UPDATE and DELETE by trigger, and the protocols of an election whose latest
  /// state is final or certified refuse INSERT, UPDATE and DELETE: a change needs a recorded reopening
  /// first (``changeResultState(election:to:reason:actor:)``).
  static let resultsMigration = Migration(
    17, "results lifecycle",
    resultsTables
      + ["result_states", "result_snapshots"].flatMap { table in
        ["UPDATE", "DELETE"].map { op in
          "CREATE TRIGGER \(table)_no_\(op.lowercased()) BEFORE \(op) ON \(table) BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END"
        }
      }
      + [("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")].map { op, row in
        "CREATE TRIGGER protocols_closed_\(op.lowercased()) BEFORE \(op) ON protocols WHEN (SELECT state FROM result_states WHERE election_id = \(row).election_id ORDER BY sequence DESC LIMIT 1) IN ('final', 'certified') BEGIN SELECT RAISE(ABORT, '\(closedMarker)'); END"
      },
    dialectSpecific: [
      .postgres: resultsTables + [
        "CREATE FUNCTION results_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
        "CREATE TRIGGER result_states_no_change BEFORE UPDATE OR DELETE ON result_states FOR EACH ROW EXECUTE FUNCTION results_append_only()",
        "CREATE TRIGGER result_snapshots_no_change BEFORE UPDATE OR DELETE ON result_snapshots FOR EACH ROW EXECUTE FUNCTION results_append_only()",
        """
        CREATE FUNCTION protocols_closed() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE e TEXT; s TEXT;
        BEGIN
          IF TG_OP = 'DELETE' THEN e := OLD.election_id; ELSE e := NEW.election_id; END IF;
          SELECT state INTO s FROM result_states WHERE election_id = e ORDER BY sequence DESC LIMIT 1;
          IF s IN ('final', 'certified') THEN RAISE EXCEPTION '\(closedMarker)'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$
        """,
        "CREATE TRIGGER protocols_closed BEFORE INSERT OR UPDATE OR DELETE ON protocols FOR EACH ROW EXECUTE FUNCTION protocols_closed()",
      ]
    ])

  /// The words of the protocols' trigger (a write that slipped past the store's own check).
  static let closedMarker = "saylau: the results of this election are final or certified"

  static let resultsTables = [
    """
    CREATE TABLE result_states (
        election_id TEXT NOT NULL REFERENCES elections(id),
        sequence BIGINT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('preliminary', 'final', 'certified')),
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        reason TEXT,
        snapshot_sha256 TEXT,
        PRIMARY KEY (election_id, sequence)
    )
    """,
    """
    CREATE TABLE result_snapshots (
        election_id TEXT NOT NULL REFERENCES elections(id),
        sequence BIGINT NOT NULL,
        state TEXT NOT NULL,
        taken_at TEXT NOT NULL,
        taken_by TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        protocols BIGINT NOT NULL,
        content TEXT NOT NULL,
        PRIMARY KEY (election_id, sequence)
    )
    """,
  ]

  /// The state of an election's results and its history.
  /// - Throws: ``StoreError`` `notFound` for an unknown election.
  public func resultStatus(election id: String) async throws -> ResultStatus {
    guard try await election(id: id) != nil else {
      throw StoreError(.notFound, "no election '\(id)'")
    }
    return try await resultStatus(election: id, read: { try await self.backend.query($0, $1) })
  }

  func resultStatus(election id: String, read: Read) async throws -> ResultStatus {
    let history = try await read(
      """
      SELECT sequence, state, changed_at, changed_by, reason, snapshot_sha256 FROM result_states
      WHERE election_id = ? ORDER BY sequence
      """, [.text(id)]
    ).map { row in
      ResultStateChange(
        election: id, sequence: row[0].int ?? 0,
        state: ResultState(rawValue: row[1].text ?? "") ?? .preliminary, at: row[2].text ?? "",
        by: row[3].text ?? "", reason: row[4].text, snapshotSHA256: row[5].text)
    }
    let last = history.last
    let snapshot = history.last { $0.snapshotSHA256 != nil }
    return ResultStatus(
      election: id, state: last?.state ?? .preliminary, since: last?.at, by: last?.by,
      snapshotSHA256: last?.state == .preliminary ? nil : snapshot?.snapshotSHA256,
      history: history)
  }

  /// The counted result of an election as it stands: its stored protocols counted by the one pipeline
  /// (``CountedResult/count(definition:regimes:parties:protocols:versions:regionOf:regionNames:completeness:)``),
  /// or its published result when no protocol is stored.
  /// - Throws: ``StoreError`` `notFound` (no such election or no result), `invalidInput` (the protocols
  ///   cannot be counted).
  public func countedResult(election id: String) async throws -> CountedResult {
    try await countedResult(election: id, read: { try await self.backend.query($0, $1) })
  }

  func countedResult(election id: String, read: Read) async throws -> CountedResult {
    guard let published = try await publishedElection(id: id) else {
      throw StoreError(.notFound, "no election '\(id)'")
    }
    let parties = try? await self.parties()
    let stored = try await storedProtocols(election: id, read: read)
    // The regions of the constituencies on the election day, from the stored registry.
    let day = published.election.day ?? published.election.date.earliest
    var regionOf: [Int: String] = [:]
    var regionNames: [String: String] = [:]
    if let registry = try? await registry(), let list = try? registry.constituencies(on: day) {
      for c in list {
        guard let code = c.regionCode else { continue }
        regionOf[c.number] = code
        if let name = c.regionName { regionNames[code] = name }
      }
    }
    if stored.protocols.isEmpty, published.result != nil {
      do {
        return try CountedResult.published(published, parties: parties, regionNames: regionNames)
      } catch {
        throw StoreError(.invalidInput, "the result of '\(id)' cannot be summed up: \(error)")
      }
    }
    // The counted version of each protocol: one after its earlier versions.
    var versions: [String: Int] = [:]
    for v in stored.earlierVersions {
      let k = "\(v.value.precinct)\u{0}\(v.value.ballot.rawValue)"
      versions[k] = max(versions[k] ?? 1, v.version + 1)
    }
    let (register, registerSynthetic) = try await register(election: id, read: read)
    var completeness: [Completeness] = []
    if !register.isEmpty {
      for ballot in Set(stored.protocols.map(\.ballot)).union([.list]).sorted(by: {
        $0.rawValue < $1.rawValue
      }) where ballot == .list || published.regime.constituencySeats > 0 {
        completeness.append(
          Completeness.of(
            register: register,
            counted: Set(stored.protocols.filter { $0.ballot == ballot }.map(\.precinct)),
            ballot: ballot, region: { regionOf[$0] }, synthetic: registerSynthetic))
      }
    }
    let regimes = try await regimes()
    do throws(CountedResultError) {
      var result = try CountedResult.count(
        definition: ElectionDefinition(published: published), regimes: regimes,
        parties: parties, protocols: stored.protocols,
        versions: stored.protocols.map { p in
          CountedResult.CountedVersion(
            precinct: p.precinct, ballot: p.ballot,
            version: versions["\(p.precinct)\u{0}\(p.ballot.rawValue)"] ?? 1)
        }, regionOf: regionOf, regionNames: regionNames, completeness: completeness,
        register: register)
      if registerSynthetic { result.synthetic = true }
      return result
    } catch {
      throw StoreError(.invalidInput, error.description)
    }
  }

  /// The time a preliminary export is "generated at": the newest accepted protocol or import of the
  /// election (so the same data always gives the same bytes), or the election day.
  public func resultDataTime(election id: String) async throws -> String? {
    let imported = try await backend.query(
      "SELECT MAX(imported_at) FROM imports WHERE election_id = ?", [.text(id)]
    ).first?[0].text
    let accepted = try await backend.query(
      "SELECT MAX(accepted_at) FROM protocol_cases WHERE election_id = ?", [.text(id)]
    ).first?[0].text
    return [imported, accepted].compactMap { $0 }.max()
  }

  /// Changes the state of an election's results, in one transaction: checks the step
  /// (``ResultTransition``), counts the stored protocols as the transaction sees them (no protocol can
  /// change meanwhile: PostgreSQL takes a share lock on them, SQLite has one writer) and, for final and
  /// certified, stores the snapshot with its SHA-256; then records the change and audits it
  /// (`results.state`).
  ///
  /// - Parameters:
  ///   - state: the new state; `preliminary` reopens final results (a reason is required).
  ///   - reason: why (required to reopen; kept with every change).
  ///   - actor: who (a coordinator or an administrator; the caller checks the role).
  /// - Returns: the recorded change.
  /// - Throws: ``StoreError``: `notFound`, `conflict` (not a lawful step, or another change came first),
  ///   `invalidInput` (no reason to reopen; the protocols cannot be counted).
  @discardableResult
  public func changeResultState(
    election id: String, to state: ResultState, reason: String?, actor: Actor
  ) async throws -> ResultStateChange {
    guard try await election(id: id) != nil else {
      throw StoreError(.notFound, "no election '\(id)'")
    }
    let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
    let now = Timestamp.now()
    let dialect = backend.dialect
    return try await backend.withTransaction { tx in
      if dialect == .postgres {
        // No protocol changes while the state changes, and one change at a time.
        try await tx.execute(SQLStatement("LOCK TABLE protocols IN SHARE MODE"))
        try await tx.execute(SQLStatement("LOCK TABLE result_states IN SHARE ROW EXCLUSIVE MODE"))
      }
      let read: Read = { try await tx.query(SQLStatement($0, $1)) }
      let current = try await self.resultStatus(election: id, read: read)
      do throws(ResultTransition.Refusal) {
        try ResultTransition.check(
          from: current.state, to: state, reason: reason?.isEmpty == true ? nil : reason)
      } catch {
        throw StoreError(
          error.kind == .reasonRequired ? .invalidInput : .conflict,
          "the results of '\(id)': \(error.message)")
      }
      let sequence = (current.history.last?.sequence ?? 0) + 1
      var digest: String?
      var protocols = 0
      if state != .preliminary {
        let result = try await self.countedResult(election: id, read: read)
        let content = result.canonicalJSON()
        digest = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
        protocols = result.protocols.count
        try await tx.execute(
          SQLStatement(
            "INSERT INTO result_snapshots (election_id, sequence, state, taken_at, taken_by, sha256, protocols, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
              .text(id), .int(sequence), .text(state.rawValue), .text(now), .text(actor.name),
              .text(digest ?? ""), .int(protocols), .text(String(decoding: content, as: UTF8.self)),
            ]))
      }
      let change = ResultStateChange(
        election: id, sequence: sequence, state: state, at: now, by: actor.name,
        reason: reason?.isEmpty == true ? nil : reason, snapshotSHA256: digest)
      try await tx.execute(
        SQLStatement(
          "INSERT INTO result_states (election_id, sequence, state, changed_at, changed_by, reason, snapshot_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
          [
            .text(id), .int(sequence), .text(state.rawValue), .text(now), .text(actor.name),
            change.reason.map { .text($0) } ?? .null, digest.map { .text($0) } ?? .null,
          ]))
      try await Self.audit(
        tx, actor: actor, action: "results.state", subject: "results:\(id)",
        before: ["state": current.state.rawValue],
        after: [
          "state": state.rawValue, "sequence": String(sequence), "reason": change.reason ?? "",
          "snapshotSha256": digest ?? "", "protocols": String(protocols),
        ])
      return change
    }
  }

  /// The snapshots of an election, oldest first (without their content).
  public func resultSnapshots(election id: String) async throws -> [ResultSnapshotRecord] {
    try await backend.query(
      """
      SELECT sequence, state, taken_at, taken_by, sha256, protocols FROM result_snapshots
      WHERE election_id = ? ORDER BY sequence
      """, [.text(id)]
    ).map { row in
      ResultSnapshotRecord(
        election: id, sequence: row[0].int ?? 0,
        state: ResultState(rawValue: row[1].text ?? "") ?? .final, takenAt: row[2].text ?? "",
        takenBy: row[3].text ?? "", sha256: row[4].text ?? "", protocols: row[5].int ?? 0)
    }
  }

  /// A snapshot's record and its content (the canonical JSON), checked against its SHA-256.
  /// - Parameters:
  ///   - sequence: the state change it was taken with; `nil`: the latest.
  /// - Throws: ``StoreError`` `notFound`; `database` when the content does not match its hash.
  public func resultSnapshot(election id: String, sequence: Int? = nil) async throws -> (
    record: ResultSnapshotRecord, content: [UInt8]
  ) {
    var sql =
      "SELECT sequence, state, taken_at, taken_by, sha256, protocols, content FROM result_snapshots WHERE election_id = ?"
    var args: [SQLValue] = [.text(id)]
    if let sequence {
      sql += " AND sequence = ?"
      args.append(.int(sequence))
    }
    sql += " ORDER BY sequence DESC LIMIT 1"
    guard let row = try await backend.query(sql, args).first else {
      throw StoreError(
        .notFound, "'\(id)' has no results snapshot\(sequence.map { " \($0)" } ?? "")")
    }
    let record = ResultSnapshotRecord(
      election: id, sequence: row[0].int ?? 0,
      state: ResultState(rawValue: row[1].text ?? "") ?? .final, takenAt: row[2].text ?? "",
      takenBy: row[3].text ?? "", sha256: row[4].text ?? "", protocols: row[5].int ?? 0)
    let content = Array((row[6].text ?? "").utf8)
    let digest = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
    guard digest == record.sha256 else {
      throw StoreError(
        .database,
        "the snapshot \(record.sequence) of '\(id)' does not match its SHA-256 (the database was altered)"
      )
    }
    return (record, content)
  }

  /// Refuses a change of `election`'s protocols while its results are final or certified.
  static func refuseClosedResults(election: String, _ tx: any SQLTransaction) async throws {
    let state = try await tx.query(
      SQLStatement(
        "SELECT state FROM result_states WHERE election_id = ? ORDER BY sequence DESC LIMIT 1",
        [.text(election)])
    ).first?[0].text
    guard let state = state.flatMap(ResultState.init(rawValue:)), !state.acceptsProtocols else {
      return
    }
    throw StoreError(
      .conflict,
      "the results of '\(election)' are \(state.rawValue): protocols cannot change\(state == .final ? " until a coordinator reopens them (with a reason)" : "")",
      details: ["state": state.rawValue])
  }

  /// What an export of the election's results is made of: the latest snapshot while the results are final
  /// or certified (or the snapshot asked for), the counted result as it stands while preliminary.
  public struct ExportSource: Sendable {
    public var result: CountedResult
    public var state: ResultState
    /// The snapshot's time, or the newest protocol's while preliminary (never "now": the same data gives
    /// the same bytes on every face).
    public var generatedAt: String
    /// The snapshot exported, if one is.
    public var snapshot: ResultSnapshotRecord?
  }

  /// The source of the election's exports.
  /// - Parameters:
  ///   - sequence: a snapshot's sequence; `nil`: the current state's.
  /// - Throws: ``StoreError`` `notFound`.
  public func exportSource(election id: String, snapshot sequence: Int? = nil) async throws
    -> ExportSource
  {
    let status = try await resultStatus(election: id)
    if sequence != nil || status.state != .preliminary {
      let (record, content) = try await resultSnapshot(election: id, sequence: sequence)
      let result: CountedResult
      do {
        result = try CountedResult.decode(content)
      } catch {
        throw StoreError(
          .database, "the snapshot \(record.sequence) of '\(id)' cannot be read: \(error)")
      }
      return ExportSource(
        result: result, state: record.state, generatedAt: record.takenAt, snapshot: record)
    }
    let result = try await countedResult(election: id)
    let day = result.election.day ?? result.election.date.earliest
    return ExportSource(
      result: result, state: .preliminary,
      generatedAt: try await resultDataTime(election: id) ?? "\(day.description)T00:00:00Z",
      snapshot: nil)
  }
}
