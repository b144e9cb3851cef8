import ArgumentParser
import Foundation
import Logging
import SaylauAccounts
import SaylauStore

extension Role: ExpressibleByArgument {}

/// `saylau users add|list|disable`: the accounts of the service, through the store's functions (the same
/// as `POST /api/v1/accounts`); the command line acts as the administrator `cli` in the audit log.
struct UsersCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "users", abstract: "Accounts of the service: add, list, disable.",
    subcommands: [Add.self, List.self, Disable.self])

  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add an account.")
    @Argument(help: "User name (a-z, 0-9, '.', '_', '-').") var username: String
    @Option(help: "administrator, coordinator, clerk or observer.") var role: Role
    @Option(help: "File whose first line is the password ('-': standard input).")
    var passwordFile: String
    @Option(help: "Name shown on pages.") var displayName: String?
    @OptionGroup var storage: StorageOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
      let text =
        passwordFile == "-"
        ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        : try String(contentsOfFile: passwordFile, encoding: .utf8)
      let password = String(text.split(separator: "\n", omittingEmptySubsequences: false)[0])
      let account = try await withStore(storage) {
        try await $0.addAccount(
          username: username, role: role, password: password, displayName: displayName,
          actor: .commandLine)
      }
      if output.json { try printJSON(account) } else { print("added \(username) (\(role.title))") }
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the accounts.")
    @OptionGroup var storage: StorageOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
      let accounts = try await withStore(storage) { try await $0.accounts() }
      if output.json { return try printJSON(accounts) }
      for a in accounts {
        print("\(a.username)\t\(a.role.rawValue)\(a.disabled ? "\tdisabled" : "")")
      }
    }
  }

  struct Disable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Disable an account: its sessions end, its tokens are revoked.")
    @Argument var username: String
    @OptionGroup var storage: StorageOptions

    func run() async throws {
      _ = try await withStore(storage) {
        try await $0.disableAccount(username: username, actor: .commandLine)
      }
      print("disabled \(username)")
    }
  }
}

/// Opens the store, runs `body`, closes it; the library's errors become one line on stderr.
func withStore<T>(_ storage: StorageOptions, _ body: (Store) async throws -> T) async throws -> T {
  let store = try await storage.open(logger: Logger(label: "saylau"))
  do {
    let value = try await body(store)
    try? await store.close()
    return value
  } catch {
    try? await store.close()
    if let e = error as? AccountError { throw UserError(e.message) }
    if let e = error as? StoreError { throw UserError(e.message) }
    throw error
  }
}
