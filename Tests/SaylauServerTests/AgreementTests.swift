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

  /// A JSON object as text with sorted keys: two parsed bodies compared whole.
  static func canonical(_ object: [String: Any]) throws -> String {
    String(
      decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
      as: UTF8.self)
  }

  static func api(_ client: some ServiceClient, _ uri: String) async throws -> (Answer, UInt) {
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

  /// Both faces print SaylauRegistry's views: the CLI's `--json` is the API's body, key for key.
  @Test(
    "saylau constituencies|regions|lookup --json print the API's bodies, byte for byte after parsing",
    arguments: Engine.available)
  func sameBodies(engine: Engine) async throws {
    try await withServer(engine) { client, _ in
      let pairs: [([String], String)] = [
        (["constituencies", "--date", "2023-03-19"], "/api/v1/constituencies?date=2023-03-19"),
        (["constituencies", "--date", "2005-01-01"], "/api/v1/constituencies?date=2005-01-01"),
        (["constituencies"], "/api/v1/constituencies"),
        (["regions", "--date", "2023-03-19"], "/api/v1/regions?date=2023-03-19"),
        (["regions"], "/api/v1/regions"),
        (["lookup", "Al-Farabi District"], "/api/v1/lookup?q=Al-Farabi%20District"),
        (["lookup", "Abai"], "/api/v1/lookup?q=Abai"),
        (
          ["lookup", "Қарасай ауданы"],
          "/api/v1/lookup?q=%D2%9A%D0%B0%D1%80%D0%B0%D1%81%D0%B0%D0%B9%20%D0%B0%D1%83%D0%B4%D0%B0%D0%BD%D1%8B"
        ),
        (
          ["lookup", "almaty_city", "--date", "2005-01-01"],
          "/api/v1/lookup?q=almaty_city&date=2005-01-01"
        ),
      ]
      for (arguments, uri) in pairs {
        let r = try SaylauExecutable.run(arguments + ["--json"])
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        let response = try await client.get(uri)
        #expect(response.status == .ok, "\(uri): \(response.text)")
        let cli = try #require(try r.json() as? [String: Any])
        let api = try response.json()
        #expect(try Self.canonical(cli) == Self.canonical(api), "\(arguments) and \(uri) differ")
        #expect(cli.count > 1)
      }
      // A name that matches nothing: the same refusal from both.
      let r = try SaylauExecutable.run(["lookup", "Karasy", "--json"])
      let response = try await client.get("/api/v1/lookup?q=Karasy")
      #expect(response.status == .notFound)
      let refusal = try #require(
        try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as? [String: Any])
      #expect(refusal["detail"] as? String == (try response.json())["detail"] as? String)
      #expect((refusal["detail"] as? String)?.contains("Karasay District") == true)
    }
  }

  /// The regimes as data through both faces: the table, one chamber's, the regime of a day, and the two
  /// refusals (no regime; a day inside a year-only change) with the same message.
  @Test(
    "saylau regimes --json and GET /api/v1/regimes give one answer", arguments: Engine.available)
  func regimes(engine: Engine) async throws {
    try await withServer(engine) { client, _ in
      let answered: [([String], String)] = [
        ([], ""), (["--chamber", "majilis"], "?chamber=majilis"),
        (["--date", "2023-03-19"], "?date=2023-03-19"),
        (["--date", "2004-09-19", "--chamber", "majilis"], "?date=2004-09-19&chamber=majilis"),
      ]
      for (arguments, query) in answered {
        let r = try SaylauExecutable.run(["regimes"] + arguments + ["--json"])
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        let response = try await client.get("/api/v1/regimes" + query)
        #expect(response.status == .ok, "\(query): \(response.text)")
        let cli = try #require(try r.json() as? [String: Any])
        #expect(try Self.canonical(cli) == Self.canonical(try response.json()), "\(arguments)")
      }
      let day = try SaylauExecutable.run(["regimes", "--date", "2023-03-19", "--json"])
      let regime = try #require(try day.json() as? [String: Any])
      #expect(regime["id"] as? String == "R2022")
      #expect(regime["listMethod"] as? String == "hare")

      for (day, status, existence) in [
        ("1980-01-01", 404, "didNotExist"), ("2022-06-01", 422, "uncertain"),
      ] {
        let r = try SaylauExecutable.run(["regimes", "--date", day])
        #expect(r.status == 1)
        let response = try await client.get("/api/v1/regimes?date=\(day)")
        #expect(response.status.code == status, "\(day): \(response.text)")
        let json = try response.json()
        #expect(json["existence"] as? String == existence)
        #expect(r.stderr.contains(json["detail"] as? String ?? "?"), "\(day): \(r.stderr)")
      }
    }
  }
}
