import Foundation
import Hummingbird
import HummingbirdTesting
import SaylauAccounts
import SaylauElections
import SaylauInterchange
import SaylauServer
import SaylauStore
import SaylauTestSupport
import Testing

/// The results' lifecycle and exports through the API, and the command line on the same database: the
/// state is role-protected and shown on the live page; the exports are the same bytes from both faces,
/// signed by the server's key and verified by `saylau verify`.
@Suite("Results lifecycle and exports through the API")
struct ResultExportTests {
  static let election = BundledSeed.election2023
  static let people: [String: Role] = [
    "alma": .clerk, "bolat": .clerk, "dana": .coordinator, "olzhas": .observer,
  ]

  static func temporary() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-exports-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test(
    "final through the API (coordinator only), the page says so, API and CLI exports agree byte for byte and verify",
    arguments: Engine.available)
  func lifecycle(engine: Engine) async throws {
    let keys = try Self.temporary()
    let keyPath = keys.appendingPathComponent("server.key").path
    try ExportSigner.generate(writingTo: keyPath)
    let signer = try ExportSigner.load(path: keyPath, name: "Saylau test server")
    try await withServer(engine, signer: signer) { client, service, database in
      let people = try await People.make(client, service, Self.people)
      let store = service.store
      let schema = try await store.protocolSchema(election: Self.election)
      // A SYNTHETIC register of three stations; two come in.
      try await store.saveRegister(
        [
          Precinct(id: "X-1", constituency: 1), Precinct(id: "X-2", constituency: 1),
          Precinct(id: "X-9", constituency: 2),
        ], election: Self.election, synthetic: true, actor: .commandLine)
      let clerks = (Actor(name: "alma", role: .clerk), Actor(name: "bolat", role: .clerk))
      for id in ["X-1", "X-2"] {
        let p = ProtocolFixtures.valid(id, schema: schema)
        _ = try await store.enterProtocol(
          p, election: Self.election, schema: schema, clerk: clerks.0)
        _ = try await store.enterProtocol(
          p, election: Self.election, schema: schema, clerk: clerks.1)
      }
      let base = "/api/v1/elections/\(Self.election)"
      var page = try await client.get("/elections/\(Self.election)/results")
      #expect(page.text.contains("Preliminary."))

      /// Every export of the API and of `saylau results export`, compared byte for byte; the API's are
      /// written with their signatures and verified by `saylau verify`.
      func agree(_ label: String) async throws {
        let dir = try Self.temporary()
        let cli = try SaylauExecutable.run(
          ["results", "export", Self.election, "--out", dir.appendingPathComponent("cli").path]
            + database.cliArguments)
        #expect(cli.status == 0, "\(cli.stderr)")
        let listing = try await client.get("\(base)/exports")
        #expect(listing.status == .ok)
        let files = try #require(try listing.json()["files"] as? [[String: Any]])
        #expect(files.compactMap { $0["name"] as? String } == ResultExports.names)
        for name in ResultExports.names {
          let answer = try await client.get("\(base)/exports/\(name)")
          #expect(answer.status == .ok)
          let bytes = Data(buffer: answer.body)
          let fromCLI = try Data(
            contentsOf: dir.appendingPathComponent("cli/\(Self.election)-\(name)"))
          #expect(
            bytes == fromCLI, "\(label): \(name) differs between the API and the command line")
          let file = dir.appendingPathComponent("\(Self.election)-\(name)")
          try bytes.write(to: file)
          let sig = try await client.get("\(base)/exports/\(name).sig")
          #expect(sig.status == .ok)
          try Data(buffer: sig.body).write(to: URL(fileURLWithPath: file.path + ".sig"))
          let verify = try SaylauExecutable.run([
            "verify", file.path, "--public-key", keyPath + ".pub",
          ])
          #expect(verify.status == 0, "\(label): \(name): \(verify.stderr)")
          #expect(verify.stdout.contains("signed by Saylau test server"))
        }
        let nist = dir.appendingPathComponent("\(Self.election)-nist.json")
        let problems = try await NISTSchema.validate(nist)
        #expect(problems == nil, "\(label): \(problems ?? "")")
        let report = try #require(
          try JSONSerialization.jsonObject(with: Data(contentsOf: nist)) as? [String: Any])
        #expect(report["IsTest"] as? Bool == true, "\(label): the register is SYNTHETIC")
        #expect(
          report["Status"] as? String
            == (label == "final" ? "unofficial-complete" : "unofficial-partial"))
        let nation = (report["GpUnit"] as? [[String: Any]])?.first
        #expect(nation?["TotalSubUnits"] as? Int == 3 && nation?["SubUnitsReported"] as? Int == 2)
      }
      try await agree("preliminary")

      // Only a coordinator or an administrator sets the state.
      let final = ByteBuffer(string: #"{"state": "final"}"#)
      var r = try await client.execute(
        uri: "\(base)/results/state", method: .post, headers: [.contentType: "application/json"],
        body: final)
      #expect(r.status == .unauthorized)
      for name in ["alma", "olzhas"] {
        r = try await client.execute(
          uri: "\(base)/results/state", method: .post, headers: people.headers(name), body: final)
        #expect(r.status == .forbidden)
      }
      #expect(try await store.resultStatus(election: Self.election).state == .preliminary)
      r = try await client.execute(
        uri: "\(base)/results/state", method: .post, headers: people.headers("dana"), body: final)
      #expect(r.status == .created, "\(r.text)")
      let change = try r.json()
      #expect(change["state"] as? String == "final" && change["by"] as? String == "dana")
      let digest = try #require(change["snapshotSHA256"] as? String)

      // The page and the results answer say Final; a new entry is refused.
      page = try await client.get("/elections/\(Self.election)/results")
      #expect(page.text.contains("Final.") && !page.text.contains("Preliminary."))
      let results = try await client.get("\(base)/results")
      #expect(
        results.text.contains(#""state":{"by":"dana""#)
          && results.text.contains(#""state":"final""#))
      r = try await client.execute(
        uri: "\(base)/entries", method: .post, headers: people.headers("alma"),
        body: ByteBuffer(string: ProtocolFixtures.valid("X-3", schema: schema).file(schema: schema))
      )
      // The entry route refuses record by record (422), with the store's words.
      #expect(r.status == .unprocessableContent, "\(r.text)")
      #expect(
        r.text.contains("are final: protocols cannot change until a coordinator reopens them"))

      // The snapshot's content is what was hashed, and the canonical export is that content.
      let snapshot = try await client.get("\(base)/results/snapshots/1")
      #expect(snapshot.headers[.init("X-Content-SHA256")!] == digest)
      #expect(ExportSigner.sha256(Data(buffer: snapshot.body)) == digest)
      let canonical = try await client.get("\(base)/exports/result.json")
      #expect(Data(buffer: canonical.body) == Data(buffer: snapshot.body))
      // The printable protocol says which result it prints.
      let printable = try await client.get("\(base)/exports/protocol.html")
      #expect(printable.text.contains("Final results as of") && printable.text.contains(digest))
      try await agree("final")

      // Reopening needs a reason.
      r = try await client.execute(
        uri: "\(base)/results/state", method: .post, headers: people.headers("dana"),
        body: ByteBuffer(string: #"{"state": "preliminary"}"#))
      #expect(r.status == .badRequest)
      let audit = try await client.execute(
        uri: "/api/v1/audit?subject=results:\(Self.election)", method: .get,
        headers: people.headers("dana"))
      #expect(audit.text.contains("results.state") && audit.text.contains(digest))
    }
  }
}
