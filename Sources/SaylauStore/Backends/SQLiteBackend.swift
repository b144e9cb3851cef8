import Foundation
import GRDB
import GRDBSQLite

/// SQLite through GRDB: a WAL-mode database pool (many readers, one writer) on a file.
///
/// A transaction spans several accesses to the writer (`BEGIN IMMEDIATE`, the statements as they come,
/// `COMMIT`), so GRDB is told to allow a transaction left open between accesses, and this backend serialises
/// its own transactions with ``WriteQueue`` so no other write of the process runs inside one. Other processes
/// wait on SQLite's lock (busy timeout).
public final class SQLiteBackend: StoreBackend {
  public let dialect = SQLDialect.sqlite
  private let pool: DatabasePool
  private let lock = WriteQueue()

  /// Opens (creating if needed) the database file at `path`.
  public init(path: String) throws {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    // A second writer (another `saylau` process) waits instead of failing at once.
    configuration.busyMode = .timeout(10)
    configuration.allowsUnsafeTransactions = true
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
    } catch {
      throw StoreError(.database, "\(path): cannot open SQLite database (\(error))")
    }
  }

  public func query(_ sql: String, _ arguments: [SQLValue]) async throws -> [SQLRow] {
    let args = StatementArguments(arguments.map(Self.databaseValue))
    do {
      return try await pool.read { db in try Self.rows(db, sql, args) }
    } catch {
      throw Self.storeError(error)
    }
  }

  /// SQLite's own failures in the store's kinds: a lock held by another connection is `unavailable` (try
  /// again), a uniqueness violation a `conflict`; the message (with SQL) stays for the log.
  static func storeError(_ error: any Error) -> any Error {
    guard let db = error as? DatabaseError else { return error }
    switch db.resultCode {
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return StoreError(
        .unavailable, "the database is locked by another writer; try again", cause: "\(db)")
    case .SQLITE_READONLY, .SQLITE_FULL, .SQLITE_CANTOPEN, .SQLITE_IOERR:
      return StoreError(.unavailable, "the database cannot be written now", cause: "\(db)")
    case .SQLITE_CONSTRAINT
    where db.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
      || db.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY:
      return StoreError(.conflict, "it is stored already", cause: "\(db)")
    default:
      return error
    }
  }

  /// `BEGIN IMMEDIATE` and `ROLLBACK` with a short wait: takes the write lock for an instant and writes
  /// nothing. While this process writes (an import holds the lock), the database is writable by definition.
  public func checkWritable() async throws {
    guard await lock.tryAcquire() else { return }
    do {
      try await pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA busy_timeout = 500")
        defer { try? db.execute(sql: "PRAGMA busy_timeout = 10000") }
        try db.execute(sql: "BEGIN IMMEDIATE")
        try db.execute(sql: "ROLLBACK")
      }
      await lock.release()
    } catch {
      await lock.release()
      throw Self.storeError(error)
    }
  }

  public func withTransaction<R: Sendable>(_ body: (any SQLTransaction) async throws -> R)
    async throws -> R
  {
    try await lock.acquire()
    do {
      try await pool.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
      let result = try await body(Transaction(pool: pool))
      try await pool.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
      await lock.release()
      return result
    } catch {
      try? await pool.writeWithoutTransaction { db in
        if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
      }
      await lock.release()
      throw Self.storeError(error)
    }
  }

  /// Statements inside the open transaction, on the pool's one writer connection.
  struct Transaction: SQLTransaction {
    let pool: DatabasePool

    func execute(_ statement: SQLStatement) async throws {
      let args = StatementArguments(statement.arguments.map(SQLiteBackend.databaseValue))
      let sql = statement.sql
      try await pool.writeWithoutTransaction { db in try db.execute(sql: sql, arguments: args) }
    }

    func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) async throws {
      guard !rows.isEmpty else { return }
      let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
      let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(marks))"
      try await pool.writeWithoutTransaction { db in
        // Prepared once per connection (GRDB's statement cache), then bound and stepped for every row through
        // SQLite's C API, as the sqlite3 shell's `.import` does.
        let handle = try db.cachedStatement(sql: sql).sqliteStatement
        defer { sqlite3_reset(handle) }
        for row in rows {
          sqlite3_reset(handle)
          for (i, value) in row.enumerated() {
            let k = Int32(i + 1)
            switch value {
            case .null: sqlite3_bind_null(handle, k)
            case .int(let v): sqlite3_bind_int64(handle, k, sqlite3_int64(v))
            case .double(let d): sqlite3_bind_double(handle, k, d)
            case .text(let s): sqlite3_bind_text(handle, k, s, -1, SQLiteBackend.transient)
            }
          }
          let code = sqlite3_step(handle)
          guard code == SQLITE_DONE else {
            throw DatabaseError(
              resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
              message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
          }
        }
      }
    }

    func query(_ statement: SQLStatement) async throws -> [SQLRow] {
      let args = StatementArguments(statement.arguments.map(SQLiteBackend.databaseValue))
      let sql = statement.sql
      return try await pool.writeWithoutTransaction { db in try SQLiteBackend.rows(db, sql, args) }
    }
  }

  /// SQLite copies a bound text before the call returns (`SQLITE_TRANSIENT`).
  static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  public func close() async throws {
    try pool.close()
  }

  static func databaseValue(_ value: SQLValue) -> DatabaseValue {
    switch value {
    case .null: return .null
    case .int(let v): return v.databaseValue
    case .double(let d): return d.databaseValue
    case .text(let s): return s.databaseValue
    }
  }

  /// The rows of `sql`: the statement prepared once, its column names shared by every row, each value read
  /// straight from SQLite's row (no intermediate row copies), so a read of many rows (every protocol of an
  /// election) costs what SQLite itself costs plus one array per row.
  static func rows(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws
    -> [SQLRow]
  {
    let statement = try db.makeStatement(sql: sql)
    try statement.setArguments(arguments)
    let columns = statement.columnNames
    let n = Int32(columns.count)
    let handle = statement.sqliteStatement
    defer { sqlite3_reset(handle) }
    var out: [SQLRow] = []
    while true {
      let code = sqlite3_step(handle)
      if code == SQLITE_DONE { return out }
      guard code == SQLITE_ROW else {
        throw DatabaseError(
          resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
          message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
      }
      var values: [SQLValue] = []
      values.reserveCapacity(Int(n))
      for i in 0..<n {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_NULL: values.append(.null)
        case SQLITE_INTEGER: values.append(.int(Int(sqlite3_column_int64(handle, i))))
        case SQLITE_FLOAT: values.append(.double(sqlite3_column_double(handle, i)))
        default:
          // Text, and a blob read as UTF-8 text (the store writes none). The pointer comes first, then
          // its length (SQLite's rule for the two calls).
          let text = sqlite3_column_text(handle, i)
          let count = Int(sqlite3_column_bytes(handle, i))
          values.append(
            .text(
              text.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
              }
                ?? ""))
        }
      }
      out.append(SQLRow(columns: columns, values: values))
    }
  }

}
