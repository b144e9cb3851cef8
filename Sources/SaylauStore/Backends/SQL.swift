import Foundation

/// A value bound to or read from a SQL statement. The schema uses only these four kinds, so the same
/// statements run on SQLite and PostgreSQL (booleans are stored as 0/1, dates as ISO text).
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
  case null
  case int(Int)
  case double(Double)
  case text(String)

  public var int: Int? {
    switch self {
    case .int(let v): return v
    case .text(let s): return Int(s)
    default: return nil
    }
  }

  public var text: String? {
    switch self {
    case .text(let s): return s
    case .int(let v): return String(v)
    case .double(let d): return String(d)
    case .null: return nil
    }
  }

  public var bool: Bool? { int.map { $0 != 0 } }

  public var description: String {
    switch self {
    case .null: return "NULL"
    case .int(let v): return String(v)
    case .double(let d): return String(d)
    case .text(let s): return "'\(s)'"
    }
  }
}

extension SQLValue {
  /// `.null` for `nil`, otherwise the value: optionals map to NULL, never to 0 or "".
  public init(_ value: Int?) { self = value.map { .int($0) } ?? .null }
  public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
  public init(_ value: Bool) { self = .int(value ? 1 : 0) }
}

/// One result row: values by column position, with the column names of the result.
public struct SQLRow: Sendable {
  public var columns: [String]
  public var values: [SQLValue]

  public init(columns: [String], values: [SQLValue]) {
    self.columns = columns
    self.values = values
  }

  public subscript(_ index: Int) -> SQLValue { values[index] }

  public subscript(_ name: String) -> SQLValue {
    guard let i = columns.firstIndex(of: name) else { return .null }
    return values[i]
  }
}

/// A statement with `?` placeholders (rewritten to `$1`, `$2`, … for PostgreSQL) and its arguments.
public struct SQLStatement: Sendable {
  public var sql: String
  public var arguments: [SQLValue]

  public init(_ sql: String, _ arguments: [SQLValue] = []) {
    self.sql = sql
    self.arguments = arguments
  }

  /// One multi-row `INSERT` per chunk of rows: far fewer round trips to PostgreSQL than one per row.
  /// Each chunk stays below PostgreSQL's 65,535 bind parameters and SQLite's 32,766.
  public static func insert(
    into table: String, columns: [String], rows: [[SQLValue]], rowsPerStatement: Int = 500
  ) -> [SQLStatement] {
    guard !rows.isEmpty else { return [] }
    let perStatement = max(1, min(rowsPerStatement, 30_000 / max(1, columns.count)))
    let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    var statements: [SQLStatement] = []
    var start = 0
    while start < rows.count {
      let end = min(rows.count, start + perStatement)
      let chunk = rows[start..<end]
      let sql =
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        + Array(repeating: tuple, count: chunk.count).joined(separator: ", ")
      statements.append(SQLStatement(sql, chunk.flatMap { $0 }))
      start = end
    }
    return statements
  }
}

/// Which SQL engine a backend talks to; migrations may differ by dialect where they must.
public enum SQLDialect: String, Sendable, CaseIterable {
  case sqlite
  case postgres
}

/// A database the store can run statements on. Writes go through a transaction: ``withTransaction(_:)``
/// begins one, runs the body's statements in it as the body produces them (so a large import streams, with
/// bounded memory), and commits when the body returns or rolls back when it throws.
public protocol StoreBackend: Sendable {
  var dialect: SQLDialect { get }
  /// Runs a read-only query.
  func query(_ sql: String, _ arguments: [SQLValue]) async throws -> [SQLRow]
  /// Begins a transaction, runs `body` in it, commits if it returns and rolls back if it throws. Writes of
  /// one process are serialised; the body sees its own uncommitted writes, other readers do not.
  /// Whether the database can take a write now, without writing anything: throws ``StoreError`` of kind
  /// `unavailable` (locked by another writer, read-only) or `database` when it cannot.
  func checkWritable() async throws
  func withTransaction<R: Sendable>(_ body: (any SQLTransaction) async throws -> R) async throws
    -> R
  /// Releases connections; the backend is unusable afterwards.
  func close() async throws
}

/// An open transaction: statements run in it until the ``StoreBackend/withTransaction(_:)`` body ends.
public protocol SQLTransaction: Sendable {
  func execute(_ statement: SQLStatement) async throws
  func query(_ statement: SQLStatement) async throws -> [SQLRow]
  /// Appends `rows` to `table` by the engine's own bulk path: PostgreSQL's `COPY … FROM STDIN` (one command,
  /// no bind parameters), SQLite's one prepared `INSERT` reused for every row in one access to the writer.
  /// Constraints and triggers apply as for `INSERT`.
  func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) async throws
}

extension StoreBackend {
  public func query(_ sql: String) async throws -> [SQLRow] { try await query(sql, []) }

  /// Runs `statements` in one transaction; `progress(done, total)` is called after each statement.
  public func transaction(
    _ statements: [SQLStatement], progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async throws {
    try await withTransaction { tx in
      for (index, statement) in statements.enumerated() {
        try await tx.execute(statement)
        progress?(index + 1, statements.count)
      }
    }
  }
}

/// Why the store refused or failed an operation; the message is one line for a person.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
  public enum Kind: String, Sendable {
    case invalidInput
    case notFound
    /// It exists already (a station's protocol, a plan id); ``details`` names what clashed.
    case conflict
    /// The database cannot take the write now (locked by another writer, read-only, unreachable); trying
    /// again later may succeed. Nothing was written.
    case unavailable
    case database
  }
  public var kind: Kind
  public var message: String
  /// What the error is about, for machines: `station` and `ballot` of a conflicting protocol.
  public var details: [String: String]
  /// The database's own words (SQL, codes) for the log; never shown to a client.
  public var cause: String?

  public init(
    _ kind: Kind, _ message: String, details: [String: String] = [:], cause: String? = nil
  ) {
    self.kind = kind
    self.message = message
    self.details = details
    self.cause = cause
  }

  public var description: String { message }
}
