import Foundation

/// A child process whose stderr is collected line by line on a thread of its own (no blocking of the
/// test's cooperative threads).
public final class ChildProcess: @unchecked Sendable {
  private let process = Process()
  private let lock = NSLock()
  private var stderrBuffer = ""
  private var waiters:
    [(predicate: (String) -> Bool, continuation: CheckedContinuation<String, any Error>)] = []
  private var closed = false
  private var exitContinuation: CheckedContinuation<Void, Never>?
  private var exited = false

  public struct Status: Sendable {
    public var reason: Process.TerminationReason
    public var code: Int32
  }

  public init(executable: URL, arguments: [String]) throws {
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

  public var stderrText: String {
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
  public func waitForStderrLine(_ predicate: @escaping (String) -> Bool) async throws -> String {
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

  public func kill9() { kill(process.processIdentifier, SIGKILL) }

  public func wait() async -> Status {
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
