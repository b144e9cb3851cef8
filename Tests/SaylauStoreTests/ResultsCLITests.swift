import Foundation
import SaylauAccounts
import SaylauElections
import SaylauTestSupport
import Testing

@testable import SaylauStore

/// `saylau results state|snapshots`: the built binary, through the store functions of the API; the command
/// line acts as `cli` in the audit log.
@Suite("saylau results")
struct ResultsCLITests {
  @Test(
    "state, final, a refused reopening, a reopening with a reason, the snapshots",
    arguments: Engine.available)
  func lifecycle(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let election = BundledSeed.election2023
    let state = try SaylauExecutable.run(["results", "state", election] + db.cliArguments)
    #expect(
      state.status == 0 && state.stdout.hasPrefix("\(election): Preliminary"), "\(state.stderr)")
    let certified = try SaylauExecutable.run(
      ["results", "state", election, "--set", "certified"] + db.cliArguments)
    #expect(certified.status == 1 && certified.stderr.split(separator: "\n").count == 1)
    #expect(certified.stderr.contains("cannot become certified"))
    let final = try SaylauExecutable.run(
      ["results", "state", election, "--set", "final", "--json"] + db.cliArguments)
    #expect(final.status == 0, "\(final.stderr)")
    let change = try #require(try final.json() as? [String: Any])
    #expect(change["state"] as? String == "final" && change["by"] as? String == "cli")
    let reopen = try SaylauExecutable.run(
      ["results", "state", election, "--set", "preliminary"] + db.cliArguments)
    #expect(reopen.status == 1 && reopen.stderr.contains("needs a reason"))
    let reopened = try SaylauExecutable.run(
      ["results", "state", election, "--set", "preliminary", "--reason", "recount"]
        + db.cliArguments)
    #expect(reopened.status == 0 && reopened.stdout.contains("Preliminary since"))
    let snapshots = try SaylauExecutable.run(
      ["results", "snapshots", election, "--json"] + db.cliArguments)
    let list = try #require(try snapshots.json() as? [[String: Any]])
    #expect(
      list.count == 1 && list.first?["sha256"] as? String == change["snapshotSHA256"] as? String)
    let store = try await db.open()
    let status = try await store.resultStatus(election: election)
    #expect(status.history.map(\.state) == [.final, .preliminary])
    #expect(status.history.last?.reason == "recount")
    #expect(
      try await store.auditLog(subject: "results:\(election)").map(\.actor) == ["cli", "cli"])
    try await store.close()
  }
}
