import Foundation
import Hummingbird
import HummingbirdTesting
import SaylauTestSupport
import Testing

/// The command line and the API give the same forensic report on the same protocols: `saylau forensics
/// FILE --corrections FIX --json` and `GET /api/v1/elections/{id}/forensics` after importing FILE and then
/// FIX with `replace=true`, on both database engines. Same flags (the changed protocols included), same
/// tests, same numbers.
@Suite("forensics agree between the command line and the API")
struct ForensicsAgreementTests {
  @Test("CLI and API give the same report, earlier versions included", arguments: Engine.available)
  func agree(engine: Engine) async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-forensics-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let generated = try SaylauExecutable.run([
      "forensics", "generate", "--seed", "3", "--precincts", "1200", "--doctored", "5", "--out",
      dir.path,
    ])
    #expect(generated.status == 0, "\(generated.stderr)")
    let protocols = dir.appendingPathComponent("protocols.csv")
    let text = try String(contentsOf: protocols, encoding: .utf8)
    // A correction: three list protocols with one invalid ballot more and one vote less for the first
    // party (every relation still holds).
    var lines = text.components(separatedBy: "\n")
    let header = lines.removeFirst()
    let corrected = lines.filter { l in
      ["5,", "17,", "40,"].contains { l.hasPrefix($0) } && l.contains(",list,")
    }
    .map { line -> String in
      var f = line.components(separatedBy: ",")
      f[7] = String(Int(f[7])! + 1)
      f[10] = String(Int(f[10])! - 1)
      return f.joined(separator: ",")
    }
    #expect(corrected.count == 3)
    let fix = dir.appendingPathComponent("fix.csv")
    try ([header] + corrected).joined(separator: "\n").appending("\n").write(
      to: fix, atomically: true, encoding: .utf8)

    let cli = try SaylauExecutable.run([
      "forensics", protocols.path, "--corrections", fix.path, "--election", "2023",
      "--simulations", "20", "--json",
    ])
    #expect(cli.status == 0, "\(cli.stderr)")
    let fromCLI = try #require(try cli.json() as? [String: Any])

    let (apiBody, page) = try await withServer(engine, maximumBodyBytes: 4 << 20) { client, _ in
      for (file, query) in [(protocols, ""), (fix, "?replace=true")] {
        let upload = try await client.execute(
          uri: "/api/v2/elections/2023-majilis/protocols\(query)", method: .post,
          headers: [.authorization: "Bearer \(testToken)", .contentType: "text/csv"],
          body: ByteBuffer(bytes: try Data(contentsOf: file)))
        #expect(upload.status == .created, "\(upload.text.prefix(300))")
      }
      let api = try await client.get("/api/v1/elections/2023-majilis/forensics?simulations=20")
      #expect(api.status == .ok, "\(api.text.prefix(300))")
      let page = try await client.get("/elections/2023-majilis/forensics?simulations=20")
      #expect(page.status == .ok)
      return (api.text, page.text)
    }
    let fromAPI = try #require(
      try JSONSerialization.jsonObject(with: Data(apiBody.utf8)) as? [String: Any])
    #expect(NSDictionary(dictionary: fromCLI) == NSDictionary(dictionary: fromAPI))
    // The same flags, in particular the corrected protocols and the doctored ones.
    func flags(_ json: [String: Any]) -> [String] {
      (json["flags"] as? [[String: Any]] ?? []).map {
        "\($0["precinct"] ?? "")/\($0["ballot"] ?? "")/\($0["kind"] ?? "")"
      }
    }
    #expect(flags(fromCLI) == flags(fromAPI))
    #expect(
      Set(flags(fromAPI).filter { $0.hasSuffix("/changed") }) == [
        "5/list/changed", "17/list/changed", "40/list/changed",
      ])
    #expect(flags(fromAPI).count > 20)
    #expect(fromAPI["earlierVersions"] as? Int == 3)
    #expect(fromAPI["synthetic"] as? Bool == true)
    // The page shows the pictures inline and says the data are synthetic.
    #expect(page.contains("<svg") && page.contains("SYNTHETIC DATA"))
    #expect(page.contains("Remarkable protocols"))
  }

  @Test("an election without protocols, and bad settings, are refused", arguments: Engine.available)
  func refusals(engine: Engine) async throws {
    try await withServer(engine) { client, _ in
      let none = try await client.get("/api/v1/elections/2023-majilis/forensics")
      #expect(none.status == .notFound)
      #expect(try none.json()["detail"] as? String == "no protocols of '2023-majilis' are stored")
      let bad = try await client.get("/api/v1/elections/2023-majilis/forensics?simulations=0")
      #expect(bad.status == .badRequest)
      let seed = try await client.get("/api/v1/elections/2023-majilis/forensics?seed=-1")
      #expect(seed.status == .badRequest)
      let unknown = try await client.get("/api/v1/elections/1066/forensics")
      #expect(unknown.status == .notFound)
    }
  }
}
