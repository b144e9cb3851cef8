import Foundation
import SaylauCore
import SaylauElections
import SaylauTestSupport
import Testing

@testable import SaylauStore

/// The bulk path of imports (COPY into PostgreSQL, one prepared statement into SQLite) stores exactly what
/// the import read, whatever the text holds and however the import is cut into batches.
@Suite("bulk import")
struct BulkImportTests {
  @Test(
    "texts with the characters COPY gives a meaning (tab, newline, backslash, \\N) come back as they were",
    arguments: Engine.available)
  func escapedTexts(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let schema = try await store.protocolSchema(election: BundledSeed.election2023)
    let precincts = ["tab\there", "line\nbreak", "back\\slash", "\\N", "cr\rhere", "quote\"'"]
    let protocols = precincts.enumerated().map { i, id -> [String: Any] in
      let p = ProtocolFixtures.valid(id, constituency: 1 + i, votes: [40, 5], schema: schema)
      var json: [String: Any] = [
        "precinct": id, "constituency": 1 + i, "ballot": "list", "votersOnList": p.votersOnList!,
        "ballotsIssued": p.ballotsIssued!, "ballotsInBox": p.ballotsInBox!, "invalid": p.invalid!,
        "votes": Dictionary(
          uniqueKeysWithValues: zip(schema.parties.map(\.code), p.votes.map { $0 ?? 0 })),
      ]
      if let a = p.againstAll { json["againstAll"] = a }
      return json
    }
    let file = try JSONSerialization.data(withJSONObject: ["protocols": protocols])
    let accepted = try ProtocolImport(schema: schema).run([
      .bytes(Array(file), name: "odd.json", format: .json)
    ])
    #expect(accepted.acceptedRows == precincts.count)
    try await store.importProtocols(
      accepted, election: BundledSeed.election2023, source: "tab\tand\\back", synthetic: true,
      protocolsPerBatch: 4)
    let stored = try await store.storedProtocols(election: BundledSeed.election2023)
    #expect(Set(stored.protocols.map(\.precinct)) == Set(precincts))
    #expect(stored.protocols.allSatisfy { $0.votes.compactMap { $0 }.reduce(0, +) == 45 })
    let lines = try await store.protocolLines(election: BundledSeed.election2023, ballot: .list)
    #expect(lines.protocols == precincts.count)
    #expect(Array(lines.votes.prefix(2).map(\.votes)) == [240, 30])
    #expect(
      try await store.imports(election: BundledSeed.election2023).map(\.source) == [
        "tab\tand\\back"
      ])
    try await store.close()
  }

  @Test(
    "an import cut into batches of one, seven or all its protocols stores the same rows",
    arguments: Engine.available)
  func batchSizes(engine: Engine) async throws {
    var prints: [[String: Int]] = []
    for perBatch in [1, 7, 10_000] {
      let db = try await TestDatabase.make(engine)
      let store = try await db.open()
      let accepted = try await store.accept(try ProtocolFixtures.csv(stations: 40, seed: 3))
      let steps = Locked<[Int]>([])
      try await store.importProtocols(
        accepted, election: BundledSeed.election2023, source: "b", synthetic: true,
        protocolsPerBatch: perBatch,
        progress: { done, total in steps.withLock { $0.append(total) } })
      // Progress knows its total before the first step, and counts every step.
      let totals = steps.withLock { $0 }
      #expect(Set(totals).count == 1 && totals.count == totals.first)
      prints.append(try await store.fingerprint())
      try await store.close()
      await db.cleanup()
    }
    #expect(prints[0] == prints[1] && prints[1] == prints[2])
    #expect(prints[0]["protocols"] == 80)
  }
}

/// A value behind a lock, for progress callbacks.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value
  init(_ value: Value) { self.value = value }
  func withLock<R>(_ body: (inout Value) -> R) -> R {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }
}
