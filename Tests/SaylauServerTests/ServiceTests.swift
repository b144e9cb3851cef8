import Foundation
import Hummingbird
import HummingbirdTesting
import SaylauServer
import SaylauStore
import SaylauTestSupport
import Testing

/// What a well-kept service does besides answering: its document matches its routes, HEAD answers where
/// GET does, errors say nothing of its insides, pages escape what they show.
@Suite("The service: routes, document, errors, pages")
struct ServiceTests {
  /// The operations of an OpenAPI document, as "METHOD /path".
  static func operations(_ doc: [String: Any]) throws -> Set<String> {
    let paths = try #require(doc["paths"] as? [String: [String: Any]])
    var out: Set<String> = []
    for (path, operations) in paths {
      for method in operations.keys
      where ["get", "post", "put", "patch", "delete"].contains(method) {
        out.insert("\(method.uppercased()) \(path)")
      }
    }
    return out
  }

  @Test(
    "every route the router serves is in the OpenAPI document, and every operation in it is served")
  func documentMatchesRouter() async throws {
    try await withServer(.sqlite) { client, service in
      // The API's part of the router: /api/… and /health, /health/live, /health/ready (pages, /metrics and the stylesheet are not API).
      let served = Set(
        service.router().routes.map {
          "\($0.method.rawValue) \(RouteName.normalised($0.path.description))"
        }
        .filter { $0.contains(" /api/") || $0.hasSuffix(" /health") || $0.contains(" /health/") })
      // The document the server serves: its resource file, Resources/openapi.json.
      let response = try await client.get("/api/v1/openapi.json")
      #expect(response.status == .ok)
      let doc = try response.json()
      #expect(doc["openapi"] as? String == "3.1.0")
      let documented = try Self.operations(doc)
      #expect(
        served.subtracting(documented).isEmpty,
        "served, not documented: \(served.subtracting(documented).sorted())")
      #expect(
        documented.subtracting(served).isEmpty,
        "documented, not served: \(documented.subtracting(served).sorted())")
    }
  }

  @Test("HEAD answers where GET does, with the GET's status and no body; 405 lists HEAD")
  func head() async throws {
    try await withServer(.sqlite, transport: .live) { client, _ in
      for uri in [
        "/api/v1/regions", "/api/v1/constituencies/12", "/", "/constituencies/12", "/health",
        "/metrics", "/assets/saylau.css",
      ] {
        let response = try await client.execute(uri: uri, method: .head)
        #expect(response.status == .ok, "\(uri)")
        #expect(response.body.readableBytes == 0, "\(uri)")
      }
      #expect(
        try await client.execute(uri: "/api/v1/constituencies/77", method: .head).status
          == .notFound)
      let refused = try await client.execute(uri: "/api/v1/regions", method: .delete)
      #expect(refused.status == .methodNotAllowed)
      #expect(refused.headers[.allow] == "GET, HEAD")
      let post = try await client.execute(uri: "/api/v1/seats/allocate", method: .get)
      #expect(post.status == .methodNotAllowed)
      #expect(post.headers[.allow] == "POST")
    }
  }

  @Test("a 400 names the field and the JSON kind it needs, never a Swift type")
  func badRequestsNameNoSwiftTypes() async throws {
    try await withServer(.sqlite) { client, _ in
      let headers: HTTPFields = [.authorization: "Bearer \(testToken)"]
      for (body, field) in [
        (#"{"id": 5, "name": "x", "assignments": {}}"#, "id"),
        (
          #"{"id": "x", "name": "x", "assignments": {"abai.abai": "eight"}}"#,
          "assignments.abai.abai"
        ),
        (#"{"id": "x", "name": "x", "assignments": []}"#, "assignments"),
        (#"{"id": "x"}"#, "name"),
        ("[1, 2", "JSON"),
      ] {
        let response = try await client.execute(
          uri: "/api/v1/plans", method: .post, headers: headers, body: ByteBuffer(string: body))
        #expect(response.status == .badRequest, "\(body)")
        let message = try response.json()["detail"] as? String ?? ""
        #expect(message.contains(field), "\(body): \(message)")
        for word in [
          "Int", "String", "Dictionary", "Array<", "PlanRecord", "Swift", "debugDescription",
        ] {
          #expect(!message.contains(word), "\(body): \(message)")
        }
      }
    }
  }

  @Test(
    "a 500 says 'internal error' and carries no SQL or database message",
    arguments: Engine.available)
  func internalErrorsStayInside(engine: Engine) async throws {
    try await withServer(engine) { client, service in
      try await service.store.backend.transaction([
        SQLStatement("DROP TABLE constituency_candidates")
      ])
      let response = try await client.get("/api/v1/elections/2023-majilis/results")
      #expect(response.status == .internalServerError)
      // A problem detail (RFC 9457) that says only "internal error", with the request's id for the log.
      #expect(response.headers[.contentType] == "application/problem+json")
      let problem = try response.json()
      #expect(problem["detail"] as? String == "internal error")
      #expect(problem["status"] as? Int == 500)
      #expect(problem["type"] as? String == "about:blank")
      let id = try #require(problem["requestId"] as? String)
      #expect(problem["instance"] as? String == "urn:saylau:request:\(id)")
      #expect(
        !response.text.contains("constituency_candidates") && !response.text.contains("SELECT"))
      let page = try await client.get("/constituencies/12")
      #expect(page.status == .internalServerError)
      #expect(!page.text.contains("constituency_candidates") && !page.text.contains("SELECT"))
    }
  }

  @Test("stored text is escaped on every page", arguments: Engine.available)
  func pagesEscapeStoredText(engine: Engine) async throws {
    try await withServer(engine) { client, service in
      let hostile = #"<script>alert("x")</script> & <b>bold</b>"#
      // Stored text the pages show: a candidate's name, a party's name, an election's title. Protocols can
      // no longer carry free text (choices are registered codes), so the text goes into the store directly.
      try await service.store.backend.transaction([
        SQLStatement(
          "UPDATE constituency_candidates SET candidate = ? WHERE election_id = '2023-majilis' AND constituency_number = 12",
          [.text(hostile)]),
        SQLStatement(
          "UPDATE list_results SET name_en = ? WHERE election_id = '2023-majilis' AND party_code = 'baytaq'",
          [.text(hostile)]),
      ])
      // Synthetic protocols of the 2023 election, through the one import (version 2 upload).
      let csv = try ProtocolFixtures.csv(stations: 30, seed: 9)
      let created = try await client.execute(
        uri: "/api/v2/elections/2023-majilis/protocols", method: .post,
        headers: [.authorization: "Bearer \(testToken)", .contentType: "text/csv"],
        body: ByteBuffer(bytes: csv))
      #expect(created.status == .created, "\(created.text)")
      for uri in ["/constituencies/12", "/elections/2023-majilis", "/?colour=turnout"] {
        let page = try await client.get(uri)
        #expect(page.status == .ok, "\(uri)")
        #expect(!page.text.contains("<script"), "\(uri)")
        #expect(!page.text.contains("<b>bold"), "\(uri)")
        #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
      }
      #expect(try await client.get("/constituencies/12").text.contains("&lt;script&gt;"))
      #expect(try await client.get("/?colour=turnout").text.contains("synthetic"))
    }
  }

  @Test("the front page says which units are split, from the data of the day")
  func splitUnitsComeFromTheData() async throws {
    try await withServer(.sqlite) { client, _ in
      let home = try await client.get("/")
      #expect(home.text.contains("Al-Farabi District, split between Nos 6 and 7"))
      #expect(home.text.contains("split between Nos 25 and 26"))
      #expect(home.text.contains("href=\"/assets/saylau.css\""))
      // The 2004 set has no compositions in the registry: nothing is drawn as split, and the links carry
      // the day.
      let earlier = try await client.get("/?date=2005-01-01")
      #expect(earlier.status == .ok)
      #expect(!earlier.text.contains("Hatched"))
      #expect(earlier.text.contains("href=\"/constituencies/12?date=2005-01-01\""))
      // An uncertain day is refused with the registry's reason, as in the API.
      let uncertain = try await client.get("/?date=2004-05-01")
      #expect(uncertain.status == .unprocessableContent)
      #expect(uncertain.text.contains("is uncertain"))
      let none = try await client.get("/constituencies/3?date=2022-12-31")
      #expect(none.status == .notFound)
      #expect(none.text.contains("no constituencies existed on 2022-12-31"))
      let css = try await client.get("/assets/saylau.css")
      #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
      #expect(css.text.contains("table.infobox"))
    }
  }

  @Test(
    "metrics are Prometheus text from swift-metrics: counters by method, route and status, latency histograms"
  )
  func metrics() async throws {
    try await withServer(.sqlite) { client, _ in
      _ = try await client.get("/api/v1/regions")
      _ = try await client.get("/api/v1/regions/atlantis")
      let text = try await client.get("/metrics").text
      #expect(text.contains("# TYPE saylau_http_requests_total counter"))
      #expect(
        text.contains(
          #"saylau_http_requests_total{method="GET",route="/api/v1/regions",status="200"} 1"#))
      #expect(text.contains(#"route="/api/v1/regions/{code}",status="404"} 1"#))
      #expect(text.contains("# TYPE saylau_http_request_duration_seconds histogram"))
      #expect(
        text.contains(
          #"saylau_http_request_duration_seconds_bucket{route="/api/v1/regions",le="+Inf"} 1"#))
      #expect(text.contains("saylau_imported_protocols_total 0"))
      #expect(text.contains("# TYPE saylau_uptime_seconds gauge"))
    }
  }
}

/// Route paths as the router prints them, normalised like the document's (`/api/v1/regions/{code}`).
enum RouteName {
  static func normalised(_ path: String) -> String {
    "/" + path.split(separator: "/").joined(separator: "/")
  }
}
