import Foundation
import SaylauServer
import SaylauTestSupport
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `saylau serve` as a person runs it: starts on a fresh SQLite file, answers, and stops cleanly on SIGTERM.
@Suite("saylau serve (the command)")
struct ServeCommandTests {
  @Test("creates and seeds the database, serves /health, stops on SIGTERM with exit status 0")
  func serveAndStop() async throws {
    let binary = try SaylauExecutable.url()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-serve-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let database = dir.appendingPathComponent("fresh.sqlite")
    let process = Process()
    process.executableURL = binary
    process.arguments = ["serve", "--port", "0", "--json", "--database", database.path]
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    // The first stdout line names the URL; read it on a thread of its own.
    let line: String = try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        var text = ""
        while !text.contains("\n") {
          let data = stdout.fileHandleForReading.availableData
          if data.isEmpty { break }
          text += String(decoding: data, as: UTF8.self)
        }
        continuation.resume(returning: text)
      }
    }
    let url = try #require(
      line.split(separator: "\"").dropFirst(3).first.map(String.init), "no URL in '\(line)'")
    #expect(FileManager.default.fileExists(atPath: database.path))
    let (data, response) = try await URLSession.shared.data(from: URL(string: url + "health")!)
    #expect((response as? HTTPURLResponse)?.statusCode == 200)
    #expect(String(decoding: data, as: UTF8.self).contains("\"status\":\"ok\""))

    kill(process.processIdentifier, SIGTERM)
    let status: Int32 = await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        process.waitUntilExit()
        continuation.resume(returning: process.terminationStatus)
      }
    }
    #expect(process.terminationReason == .exit && status == 0)
    let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(log.contains("\"message\":\"stopped\""), "\(log)")
  }

  @Test(
    "the write token: a file's first line, else SAYLAU_API_TOKEN; short or unreadable is refused")
  func bearerToken() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-token-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: file) }
    let good = String(repeating: "k", count: 32)
    try (good + "\n").write(to: file, atomically: true, encoding: .utf8)
    let environment = ["SAYLAU_API_TOKEN": String(repeating: "e", count: 20)]
    #expect(try ServerConfiguration.bearerToken(file: file.path, environment: environment) == good)
    #expect(
      try ServerConfiguration.bearerToken(file: nil, environment: environment)
        == environment["SAYLAU_API_TOKEN"])
    #expect(try ServerConfiguration.bearerToken(file: nil, environment: [:]) == nil)
    #expect(throws: TokenError.tooShort) {
      try ServerConfiguration.bearerToken(file: nil, environment: ["SAYLAU_API_TOKEN": "short"])
    }
    #expect(throws: TokenError.unreadable(file: "/nonexistent/token")) {
      try ServerConfiguration.bearerToken(file: "/nonexistent/token", environment: environment)
    }
    // The command refuses to start with a short token, in one line, before opening a database.
    try "short\n".write(to: file, atomically: true, encoding: .utf8)
    let r = try SaylauExecutable.run(["serve", "--port", "0", "--token-file", file.path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("the API token must be at least 16 characters"), "\(r.stderr)")
    // A client-address header that is not a header name is refused the same way.
    let header = try SaylauExecutable.run([
      "serve", "--port", "0", "--client-address-header", "X Forwarded: For",
    ])
    #expect(header.status == 1)
    #expect(header.stderr.contains("is not a header name"), "\(header.stderr)")
  }
}
