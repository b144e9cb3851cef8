import Foundation
import Logging

/// The database of record: the registry, elections, imported protocols and plans, on SQLite or PostgreSQL.
///
/// Every write is one transaction. Input is validated in full before the transaction starts, so bad input
/// changes nothing, and a crash in the middle of a write leaves the database as it was.
public final class Store: Sendable {
  public let backend: any StoreBackend

  public init(backend: any StoreBackend) {
    self.backend = backend
  }

  /// Opens a SQLite file (creating it), applies missing migrations and seeds an empty database.
  public static func openSQLite(
    path: String, seed: @escaping @Sendable () throws -> BundledSeed = { try BundledSeed.load() }
  ) async throws -> Store {
    let store = Store(backend: try SQLiteBackend(path: path))
    try await store.prepare(seed: seed)
    return store
  }

  /// Connects to PostgreSQL, applies missing migrations and seeds an empty database.
  ///
  /// Several processes may open the same empty database at once (replicas of the service, workers): the
  /// migrations and the seeding run under a PostgreSQL advisory lock, so one process prepares the database
  /// and the others find it ready.
  ///
  /// - Parameters:
  ///   - url: the primary, where every write goes.
  ///   - readURL: a streaming standby of it for the reads outside transactions (``ReadReplicaBackend``).
  ///   - logger: the connection pool's logger.
  ///   - seed: what an empty database is seeded with.
  /// - Throws: ``StoreError`` when a server cannot be reached or a migration fails.
  public static func openPostgres(
    url: String, readURL: String? = nil, logger: Logger = Logger(label: "saylau.postgres"),
    seed: @escaping @Sendable () throws -> BundledSeed = { try BundledSeed.load() }
  ) async throws -> Store {
    let location = try PostgresLocation(url: url)
    let standby = try readURL.map { try PostgresLocation(url: $0) }
    try await PostgresBackend.check(location, logger: logger)
    if let standby { try await PostgresBackend.check(standby, logger: logger) }
    let primary = PostgresBackend(location, logger: logger)
    do {
      try await PostgresBackend.withAdvisoryLock(location, logger: logger) {
        try await Store(backend: primary).prepare(seed: seed)
      }
    } catch {
      try? await primary.close()
      throw error
    }
    guard let standby else { return Store(backend: primary) }
    return Store(
      backend: ReadReplicaBackend(
        primary: primary, standby: PostgresBackend(standby, logger: logger)))
  }

  /// Migrates, then seeds if the registry is empty.
  ///
  /// - Parameter seed: what an empty database is seeded with; also the registry a migration rebuilds the
  ///   registry tables from when it needs one (migration 9, for a database seeded before it). Read only
  ///   when needed.
  public func prepare(seed: @escaping @Sendable () throws -> BundledSeed) async throws {
    try await Schema.migrate(backend, registry: { try seed().registry })
    if try await !isSeeded() {
      try await self.seed(try seed())
    } else if try await count("regimes") == 0 {
      // A database seeded before migration 10: its elections gain the catalogue, the regimes and the
      // published results' remaining facts from the same seed (no guessing; imported protocols stay).
      let s = try seed()
      try await saveElections(s.elections, regimes: s.regimes, parties: s.parties)
    }
  }

  public func close() async throws { try await backend.close() }

  public func isSeeded() async throws -> Bool {
    try await count("regions") > 0
  }

  func count(_ table: String) async throws -> Int {
    try await backend.query("SELECT COUNT(*) FROM \(table)").first?[0].int ?? 0
  }

  // MARK: Seeding

  /// Writes the registry and the published elections in one transaction.
  public func seed(_ seed: BundledSeed) async throws {
    try await backend.transaction(Self.registryStatements(seed.registry))
    try await saveElections(seed.elections, regimes: seed.regimes, parties: seed.parties)
  }

  // MARK: Elections

  static let electionColumns =
    "id, date, chamber, title, list_seats, constituency_seats, electorate, ballots_cast, turnout_percent, synthetic, source, regime, date_as_published, has_result"

  static func election(_ row: SQLRow) -> ElectionRecord {
    ElectionRecord(
      id: row[0].text ?? "", date: row[12].text ?? row[1].text ?? "", chamber: row[2].text ?? "",
      title: row[3].text ?? "",
      listSeats: row[4].int, constituencySeats: row[5].int, electorate: row[6].int,
      ballotsCast: row[7].int,
      turnoutPercent: row[8].text, synthetic: row[9].bool ?? false, source: row[10].text,
      regime: row[11].text, hasResult: row[13].bool)
  }

  public func elections() async throws -> [ElectionRecord] {
    try await backend.query("SELECT \(Self.electionColumns) FROM elections ORDER BY date, id").map(
      Self.election)
  }

  public func election(id: String) async throws -> ElectionRecord? {
    try await backend.query(
      "SELECT \(Self.electionColumns) FROM elections WHERE id = ?", [.text(id)]
    ).first.map(
      Self.election)
  }

  /// Published party-list rows, parties by votes (largest first), then the other rows.
  public func listResults(election id: String) async throws -> [ListResultRecord] {
    try await backend.query(
      """
      SELECT party_code, row_type, name_en, name_kk, name_ru, votes, percent, list_seats, constituency_seats,
      total_seats FROM list_results WHERE election_id = ?
      ORDER BY CASE row_type WHEN 'party' THEN 0 WHEN 'against_all' THEN 1 WHEN 'independents' THEN 2 ELSE 3 END,
      votes DESC, party_code
      """, [.text(id)]
    ).map { row in
      ListResultRecord(
        partyCode: row[0].text ?? "", rowType: row[1].text ?? "",
        name: Names(en: row[2].text ?? "", kk: row[3].text, ru: row[4].text), votes: row[5].int,
        percent: row[6].text, listSeats: row[7].int, constituencySeats: row[8].int,
        totalSeats: row[9].int)
    }
  }

  /// Published constituency candidate rows, by constituency number.
  public func candidates(election id: String, constituency: Int? = nil) async throws
    -> [CandidateRecord]
  {
    var sql =
      "SELECT constituency_number, candidate, party, votes, percent, elected FROM constituency_candidates WHERE election_id = ?"
    var args: [SQLValue] = [.text(id)]
    if let constituency {
      sql += " AND constituency_number = ?"
      args.append(.int(constituency))
    }
    sql += " ORDER BY constituency_number, elected DESC, candidate"
    return try await backend.query(sql, args).map { row in
      CandidateRecord(
        constituency: row[0].int ?? 0, candidate: row[1].text ?? "", party: row[2].text,
        votes: row[3].int,
        percent: row[4].text, elected: row[5].bool ?? false)
    }
  }
}
