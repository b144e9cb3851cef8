import Foundation
import HummingbirdTesting
import SaylauAccounts
import SaylauServer
import SaylauStore
import SaylauTestSupport
import Testing

/// The election-night flow in a real Chromium, driven by Selenium (Debian's chromium, chromium-driver and
/// python3-selenium): two clerks enter a protocol, the difference is resolved, the live page updates.
@Suite("Browser: election night (Chromium and Selenium)")
struct ElectionNightBrowserTests {
  static let python = "/usr/bin/python3"
  static var available: Bool {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
      && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
  }
  /// Runs without the tools only outside CI; under CI=true they must be there.
  static var enabled: Bool { available || ProcessInfo.processInfo.environment["CI"] == "true" }

  @Test(
    "two clerks, a difference resolved, the results page updating by itself", .enabled(if: enabled))
  func flow() async throws {
    #expect(
      Self.available,
      "chromium and chromium-driver are not installed (apt-get install chromium-driver python3-selenium)"
    )
    guard Self.available else { return }
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Browser/election_night.py").path
    try FileManager.default.createDirectory(
      at: BrowserTests.artifacts, withIntermediateDirectories: true)
    try await withServer(.sqlite, transport: .live) { client, service in
      for (name, role) in [("alma", Role.clerk), ("bolat", .clerk), ("dana", .coordinator)] {
        try await service.store.addAccount(
          username: name, role: role, password: People.password, hasher: PasswordHasher(cost: 4),
          actor: .commandLine)
      }
      let schema = try await service.store.protocolSchema(election: BundledSeed.election2023)
      let port = try #require(client.port)
      let run = try ChildProcess(
        executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: [
          "-c",
          "exec \(Self.python) '\(script)' http://127.0.0.1:\(port) \(BundledSeed.election2023) '\(People.password)' \(schema.parties.map(\.code).joined(separator: ",")) '\(BrowserTests.artifacts.path)' >&2",
        ])
      let status = await run.wait()
      #expect(status.code == 0, "\(run.stderrText)")
      #expect(
        run.stderrText.contains("\nok") || run.stderrText.hasPrefix("ok"), "\(run.stderrText)")
    }
  }
}
