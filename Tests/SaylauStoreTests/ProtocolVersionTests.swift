import Foundation
import SaylauCore
import SaylauElections
import SaylauTestSupport
import Testing

@testable import SaylauStore

/// The store gives its protocols back as the import read them, and keeps every version a correction
/// replaced.
@Suite("stored protocols and their versions")
struct ProtocolVersionTests {
  static func trimmed(_ p: PollingStationProtocol) -> PollingStationProtocol {
    var q = p
    while let last = q.votes.last, last == nil { q.votes.removeLast() }
    return q
  }

  @Test("protocol versions are migration 12; the steps are numbered once each, in order")
  func migrationNumber() {
    #expect(Store.protocolVersionsMigration.version == 12)
    let versions = Schema.migrations.map(\.version)
    #expect(versions == versions.sorted() && Set(versions).count == versions.count)
  }

  @Test(
    "protocols read back equal the accepted ones; a correction keeps the old version",
    arguments: Engine.available)
  func roundTrip(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let schema = try await store.protocolSchema(election: BundledSeed.election2023)
    // Every protocol also carries a line of S7 beyond A2 (absentee certificates), which every version keeps.
    let file = Array(
      String(decoding: try ProtocolFixtures.csv(stations: 30, seed: 4, prefix: "V-"), as: UTF8.self)
        .split(separator: "\n").enumerated()
        .map { $0.offset == 0 ? $0.element + ",absentee_voters" : $0.element + ",1" }
        .joined(separator: "\n").appending("\n").utf8)
    let accepted = try ProtocolImport(schema: schema).run([
      .bytes(file, name: "a.csv", format: .csv)
    ])
    var stream = accepted.protocols()
    let original = try stream.next(upTo: 1000)
    try await store.importProtocols(
      accepted, election: BundledSeed.election2023, source: "a", synthetic: true)
    var stored = try await store.storedProtocols(election: BundledSeed.election2023)
    #expect(stored.earlierVersions.isEmpty)
    let key = { (p: PollingStationProtocol) in "\(p.precinct)/\(p.ballot.rawValue)" }
    #expect(
      stored.protocols.map(Self.trimmed).sorted { key($0) < key($1) }
        == original.map(Self.trimmed).sorted { key($0) < key($1) })

    // A correction of two precincts' list protocols: without replacing it is a conflict.
    var lines = String(decoding: file, as: UTF8.self).components(separatedBy: "\n")
    let header = lines[0]
    let list = lines.filter { $0.hasPrefix("V-3,") || $0.hasPrefix("V-7,") }.filter {
      $0.contains(",list,")
    }
    lines =
      [header]
      + list.map { line in
        var f = line.components(separatedBy: ",")
        // One more invalid ballot, one less vote for the first party: every relation still holds.
        f[7] = String(Int(f[7])! + 1)
        f[10] = String(Int(f[10])! - 1)
        return f.joined(separator: ",")
      }
    let correction = try ProtocolImport(schema: schema).run([
      .bytes(Array((lines.joined(separator: "\n") + "\n").utf8), name: "fix.csv", format: .csv)
    ])
    await #expect(throws: StoreError.self) {
      try await store.importProtocols(
        correction, election: BundledSeed.election2023, source: "fix", synthetic: true)
    }
    for round in 1...2 {
      try await store.importProtocols(
        correction, election: BundledSeed.election2023, source: "fix \(round)", synthetic: true,
        replacing: true)
    }
    stored = try await store.storedProtocols(election: BundledSeed.election2023)
    #expect(stored.protocols.count == original.count)
    #expect(stored.earlierVersions.count == 4)
    let v3 = stored.earlierVersions.filter { $0.value.precinct == "V-3" }.sorted {
      $0.version < $1.version
    }
    #expect(v3.map(\.version) == [1, 2])
    let first = try #require(original.first { $0.precinct == "V-3" && $0.ballot == .list })
    #expect(Self.trimmed(v3[0].value) == Self.trimmed(first))
    #expect(first.absenteeVoters == 1 && v3.allSatisfy { $0.value.absenteeVoters == 1 })
    let now = try #require(stored.protocols.first { $0.precinct == "V-3" && $0.ballot == .list })
    #expect(now.invalid == (first.invalid ?? 0) + 1)
    #expect(now.votes[0] == (first.votes[0] ?? 0) - 1)
    #expect(now.synthetic)
    // The totals count each precinct once.
    let totals = try await store.protocolLines(election: BundledSeed.election2023, ballot: .list)
    #expect(totals.protocols == 30)
    #expect(try await store.fingerprint()["protocol_versions"] == 4)
    try await store.close()
  }
}
