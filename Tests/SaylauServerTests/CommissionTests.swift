import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SaylauAccounts
import SaylauElections
import SaylauServer
import SaylauStore
import SaylauTestSupport
import Testing

/// Higher commissions' own protocols against the sum below them: the store's comparison, the CLI
/// (`saylau commissions import|compare`, the built binary) and the API show one answer.
@Suite("Commission protocols against the sums below them")
struct CommissionTests {
  static let election = BundledSeed.election2023

  /// Six precincts: T-1…T-4 in constituency 1, T-5 and T-6 in constituency 2; territorial commission
  /// tec-a above T-1…T-3, tec-b above T-4…T-6.
  static let register = (1...6).map {
    Precinct(
      id: "T-\($0)", constituency: $0 <= 4 ? 1 : 2,
      territorialCommission: $0 <= 3 ? "tec-a" : "tec-b")
  }

  static func json(_ protocols: [PollingStationProtocol], schema: ProtocolSchema) throws -> Data {
    let records = protocols.map { p -> [String: Any] in
      var r: [String: Any] = ["precinct": p.precinct, "ballot": p.ballot.rawValue]
      if let c = p.constituency { r["constituency"] = c }
      for (key, value) in [
        ("votersOnList", p.votersOnList), ("ballotsIssued", p.ballotsIssued),
        ("ballotsInBox", p.ballotsInBox), ("invalid", p.invalid), ("againstAll", p.againstAll),
      ] {
        if let value { r[key] = value }
      }
      r["votes"] = Dictionary(
        uniqueKeysWithValues: zip(schema.parties.map(\.code), p.votes.map { $0 ?? 0 }))
      return r
    }
    return try JSONSerialization.data(withJSONObject: ["synthetic": true, "protocols": records])
  }

  /// The sum of `protocols` as one protocol of `commission` (no constituency).
  static func sum(_ protocols: [PollingStationProtocol], commission: String)
    -> PollingStationProtocol
  {
    var s = PollingStationProtocol(
      precinct: commission, constituency: nil, ballot: .list, votersOnList: 0, ballotsIssued: 0,
      ballotsInBox: 0, invalid: 0, votes: Array(repeating: 0, count: protocols[0].votes.count))
    for p in protocols {
      s.votersOnList! += p.votersOnList ?? 0
      s.ballotsIssued! += p.ballotsIssued ?? 0
      s.ballotsInBox! += p.ballotsInBox ?? 0
      s.invalid! += p.invalid ?? 0
      if let a = p.againstAll { s.againstAll = (s.againstAll ?? 0) + a }
      for (i, v) in p.votes.enumerated() { s.votes[i] = (s.votes[i] ?? 0) + (v ?? 0) }
    }
    return s
  }

  static func canonical(_ json: Any) throws -> String {
    String(
      decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]),
      as: UTF8.self)
  }

  @Test(
    "a known difference is listed by line, a missing precinct named; CLI and API give the same answer",
    arguments: Engine.available)
  func knownDifference(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let schema = try await store.protocolSchema(election: Self.election)
    try await store.saveRegister(
      Self.register, election: Self.election, synthetic: true, actor: .commandLine)
    // Every precinct but T-6 has an accepted protocol.
    let precincts = (1...5).map { i in
      ProtocolFixtures.valid(
        "T-\(i)", constituency: i <= 4 ? 1 : 2, votes: [100 + i, 50, 20 + i], schema: schema)
    }
    try await store.importProtocols(
      try ProtocolImport(schema: schema).run([
        .bytes(Array(try Self.json(precincts, schema: schema)), name: "p.json", format: .json)
      ]), election: Self.election, source: "precincts", synthetic: true)
    // tec-a's own protocol has 10 more for the first list, in the box and issued; tec-b's is the sum.
    var a = Self.sum(Array(precincts[0..<3]), commission: "tec-a")
    a.votes[0]! += 10
    a.ballotsInBox! += 10
    a.ballotsIssued! += 10
    let b = Self.sum(Array(precincts[3..<5]), commission: "tec-b")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-commissions-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: file) }
    try Self.json([a, b], schema: schema).write(to: file)

    let imported = try SaylauExecutable.run(
      ["commissions", "import", file.path, "--level", "territorial", "--election", Self.election]
        + db.cliArguments)
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("imported 2 territorial commission protocol(s)"))

    let comparisons = try await store.commissionComparisons(election: Self.election)
    #expect(comparisons.map(\.commission) == ["tec-a", "tec-b"])
    let first = comparisons[0]
    #expect(
      first.differences.map(\.line) == ["ballots_issued", "ballots_in_box", schema.parties[0].code])
    #expect(first.differences.map(\.difference) == [10, 10, 10])
    #expect(first.counted == 3 && first.expected == 3 && first.missing.isEmpty && !first.agrees)
    let second = comparisons[1]
    #expect(second.differences.isEmpty)
    #expect(
      second.missing == ["T-6"] && second.counted == 2 && second.expected == 3 && !second.agrees)

    let cli = try SaylauExecutable.run(
      ["commissions", "compare", "--election", Self.election, "--json"] + db.cliArguments)
    #expect(cli.status == 0, "\(cli.stderr)")
    let text = try SaylauExecutable.run(
      ["commissions", "compare", "--election", Self.election] + db.cliArguments)
    #expect(text.stdout.contains("Territorial commission tec-a, list ballot"))
    #expect(text.stdout.contains("+10") && text.stdout.contains("T-6"))

    var logger = Logger(label: "saylau-test")
    logger.logLevel = .warning
    let service = try await SaylauService(
      store: store,
      configuration: ServerConfiguration(
        port: 0, token: testToken, passwordHasher: PasswordHasher(cost: 4)),
      logger: logger)
    let cliJSON = try Self.canonical(try cli.json())
    try await service.application().test(.router) { router in
      let client = InProcessClient(client: router)
      let api = try await client.execute(
        uri: "/api/v1/elections/\(Self.election)/commissions", method: .get)
      #expect(api.status == .ok)
      #expect(
        try Self.canonical(try JSONSerialization.jsonObject(with: Data(api.text.utf8))) == cliJSON)
      let one = try await client.execute(
        uri: "/api/v1/elections/\(Self.election)/commissions?level=district", method: .get)
      #expect(one.text == "[]")
      // The same file again is a conflict; as a correction it is a new version.
      let headers: HTTPFields = [
        .authorization: "Bearer \(testToken)", .contentType: "application/json",
      ]
      let body = ByteBuffer(data: try Self.json([b], schema: schema))
      let again = try await client.execute(
        uri: "/api/v1/elections/\(Self.election)/commissions/territorial", method: .post,
        headers: headers, body: body)
      #expect(again.status == .conflict, "\(again.text)")
      let corrected = try await client.execute(
        uri: "/api/v1/elections/\(Self.election)/commissions/territorial?replace=true",
        method: .post, headers: headers, body: body)
      #expect(corrected.status == .created, "\(corrected.text)")
      let unknown = try await client.execute(
        uri: "/api/v1/elections/\(Self.election)/commissions/county", method: .post,
        headers: headers, body: body)
      #expect(unknown.status == .notFound)
    }
    let stored = try await store.commissionProtocols(election: Self.election)
    #expect(stored.map(\.version) == [1, 2])
    #expect(
      try await store.auditLog().filter {
        $0.action == "commission-protocols.import"
      }.count == 2)
    try await store.close()
  }
}
