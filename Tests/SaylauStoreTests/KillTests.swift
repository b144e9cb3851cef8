import Foundation
import SaylauStore
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
      election: BundledSeed.election2023, source: "earlier", synthetic: true,
      SyntheticProtocols.make(stations: 10, seed: 11).map { p in
        var p = p
        p.station = "E-" + p.station
        return p
      })
    let before = try await store.fingerprint()
    try await store.close()

    // 5,000 stations: 10,000 protocols and 50,000 vote rows, about 300 statements of 200 rows.
    let batch = SyntheticProtocols.make(stations: 5000, seed: 99)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-kill-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: file) }
    struct Upload: Encodable {
      var source: String
      var synthetic: Bool
      var protocols: [ProtocolRecord]
    }
    try JSONEncoder().encode(
      Upload(source: "kill test (synthetic)", synthetic: true, protocols: batch)
    ).write(to: file)
    let arguments =
      [
        "import-protocols", file.path, "--election", BundledSeed.election2023, "--progress",
        "--rows-per-statement", "200",
      ]
      + db.cliArguments

    let run = try ChildProcess(executable: try SaylauBinary.url(), arguments: arguments)
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
    let full = try ChildProcess(executable: try SaylauBinary.url(), arguments: arguments)
    let fullStatus = await full.wait()
    #expect(fullStatus.reason == .exit && fullStatus.code == 0, "\(full.stderrText)")
    let done = try await db.open()
    let fingerprint = try await done.fingerprint()
    #expect(fingerprint["protocols"] == (before["protocols"] ?? 0) + 10_000)
    #expect(fingerprint["protocol_votes"] == (before["protocol_votes"] ?? 0) + 50_000)
    try await done.close()
  }
}

/// Finds the `saylau` executable built next to the test bundle (or SAYLAU_BIN).
enum SaylauBinary {
  static func url() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["SAYLAU_BIN"] {
      return URL(fileURLWithPath: path)
    }
    var candidates: [URL] = []
    let argv0 = URL(fileURLWithPath: CommandLine.arguments[0])
    candidates.append(argv0.deletingLastPathComponent().appendingPathComponent("saylau"))
    candidates.append(
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("saylau"))
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent()
    candidates.append(root.appendingPathComponent(".build/debug/saylau"))
    if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }
    ) {
      return found
    }
    throw TestSetupError(
      "the saylau executable was not found (tried \(candidates.map(\.path))); build it or set SAYLAU_BIN"
    )
  }
}

/// A child process whose stderr is collected line by line on a thread of its own (no blocking of the
/// test's cooperative threads).
final class ChildProcess: @unchecked Sendable {
  private let process = Process()
  private let lock = NSLock()
  private var stderrBuffer = ""
  private var waiters:
    [(predicate: (String) -> Bool, continuation: CheckedContinuation<String, any Error>)] = []
  private var closed = false
  private var exitContinuation: CheckedContinuation<Void, Never>?
  private var exited = false

  struct Status {
    var reason: Process.TerminationReason
    var code: Int32
  }

  init(executable: URL, arguments: [String]) throws {
    process.executableURL = executable
    process.arguments = arguments
    let stderr = Pipe()
    process.standardError = stderr
    process.standardOutput = FileHandle.nullDevice
    process.terminationHandler = { [weak self] _ in
      guard let self else { return }
      self.lock.lock()
      self.exited = true
      let c = self.exitContinuation
      self.exitContinuation = nil
      self.lock.unlock()
      c?.resume()
    }
    try process.run()
    let handle = stderr.fileHandleForReading
    Thread.detachNewThread { [self] in
      while true {
        let data = handle.availableData
        if data.isEmpty { break }
        self.append(String(decoding: data, as: UTF8.self))
      }
      self.finishReading()
    }
  }

  var stderrText: String {
    lock.lock()
    defer { lock.unlock() }
    return stderrBuffer
  }

  private func append(_ text: String) {
    lock.lock()
    stderrBuffer += text
    let lines = stderrBuffer.split(separator: "\n").map(String.init)
    var ready: [(CheckedContinuation<String, any Error>, String)] = []
    waiters.removeAll { waiter in
      if let line = lines.first(where: waiter.predicate) {
        ready.append((waiter.continuation, line))
        return true
      }
      return false
    }
    lock.unlock()
    for (c, line) in ready { c.resume(returning: line) }
  }

  private func finishReading() {
    lock.lock()
    closed = true
    let pending = waiters
    waiters = []
    let text = stderrBuffer
    lock.unlock()
    for w in pending {
      w.continuation.resume(
        throwing: TestSetupError("the child ended without that line; stderr: \(text)"))
    }
  }

  /// Waits for the first stderr line satisfying `predicate`.
  func waitForStderrLine(_ predicate: @escaping (String) -> Bool) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
      lock.lock()
      if let line = stderrBuffer.split(separator: "\n").map(String.init).first(where: predicate) {
        lock.unlock()
        continuation.resume(returning: line)
        return
      }
      if closed {
        let text = stderrBuffer
        lock.unlock()
        continuation.resume(
          throwing: TestSetupError("the child ended without that line; stderr: \(text)"))
        return
      }
      waiters.append((predicate, continuation))
      lock.unlock()
    }
  }

  func kill9() { kill(process.processIdentifier, SIGKILL) }

  func wait() async -> Status {
    await withCheckedContinuation { continuation in
      lock.lock()
      if exited {
        lock.unlock()
        continuation.resume()
      } else {
        exitContinuation = continuation
        lock.unlock()
      }
    }
    return Status(reason: process.terminationReason, code: process.terminationStatus)
  }
}
