import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauInterchange
import SaylauTestSupport
import Testing

/// The exports: NIST SP 1500-100 v2 JSON validated against the published schema by a real validator, the
/// CSV files, the canonical result; and their Ed25519 signatures with every refusal of `saylau verify`.
@Suite("Results interchange")
struct InterchangeTests {
  static func temporary() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-interchange-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// A counted set of SYNTHETIC protocols of 2023 (40 stations, both ballots), with a register that
  /// expects 2 more stations than came in.
  static func counted() throws -> CountedResult {
    let schema = try ProtocolFixtures.schema2023()
    let accepted = try ProtocolImport(schema: schema).run([
      .bytes(try ProtocolFixtures.csv(stations: 40, seed: 11), name: "p.csv", format: .csv)
    ])
    var reader = accepted.protocols()
    var protocols: [PollingStationProtocol] = []
    while true {
      let batch = try reader.next(upTo: 1000)
      if batch.isEmpty { break }
      protocols += batch
    }
    let regionOf = try BundledData.regionOfConstituencies(electionYear: 2023)
    var register = Dictionary(
      protocols.map { ($0.precinct, $0.constituency) }, uniquingKeysWith: { a, _ in a }
    ).map {
      Precinct(id: $0.key, constituency: $0.value, territorialCommission: "TC-\($0.value ?? 0)")
    }
    register += [
      Precinct(id: "missing-1", constituency: 1, territorialCommission: "TC-1"),
      Precinct(id: "missing-2", constituency: 2, territorialCommission: "TC-2"),
    ]
    let completeness = [BallotType.list, .constituency].map { ballot in
      Completeness.of(
        register: register,
        counted: Set(protocols.filter { $0.ballot == ballot }.map(\.precinct)), ballot: ballot,
        region: { regionOf[$0] }, synthetic: true)
    }
    return try CountedResult.count(
      definition: ElectionDefinition(published: try BundledData.publishedElection("2023-majilis")),
      regimes: try BundledData.regimes(), parties: try BundledData.parties(), protocols: protocols,
      regionOf: regionOf, regionNames: [:], completeness: completeness, register: register)
  }

  static func nist(_ result: CountedResult, state: ResultState = .preliminary) throws -> (
    URL, [String: Any]
  ) {
    let dir = try temporary()
    let file = dir.appendingPathComponent("nist.json")
    let bytes = NISTResultsReport.json(
      result, state: state, generatedAt: "2026-12-01T18:00:00Z", issuer: ResultExports.issuer)
    try Data(bytes).write(to: file)
    return (
      file, try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    )
  }

