import Foundation
import SaylauRegistry

/// One step of the schema's history. Steps are applied in order, each in its own transaction, and
/// recorded in `schema_migrations`; an applied step is never edited, a change is a new step.
public struct Migration: Sendable {
  public var version: Int
  public var name: String
  /// Statements for both engines; `dialectSpecific` overrides them where the engines differ.
  public var statements: [String]
  public var dialectSpecific: [SQLDialect: [String]]
  /// After its statements, the step rewrites the registry tables from the registry given to
  /// ``Schema/migrate(_:through:registry:)``, in the same transaction, when the database already holds a
  /// registry (an empty database is seeded afterwards instead).
  public var rebuildsRegistry: Bool

  public init(
    _ version: Int, _ name: String, _ statements: [String],
    dialectSpecific: [SQLDialect: [String]] = [:], rebuildsRegistry: Bool = false
  ) {
    self.version = version
    self.name = name
    self.statements = statements
    self.dialectSpecific = dialectSpecific
    self.rebuildsRegistry = rebuildsRegistry
  }

  func statements(for dialect: SQLDialect) -> [String] { dialectSpecific[dialect] ?? statements }
}

/// The schema. Portable SQL: BIGINT for every count (SQLite stores it as INTEGER), TEXT for codes and
/// ISO dates, SMALLINT 0/1 for flags; NULL means "not known", never zero.
public enum Schema {
  public static let migrations: [Migration] = [
    Migration(
      1, "registry",
      [
        """
        CREATE TABLE regions (
            code TEXT PRIMARY KEY,
            iso_code TEXT NOT NULL UNIQUE,
            kato_prefix TEXT,
            name_en TEXT NOT NULL,
            name_kk TEXT,
            name_ru TEXT,
            kind TEXT NOT NULL,
            administrative_center TEXT,
            population BIGINT,
            population_year BIGINT,
            population_date TEXT,
            population_source TEXT
        )
        """,
        """
        CREATE TABLE units (
            code TEXT PRIMARY KEY,
            region_code TEXT NOT NULL REFERENCES regions(code),
            name_en TEXT NOT NULL,
            name_kk TEXT,
            name_ru TEXT,
            kind TEXT NOT NULL,
            kato TEXT,
            population BIGINT,
            population_year BIGINT,
            population_date TEXT,
            population_source TEXT,
            census_2021 BIGINT
        )
        """,
        """
        CREATE TABLE unit_geo_codes (
            unit_code TEXT NOT NULL REFERENCES units(code),
            geo_code TEXT NOT NULL,
            PRIMARY KEY (unit_code, geo_code)
        )
        """,
        "CREATE INDEX unit_geo_codes_geo ON unit_geo_codes (geo_code)",
        """
        CREATE TABLE constituencies (
            id TEXT PRIMARY KEY,
            number BIGINT NOT NULL,
            region_code TEXT REFERENCES regions(code),
            seat TEXT,
            population BIGINT,
            population_year BIGINT,
            electorate BIGINT,
            electorate_year BIGINT,
            electorate_source TEXT,
            member_name TEXT,
            member_party TEXT,
            established TEXT NOT NULL,
            abolished TEXT
        )
        """,
        "CREATE INDEX constituencies_number ON constituencies (number, established)",
        """
        CREATE TABLE constituency_units (
            constituency_id TEXT NOT NULL REFERENCES constituencies(id),
            position BIGINT NOT NULL,
            unit_code TEXT NOT NULL REFERENCES units(code),
            is_partial SMALLINT NOT NULL,
            is_inferred SMALLINT NOT NULL,
            PRIMARY KEY (constituency_id, unit_code)
        )
        """,
        """
        CREATE TABLE constituency_borders (
            constituency_id TEXT NOT NULL REFERENCES constituencies(id),
            neighbour_number BIGINT NOT NULL,
            PRIMARY KEY (constituency_id, neighbour_number)
        )
        """,
      ]),
    Migration(
      2, "elections",
      [
        """
        CREATE TABLE elections (
            id TEXT PRIMARY KEY,
            date TEXT NOT NULL,
            chamber TEXT NOT NULL,
            title TEXT NOT NULL,
            list_seats BIGINT,
            constituency_seats BIGINT,
            electorate BIGINT,
            ballots_cast BIGINT,
            turnout_percent TEXT,
            synthetic SMALLINT NOT NULL,
            source TEXT
        )
        """,
        """
        CREATE TABLE list_results (
            election_id TEXT NOT NULL REFERENCES elections(id),
            party_code TEXT NOT NULL,
            row_type TEXT NOT NULL,
            name_en TEXT NOT NULL,
            name_kk TEXT,
            name_ru TEXT,
            votes BIGINT,
            percent TEXT,
            list_seats BIGINT,
            constituency_seats BIGINT,
            total_seats BIGINT,
            PRIMARY KEY (election_id, party_code)
        )
        """,
        """
        CREATE TABLE constituency_candidates (
            election_id TEXT NOT NULL REFERENCES elections(id),
            constituency_number BIGINT NOT NULL,
            candidate TEXT NOT NULL,
            party TEXT,
            votes BIGINT,
            percent TEXT,
            elected SMALLINT NOT NULL,
            PRIMARY KEY (election_id, constituency_number, candidate)
        )
        """,
      ]),
    Migration(
      3, "protocols",
      [
        """
        CREATE TABLE imports (
            id BIGINT PRIMARY KEY,
            election_id TEXT NOT NULL REFERENCES elections(id),
            source TEXT NOT NULL,
            protocols BIGINT NOT NULL,
            synthetic SMALLINT NOT NULL,
            imported_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE protocols (
            election_id TEXT NOT NULL REFERENCES elections(id),
            station TEXT NOT NULL,
            ballot TEXT NOT NULL CHECK (ballot IN ('list', 'constituency')),
            constituency_number BIGINT,
            electorate BIGINT,
            ballots_cast BIGINT,
            invalid BIGINT,
            import_id BIGINT NOT NULL REFERENCES imports(id),
            PRIMARY KEY (election_id, station, ballot)
        )
        """,
        """
        CREATE TABLE protocol_votes (
            election_id TEXT NOT NULL,
            station TEXT NOT NULL,
            ballot TEXT NOT NULL,
            choice TEXT NOT NULL,
            votes BIGINT NOT NULL CHECK (votes >= 0),
            PRIMARY KEY (election_id, station, ballot, choice),
            FOREIGN KEY (election_id, station, ballot) REFERENCES protocols(election_id, station, ballot)
        )
        """,
        "CREATE INDEX protocols_constituency ON protocols (election_id, ballot, constituency_number)",
      ]),
    Migration(
      4, "plans",
      [
        """
        CREATE TABLE plans (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            source TEXT
        )
        """,
        """
        CREATE TABLE plan_assignments (
            plan_id TEXT NOT NULL REFERENCES plans(id),
            unit_code TEXT NOT NULL REFERENCES units(code),
            district BIGINT NOT NULL,
            PRIMARY KEY (plan_id, unit_code)
        )
        """,
      ]),
    Migration(
      5, "election regime",
      [
        // The regime (rules.md A0: R1999, R2009, R2022, ...) decides how seats are computed from votes.
        "ALTER TABLE elections ADD COLUMN regime TEXT"
      ]),
    Migration(
      6, "constituency dates as published",
      [
        // `established` and `abolished` are days for date queries; a source may know only the year
        // ("abolished in 2007"), which these columns keep so that no page shows a day nobody published.
        "ALTER TABLE constituencies ADD COLUMN established_as_published TEXT",
        "ALTER TABLE constituencies ADD COLUMN abolished_as_published TEXT",
      ]),
    Migration(
      7, "composition basis",
      [
        // sourced, deduced or inferred: how a unit's membership is known (is_inferred alone loses "deduced").
        "ALTER TABLE constituency_units ADD COLUMN basis TEXT"
      ]),
    Migration(
      8, "protocols keep every line",
      [
        // The one protocol model (every line of rules.md A2) in the protocol's own words; votes are keyed by
        // choice code (a party code or c<position>). Rows imported before keep NULL in the new lines: not
        // known. RENAME COLUMN needs SQLite 3.25 (it also renames the column in the foreign key that refers
        // to it) and works on PostgreSQL.
        "ALTER TABLE protocols RENAME COLUMN station TO precinct",
        "ALTER TABLE protocols RENAME COLUMN electorate TO voters_on_list",
        "ALTER TABLE protocols RENAME COLUMN ballots_cast TO ballots_issued",
        "ALTER TABLE protocols ADD COLUMN ballots_received BIGINT",
        "ALTER TABLE protocols ADD COLUMN ballots_in_box BIGINT",
        "ALTER TABLE protocols ADD COLUMN unused BIGINT",
        "ALTER TABLE protocols ADD COLUMN against_all BIGINT",
        "ALTER TABLE protocol_votes RENAME COLUMN station TO precinct",
      ]),
    Migration(
      9, "registry as domain values",
      [
        // What `Store.registry()` needs to rebuild `Registry` exactly: the schemes with their dates as
        // published (HistoricalDate text), each constituency's scheme and the facts the records dropped,
        // dataset order, every part of a dated count, polygon hosts. Lists are JSON arrays of strings.
        """
        CREATE TABLE constituency_schemes (
            id TEXT PRIMARY KEY,
            seat_count BIGINT NOT NULL,
            formed TEXT NOT NULL,
            in_force TEXT NOT NULL,
            abolished TEXT,
            election_days TEXT NOT NULL,
            legal_basis TEXT NOT NULL,
            abolition_basis TEXT,
            sources TEXT NOT NULL
        )
        """
      ]
        + addColumns(
          "regions",
          ["position BIGINT", "population_note TEXT"] + countColumns("census_2021")
            + ["established TEXT", "territory_changed TEXT", "notes TEXT"])
        + addColumns(
          "units",
          [
            "position BIGINT", "population_note TEXT", "census_2021_year BIGINT",
            "census_2021_date TEXT", "census_2021_source TEXT", "census_2021_note TEXT",
            "host_geo_code TEXT", "notes TEXT",
          ])
        + addColumns("unit_geo_codes", ["position BIGINT"])
        + addColumns(
          "constituencies",
          [
            "scheme_id TEXT REFERENCES constituency_schemes(id)", "region_name TEXT",
            "population_date TEXT", "population_source TEXT", "population_note TEXT",
            "electorate_date TEXT", "electorate_note TEXT", "member_elected BIGINT",
            "member_vote_percent TEXT", "member_source TEXT", "borders_basis TEXT", "notes TEXT",
            "sources TEXT",
          ]),
      // A database seeded before this step has none of these facts. They are not derived from its rows
      // (that would be guessing); the step rewrites the registry tables from the registry the store is
      // opened with (the bundled one by default), keeping every region and unit that plans refer to.
      rebuildsRegistry: true),
    Store.publishedElectionsMigration,
    Migration(
      11, "protocol lines of S7 and regime rules",
      // The protocol lines the law has beyond A2 (home voting, absentee certificates, unofficial form,
      // spoiled, lost) and the round; the regime's candidate quota, list length and withdrawal rule.
      addColumns(
        "protocols",
        [
          "absentee_voters BIGINT", "ballots_issued_at_home BIGINT",
          "ballots_in_portable_boxes BIGINT", "unofficial_form BIGINT", "spoiled BIGINT",
          "lost BIGINT", "round BIGINT",
        ])
        + addColumns(
          "regimes",
          [
            "quota_percent BIGINT", "quota_groups TEXT", "quota_applies_to TEXT",
            "quota_sources TEXT", "list_length_extra_percent BIGINT",
            "withdrawal_extension_months BIGINT",
          ])),
    Store.protocolVersionsMigration,
    Store.accountsMigration,
    Store.doubleEntryMigration,
    Store.registerMigration,
    ensembleJobsMigration,
    Store.resultsMigration,
    Store.commissionProtocolsMigration,
  ]

