import Foundation
import Hummingbird
import HummingbirdTesting
import SaylauTestSupport
import Testing

/// The command line and the API count an election defined as data the same way: the same count request
/// (SaylauTestSupport's ``WorkedCases``, one per regime) through `saylau election count --request FILE
/// --json` and `POST /api/v1/count` gives the same JSON (the CLI names the request by its path, the API
/// "request"; nothing else may differ), and a refused request is refused by both with the same issues.
@Suite("counts agree between the command line and the API")
struct CountAgreementTests {
  @Test("each regime's worked case: one answer through both faces", arguments: Engine.available)
  func workedCases(engine: Engine) async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-count-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try await withServer(engine, maximumBodyBytes: 4 << 20) { client, _ in
      for regime in WorkedCases.regimes {
        let body = try WorkedCases.request(regime)
        let path = dir.appendingPathComponent("\(regime).json").path
        try body.write(toFile: path, atomically: true, encoding: .utf8)
        let cli = try SaylauExecutable.run(["election", "count", "--request", path, "--json"])
        #expect(cli.status == 0, "\(regime): \(cli.stderr)")
        let api = try await client.execute(
          uri: "/api/v1/count", method: .post, body: ByteBuffer(string: body))
        #expect(api.status == .ok, "\(regime): \(api.text)")
        let fromCLI =
          try JSONSerialization.jsonObject(
            with: Data(cli.stdout.replacingOccurrences(of: path, with: "request").utf8))
          as? NSDictionary
        let fromAPI = try JSONSerialization.jsonObject(with: Data(api.text.utf8)) as? NSDictionary
        #expect(fromCLI != nil && fromCLI == fromAPI, "\(regime): the faces disagree")
        let summary = (fromAPI?["summary"] as? [String: Any]) ?? [:]
        #expect(summary["regime"] as? String == regime)
      }
    }
  }

  @Test(
    "a refused definition: 422 with its issues, and the CLI's exit 1 with the same ones",
    arguments: Engine.available)
  func refusal(engine: Engine) async throws {
    let body = #"""
      {"definition": {"format": "saylau-election/1", "id": "k", "chamber": "kurultai", "title": "x",
       "date": "2026-08-23", "parties": [{"code": "a", "name": "A"}], "result": {"votes": {"a": 10}}}}
      """#
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-count-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("r.json").path
    try body.write(toFile: path, atomically: true, encoding: .utf8)
    try await withServer(engine) { client, _ in
      let api = try await client.execute(
        uri: "/api/v1/count", method: .post, body: ByteBuffer(string: body))
      #expect(api.status == .unprocessableContent)
      let issues = (try api.json()["issues"] as? [[String: Any]] ?? []).compactMap {
        $0["text"] as? String
      }
      // The Kurultai's formula and threshold are not in the law: a what-if must give them.
      #expect(
        issues.contains { $0.contains("field 'rules.method': R2026 has no known list formula") })
      let cli = try SaylauExecutable.run(["election", "count", "--request", path])
      #expect(cli.status == 1)
      for issue in issues where issue.contains("error") || !issue.contains("warning") {
        #expect(
          cli.stderr.contains(issue.replacingOccurrences(of: "request:", with: "\(path):")),
          "\(issue)")
      }
    }
  }
}
