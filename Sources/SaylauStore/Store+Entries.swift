import Foundation
import SaylauAccounts
import SaylauElections

/// Where one version of a protocol stands in double entry.
public enum EntryStatus: String, Sendable, Codable, CaseIterable {
  /// Opened by a coordinator (a correction or a re-entry): no entry yet.
  case awaitingEntry
  /// One clerk has entered it; another must enter it again.
  case awaitingSecondEntry
  /// The two entries differ: the coordinator decides against the paper.
  case differences
  /// The two entries agree but fail the protocol check: the coordinator decides.
  case checkFailed
  /// Counted.
  case accepted
  /// Was counted; a later accepted version replaced it.
  case superseded
  /// Its entries were set aside by the coordinator; a later version was opened to enter it again.
  case discarded

  /// Whether the version waits for the coordinator.
  public var needsCoordinator: Bool { self == .differences || self == .checkFailed }
}

/// One clerk's entry of one version of a protocol, as entered (never changed).
public struct ProtocolEntryRecord: Sendable, Codable, Hashable {
  /// 1 for the first entry, 2 for the second.
  public var entry: Int
  public var clerk: String
  public var enteredAt: String
  public var `protocol`: PollingStationProtocol
  /// The check's issues at entry (errors the clerk confirmed are on the paper, and warnings).
  public var issues: [ProtocolIssue]
}

/// One version of a protocol: the paper as first entered, or a correction or recount.
public struct EntryVersion: Sendable, Codable, Hashable {
  public var version: Int
  public var status: EntryStatus
  public var openedBy: String
  public var openedAt: String
  /// Why this version exists (a correction's or re-entry's reason); `nil` for the first version.
  public var reason: String?
  public var entries: [ProtocolEntryRecord]
  /// The fields where the two entries differ (CSV names).
  public var differences: [String]
  /// The coordinator's decision (`first`, `second`, `reenter`), by whom, when and why.
  public var decision: String?
  public var decidedBy: String?
  public var decidedAt: String?
  public var decisionReason: String?
  public var acceptedAt: String?
}

/// Every version of one protocol (one precinct, one ballot) in double entry, oldest first.
public struct ProtocolCase: Sendable, Codable, Hashable {
  public var election: String
  public var precinct: String
  public var ballot: BallotType
  public var versions: [EntryVersion]

  /// The latest version (the one entries and decisions act on).
  public var current: EntryVersion? { versions.last }
  /// The version that counts now, if any.
  public var counted: EntryVersion? { versions.last { $0.status == .accepted } }
}

/// What one entry did: the version and entry number it became and the version's status after it.
public struct EntryOutcome: Sendable, Codable, Hashable {
  public var precinct: String
  public var ballot: BallotType
  public var version: Int
  public var entry: Int
  public var status: EntryStatus
  /// How many fields differ from the first entry (which ones, only the coordinator sees: the second clerk
  /// must not be led to the first clerk's figures).
  public var differingFields: Int
  public var issues: [ProtocolIssue]
}

/// A coordinator's decision on a version that waits for one.
public enum EntryDecision: String, Sendable, Codable, CaseIterable {
  /// The paper agrees with the first entry: it counts.
  case first
  /// The paper agrees with the second entry: it counts.
  case second
  /// Set both entries aside and enter the protocol again (a new version), e.g. after the commission
  /// corrected its paper.
  case reenter
}

/// The counts of double entry for one election (the latest version of each protocol).
public struct EntryProgress: Sendable, Codable, Hashable {
  public var election: String
  /// Protocols with at least one accepted version (they count).
  public var counted: Int
  /// Latest versions by status.
  public var byStatus: [String: Int]
}