  @Test("the 2023 bundled result is valid NIST SP 1500-100 v2 JSON")
  func bundled2023() async throws {
    let result = try CountedResult.published(
      try BundledData.publishedElection("2023-majilis"), parties: try BundledData.parties())
    let (file, doc) = try Self.nist(result, state: .certified)
    let problems = try await NISTSchema.validate(file)
    #expect(problems == nil, "\(problems ?? "")")
    #expect(
      doc["Status"] as? String == "certified" && doc["Format"] as? String == "summary-contest")
    // The validator is real: "final" is not a NIST status, and a dangling party reference is found.
    var wrong = doc
    wrong["Status"] = "final"
    try JSONSerialization.data(withJSONObject: wrong).write(to: file)
    #expect(try await NISTSchema.validate(file)?.contains("'final' is not one of") == true)
    let text = try String(contentsOf: file, encoding: .utf8)
      .replacingOccurrences(of: "\"final\"", with: "\"certified\"")
      .replacingOccurrences(of: "\"party-amanat\"]", with: "\"party-nobody\"]")
    try Data(text.utf8).write(to: file)
    #expect(
      try await NISTSchema.validate(file)?.contains("dangling reference PartyIds: party-nobody")
        == true)
    #expect(doc["IsTest"] as? Bool == false)
    // Amanat's 40 list seats of 2023 are a `seats` count of its selection.
    let contest = try #require(
      ((doc["Election"] as? [[String: Any]])?.first?["Contest"] as? [[String: Any]])?.first)
    let amanat = try #require(
      (contest["ContestSelection"] as? [[String: Any]])?.first {
        $0["@id"] as? String == "selection-list-amanat"
      })
    let counts = try #require(amanat["VoteCounts"] as? [[String: Any]])
    #expect(counts.contains { $0["Type"] as? String == "seats" && $0["Count"] as? Int == 40 })
    // Each constituency whose winner the data names is a CandidateContest with that winner.
    let election = try #require((doc["Election"] as? [[String: Any]])?.first)
    let constituencies = try #require(election["Contest"] as? [[String: Any]]).dropFirst()
    let winners = result.publishedConstituencies.filter { $0.winner != nil }
    #expect(!winners.isEmpty && constituencies.count == winners.count)
    #expect(
      constituencies.allSatisfy { $0["@type"] as? String == "ElectionResults.CandidateContest" })
    let people = try #require(election["Candidate"] as? [[String: Any]])
    #expect(
      people.count == winners.count
        && people.allSatisfy { $0["PostElectionStatus"] as? String == "winner" })
    #expect(people.contains { $0["PartyId"] as? String == "party-amanat" })
    // A blank stays blank: no invented ballots in the box.
    let levels = ResultCSV.levels(result).split(separator: "\n")
    #expect(levels.count == 1 + result.parties.count)
  }

  @Test("a counted set of protocols is valid NIST JSON, precinct by precinct, SYNTHETIC marked")
  func countedProtocols() async throws {
    let result = try Self.counted()
    let (file, doc) = try Self.nist(result)
    let problems = try await NISTSchema.validate(file)
    #expect(problems == nil, "\(problems ?? "")")
    #expect(doc["IsTest"] as? Bool == true && doc["TestType"] as? String == "SYNTHETIC")
    #expect((doc["Notes"] as? String)?.hasPrefix("SYNTHETIC") == true)
    #expect(
      doc["Status"] as? String == "unofficial-partial"
        && doc["Format"] as? String == "precinct-level")
    let units = try #require(doc["GpUnit"] as? [[String: Any]])
    #expect(units.filter { $0["Type"] as? String == "precinct" }.count == 40)
    #expect(units.first?["Type"] as? String == "country")
    #expect(
      units.first?["TotalSubUnits"] as? Int == 42 && units.first?["SubUnitsReported"] as? Int == 40)
    // The territorial commissions of the register, each with its counted precincts and N of M.
    let commissions = units.filter {
      $0["OtherType"] as? String == "territorial election commission"
    }
    #expect(!commissions.isEmpty)
    #expect(commissions.compactMap { $0["SubUnitsReported"] as? Int }.reduce(0, +) == 40)
    #expect(commissions.compactMap { $0["TotalSubUnits"] as? Int }.reduce(0, +) == 42)
    let election = try #require((doc["Election"] as? [[String: Any]])?.first)
    let contests = try #require(election["Contest"] as? [[String: Any]])
    #expect(contests.first?["@type"] as? String == "ElectionResults.PartyContest")
    #expect(
      contests.dropFirst().allSatisfy {
        $0["@type"] as? String == "ElectionResults.CandidateContest"
      })
    // The party-list votes of the nation are the sum of the precincts' (exact integers).
    let list = result.protocols.filter { $0.ballot == .list }
    let nation = try #require(result.level(.list, .nation, CountedResult.nationKey))
    for (i, party) in result.parties.enumerated() {
      #expect(nation.votes[i].votes == list.reduce(0) { $0 + ($1.votes[i] ?? 0) }, "\(party.code)")
    }
    #expect(
      nation.votes.map(\.votes).reduce(0, +) == result.summary.rows.compactMap(\.votes).reduce(0, +)
    )
    // The CSV files: one row per protocol; every row SYNTHETIC.
    let precincts = ResultCSV.precincts(result).split(separator: "\n")
    #expect(precincts.count == 1 + result.protocols.count)
    #expect(precincts.dropFirst().allSatisfy { $0.hasSuffix(",yes") })
    let levels = ResultCSV.levels(result).split(separator: "\n").map(String.init)
    #expect(levels.contains { $0.hasPrefix("2023-majilis,list,nation,KZ,") })
    #expect(levels.contains { $0.hasPrefix("2023-majilis,constituency,constituency,1,") })
    #expect(levels.contains { $0.contains(",list,region,") })
  }

  @Test("the canonical JSON is the same bytes after a round trip")
  func canonical() throws {
    let result = try Self.counted()
    let bytes = result.canonicalJSON()
    #expect(try CountedResult.decode(bytes).canonicalJSON() == bytes)
    #expect(try Self.counted().canonicalJSON() == bytes)
  }

  @Test(
    "signatures: verified; a changed byte, another key, an altered or missing signature refused")
  func signatures() throws {
    let dir = try Self.temporary()
    let keyPath = dir.appendingPathComponent("cec.key").path
    let publicKey = try ExportSigner.generate(writingTo: keyPath)
    let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    #expect(throws: SignatureError.self) { try ExportSigner.generate(writingTo: keyPath) }
    let signer = try ExportSigner.load(path: keyPath, name: "CEC of Kazakhstan (test)")
    #expect(signer.publicKey == publicKey)

    let content = Data("precinct,votes\n1,42\n".utf8)
    let file = dir.appendingPathComponent("levels.csv")
    try content.write(to: file)
    try signer.sign(content, file: "levels.csv").json().write(
      to: URL(fileURLWithPath: ExportSignature.path(for: file.path)))
    let ok = try ExportVerifier.verify(file: file.path, trustedKey: publicKey)
    #expect(ok.trustedKey && ok.signature.signer == "CEC of Kazakhstan (test)")
    #expect(try ExportVerifier.verify(file: file.path, trustedKey: keyPath + ".pub").trustedKey)

    func refusal(_ kind: SignatureError.Kind, trusted: String? = publicKey) {
      do {
        _ = try ExportVerifier.verify(file: file.path, trustedKey: trusted)
        Issue.record("verified, expected \(kind)")
      } catch {
        #expect(error.kind == kind, "\(error)")
      }
    }
    // Another key.
    let otherPath = dir.appendingPathComponent("other.key").path
    refusal(.wrongKey, trusted: try ExportSigner.generate(writingTo: otherPath))
    // One byte changed.
    var tampered = content
    tampered[tampered.count - 2] = UInt8(ascii: "3")
    try tampered.write(to: file)
    refusal(.contentChanged)
    try content.write(to: file)
    // The signer's name changed in the signature: the statement no longer verifies.
    let sigURL = URL(fileURLWithPath: ExportSignature.path(for: file.path))
    var signature = try JSONDecoder().decode(ExportSignature.self, from: Data(contentsOf: sigURL))
    signature.signer = "someone else"
    try signature.json().write(to: sigURL)
    refusal(.badSignature)
    try Data("not a signature".utf8).write(to: sigURL)
    refusal(.unreadableSignature)
    try FileManager.default.removeItem(at: sigURL)
    refusal(.missingSignature)
  }

  @Test("saylau verify: exit 0 for a whole signed export, 1 with one line for each refusal")
  func verifyCommand() throws {
    let dir = try Self.temporary()
    let key = dir.appendingPathComponent("k.key").path
    let keygen = try SaylauExecutable.run(["results", "keygen", "--out", key])
    #expect(keygen.status == 0 && keygen.stdout.contains("public key"))
    let secret = try String(contentsOfFile: key, encoding: .utf8)
    #expect(!keygen.stdout.contains(secret.trimmingCharacters(in: .whitespacesAndNewlines)))
    let out = dir.appendingPathComponent("exports").path
    let export = try SaylauExecutable.run([
      "results", "export", "2023-majilis", "--database",
      dir.appendingPathComponent("db.sqlite").path,
      "--out", out, "--key", key, "--signer", "test commission",
    ])
    #expect(export.status == 0, "\(export.stderr)")
    let nist = "\(out)/2023-majilis-nist.json"
    for name in ResultExports.names {
      let r = try SaylauExecutable.run([
        "verify", "\(out)/2023-majilis-\(name)", "--public-key", key + ".pub",
      ])
      #expect(
        r.status == 0 && r.stdout.contains("verified, signed by test commission"), "\(r.stderr)")
    }
    func refused(_ arguments: [String], _ words: String) throws {
      let r = try SaylauExecutable.run(["verify"] + arguments)
      #expect(r.status == 1)
      let lines = r.stderr.split(separator: "\n")
      #expect(
        lines.count == 1 && lines[0].hasPrefix("Error: ") && lines[0].contains(words), "\(r.stderr)"
      )
    }
    let other = dir.appendingPathComponent("other.key").path
    _ = try SaylauExecutable.run(["results", "keygen", "--out", other])
    try refused([nist, "--public-key", other + ".pub"], "signed by another key")
    var bytes = try Data(contentsOf: URL(fileURLWithPath: nist))
    bytes[bytes.count / 2] ^= 0x01
    try bytes.write(to: URL(fileURLWithPath: nist))
    try refused([nist, "--public-key", key + ".pub"], "the content changed")
    try FileManager.default.removeItem(atPath: nist + ".sig")
    try refused([nist], "no signature")
    // The key is never overwritten.
    let again = try SaylauExecutable.run(["results", "keygen", "--out", key])
    #expect(again.status == 1 && again.stderr.contains("exists already"))
  }
}
