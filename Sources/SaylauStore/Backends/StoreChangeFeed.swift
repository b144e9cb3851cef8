import Foundation
import Logging
import PostgresNIO

/// Tells a process that holds answers in memory when a write has landed anywhere: on this process, on
/// another replica, or from a command-line import.
///
/// Every write transaction of ``PostgresBackend`` ends with `pg_notify('saylau_changes', '')`, which
/// PostgreSQL delivers to every listener when the transaction commits. The feed keeps one connection of its
/// own that `LISTEN`s on that channel and calls `onChange` for each notification. When the reads of the
/// store go to a streaming standby (``ReadReplicaBackend``), `onChange` is called only once the standby has
/// replayed the primary's WAL up to the notification, so an answer recomputed after it sees the write.
///
/// A lost connection (the server restarted, the network failed) is retried with a growing pause, and
/// `onChange` is called after every reconnection, since notifications sent meanwhile are lost.
public struct StoreChangeFeed: Sendable {
  /// The notification channel every write transaction announces itself on.
  public static let channel = "saylau_changes"

  public let location: PostgresLocation
  /// Where the reads go, if not to `location`: the feed waits for it to catch up before `onChange`.
  public let readReplica: ReadReplicaBackend?
  public let logger: Logger

  /// - Parameters:
  ///   - location: the primary, where the writes are (and where `LISTEN` works: a standby refuses it).
  ///   - readReplica: the backend whose standby the reads use, if any.
  ///   - logger: where reconnections are logged.
  public init(
    location: PostgresLocation, readReplica: ReadReplicaBackend? = nil,
    logger: Logger = Logger(label: "saylau.changes")
  ) {
    self.location = location
    self.readReplica = readReplica
    self.logger = logger
  }

  /// Listens until the task is cancelled.
  /// - Parameters:
  ///   - onListening: called each time the feed is (again) listening.
  ///   - onLost: called when the connection is lost (writes may go unheard until `onListening`).
  ///   - onChange: called after each committed write (and after each reconnection).
  public func run(
    onListening: @escaping @Sendable () -> Void = {}, onLost: @escaping @Sendable () -> Void = {},
    onChange: @escaping @Sendable () -> Void
  ) async {
    var pause = Duration.milliseconds(100)
    var attempt = 0
    while !Task.isCancelled {
      attempt += 1
      do {
        var configuration = PostgresConnection.Configuration(
          host: location.host, port: location.port, username: location.user,
          password: location.password, database: location.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(5)
        let connection = try await PostgresConnection.connect(
          configuration: configuration, id: 0, logger: logger)
        defer { Task { try? await connection.close() } }
        try await connection.listen(on: Self.channel) { notifications in
          pause = .milliseconds(100)
          onListening()
          // Notifications sent while the feed was away are lost: whatever is cached may be stale.
          if attempt > 1 { onChange() }
          for try await _ in notifications {
            if let readReplica { await readReplica.waitForReplay(timeout: .seconds(2)) }
            onChange()
          }
        }
      } catch {
        onLost()
        if Task.isCancelled { return }
        logger.warning(
          "change feed lost its connection; retrying",
          metadata: ["database": "\(location.redacted)", "error": "\(String(reflecting: error))"])
      }
      try? await Task.sleep(for: pause)
      pause = min(pause * 2, .seconds(2))
    }
  }
}

/// Reads from a PostgreSQL streaming standby, writes (and reads inside transactions) on the primary.
///
/// A read right after a write may not see it yet (replication is asynchronous); ``waitForReplay(timeout:)``
/// waits until the standby has replayed everything the primary had written when it was called.
public final class ReadReplicaBackend: StoreBackend {
  public let dialect = SQLDialect.postgres
  public let primary: PostgresBackend
  public let standby: PostgresBackend

  public init(primary: PostgresBackend, standby: PostgresBackend) {
    self.primary = primary
    self.standby = standby
  }

  public func query(_ sql: String, _ arguments: [SQLValue]) async throws -> [SQLRow] {
    try await standby.query(sql, arguments)
  }

  /// Writes go to the primary, so the primary answers whether one can be taken now.
  public func checkWritable() async throws { try await primary.checkWritable() }

  public func withTransaction<R: Sendable>(_ body: (any SQLTransaction) async throws -> R)
    async throws -> R
  {
    try await primary.withTransaction(body)
  }

  /// Waits until the standby has replayed the primary's WAL as of now, or `timeout` has passed.
  ///
  /// "As of now" is the WAL *inserted* so far: with asynchronous commit a committed transaction's record
  /// may not be written yet, and the write position (`pg_current_wal_lsn`) would be behind it.
  public func waitForReplay(timeout: Duration) async {
    guard
      let lsn = try? await primary.query("SELECT pg_current_wal_insert_lsn()::text", []).first?[
        0
      ].text
    else { return }
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      let replayed = try? await standby.query(
        "SELECT CAST(CASE WHEN pg_last_wal_replay_lsn() >= CAST(? AS pg_lsn) THEN 1 ELSE 0 END AS BIGINT)",
        [.text(lsn)]
      ).first?[0].int
      if replayed == 1 { return }
      try? await Task.sleep(for: .milliseconds(5))
    }
  }

  public func close() async throws {
    try await primary.close()
    try await standby.close()
  }
}