extension Store {
  /// Migration 14: double entry. Every entry is a row that is never changed; a version's status moves
  /// forward (awaiting → accepted or to the coordinator → decided); a correction is a new version.
  static let doubleEntryMigration = Migration(
    14, "double entry",
    [
      """
      CREATE TABLE protocol_cases (
          election_id TEXT NOT NULL REFERENCES elections(id),
          precinct TEXT NOT NULL,
          ballot TEXT NOT NULL CHECK (ballot IN ('list', 'constituency')),
          version BIGINT NOT NULL,
          status TEXT NOT NULL,
          opened_by TEXT NOT NULL,
          opened_at TEXT NOT NULL,
          reason TEXT,
          differences TEXT,
          decision TEXT,
          decided_by TEXT,
          decided_at TEXT,
          decision_reason TEXT,
          accepted_at TEXT,
          PRIMARY KEY (election_id, precinct, ballot, version)
      )
      """,
      "CREATE INDEX protocol_cases_status ON protocol_cases (election_id, status)",
      """
      CREATE TABLE protocol_entries (
          election_id TEXT NOT NULL,
          precinct TEXT NOT NULL,
          ballot TEXT NOT NULL,
          version BIGINT NOT NULL,
          entry BIGINT NOT NULL CHECK (entry IN (1, 2)),
          clerk TEXT NOT NULL,
          entered_at TEXT NOT NULL,
          protocol TEXT NOT NULL,
          issues TEXT NOT NULL,
          PRIMARY KEY (election_id, precinct, ballot, version, entry),
          FOREIGN KEY (election_id, precinct, ballot, version)
            REFERENCES protocol_cases (election_id, precinct, ballot, version)
      )
      """,
    ])

  /// The source of the import row that holds the protocols accepted by double entry (one per election).
  public static let doubleEntrySource = "double entry"

  struct Key {
    var election: String
    var precinct: String
    var ballot: BallotType
    var filter: String { "election_id = ? AND precinct = ? AND ballot = ?" }
    var arguments: [SQLValue] { [.text(election), .text(precinct), .text(ballot.rawValue)] }
    var subject: String { "protocol:\(election)/\(precinct)/\(ballot.rawValue)" }
  }

  /// Takes the key's lock for the rest of the transaction: on PostgreSQL an advisory lock on the key (two
  /// clerks entering one precinct at once queue here); SQLite's transactions are serial anyway.
  func lock(_ key: Key, _ tx: any SQLTransaction) async throws {
    guard backend.dialect == .postgres else { return }
    _ = try await tx.query(
      SQLStatement(
        "SELECT pg_advisory_xact_lock(hashtext(?))",
        [.text("\(key.election)\u{1}\(key.precinct)\u{1}\(key.ballot.rawValue)")]))
  }

