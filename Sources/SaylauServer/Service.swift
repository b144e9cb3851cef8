import Foundation
import Hummingbird
import Logging
import SaylauAccounts
import SaylauCore
import SaylauData
import SaylauElections
import SaylauInterchange
import SaylauRegistry
import SaylauReports
import SaylauStore

/// How the server runs: address, write token and the limits that protect it.
public struct ServerConfiguration: Sendable {
  public var host: String
  public var port: Int
  /// The bearer token that writes need; `nil` disables writing (every write answers 401).
  public var token: String?
  /// Largest request body accepted (413 above it).
  public var maximumBodyBytes: Int
  /// Longest a request may take before the server answers 503 (`timeout`), not counting the time its write
  /// waits for the writes before it.
  public var requestTimeout: Duration
  /// Longest a write may wait for the writes before it (the store's ``WriteQueue``) before the server
  /// answers 503 (`database-unavailable`, with `Retry-After`).
  public var writeQueueTimeout: Duration
  /// Idle keep-alive connections are closed after this.
  public var idleTimeout: Duration
  /// The bcrypt cost of new passwords and of sign-ins.
  public var passwordHasher: PasswordHasher
  /// Session cookies carry `Secure` (set when the server is reached over TLS, e.g. behind a proxy).
  public var secureCookies: Bool
  /// Failed sign-ins allowed per name per `loginWindow` (four times that per client address, forty times
  /// that in all).
  public var loginLimit: Int
  public var loginWindow: Duration
  /// How often a live stream sends a keep-alive comment (a closed client is noticed at the next one).
  public var liveHeartbeat: Duration
  /// The key that signs the exports (`GET …/exports/{file}.sig`); `nil`: exports are not signed.
  public var signer: ExportSigner?
  /// The header a trusted reverse proxy writes the client's address into (e.g. `X-Forwarded-For`, any
  /// case); its last entry is the client for the sign-in limits. `nil` (the default): the socket's peer address, and
  /// such headers are ignored, since a client could write any address into them.
  public var clientAddressHeader: String?

  public init(
    host: String = "127.0.0.1", port: Int = 8080, token: String? = nil,
    maximumBodyBytes: Int = 32 << 20,
    requestTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60),
    writeQueueTimeout: Duration = .seconds(300),
    passwordHasher: PasswordHasher = PasswordHasher(), secureCookies: Bool = false,
    loginLimit: Int = 5, loginWindow: Duration = .seconds(15 * 60),
    liveHeartbeat: Duration = .seconds(15), signer: ExportSigner? = nil,
    clientAddressHeader: String? = nil
  ) {
    self.signer = signer
    self.clientAddressHeader = clientAddressHeader
    self.writeQueueTimeout = writeQueueTimeout
    self.host = host
    self.port = port
    self.token = token
    self.maximumBodyBytes = maximumBodyBytes
    self.requestTimeout = requestTimeout
    self.idleTimeout = idleTimeout
    self.passwordHasher = passwordHasher
    self.secureCookies = secureCookies
    self.loginLimit = loginLimit
    self.loginWindow = loginWindow
    self.liveHeartbeat = liveHeartbeat
  }

  /// The shortest bearer token accepted: a guessable token would make the write role meaningless.
  public static let minimumTokenLength = 16

  /// The bearer token for writes: the first line of `file` if given, else `SAYLAU_API_TOKEN` from
  /// `environment`, else none (writing disabled).
  ///
  /// - Throws: ``TokenError`` when the file cannot be read or the token is shorter than
  ///   ``minimumTokenLength``.
  public static func bearerToken(file: String?, environment: [String: String]) throws(TokenError)
    -> String?
  {
    var token = environment["SAYLAU_API_TOKEN"]
    if let file {
      guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
        throw .unreadable(file: file)
      }
      token = text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    if let token, token.count < minimumTokenLength { throw .tooShort }
    return token
  }
}

/// Why no bearer token could be configured.
public enum TokenError: Error, Sendable, Equatable, CustomStringConvertible {
  case unreadable(file: String)
  case tooShort

  public var description: String {
    switch self {
    case .unreadable(let file): return "\(file): cannot read the token file"
    case .tooShort:
      return
        "the API token must be at least \(ServerConfiguration.minimumTokenLength) characters"
    }
  }
}

