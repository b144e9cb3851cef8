import Foundation
import Hummingbird
import SaylauElections
import SaylauServer
import SaylauStore
import SaylauTestSupport
import Testing

/// The election-night page's seats so far, turnout map and precinct drill-down: the seats are the ones
/// `saylau tabulate` decides for the same protocols; the pages follow a correction.
@Suite("Live page: seats so far, turnout map, precinct pages")
struct LivePageTests {
  static let election = BundledSeed.election2023

  /// The rows (cells as text) of the table captioned `caption` on an HTML page.
  static func table(_ html: String, caption: String) -> [[String]] {
    guard let start = html.range(of: "<caption>\(caption)</caption>"),
      let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)
    else { return [] }
    let body = html[start.upperBound..<end.lowerBound]
    return body.components(separatedBy: "<tr>").dropFirst().compactMap { row in
      let cells = row.components(separatedBy: "<td").dropFirst().map { cell -> String in
        let text = cell.drop { $0 != ">" }.dropFirst()
        return String(text.prefix { $0 != "<" })
      }
      return cells.isEmpty ? nil : cells
    }
  }

  @Test(
    "seats so far equal saylau tabulate's for the same protocols; the map and a precinct's versions are on the pages",
    arguments: Engine.available)
  func seatsAgree(engine: Engine) async throws {
    let bytes = try ProtocolFixtures.csv(stations: 120, seed: 21)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-live-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data(bytes).write(to: file)
    let tabulate = try SaylauExecutable.run(["tabulate", file.path, "--election", "2023", "--json"])
    #expect(tabulate.status == 0, "\(tabulate.stderr)")
    let parties = (try tabulate.json() as? [String: Any])?["parties"] as? [[String: Any]] ?? []
    let expected = Dictionary(
      uniqueKeysWithValues: parties.compactMap { p -> (String, Int)? in
        // The lists (independents have constituency seats only, no list votes).
        guard let name = p["name"] as? String, let seats = p["listSeats"] as? Int,
          p["votes"] as? Int != nil
        else { return nil }
        return (name.replacingOccurrences(of: "'", with: "&#39;"), seats)
      })
    #expect(expected.values.reduce(0, +) == 69)

    // In process (the router transport): the page renders the map, which takes seconds in a debug build when
    // the whole suite runs in parallel on two cores.
    try await withServer(engine, maximumBodyBytes: 4 << 20) { client, _ in
      let csv: HTTPFields = [.authorization: "Bearer \(testToken)", .contentType: "text/csv"]
      let empty = try await client.get("/elections/\(Self.election)/results")
      #expect(empty.text.contains("No list protocol is counted yet."))
      let imported = try await client.execute(
        uri: "/api/v2/elections/\(Self.election)/protocols", method: .post, headers: csv,
        body: ByteBuffer(bytes: bytes))
      #expect(imported.status == .created, "\(imported.text)")
      let page = try await client.get("/elections/\(Self.election)/results")
      #expect(page.status == .ok)
      let rows = Self.table(page.text, caption: "Preliminary list seats")
      #expect(rows.count == expected.count)
      #expect(
        Dictionary(uniqueKeysWithValues: rows.map { ($0[0], Int($0[2]) ?? -1) }) == expected)
      #expect(page.text.contains("Seats so far (preliminary)"))
      // The turnout map, drawn with the page.
      #expect(page.text.contains("<svg") && page.text.contains("Turnout so far"))

      // A correction of precinct 5's list protocol: its page shows both versions, the new one bold.
      let text = String(decoding: bytes, as: UTF8.self)
      let lines = text.split(separator: "\n").map(String.init)
      let header = lines[0]
      guard let old = lines.first(where: { $0.hasPrefix("5,") && $0.contains(",list,") }) else {
        Issue.record("no list protocol of precinct 5")
        return
      }
      var fields = old.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let columns = header.split(separator: ",").map(String.init)
      // One vote moves from the first list to the second: every relation still holds.
      let first = columns.firstIndex(of: "amanat")!
      let second = columns.firstIndex(of: "auyl")!
      fields[first] = String(Int(fields[first])! - 1)
      fields[second] = String(Int(fields[second])! + 1)
      let correction = header + "\n" + fields.joined(separator: ",") + "\n"
      let replaced = try await client.execute(
        uri: "/api/v2/elections/\(Self.election)/protocols?replace=true", method: .post,
        headers: csv, body: ByteBuffer(string: correction))
      #expect(replaced.status == .created, "\(replaced.text)")
      let precinct = try await client.get("/elections/\(Self.election)/precincts/5")
      #expect(precinct.status == .ok)
      #expect(precinct.text.contains("Version 1") && precinct.text.contains("Counted (version 2)"))
      #expect(precinct.text.contains("<strong>\(Int(fields[first])!)</strong>"))
      let list = try await client.get("/elections/\(Self.election)/precincts?constituency=1")
      #expect(list.status == .ok)
      #expect(list.text.contains("href=\"/elections/\(Self.election)/precincts/"))
      let missing = try await client.get("/elections/\(Self.election)/precincts/no-such")
      #expect(missing.status == .notFound)
    }
  }
}
