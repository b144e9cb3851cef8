import Foundation
import SaylauAccounts
import SaylauCore
import SaylauData
import SaylauElections
import SaylauRegistry
import SaylauTestSupport
import Testing

@testable import SaylauStore

@Suite("Store on SQLite and PostgreSQL")
struct StoreTests {
  @Test("migrations create every table once and record their versions", arguments: Engine.available)
  func migrations(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try db.openBare()
    let applied = try await Schema.migrate(store.backend)
    #expect(applied == Schema.migrations.map(\.version))
    #expect(try await Schema.currentVersion(store.backend) == Schema.migrations.last?.version)
    // A second run applies nothing and changes nothing.
    #expect(try await Schema.migrate(store.backend).isEmpty)
    for table in Store.tables {
      #expect(
        try await store.backend.query("SELECT COUNT(*) FROM \(table)").first?[0].int
          == (table == "schema_migrations" ? Schema.migrations.count : 0))
    }
    try await store.close()
  }

  @Test(
    "first use seeds the registry; reading it back gives what was written",
    arguments: Engine.available)
  func seedRoundTrip(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let registry = try await store.registry()
    // SOURCES.md: 20 regions, 221 units (166 districts + 38 cities + 17 city districts), 29 constituencies.
    #expect(registry.regions.count == 20)
    #expect(registry.units.count == 221)
    #expect(registry.units.filter { $0.kind == .district }.count == 166)
    #expect(registry.units.filter { $0.kind == .city }.count == 38)
    #expect(registry.units.filter { $0.kind == .cityDistrict }.count == 17)
    // The store gives back the registry it was seeded with, value for value: the schemes with their dates
    // as published, every life of every number, notes, sources, bases and polygon hosts.
    let bundled = try BundledData.registry()
    #expect(registry == bundled)
    #expect(registry.schemes == bundled.schemes)
    for (a, b) in zip(registry.regions, bundled.regions) { #expect(a == b, "\(a.code)") }
    for (a, b) in zip(registry.units, bundled.units) { #expect(a == b, "\(a.code)") }
    for (a, b) in zip(registry.constituencies, bundled.constituencies) {
      #expect(a == b, "\(a.id)")
    }
    #expect(registry.unit(code: "turkistan.sauran")?.hostGeoCode == "KZ612000")
    let in2023 = try registry.constituencies(on: CalendarDate(iso: "2023-06-01")!)
    #expect(in2023.count == 29)
    // Every unit is in exactly one constituency, except Al-Farabi, split between 6 and 7.
    var holders: [String: [Int]] = [:]
    for c in in2023 {
      for share in c.composition { holders[share.unitCode, default: []].append(c.number) }
    }
    #expect(holders.count == 221)
    #expect(holders["shymkent.al_farabi"] == [6, 7])
    #expect(holders.filter { $0.value.count > 1 }.count == 1)
    // Opening again neither re-seeds nor migrates.
    try await store.close()
    let again = try await db.open()
    #expect(try await again.registry().units.count == 221)
    try await again.close()
  }

  @Test(
    "a database seeded before migration 9 is upgraded: the registry tables are rewritten from the given registry, plans kept",
    arguments: Engine.available)
  func upgradesAnOldDatabase(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let bare = try db.openBare()
    // The schema and the seed as they were at migration 7: the registry with the old columns only.
    try await Schema.migrate(bare.backend, through: 7)
    let bundled = try BundledData.registry()
    try await bare.backend.transaction(OldSeed.statements(bundled))
    try await bare.backend.transaction([
      SQLStatement("INSERT INTO plans (id, name, created_at) VALUES ('p', 'kept', '2026-01-01')"),
      SQLStatement(
        "INSERT INTO plan_assignments (plan_id, unit_code, district) VALUES ('p', 'abai.abai', 8)"),
    ])
    #expect(try await Schema.currentVersion(bare.backend) == 7)
    // Without a registry to write, the step refuses and changes nothing.
    await #expect(throws: StoreError.self) { try await Schema.migrate(bare.backend) }
    #expect(try await Schema.currentVersion(bare.backend) < 9)
    try await bare.close()

    let store = try await db.open()
    #expect(try await Schema.currentVersion(store.backend) == Schema.migrations.last?.version)
    #expect(try await store.registry() == bundled)
    #expect(try await store.plans().first?.assignments == ["abai.abai": 8])
    try await store.close()
  }

  @Test(
    "the 2023 election is seeded with the published national figures", arguments: Engine.available)
  func election2023(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let election = try #require(try await store.election(id: BundledSeed.election2023))
    #expect(election.electorate == 12_035_578)
    #expect(election.ballotsCast == 6_521_860)
    #expect(election.synthetic == false)
    let list = try await store.listResults(election: election.id)
    // CEC, 27 Mar 2023: party and "against all" votes add up to 6,366,441; 69 list seats; 98 seats in all.
    let counted = list.filter { $0.rowType == "party" || $0.rowType == "against_all" }.compactMap(
      \.votes)
    #expect(counted.reduce(0, +) == 6_366_441)
    #expect(list.compactMap(\.listSeats).reduce(0, +) == 69)
    #expect(list.compactMap(\.totalSeats).reduce(0, +) == 98)
    #expect(list.first?.partyCode == "amanat")
    let winners = try await store.candidates(election: election.id).filter(\.elected)
    #expect(winners.map(\.constituency) == [1, 3, 6, 7, 8, 11, 12, 19, 21, 22])
    try await store.close()
  }

  @Test("protocols import in one transaction and sum up", arguments: Engine.available)
  func importAndTotals(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let accepted = try await store.accept(try ProtocolFixtures.csv(stations: 300, seed: 7))
    let record = try await store.importProtocols(
      accepted, election: BundledSeed.election2023, source: "test", synthetic: true,
      protocolsPerBatch: 97)
    #expect(record.protocols == 600)
    #expect(record.synthetic)
    let list = try await store.protocolTotals(election: BundledSeed.election2023, ballot: .list)
    #expect(list.stations == 300)
    // The database's sums equal the import's tallies of the same protocols.
    let schema = accepted.schema
    var expected: [String: Int] = [:]
    var issued = 0
    for (_, t) in accepted.constituencies[.list] ?? [:] {
      for (i, v) in t.votes.enumerated() { expected[schema.parties[i].code, default: 0] += v }
      issued += t.ballotsIssued
    }
    #expect(Dictionary(uniqueKeysWithValues: list.votes.map { ($0.choice, $0.votes) }) == expected)
    #expect(list.ballotsCast == issued)
    #expect(zip(list.votes, list.votes.dropFirst()).allSatisfy { $0.votes >= $1.votes })
    let twelve = try await store.protocolTotals(
      election: BundledSeed.election2023, ballot: .constituency, constituency: 12)
    let expectedTwelve = try #require(accepted.constituencies[.constituency]?[12])
    #expect(twelve.stations == expectedTwelve.protocols)
    let stored: Int = twelve.votes.map(\.votes).reduce(0, +)
    #expect(stored == expectedTwelve.votes.reduce(0, +))
    #expect(try await store.constituencyTotals(election: BundledSeed.election2023).count == 29)
    // Every line of the protocol is kept.
    let lines = try await store.protocolLines(
      election: BundledSeed.election2023, ballot: .constituency, constituency: 12)
    #expect(lines.protocols == expectedTwelve.protocols)
    #expect(lines.ballotsReceived == expectedTwelve.ballotsReceived)
    #expect(lines.ballotsInBox == expectedTwelve.ballotsInBox)
    #expect(lines.unused == expectedTwelve.unused)
    #expect(lines.againstAll == expectedTwelve.againstAll)
    #expect(lines.votes.map(\.choice).allSatisfy { $0.hasPrefix("c") })
    #expect(lines.synthetic)
    try await store.close()
  }

  @Test(
    "an import and its audit record are written in one transaction, or neither",
    arguments: Engine.available)
  func importIsAuditedInItsTransaction(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let accepted = try await store.accept(try ProtocolFixtures.csv(stations: 20, seed: 3))
    let before = try await store.auditLog().count
    let record = try await store.importProtocols(
      accepted, election: BundledSeed.election2023, source: "test", synthetic: true,
      actor: .commandLine)
    let log = try await store.auditLog()
    #expect(log.count == before + 1)
    let entry = try #require(log.last)
    #expect(entry.actor == "cli")
    #expect(entry.action == "protocols.import")
    #expect(entry.subject == "import:\(BundledSeed.election2023)/\(record.id)")
    // The same stations again: a conflict rolls the import back, and with it its audit record.
    await #expect(throws: StoreError.self) {
      try await store.importProtocols(
        accepted, election: BundledSeed.election2023, source: "again", synthetic: true,
        actor: .commandLine)
    }
    #expect(try await store.auditLog().count == before + 1)
    // A plan and its record likewise.
    try await store.savePlan(
      PlanRecord(id: "audited", name: "Audited", source: "test", assignments: ["abai.abai": 1]),
      actor: .commandLine)
    let plan = try #require(try await store.auditLog().last)
    #expect(plan.action == "plan.save")
    #expect(plan.subject == "plan:audited")
    await #expect(throws: StoreError.self) {
      try await store.savePlan(
        PlanRecord(id: "refused", name: "Refused", source: nil, assignments: ["nowhere.x": 1]),
        actor: .commandLine)
    }
    #expect(try await store.auditLog().count == before + 2)
    try await store.close()
  }

  @Test(
    "bad input is refused with file/line/field detail and changes nothing",
    arguments: Engine.available)
  func refusals(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let good = try ProtocolFixtures.csv(stations: 20, seed: 1)
    try await store.importProtocols(
      try await store.accept(good), election: BundledSeed.election2023, source: "first",
      synthetic: true)
    let before = try await store.fingerprint()
    // The checks are the one import's: a negative count, a constituency that does not exist and ballots
    // beyond the voters are refused with file, line and field, before the store is touched. (The store used
    // to check other rules itself; now every face gives the import's answer.)
    func mutate(_ bytes: [UInt8], line: Int, _ change: (inout [String]) -> Void) -> [UInt8] {
      var lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
      var fields = lines[line - 1].components(separatedBy: ",")
      change(&fields)
      lines[line - 1] = fields.joined(separator: ",")
      return Array(lines.joined(separator: "\n").utf8)
    }
    let batch = try ProtocolFixtures.csv(stations: 50, seed: 2, prefix: "B-")
    let negative = mutate(batch, line: 79) { $0[10] = "-1" }
    await expectRefused(
      store, negative, containing: "p.csv:79: field 'amanat': negative count '-1'")
    let unknown = mutate(batch, line: 7) { $0[1] = "30" }
    await expectRefused(
      store, unknown,
      containing: "p.csv:7: field 'constituency': constituency 30 does not exist (1–29)")
    let overfull = mutate(batch, line: 4) { $0[3] = "1" }
    await expectRefused(
      store, overfull, containing: "p.csv:4: field 'ballots_issued': ballots issued")
    #expect(try await store.fingerprint() == before)

    // The same precincts again: a conflict, and the first import stays as it was.
    do {
      try await store.importProtocols(
        try await store.accept(good), election: BundledSeed.election2023, source: "again",
        synthetic: true)
      Issue.record("the import should have been refused")
    } catch let error as StoreError {
      #expect(error.kind == .conflict)
      #expect(error.message.contains("already has"), "\(error.message)")
    }
    #expect(try await store.fingerprint() == before)

    await #expect(throws: StoreError.self) {
      try await store.importProtocols(
        try await store.accept(good), election: "1999-nowhere", source: "x", synthetic: true)
    }
    await #expect(throws: StoreError.self) {
      try await store.protocolSchema(election: "1999-nowhere")
    }
    try await store.close()
  }

  func expectRefused(_ store: Store, _ bytes: [UInt8], containing issue: String) async {
    do {
      _ = try await store.accept(bytes)
      Issue.record("the import should have been refused")
    } catch let refused as ProtocolImport.Refused {
      #expect(
        refused.issues.contains { $0.description.hasPrefix(issue) },
        "\(refused.issues.map(\.description))")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test(
    "imports in parallel get one id each and all commit, or the clashing one is a conflict",
    arguments: Engine.available)
  func parallelImports(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    var files: [[UInt8]] = []
    for k in 0..<8 {
      files.append(try ProtocolFixtures.csv(stations: 40, seed: 100 + UInt64(k), prefix: "P\(k)-"))
    }
    var accepted: [ProtocolImport.Accepted] = []
    for f in files { accepted.append(try await store.accept(f)) }
    let records = try await withThrowingTaskGroup(of: ImportRecord.self) { group in
      for a in accepted {
        group.addTask {
          try await store.importProtocols(
            a, election: BundledSeed.election2023, source: "parallel", synthetic: true)
        }
      }
      var out: [ImportRecord] = []
      for try await r in group { out.append(r) }
      return out
    }
    #expect(Set(records.map(\.id)).count == 8)
    #expect(try await store.imports(election: BundledSeed.election2023).count == 8)
    #expect(try await store.fingerprint()["protocols"] == 8 * 80)
    try await store.close()
  }

  @Test(
    "a database from before migration 8 keeps its protocols, with the new lines not known",
    arguments: Engine.available)
  func migrationEightKeepsOldRows(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let bare = try db.openBare()
    // Migrate to 7 only, store an old-style protocol, then migrate on.
    try await bare.backend.transaction([
      SQLStatement(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
      )
    ])
    for m in Schema.migrations where m.version <= 7 {
      try await bare.backend.transaction(
        m.statements(for: bare.backend.dialect).map { SQLStatement($0) } + [
          SQLStatement(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 'test')",
            [.int(m.version), .text(m.name)])
        ])
    }
    // The rows a version-7 database held (the seed of today writes tables of later migrations).
    try await bare.backend.transaction([
      SQLStatement(
        "INSERT INTO elections (id, date, chamber, title, synthetic) VALUES ('2023-majilis', '2023-03-19', 'majilis', 'Mäjilis election', 0)"
      ),
      SQLStatement(
        "INSERT INTO imports (id, election_id, source, protocols, synthetic, imported_at) VALUES (1, '2023-majilis', 'v1', 1, 0, 't')"
      ),
      SQLStatement(
        "INSERT INTO protocols (election_id, station, ballot, constituency_number, electorate, ballots_cast, invalid, import_id) VALUES ('2023-majilis', 'T-1', 'list', 12, 1000, 700, 10, 1)"
      ),
      SQLStatement(
        "INSERT INTO protocol_votes (election_id, station, ballot, choice, votes) VALUES ('2023-majilis', 'T-1', 'list', 'amanat', 400)"
      ),
    ])
    #expect(
      try await Schema.migrate(bare.backend) == Schema.migrations.map(\.version).filter { $0 > 7 })
    let lines = try await bare.protocolLines(election: BundledSeed.election2023, ballot: .list)
    #expect(lines.protocols == 1)
    #expect(lines.votersOnList == 1000 && lines.ballotsIssued == 700 && lines.invalid == 10)
    #expect(lines.ballotsInBox == nil && lines.ballotsReceived == nil && lines.unused == nil)
    #expect(lines.againstAll == nil)
    #expect(lines.votes == [ChoiceVotes(choice: "amanat", votes: 400)])
    let v1 = try await bare.protocolTotals(election: BundledSeed.election2023, ballot: .list)
    #expect(v1.electorate == 1000 && v1.ballotsCast == 700)
    try await bare.close()
  }

  @Test(
    "a database error inside the transaction rolls back what the import had written",
    arguments: Engine.available)
  func rollbackOnDatabaseError(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let before = try await store.fingerprint()
    // The first statements succeed, the last violates the CHECK on votes: everything is undone.
    let statements =
      [SQLStatement("INSERT INTO plans (id, name, created_at) VALUES ('p', 'p', '2026-01-01')")]
      + [
        SQLStatement(
          "INSERT INTO imports (id, election_id, source, protocols, synthetic, imported_at) VALUES (1, '2023-majilis', 's', 1, 1, 't')"
        )
      ]
      + [
        SQLStatement(
          "INSERT INTO protocols (election_id, precinct, ballot, import_id) VALUES ('2023-majilis', 'x', 'list', 1)"
        )
      ]
      + [
        SQLStatement(
          "INSERT INTO protocol_votes (election_id, precinct, ballot, choice, votes) VALUES ('2023-majilis', 'x', 'list', 'a', -5)"
        )
      ]
    await #expect(throws: (any Error).self) { try await store.backend.transaction(statements) }
    #expect(try await store.fingerprint() == before)
    try await store.close()
  }

  @Test("plans are stored whole or not at all", arguments: Engine.available)
  func plans(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let registry = try await store.registry()
    var assignments: [String: Int] = [:]
    for c in try registry.constituencies(on: CalendarDate(iso: "2023-06-01")!) {
      for s in c.composition { assignments[s.unitCode] = c.number }
    }
    try await store.savePlan(
      PlanRecord(id: "enacted-2023", name: "Enacted 2023", source: "test", assignments: assignments)
    )
    let before = try await store.fingerprint()
    await #expect(throws: StoreError.self) {
      try await store.savePlan(
        PlanRecord(
          id: "bad", name: "Bad", source: nil, assignments: ["nowhere.x": 1, "abai.abai": 2]))
    }
    #expect(try await store.fingerprint() == before)
    let plans = try await store.plans()
    #expect(plans.count == 1)
    #expect(plans.first?.assignments == assignments)
    try await store.close()
  }

  @Test("placeholders are numbered for PostgreSQL")
  func placeholders() {
    #expect(PostgresBackend.numbered("SELECT ? , ?, (?)") == "SELECT $1 , $2, ($3)")
    let inserts = SQLStatement.insert(
      into: "t", columns: ["a", "b"], rows: (0..<5).map { [.int($0), .null] }, rowsPerStatement: 2)
    #expect(inserts.count == 3)
    #expect(inserts[2].arguments == [.int(4), .null])
  }

  @Test("PostgreSQL URLs are parsed into their parts")
  func postgresURL() throws {
    let l = try PostgresLocation(url: "postgres://alice:s%40cret@db.local:6543/saylau")
    #expect(l.user == "alice")
    #expect(l.password == "s@cret")
    #expect(l.host == "db.local")
    #expect(l.port == 6543)
    #expect(l.database == "saylau")
    #expect(throws: StoreError.self) { try PostgresLocation(url: "mysql://x") }
  }
}

