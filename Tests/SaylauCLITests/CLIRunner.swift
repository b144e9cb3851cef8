import Foundation

/// Runs the built `saylau` executable, as a user would, and captures what it prints.
struct CLIResult {
  var status: Int32
  var stdout: String
  var stderr: String

  /// Parses standard output as JSON.
  func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
}

enum CLI {
  /// The `saylau` binary next to the test bundle (SwiftPM builds both into the same folder).
  static var executable: URL {
    let candidates = [
      Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
    ]
    for dir in candidates {
      let url = dir.appendingPathComponent("saylau")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return candidates[0].appendingPathComponent("saylau")
  }

  static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil) throws
    -> CLIResult
  {
    let process = Process()
    process.executableURL = executable
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
    // Read both pipes before waiting, so a large output cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
