import Foundation
import GRDB

/// SQLite through GRDB: a WAL-mode database pool (many readers, one writer) on a file.
public final class SQLiteBackend: StoreBackend {
  public let dialect = SQLDialect.sqlite
  private let pool: DatabasePool

  /// Opens (creating if needed) the database file at `path`.
  public init(path: String) throws {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    // A second writer (another `saylau` process) waits instead of failing at once.
    configuration.busyMode = .timeout(10)
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
    } catch {
      throw StoreError(.database, "\(path): cannot open SQLite database (\(error))")
    }
  }

  public func query(_ sql: String, _ arguments: [SQLValue]) async throws -> [SQLRow] {
    let args = StatementArguments(arguments.map(Self.databaseValue))
    return try await pool.read { db in
      let rows = try Row.fetchAll(db, sql: sql, arguments: args)
      return rows.map { row in
        SQLRow(columns: Array(row.columnNames), values: row.databaseValues.map(Self.sqlValue))
      }
    }
  }

  public func transaction(_ statements: [SQLStatement], progress: (@Sendable (Int, Int) -> Void)?)
    async throws
  {
    // `write` wraps the closure in one IMMEDIATE transaction and rolls back if it throws.
    try await pool.write { db in
      for (index, statement) in statements.enumerated() {
        try db.execute(
          sql: statement.sql,
          arguments: StatementArguments(statement.arguments.map(Self.databaseValue)))
        progress?(index + 1, statements.count)
      }
    }
  }

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

  static func sqlValue(_ value: DatabaseValue) -> SQLValue {
    switch value.storage {
    case .null: return .null
    case .int64(let v): return .int(Int(v))
    case .double(let d): return .double(d)
    case .string(let s): return .text(s)
    case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
    }
  }
}
