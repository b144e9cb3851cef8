import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SaylauCore
import SaylauData
import SaylauInterchange
import SaylauServer
import SaylauStore

/// Where the database is: a SQLite file (default) or a PostgreSQL server.
struct StorageOptions: ParsableArguments {
  @Option(help: "SQLite database file (created, migrated and seeded on first use).")
  var database: String?

  @Option(help: "PostgreSQL URL instead of SQLite, e.g. postgres://user@127.0.0.1:5432/saylau.")
  var postgres: String?

  func validate() throws {
    if database != nil && postgres != nil {
      throw ValidationError("give --database or --postgres, not both")
    }
  }

  /// Opens, migrates and (if empty) seeds the database; `readURL` is a standby for the reads.
  func open(logger: Logger, readURL: String? = nil) async throws -> Store {
    do {
      if let postgres {
        return try await Store.openPostgres(url: postgres, readURL: readURL, logger: logger)
      }
      return try await Store.openSQLite(path: database ?? "saylau.sqlite")
    } catch let error as StoreError {
      throw UserError(error.message)
    }
  }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `saylau serve`: the JSON API, the web page, /health and /metrics.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the web page and the JSON API (/api/v1) over HTTP.",
    discussion: """
      Reading is public. Writes need a bearer token: an account's (POST /api/v1/tokens; accounts from `saylau users`)
      or the administrator token of --token-file or SAYLAU_API_TOKEN. Logs are JSON lines on stderr.
      Stops cleanly on SIGINT or SIGTERM.
      """)

  @Option(help: "Port to listen on (0 picks a free port).")
  var port = 8080

  @Option(help: "Address to listen on.")
  var host = "127.0.0.1"

  @OptionGroup var storage: StorageOptions

  @Option(
    name: .customLong("postgres-read"),
    help: "PostgreSQL streaming standby of --postgres for the reads (writes go to --postgres).")
  var postgresRead: String?

  @Option(
    name: .customLong("token-file"),
    help: "File holding the bearer token for writes (else SAYLAU_API_TOKEN).")
  var tokenFile: String?

  @Option(
    help: "Signing key (`saylau results keygen`) for the exports' signatures (…/exports/FILE.sig).")
  var signingKey: String?
  @Option(help: "The signer's name in the exports' signatures (with --signing-key).")
  var signer: String?
  @Flag(help: "Mark session cookies Secure (the server is reached over TLS, e.g. behind a proxy).")
  var secureCookies = false

  @Option(
    help: """
      Behind a reverse proxy: the header it writes the client's address into (e.g. X-Forwarded-For), \
      whose last entry the sign-in limits count by. Without it the socket's peer address is used and such \
      headers are ignored.
      """)
  var clientAddressHeader: String?

  @Option(name: .customLong("max-body"), help: "Largest request body in bytes.")
  var maxBody = 32 << 20

  @Option(
    help: "Request timeout in seconds (a write's wait for the writes before it is not counted).")
  var timeout = 30

  @Option(
    name: .customLong("log-level"),
    help: "How much to log (debug logs every request).")
  var logLevel: Logger.Level = .info

  @OptionGroup var output: OutputOptions

  func run() async throws {
    let level = logLevel
    guard (0...65535).contains(port) else {
      throw UserError("--port: \(port) is not a port number")
    }
    let token: String?
    do {
      token = try ServerConfiguration.bearerToken(
        file: tokenFile, environment: ProcessInfo.processInfo.environment)
    } catch {
      throw UserError(error.description)
    }
    if signingKey != nil && signer == nil { throw UserError("--signing-key needs --signer NAME") }
    let tokenCharacters = Set(
      "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if let name = clientAddressHeader, name.isEmpty || !name.allSatisfy(tokenCharacters.contains) {
      throw UserError("--client-address-header: \(name.debugDescription) is not a header name")
    }
    let exportSigner = try signingKey.map { k in
      do throws(SignatureError) { return try ExportSigner.load(path: k, name: signer ?? "") } catch
      {
        throw UserError(error.description)
      }
    }
    var logger = Logger(label: "saylau") { JSONLogHandler(label: $0) }
    logger.logLevel = level
    // The composition: the store (the record; the service reads the registry and parties back from it and
    // joins the bundled geometry), and the day read once from the clock.
    if postgresRead != nil && storage.postgres == nil {
      throw UserError("--postgres-read needs --postgres (the primary, for the writes)")
    }
    let store = try await storage.open(logger: logger, readURL: postgresRead)
    let service: SaylauService
    do {
      service = try await SaylauService(
        store: store,
        configuration: ServerConfiguration(
          host: host, port: port, token: token, maximumBodyBytes: maxBody,
          requestTimeout: .seconds(timeout), secureCookies: secureCookies, signer: exportSigner,
          clientAddressHeader: clientAddressHeader),
        logger: logger, today: Today.utc())
    } catch {
      try? await store.close()
      throw UserError("cannot start: \(error)")
    }
    let json = output.json
    let host = self.host
    let app = service.application { port in
      // One line on stdout so scripts (and people) know where to go; details go to the JSON log.
      let line =
        json
        ? "{\"url\":\"http://\(host):\(port)/\"}\n"
        : "Saylau is serving http://\(host):\(port)/ (Ctrl-C stops it)\n"
      FileHandle.standardOutput.write(Data(line.utf8))
    }
    logger.info(
      "starting",
      metadata: [
        "database": "\(store.backend.dialect.rawValue)",
        "writes": "\(token == nil ? "disabled" : "token")",
      ])
    // Replicas keep answers in memory while they hear of every write (PostgreSQL LISTEN/NOTIFY).
    let changes = service.followStoreChanges()
    defer { changes?.cancel() }
    do {
      try await app.runService()
    } catch {
      try? await store.close()
      throw UserError("server stopped: \(error)")
    }
    logger.info("stopped")
    try? await store.close()
  }
}
