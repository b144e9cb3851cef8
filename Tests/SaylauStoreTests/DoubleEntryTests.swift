import Foundation
import SaylauAccounts
import SaylauElections
import SaylauTestSupport
import Testing

@testable import SaylauStore

/// Double entry in the store, on both engines: a protocol counts only when two clerks agree; a difference
/// waits for the coordinator; corrections are new versions.
@Suite("Double entry")
struct DoubleEntryTests {
  static let alma = Actor(name: "alma", role: .clerk)
  static let bolat = Actor(name: "bolat", role: .clerk)
  static let dana = Actor(name: "dana", role: .coordinator)
  static let election = BundledSeed.election2023

  @Test(
    "two clerks agree: the protocol counts; the same clerk twice is refused",
    arguments: Engine.available)
  func agree(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let schema = try await store.protocolSchema(election: Self.election)
    let p = ProtocolFixtures.valid("P-1", schema: schema)
    let first = try await store.enterProtocol(
      p, election: Self.election, schema: schema, clerk: Self.alma)
    #expect(first.status == .awaitingSecondEntry && first.entry == 1 && first.version == 1)
    // Not counted yet.
    #expect(try await store.protocolLines(election: Self.election, ballot: .list).protocols == 0)
    await #expect(throws: StoreError.self) {
      try await store.enterProtocol(p, election: Self.election, schema: schema, clerk: Self.alma)
    }
    let second = try await store.enterProtocol(
      p, election: Self.election, schema: schema, clerk: Self.bolat)
    #expect(second.status == .accepted && second.entry == 2)
    let totals = try await store.protocolLines(election: Self.election, ballot: .list)
    #expect(totals.protocols == 1 && totals.ballotsInBox == p.ballotsInBox)
    #expect(totals.votes.first { $0.choice == schema.parties[0].code }?.votes == 300)
    // Accepted: a third entry is refused; the progress says so.
    await #expect(throws: StoreError.self) {
      try await store.enterProtocol(p, election: Self.election, schema: schema, clerk: Self.bolat)
    }
    let progress = try await store.entryProgress(election: Self.election)
    #expect(progress.counted == 1 && progress.byStatus == ["accepted": 1])
    #expect(
      try await store.imports(election: Self.election).map(\.source) == [Store.doubleEntrySource])
    let log = try await store.auditLog(subject: "protocol:\(Self.election)/P-1/list")
    #expect(log.map(\.actor) == ["alma", "bolat"])
    try await store.close()
  }

  @Test(
    "a difference goes to the coordinator, who decides against the paper",
    arguments: Engine.available)
  func difference(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let schema = try await store.protocolSchema(election: Self.election)
    let right = ProtocolFixtures.valid("P-2", schema: schema)
    var typo = right
    typo.votes[1] = 102  // 120 typed as 102: the sums no longer add up either
    typo.invalid = 25
    _ = try await store.enterProtocol(
      right, election: Self.election, schema: schema, clerk: Self.alma)
    let second = try await store.enterProtocol(
      typo, election: Self.election, schema: schema, clerk: Self.bolat)
    #expect(second.status == .differences && second.differingFields == 2)
    let queue = try await store.entryQueue(election: Self.election)
    #expect(queue.map(\.precinct) == ["P-2"])
    #expect(queue.first?.differences == ["invalid", schema.parties[1].code])
    #expect(try await store.protocolLines(election: Self.election, ballot: .list).protocols == 0)
    // A reason is required; the chosen entry must pass the check.
    await #expect(throws: StoreError.self) {
      try await store.resolveProtocol(
        election: Self.election, precinct: "P-2", ballot: .list, decision: .first, reason: " ",
        schema: schema, actor: Self.dana)
    }
    let (decided, accepted) = try await store.resolveProtocol(
      election: Self.election, precinct: "P-2", ballot: .list, decision: .first,
      reason: "the paper reads 120", schema: schema, actor: Self.dana)
    #expect(accepted)
    #expect(decided.current?.status == .accepted && decided.current?.decision == "first")
    #expect(decided.current?.entries.map(\.clerk) == ["alma", "bolat"])
    #expect(try await store.entryQueue(election: Self.election).isEmpty)
    let totals = try await store.protocolLines(election: Self.election, ballot: .list)
    #expect(totals.votes.first { $0.choice == schema.parties[1].code }?.votes == 120)
    try await store.close()
  }

  @Test(
    "entries that agree but fail the check are entered again; a correction is a new version",
    arguments: Engine.available)
  func correction(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let schema = try await store.protocolSchema(election: Self.election)
    var wrong = ProtocolFixtures.valid("P-3", schema: schema)
    wrong.ballotsInBox = (wrong.ballotsInBox ?? 0) + 1  // the paper itself does not add up (A2.1)
    await #expect(throws: StoreError.self) {
      try await store.enterProtocol(
        wrong, election: Self.election, schema: schema, clerk: Self.alma)
    }
    _ = try await store.enterProtocol(
      wrong, election: Self.election, schema: schema, clerk: Self.alma, confirmedIssues: true)
    let second = try await store.enterProtocol(
      wrong, election: Self.election, schema: schema, clerk: Self.bolat, confirmedIssues: true)
    #expect(second.status == .checkFailed)
    #expect(second.issues.contains { $0.rule == "A2.1" })
    await #expect(throws: StoreError.self) {
      try await store.resolveProtocol(
        election: Self.election, precinct: "P-3", ballot: .list, decision: .second,
        reason: "as on paper", schema: schema, actor: Self.dana)
    }
    let (reentered, accepted) = try await store.resolveProtocol(
      election: Self.election, precinct: "P-3", ballot: .list, decision: .reenter,
      reason: "commission corrected the paper", schema: schema, actor: Self.dana)
    #expect(!accepted)
    #expect(reentered.versions.map(\.status) == [.discarded, .awaitingEntry])
    // Version 2 is entered twice and counts.
    let right = ProtocolFixtures.valid("P-3", schema: schema)
    _ = try await store.enterProtocol(
      right, election: Self.election, schema: schema, clerk: Self.bolat)
    let v2 = try await store.enterProtocol(
      right, election: Self.election, schema: schema, clerk: Self.alma)
    #expect(v2.status == .accepted && v2.version == 2)
    // A recount: version 3; version 2 counts until version 3 is accepted, then it is superseded.
    try await store.openCorrection(
      election: Self.election, precinct: "P-3", ballot: .list, reason: "recount ordered",
      actor: Self.dana)
    #expect(
      try await store.protocolLines(election: Self.election, ballot: .list).ballotsInBox
        == right.ballotsInBox)
    let recount = ProtocolFixtures.valid("P-3", votes: [301, 120, 40], schema: schema)
    _ = try await store.enterProtocol(
      recount, election: Self.election, schema: schema, clerk: Self.alma)
    _ = try await store.enterProtocol(
      recount, election: Self.election, schema: schema, clerk: Self.bolat)
    let final = try #require(
      try await store.protocolCase(election: Self.election, precinct: "P-3", ballot: .list))
    #expect(final.versions.map(\.status) == [.discarded, .superseded, .accepted])
    #expect(final.counted?.version == 3)
    let totals = try await store.protocolLines(election: Self.election, ballot: .list)
    #expect(totals.protocols == 1 && totals.ballotsInBox == recount.ballotsInBox)
    // The entries of every version are all still there.
    #expect(final.versions.map(\.entries.count) == [2, 2, 2])
    try await store.close()
  }
}
