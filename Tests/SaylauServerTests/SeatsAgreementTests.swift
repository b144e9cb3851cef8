import Foundation
import HummingbirdTesting
import SaylauTestSupport
import Testing

/// The command line and the API give the same seats: `saylau seats --json` (from the bundled data) and the
/// `summary` of `GET /api/v1/elections/{id}/seats` (from the store) are the same JSON, for the law's count
/// and for every what-if of the grid, on both database engines; where one face refuses, so does the other,
/// with the library's reason.
@Suite("seats agree between the command line and the API")
struct SeatsAgreementTests {
  /// A what-if as command-line flags and as API query parameters.
  struct Case: Sendable, CustomStringConvertible {
    var flags: [String]
    var query: String
    var description: String { flags.isEmpty ? "the law" : flags.joined(separator: " ") }
  }

  static let methods = [
    "hare", "droop", "imperiali", "dhondt", "sainte-lague", "modified-sainte-lague", "danish",
    "adams", "dean", "huntington-hill",
  ]

  static let cases: [Case] =
    [Case(flags: [], query: "")]
    + methods.map { Case(flags: ["--method", $0], query: "method=\($0)") }
    + ["3", "7", "12.5"].map { Case(flags: ["--threshold", $0], query: "threshold=\($0)") }
    + [1, 50, 150].map { Case(flags: ["--seats", "\($0)"], query: "seats=\($0)") }
    + ["in-box", "issued"].map {
      Case(flags: ["--threshold-base", $0], query: "thresholdBase=\($0)")
    }
    + ["on", "off"].map { Case(flags: ["--runner-up", $0], query: "runnerUp=\($0)") }
    + [
      Case(flags: ["--remainder-tie", "error"], query: "remainderTie=error"),
      Case(
        flags: ["--method", "dhondt", "--threshold", "7", "--seats", "100"],
        query: "method=dhondt&threshold=7&seats=100"),
    ]

  static let elections = [
    "2004-majilis", "2007-majilis", "2012-majilis", "2016-majilis", "2021-majilis", "2023-majilis",
  ]

  @Test(
    "CLI and API give the same summary for every election and what-if", arguments: Engine.available)
  func agree(engine: Engine) async throws {
    let (agreed, refused) = try await withServer(engine) { client, _ in
      var agreed = 0
      var refused = 0
      for election in Self.elections {
        for c in Self.cases {
          let cli = try SaylauExecutable.run(["seats", "--election", election, "--json"] + c.flags)
          let uri = "/api/v1/elections/\(election)/seats" + (c.query.isEmpty ? "" : "?\(c.query)")
          let api = try await client.get(uri)
          if cli.status == 0 {
            #expect(api.status == .ok, "\(election) \(c): \(api.text)")
            let fromCLI =
              try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? NSDictionary
            let fromAPI = try api.json()["summary"] as? [String: Any]
            #expect(
              fromCLI == fromAPI.map { NSDictionary(dictionary: $0) }, "\(election) \(c)")
            agreed += 1
          } else {
            // Both refuse, for the same reason (the library's message).
            #expect(api.status == .unprocessableContent, "\(election) \(c): \(api.text)")
            let reason = cli.stderr.replacingOccurrences(of: "Error: ", with: "")
              .components(separatedBy: " (--")[0].trimmingCharacters(in: .whitespacesAndNewlines)
            let message = (try? api.json()["detail"] as? String) ?? ""
            #expect(message.contains(reason), "\(election) \(c): CLI '\(reason)', API '\(message)'")
            refused += 1
          }
        }
      }
      return (agreed, refused)
    }
    // Both branches ran: most what-ifs give seats; the bases the data lacks (ballots issued in 2016) refuse.
    #expect(agreed > 80 && refused >= 3, "agreed \(agreed), refused \(refused)")
  }

  /// `saylau seats --all-methods --json` and `GET …/seats/methods` give the same comparison, with the
  /// law's threshold and seats and with another threshold and size.
  @Test("CLI and API compare the methods alike", arguments: Engine.available)
  func methodComparisons(engine: Engine) async throws {
    try await withServer(engine) { client, _ in
      for election in Self.elections {
        for (flags, query) in [
          ([String](), ""), (["--threshold", "7", "--seats", "100"], "?threshold=7&seats=100"),
        ] {
          let cli = try SaylauExecutable.run(
            ["seats", "--election", election, "--all-methods", "--json"] + flags)
          #expect(cli.status == 0, "\(election) \(flags): \(cli.stderr)")
          let api = try await client.get("/api/v1/elections/\(election)/seats/methods" + query)
          #expect(api.status == .ok, "\(election): \(api.text)")
          let fromCLI = try #require(try cli.json() as? [String: Any])
          #expect(
            NSDictionary(dictionary: fromCLI) == NSDictionary(dictionary: try api.json()),
            "\(election) \(flags)")
          #expect((fromCLI["methods"] as? [Any])?.count == Self.methods.count)
        }
      }
      #expect(
        try await client.get("/api/v1/elections/2023-majilis/seats/methods?method=hare").status
          == .badRequest)
    }
  }
}
