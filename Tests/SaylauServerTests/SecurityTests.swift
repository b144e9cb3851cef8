import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SaylauAccounts
import SaylauElections
import SaylauServer
import SaylauStore
import SaylauTestSupport
import Testing

/// What the service refuses: writes without the role, forms without their CSRF token, guessing
/// passwords; and what it promises on every page: stored text escaped, the security headers.
@Suite("Security: roles, CSRF, sign-in limits, escaping, headers")
struct SecurityTests {
  static let election = BundledSeed.election2023
  static let people: [String: Role] = [
    "alma": .clerk, "bolat": .clerk, "dana": .coordinator, "olzhas": .observer,
    "aigerim": .administrator,
  ]

  @Test("no write without the role: 401 without a token, 403 with the wrong role")
  func roles() async throws {
    try await withServer(.sqlite) { client, service in
      let people = try await People.make(client, service, Self.people)
      let schema = try await service.store.protocolSchema(election: Self.election)
      let file = ProtocolFixtures.valid("R-1", schema: schema).file(schema: schema)
      let entries = "/api/v1/elections/\(Self.election)/entries"
      let upload = "/api/v2/elections/\(Self.election)/protocols"
      let resolution = "/api/v1/elections/\(Self.election)/entries/list/R-1/resolution"
      let decision = #"{"decision": "first", "reason": "paper"}"#
      let state = "/api/v1/elections/\(Self.election)/results/state"
      let account =
        #"{"username": "eve", "role": "administrator", "password": "a long enough password"}"#
      let cases: [(String, String, String?, String, HTTPResponse.Status)] = [
        (entries, file, nil, "no token", .unauthorized),
        (entries, file, "olzhas", "observer", .forbidden),
        (entries, file, "dana", "coordinator", .forbidden),
        (entries, file, "aigerim", "administrator", .forbidden),
        (upload, file, "alma", "clerk", .forbidden),
        (upload, file, "dana", "coordinator", .forbidden),
        (resolution, decision, "alma", "clerk", .forbidden),
        (resolution, decision, nil, "no token", .unauthorized),
        ("/api/v1/accounts", account, "dana", "coordinator", .forbidden),
        ("/api/v1/accounts", account, "alma", "clerk", .forbidden),
        ("/api/v1/accounts/alma/disable", "", "dana", "coordinator", .forbidden),
        (
          "/api/v1/plans", #"{"id": "p", "name": "p", "assignments": {}}"#, "alma", "clerk",
          .forbidden
        ),
        (state, #"{"state": "final"}"#, nil, "no token", .unauthorized),
        (state, #"{"state": "final"}"#, "alma", "clerk", .forbidden),
        (state, #"{"state": "final"}"#, "olzhas", "observer", .forbidden),
      ]
      for (uri, body, who, role, status) in cases {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let who { headers = people.headers(who) }
        let r = try await client.execute(
          uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        #expect(r.status == status, "\(role) POST \(uri): \(r.status) \(r.text)")
      }
      for (uri, who) in [
        ("/api/v1/audit", "alma"), ("/api/v1/audit", "olzhas"), ("/api/v1/accounts", "dana"),
      ] {
        let r = try await client.execute(uri: uri, method: .get, headers: people.headers(who))
        #expect(r.status == .forbidden, "\(who) GET \(uri)")
      }
      #expect(try await client.get("/api/v1/audit").status == .unauthorized)
      // Nothing of the refused writes was stored.
      #expect(try await service.store.entryProgress(election: Self.election).byStatus.isEmpty)
      #expect(try await service.store.account(username: "eve") == nil)
      #expect(try await service.store.resultStatus(election: Self.election).history.isEmpty)
      // The roles that may, can: the administrator adds an account, the configured token still writes.
      let added = try await client.execute(
        uri: "/api/v1/accounts", method: .post, headers: people.headers("aigerim"),
        body: ByteBuffer(string: account))
      #expect(added.status == .created)
      let me = try await client.execute(
        uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(testToken)"])
      #expect(me.text.contains("\"name\":\"operator\""))
      // A disabled account's token stops working at once.
      _ = try await client.execute(
        uri: "/api/v1/accounts/alma/disable", method: .post, headers: people.headers("aigerim"))
      let refused = try await client.execute(
        uri: entries, method: .post, headers: people.headers("alma"), body: ByteBuffer(string: file)
      )
      #expect(refused.status == .unauthorized)
    }
  }

  @Test(
    "sign-in is rate limited per client address: twenty failures over twenty names hold back a twenty-first, not another client"
  )
  func throttleByAddress() async throws {
    let attempt = Self.tokenRequest(_:_:_:forwardedFor:)
    // Over a real socket: the limit counts by the connection's peer (127.0.0.1), and an X-Forwarded-For
    // header is ignored (no proxy is configured), so a client cannot dodge the limit by writing one.
    try await withServer(.sqlite, transport: .live) { client, service in
      try await service.store.addAccount(
        username: "alma", role: .clerk, password: People.password, hasher: PasswordHasher(cost: 4),
        actor: .commandLine)
      for k in 0..<20 {
        let r = try await attempt(client, "guess-\(k)", "wrong", "198.51.100.\(k)")
        #expect(r.status == .unauthorized, "\(k): \(r.text)")
      }
      let held = try await attempt(client, "alma", People.password, "192.0.2.1")
      #expect(held.status == .tooManyRequests)
      #expect(held.text.contains("from this address"), "\(held.text)")
      #expect(Int(held.headers[.retryAfter] ?? "") ?? 0 > 0)
    }
    // Behind a proxy that writes X-Forwarded-For: its last entry is the client; the others are claims.
    try await withServer(.sqlite, clientAddressHeader: "X-Forwarded-For") {
      client, service, _ in
      try await service.store.addAccount(
        username: "alma", role: .clerk, password: People.password, hasher: PasswordHasher(cost: 4),
        actor: .commandLine)
      for k in 0..<20 {
        let r = try await attempt(
          client, "guess-\(k)", "wrong", "10.0.0.\(k), 203.0.113.7")
        #expect(r.status == .unauthorized, "\(k): \(r.text)")
      }
      let held = try await attempt(client, "alma", People.password, "203.0.113.7")
      #expect(held.status == .tooManyRequests && held.text.contains("from this address"))
      let other = try await attempt(
        client, "alma", People.password, "203.0.113.7, 198.51.100.2")
      #expect(other.status == .created, "\(other.text)")
    }
  }

  /// `POST /api/v1/tokens` for `name` and `password`, with an `X-Forwarded-For` header if given.
  @Sendable static func tokenRequest(
    _ client: any ServiceClient, _ name: String, _ password: String,
    forwardedFor: String? = nil
  ) async throws -> ServiceResponse {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let forwardedFor { headers[HTTPField.Name("X-Forwarded-For")!] = forwardedFor }
    return try await client.execute(
      uri: "/api/v1/tokens", method: .post, headers: headers,
      body: ByteBuffer(string: #"{"username": "\#(name)", "password": "\#(password)"}"#))
  }

  @Test(
    "the sign-in throttle: by name, by address and in all, each until its oldest failure is a window old"
  )
  func throttleLimits() {
    let throttle = LoginThrottle(limit: 2, addressLimit: 3, globalLimit: 5, window: .seconds(60))
    let t0 = ContinuousClock.now
    throttle.failed("a", address: "x", now: t0)
    #expect(throttle.retryAfter("a", address: "y", now: t0) == nil)
    throttle.failed("a", address: "y", now: t0 + .seconds(10))
    // Two failures for "a": held back by name, from any address, until the first is 60 s old.
    #expect(throttle.retryAfter("a", address: "z", now: t0 + .seconds(20))?.limit == .name)
    #expect(throttle.retryAfter("a", address: "z", now: t0 + .seconds(20))?.wait == .seconds(40))
    // Three failures from "x" (over three names): "x" is held back; a success clears the name's
    // failures, not the address's.
    throttle.failed("b", address: "x", now: t0 + .seconds(30))
    throttle.failed("c", address: "x", now: t0 + .seconds(31))
    throttle.succeeded("c")
    #expect(throttle.retryAfter("c", address: "x", now: t0 + .seconds(40))?.limit == .address)
    #expect(throttle.retryAfter("c", address: "x", now: t0 + .seconds(40))?.wait == .seconds(20))
    #expect(throttle.retryAfter("c", address: "w", now: t0 + .seconds(40)) == nil)
    // An unknown address is limited by name and in all only.
    #expect(throttle.retryAfter("d", address: nil, now: t0 + .seconds(40)) == nil)
    throttle.failed("e", address: nil, now: t0 + .seconds(41))
    // Five failures in all: everyone waits for the oldest (t0) to leave the window.
    #expect(throttle.retryAfter("f", address: "v", now: t0 + .seconds(42))?.limit == .all)
    #expect(throttle.retryAfter("f", address: "v", now: t0 + .seconds(42))?.wait == .seconds(18))
    // A window after t0, its failure is gone: "a" has one, "x" two, all four.
    #expect(throttle.retryAfter("a", address: "x", now: t0 + .seconds(61)) == nil)
  }

  @Test(
    "sign-in is rate limited per name: the sixth attempt is refused, even with the right password")
  func throttle() async throws {
    try await withServer(.sqlite) { client, service in
      try await service.store.addAccount(
        username: "alma", role: .clerk, password: People.password, hasher: PasswordHasher(cost: 4),
        actor: .commandLine)
      func attempt(_ password: String) async throws -> ServiceResponse {
        try await client.execute(
          uri: "/api/v1/tokens", method: .post, headers: [.contentType: "application/json"],
          body: ByteBuffer(string: #"{"username": "alma", "password": "\#(password)"}"#))
      }
      for _ in 0..<5 { #expect(try await attempt("wrong password guess").status == .unauthorized) }
      let limited = try await attempt(People.password)
      #expect(limited.status == .tooManyRequests)
      #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
      // The web sign-in shares the limit.
      let page = try await client.get("/login")
      let cookie = try #require(Browser.cookie(page, "saylau_login"))
      let csrf = try #require(Browser.hidden(page.text, "csrf"))
      let post = try await client.execute(
        uri: "/login", method: .post,
        headers: [
          .contentType: "application/x-www-form-urlencoded", .cookie: "saylau_login=\(cookie)",
        ],
        body: ByteBuffer(
          string:
            "csrf=\(csrf)&username=alma&password=\(People.password.replacingOccurrences(of: " ", with: "+"))"
        ))
      #expect(post.status == .tooManyRequests)
      // Another name is not held back by alma's failures.
      try await service.store.addAccount(
        username: "bolat", role: .clerk, password: People.password, hasher: PasswordHasher(cost: 4),
        actor: .commandLine)
      let other = try await client.execute(
        uri: "/api/v1/tokens", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(string: #"{"username": "bolat", "password": "\#(People.password)"}"#))
      #expect(other.status == .created)
    }
  }

  @Test(
    "forms without the session's CSRF token are refused; cookies are HttpOnly and SameSite=Strict")
  func csrf() async throws {
    try await withServer(.sqlite) { client, service in
      _ = try await People.make(client, service, ["alma": .clerk])
      // Sign-in without the sign-in cookie: refused.
      let bare = try await client.execute(
        uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
        body: ByteBuffer(string: "csrf=x&username=alma&password=y"))
      #expect(bare.status == .forbidden)
      let browser = try await Browser.signIn(client, "alma", People.password)
      #expect(browser.setCookie.contains("HttpOnly"))
      #expect(browser.setCookie.contains("SameSite=Strict"))
      #expect(!browser.setCookie.contains("Secure"))
      let form = try await browser.get("/elections/\(Self.election)/entry")
      #expect(form.status == .ok)
      let token = try #require(Browser.hidden(form.text, "csrf"))
      let fields = "precinct=X-1&constituency=1&voters_on_list=100"
      for body in [fields, "csrf=forged&" + fields] {
        let r = try await browser.post("/elections/\(Self.election)/entry", body)
        #expect(r.status == .forbidden)
      }
      // With the token, the server answers (here: the check's errors, 422, nothing stored).
      let r = try await browser.post("/elections/\(Self.election)/entry", "csrf=\(token)&" + fields)
      #expect(r.status == .unprocessableContent)
      #expect(r.text.contains("blank count"))
      #expect(try await service.store.entryProgress(election: Self.election).byStatus.isEmpty)
      // Without the session cookie, the same token is worth nothing.
      let anonymous = try await client.execute(
        uri: "/elections/\(Self.election)/entry", method: .post,
        headers: [.contentType: "application/x-www-form-urlencoded"],
        body: ByteBuffer(string: "csrf=\(token)&" + fields))
      #expect(anonymous.status == .forbidden)
    }
  }

  @Test("stored text is escaped on every page that shows it; pages carry the security headers")
  func escaping() async throws {
    try await withServer(.sqlite) { client, service in
      let people = try await People.make(
        client, service, ["alma": .clerk, "bolat": .clerk, "dana": .coordinator])
      let schema = try await service.store.protocolSchema(election: Self.election)
      let evil = "<script>alert(1)</script>"
      let p = ProtocolFixtures.valid(evil, schema: schema)
      var other = p
      other.votes[0] = 299
      other.invalid = 8
      for (q, clerk) in [(p, "alma"), (other, "bolat")] {
        let r = try await client.execute(
          uri: "/api/v1/elections/\(Self.election)/entries", method: .post,
          headers: people.headers(clerk), body: ByteBuffer(string: q.file(schema: schema)))
        #expect(r.status == .created, "\(r.text)")
      }
      let segment = try #require(evil.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
      let reason = "<img src=x onerror=alert(2)> & \"quoted\""
      _ = try await client.execute(
        uri: "/api/v1/elections/\(Self.election)/entries/list/\(segment)/resolution", method: .post,
        headers: people.headers("dana"),
        body: ByteBuffer(
          string: #"{"decision": "reenter", "reason": "<img src=x onerror=alert(2)> & \"quoted\""}"#
        ))
      let browser = try await Browser.signIn(client, "dana", People.password)
      let pages = [
        "/elections/\(Self.election)/queue/list/\(segment)", "/elections/\(Self.election)/queue",
      ]
      // Make the queue hold it again: version 2, entered with a difference.
      for (q, clerk) in [(p, "alma"), (other, "bolat")] {
        _ = try await client.execute(
          uri: "/api/v1/elections/\(Self.election)/entries", method: .post,
          headers: people.headers(clerk), body: ByteBuffer(string: q.file(schema: schema)))
      }
      for uri in pages {
        let page = try await browser.get(uri)
        #expect(page.status == .ok, "\(uri)")
        #expect(!page.text.contains("<script>") && !page.text.contains("<img src=x"), "\(uri)")
        #expect(page.text.contains("&lt;script&gt;"), "\(uri)")
      }
      let casePage = try await browser.get(pages[0])
      #expect(casePage.text.contains("&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quoted&quot;"))
      _ = reason
      // The headers, on public pages and on the signed-in ones.
      for uri in ["/", "/login", "/constituencies/12", "/elections/\(Self.election)"] + pages {
        let page =
          uri.hasPrefix("/elections/\(Self.election)/")
          ? try await browser.get(uri) : try await client.get(uri)
        let csp = page.headers[.contentSecurityPolicy] ?? ""
        #expect(
          csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"), "\(uri)")
        #expect(!csp.contains("unsafe-inline"), "\(uri)")
        #expect(page.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
      }
      #expect(try await browser.get(pages[0]).headers[.cacheControl] == "no-store")
    }
  }
}

/// A signed-in browser for the tests: the session cookie, sent with every request.
struct Browser: Sendable {
  let client: any ServiceClient
  let session: String
  let setCookie: String

  static func cookie(_ response: ServiceResponse, _ name: String) -> String? {
    for header in response.headers[values: .setCookie] where header.hasPrefix("\(name)=") {
      let value = header.dropFirst(name.count + 1).prefix { $0 != ";" }
      return String(value)
    }
    return nil
  }

  /// The value of the hidden field `name` of the first form of `html`.
  static func hidden(_ html: String, _ name: String) -> String? {
    guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    return String(html[r.upperBound...].prefix { $0 != "\"" })
  }

  static func signIn(_ client: any ServiceClient, _ name: String, _ password: String)
    async throws -> Browser
  {
    let page = try await client.get("/login")
    guard let cookie = cookie(page, "saylau_login"), let csrf = hidden(page.text, "csrf") else {
      throw TestSetupError("no sign-in form")
    }
    let encoded = password.replacingOccurrences(of: " ", with: "+")
    let r = try await client.execute(
      uri: "/login", method: .post,
      headers: [
        .contentType: "application/x-www-form-urlencoded", .cookie: "saylau_login=\(cookie)",
      ],
      body: ByteBuffer(string: "csrf=\(csrf)&username=\(name)&password=\(encoded)"))
    guard r.status == .seeOther, let session = Browser.cookie(r, "saylau_session") else {
      throw TestSetupError("sign-in failed: \(r.status) \(r.text)")
    }
    let header = r.headers[values: .setCookie].first { $0.hasPrefix("saylau_session=") } ?? ""
    return Browser(client: client, session: session, setCookie: header)
  }

  func get(_ uri: String) async throws -> ServiceResponse {
    try await client.execute(
      uri: uri, method: .get, headers: [.cookie: "saylau_session=\(session)"])
  }

  func post(_ uri: String, _ body: String) async throws -> ServiceResponse {
    try await client.execute(
      uri: uri, method: .post,
      headers: [
        .cookie: "saylau_session=\(session)", .contentType: "application/x-www-form-urlencoded",
      ], body: ByteBuffer(string: body))
  }
}
