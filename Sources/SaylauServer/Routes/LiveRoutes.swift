import Foundation
import Hummingbird
import SaylauCore
import SaylauElections
import SaylauReports
import SaylauStore

/// Accepted protocols, announced as they are accepted (double entry or a coordinator's decision), to
/// every open live stream. In memory: a stream opened after a restart starts from the current progress.
final class LiveFeed: Sendable {
  /// One accepted protocol.
  struct Event: Sendable, Encodable {
    /// Counts up from 1 per server run; the stream's event id.
    var sequence: Int
    var election: String
    var precinct: String
    var ballot: BallotType
    var at: String
  }

  struct State {
    var sequence = 0
    var next = 0
    var subscribers: [Int: AsyncStream<Message>.Continuation] = [:]
  }

  private let state = Locked(State())

  /// How many protocols were accepted since the server started: part of the results' ETag.
  var sequence: Int { state.withLock { $0.sequence } }

  func publish(election: String, precinct: String, ballot: BallotType) {
    let at = ISO8601DateFormatter().string(from: Date())
    let targets = state.withLock { s -> ([AsyncStream<Message>.Continuation], Event) in
      s.sequence += 1
      return (
        Array(s.subscribers.values),
        Event(sequence: s.sequence, election: election, precinct: precinct, ballot: ballot, at: at)
      )
    }
    for continuation in targets.0 { continuation.yield(.event(targets.1)) }
  }

  /// What a live stream carries: an event, or a heartbeat (a comment line that keeps proxies from
  /// closing a quiet connection).
  enum Message: Sendable {
    case event(Event)
    case beat
  }

  /// A stream of the events from now on, and its continuation (to add heartbeats and to finish it).
  func subscribe() -> (AsyncStream<Message>, AsyncStream<Message>.Continuation) {
    let (stream, continuation) = AsyncStream<Message>.makeStream(
      bufferingPolicy: .bufferingNewest(10_000))
    let id = state.withLock { s -> Int in
      s.next += 1
      s.subscribers[s.next] = continuation
      return s.next
    }
    continuation.onTermination = { [weak self] _ in
      self?.state.withLock { s in s.subscribers[id] = nil }
    }
    return (stream, continuation)
  }

  var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value
  init(_ value: Value) { self.value = value }
  func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}

extension SaylauService {
  /// A protocol was accepted: the live streams hear of it, the cached results are stale.
  func accepted(election: String, precinct: String, ballot: BallotType) {
    resultsChanged()
    live.publish(election: election, precinct: precinct, ballot: ballot)
    metrics.recordImport(protocols: 1)
  }

  /// What the results routes answer has changed: their ETag changes, the rendered answers and the cached
  /// responses of this replica are dropped (the other replicas hear of it through the change feed).
  func resultsChanged() {
    answers.invalidate()
  }
}

/// `GET /api/v1/elections/{id}/live`: server-sent events, one `accepted` event per accepted protocol of
/// the election, after a first `progress` event with the entry progress; a comment every 15 s keeps the
/// connection open through proxies.
struct LiveRoutes: Sendable {
  let service: SaylauService

  /// The live page may run this site's script and open its event stream; nothing else.
  static let pageHeaders = PageRoutes.htmlHeaders(allowing: [
    "script-src 'self'", "connect-src 'self'",
  ])

