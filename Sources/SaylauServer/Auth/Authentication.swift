import Foundation
import Hummingbird
import SaylauAccounts
import SaylauStore

/// Who is asking, for the API (a bearer token) and for the pages (a session cookie), and whether they may.
///
/// API: `Authorization: Bearer <token>` is either the server's configured token (the one write credential
/// before accounts; it acts as an administrator named `operator`) or an account's API token
/// (`POST /api/v1/tokens`). Pages: the `saylau_session` cookie (HttpOnly, SameSite=Strict, Secure when the
/// server is configured for TLS) and a CSRF token in every form.
struct Authentication: Sendable {
  let service: SaylauService
  var store: Store { service.store }

  static let sessionCookie = "saylau_session"
  static let loginCookie = "saylau_login"

  /// The actor of a bearer token that holds `permission`: 401 without a valid token, 403 when its role
  /// lacks the permission.
  func actor(_ request: Request, needs permission: Permission) async throws -> Actor {
    let actor = try await bearer(request)
    guard actor.allows(permission) else {
      throw APIError(
        .forbidden,
        "the role \(actor.role.rawValue) may not do this (it needs \(permission.rawValue))")
    }
    return actor
  }

  func bearer(_ request: Request) async throws -> Actor {
    guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
      throw APIError(.unauthorized, "a bearer token is required (Authorization: Bearer …)")
    }
    let given = String(header.dropFirst("Bearer ".count))
    if let configured = service.configuration.token, Secret.equal(given, configured) {
      return .configuredToken
    }
    if given.hasPrefix("sy_"), given.utf8.count < 200,
      let account = try await store.account(token: given)
    {
      return Actor(account)
    }
    throw APIError(.unauthorized, "the bearer token is wrong")
  }

  /// The signed-in account of a page request and its session's CSRF token.
  func session(_ request: Request) async throws -> (account: Account, csrf: String)? {
    guard let secret = request.cookies[Self.sessionCookie]?.value, !secret.isEmpty,
      secret.utf8.count < 200
    else { return nil }
    return try await store.session(secret: secret)
  }

  /// A cookie for this server: HttpOnly, SameSite=Strict, Path=/, Secure when configured.
  func cookie(_ name: String, _ value: String, maxAge: Int?, path: String = "/") -> Cookie {
    Cookie(
      name: name, value: value, maxAge: maxAge, path: path,
      secure: service.configuration.secureCookies, httpOnly: true, sameSite: .strict)
  }

  /// Name and password against the throttle and the store: the account, or a 401/429 refusal. Failures are
  /// counted per name, per client address (``SaylauRequestContext/clientAddress(header:in:)``) and in all.
  func signIn(username: String, password: String, from address: String?) async throws -> Account {
    if let (wait, limit) = service.throttle.retryAfter(username, address: address) {
      let seconds = Int(wait.components.seconds) + 1
      let whose: String
      switch limit {
      case .name: whose = "for this name"
      case .address: whose = "from this address"
      case .all: whose = "on this server"
      }
      var error = APIError(
        .tooManyRequests, "too many failed sign-ins \(whose): try again in \(seconds) s")
      error.retryAfter = seconds
      throw error
    }
    guard
      let account = try await store.authenticate(
        username: username, password: password, hasher: service.configuration.passwordHasher)
    else {
      service.throttle.failed(username, address: address)
      throw APIError(.unauthorized, "wrong user name or password, or the account is disabled")
    }
    service.throttle.succeeded(username)
    return account
  }
}
