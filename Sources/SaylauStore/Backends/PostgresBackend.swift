import Foundation
import Logging
import PostgresNIO

/// Where a PostgreSQL server is, parsed from a `postgres://user:password@host:port/database` URL.
public struct PostgresLocation: Sendable, Equatable {
  public var host: String
  public var port: Int
  public var user: String
  public var password: String?
  public var database: String?

  /// Parses a `postgres://` or `postgresql://` URL; TLS is not used (the server is expected on loopback
  /// or a private network).
  public init(url: String) throws {
    guard let components = URLComponents(string: url),
      components.scheme == "postgres" || components.scheme == "postgresql"
    else {
      throw StoreError(
        .invalidInput, "--postgres: '\(url)' is not a postgres://user@host:port/database URL")
    }
    host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
    port = components.port ?? 5432
    user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
    password = components.password.flatMap { $0.removingPercentEncoding }
    let path =
      components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
    database = path.isEmpty ? nil : path
  }

  /// The same server with another database name.
  public func with(database: String) -> PostgresLocation {
    var copy = self
    copy.database = database
    return copy
  }

  /// The URL form (without the password).
  public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database ?? "")" }
}

/// PostgreSQL through postgres-nio's connection pool.
public final class PostgresBackend: StoreBackend {
  public let dialect = SQLDialect.postgres
  /// Where the server is.
  public let location: PostgresLocation
  private let client: PostgresClient
  private let runner: Task<Void, Never>
  private let logger: Logger
  /// This process's writes, one at a time (imports lock the imports table anyway): waiting here, not on
  /// the table lock, is the wait a server leaves out of its request deadline.
  private let queue = WriteQueue()

  public init(_ location: PostgresLocation, logger: Logger = Logger(label: "saylau.postgres")) {
    var configuration = PostgresClient.Configuration(
      host: location.host, port: location.port, username: location.user,
      password: location.password,
      database: location.database, tls: .disable)
    configuration.options.maximumConnections = 8
    let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    self.location = location
    self.client = client
    self.logger = logger
    // The pool leases connections only while `run()` is running.
    self.runner = Task { await client.run() }
  }

  /// Connects once outside the pool, so a wrong URL or a stopped server fails at once with the server's
  /// message (the pool would retry for a minute before giving up).
  public static func check(
    _ location: PostgresLocation, logger: Logger = Logger(label: "saylau.postgres")
  ) async throws {
    var configuration = PostgresConnection.Configuration(
      host: location.host, port: location.port, username: location.user,
      password: location.password,
      database: location.database, tls: .disable)
    configuration.options.connectTimeout = .seconds(5)
    do {
      let connection = try await PostgresConnection.connect(
        configuration: configuration, id: 1, logger: logger)
      try await connection.close()
    } catch let error as PSQLError {
      throw StoreError(.database, "cannot connect to \(location.redacted): \(message(error))")
    } catch {
      throw StoreError(.database, "cannot connect to \(location.redacted): \(error)")
    }
  }

  /// Runs `body` while holding the store's session advisory lock on a connection of its own: processes
  /// that prepare the same database at once take turns.
  static func withAdvisoryLock(
    _ location: PostgresLocation, logger: Logger, _ body: () async throws -> Void
  ) async throws {
    let configuration = PostgresConnection.Configuration(
      host: location.host, port: location.port, username: location.user,
      password: location.password,
      database: location.database, tls: .disable)
    let connection: PostgresConnection
    do {
      connection = try await PostgresConnection.connect(
        configuration: configuration, id: 2, logger: logger)
    } catch let error as PSQLError {
      throw StoreError(.database, "cannot connect to \(location.redacted): \(message(error))")
    }
    // The lock is released when the connection closes, whatever happens in between.
    defer { Task { try? await connection.close() } }
    do {
      try await connection.query("SELECT pg_advisory_lock(\(advisoryLockKey))", logger: logger)
    } catch let error as PSQLError {
      throw StoreError(.database, "PostgreSQL: \(message(error))")
    }
    try await body()
    _ = try? await connection.query(
      "SELECT pg_advisory_unlock(\(advisoryLockKey))", logger: logger)
  }

