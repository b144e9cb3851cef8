import Foundation
import HummingbirdTesting
import SaylauServer
import SaylauTestSupport
import Testing

/// Headless Chromium (Debian's `chromium`) against a live server: what a person sees, with screenshots kept in
/// .build/test-artifacts/ (phone and desktop widths).
@Suite("Browser (headless Chromium)")
struct BrowserTests {
  static var chromium: String? {
    let env = ProcessInfo.processInfo.environment
    if let path = env["SAYLAU_CHROMIUM"] { return path }
    return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// Runs without Chromium only outside CI; under CI=true a missing Chromium fails the test.
  static var enabled: Bool {
    chromium != nil || ProcessInfo.processInfo.environment["CI"] == "true"
  }

  static var artifacts: URL {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent()
    return root.appendingPathComponent(".build/test-artifacts")
  }

  @Test("the map page and a constituency page, on a phone and a desktop", .enabled(if: enabled))
  func pagesInChromium() async throws {
    let chromium = try #require(
      Self.chromium, "chromium is not installed (apt-get install chromium)")
    try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
    try await withServer(.sqlite, transport: .live) { client, _ in
      let port = try #require(client.port)
      let base = "http://127.0.0.1:\(port)"

      let home = try await Self.run(chromium, ["--dump-dom", "\(base)/"])
      #expect(home.contains("Mäjilis constituencies"))
      #expect(home.contains("<svg"))
      // The link a person would follow from the table to constituency 12.
      let link = try #require(
        home.range(of: "href=\"/constituencies/12\"").map { _ in "/constituencies/12" },
        "no link to No. 12")

      let page = try await Self.run(chromium, ["--dump-dom", "\(base)\(link)"])
      #expect(page.contains("Constituency No. 12"))
      #expect(page.contains("Daniar Qasqaraurov"))
      #expect(page.contains("Karasay") && page.contains("Kaskelen"))

      for (name, uri, size) in [
        ("home-desktop", "/", "1280,900"), ("home-phone", "/", "390,844"),
        ("constituency-12-desktop", link, "1280,900"), ("constituency-12-phone", link, "390,844"),
        ("results-desktop", "/elections/2023-majilis", "1280,900"),
      ] {
        let file = Self.artifacts.appendingPathComponent("\(name).png")
        try? FileManager.default.removeItem(at: file)
        _ = try await Self.run(
          chromium, ["--screenshot=\(file.path)", "--window-size=\(size)", "\(base)\(uri)"])
        let png = try Data(contentsOf: file)
        // PNG signature, then the IHDR width and height.
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == Int(size.split(separator: ",")[0]))
        #expect(png.count > 10_000, "\(name).png is too small to show the page")
      }
    }
  }

  /// Runs Chromium headless and returns stdout (the DOM with --dump-dom).
  static func run(_ chromium: String, _ arguments: [String]) async throws -> String {
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-chromium-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: chromium)
    process.arguments =
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--user-data-dir=\(profile.path)", "--virtual-time-budget=3000",
      ] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    return try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        do {
          try process.run()
          let data = out.fileHandleForReading.readDataToEndOfFile()
          process.waitUntilExit()
          continuation.resume(returning: String(decoding: data, as: UTF8.self))
        } catch {
          continuation.resume(throwing: error)
        }
      }
    }
  }
}