  /// Enters one protocol as `clerk`'s entry: the first entry of its version, or the second, which decides
  /// it: agreed (it counts, at once, in the same transaction), different, or failing the check (both go to
  /// the coordinator). One transaction, audited.
  ///
  /// - Parameters:
  ///   - p: the protocol as entered.
  ///   - election: the election's id.
  ///   - schema: the election's protocol schema (``protocolSchema(election:)``).
  ///   - clerk: who enters it.
  ///   - confirmedIssues: the clerk confirms that errors of the check are on the paper (else an entry with
  ///     errors is refused, so that typing errors are fixed before they are stored).
  /// - Throws: ``StoreError``: `invalidInput` (errors not confirmed), `conflict` (the same clerk's second
  ///   entry, a version that waits for the coordinator or is accepted, a precinct stored by a file import).
  public func enterProtocol(
    _ p: PollingStationProtocol, election: String, schema: ProtocolSchema, clerk: Actor,
    confirmedIssues: Bool = false
  ) async throws -> EntryOutcome {
    let issues = ProtocolCheck.check(p, schema: schema)
    if ProtocolCheck.refuses(issues) && !confirmedIssues {
      throw StoreError(
        .invalidInput,
        "precinct '\(p.precinct)': the protocol fails the check (\(issues.filter(\.isError).map(\.description).joined(separator: "; "))); correct the entry, or confirm that the paper says so"
      )
    }
    let key = Key(election: election, precinct: p.precinct, ballot: p.ballot)
    let now = Timestamp.now()
    let entryJSON = try Self.json(p)
    let issuesJSON = try Self.json(issues)
    return try await backend.withTransaction { tx in
      try await lock(key, tx)
      try await Self.refuseClosedResults(election: election, tx)
      try await checkRegister(p, election: election, tx)
      let latest = try await tx.query(
        SQLStatement(
          "SELECT version, status FROM protocol_cases WHERE \(key.filter) ORDER BY version DESC LIMIT 1",
          key.arguments)
      ).first
      var version = latest?[0].int ?? 1
      let before = latest?[1].text.flatMap(EntryStatus.init(rawValue:))
      var entry = 1
      var status = EntryStatus.awaitingSecondEntry
      var differences: [String] = []
      var verdictIssues = issues
      switch before {
      case nil:
        if try await !tx.query(
          SQLStatement("SELECT import_id FROM protocols WHERE \(key.filter)", key.arguments)
        ).isEmpty {
          throw StoreError(
            .conflict,
            "precinct '\(p.precinct)' already has a \(p.ballot.rawValue) protocol from a file import in '\(election)'"
          )
        }
        try await tx.execute(
          SQLStatement(
            "INSERT INTO protocol_cases (election_id, precinct, ballot, version, status, opened_by, opened_at) VALUES (?, ?, ?, 1, ?, ?, ?)",
            key.arguments + [.text(status.rawValue), .text(clerk.name), .text(now)]))
      case .awaitingEntry:
        break
      case .awaitingSecondEntry:
        let first = try await tx.query(
          SQLStatement(
            "SELECT clerk, protocol FROM protocol_entries WHERE \(key.filter) AND version = ? AND entry = 1",
            key.arguments + [.int(version)])
        ).first
        guard let first, let firstText = first[1].text else {
          throw StoreError(.database, "version \(version) has no first entry")
        }
        if first[0].text == clerk.name {
          throw StoreError(
            .conflict,
            "precinct '\(p.precinct)' (\(p.ballot.rawValue)): the second entry must be made by another clerk than the first"
          )
        }
        entry = 2
        let firstEntry = try JSONDecoder().decode(
          PollingStationProtocol.self, from: Data(firstText.utf8))
        switch DoubleEntry.verdict(first: firstEntry, second: p, schema: schema) {
        case .agreed: status = .accepted
        case .differ(let fields):
          status = .differences
          differences = fields
        case .checkFailed(let errors):
          status = .checkFailed
          verdictIssues = errors
        }
      case .differences?, .checkFailed?:
        throw StoreError(
          .conflict,
          "precinct '\(p.precinct)' (\(p.ballot.rawValue)) version \(version) waits for the coordinator"
        )
      case .accepted?, .superseded?, .discarded?:
        throw StoreError(
          .conflict,
          "precinct '\(p.precinct)' (\(p.ballot.rawValue)) is accepted; a correction must be opened by a coordinator"
        )
      }
      if latest == nil { version = 1 }
      try await tx.execute(
        SQLStatement(
          "INSERT INTO protocol_entries (election_id, precinct, ballot, version, entry, clerk, entered_at, protocol, issues) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          key.arguments + [
            .int(version), .int(entry), .text(clerk.name), .text(now), .text(entryJSON),
            .text(issuesJSON),
          ]))
      try await tx.execute(
        SQLStatement(
          "UPDATE protocol_cases SET status = ?, differences = ? WHERE \(key.filter) AND version = ?",
          [.text(status.rawValue), differences.isEmpty ? .null : .text(try Self.json(differences))]
            + key.arguments + [.int(version)]))
      if status == .accepted {
        try await count(p, key: key, version: version, schema: schema, at: now, tx)
      }
      let outcome = EntryOutcome(
        precinct: p.precinct, ballot: p.ballot, version: version, entry: entry, status: status,
        differingFields: differences.count, issues: verdictIssues)
      try await Self.audit(
        tx, actor: clerk, action: "protocol.entry", subject: key.subject,
        before: before.map { ["version": "\(version)", "status": $0.rawValue] },
        after: EntryAudit(outcome: outcome, protocol: p))
      return outcome
    }
  }

  struct EntryAudit: Encodable {
    var outcome: EntryOutcome
    var `protocol`: PollingStationProtocol
  }

  /// Puts an accepted version into the counted protocols (replacing the version it corrects) and marks the
  /// replaced version superseded.
  func count(
    _ p: PollingStationProtocol, key: Key, version: Int, schema: ProtocolSchema, at now: String,
    _ tx: any SQLTransaction
  ) async throws {
    try await Self.refuseClosedResults(election: key.election, tx)
    let importID = try await entryImport(election: key.election, tx)
    let stored = try await tx.query(
      SQLStatement("SELECT import_id FROM protocols WHERE \(key.filter)", key.arguments)
    ).first
    if let stored {
      guard stored[0].int == importID else {
        throw StoreError(
          .conflict,
          "precinct '\(key.precinct)' already has a \(key.ballot.rawValue) protocol from a file import in '\(key.election)'"
        )
      }
      try await tx.execute(
        SQLStatement("DELETE FROM protocol_votes WHERE \(key.filter)", key.arguments))
      try await tx.execute(SQLStatement("DELETE FROM protocols WHERE \(key.filter)", key.arguments))
    } else {
      try await tx.execute(
        SQLStatement(
          "UPDATE imports SET protocols = protocols + 1 WHERE id = ?", [.int(importID)]))
    }
    if p.synthetic {
      try await tx.execute(
        SQLStatement("UPDATE imports SET synthetic = 1 WHERE id = ?", [.int(importID)]))
    }
    try await tx.execute(
      SQLStatement.insert(
        into: "protocols", columns: Self.protocolColumns,
        rows: [Self.row(p, election: key.election, importID: importID)])[0])
    let votes = Self.voteRows(p, election: key.election, schema: schema)
    if !votes.isEmpty {
      try await tx.execute(
        SQLStatement.insert(into: "protocol_votes", columns: Self.voteColumns, rows: votes)[0])
    }
    try await tx.execute(
      SQLStatement(
        "UPDATE protocol_cases SET status = 'superseded' WHERE \(key.filter) AND status = 'accepted' AND version <> ?",
        key.arguments + [.int(version)]))
    try await tx.execute(
      SQLStatement(
        "UPDATE protocol_cases SET status = 'accepted', accepted_at = ? WHERE \(key.filter) AND version = ?",
        [.text(now)] + key.arguments + [.int(version)]))
  }

  /// The import row of the election's double-entry protocols, created on first use.
  func entryImport(election: String, _ tx: any SQLTransaction) async throws -> Int {
    let select = SQLStatement(
      "SELECT id FROM imports WHERE election_id = ? AND source = ?",
      [.text(election), .text(Self.doubleEntrySource)])
    if let id = try await tx.query(select).first?[0].int { return id }
    if backend.dialect == .postgres {
      try await tx.execute(SQLStatement("LOCK TABLE imports IN SHARE ROW EXCLUSIVE MODE"))
      if let id = try await tx.query(select).first?[0].int { return id }
    }
    let id =
      try await tx.query(
        SQLStatement("SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM imports")
      ).first?[0].int ?? 1
    try await tx.execute(
      SQLStatement(
        "INSERT INTO imports (id, election_id, source, protocols, synthetic, imported_at) VALUES (?, ?, ?, 0, 0, ?)",
        [.int(id), .text(election), .text(Self.doubleEntrySource), .text(Timestamp.now())]))
    return id
  }

  /// Decides a version that waits for the coordinator, against the paper: the first or the second entry
  /// counts (it must pass the check), or both are set aside and a new version is opened for entry. One
  /// transaction, audited.
  ///
  /// - Parameters:
  ///   - reason: why (what the paper shows); required, kept with the decision.
  /// - Throws: ``StoreError``: `notFound` (no such protocol in entry), `conflict` (nothing to decide),
  ///   `invalidInput` (no reason, or the chosen entry fails the check).
  @discardableResult
  public func resolveProtocol(
    election: String, precinct: String, ballot: BallotType, decision: EntryDecision,
    reason: String, schema: ProtocolSchema, actor: Actor
  ) async throws -> (case: ProtocolCase, accepted: Bool) {
    let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !reason.isEmpty else {
      throw StoreError(.invalidInput, "field 'reason': say what the paper shows")
    }
    let key = Key(election: election, precinct: precinct, ballot: ballot)
    let now = Timestamp.now()
    var accepted = false
    try await backend.withTransaction { tx in
      try await lock(key, tx)
      try await Self.refuseClosedResults(election: election, tx)
      guard
        let latest = try await tx.query(
          SQLStatement(
            "SELECT version, status FROM protocol_cases WHERE \(key.filter) ORDER BY version DESC LIMIT 1",
            key.arguments)
        ).first, let version = latest[0].int,
        let status = latest[1].text.flatMap(EntryStatus.init(rawValue:))
      else {
        throw StoreError(
          .notFound, "precinct '\(precinct)' has no \(ballot.rawValue) protocol in entry")
      }
      guard status.needsCoordinator else {
        throw StoreError(
          .conflict,
          "precinct '\(precinct)' (\(ballot.rawValue)) version \(version) is \(status.rawValue): there is nothing to decide"
        )
      }
      switch decision {
      case .first, .second:
        guard status == .differences else {
          throw StoreError(
            .invalidInput,
            "the entries agree and fail the check: the paper must be corrected and entered again (decision 'reenter')"
          )
        }
        let n = decision == .first ? 1 : 2
        guard
          let text = try await tx.query(
            SQLStatement(
              "SELECT protocol FROM protocol_entries WHERE \(key.filter) AND version = ? AND entry = ?",
              key.arguments + [.int(version), .int(n)])
          ).first?[0].text
        else { throw StoreError(.database, "entry \(n) of version \(version) is missing") }
        let p = try JSONDecoder().decode(PollingStationProtocol.self, from: Data(text.utf8))
        let errors = ProtocolCheck.check(p, schema: schema).filter(\.isError)
        if !errors.isEmpty {
          throw StoreError(
            .invalidInput,
            "entry \(n) fails the check (\(errors.map(\.description).joined(separator: "; "))): decide 'reenter'"
          )
        }
        try await count(p, key: key, version: version, schema: schema, at: now, tx)
        accepted = true
      case .reenter:
        try await tx.execute(
          SQLStatement(
            "UPDATE protocol_cases SET status = 'discarded' WHERE \(key.filter) AND version = ?",
            key.arguments + [.int(version)]))
        try await tx.execute(
          SQLStatement(
            "INSERT INTO protocol_cases (election_id, precinct, ballot, version, status, opened_by, opened_at, reason) VALUES (?, ?, ?, ?, 'awaitingEntry', ?, ?, ?)",
            key.arguments + [.int(version + 1), .text(actor.name), .text(now), .text(reason)]))
      }
      try await tx.execute(
        SQLStatement(
          "UPDATE protocol_cases SET decision = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE \(key.filter) AND version = ?",
          [.text(decision.rawValue), .text(actor.name), .text(now), .text(reason)] + key.arguments
            + [.int(version)]))
      try await Self.audit(
        tx, actor: actor, action: "protocol.resolve", subject: key.subject,
        before: ["version": "\(version)", "status": status.rawValue],
        after: ["decision": decision.rawValue, "reason": reason])
    }
    guard let found = try await protocolCase(election: election, precinct: precinct, ballot: ballot)
    else { throw StoreError(.database, "the protocol vanished") }
    return (found, accepted)
  }

  /// Opens a correction (or recount) of an accepted protocol: a new version to be entered twice; the
  /// accepted version counts until the new one is accepted. Audited.
  /// - Throws: ``StoreError``: `notFound`, `conflict` (the latest version is not accepted), `invalidInput`
  ///   (no reason).
  @discardableResult
  public func openCorrection(
    election: String, precinct: String, ballot: BallotType, reason: String, actor: Actor
  ) async throws -> ProtocolCase {
    let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !reason.isEmpty else {
      throw StoreError(.invalidInput, "field 'reason': say why the protocol is corrected")
    }
    let key = Key(election: election, precinct: precinct, ballot: ballot)
    try await backend.withTransaction { tx in
      try await lock(key, tx)
      try await Self.refuseClosedResults(election: election, tx)
      guard
        let latest = try await tx.query(
          SQLStatement(
            "SELECT version, status FROM protocol_cases WHERE \(key.filter) ORDER BY version DESC LIMIT 1",
            key.arguments)
        ).first, let version = latest[0].int
      else {
        throw StoreError(
          .notFound, "precinct '\(precinct)' has no \(ballot.rawValue) protocol in entry")
      }
      guard latest[1].text == EntryStatus.accepted.rawValue else {
        throw StoreError(
          .conflict,
          "precinct '\(precinct)' (\(ballot.rawValue)) version \(version) is \(latest[1].text ?? "?"): only an accepted protocol is corrected"
        )
      }
      try await tx.execute(
        SQLStatement(
          "INSERT INTO protocol_cases (election_id, precinct, ballot, version, status, opened_by, opened_at, reason) VALUES (?, ?, ?, ?, 'awaitingEntry', ?, ?, ?)",
          key.arguments + [
            .int(version + 1), .text(actor.name), .text(Timestamp.now()), .text(reason),
          ]))
      try await Self.audit(
        tx, actor: actor, action: "protocol.correction", subject: key.subject,
        before: ["version": "\(version)", "status": "accepted"],
        after: ["version": "\(version + 1)", "status": "awaitingEntry", "reason": reason])
    }
    guard let found = try await protocolCase(election: election, precinct: precinct, ballot: ballot)
    else { throw StoreError(.database, "the protocol vanished") }
    return found
  }

  /// Every version and entry of one protocol, or `nil` if it was never entered.
  public func protocolCase(election: String, precinct: String, ballot: BallotType) async throws
    -> ProtocolCase?
  {
    let key = Key(election: election, precinct: precinct, ballot: ballot)
    let versions = try await backend.query(
      """
      SELECT version, status, opened_by, opened_at, reason, differences, decision, decided_by, decided_at,
      decision_reason, accepted_at FROM protocol_cases WHERE \(key.filter) ORDER BY version
      """, key.arguments)
    guard !versions.isEmpty else { return nil }
    var entries: [Int: [ProtocolEntryRecord]] = [:]
    for row in try await backend.query(
      "SELECT version, entry, clerk, entered_at, protocol, issues FROM protocol_entries WHERE \(key.filter) ORDER BY version, entry",
      key.arguments)
    {
      let decoder = JSONDecoder()
      guard let p = row[4].text, let i = row[5].text else { continue }
      entries[row[0].int ?? 0, default: []].append(
        ProtocolEntryRecord(
          entry: row[1].int ?? 0, clerk: row[2].text ?? "", enteredAt: row[3].text ?? "",
          protocol: try decoder.decode(PollingStationProtocol.self, from: Data(p.utf8)),
          issues: try decoder.decode([ProtocolIssue].self, from: Data(i.utf8))))
    }
    return ProtocolCase(
      election: election, precinct: precinct, ballot: ballot,
      versions: try versions.map { row in
        let v = row[0].int ?? 0
        return EntryVersion(
          version: v, status: row[1].text.flatMap(EntryStatus.init(rawValue:)) ?? .discarded,
          openedBy: row[2].text ?? "", openedAt: row[3].text ?? "", reason: row[4].text,
          entries: entries[v] ?? [],
          differences: try row[5].text.map {
            try JSONDecoder().decode([String].self, from: Data($0.utf8))
          } ?? [],
          decision: row[6].text, decidedBy: row[7].text, decidedAt: row[8].text,
          decisionReason: row[9].text, acceptedAt: row[10].text)
      })
  }

  /// One line of the coordinator's queue.
  public struct QueueItem: Sendable, Codable, Hashable {
    public var precinct: String
    public var ballot: BallotType
    public var version: Int
    public var status: EntryStatus
    public var differences: [String]
    public var openedAt: String
  }

  /// The versions that wait for the coordinator, oldest first.
  public func entryQueue(election: String) async throws -> [QueueItem] {
    try await backend.query(
      """
      SELECT precinct, ballot, version, status, differences, opened_at FROM protocol_cases
      WHERE election_id = ? AND status IN ('differences', 'checkFailed') ORDER BY opened_at, precinct, ballot
      """, [.text(election)]
    ).map { row in
      QueueItem(
        precinct: row[0].text ?? "", ballot: BallotType(rawValue: row[1].text ?? "") ?? .list,
        version: row[2].int ?? 0,
        status: row[3].text.flatMap(EntryStatus.init(rawValue:)) ?? .differences,
        differences: try row[4].text.map {
          try JSONDecoder().decode([String].self, from: Data($0.utf8))
        } ?? [], openedAt: row[5].text ?? "")
    }
  }

  /// How far double entry has come for an election.
  public func entryProgress(election: String) async throws -> EntryProgress {
    var byStatus: [String: Int] = [:]
    for row in try await backend.query(
      """
      SELECT c.status, COUNT(*) FROM protocol_cases c
      JOIN (SELECT precinct, ballot, MAX(version) AS version FROM protocol_cases WHERE election_id = ?
            GROUP BY precinct, ballot) l
        ON c.precinct = l.precinct AND c.ballot = l.ballot AND c.version = l.version
      WHERE c.election_id = ? GROUP BY c.status
      """, [.text(election), .text(election)])
    {
      byStatus[row[0].text ?? ""] = row[1].int ?? 0
    }
    let counted =
      try await backend.query(
        "SELECT COUNT(*) FROM protocol_cases WHERE election_id = ? AND status = 'accepted'",
        [.text(election)]
      ).first?[0].int ?? 0
    return EntryProgress(election: election, counted: counted, byStatus: byStatus)
  }

  static func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}

