import Foundation
import Hummingbird
import SaylauCore
import SaylauData
import SaylauElections
import SaylauGeo
import SaylauRegistry
import SaylauReports
import SaylauStore

/// What the pages reuse between requests: the map geometry of each day's set of schemes (its topology is
/// the costly part) and the locator maps drawn from it.
final class PageCache: @unchecked Sendable {
  let registry: Registry
  let geography: KazakhstanGeography
  // Guarded by `lock`: filled lazily, then only read.
  private let lock = NSLock()
  private var geometries: [String: MapGeometry] = [:]
  private var locators: [String: String] = [:]

  init(registry: Registry, geography: KazakhstanGeography, today: CalendarDate) {
    self.registry = registry
    self.geography = geography
    // The default day's map is drawn by the first request to the front page: prepare it now.
    _ = geometry(on: registry.day(nil, today: today))
  }

  /// Which constituencies a day's map shows depends only on the schemes in force that day.
  func key(_ date: CalendarDate) -> String {
    registry.schemes.filter { $0.existence(on: date) == .existed }.map(\.id).joined(separator: "+")
  }

  func geometry(on date: CalendarDate) -> MapGeometry {
    let key = key(date)
    lock.lock()
    if let cached = geometries[key] {
      lock.unlock()
      return cached
    }
    lock.unlock()
    let geometry = MapGeometry(
      units: MapUnit.units(registry: registry, features: geography.unitFeatures, on: date))
    lock.lock()
    geometries[key] = geometry
    lock.unlock()
    return geometry
  }

  /// The locator map of constituency `number` on `date` (about 250 kB of SVG each; drawn once).
  func locator(number: Int, on date: CalendarDate) -> String {
    let key = "\(key(date))#\(number)"
    lock.lock()
    if let cached = locators[key] {
      lock.unlock()
      return cached
    }
    lock.unlock()
    let svg = ConstituencyMap.locatorSVG(
      number: number, title: "Where constituency No. \(number) lies",
      geometry: geometry(on: date))
    lock.lock()
    locators[key] = svg
    lock.unlock()
    return svg
  }
}

/// The web pages, rendered by SaylauReports' `Web/` pages: the map, a page per constituency, the results
/// of an election, and the one stylesheet they share with the static site.
struct PageRoutes: Sendable {
  let service: SaylauService
  var registry: Registry { service.registry }

  /// Where the shared stylesheet is served.
  static let stylesheet = "/assets/saylau.css"

  /// Pages carry no scripts and load nothing from elsewhere; the headers say so to the browser.
  static let headers = htmlHeaders()

  /// The headers of an HTML page: its type and the security policy, which allows this site's styles and
  /// inline images and, where a page needs them, `sources` (`script-src 'self'`, …) and forms posting to
  /// `formAction`; nothing else.
  static func htmlHeaders(allowing sources: [String] = [], formAction: String = "'none'")
    -> HTTPFields
  {
    let policy =
      ["default-src 'none'", "style-src 'self'", "img-src 'self' data:"] + sources
      + ["base-uri 'none'", "form-action \(formAction)", "frame-ancestors 'none'"]
    return [
      .contentType: "text/html; charset=utf-8",
      .contentSecurityPolicy: policy.joined(separator: "; "),
      .xContentTypeOptions: "nosniff",
      .init("Referrer-Policy")!: "no-referrer",
    ]
  }

  func register(on router: Router<SaylauRequestContext>) {
    router.get(RouterPath(Self.stylesheet)) { _, _ in
      Response(
        status: .ok,
        headers: [
          .contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600",
          .xContentTypeOptions: "nosniff",
        ],
        body: .init(byteBuffer: ByteBuffer(string: Document.stylesheet + Form.stylesheet)))
    }
    router.get("/") { request, _ in try await home(Query(request)) }
    router.get("/constituencies/:number") { request, context in
      let number = try Query.number(context.parameters.get("number"))
      return try await constituency(number, query: Query(request))
    }
    router.get("/elections/:id") { _, context in
      try await election(context.parameters.require("id"))
    }
  }

  func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  /// The frame, with a link to the latest stored election's results.
  func frame() async throws -> SiteFrame {
    var navigation = [("Map", "/")]
    if let latest = try await service.store.elections().last {
      navigation.append(("Election results", "/elections/\(latest.id)"))
      navigation.append(("Election night", "/elections/\(latest.id)/results"))
    }
    navigation.append(("API", "/api/v1/openapi.json"))
    navigation.append(("Protocol entry", "/entry"))
    return SiteFrame(stylesheet: Self.stylesheet, navigation: navigation)
  }

