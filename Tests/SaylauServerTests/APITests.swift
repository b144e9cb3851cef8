import Foundation
import Hummingbird
import HummingbirdTesting
import SaylauCore
import SaylauData
import SaylauServer
import SaylauStore
import SaylauTestSupport
import Testing

@Suite("HTTP API against a live server")
struct APITests {
  @Test("health, constituencies, dates and errors", arguments: Engine.available)
  func registry(engine: Engine) async throws {
    try await withServer(engine, transport: .live) { client, _ in
      let health = try await client.get("/health")
      #expect(health.status == .ok)
      #expect(try health.json()["database"] as? String == engine.rawValue)
      #expect(try health.json()["constituencies"] as? Int == 29)

      let all = try await client.get("/api/v1/constituencies?date=2024-06-01")
      #expect(all.status == .ok)
      let list = try all.json()["constituencies"] as? [[String: Any]] ?? []
      #expect(list.count == 29)
      #expect(list.compactMap { $0["number"] as? Int } == Array(1...29))
      // The 2023 constituencies came into force on 1 January 2023: none the day before. The registry says
      // so (the CLI's answer): 404 with its reason, not an empty list.
      let before = try await client.get("/api/v1/constituencies?date=2022-12-31")
      #expect(before.status == .notFound)
      #expect(try before.json()["existence"] as? String == "didNotExist")
      #expect(
        (try before.json()["detail"] as? String)?.hasPrefix(
          "no constituencies existed on 2022-12-31") == true)
      // 2004-05-01 lies inside the year the 2004 set came into force, day not known: 422, uncertain.
      let uncertain = try await client.get("/api/v1/constituencies?date=2004-05-01")
      #expect(uncertain.status == .unprocessableContent)
      #expect(try uncertain.json()["existence"] as? String == "uncertain")
      #expect(try await client.get("/api/v1/constituencies?date=2023-02-30").status == .badRequest)
      #expect(try await client.get("/api/v1/constituencies?date=yesterday").status == .badRequest)

      let twelve = try await client.get("/api/v1/constituencies/12")
      #expect(twelve.status == .ok)
      let detail = try twelve.json()
      let c = detail["constituency"] as? [String: Any] ?? [:]
      #expect(c["regionCode"] as? String == "almaty_region")
      #expect(detail["election"] as? String == "2023-majilis")
      #expect((detail["candidates"] as? [[String: Any]])?.first?["percent"] as? String == "46.7")
      #expect(try await client.get("/api/v1/constituencies/30").status == .notFound)
      #expect(try await client.get("/api/v1/constituencies/twelve").status == .badRequest)
      #expect(
        try await client.get("/api/v1/constituencies/99999999999999999999").status == .badRequest)