  /// The advisory lock key of schema preparation ("saylau" in ASCII).
  static let advisoryLockKey: Int = 0x73_61_79_6c_61_75

  /// Rewrites `?` placeholders to PostgreSQL's `$n`. The schema's SQL never has `?` inside string literals.
  static func numbered(_ sql: String) -> String {
    var out = ""
    out.reserveCapacity(sql.utf8.count + 16)
    var n = 0
    for ch in sql {
      if ch == "?" {
        n += 1
        out += "$\(n)"
      } else {
        out.append(ch)
      }
    }
    return out
  }

  static func query(_ statement: SQLStatement) -> PostgresQuery {
    var binds = PostgresBindings(capacity: statement.arguments.count)
    for value in statement.arguments {
      switch value {
      case .null: binds.appendNull()
      case .int(let v): binds.append(v)
      case .double(let d): binds.append(d)
      case .text(let s): binds.append(s)
      }
    }
    return PostgresQuery(unsafeSQL: numbered(statement.sql), binds: binds)
  }

  static func value(_ cell: PostgresCell) throws -> SQLValue {
    guard cell.bytes != nil else { return .null }
    switch cell.dataType {
    case .int8, .int4, .int2: return .int(try cell.decode(Int.self))
    case .float8, .float4: return .double(try cell.decode(Double.self))
    case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
    case .numeric:
      // SUM over BIGINT is NUMERIC in PostgreSQL; the schema's queries cast sums, so this is a fallback.
      let text = try cell.decode(String.self)
      if let v = Int(text) { return .int(v) }
      return .text(text)
    default: return .text(try cell.decode(String.self))
    }
  }

  public func query(_ sql: String, _ arguments: [SQLValue]) async throws -> [SQLRow] {
    do {
      let rows = try await client.query(Self.query(SQLStatement(sql, arguments)), logger: logger)
      var out: [SQLRow] = []
      for try await row in rows {
        var columns: [String] = []
        var values: [SQLValue] = []
        for cell in row {
          columns.append(cell.columnName)
          values.append(try Self.value(cell))
        }
        out.append(SQLRow(columns: columns, values: values))
      }
      return out
    } catch let error as PSQLError {
      throw Self.storeError(error)
    }
  }

  public func withTransaction<R: Sendable>(_ body: (any SQLTransaction) async throws -> R)
    async throws -> R
  {
    try await queue.acquire()
    let outcome: Result<R, any Error>
    do {
      outcome = .success(
        try await client.withTransaction(logger: logger) { connection in
          let result = try await body(Transaction(connection: connection, logger: logger))
          // Every write announces itself to the replicas that cache answers (StoreChangeFeed); PostgreSQL
          // delivers the notification when, and only if, the transaction commits.
          try await connection.query(
            "SELECT pg_notify(\(StoreChangeFeed.channel), '')", logger: logger)
          return result
        })
    } catch { outcome = .failure(error) }
    await queue.release()
    do {
      return try outcome.get()
    } catch let error as PostgresTransactionError {
      let underlying = error.closureError ?? error.beginError ?? error.commitError ?? error
      if let store = underlying as? StoreError { throw store }
      if let psql = underlying as? PSQLError {
        throw Self.storeError(psql)
      }
      throw StoreError(.database, "PostgreSQL: \(underlying)")
    }
  }

  /// Statements on the transaction's connection.
  struct Transaction: SQLTransaction, @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger

    func execute(_ statement: SQLStatement) async throws {
      do {
        try await connection.query(PostgresBackend.query(statement), logger: logger)
      } catch let error as PSQLError {
        throw PostgresBackend.storeError(error)
      }
    }

