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
    path: String, seed: @Sendable () throws -> BundledSeed = { try BundledSeed.load() }
  ) async throws -> Store {
    let store = Store(backend: try SQLiteBackend(path: path))
    try await store.prepare(seed: seed)
    return store
  }

  /// Connects to PostgreSQL, applies missing migrations and seeds an empty database.
  public static func openPostgres(
    url: String, logger: Logger = Logger(label: "saylau.postgres"),
    seed: @Sendable () throws -> BundledSeed = { try BundledSeed.load() }
  ) async throws -> Store {
    let location = try PostgresLocation(url: url)
    try await PostgresBackend.check(location, logger: logger)
    let store = Store(backend: PostgresBackend(location, logger: logger))
    do {
      try await store.prepare(seed: seed)
    } catch {
      try? await store.close()
      throw error
    }
    return store
  }

  /// Migrates, then seeds if the registry is empty.
  public func prepare(seed: () throws -> BundledSeed) async throws {
    try await Schema.migrate(backend)
    if try await !isSeeded() {
      try await self.seed(try seed())
    } else if try await count("regimes") == 0 {
      // A database seeded before migration 10: its elections gain the catalogue, the regimes and the
      // published results' remaining facts from the same seed (no guessing; imported protocols stay).
      let s = try seed()
      try await saveElections(s.elections, regimes: s.regimes)
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
    var statements: [SQLStatement] = []
    let r = seed.registry
    statements += SQLStatement.insert(
      into: "regions",
      columns: [
        "code", "iso_code", "kato_prefix", "name_en", "name_kk", "name_ru", "kind",
        "administrative_center",
        "population", "population_year", "population_date", "population_source",
      ],
      rows: r.regions.map { g in
        [
          .text(g.code), .text(g.isoCode), SQLValue(g.katoPrefix), .text(g.name.en),
          SQLValue(g.name.kk),
          SQLValue(g.name.ru), .text(g.kind), SQLValue(g.administrativeCenter),
        ] + Self.countValues(g.population)
      })
    statements += SQLStatement.insert(
      into: "units",
      columns: [
        "code", "region_code", "name_en", "name_kk", "name_ru", "kind", "kato", "population",
        "population_year", "population_date", "population_source", "census_2021",
      ],
      rows: r.units.map { u in
        [
          .text(u.code), .text(u.regionCode), .text(u.name.en), SQLValue(u.name.kk),
          SQLValue(u.name.ru),
          .text(u.kind), SQLValue(u.kato),
        ] + Self.countValues(u.population) + [SQLValue(u.census2021)]
      })
    statements += SQLStatement.insert(
      into: "unit_geo_codes", columns: ["unit_code", "geo_code"],
      rows: r.units.flatMap { u in u.geoCodes.map { [.text(u.code), .text($0)] } })
    statements += SQLStatement.insert(
      into: "constituencies",
      columns: [
        "id", "number", "region_code", "seat", "population", "population_year", "electorate",
        "electorate_year", "electorate_source", "member_name", "member_party", "established",
        "abolished", "established_as_published", "abolished_as_published",
      ],
      rows: r.constituencies.map { c in
        [
          .text(c.id), .int(c.number), SQLValue(c.regionCode), SQLValue(c.seat),
          SQLValue(c.population?.value), SQLValue(c.population?.year),
          SQLValue(c.electorate?.value),
          SQLValue(c.electorate?.year), SQLValue(c.electorate?.source), SQLValue(c.member?.name),
          SQLValue(c.member?.party), .text(c.established), SQLValue(c.abolished),
          SQLValue(c.establishedAsPublished), SQLValue(c.abolishedAsPublished),
        ]
      })
    statements += SQLStatement.insert(
      into: "constituency_units",
      columns: ["constituency_id", "position", "unit_code", "is_partial", "is_inferred", "basis"],
      rows: r.constituencies.flatMap { c in
        c.composition.enumerated().map { i, share in
          [
            .text(c.id), .int(i), .text(share.unitCode), SQLValue(share.isPartial),
            SQLValue(share.isInferred), SQLValue(share.basis),
          ]
        }
      })
    statements += SQLStatement.insert(
      into: "constituency_borders", columns: ["constituency_id", "neighbour_number"],
      rows: r.constituencies.flatMap { c in c.borders.map { [.text(c.id), .int($0)] } })
    try await backend.transaction(statements)
    try await saveElections(seed.elections, regimes: seed.regimes)
  }

  static func countValues(_ count: Count?) -> [SQLValue] {
    [SQLValue(count?.value), SQLValue(count?.year), SQLValue(count?.date), SQLValue(count?.source)]
  }

  // MARK: Reading the registry

  /// The whole registry, every life of every constituency, in stable order.
  public func registry() async throws -> RegistrySnapshot {
    let regions = try await backend.query(
      """
      SELECT code, iso_code, kato_prefix, name_en, name_kk, name_ru, kind, administrative_center,
      population, population_year, population_date, population_source FROM regions ORDER BY code
      """
    ).map { row in
      RegionRecord(
        code: row[0].text ?? "", isoCode: row[1].text ?? "", katoPrefix: row[2].text,
        name: Names(en: row[3].text ?? "", kk: row[4].text, ru: row[5].text),
        kind: row[6].text ?? "",
        administrativeCenter: row[7].text, population: Self.count(row, from: 8))
    }
    var geo: [String: [String]] = [:]
    for row in try await backend.query(
      "SELECT unit_code, geo_code FROM unit_geo_codes ORDER BY unit_code, geo_code")
    {
      geo[row[0].text ?? "", default: []].append(row[1].text ?? "")
    }
    let units = try await backend.query(
      """
      SELECT code, region_code, name_en, name_kk, name_ru, kind, kato, population, population_year,
      population_date, population_source, census_2021 FROM units ORDER BY code
      """
    ).map { row in
      UnitRecord(
        code: row[0].text ?? "", regionCode: row[1].text ?? "",
        name: Names(en: row[2].text ?? "", kk: row[3].text, ru: row[4].text),
        kind: row[5].text ?? "",
        kato: row[6].text, population: Self.count(row, from: 7), census2021: row[11].int,
        geoCodes: geo[row[0].text ?? ""] ?? [])
    }
    var compositions: [String: [UnitShareRecord]] = [:]
    for row in try await backend.query(
      "SELECT constituency_id, unit_code, is_partial, is_inferred, basis FROM constituency_units ORDER BY constituency_id, position"
    ) {
      compositions[row[0].text ?? "", default: []].append(
        UnitShareRecord(
          unitCode: row[1].text ?? "", isPartial: row[2].bool ?? false,
          isInferred: row[3].bool ?? false, basis: row[4].text))
    }
    var borders: [String: [Int]] = [:]
    for row in try await backend.query(
      "SELECT constituency_id, neighbour_number FROM constituency_borders ORDER BY constituency_id, neighbour_number"
    ) {
      borders[row[0].text ?? "", default: []].append(row[1].int ?? 0)
    }
    let constituencies = try await backend.query(
      """
      SELECT id, number, region_code, seat, population, population_year, electorate, electorate_year,
      electorate_source, member_name, member_party, established, abolished,
      established_as_published, abolished_as_published
      FROM constituencies ORDER BY established, number
      """
    ).map { row in
      let id = row[0].text ?? ""
      return ConstituencyRecord(
        id: id, number: row[1].int ?? 0, regionCode: row[2].text, seat: row[3].text,
        population: row[4].int.map { Count(value: $0, year: row[5].int) },
        electorate: row[6].int.map { Count(value: $0, year: row[7].int, source: row[8].text) },
        composition: compositions[id] ?? [], borders: borders[id] ?? [],
        member: row[9].text.map { MemberRecord(name: $0, party: row[10].text) },
        established: row[11].text ?? "", abolished: row[12].text,
        establishedAsPublished: row[13].text, abolishedAsPublished: row[14].text)
    }
    return RegistrySnapshot(regions: regions, units: units, constituencies: constituencies)
  }

  static func count(_ row: SQLRow, from i: Int) -> Count? {
    row[i].int.map {
      Count(value: $0, year: row[i + 1].int, date: row[i + 2].text, source: row[i + 3].text)
    }
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
