import Foundation
import Hummingbird
import SaylauAccounts
import SaylauStore

/// Accounts, API tokens and the audit log over HTTP: the same store functions as `saylau users`.
struct AccountRoutes: Sendable {
  let service: SaylauService
  var store: Store { service.store }

  struct TokenRequest: Decodable {
    var username: String
    var password: String
    var label: String?
  }

  struct TokenAnswer: Encodable {
    var token: String
    var account: Account
  }

  struct NewAccount: Decodable {
    var username: String
    var role: Role
    var password: String
    var displayName: String?
  }

  struct Accounts: Encodable { var accounts: [Account] }

  struct Me: Encodable {
    var name: String
    var role: Role
    var permissions: [Permission]
  }

  struct Audit: Encodable { var entries: [AuditEntry] }

  func register(on router: Router<SaylauRequestContext>) {
    let v1 = router.group("/api/v1")
    v1.post("/tokens") { request, context in
      let body = try await request.body(upTo: 1 << 16)
      let asked: TokenRequest = try API(service: service).decode(body)
      let account = try await Authentication(service: service).signIn(
        username: asked.username, password: asked.password,
        from: context.clientAddress(
          header: service.configuration.clientAddressHeader, in: request))
      let token = try await store.issueToken(for: account, label: asked.label)
      return try jsonResponse(TokenAnswer(token: token, account: account), status: .created)
    }
    v1.get("/me") { request, _ in
      let actor = try await Authentication(service: service).bearer(request)
      return try jsonResponse(
        Me(
          name: actor.name, role: actor.role,
          permissions: Permission.allCases.filter(actor.allows)))
    }
    v1.get("/accounts") { request, _ in
      _ = try await API(service: service).actor(request, needs: .manageAccounts)
      return try jsonResponse(Accounts(accounts: try await store.accounts()))
    }
    v1.post("/accounts") { request, _ in
      let actor = try await API(service: service).actor(request, needs: .manageAccounts)
      let body = try await request.body(upTo: 1 << 16)
      let asked: NewAccount = try API(service: service).decode(body)
      let account = try await store.addAccount(
        username: asked.username, role: asked.role, password: asked.password,
        displayName: asked.displayName, hasher: service.configuration.passwordHasher, actor: actor)
      return try jsonResponse(account, status: .created)
    }
    v1.post("/accounts/:username/disable") { request, context in
      let actor = try await API(service: service).actor(request, needs: .manageAccounts)
      let name = try context.parameters.require("username")
      return try jsonResponse(try await store.disableAccount(username: name, actor: actor))
    }
    v1.get("/audit") { request, _ in
      _ = try await API(service: service).actor(request, needs: .readAudit)
      let query = Query(request)
      let after = try query.count("after") ?? 0
      let limit = try query.count("limit") ?? 500
      return try jsonResponse(
        Audit(
          entries: try await store.auditLog(after: after, limit: limit, subject: query["subject"])))
    }
  }
}

extension AccountError: HTTPResponseError {
  public var status: HTTPResponse.Status {
    switch kind {
    case .invalidUsername, .weakPassword, .unknownRole: return .badRequest
    case .badCredentials: return .unauthorized
    case .throttled: return .tooManyRequests
    }
  }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    APIError(status, message).response()
  }
}

extension Query {
  /// A count parameter (0 or more).
  func count(_ key: String) throws -> Int? {
    guard let text = values[key] else { return nil }
    guard let n = Int(text), n >= 0 else {
      throw APIError(.badRequest, "query '\(key)': '\(text)' is not a whole number (0 or more)")
    }
    return n
  }
}