  /// A page saying why the day has no constituencies: the registry's message, 404 or 422 as in the API.
  func refusal(_ error: RegistryDateError) async throws -> Response {
    let page = try await frame().page(
      Document(
        title: error.existence == .uncertain ? "Uncertain date" : "No constituencies",
        blocks: [
          .paragraph([.text(error.description)]),
          .paragraph([.link("The latest constituencies", href: "/")]),
        ]))
    return html(page, status: APIError(error).status)
  }

  func home(_ query: Query) async throws -> Response {
    let asked = try query.date()
    let date = registry.day(asked, today: service.today)
    let colouring = HomePage.Colouring(rawValue: query["colour"] ?? "region") ?? .region
    let constituencies: [Constituency]
    do throws(RegistryDateError) {
      constituencies = try registry.constituencies(on: date)
    } catch {
      return try await refusal(error)
    }
    var winners: [Int: HomePage.Winner] = [:]
    var turnout: [Int: Int] = [:]
    var synthetic = false
    if let first = constituencies.first, let election = try await service.election(of: first) {
      for c in try await service.store.candidates(election: election.id) where c.elected {
        winners[c.constituency] = HomePage.Winner(name: c.candidate, party: c.party)
      }
      if colouring == .turnout {
        for totals in try await service.store.constituencyTotals(election: election.id) {
          if let n = totals.constituency, let t = totals.turnoutPerMille { turnout[n] = t }
        }
        synthetic = try await service.store.imports(election: election.id).contains(
          where: \.synthetic)
      }
    }
    let ended = constituencies.first.flatMap { registry.scheme(id: $0.schemeID)?.abolished }
      .flatMap { $0.earliest <= service.today ? $0 : nil }
    let page = HomePage.document(
      HomePage.Input(
        date: date, isDefaultDate: asked == nil || asked == service.defaultDate,
        colouring: colouring, registry: registry, constituencies: constituencies,
        geometry: service.pages.geometry(on: date), winners: winners, turnoutPerMille: turnout,
        turnoutSynthetic: synthetic, endedOn: ended, styles: service.styles))
    return html(try await frame().page(page))
  }

  func constituency(_ number: Int, query: Query) async throws -> Response {
    let date = registry.day(try query.date(), today: service.today)
    let c: Constituency
    do throws(ConstituencyQueryError) {
      c = try registry.life(number: number, on: date)
    } catch {
      if case .date(let dateError) = error { return try await refusal(dateError) }
      return html(try await frame().notFound(error.description), status: .notFound)
    }
    let election = try await service.election(of: c)
    var candidates: [ConstituencyPage.Candidate] = []
    var imported: ElectionPage.ImportedTotals?
    if let election {
      candidates = try await service.store.candidates(election: election.id, constituency: number)
        .map {
          ConstituencyPage.Candidate(
            name: $0.candidate, party: $0.party, votes: $0.votes, percent: $0.percent,
            elected: $0.elected)
        }
      let totals = try await service.store.protocolTotals(
        election: election.id, ballot: .constituency, constituency: number)
      if totals.stations > 0 {
        imported = try await importedTotals(totals, election: election.id)
      }
    }
    let page = ConstituencyPage.document(
      ConstituencyPage.Input(
        profile: registry.profile(of: c), registry: registry, date: date,
        locator: service.pages.locator(number: number, on: date), election: election?.title,
        candidates: candidates, imported: imported))
    return html(try await frame().page(page))
  }

  func importedTotals(_ totals: ProtocolTotals, election: String) async throws
    -> ElectionPage.ImportedTotals
  {
    ElectionPage.ImportedTotals(
      stations: totals.stations, electorate: totals.electorate, ballotsCast: totals.ballotsCast,
      invalid: totals.invalid,
      votes: totals.votes,
      synthetic: try await service.store.imports(election: election).contains(where: \.synthetic))
  }

  func election(_ id: String) async throws -> Response {
    guard let published = try await service.store.publishedElection(id: id) else {
      return html(try await frame().notFound("There is no election '\(id)'."), status: .notFound)
    }
    let summary: ElectionSummary
    do {
      summary = try published.summary(parties: service.styles.directory)
    } catch {
      return html(
        try await frame().notFound("No result of \(published.election.title) is in the data."),
        status: .notFound)
    }
    let winners = try await service.store.candidates(election: id).filter(\.elected).map {
      ElectionPage.Winner(constituency: $0.constituency, name: $0.candidate, party: $0.party)
    }
    let totals = try await service.store.protocolTotals(election: id, ballot: .list)
    let page = ElectionPage.document(
      ElectionPage.Input(
        summary: summary, styles: service.styles, winners: winners,
        imported: totals.stations > 0 ? try await importedTotals(totals, election: id) : nil))
    return html(try await frame().page(page))
  }
}
