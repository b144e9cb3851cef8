import Foundation
import SaylauElections
import SaylauStore
import SaylauTestSupport
import Testing

/// A crash in the middle of an import: `kill -9` the importing process and check the database is unchanged.
@Suite("Imports survive kill -9")
struct KillTests {
  @Test(
    "kill -9 in the middle of a large import leaves the database as it was",
    arguments: Engine.available)
  func killDuringImport(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    // Something already imported, so "unchanged" is not just "empty".
    try await store.importProtocols(
      try await store.accept(try ProtocolFixtures.csv(stations: 10, seed: 11, prefix: "E-")),
      election: BundledSeed.election2023, source: "earlier", synthetic: true)
    let before = try await store.fingerprint()
    // 5,000 stations: 10,000 protocols and their votes, about a hundred steps of 200 protocols.
    let bytes = try ProtocolFixtures.csv(stations: 5000, seed: 99)
    let expected = try await store.accept(bytes)
    try await store.close()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-kill-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data(bytes).write(to: file)
    let arguments =
      [
        "import-protocols", file.path, "--election", BundledSeed.election2023, "--progress",
        "--protocols-per-batch", "200",
      ]
      + db.cliArguments

    let run = try ChildProcess(executable: try SaylauExecutable.url(), arguments: arguments)
    // Wait until the child has written several statements inside its transaction, then kill it.
    let line = try await run.waitForStderrLine { $0.hasPrefix("import: statement 10 of ") }
    let total = Int(line.split(separator: " ").last ?? "") ?? 0
    #expect(total > 100, "the import must be far from finished when it is killed")
    run.kill9()
    let status = await run.wait()
    #expect(
      status.reason == .uncaughtSignal && status.code == SIGKILL,
      "the child must die by SIGKILL, not finish")
    #expect(
      !run.stderrText.contains("statement \(total) of \(total)"), "the child had finished writing")

    let after = try await db.open()
    #expect(try await after.fingerprint() == before)
    #expect(try await after.imports(election: BundledSeed.election2023).count == 1)
    try await after.close()

    // The same import, left alone, completes: so the kill above really cut it short.
    let full = try ChildProcess(executable: try SaylauExecutable.url(), arguments: arguments)
    let fullStatus = await full.wait()
    #expect(fullStatus.reason == .exit && fullStatus.code == 0, "\(full.stderrText)")
    let done = try await db.open()
    let fingerprint = try await done.fingerprint()
    #expect(expected.acceptedRows == 10_000)
    #expect(fingerprint["protocols"] == (before["protocols"] ?? 0) + 10_000)
    #expect(
      fingerprint["protocol_votes"] == (before["protocol_votes"] ?? 0) + expected.acceptedVotes)
    try await done.close()
  }
}