extension Store {
  /// Checks a protocol CSV against the stored 2023 election, as `saylau import-protocols` and the API do.
  func accept(_ bytes: [UInt8], acceptValid: Bool = false) async throws -> ProtocolImport.Accepted {
    let schema = try await protocolSchema(election: BundledSeed.election2023)
    return try ProtocolImport(schema: schema).run(
      [.bytes(bytes, name: "p.csv", format: .csv)], acceptValid: acceptValid)
  }
}

/// The registry rows as the store wrote them before migration 9 (the columns of migrations 1 to 7), for
/// the upgrade test.
enum OldSeed {
  static func statements(_ r: Registry) -> [SQLStatement] {
    func count(_ c: DatedCount?) -> [SQLValue] {
      [SQLValue(c?.value), SQLValue(c?.year), SQLValue(c?.date?.description), SQLValue(c?.source)]
    }
    var statements = SQLStatement.insert(
      into: "regions",
      columns: [
        "code", "iso_code", "kato_prefix", "name_en", "name_kk", "name_ru", "kind",
        "administrative_center", "population", "population_year", "population_date",
        "population_source",
      ],
      rows: r.regions.map { g in
        [
          .text(g.code), .text(g.isoCode), .text(g.katoPrefix), .text(g.name.en),
          SQLValue(g.name.kk), SQLValue(g.name.ru), .text(g.kind.rawValue),
          SQLValue(g.administrativeCenter),
        ] + count(g.population)
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
          SQLValue(u.name.ru), .text(u.kind.rawValue), SQLValue(u.kato),
        ] + count(u.population) + [SQLValue(u.census2021?.value)]
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
        let s = r.scheme(id: c.schemeID)!
        return [
          .text(c.id), .int(c.number), SQLValue(c.regionCode), SQLValue(c.seat),
          SQLValue(c.population?.value), SQLValue(c.population?.year),
          SQLValue(c.electorate?.value), SQLValue(c.electorate?.year),
          SQLValue(c.electorate?.source), SQLValue(c.member?.name), SQLValue(c.member?.party),
          .text(s.inForce.earliest.description), SQLValue(s.abolished?.earliest.description),
          .text(s.inForce.description), SQLValue(s.abolished?.description),
        ]
      })
    statements += SQLStatement.insert(
      into: "constituency_units",
      columns: ["constituency_id", "position", "unit_code", "is_partial", "is_inferred", "basis"],
      rows: r.constituencies.flatMap { c in
        c.composition.enumerated().map { i, share in
          [
            .text(c.id), .int(i), .text(share.unitCode), SQLValue(share.isPartial),
            SQLValue(share.isInferred), .text(share.basis.rawValue),
          ]
        }
      })
    statements += SQLStatement.insert(
      into: "constituency_borders", columns: ["constituency_id", "neighbour_number"],
      rows: r.constituencies.flatMap { c in c.borders.map { [.text(c.id), .int($0)] } })
    return statements
  }
}
