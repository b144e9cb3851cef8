import Foundation
import SaylauAccounts
import SaylauTestSupport
import Testing

@testable import SaylauStore

/// `saylau users add|list|disable`: the built binary, through the same store functions as the API.
@Suite("saylau users")
struct UsersCLITests {
  @Test(
    "add, list, disable; a short password is one line on stderr and changes nothing",
    arguments: Engine.available)
  func users(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    defer { Task { await db.cleanup() } }
    let add = try SaylauExecutable.run(
      ["users", "add", "alma", "--role", "clerk", "--password-file", "-"] + db.cliArguments,
      stdin: Data("correct horse battery staple\n".utf8))
    #expect(add.status == 0, "\(add.stderr)")
    #expect(add.stdout.contains("added alma (data-entry clerk)"))
    let short = try SaylauExecutable.run(
      ["users", "add", "bolat", "--role", "coordinator", "--password-file", "-"] + db.cliArguments,
      stdin: Data("short\n".utf8))
    #expect(short.status == 1)
    #expect(short.stderr.split(separator: "\n").count == 1)
    #expect(short.stderr.contains("at least 12 characters"))
    let list = try SaylauExecutable.run(["users", "list", "--json"] + db.cliArguments)
    let accounts = try #require(try list.json() as? [[String: Any]])
    #expect(accounts.map { $0["username"] as? String } == ["alma"])
    #expect(accounts.first?["role"] as? String == "clerk")
    #expect(try SaylauExecutable.run(["users", "disable", "alma"] + db.cliArguments).status == 0)
    let missing = try SaylauExecutable.run(["users", "disable", "nobody"] + db.cliArguments)
    #expect(missing.status == 1 && missing.stderr.contains("there is no user 'nobody'"))
    let store = try await db.open()
    #expect(try await store.accounts().map(\.disabled) == [true])
    #expect(
      try await store.authenticate(
        username: "alma", password: "correct horse battery staple", hasher: PasswordHasher()) == nil
    )
    #expect(try await store.auditLog().map(\.action) == ["account.add", "account.disable"])
    try await store.close()
  }
}
