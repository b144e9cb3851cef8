import Crypto
import Foundation
import SaylauAccounts
import SaylauElections
import SaylauTestSupport
import Testing

@testable import SaylauStore

/// The results' lifecycle in the store, on both engines: preliminary → final → certified, snapshots that
/// never change, protocols refused while final until a recorded reopening.
@Suite("Results lifecycle")
struct ResultLifecycleTests {
  static let alma = Actor(name: "alma", role: .clerk)
  static let bolat = Actor(name: "bolat", role: .clerk)
  static let dana = Actor(name: "dana", role: .coordinator)
  static let election = BundledSeed.election2023

  static func accept(_ id: String, _ store: Store, _ schema: ProtocolSchema) async throws {
    let p = ProtocolFixtures.valid(id, schema: schema)
    _ = try await store.enterProtocol(p, election: election, schema: schema, clerk: alma)
    _ = try await store.enterProtocol(p, election: election, schema: schema, clerk: bolat)
  }

  @Test(
    "final takes a snapshot whose hash is its content's; protocols are refused until reopened",
    arguments: Engine.available)
  func finalAndReopen(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let schema = try await store.protocolSchema(election: Self.election)
    #expect(try await store.resultStatus(election: Self.election).state == .preliminary)
    try await Self.accept("P-1", store, schema)
    try await Self.accept("P-2", store, schema)

    let final = try await store.changeResultState(
      election: Self.election, to: .final, reason: nil, actor: Self.dana)
    #expect(final.state == .final && final.sequence == 1 && final.by == "dana")
    let (record, content) = try await store.resultSnapshot(election: Self.election)
    #expect(record.sha256 == final.snapshotSHA256 && record.protocols == 2)
    #expect(SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined() == record.sha256)
    // The snapshot is the counted result the live page shows: the same national list totals.
    let snapshot = try CountedResult.decode(content)
    let nation = try #require(snapshot.level(.list, .nation, CountedResult.nationKey))
    let live = try await store.protocolLines(election: Self.election, ballot: .list)
    #expect(nation.protocols == live.protocols && nation.ballotsInBox == live.ballotsInBox)
    #expect(
      nation.votes.sorted { $0.choice < $1.choice }
        == live.votes.sorted {
          $0.choice < $1.choice
        })
    #expect(snapshot.canonicalJSON() == content)

    // Final: a new protocol is refused, by the store and (behind it) by the database.
    let p3 = ProtocolFixtures.valid("P-3", schema: schema)
    await #expect(throws: StoreError.self) {
      try await store.enterProtocol(p3, election: Self.election, schema: schema, clerk: Self.alma)
    }
    await #expect(throws: (any Error).self) {
      try await store.backend.transaction([
        SQLStatement(
          "DELETE FROM protocols WHERE election_id = ? AND precinct = 'P-1'", [.text(Self.election)]
        )
      ])
    }
    #expect(try await store.protocolLines(election: Self.election, ballot: .list).protocols == 2)
    // Snapshots and states never change.
    await #expect(throws: (any Error).self) {
      try await store.backend.transaction([
        SQLStatement("UPDATE result_snapshots SET content = '{}'")
      ])
    }
    await #expect(throws: (any Error).self) {
      try await store.backend.transaction([SQLStatement("DELETE FROM result_states")])
    }

    // Reopening needs a reason, then protocols come in again and a second snapshot is taken.
    do {
      try await store.changeResultState(
        election: Self.election, to: .preliminary, reason: "  ", actor: Self.dana)
      Issue.record("reopened without a reason")
    } catch let error as StoreError {
      #expect(error.kind == .invalidInput)
    }
    try await store.changeResultState(
      election: Self.election, to: .preliminary, reason: "recount in P-3 ordered",
      actor: Self.dana)
    try await Self.accept("P-3", store, schema)
    let again = try await store.changeResultState(
      election: Self.election, to: .final, reason: nil, actor: Self.dana)
    #expect(again.sequence == 3 && again.snapshotSHA256 != final.snapshotSHA256)
    #expect(try await store.resultSnapshot(election: Self.election, sequence: 1).content == content)
    #expect(try await store.resultSnapshots(election: Self.election).map(\.protocols) == [2, 3])

    // Certified: nothing goes back.
    let certified = try await store.changeResultState(
      election: Self.election, to: .certified, reason: nil, actor: Self.dana)
    #expect(certified.snapshotSHA256 == again.snapshotSHA256)
    do {
      try await store.changeResultState(
        election: Self.election, to: .preliminary, reason: "too late", actor: Self.dana)
      Issue.record("certified results were reopened")
    } catch let error as StoreError {
      #expect(error.kind == .conflict)
    }
    let status = try await store.resultStatus(election: Self.election)
    #expect(
      status.state == .certified
        && status.history.map(\.state) == [.final, .preliminary, .final, .certified])
    #expect(status.history[1].reason == "recount in P-3 ordered")
    let log = try await store.auditLog(subject: "results:\(Self.election)")
    #expect(log.map(\.action) == Array(repeating: "results.state", count: 4))
    #expect(log.allSatisfy { $0.actor == "dana" })
    try await store.close()
  }

  @Test("preliminary cannot become certified directly", arguments: Engine.available)
  func noShortcut(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    do {
      try await store.changeResultState(
        election: Self.election, to: .certified, reason: nil, actor: Self.dana)
      Issue.record("certified without being final")
    } catch let error as StoreError {
      #expect(error.kind == .conflict)
    }
    #expect(try await store.resultStatus(election: Self.election).history.isEmpty)
    // Without protocols, the snapshot is the published result.
    let change = try await store.changeResultState(
      election: Self.election, to: .final, reason: nil, actor: Self.dana)
    let snapshot = try CountedResult.decode(
      try await store.resultSnapshot(election: Self.election).content)
    #expect(snapshot.basis == .published && change.snapshotSHA256 != nil)
    try await store.close()
  }
}