// MARK: The precinct register

extension Store {
  /// Migration 15: the precinct register of each election (from its definition), for completeness.
  static let registerMigration = Migration(
    15, "precinct register",
    [
      """
      CREATE TABLE precinct_register (
          election_id TEXT NOT NULL REFERENCES elections(id),
          precinct TEXT NOT NULL,
          constituency_number BIGINT,
          territorial_commission TEXT,
          abroad SMALLINT NOT NULL,
          expected_electorate BIGINT,
          synthetic SMALLINT NOT NULL,
          PRIMARY KEY (election_id, precinct)
      )
      """
    ])

  /// Replaces the election's precinct register with `precincts` in one transaction, audited (before and
  /// after: the number of precincts).
  /// - Throws: ``StoreError`` `notFound` (no such election), `invalidInput` (an empty or repeated id).
  public func saveRegister(
    _ precincts: [Precinct], election: String, synthetic: Bool, actor: Actor
  ) async throws {
    guard try await self.election(id: election) != nil else {
      throw StoreError(.notFound, "no election '\(election)'")
    }
    var seen: Set<String> = []
    for p in precincts {
      if p.id.isEmpty { throw StoreError(.invalidInput, "precincts: a blank precinct id") }
      if !seen.insert(p.id).inserted {
        throw StoreError(.invalidInput, "precincts: '\(p.id)' appears twice")
      }
    }
    let rows = precincts.map { p -> [SQLValue] in
      [
        .text(election), .text(p.id), SQLValue(p.constituency), SQLValue(p.territorialCommission),
        SQLValue(p.abroad), SQLValue(p.expectedElectorate), SQLValue(synthetic),
      ]
    }
    try await backend.withTransaction { tx in
      let before =
        try await tx.query(
          SQLStatement(
            "SELECT COUNT(*) FROM precinct_register WHERE election_id = ?", [.text(election)])
        ).first?[0].int ?? 0
      try await tx.execute(
        SQLStatement("DELETE FROM precinct_register WHERE election_id = ?", [.text(election)]))
      for statement in SQLStatement.insert(
        into: "precinct_register",
        columns: [
          "election_id", "precinct", "constituency_number", "territorial_commission", "abroad",
          "expected_electorate", "synthetic",
        ], rows: rows)
      {
        try await tx.execute(statement)
      }
      try await Self.audit(
        tx, actor: actor, action: "register.save", subject: "register:\(election)",
        before: ["precincts": before],
        after: ["precincts": precincts.count, "synthetic": synthetic ? 1 : 0])
    }
  }

