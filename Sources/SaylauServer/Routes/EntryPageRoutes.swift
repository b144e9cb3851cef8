import Foundation
import Hummingbird
import SaylauAccounts
import SaylauElections
import SaylauReports
import SaylauStore

/// The pages of election night: sign-in and sign-out, the entry form (works without JavaScript: the
/// server checks and answers with the form again), the coordinator's queue and a protocol's versions.
/// Sessions are cookies (HttpOnly, SameSite=Strict, Secure when configured); every form carries the
/// session's CSRF token and a post without it is refused with 403.
struct EntryPageRoutes: Sendable {
  let service: SaylauService
  var store: Store { service.store }
  var auth: Authentication { Authentication(service: service) }

  /// Pages with forms: as ``PageRoutes/headers`` but forms may post to this server, and nothing is cached
  /// (the pages carry a CSRF token).
  static let headers: HTTPFields = {
    var h = PageRoutes.htmlHeaders(
      allowing: ["script-src 'self'", "connect-src 'self'"], formAction: "'self'")
    h[.cacheControl] = "no-store"
    return h
  }()

  func register(on router: Router<SaylauRequestContext>) {
    router.get(RouterPath(EntryPages.entryScriptPath)) { _, _ in
      Response(
        status: .ok,
        headers: [
          .contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600",
          .xContentTypeOptions: "nosniff",
        ],
        body: .init(byteBuffer: ByteBuffer(string: EntryPages.entryScript)))
    }
    router.get("/login") { request, _ in
      try await signInPage(next: Query(request)["next"] ?? "/entry", username: "", message: nil)
    }
    router.post("/login") { request, context in try await signIn(request, context) }
    router.post("/logout") { request, _ in
      let form = try await FormBody.read(request)
      if let session = try await auth.session(request) {
        guard Secret.equal(form["csrf"] ?? "", session.csrf) else { return try await forbidden() }
        if let secret = request.cookies[Authentication.sessionCookie]?.value {
          try await store.endSession(secret: secret)
        }
      }
      var response = redirect("/login")
      response.setCookie(auth.cookie(Authentication.sessionCookie, "", maxAge: 0))
      return response
    }
    router.get("/entry") { request, _ in
      guard try await auth.session(request) != nil else { return redirect("/login?next=/entry") }
      guard let latest = try await store.elections().last(where: { $0.hasResult ?? true }) else {
        return try await page(Document(title: "Protocol entry"), status: .notFound)
      }
      return redirect("/elections/\(latest.id)/entry")
    }
    router.get("/elections/:id/entry") { request, context in
      let id = try context.parameters.require("id")
      guard let session = try await auth.session(request) else {
        return redirect("/login?next=/elections/\(id)/entry")
      }
      return try await entryForm(
        id, request: request, session: session, values: [:], issues: [], outcome: nil)
    }
    router.post("/elections/:id/entry") { request, context in
      try await enter(request, id: try context.parameters.require("id"))
    }
    router.get("/elections/:id/queue") { request, context in
      let id = try context.parameters.require("id")
      guard let session = try await auth.session(request) else {
        return redirect("/login?next=/elections/\(id)/queue")
      }
      guard session.account.role.allows(.readQueue) else { return try await forbidden() }
      guard let election = try await store.election(id: id) else {
        return try await page(Document(title: "Not found"), status: .notFound)
      }
      let progress = try await store.entryProgress(election: id)
      let lines = try await store.entryQueue(election: id).map {
        EntryPages.line($0)
      }
      // Without a register there is nothing to add up below a commission: the section is left out.
      let commissions =
        (try? await CommissionRoutes(service: service).comparisons(id, level: nil)) ?? []
      return try await page(
        EntryPages.queue(
          electionID: id, title: election.title, counted: progress.counted,
          byStatus: progress.byStatus, lines: lines, commissions: commissions))
    }
    router.get("/elections/:id/queue/:ballot/:precinct") { request, context in
      let (id, ballot, precinct) = try Self.key(context)
      guard let session = try await auth.session(request) else {
        return redirect("/login?next=/elections/\(id)/queue")
      }
      guard session.account.role.allows(.readQueue) else { return try await forbidden() }
      return try await casePage(id, ballot, precinct, session: session, message: nil)
    }
    router.post("/elections/:id/queue/:ballot/:precinct") { request, context in
      let (id, ballot, precinct) = try Self.key(context)
      let form = try await FormBody.read(request)
      guard let session = try await auth.session(request),
        Secret.equal(form["csrf"] ?? "", session.csrf)
      else { return try await forbidden() }
      guard session.account.role.allows(.resolveProtocols) else { return try await forbidden() }
      let actor = Actor(session.account)
      let message: String
      do {
        if form["action"] == "correct" {
          try await store.openCorrection(
            election: id, precinct: precinct, ballot: ballot, reason: form["reason"] ?? "",
            actor: actor)
          message = "A correction is open: the protocol is to be entered twice again."
        } else {
          guard let decision = form["decision"].flatMap(EntryDecision.init(rawValue:)) else {
            return try await casePage(
              id, ballot, precinct, session: session, message: "Choose a decision.",
              status: .unprocessableContent)
          }
          let schema = try await store.protocolSchema(election: id)
          let (_, accepted) = try await store.resolveProtocol(
            election: id, precinct: precinct, ballot: ballot, decision: decision,
            reason: form["reason"] ?? "", schema: schema, actor: actor)
          if accepted { service.accepted(election: id, precinct: precinct, ballot: ballot) }
          message =
            accepted
            ? "Decided: the protocol counts." : "Decided: the protocol is to be entered again."
        }
      } catch let error as StoreError where error.kind != .database {
        return try await casePage(
          id, ballot, precinct, session: session, message: error.message,
          status: error.kind == .notFound ? .notFound : .unprocessableContent)
      }
      return try await casePage(id, ballot, precinct, session: session, message: message)
    }
  }

