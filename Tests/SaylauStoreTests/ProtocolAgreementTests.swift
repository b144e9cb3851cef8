import Foundation
import SaylauCore
import SaylauElections
import SaylauTestSupport
import Testing

@testable import SaylauStore

/// The store and the importer agree: on a seeded fuzz of protocol files (mutants of a valid file), the store's
/// path (its schema of the election, the import, the transaction) refuses exactly what `saylau tabulate`'s
/// import refuses, with the same issues, and stores exactly the protocols it accepts.
@Suite("Store and importer agree on protocol files")
struct ProtocolAgreementTests {
  @Test(
    "seeded mutants are refused by both, or stored exactly as accepted", arguments: Engine.available
  )
  func agreement(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let tabulateSchema = try ProtocolFixtures.schema2023()
    let storeSchema = try await store.protocolSchema(election: BundledSeed.election2023)
    #expect(storeSchema.parties.map(\.code) == tabulateSchema.parties.map(\.code))
    #expect(storeSchema.constituencyCount == tabulateSchema.constituencyCount)
    var g = SeededGenerator(seed: 2026)
    let alphabet: [UInt8] = Array(",\"\n-0123456789x ".utf8)
    var refused = 0
    var stored = 0
    for k in 0..<60 {
      var lines = String(
        decoding: try ProtocolFixtures.csv(stations: 6, seed: UInt64(k), prefix: "M\(k)-"),
        as: UTF8.self
      ).components(separatedBy: "\n")
      // Mutate inside the counts (never the precinct ids, which would clash with other mutants in the store).
      for _ in 0..<g.next(below: 3) {
        let l = 1 + g.next(below: lines.count - 2)
        var fields = lines[l].components(separatedBy: ",")
        let f = 1 + g.next(below: fields.count - 1)
        var bytes = Array(fields[f].utf8)
        let i = bytes.isEmpty ? 0 : g.next(below: bytes.count)
        switch g.next(below: 3) {
        case 0 where !bytes.isEmpty: bytes[i] = alphabet[g.next(below: alphabet.count)]
        case 1 where !bytes.isEmpty: bytes.remove(at: i)
        default: bytes.insert(alphabet[g.next(below: alphabet.count)], at: i)
        }
        fields[f] = String(decoding: bytes, as: UTF8.self)
        lines[l] = fields.joined(separator: ",")
      }
      let file = Array(lines.joined(separator: "\n").utf8)
      let source = ProtocolSource.bytes(file, name: "m.csv", format: .csv)
      let byImporter = Result { () throws(ProtocolImport.Refused) in
        try ProtocolImport(schema: tabulateSchema).run([source])
      }
      let before = try await store.fingerprint()
      let totalsBefore = try await store.protocolLines(
        election: BundledSeed.election2023, ballot: .list)
      var byStore: Result<ProtocolImport.Accepted, ProtocolImport.Refused>
      do {
        let accepted = try ProtocolImport(schema: storeSchema).run([source])
        try await store.importProtocols(
          accepted, election: BundledSeed.election2023, source: "fuzz \(k)", synthetic: true)
        byStore = .success(accepted)
      } catch let error as ProtocolImport.Refused {
        byStore = .failure(error)
      }
      let after = try await store.fingerprint()
      switch (byImporter, byStore) {
      case (.failure(let a), .failure(let b)):
        refused += 1
        #expect(a.issues.map(\.description) == b.issues.map(\.description), "mutant \(k)")
        #expect(after == before, "mutant \(k): a refused import changed the database")
      case (.success(let a), .success):
        stored += 1
        #expect(after["protocols"] == (before["protocols"] ?? 0) + a.acceptedRows, "mutant \(k)")
        #expect(
          after["protocol_votes"] == (before["protocol_votes"] ?? 0) + a.acceptedVotes,
          "mutant \(k)")
        // What the store now holds grew by exactly the importer's national list totals.
        let totals = try await store.protocolLines(
          election: BundledSeed.election2023, ballot: .list)
        var national = BallotTally(ballot: .list, choices: tabulateSchema.parties.count)
        for t in (a.constituencies[.list] ?? [:]).values { _ = national.add(t) }
        #expect(totals.protocols - totalsBefore.protocols == national.protocols, "mutant \(k)")
        #expect(
          (totals.ballotsIssued ?? 0) - (totalsBefore.ballotsIssued ?? 0) == national.ballotsIssued)
        let was = Dictionary(uniqueKeysWithValues: totalsBefore.votes.map { ($0.choice, $0.votes) })
        for (i, party) in tabulateSchema.parties.enumerated() {
          let now = totals.votes.first { $0.choice == party.code }?.votes ?? 0
          #expect(now - (was[party.code] ?? 0) == national.votes[i], "mutant \(k) \(party.code)")
        }
      default:
        Issue.record("mutant \(k): the importer and the store disagree")
      }
    }
    // The fuzz exercised both outcomes.
    #expect(refused >= 10 && stored >= 10, "refused \(refused), stored \(stored)")
    try await store.close()
  }
}

/// The same agreement through the faces themselves: the built `saylau tabulate` and `saylau import-protocols`
/// refuse the same files with the same issues and accept the same files.
@Suite("tabulate and import-protocols agree")
struct FaceAgreementTests {
  @Test("the two commands give one answer per file", arguments: Engine.available)
  func commands(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    try await db.open().close()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-faces-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var g = SeededGenerator(seed: 19)
    var outcomes: Set<Int32> = []
    for k in 0..<6 {
      var lines = String(
        decoding: try ProtocolFixtures.csv(stations: 4, seed: UInt64(40 + k), prefix: "F\(k)-"),
        as: UTF8.self
      ).components(separatedBy: "\n")
      if k % 2 == 1 {
        // Break one count of one row.
        let l = 1 + g.next(below: lines.count - 2)
        var fields = lines[l].components(separatedBy: ",")
        fields[3 + g.next(below: 7)] = ["-1", "x", "", "99999999999999999999"][g.next(below: 4)]
        lines[l] = fields.joined(separator: ",")
      }
      let file = dir.appendingPathComponent("m\(k).csv").path
      try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
      let tabulate = try SaylauExecutable.run([
        "tabulate", file, "--election", "2023", "--import-only",
      ])
      let store = try SaylauExecutable.run(
        ["import-protocols", file, "--election", "2023-majilis"] + db.cliArguments)
      #expect(tabulate.status == store.status, "file \(k): \(tabulate.stderr) | \(store.stderr)")
      func issues(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(file + ":") }
      }
      #expect(issues(tabulate.stderr) == issues(store.stderr), "file \(k)")
      outcomes.insert(tabulate.status)
    }
    #expect(outcomes == [0, 1])
  }
}