  /// The election's precinct register (empty when none is stored) and whether it is synthetic.
  public func register(election: String) async throws -> (precincts: [Precinct], synthetic: Bool) {
    try await register(election: election, read: { try await self.backend.query($0, $1) })
  }

  func register(election: String, read: Read) async throws -> (
    precincts: [Precinct], synthetic: Bool
  ) {
    let rows = try await read(
      """
      SELECT precinct, constituency_number, territorial_commission, abroad, expected_electorate, synthetic
      FROM precinct_register WHERE election_id = ? ORDER BY precinct
      """, [.text(election)])
    return (
      rows.map {
        Precinct(
          id: $0[0].text ?? "", constituency: $0[1].int, territorialCommission: $0[2].text,
          abroad: $0[3].bool ?? false, expectedElectorate: $0[4].int)
      }, rows.contains { $0[5].bool == true }
    )
  }

  /// The precincts with a counted protocol of `ballot` (file imports and accepted double entries).
  public func countedPrecincts(election: String, ballot: BallotType) async throws -> Set<String> {
    Set(
      try await backend.query(
        "SELECT precinct FROM protocols WHERE election_id = ? AND ballot = ?",
        [.text(election), .text(ballot.rawValue)]
      ).compactMap { $0[0].text })
  }

  /// "N of M protocols in" at every level, from the stored register and the counted protocols.
  /// - Throws: ``StoreError`` `notFound` when the election has no stored register.
  public func completeness(
    election: String, ballot: BallotType, region: (Int) -> String? = { _ in nil }
  ) async throws -> Completeness {
    let (register, synthetic) = try await register(election: election)
    guard !register.isEmpty else {
      throw StoreError(.notFound, "no precinct register of '\(election)' is stored")
    }
    return Completeness.of(
      register: register, counted: try await countedPrecincts(election: election, ballot: ballot),
      ballot: ballot, region: region, synthetic: synthetic)
  }

  /// Refuses an entry whose precinct is not in the stored register, or lies in another constituency
  /// there (no check when no register is stored).
  func checkRegister(_ p: PollingStationProtocol, election: String, _ tx: any SQLTransaction)
    async throws
  {
    let any = try await tx.query(
      SQLStatement(
        "SELECT 1 FROM precinct_register WHERE election_id = ? LIMIT 1", [.text(election)]))
    guard !any.isEmpty else { return }
    guard
      let row = try await tx.query(
        SQLStatement(
          "SELECT constituency_number FROM precinct_register WHERE election_id = ? AND precinct = ?",
          [.text(election), .text(p.precinct)])
      ).first
    else {
      throw StoreError(
        .invalidInput, "precinct '\(p.precinct)' is not in the precinct register of '\(election)'")
    }
    if let registered = row[0].int, let given = p.constituency, registered != given {
      throw StoreError(
        .invalidInput,
        "precinct '\(p.precinct)' lies in constituency \(registered) in the register, not \(given)")
    }
  }
}
