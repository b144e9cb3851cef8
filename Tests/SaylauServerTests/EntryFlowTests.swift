import Foundation
import Hummingbird
import HummingbirdTesting
import SaylauAccounts
import SaylauElections
import SaylauServer
import SaylauStore
import SaylauTestSupport
import Testing

/// Election night through the API, as the clerks and the coordinator use it: two entries, a difference
/// decided, the totals counting exactly the accepted protocols, the live stream announcing each.
@Suite("Election night: double entry through the API")
struct EntryFlowTests {
  static let election = BundledSeed.election2023
  static let people: [String: Role] = [
    "alma": .clerk, "bolat": .clerk, "dana": .coordinator, "olzhas": .observer,
  ]

  @Test(
    "two clerks, a difference decided, the count and the live stream", arguments: Engine.available)
  func flow(engine: Engine) async throws {
    try await withServer(engine, transport: .live) { client, service in
      let people = try await People.make(client, service, Self.people)
      let schema = try await service.store.protocolSchema(election: Self.election)
      let port = try #require(client.port)
      // The live stream, read by curl (a stream does not end, so the test client cannot read it).
      let live = try ChildProcess(
        executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: [
          "-c",
          "exec curl -sN --max-time 60 http://127.0.0.1:\(port)/api/v1/elections/\(Self.election)/live >&2",
        ])
      _ = try await live.waitForStderrLine { $0.hasPrefix("event: progress") }

      func enter(_ p: PollingStationProtocol, as clerk: String, confirm: Bool = false) async throws
        -> ServiceResponse
      {
        try await client.execute(
          uri: "/api/v1/elections/\(Self.election)/entries\(confirm ? "?confirmIssues=true" : "")",
          method: .post, headers: people.headers(clerk),
          body: ByteBuffer(string: p.file(schema: schema)))
      }
      let p1 = ProtocolFixtures.valid("N-1", schema: schema)
      var r = try await enter(p1, as: "alma")
      #expect(r.status == .created)
      #expect(r.text.contains("\"status\":\"awaitingSecondEntry\""))
      r = try await enter(p1, as: "alma")
      #expect(r.status == .unprocessableContent)
      #expect(r.text.contains("another clerk"))
      r = try await enter(p1, as: "bolat")
      #expect(r.status == .created)
      #expect(r.text.contains("\"status\":\"accepted\""))
      let event = try await live.waitForStderrLine { $0.hasPrefix("data: ") && $0.contains("N-1") }
      #expect(event.contains("\"ballot\":\"list\""))

      // A difference: the second clerk is told only that it differs; the coordinator sees where.
      let p2 = ProtocolFixtures.valid("N-2", schema: schema)
      var typo = p2
      typo.votes[0] = 30
      typo.invalid = 277
      _ = try await enter(p2, as: "bolat")
      r = try await enter(typo, as: "alma")
      #expect(r.text.contains("\"status\":\"differences\""))
      #expect(r.text.contains("\"differingFields\":2"))
      #expect(!r.text.contains(schema.parties[0].code))
      let queue = try await client.execute(
        uri: "/api/v1/elections/\(Self.election)/entries/queue", method: .get,
        headers: people.headers("dana"))
      #expect(queue.status == .ok)
      #expect(queue.text.contains("N-2") && queue.text.contains(schema.parties[0].code))
      r = try await client.execute(
        uri: "/api/v1/elections/\(Self.election)/entries/list/N-2/resolution", method: .post,
        headers: people.headers("dana"),
        body: ByteBuffer(string: #"{"decision": "first", "reason": "paper: 300"}"#))
      #expect(r.status == .ok)
      _ = try await live.waitForStderrLine { $0.hasPrefix("data: ") && $0.contains("N-2") }

      // The count: exactly the two accepted protocols, with entry 1's figures for N-2.
      let totals = try await client.get(
        "/api/v2/elections/\(Self.election)/protocols?ballot=list")
      let json = try totals.json()
      #expect(json["protocols"] as? Int == 2)
      #expect(json["ballotsInBox"] as? Int == (p1.ballotsInBox ?? 0) + (p2.ballotsInBox ?? 0))
      let progress = try await client.get("/api/v1/elections/\(Self.election)/entries/progress")
      #expect(progress.text.contains("\"counted\":2"))

      // The audit log: every write, who did it.
      let audit = try await client.execute(
        uri: "/api/v1/audit?subject=protocol:\(Self.election)/N-2/list", method: .get,
        headers: people.headers("dana"))
      let actions = try #require(try audit.json()["entries"] as? [[String: Any]])
      #expect(
        actions.map { $0["action"] as? String } == [
          "protocol.entry", "protocol.entry", "protocol.resolve",
        ])
      #expect(actions.map { $0["actor"] as? String } == ["bolat", "alma", "dana"])
      live.kill9()
      _ = await live.wait()
    }
  }

  @Test("the check answers what the form shows, and stores nothing")
  func check() async throws {
    try await withServer(.sqlite) { client, service in
      let schema = try await service.store.protocolSchema(election: Self.election)
      var p = ProtocolFixtures.valid("C-1", schema: schema)
      p.ballotsInBox = 1
      let r = try await client.execute(
        uri: "/api/v1/elections/\(Self.election)/entries/check", method: .post,
        headers: [.contentType: "application/json"],
        body: ByteBuffer(string: p.file(schema: schema)))
      #expect(r.status == .ok)
      #expect(r.text.contains("\"refused\":true") && r.text.contains("A2.1"))
      #expect(try await service.store.entryProgress(election: Self.election).byStatus.isEmpty)
    }
  }
}