  static func addColumns(_ table: String, _ columns: [String]) -> [String] {
    columns.map { "ALTER TABLE \(table) ADD COLUMN \($0)" }
  }

  static func countColumns(_ name: String) -> [String] {
    [
      "\(name) BIGINT", "\(name)_year BIGINT", "\(name)_date TEXT", "\(name)_source TEXT",
      "\(name)_note TEXT",
    ]
  }

  /// Creates `schema_migrations` if needed and applies the missing steps; returns the versions applied.
  ///
  /// - Parameters:
  ///   - backend: the database to migrate.
  ///   - through: apply the steps up to this version only (tests build old databases with it).
  ///   - registry: the registry a step that rebuilds the registry tables writes (read only if one does, on
  ///     a database that already holds a registry).
  /// - Throws: `StoreError` when such a step finds no registry given; a database error rolls back the
  ///   step (earlier steps stay applied).
  @discardableResult
  public static func migrate(
    _ backend: any StoreBackend, through: Int? = nil,
    registry: (@Sendable () throws -> Registry)? = nil
  ) async throws -> [Int] {
    try await backend.transaction([
      SQLStatement(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
      )
    ])
    let applied = Set(
      try await backend.query("SELECT version FROM schema_migrations").compactMap { $0[0].int })
    var done: [Int] = []
    for migration in migrations.sorted(by: { $0.version < $1.version })
    where !applied.contains(migration.version) && migration.version <= (through ?? Int.max) {
      var statements = migration.statements(for: backend.dialect).map { SQLStatement($0) }
      if migration.rebuildsRegistry,
        try await backend.query("SELECT COUNT(*) FROM regions").first?[0].int ?? 0 > 0
      {
        guard let registry else {
          throw StoreError(
            .invalidInput,
            "migration \(migration.version) (\(migration.name)) rewrites the registry tables and needs the registry to write; none was given"
          )
        }
        statements += Store.registryStatements(try registry())
      }
      statements.append(
        SQLStatement(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
          [.int(migration.version), .text(migration.name), .text(Timestamp.now())]))
      try await backend.transaction(statements)
      done.append(migration.version)
    }
    return done
  }

  /// The highest version applied, or 0 for an empty database.
  public static func currentVersion(_ backend: any StoreBackend) async throws -> Int {
    let rows = try await backend.query("SELECT CAST(MAX(version) AS BIGINT) FROM schema_migrations")
    return rows.first?[0].int ?? 0
  }
}

/// UTC timestamps as ISO 8601 text, the same on both engines.
enum Timestamp {
  static func now() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date())
  }
}
