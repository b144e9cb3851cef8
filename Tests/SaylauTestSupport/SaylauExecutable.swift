import Foundation

/// The built `saylau` executable, run as a user would run it.
///
/// Every test target that uses it declares a dependency on the `saylau` target, so SwiftPM builds the binary
/// next to the test bundle before the tests run; there is no fallback to a possibly stale `.build/debug`.
public enum SaylauExecutable {
  /// The binary: `SAYLAU_BIN` if set, else the `saylau` next to the test bundle.
  public static func url() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["SAYLAU_BIN"] {
      return URL(fileURLWithPath: path)
    }
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
      Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
    ].map { $0.appendingPathComponent("saylau") }
    if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }
    ) {
      return found
    }
    throw TestSetupError(
      "the saylau executable was not found next to the tests (tried \(candidates.map(\.path))); the test target must depend on 'saylau', or set SAYLAU_BIN"
    )
  }

  /// Runs the binary to completion and captures what it prints.
  public static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil) throws
    -> CLIResult
  {
    let process = Process()
    process.executableURL = try url()
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    if let stdin {
      let input = Pipe()
      process.standardInput = input
      input.fileHandleForWriting.write(stdin)
      try input.fileHandleForWriting.close()
    }
    try process.run()
    // Read both pipes before waiting, so a large output cannot block the child. stderr is read on a thread
    // of its own so that a child writing much to both cannot dead-lock.
    let errBox = DataBox()
    let errThread = Thread {
      errBox.set(err.fileHandleForReading.readDataToEndOfFile())
    }
    errThread.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errData = errBox.wait()
    return CLIResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}

/// What a run of the command-line tool printed.
public struct CLIResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String

  /// Parses standard output as JSON.
  public func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
}

/// A value handed from a reader thread to the waiting test.
final class DataBox: @unchecked Sendable {
  private let condition = NSCondition()
  private var value: Data?

  func set(_ data: Data) {
    condition.lock()
    value = data
    condition.signal()
    condition.unlock()
  }

  func wait() -> Data {
    condition.lock()
    while value == nil { condition.wait() }
    let v = value!
    condition.unlock()
    return v
  }
}
