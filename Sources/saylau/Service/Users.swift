import ArgumentParser
import Foundation
import Logging
import SaylauAccounts
import SaylauStore

extension Role: ExpressibleByArgument {}

/// `saylau users add|list|disable`: the store's account functions (those of `POST /api/v1/accounts`); the
/// command line acts as the administrator `cli` in the audit log.
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
    @OptionGroup var storage: StorageOptions

    func run() async throws {
      let text =
        passwordFile == "-"
        ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        : try String(contentsOfFile: passwordFile, encoding: .utf8)
      let password = String(text.split(separator: "\n", omittingEmptySubsequences: false)[0])
      try await withStore(storage) {
        try await $0.addAccount(
          username: username, role: role, password: password, actor: .commandLine)
      }
      print("added \(username) (\(role.title))")
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
      abstract: "Disable an account (sessions end, tokens revoked).")
    @Argument var username: String
    @OptionGroup var storage: StorageOptions

    func run() async throws {
      try await withStore(storage) {
        try await $0.disableAccount(username: username, actor: .commandLine)
      }
      print("disabled \(username)")
    }
  }
}

/// Opens the store, runs `body`, closes the store (the library's errors are printed as one line by `main`).
@discardableResult
func withStore<T>(_ storage: StorageOptions, _ body: (Store) async throws -> T) async throws -> T {
  var logger = Logger(label: "saylau")
  logger.logLevel = .error  // the driver's notices are not the command's answer
  let store = try await storage.open(logger: logger)
  do {
    let value = try await body(store)
    try? await store.close()
    return value
  } catch {
    try? await store.close()
    throw error
  }
}