  func register(on router: Router<SaylauRequestContext>) {
    router.get(RouterPath(LiveResultsPage.scriptPath)) { _, _ in
      Response(
        status: .ok,
        headers: [
          .contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600",
          .xContentTypeOptions: "nosniff",
        ],
        body: .init(byteBuffer: ByteBuffer(string: LiveResultsPage.script)))
    }
    router.get("/elections/:id/results") { _, context in
      try await page(try context.parameters.require("id"))
    }
    router.get("/elections/:id/precincts") { request, context in
      try await precincts(
        try context.parameters.require("id"),
        constituency: try Query(request).optionalNumber("constituency"))
    }
    router.get("/elections/:id/precincts/:precinct") { _, context in
      try await precinct(
        try context.parameters.require("id"), try context.parameters.require("precinct"))
    }
    router.get("/api/v1/elections/:id/live") { _, context in
      let election = try await API(service: service).election(context)
      let progress = try await service.store.entryProgress(election: election.id)
      let (stream, continuation) = service.live.subscribe()
      let id = election.id
      let interval = service.configuration.liveHeartbeat
      return Response(
        status: .ok,
        headers: [
          .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store",
          .xContentTypeOptions: "nosniff",
        ],
        body: ResponseBody { writer in
          let heartbeat = Task {
            while !Task.isCancelled {
              try? await Task.sleep(for: interval)
              continuation.yield(.beat)
            }
          }
          defer {
            heartbeat.cancel()
            continuation.finish()
          }
          try await writer.write(ByteBuffer(string: Self.event("progress", progress, id: nil)))
          for await message in stream {
            switch message {
            case .event(let e) where e.election == id:
              try await writer.write(ByteBuffer(string: Self.event("accepted", e, id: e.sequence)))
            case .event: continue
            case .beat: try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
            }
          }
          try await writer.finish(nil)
        })
    }
  }