/// The shared state of a running server: the store, the registry read from it, the geometry, the metrics.
///
/// The server holds no registry logic of its own: every registry route calls `Registry` (SaylauRegistry),
/// so its answers are the CLI's. The registry is read from the store once at start-up (the database is
/// the record); the geometry is given by the caller (`saylau serve` passes the bundled one).
public final class SaylauService: Sendable {
  public let store: Store
  public let registry: Registry
  public let geography: KazakhstanGeography
  public let metrics: ServerMetrics
  public let configuration: ServerConfiguration
  public let logger: Logger
  /// The day the server answers for when a request gives none: read once, at start-up.
  public let today: CalendarDate
  /// The parties' colours and short names for the pages (from the store's parties).
  public let styles: PartyStyles
  let pages: PageCache
  /// Every answer kept in memory: the results routes' (rendered once per change) and the read routes'
  /// (while the store's writes can be heard, ``followStoreChanges()``), dropped together.
  let answers = AnswerCache()
  /// The one plan check (the bundled graph and registry), as `saylau plan check` uses it.
  let planChecker: KazakhstanPlanChecker
  /// Failed sign-ins, for rate limiting.
  let throttle: LoginThrottle
  /// Accepted protocols, announced to the live pages (server-sent events).
  let live = LiveFeed()

  /// - Parameters:
  ///   - store: the database of record.
  ///   - registry: the registry to answer from (`store.registry()`).
  ///   - geography: the unit polygons joined to `registry`, for look-ups by point and the maps.
  ///   - configuration: address, token and limits.
  ///   - logger: where requests and failures are logged.
  ///   - parties: the party directory (`store.parties()`): colours and names on the pages.
  ///   - today: the day that stands for "now" (default dates, "abolished" notices).
  /// - Throws: when the plan checker's graph cannot be read from the bundled data.
  public init(
    store: Store, registry: Registry, geography: KazakhstanGeography, parties: PartyDirectory,
    configuration: ServerConfiguration, logger: Logger, today: CalendarDate = Today.utc()
  ) throws {
    self.store = store
    self.styles = PartyStyles(parties)
    self.registry = registry
    self.geography = geography
    self.configuration = configuration
    self.logger = logger
    self.today = today
    metrics = ServerMetrics()
    pages = PageCache(registry: registry, geography: geography, today: today)
    planChecker = try KazakhstanPlanChecker.bundled()
    throttle = LoginThrottle(
      limit: configuration.loginLimit, addressLimit: 4 * configuration.loginLimit,
      globalLimit: 40 * configuration.loginLimit,
      window: configuration.loginWindow)
  }

  /// Reads the registry from the store and joins the bundled geometry to it.
  public convenience init(
    store: Store, configuration: ServerConfiguration, logger: Logger,
    today: CalendarDate = Today.utc()
  ) async throws {
    let registry = try await store.registry()
    try self.init(
      store: store, registry: registry,
      geography: try KazakhstanGeography.bundled(registry: registry),
      parties: try await store.parties(),
      configuration: configuration, logger: logger, today: today)
  }

  /// The default day of registry answers: the latest day on which constituencies existed.
  var defaultDate: CalendarDate { registry.day(nil, today: today) }

  /// The routes: the JSON API under /api/v1, the web pages, /health and /metrics.
  public func router() -> Router<SaylauRequestContext> {
    let router = Router(context: SaylauRequestContext.self)
    // Added first: Hummingbird wraps each route in the middleware present when the route is added.
    router.add(middleware: RequestMiddleware(service: self))
    router.add(middleware: ResultsCacheMiddleware(service: self))
    SystemRoutes(service: self).register(on: router)
    RegistryRoutes(service: self).register(on: router)
    ElectionRoutes(service: self).register(on: router)
    ProtocolRoutes(service: self).register(on: router)
    SeatAPI(service: self).register(on: router)
    ForensicsRoutes(service: self).register(on: router)
    CountRoutes(service: self).register(on: router)
    PlanRoutes(service: self).register(on: router)
    AccountRoutes(service: self).register(on: router)
    EntryRoutes(service: self).register(on: router)
    LiveRoutes(service: self).register(on: router)
    CompletenessRoutes(service: self).register(on: router)
    CommissionRoutes(service: self).register(on: router)
    ResultRoutes(service: self).register(on: router)
    PageRoutes(service: self).register(on: router)
    EntryPageRoutes(service: self).register(on: router)
    return router
  }

  /// Builds the Hummingbird application; `onServerRunning` gets the bound port (useful with port 0).
  public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
    -> some ApplicationProtocol
  {
    let router = router()
    let routes = RouteTable(router.routes.map { ($0.path.description, $0.method.rawValue) })
    routeTable.set(routes)
    return Application(
      responder: HeadResponder(router: router.buildResponder()),
      server: .http1(
        configuration: .init(
          idleTimeout: .nanoseconds(
            Int64(configuration.idleTimeout.components.seconds) * 1_000_000_000))),
      configuration: .init(
        address: .hostname(configuration.host, port: configuration.port), serverName: "saylau"),
      onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
      logger: logger)
  }

  /// The methods each served path answers, for 405 answers (set when the application is built).
  let routeTable = RouteTableBox()
}