  static func key(_ context: SaylauRequestContext) throws -> (String, BallotType, String) {
    let id = try context.parameters.require("id")
    guard let ballot = BallotType(rawValue: try context.parameters.require("ballot")) else {
      throw APIError(.notFound, "no such ballot")
    }
    let raw = try context.parameters.require("precinct")
    return (id, ballot, raw.removingPercentEncoding ?? raw)
  }

  func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
  }

  func page(_ document: Document, status: HTTPResponse.Status = .ok) async throws -> Response {
    let text = try await PageRoutes(service: service).frame().page(document)
    return Response(
      status: status, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  func forbidden() async throws -> Response {
    try await page(
      Document(
        title: "Refused",
        blocks: [
          .paragraph([
            .text(
              "This form has expired, came from another site, or your role may not do this. Sign in and try again."
            )
          ]), .paragraph([.link("Sign in", href: "/login")]),
        ]), status: .forbidden)
  }

  // MARK: Sign-in

  func signInPage(
    next: String, username: String, message: String?, status: HTTPResponse.Status = .ok
  )
    async throws -> Response
  {
    let csrf = Secret.make()
    var response = try await page(
      EntryPages.signIn(
        csrf: csrf, username: username, next: Self.safeNext(next), message: message),
      status: status)
    response.setCookie(auth.cookie(Authentication.loginCookie, csrf, maxAge: 600, path: "/login"))
    return response
  }

  /// Only a path of this server may be the page after signing in (no open redirect).
  static func safeNext(_ next: String) -> String {
    next.hasPrefix("/") && !next.hasPrefix("//") && !next.contains("\\") ? next : "/entry"
  }

  func signIn(_ request: Request, _ context: SaylauRequestContext) async throws -> Response {
    let form = try await FormBody.read(request)
    let username = form["username"] ?? ""
    let next = Self.safeNext(form["next"] ?? "/entry")
    // Login CSRF: the form's token must equal the sign-in cookie set with the form (SameSite=Strict keeps
    // the cookie from other sites' posts).
    guard let cookie = request.cookies[Authentication.loginCookie]?.value, !cookie.isEmpty,
      Secret.equal(form["csrf"] ?? "", cookie)
    else {
      return try await signInPage(
        next: next, username: username, message: "The sign-in form expired: try again.",
        status: .forbidden)
    }
    let account: Account
    do {
      account = try await auth.signIn(
        username: username, password: form["password"] ?? "",
        from: context.clientAddress(
          header: service.configuration.clientAddressHeader, in: request))
    } catch let error as APIError {
      var response = try await signInPage(
        next: next, username: username, message: error.message, status: error.status)
      if let retry = error.retryAfter { response.headers[.retryAfter] = String(retry) }
      return response
    }
    let session = try await store.startSession(for: account)
    var response = redirect(next)
    response.setCookie(auth.cookie(Authentication.sessionCookie, session.secret, maxAge: 12 * 3600))
    response.setCookie(auth.cookie(Authentication.loginCookie, "", maxAge: 0, path: "/login"))
    return response
  }

  // MARK: Entry

  /// Candidate fields of a constituency form when no candidate list is stored.
  static let candidatePositions = 12

  func entryForm(
    _ id: String, request: Request, session: (account: Account, csrf: String),
    values: [String: String], issues: [ProtocolIssue], outcome: String?,
    status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    guard session.account.role.allows(.enterProtocols) else { return try await forbidden() }
    guard let election = try await store.election(id: id) else {
      return try await page(Document(title: "Not found"), status: .notFound)
    }
    let schema = try await store.protocolSchema(election: id)
    var ballot = BallotType(rawValue: Query(request)["ballot"] ?? "list") ?? .list
    if schema.constituencyCount == 0 { ballot = .list }
    return try await page(
      EntryPages.entry(
        EntryPages.EntryInput(
          electionID: id, electionTitle: election.title, ballot: ballot, schema: schema,
          candidatePositions: Self.candidatePositions, values: values, issues: issues,
          csrf: session.csrf, clerk: session.account.username, outcome: outcome)),
      status: status)
  }

  func enter(_ request: Request, id: String) async throws -> Response {
    let form = try await FormBody.read(request)
    guard let session = try await auth.session(request),
      Secret.equal(form["csrf"] ?? "", session.csrf)
    else { return try await forbidden() }
    guard session.account.role.allows(.enterProtocols) else { return try await forbidden() }
    let schema = try await store.protocolSchema(election: id)
    var ballot = BallotType(rawValue: form["ballot"] ?? "list") ?? .list
    if schema.constituencyCount == 0 { ballot = .list }
    let read = ProtocolForm.read(
      form.values, ballot: ballot, schema: schema, candidatePositions: Self.candidatePositions)
    let issues = read.issues(schema: schema)
    var values = form.values
    values["csrf"] = nil
    guard let p = read.protocolValue, !read.readIssues.contains(where: \.isError),
      !ProtocolCheck.refuses(issues) || form["confirmIssues"] == "true"
    else {
      return try await entryForm(
        id, request: request, session: session, values: values, issues: issues,
        outcome: "Not saved: correct the entry (or, if the paper says so, confirm it).",
        status: .unprocessableContent)
    }
    let outcome: EntryOutcome
    do {
      outcome = try await store.enterProtocol(
        p, election: id, schema: schema, clerk: Actor(session.account),
        confirmedIssues: form["confirmIssues"] == "true")
    } catch let error as StoreError where error.kind != .database {
      return try await entryForm(
        id, request: request, session: session, values: values, issues: issues,
        outcome: "Not saved: \(error.message)", status: .conflict)
    }
    if outcome.status == .accepted {
      service.accepted(election: id, precinct: p.precinct, ballot: p.ballot)
    }
    return try await entryForm(
      id, request: request, session: session, values: [:],
      issues: issues.filter { !$0.isError }, outcome: EntryPages.describe(outcome))
  }

  // MARK: The coordinator

  func casePage(
    _ id: String, _ ballot: BallotType, _ precinct: String,
    session: (account: Account, csrf: String), message: String?,
    status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    guard
      let found = try await store.protocolCase(election: id, precinct: precinct, ballot: ballot)
    else {
      return try await page(
        Document(title: "Not found", blocks: [.paragraph([.text("Nothing was entered for it.")])]),
        status: .notFound)
    }
    let schema = try await store.protocolSchema(election: id)
    return try await page(
      EntryPages.protocolCase(
        electionID: id, precinct: precinct, ballot: ballot, schema: schema,
        versions: found.versions.map(EntryPages.view),
        csrf: session.account.role.allows(.resolveProtocols) ? session.csrf : nil,
        message: message), status: status)
  }
}

extension EntryPages {
  static func line(_ item: Store.QueueItem) -> QueueLine {
    QueueLine(
      precinct: item.precinct, ballot: item.ballot, version: item.version,
      status: item.status.rawValue, differences: item.differences)
  }

  static func view(_ v: EntryVersion) -> VersionView {
    VersionView(
      version: v.version, status: v.status.rawValue, openedBy: v.openedBy,
      reason: v.reason, entries: v.entries.map { ($0.entry, $0.clerk, $0.protocol) },
      differences: v.differences,
      decision: v.decision.map {
        "\($0) by \(v.decidedBy ?? "?")\(v.decisionReason.map { ": \($0)" } ?? "")"
      })
  }

  /// What an entry did, for the clerk (never which fields differ: the second clerk must not be led).
  static func describe(_ o: EntryOutcome) -> String {
    let what = "Precinct \(o.precinct) (\(o.ballot.rawValue)), version \(o.version)"
    switch o.status {
    case .awaitingSecondEntry:
      return "\(what): entry \(o.entry) saved; another clerk must enter it again."
    case .accepted: return "\(what): both entries agree; the protocol counts."
    case .differences: return "\(what): entry 2 differs from entry 1; the coordinator will decide."
    case .checkFailed:
      return
        "\(what): the entries agree but the protocol fails the check; the coordinator will decide."
    default: return "\(what): \(o.status.rawValue)."
    }
  }
}