  /// The election-night results page: progress, national totals of the counted list protocols, every
  /// constituency's progress.
  func page(_ id: String) async throws -> Response {
    let routes = PageRoutes(service: service)
    guard let election = try await service.store.election(id: id) else {
      return routes.html(
        try await routes.frame().notFound("There is no election '\(id)'."), status: .notFound)
    }
    let store = service.store
    let totals = try await store.protocolLines(election: id, ballot: .list)
    let names = Dictionary(
      (try? await store.protocolSchema(election: id))?.parties.map { ($0.code, $0.name) } ?? [],
      uniquingKeysWith: { a, _ in a })
    let completeness = try? await CompletenessRoutes(service: service).completeness(
      election, ballot: .list)
    let regions = Dictionary(
      ((try? service.registry.constituencies(
        on: CalendarDate(iso: election.date) ?? service.defaultDate)) ?? []).map {
          ($0.number, $0.regionName ?? $0.regionCode ?? "")
        }, uniquingKeysWith: { a, _ in a })
    let status = try? await store.resultStatus(election: id)
    var input = LiveResultsPage.Input(
      electionID: id, title: election.title,
      counted: completeness?.nation.counted ?? totals.protocols,
      expected: completeness?.nation.expected, protocols: totals.protocols,
      votersOnList: totals.votersOnList, ballotsIssued: totals.ballotsIssued,
      invalid: totals.invalid,
      votes: totals.votes.map { (names[$0.choice] ?? $0.choice, $0.votes) },
      constituencies: (completeness?.constituencies ?? []).compactMap { level in
        Int(level.key).map { ($0, regions[$0], level.counted, level.expected) }
      }, synthetic: totals.synthetic || (completeness?.synthetic ?? false),
      state: status?.state ?? .preliminary, stateSince: status?.since)
    try await addSeatsAndMap(&input, election: election)
    let text = try await routes.frame().page(LiveResultsPage.document(input))
    return Response(
      status: .ok, headers: Self.pageHeaders, body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  /// The list seats so far (the final count's decision, ``ElectionCount/listSeats(of:)``, on the counted
  /// protocols) and the turnout map by constituency, into the page's input.
  func addSeatsAndMap(_ input: inout LiveResultsPage.Input, election: ElectionRecord) async throws {
    let store = service.store
    guard let published = try await store.publishedElection(id: election.id),
      let stored = try? await store.storedProtocols(
        election: election.id, ballot: .list, earlierVersions: false)
    else { return }
    let regionOf = try await store.constituencyRegions(election: election.id)
    let count = ElectionCount(schema: stored.schema, regime: published.regime, regionOf: regionOf)
    let tabulation: Tabulation
    do {
      let (t, list) = try count.listSeats(of: stored.protocols)
      tabulation = t
      if let list {
        input.listSeats = list.seats
        input.seats = list.rows.map { ($0.name, $0.votes, $0.seats) }
        if !list.commissionDecisions.isEmpty {
          input.seatsNote = list.commissionDecisions.joined(separator: " ")
        }
      } else {
        input.seatsNote =
          published.regime.listSeats > 0
          ? "No list protocol is counted yet." : "This regime has no list seats."
      }
    } catch {
      input.seatsNote = "The list seats cannot be decided yet: \(error.description)"
      return
    }
    let day = CalendarDate(iso: election.date) ?? service.defaultDate
    guard let constituencies = try? service.registry.constituencies(on: day),
      !constituencies.isEmpty
    else { return }
    let tallies = tabulation.constituencies[.list] ?? [:]
    let numbers = constituencies.map(\.number)
    var values: [Int: Double?] = [:]
    for n in numbers { values[n] = tallies[n]?.turnoutPercent }
    let (areas, legend) = Choropleth.numeric(
      numbers: numbers, values: values, format: { String(format: "%.1f %%", $0) },
      noDataLabel: "No protocol counted yet",
      tooltip: { n in
        guard let t = tallies[n], let turnout = t.turnout else {
          return "No. \(n): no protocol yet"
        }
        return
          "No. \(n): \(LiveResultsPage.percent(turnout.numerator, of: turnout.denominator)) of \(SVGFormat.grouped(turnout.denominator)) voters (\(t.protocols) protocols)"
      })
    input.turnoutMap = ConstituencyMap.svg(
      MapSpec(
        title: "Turnout so far, \(election.title)",
        subtitle:
          "Preliminary: ballots issued per voter on the lists in the counted list protocols",
        source:
          "Boundaries: geokz (CC BY 4.0); constituencies from the Saylau registry. Albers equal-area projection."
          + (input.synthetic ? " SYNTHETIC protocols." : ""),
        areas: areas, legend: legend),
      geometry: service.pages.geometry(on: day), linked: { "/constituencies/\($0)" })
  }

  /// The counted precincts, of one constituency or all, each linked to its page.
  func precincts(_ id: String, constituency: Int?) async throws -> Response {
    let routes = PageRoutes(service: service)
    guard let election = try await service.store.election(id: id) else {
      return routes.html(
        try await routes.frame().notFound("There is no election '\(id)'."), status: .notFound)
    }
    let stored = try await service.store.storedProtocols(election: id, earlierVersions: false)
    var rows: [PrecinctPages.Row] = []
    for p in stored.protocols where constituency == nil || p.constituency == constituency {
      if rows.last?.precinct == p.precinct {
        rows[rows.count - 1].ballots.append(p.ballot)
      } else {
        rows.append(
          PrecinctPages.Row(precinct: p.precinct, constituency: p.constituency, ballots: [p.ballot])
        )
      }
    }
    let document = PrecinctPages.list(
      electionID: id, title: election.title, constituency: constituency, rows: rows,
      synthetic: stored.protocols.contains(where: \.synthetic))
    return Response(
      status: .ok, headers: Self.pageHeaders,
      body: .init(byteBuffer: ByteBuffer(string: try await routes.frame().page(document))))
  }

  /// One precinct's page: its counted protocols and the versions they replaced.
  func precinct(_ id: String, _ precinct: String) async throws -> Response {
    let routes = PageRoutes(service: service)
    guard let election = try await service.store.election(id: id),
      let stored = try? await service.store.storedProtocols(election: id, precinct: precinct)
    else {
      return routes.html(
        try await routes.frame().notFound("There is no election '\(id)' with protocols."),
        status: .notFound)
    }
    let registered = try await service.store.register(election: id).precincts
    let register = registered.first { $0.id == precinct }
    guard !stored.protocols.isEmpty || register != nil else {
      return routes.html(
        try await routes.frame().notFound("There is no precinct '\(precinct)' in '\(id)'."),
        status: .notFound)
    }
    let document = PrecinctPages.precinct(
      electionID: id, title: election.title, precinct: precinct, register: register,
      registerStored: !registered.isEmpty, protocols: stored.protocols,
      earlierVersions: stored.earlierVersions, schema: stored.schema)
    return Response(
      status: .ok, headers: Self.pageHeaders,
      body: .init(byteBuffer: ByteBuffer(string: try await routes.frame().page(document))))
  }

  static func event<T: Encodable>(_ name: String, _ value: T, id: Int?) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    return (id.map { "id: \($0)\n" } ?? "") + "event: \(name)\ndata: \(data)\n\n"
  }
}
