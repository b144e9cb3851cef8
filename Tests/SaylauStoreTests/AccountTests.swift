import Foundation
import SaylauAccounts
import SaylauTestSupport
import Testing

@testable import SaylauStore

/// Accounts, sessions, tokens and the audit log in the store, on both engines.
@Suite("Accounts and the audit log")
struct AccountTests {
  static let hasher = PasswordHasher(cost: 4)

  @Test(
    "an account signs in with its password only; disabled, it signs in no more",
    arguments: Engine.available)
  func accounts(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    let alma = try await store.addAccount(
      username: "alma", role: .clerk, password: "correct horse battery", hasher: Self.hasher,
      actor: .commandLine)
    #expect(alma.role == .clerk)
    // The password is stored as a bcrypt hash, never as given.
    let stored = try await store.backend.query(
      "SELECT password_hash FROM accounts WHERE username = 'alma'"
    ).first?[0].text
    #expect(stored?.hasPrefix("$2") == true)
    #expect(stored?.contains("correct horse") == false)
    #expect(
      try await store.authenticate(
        username: "alma", password: "correct horse battery", hasher: Self.hasher)?.username
        == "alma")
    #expect(
      try await store.authenticate(
        username: "alma", password: "wrong password!", hasher: Self.hasher)
        == nil)
    #expect(
      try await store.authenticate(
        username: "nobody", password: "correct horse battery", hasher: Self.hasher)
        == nil)
    // Names and passwords are checked; a name is taken once.
    await #expect(throws: AccountError.self) {
      try await store.addAccount(
        username: "Bad Name", role: .clerk, password: "correct horse battery", hasher: Self.hasher,
        actor: .commandLine)
    }
    await #expect(throws: AccountError.self) {
      try await store.addAccount(
        username: "bolat", role: .clerk, password: "short", hasher: Self.hasher, actor: .commandLine
      )
    }
    await #expect(throws: StoreError.self) {
      try await store.addAccount(
        username: "alma", role: .observer, password: "another long password", hasher: Self.hasher,
        actor: .commandLine)
    }
    // A token and a session work until the account is disabled.
    let token = try await store.issueToken(for: alma, label: "laptop")
    #expect(token.hasPrefix("sy_"))
    #expect(try await store.account(token: token)?.username == "alma")
    #expect(try await store.account(token: token + "x") == nil)
    let session = try await store.startSession(for: alma)
    #expect(try await store.session(secret: session.secret)?.csrf == session.csrf)
    // Only digests are stored.
    let tokens = try await store.backend.query("SELECT digest FROM api_tokens").map { $0[0].text }
    #expect(!tokens.contains(token))
    try await store.disableAccount(username: "alma", actor: .commandLine)
    #expect(try await store.account(token: token) == nil)
    #expect(try await store.session(secret: session.secret) == nil)
    #expect(
      try await store.authenticate(
        username: "alma", password: "correct horse battery", hasher: Self.hasher) == nil)
    #expect(try await store.accounts().map(\.disabled) == [true])
    // Every write is in the audit log, with before and after.
    let log = try await store.auditLog()
    #expect(
      log.map(\.action) == [
        "account.add", "token.issue", "session.start", "account.disable",
      ])
    let disable = try #require(log.last)
    #expect(disable.actor == "cli" && disable.subject == "user:alma")
    #expect(disable.before?.contains("\"disabled\":false") == true)
    #expect(disable.after?.contains("\"disabled\":true") == true)
    try await store.close()
  }

  @Test("the audit log refuses UPDATE and DELETE", arguments: Engine.available)
  func appendOnly(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let store = try await db.open()
    try await store.addAccount(
      username: "alma", role: .clerk, password: "correct horse battery", hasher: Self.hasher,
      actor: .commandLine)
    await #expect(throws: (any Error).self) {
      try await store.backend.transaction([SQLStatement("UPDATE audit_log SET actor = 'mallory'")])
    }
    await #expect(throws: (any Error).self) {
      try await store.backend.transaction([SQLStatement("DELETE FROM audit_log")])
    }
    #expect(try await store.auditLog().map(\.actor) == ["cli"])
    try await store.close()
  }
}
