import Foundation
import SaylauStore
import Testing

/// The two engines every store test runs on.
public enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite
  case postgres

  public var testDescription: String { rawValue }

  /// SQLite always; PostgreSQL when scripts/test.sh started one (SAYLAU_TEST_POSTGRES_URL), and always under
  /// CI=true, where a missing server makes the PostgreSQL cases fail instead of vanishing.
  public static var available: [Engine] {
    let env = ProcessInfo.processInfo.environment
    if env["SAYLAU_TEST_POSTGRES_URL"] != nil || env["CI"] == "true" {
      return [.sqlite, .postgres]
    }
    return [.sqlite]
  }
}

/// A fresh, empty database for one test: a temporary SQLite file or a new PostgreSQL database.
public struct TestDatabase: Sendable {
  public let engine: Engine
  /// `--database` path or `--postgres` URL.
  public let location: String
  public let cleanup: @Sendable () async -> Void

  public static func make(_ engine: Engine) async throws -> TestDatabase {
    // A unique name per test and run (parallel tests, repeated runs); not data, so no seeded generator.
    let name =
      "saylau_test_"
      + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    switch engine {
    case .sqlite:
      let dir = FileManager.default.temporaryDirectory.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      return TestDatabase(
        engine: engine, location: dir.appendingPathComponent("saylau.sqlite").path
      ) {
        try? FileManager.default.removeItem(at: dir)
      }
    case .postgres:
      guard let base = ProcessInfo.processInfo.environment["SAYLAU_TEST_POSTGRES_URL"] else {
        throw TestSetupError(
          "SAYLAU_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL"
        )
      }
      let admin = PostgresBackend(try PostgresLocation(url: base))
      _ = try await admin.query("CREATE DATABASE \(name)")
      try await admin.close()
      let location = try PostgresLocation(url: base).with(database: name)
      let url = "postgres://\(location.user)@\(location.host):\(location.port)/\(name)"
      return TestDatabase(engine: engine, location: url) {
        let admin = PostgresBackend((try? PostgresLocation(url: base))!)
        _ = try? await admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try? await admin.close()
      }
    }
  }

  /// Opens the store (migrating and seeding it on first use).
  public func open() async throws -> Store {
    switch engine {
    case .sqlite: return try await Store.openSQLite(path: location)
    case .postgres: return try await Store.openPostgres(url: location)
    }
  }

  /// Opens the database without migrating or seeding.
  public func openBare() throws -> Store {
    switch engine {
    case .sqlite: return Store(backend: try SQLiteBackend(path: location))
    case .postgres: return Store(backend: PostgresBackend(try PostgresLocation(url: location)))
    }
  }

  /// `--database F` or `--postgres URL` for the command-line tool.
  public var cliArguments: [String] {
    engine == .sqlite ? ["--database", location] : ["--postgres", location]
  }
}

public struct TestSetupError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