    func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) async throws {
      guard !rows.isEmpty else { return }
      var buffer = ByteBuffer()
      buffer.reserveCapacity(rows.count * columns.count * 8)
      for row in rows { PostgresBackend.appendCopyRow(row, to: &buffer) }
      let data = buffer
      do {
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
          try await writer.write(data)
        }
      } catch let error as PSQLError {
        throw PostgresBackend.storeError(error)
      }
    }

    func query(_ statement: SQLStatement) async throws -> [SQLRow] {
      do {
        let rows = try await connection.query(PostgresBackend.query(statement), logger: logger)
        var out: [SQLRow] = []
        for try await row in rows {
          var columns: [String] = []
          var values: [SQLValue] = []
          for cell in row {
            columns.append(cell.columnName)
            values.append(try PostgresBackend.value(cell))
          }
          out.append(SQLRow(columns: columns, values: values))
        }
        return out
      } catch let error as PSQLError {
        throw PostgresBackend.storeError(error)
      }
    }
  }

  /// Rows in COPY's text format: tab between columns, `\N` for NULL, backslash escapes for the characters
  /// the format gives a meaning (backslash, tab, newline, carriage return), one line per row.
  static func appendCopyRow(_ row: [SQLValue], to buffer: inout ByteBuffer) {
    for (i, value) in row.enumerated() {
      if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
      switch value {
      case .null: buffer.writeStaticString("\\N")
      case .int(let v): appendDecimal(v, to: &buffer)
      case .double(let d): buffer.writeString(String(d))
      case .text(let s): appendCopyEscaped(s, to: &buffer)
      }
    }
    buffer.writeInteger(UInt8(ascii: "\n"))
  }

  static func appendDecimal(_ value: Int, to buffer: inout ByteBuffer) {
    if value < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, no allocation
    var count = 0
    withUnsafeMutableBytes(of: &digits) { raw in
      repeat {
        raw[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
        count += 1
      } while magnitude > 0
      for k in stride(from: count - 1, through: 0, by: -1) { buffer.writeInteger(raw[k]) }
    }
  }

  static func appendCopyEscaped(_ text: String, to buffer: inout ByteBuffer) {
    var text = text
    text.withUTF8 { bytes in
      guard
        bytes.contains(where: {
          $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n")
            || $0 == UInt8(ascii: "\r")
        })
      else {
        buffer.writeBytes(bytes)
        return
      }
      for byte in bytes {
        switch byte {
        case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
        case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
        case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
        case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
        default: buffer.writeInteger(byte)
        }
      }
    }
  }

  /// The store's kind of a PostgreSQL failure, by SQLSTATE: a uniqueness violation is a `conflict`; a lock
  /// not granted, a serialization failure, a deadlock, a read-only server, a server shutting down or too many
  /// connections are `unavailable` (try again); a failure without a server answer (the connection) too.
  static func kind(_ error: PSQLError) -> StoreError.Kind {
    guard let state = error.serverInfo?[.sqlState] else { return .unavailable }
    switch state {
    case "23505": return .conflict
    case "55P03", "40001", "40P01", "25006", "57P01", "57P02", "57P03", "53300", "08000", "08003",
      "08006":
      return .unavailable
    default: return .database
    }
  }

  /// A PostgreSQL failure as a ``StoreError``: `database` keeps the server's message (the log's; the server
  /// answers "internal error"); `conflict` and `unavailable` get words for a client, the message goes to
  /// ``StoreError/cause``.
  static func storeError(_ error: PSQLError) -> StoreError {
    let text = "PostgreSQL: \(message(error))"
    switch kind(error) {
    case .conflict: return StoreError(.conflict, "it is stored already", cause: text)
    case .unavailable:
      return StoreError(
        .unavailable, "the database cannot take the write now; try again", cause: text)
    default: return StoreError(.database, text)
    }
  }

  /// Writable unless the server is a standby or read-only (a write would fail).
  public func checkWritable() async throws {
    let rows = try await query(
      "SELECT CASE WHEN pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' THEN 1 ELSE 0 END",
      [])
    if rows.first?[0].int == 1 {
      throw StoreError(
        .unavailable, "the PostgreSQL server is read-only (a standby or read-only mode)")
    }
  }

  /// The server's own message (`PSQLError`'s description hides it on purpose).
  static func message(_ error: PSQLError) -> String {
    if let fields = error.serverInfo, let message = fields[.message] {
      let code = fields[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
      return message + code
    }
    if let underlying = error.underlying { return "\(error.code): \(underlying)" }
    return "\(error.code)"
  }

  public func close() async throws {
    runner.cancel()
    _ = await runner.value
  }
}