      let regions = try await client.get("/api/v1/regions")
      #expect((try regions.json()["regions"] as? [Any])?.count == 20)
      let almaty = try await client.get("/api/v1/regions/almaty_city")
      #expect((try almaty.json()["units"] as? [Any])?.count == 8)
      #expect(try await client.get("/api/v1/regions/atlantis").status == .notFound)
      #expect(try await client.get("/api/v1/nothing-here").status == .notFound)
    }
  }

  @Test(
    "look-up by unit and by point, the Al-Farabi split answered with both",
    arguments: Engine.available)
  func lookup(engine: Engine) async throws {
    try await withServer(engine, transport: .live) { client, service in
      func numbers(_ uri: String) async throws -> (
        numbers: [Int], regions: [String], ambiguous: Bool
      ) {
        let response = try await client.get(uri)
        #expect(response.status == .ok, "\(uri): \(response.text)")
        let json = try response.json()
        let cs = json["constituencies"] as? [[String: Any]] ?? []
        return (
          cs.compactMap { $0["number"] as? Int }, cs.compactMap { $0["regionCode"] as? String },
          json["ambiguous"] as? Bool ?? false
        )
      }
      let split = try await numbers("/api/v1/lookup?unit=shymkent.al_farabi")
      #expect(split.numbers == [6, 7])
      #expect(split.ambiguous)
      // Whole regions that are one constituency (SOURCES.md): Abai is No. 8, Ulytau No. 28.
      #expect(try await numbers("/api/v1/lookup?unit=abai.abai").numbers == [8])
      // City centres, by coordinates from any atlas: the region must match.
      let cities: [(Double, Double, String)] = [
        (51.1694, 71.4491, "astana"), (50.4111, 80.2275, "abai"), (43.6481, 51.1722, "mangystau"),
        (53.2144, 63.6246, "kostanay"), (52.2873, 76.9674, "pavlodar"),
        (47.1167, 51.8833, "atyrau"),
        (43.2389, 76.8897, "almaty_city"),
      ]
      for (lat, lon, region) in cities {
        let found = try await numbers("/api/v1/lookup?lat=\(lat)&lon=\(lon)")
        #expect(found.regions == [region], "(\(lat), \(lon))")
        #expect(found.numbers.count == 1)
      }
      // A point inside the Al-Farabi polygon (found from the geometry) answers 6 and 7.
      let shape = try #require(
        service.geography.polygons.first { $0.unitCodes == ["shymkent.al_farabi"] })
      let point = try #require(interiorPoint(of: shape))
      let inside = try await numbers("/api/v1/lookup?lat=\(point.1)&lon=\(point.0)")
      #expect(inside.numbers == [6, 7])
      #expect(inside.ambiguous)
      // Moscow is not in Kazakhstan; out-of-range and missing coordinates are the caller's error.
      #expect(try await client.get("/api/v1/lookup?lat=55.75&lon=37.62").status == .notFound)
      #expect(try await client.get("/api/v1/lookup?lat=91&lon=70").status == .badRequest)
      #expect(try await client.get("/api/v1/lookup?lat=NaN&lon=70").status == .badRequest)
      #expect(try await client.get("/api/v1/lookup?lat=50").status == .badRequest)
      #expect(try await client.get("/api/v1/lookup?unit=nowhere").status == .notFound)
    }
  }

  /// A point inside a polygon: scan the bounding box on a grid until the polygon contains a point.
  func interiorPoint(of shape: KazakhstanGeography.UnitPolygon) -> (Double, Double)? {
    for i in 1..<40 {
      for j in 1..<40 {
        let lon =
          shape.box.minLongitude + (shape.box.maxLongitude - shape.box.minLongitude) * Double(i)
          / 40
        let lat =
          shape.box.minLatitude + (shape.box.maxLatitude - shape.box.minLatitude) * Double(j) / 40
        if shape.geometry.contains(.init(longitude: lon, latitude: lat)) { return (lon, lat) }
      }
    }
    return nil
  }

  @Test("elections, results and seats from the published data", arguments: Engine.available)
  func elections(engine: Engine) async throws {
    try await withServer(engine, transport: .live) { client, _ in
      let list = try await client.get("/api/v1/elections")
      let elections = try list.json()["elections"] as? [[String: Any]] ?? []
      // The bundled results with a known election day: 2004 and 2023.
      // Every bundled election with a result and a polling day known to the day (the days of 2016 and 2021
      // are now in elections/elections.csv with their sources, so the API lists what `saylau seats` counts).
      #expect(
        elections.filter { $0["hasResult"] as? Bool == true }.compactMap { $0["id"] as? String }
          == [
            // 2007 and 2012 joined the bundled results with issue 10.
            "2004-majilis", "2007-majilis", "2012-majilis", "2016-majilis", "2021-majilis",
            "2023-majilis",
          ])
      // The catalogue keeps the sources' precision: no day is invented for December 1995.
      #expect(
        elections.first { $0["id"] as? String == "1995-majilis" }?["date"] as? String == "1995-12")
      let seats = try await client.get("/api/v1/elections/2023-majilis/seats")
      let rows = try seats.json()["seats"] as? [[String: Any]] ?? []
      // 98 seats: Amanat 62, Auyl 8, Respublica 6, Ak Zhol 6, QHP 5, JSDP 4, independents 7.
      #expect(rows.compactMap { $0["totalSeats"] as? Int }.reduce(0, +) == 98)
      #expect(rows.first { $0["party"] as? String == "amanat" }?["totalSeats"] as? Int == 62)
      // The engine's list seats from the stored 2023 votes equal the CEC's published allocation.
      let computed = try seats.json()["computed"] as? [String: Any] ?? [:]
      let engine = Dictionary(
        uniqueKeysWithValues: (computed["rows"] as? [[String: Any]] ?? []).compactMap { row in
          (row["code"] as? String).map { ($0, row["seats"] as? Int ?? -1) }
        })
      #expect(
        engine == [
          "amanat": 40, "auyl": 8, "respublica": 6, "ak_zhol": 6, "qhp": 5, "jsdp": 4, "baytaq": 0,
        ])
      let results = try await client.get("/api/v1/elections/2023-majilis/results")
      #expect(results.status == .ok)
      #expect(((try results.json()["protocols"] as? [String: Any])?["synthetic"] as? Bool) == false)
      #expect(try await client.get("/api/v1/elections/1999-x/results").status == .notFound)
    }
  }

  @Test("what-if seat allocation: another threshold, bad input refused")
  func whatIf() async throws {
    try await withServer(.sqlite, transport: .live) { client, _ in
      // 2023 list votes (CEC); with a 7% threshold QHP (6.80%) and JSDP (5.20%) drop out.
      let votes =
        #"[{"code":"amanat","votes":3431510},{"code":"auyl","votes":693938},{"code":"respublica","votes":547154},{"code":"ak_zhol","votes":535139},{"code":"qhp","votes":432920},{"code":"jsdp","votes":331058},{"code":"baytaq","votes":146431}]"#
      let body = #"{"regime":"R2022","threshold":"7","parties":\#(votes),"againstAll":248291}"#
      let response = try await client.execute(
        uri: "/api/v1/seats/allocate", method: .post, body: ByteBuffer(string: body))
      #expect(response.status == .ok, "\(response.text)")
      let rows = try response.json()["rows"] as? [[String: Any]] ?? []
      let seats = Dictionary(
        uniqueKeysWithValues: rows.compactMap { r in
          (r["code"] as? String).map { ($0, r["seats"] as? Int ?? -1) }
        })
      #expect(seats.values.reduce(0, +) == 69)
      #expect(seats["qhp"] == 0 && seats["jsdp"] == 0 && seats["baytaq"] == 0)
      #expect((seats["amanat"] ?? 0) > 40)
      for bad in [
        #"{"regime":"R1066","parties":\#(votes)}"#, #"{"threshold":"abc","parties":\#(votes)}"#,
        #"{"parties":[]}"#, #"{"parties":[{"code":"a","votes":-1}]}"#,
        #"{"seats":0,"parties":\#(votes)}"#,
      ] {
        let refused = try await client.execute(
          uri: "/api/v1/seats/allocate", method: .post, body: ByteBuffer(string: bad))
        #expect(refused.status == .badRequest, "\(bad): \(refused.text)")
      }
    }
  }

  @Test(
    "plan check of the enacted 2023 plan, served without an upload: complete, one region each, Nos 19 and 27 not contiguous, No. 25 depends on Sauran"
  )
  func planCheck() async throws {
    try await withServer(.sqlite, transport: .live) { client, service in
      let list = try await client.get("/api/v1/plans").json()
      let plans = try #require(list["plans"] as? [[String: Any]])
      let enacted = try #require(plans.first { $0["id"] as? String == "enacted-2023" })
      #expect(enacted["enacted"] as? Bool == true)
      #expect((enacted["splitUnits"] as? [String: [Int]])?["shymkent.al_farabi"] == [6, 7])
      let report = try await client.get("/api/v1/plans/enacted-2023/check").json()
      let check = try #require(report["check"] as? [String: Any])
      #expect((check["unassignedUnits"] as? [String])?.isEmpty == true)
      #expect((check["nestingViolations"] as? [String])?.isEmpty == true)
      // SOURCES.md: in the geokz geometry only No. 19 (Temirtau touches only No. 18) and No. 27 (Maktaaral and
      // Zhetysai touch only Shardara) are not contiguous; No. 25 is, with Sauran filling the Kentau polygon.
      #expect(check["nonContiguous"] as? [String] == ["19", "27"])
      #expect(check["policy"] as? String == "merge-into-host")
      #expect(check["contiguityDependsOnPolicy"] as? [String] == ["25"])
      #expect((check["districtChecks"] as? [Any])?.count == 29)
      // The enacted plans' ids are taken.
      let taken = try await client.execute(
        uri: "/api/v1/plans", method: .post, headers: [.authorization: "Bearer \(testToken)"],
        body: ByteBuffer(string: #"{"id": "enacted-2023", "name": "x", "assignments": {}}"#))
      #expect(taken.status == .conflict)
      // A stored plan is checked the same way.
      var assignments: [String: Int] = [:]
      for c in try service.registry.constituencies(on: CalendarDate(iso: "2023-06-01")!) {
        // Al-Farabi (split between 6 and 7) goes to 6: a plan gives each unit one district.
        for share in c.composition where !(share.isPartial && c.number == 7) {
          assignments[share.unitCode] = c.number
        }
      }
      let plan = PlanRecord(
        id: "mine-2023", name: "Enacted 2023, Al-Farabi in 6", source: "registry",
        assignments: assignments)
      let saved = try await client.execute(
        uri: "/api/v1/plans", method: .post, headers: [.authorization: "Bearer \(testToken)"],
        body: ByteBuffer(data: try JSONEncoder().encode(plan)))
      #expect(saved.status == .created, "\(saved.text)")
      let stored = try await client.get("/api/v1/plans/mine-2023/check").json()
      let storedCheck = try #require(stored["check"] as? [String: Any])
      #expect(storedCheck["nonContiguous"] as? [String] == ["19", "27"])
      #expect((storedCheck["splitUnits"] as? [String])?.isEmpty == true)
      #expect(try await client.get("/api/v1/plans/nothing/check").status == .notFound)
    }
  }

  @Test("writes need the bearer token; imports are all or nothing", arguments: Engine.available)
  func protocolsImport(engine: Engine) async throws {
    try await withServer(engine, transport: .live, maximumBodyBytes: 64 << 10) { client, service in
      // The protocol format's JSON (every line, every registered list), as `saylau tabulate` reads it.
      func protocolJSON(_ a: String, _ b: String, respublica: Int = 50) -> String {
        """
        {"synthetic": true, "protocols": [
          {"precinct": "\(a)", "constituency": 12, "ballot": "list", "votersOnList": 1000, "ballotsReceived": 1000,
           "ballotsIssued": 700, "ballotsInBox": 700, "invalid": 10, "unused": 300, "againstAll": 90,
           "votes": {"amanat": 400, "auyl": 200, "respublica": 0, "ak_zhol": 0, "qhp": 0, "jsdp": 0, "baytaq": 0}},
          {"precinct": "\(b)", "constituency": 3, "ballot": "list", "votersOnList": 800, "ballotsIssued": 500,
           "ballotsInBox": 500, "invalid": 0, "againstAll": 0,
           "votes": {"amanat": 300, "auyl": 150, "respublica": \(respublica), "ak_zhol": 0, "qhp": 0, "jsdp": 0, "baytaq": 0}}]}
        """
      }
      let body = protocolJSON("T-1", "T-2")
      let uri = "/api/v2/elections/2023-majilis/protocols"
      // The version 1 upload is gone, and says where to go.
      let gone = try await client.execute(
        uri: "/api/v1/elections/2023-majilis/protocols", method: .post,
        headers: [.authorization: "Bearer \(testToken)"], body: ByteBuffer(string: body))
      #expect(gone.status == .gone)
      #expect(gone.text.contains("/api/v2/elections/{id}/protocols"))
      let none = try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: body))
      #expect(none.status == .unauthorized)
      let wrong = try await client.execute(
        uri: uri, method: .post, headers: [.authorization: "Bearer wrong-token-0123456789"],
        body: ByteBuffer(string: body))
      #expect(wrong.status == .unauthorized)
      #expect(try await service.store.fingerprint()["protocols"] == 0)

      let auth: HTTPFields = [
        .authorization: "Bearer \(testToken)", .contentType: "application/json",
      ]
      let created = try await client.execute(
        uri: uri, method: .post, headers: auth, body: ByteBuffer(string: body))
      #expect(created.status == .created, "\(created.text)")
      #expect((try created.json()["import"] as? [String: Any])?["protocols"] as? Int == 2)
      let totals = try await client.get("/api/v1/elections/2023-majilis/protocols?ballot=list")
      let votes = try totals.json()["votes"] as? [[String: Any]] ?? []
      #expect(votes.first?["choice"] as? String == "amanat")
      #expect(votes.first?["votes"] as? Int == 700)
      #expect(try totals.json()["ballotsCast"] as? Int == 1200)
      // Version 2 gives every line; one protocol had no 'received' and 'unused' lines: not known.
      let lines = try await client.get("\(uri)?ballot=list").json()
      #expect(lines["ballotsIssued"] as? Int == 1200)
      #expect(lines["ballotsInBox"] as? Int == 1200)
      #expect(lines["againstAll"] as? Int == 90)
      #expect(lines["ballotsReceived"] == nil || lines["ballotsReceived"] is NSNull)
      #expect(lines["synthetic"] as? Bool == true)

      // The same precincts again: 409, nothing added. Bad protocols: 422 naming every issue, nothing added.
      let before = try await service.store.fingerprint()
      let again = try await client.execute(
        uri: uri, method: .post, headers: auth, body: ByteBuffer(string: body))
      #expect(again.status == .conflict)
      let bad = protocolJSON("T-3", "T-4", respublica: -50)
      let refused = try await client.execute(
        uri: uri, method: .post, headers: auth, body: ByteBuffer(string: bad))
      #expect(refused.status == .unprocessableContent)
      let issues = try refused.json()["issues"] as? [[String: Any]] ?? []
      let negative = issues.first { $0["field"] as? String == "respublica" }
      #expect(negative?["message"] as? String == "negative count '-50'")
      #expect(negative?["severity"] as? String == "error")
      #expect((negative?["location"] as? [String: Any])?["path"] as? String == "protocols[1]")
      let malformed = try await client.execute(
        uri: uri, method: .post, headers: auth,
        body: ByteBuffer(string: "{\"protocols\": [{\"precinct\": 5,\n \"ballot\" \"list\"}]}"))
      #expect(malformed.status == .unprocessableContent)
      let syntax = (try malformed.json()["issues"] as? [[String: Any]])?.first
      #expect((syntax?["location"] as? [String: Any])?["line"] as? Int == 2)
      #expect((syntax?["location"] as? [String: Any])?["column"] as? Int == 11)
      let huge = try await client.execute(
        uri: uri, method: .post, headers: auth,
        body: ByteBuffer(string: String(repeating: " ", count: 100 << 10)))
      #expect(huge.status == .contentTooLarge)
      let untyped = try await client.execute(
        uri: uri, method: .post, headers: [.authorization: "Bearer \(testToken)"],
        body: ByteBuffer(string: body))
      #expect(untyped.status == .unsupportedMediaType)
      #expect(try await service.store.fingerprint() == before)

      // CSV, accept-valid: the valid protocol is stored, the rejected one comes back byte for byte.
      let header =
        "precinct,constituency,ballot,voters_on_list,ballots_received,ballots_issued,ballots_in_box,invalid,unused,against_all,amanat,auyl,respublica,ak_zhol,qhp,jsdp,baytaq"
      let badRow = "T-6,4,list,100,,90,91,1,,0,50,40,0,0,0,0,0"
      let csv = header + "\r\nT-5,4,list,100,,90,90,0,,0,50,40,0,0,0,0,0\r\n" + badRow + "\r\n"
      let csvAuth: HTTPFields = [.authorization: "Bearer \(testToken)", .contentType: "text/csv"]
      let all = try await client.execute(
        uri: uri, method: .post, headers: csvAuth, body: ByteBuffer(string: csv))
      #expect(all.status == .unprocessableContent)
      let some = try await client.execute(
        uri: "\(uri)?acceptValid=true", method: .post, headers: csvAuth,
        body: ByteBuffer(string: csv))
      #expect(some.status == .created, "\(some.text)")
      let rejected = try some.json()["rejected"] as? [[String: Any]] ?? []
      #expect(rejected.count == 1)
      #expect(rejected.first?["record"] as? String == badRow)
      #expect(try await service.store.fingerprint()["protocols"] == (before["protocols"] ?? 0) + 1)

      let results = try await client.get("/api/v1/elections/2023-majilis/results")
      #expect(((try results.json()["protocols"] as? [String: Any])?["synthetic"] as? Bool) == true)
      let metrics = try await client.get("/metrics")
      #expect(metrics.text.contains("saylau_imported_protocols_total 3"))
      #expect(metrics.text.contains(#"route="/api/v2/elections/{id}/protocols",status="401""#))
    }
  }

  @Test("the OpenAPI document is JSON, OpenAPI 3.1, and lists every API route")
  func openAPI() async throws {
    try await withServer(.sqlite, transport: .live) { client, _ in
      let response = try await client.get("/api/v1/openapi.json")
      #expect(response.status == .ok)
      let doc = try response.json()
      #expect(doc["openapi"] as? String == "3.1.0")
      let paths = Set((doc["paths"] as? [String: Any] ?? [:]).keys)
      for path in [
        "/api/v1/constituencies", "/api/v1/constituencies/{number}", "/api/v1/lookup",
        "/api/v1/regions",
        "/api/v1/elections/{id}/protocols", "/api/v2/elections/{id}/protocols",
        "/api/v1/elections/{id}/seats", "/health",
      ] {
        #expect(paths.contains(path), "\(path)")
      }
    }
  }

  @Test(
    "pages render for people: the map, a constituency, the results", arguments: Engine.available)
  func pages(engine: Engine) async throws {
    try await withServer(engine, transport: .live) { client, _ in
      let home = try await client.get("/")
      #expect(home.status == .ok)
      #expect(home.headers[.contentType]?.hasPrefix("text/html") == true)
      #expect(home.text.contains("<svg"))
      #expect(home.text.components(separatedBy: "href=\"/constituencies/").count - 1 >= 29)
      #expect(!home.text.contains("<script"))
      let winner = try await client.get("/?colour=winner")
      #expect(winner.text.contains("winner not known"))
      let page = try await client.get("/constituencies/12")
      #expect(page.status == .ok)
      #expect(page.text.contains("Constituency No. 12"))
      #expect(page.text.contains("Daniar Qasqaraurov"))
      #expect(page.text.contains("Almaty Region"))
      // The 2004 life's dates are known only to the year: the page shows the years, not invented days.
      #expect(page.text.contains("<td>2004</td>"))
      #expect(page.text.contains("<td>2007</td>"))
      #expect(!page.text.contains("2004-01-01") && !page.text.contains("2007-01-01"))
      #expect(page.text.contains("<td>2023-01-01</td>"))
      let sayram = try await client.get("/constituencies/26")
      #expect(sayram.text.contains("deduced"))
      #expect(try await client.get("/constituencies/77").status == .notFound)
      let results = try await client.get("/elections/2023-majilis")
      // One number format with the static site and the articles (the server's narrow no-break spaces went).
      #expect(results.text.contains("3,431,510"))
      #expect(results.text.contains("class=\"parliament\""))
      #expect(results.text.components(separatedBy: "<circle class=\"seat\"").count - 1 == 98)
    }
  }
}
