import Foundation
import HummingbirdTesting
import SaylauServer
import SaylauTestSupport
import Testing

/// The CLI (the bundled registry, through the built binary) and the API (the registry the store rebuilt)
/// give the same answer on a grid of days: the same constituencies, or the same refusal with the same
/// message and the same `existence`.
@Suite("CLI and API agree on the registry")
struct AgreementTests {
  static let grid = [
    "2004-05-01", "2007-05-01", "2022-12-31", "2023-01-01", "2023-03-19", "2026-06-30",
    "2026-07-01",
  ]

  /// One face's answer for a day: the constituencies (id and number), or the refusal.
  enum Answer: Equatable, CustomStringConvertible {
    case list([String])
    case refused(message: String, existence: String?)

    var description: String {
      switch self {
      case .list(let ids): return "list \(ids)"
      case .refused(let message, let existence): return "refused (\(existence ?? "-")): \(message)"
      }
    }
  }

  static func cli(_ arguments: [String]) throws -> (Answer, Int32) {
    let r = try SaylauExecutable.run(arguments + ["--json"])
    if r.status == 0 {
      let json = try #require(try r.json() as? [String: Any])
      let rows = json["constituencies"] as? [[String: Any]] ?? []
      return (.list(rows.compactMap { $0["id"] as? String }), r.status)
    }
    // A refusal with --json is one JSON line on stderr: the API's error object.
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(r.stderr)")
    #expect(r.stdout.isEmpty)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as? [String: Any])
    return (
      .refused(
        message: object["detail"] as? String ?? "", existence: object["existence"] as? String),
      r.status
    )
  }

  static func api(_ client: some TestClientProtocol, _ uri: String) async throws -> (Answer, UInt) {
    let response = try await client.get(uri)
    let json = try response.json()
    if response.status == .ok {
      let rows = json["constituencies"] as? [[String: Any]] ?? []
      return (.list(rows.compactMap { $0["id"] as? String }), UInt(response.status.code))
    }
    return (
      .refused(message: json["detail"] as? String ?? "", existence: json["existence"] as? String),
      UInt(response.status.code)
    )
  }

  @Test(
    "saylau constituencies --date D and GET /api/v1/constituencies?date=D",
    arguments: Engine.available)
  func constituenciesOnTheGrid(engine: Engine) async throws {
    try await withServer(engine) { client, _ in
      var seen: Set<String> = []
      for day in Self.grid {
        let (cli, status) = try Self.cli(["constituencies", "--date", day])
        let (api, code) = try await Self.api(client, "/api/v1/constituencies?date=\(day)")
        #expect(cli == api, "\(day): CLI \(cli), API \(api)")
        switch api {
        case .list(let ids):
          #expect(code == 200 && status == 0)
          #expect(!ids.isEmpty)
          seen.insert("list")
        case .refused(_, let existence):
          #expect(status == 1)
          #expect(code == (existence == "uncertain" ? 422 : 404), "\(day)")
          seen.insert(existence ?? "none")
        }
      }
      // The grid covers all three answers.
      #expect(seen == ["list", "uncertain", "didNotExist"])
    }
  }

  @Test(
    "saylau constituency 12 and GET /api/v1/constituencies/12 on the same grid",
    arguments: Engine.available)
  func oneConstituencyOnTheGrid(engine: Engine) async throws {
    try await withServer(engine) { client, _ in
      for day in Self.grid {
        let r = try SaylauExecutable.run(["constituency", "12", "--date", day, "--json"])
        let response = try await client.get("/api/v1/constituencies/12?date=\(day)")
        let json = try response.json()
        if r.status == 0 {
          let profile = try #require(try r.json() as? [String: Any])
          #expect(response.status == .ok, "\(day): \(response.text)")
          #expect(
            (json["constituency"] as? [String: Any])?["id"] as? String == profile["id"] as? String)
        } else {
          let refusal = try #require(
            try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as? [String: Any])
          #expect(json["detail"] as? String == refusal["detail"] as? String, "\(day)")
          #expect(json["existence"] as? String == refusal["existence"] as? String, "\(day)")
        }
      }
    }
  }
}
