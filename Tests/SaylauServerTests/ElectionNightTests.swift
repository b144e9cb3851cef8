import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import SaylauAccounts
import SaylauData
import SaylauElections
import SaylauServer
import SaylauStore
import SaylauTestSupport
import Testing

/// Completeness on the definition's precinct register, the results routes' ETag and memory cache, the
/// election-night page.
@Suite("Election night: the register, completeness, the results page and its cache")
struct ElectionNightTests {
  static let election = BundledSeed.election2023

  /// The bundled 2023 definition with a SYNTHETIC register of `n` stations per constituency.
  static func definition(_ n: Int) throws -> (String, [Precinct]) {
    var d = try BundledData.definition(election)
    let regime = try d.resolveRegime(in: try BundledData.regimes())
    d.precincts = d.syntheticPrecincts(regime: regime, perConstituency: n, seed: 11)
    d.precinctsSynthetic = true
    return (d.json(), d.precincts ?? [])
  }

  @Test("N of M at every level, entries outside the register refused", arguments: Engine.available)
  func completeness(engine: Engine) async throws {
    try await withServer(engine) { client, service in
      let people = try await People.make(
        client, service, ["alma": .clerk, "bolat": .clerk, "aigerim": .administrator])
      let (json, precincts) = try Self.definition(2)
      let put = try await client.execute(
        uri: "/api/v1/elections/\(Self.election)/register", method: .put,
        headers: people.headers("aigerim"), body: ByteBuffer(string: json))
      #expect(put.status == .ok, "\(put.text)")
      #expect(put.text.contains("\"precincts\":\(precincts.count)"))
      // A clerk may not store a register.
      let refused = try await client.execute(
        uri: "/api/v1/elections/\(Self.election)/register", method: .put,
        headers: people.headers("alma"), body: ByteBuffer(string: json))
      #expect(refused.status == .forbidden)
      let schema = try await service.store.protocolSchema(election: Self.election)
      let first = precincts[0]
      let p = ProtocolFixtures.valid(first.id, constituency: first.constituency, schema: schema)
      for clerk in ["alma", "bolat"] {
        _ = try await client.execute(
          uri: "/api/v1/elections/\(Self.election)/entries", method: .post,
          headers: people.headers(clerk), body: ByteBuffer(string: p.file(schema: schema)))
      }
      // Outside the register, or in the wrong constituency: refused.
      for q in [
        ProtocolFixtures.valid("not-registered", schema: schema),
        ProtocolFixtures.valid(precincts[1].id, constituency: 7, schema: schema),
      ] {
        let r = try await client.execute(
          uri: "/api/v1/elections/\(Self.election)/entries", method: .post,
          headers: people.headers("alma"), body: ByteBuffer(string: q.file(schema: schema)))
        #expect(r.status == .unprocessableContent)
        #expect(r.text.contains("register"))
      }
      let answer = try await client.get("/api/v1/elections/\(Self.election)/completeness")
      #expect(answer.status == .ok)
      let c = try JSONDecoder().decode(Completeness.self, from: Data(buffer: answer.body))
      #expect(c.nation == .init(key: "nation", counted: 1, expected: precincts.count))
      #expect(c.constituencies.count == schema.constituencyCount)
      #expect(c.constituencies.first == .init(key: "1", counted: 1, expected: 2))
      #expect(c.constituencies.map(\.expected).reduce(0, +) == precincts.count)
      #expect(c.regions.map(\.expected).reduce(0, +) == precincts.count)
      #expect(c.regions.filter { $0.counted == 1 }.count == 1)
      #expect(c.commissions.map(\.counted).reduce(0, +) == 1)
      #expect(c.synthetic)
      // The constituency ballot has nothing in yet.
      let constituency = try await client.get(
        "/api/v1/elections/\(Self.election)/completeness?ballot=constituency")
      #expect(constituency.text.contains("\"nation\":{\"counted\":0"))
      // The page says so, preliminary and SYNTHETIC.
      let page = try await client.get("/elections/\(Self.election)/results")
      #expect(page.status == .ok)
      #expect(page.text.contains("1 of \(precincts.count) protocols in"))
      #expect(page.text.contains("Preliminary.") && page.text.contains("SYNTHETIC"))
      #expect(page.text.contains("<script src=\"/assets/live.js\" defer></script>"))
      #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
    }
  }

  @Test("results routes carry an ETag: 304 until a protocol is accepted, then the new answer")
  func etag() async throws {
    try await withServer(.sqlite) { client, service in
      let people = try await People.make(client, service, ["alma": .clerk, "bolat": .clerk])
      let uri = "/api/v2/elections/\(Self.election)/protocols?ballot=list"
      let first = try await client.get(uri)
      let etag = try #require(first.headers[.eTag])
      #expect(first.headers[.cacheControl] == "public, max-age=5")
      let again = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag])
      #expect(again.status == .notModified)
      #expect(again.body.readableBytes == 0)
      // Served from memory: the same bytes.
      #expect(try await client.get(uri).text == first.text)
      let schema = try await service.store.protocolSchema(election: Self.election)
      let p = ProtocolFixtures.valid("E-1", schema: schema)
      for clerk in ["alma", "bolat"] {
        _ = try await client.execute(
          uri: "/api/v1/elections/\(Self.election)/entries", method: .post,
          headers: people.headers(clerk), body: ByteBuffer(string: p.file(schema: schema)))
      }
      let changed = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag])
      #expect(changed.status == .ok)
      #expect(changed.headers[.eTag] != etag)
      #expect(try changed.json()["protocols"] as? Int == 1)
    }
  }

  @Test(
    "a crowd asking at once after a change gets one render of each page, the same bytes for all")
  func oneRenderForACrowd() async throws {
    try await withServer(.sqlite) { client, _ in
      @Sendable func counter(_ name: String) async throws -> Int {
        let text = try await client.get("/metrics").text
        let line = text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
      }
      for (k, uri) in ["/elections/\(Self.election)/results", "/constituencies/12"].enumerated() {
        // A change: an import of protocols (which every results answer depends on).
        let upload = try await client.execute(
          uri: "/api/v2/elections/\(Self.election)/protocols", method: .post,
          headers: [.authorization: "Bearer \(testToken)", .contentType: "text/csv"],
          body: ByteBuffer(
            bytes: try ProtocolFixtures.csv(stations: 5, seed: UInt64(k + 1), prefix: "crowd-\(k)-")
          ))
        #expect(upload.status == .created, "\(upload.text)")
        let (renders, waits) = (
          try await counter("saylau_results_renders_total"),
          try await counter("saylau_results_render_waits_total")
        )
        let answers = try await withThrowingTaskGroup(of: ServiceResponse.self) { group in
          for _ in 0..<16 { group.addTask { try await client.get(uri) } }
          return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.status == .ok }, "\(uri)")
        #expect(Set(answers.map(\.text)).count == 1, "\(uri)")
        #expect(Set(answers.compactMap { $0.headers[.eTag] }).count == 1, "\(uri)")
        // One render; the others waited for it or found it stored.
        #expect(try await counter("saylau_results_renders_total") == renders + 1, "\(uri)")
        let waited = try await counter("saylau_results_render_waits_total") - waits
        print("\(uri): 16 requests at once after a change, 1 render, \(waited) waited for it")
      }
    }
  }

  @Test("a client that accepts gzip gets the page gzipped, the same bytes once unzipped")
  func gzip() async throws {
    try await withServer(.sqlite) { client, _ in
      let uri = "/constituencies/12"
      let plain = try await client.get(uri)
      let zipped = try await client.execute(
        uri: uri, method: .get, headers: [.acceptEncoding: "br, gzip;q=0.8"])
      #expect(zipped.headers[.contentEncoding] == "gzip")
      #expect(zipped.headers[.vary] == "Accept-Encoding")
      #expect(zipped.headers[.eTag] != plain.headers[.eTag])
      var body = zipped.body
      let unzipped = try body.decompress(with: .gzip())
      #expect(String(buffer: unzipped) == plain.text)
      // Measured here: how much smaller the page travels.
      print(
        "constituency page: \(plain.body.readableBytes) bytes, gzipped \(zipped.body.readableBytes)"
      )
      #expect(zipped.body.readableBytes * 2 < plain.body.readableBytes)
      let refused = try await client.execute(
        uri: uri, method: .get, headers: [.acceptEncoding: "gzip;q=0"])
      #expect(refused.headers[.contentEncoding] == nil)
    }
  }
}
