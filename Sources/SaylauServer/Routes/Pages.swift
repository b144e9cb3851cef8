import Foundation
import Hummingbird
import SaylauCore
import SaylauRegistry
import SaylauReports
import SaylauStore

/// HTML helpers.
enum HTML {
  /// Text escaped for HTML (the same rules as SaylauReports' SVG text).
  static func escape(_ s: String) -> String { SVGFormat.escape(s) }

  static func number(_ n: Int?) -> String {
    guard let n else { return "<span class=\"unknown\">not known</span>" }
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out += "\u{202F}" }
      out.append(ch)
    }
    return (n < 0 ? "−" : "") + out
  }

  static func text(_ s: String?) -> String {
    s.map(escape) ?? "<span class=\"unknown\">not known</span>"
  }

  /// The page frame: one small stylesheet, no scripts; the layout reflows from phone to desktop.
  static func page(title: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(escape(title)) · Saylau</title>
    <style>
    :root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;background:#fff;line-height:1.45}
    body{margin:0}header{background:#1d3557;color:#fff;padding:.6rem 1rem}header a{color:#fff;text-decoration:none;margin-right:1rem}
    header strong{margin-right:1.5rem}main{max-width:72rem;margin:0 auto;padding:1rem}
    h1{font-size:1.6rem;margin:.4rem 0 1rem}h2{font-size:1.25rem;margin-top:1.6rem}
    .map{width:100%;height:auto;display:block}.parliament svg{width:100%;max-width:32rem;height:auto}
    .map a:hover path,.map a:focus path{stroke:#000;stroke-width:1.5}
    .grid{display:grid;grid-template-columns:1fr;gap:1rem}
    @media(min-width:50rem){.grid{grid-template-columns:2fr 1fr}}
    table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
    td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.scroll{overflow-x:auto}
    .infobox{border:1px solid #ccc;background:#f8f9fa;padding:.6rem}.infobox th{width:40%}
    .unknown{color:#888;font-style:italic}.synthetic,.notice{background:#fff3cd;border:1px solid #e0c36a;padding:.5rem}
    .swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #999;vertical-align:middle;margin-right:.3em}
    nav.modes a{margin-right:.8rem}nav.modes a.active{font-weight:bold;text-decoration:none;color:#222}
    footer{color:#666;font-size:.85rem;padding:1rem;text-align:center}
    </style></head><body>
    <header><strong>Saylau</strong><a href="/">Map</a><a href="/elections/2023-majilis">2023 results</a><a href="/api/v1/openapi.json">API</a></header>
    <main>
    \(body)
    </main>
    <footer>Data: the Saylau bundled dataset (Wikipedia, CEC, BNS, geokz CC BY 4.0). Blank means not found, never zero.</footer>
    </body></html>
    """
  }
}

/// What the pages reuse between requests: the projected geometry and the region colours.
struct PageCache: Sendable {
  let geometry: MapGeometry
  let regionColours: [String: String]
  /// The locator map of each constituency on the default date, drawn once (each is ~250 kB of SVG; drawing
  /// it per request was most of a page's cost).
  let locators: [Int: String]

  init(atlas: Atlas) {
    geometry = MapGeometry(atlas: atlas)
    var colours: [String: String] = [:]
    for (i, region) in atlas.registry.regions.enumerated() {
      colours[region.code] = Palette.colour(i)
    }
    regionColours = colours
    var locators: [Int: String] = [:]
    for c in atlas.constituencies(on: atlas.latestDate) {
      locators[c.number] = Self.locator(
        number: c.number, date: atlas.latestDate, atlas: atlas, geometry: geometry)
    }
    self.locators = locators
  }

  static func locator(number: Int, date: String, atlas: Atlas, geometry: MapGeometry) -> String {
    let styles = Dictionary(
      uniqueKeysWithValues: atlas.constituencies(on: date).map {
        ($0.number, MapGeometry.Style(fill: $0.number == number ? "#d62728" : "#9ecae1", label: ""))
      })
    return geometry.svg(
      atlas: atlas, date: date, styles: styles, highlight: number,
      title: "Where constituency \(number) lies")
  }
}

/// The web pages: the map, a page per constituency, the results of an election.
struct Pages: Sendable {
  let service: SaylauService
  var atlas: Atlas { service.atlas }

  func register(on router: Router<BasicRequestContext>) {
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
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  enum Colouring: String, CaseIterable {
    case region, winner, turnout
  }

  /// Turnout by constituency from imported constituency-ballot protocols (cast over electorate, in
  /// per mille as integers, so no floating point decides a colour).
  func turnout(election: String) async throws -> (values: [Int: Int], synthetic: Bool) {
    var out: [Int: Int] = [:]
    for totals in try await service.store.constituencyTotals(election: election) {
      if let n = totals.constituency, let cast = totals.ballotsCast,
        let electorate = totals.electorate,
        electorate > 0
      {
        out[n] = cast * 1000 / electorate
      }
    }
    let synthetic = try await service.store.imports(election: election).contains { $0.synthetic }
    return (out, synthetic)
  }

  func home(_ query: Query) async throws -> Response {
    let date = try query.date() ?? atlas.latestDate
    let mode = Colouring(rawValue: query["colour"] ?? "region") ?? .region
    let constituencies = atlas.constituencies(on: date)
    let candidates = try await service.store.candidates(election: BundledSeed.election2023)
    let winners = Dictionary(
      candidates.filter(\.elected).map { ($0.constituency, $0) }, uniquingKeysWith: { a, _ in a })
    var styles: [Int: MapGeometry.Style] = [:]
    var legend: [(String, String)] = []
    var notice = ""
    switch mode {
    case .region:
      for c in constituencies {
        let region = c.regionCode.flatMap { atlas.regionsByCode[$0] }
        styles[c.number] = .init(
          fill: c.regionCode.flatMap { service.pages.regionColours[$0] } ?? "#ccc",
          label: region?.name.en ?? "")
      }
    case .winner:
      var parties = Set<String>()
      for c in constituencies {
        let party = winners[c.number]?.party ?? c.member?.party
        styles[c.number] = .init(
          fill: Palette.party(nomination: party), label: party ?? "winner not known")
        if let party { parties.insert(party) }
      }
      legend =
        parties.sorted().map { (Palette.party(nomination: $0), $0) } + [
          (PartyStyle.unknownColor, "winner not known")
        ]
    case .turnout:
      let (values, synthetic) = try await turnout(election: BundledSeed.election2023)
      for c in constituencies {
        if let permille = values[c.number] {
          // Five bands of 10 percentage points from 30% up.
          let band = min(4, max(0, (permille - 300) / 100))
          styles[c.number] = .init(
            fill: ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"][band],
            label: "turnout \(permille / 10).\(permille % 10)%")
        } else {
          styles[c.number] = .init(fill: "#ccc", label: "turnout not known")
        }
      }
      legend = [
        ("#f1eef6", "below 40%"), ("#bdc9e1", "40–50%"), ("#74a9cf", "50–60%"),
        ("#2b8cbe", "60–70%"),
        ("#045a8d", "70% and above"), ("#ccc", "not known"),
      ]
      if values.isEmpty {
        notice =
          "<p class=\"unknown\">No constituency turnout is known: the bundled data has none, and no protocols have been imported.</p>"
      }
      if synthetic {
        notice +=
          "<p class=\"synthetic\">Turnout here comes from imported protocols marked <strong>synthetic</strong>.</p>"
      }
    }
    let modes = Colouring.allCases.map { m in
      "<a href=\"/?colour=\(m.rawValue)\"\(m == mode ? " class=\"active\" aria-current=\"page\"" : "")>\(m.rawValue.capitalized)</a>"
    }.joined()
    let map = service.pages.geometry.svg(
      atlas: atlas, date: date, styles: styles,
      title: "Mäjilis constituencies on \(date), coloured by \(mode.rawValue)")
    var rows = ""
    for c in constituencies {
      let region = c.regionCode.flatMap { atlas.regionsByCode[$0] }
      let winner = winners[c.number]
      rows += """
        <tr><td class="n"><a href="/constituencies/\(c.number)">\(c.number)</a></td>\
        <td>\(HTML.text(region?.name.en))</td><td>\(HTML.text(c.seat))</td>\
        <td>\(HTML.text(winner?.candidate ?? c.member?.name))</td><td>\(HTML.text(winner?.party ?? c.member?.party))</td></tr>
        """
    }
    let legendHTML =
      legend.isEmpty
      ? ""
      : "<p>"
        + legend.map {
          "<span class=\"swatch\" style=\"background:\($0.0)\"></span>\(HTML.escape($0.1))"
        }.joined(
          separator: " &nbsp; ") + "</p>"
    let today = CalendarDate.today.description
    let abolished = constituencies.compactMap(\.abolished).min()
    let dateNote =
      abolished.map { $0 <= today }
        == true
      ? "<p class=\"notice\">These constituencies were abolished on \(HTML.escape(abolished ?? "")); the map shows them as on \(HTML.escape(date)), their last day.</p>"
      : ""
    let body = """
      <h1>Mäjilis constituencies</h1>
      <p>\(constituencies.count) single-mandate constituencies in force on \(HTML.escape(date)). Select a constituency on the map or in the table.</p>
      \(dateNote)
      <nav class="modes" aria-label="Colour the map by">Colour by: \(modes)</nav>
      \(notice)\(legendHTML)
      \(map)
      <p>Hatched: Shymkent's Al-Farabi district, split between Nos 6 and 7 (where the line runs is not in the data).</p>
      <h2>All constituencies</h2>
      <div class="scroll"><table><thead><tr><th class="n">No.</th><th>Region</th><th>Seat</th><th>Member (2023)</th><th>Party</th></tr></thead>
      <tbody>\(rows)</tbody></table></div>
      """
    return html(HTML.page(title: "Constituencies", body: body))
  }

  func constituency(_ number: Int, query: Query) async throws -> Response {
    let date = try query.date() ?? atlas.latestDate
    guard let c = atlas.constituency(number: number, on: date) else {
      let body =
        "<h1>Not found</h1><p>There is no constituency \(number) on \(HTML.escape(date)).</p><p><a href=\"/\">All constituencies</a></p>"
      return html(HTML.page(title: "Not found", body: body), status: .notFound)
    }
    let region = c.regionCode.flatMap { atlas.regionsByCode[$0] }
    let candidates = try await service.store.candidates(
      election: BundledSeed.election2023, constituency: number)
    let winner = candidates.first(where: \.elected)
    func count(_ value: Count?) -> String {
      guard let value else { return HTML.number(nil) }
      return HTML.number(value.value) + (value.year.map { " (\($0))" } ?? "")
    }
    let borders = c.borders.map { "<a href=\"/constituencies/\($0)\">\($0)</a>" }.joined(
      separator: ", ")
    let infobox = """
      <table class="infobox"><caption><strong>Constituency No. \(c.number)</strong></caption>
      <tr><th>Region</th><td>\(HTML.text(region?.name.en))</td></tr>
      <tr><th>Seat</th><td>\(HTML.text(c.seat))</td></tr>
      <tr><th>Established</th><td>\(HTML.escape(c.establishedAsPublished ?? c.established))</td></tr>
      <tr><th>Abolished</th><td>\((c.abolishedAsPublished ?? c.abolished).map(HTML.escape) ?? "in force")</td></tr>
      <tr><th>Population</th><td>\(count(c.population))</td></tr>
      <tr><th>Electorate</th><td>\(count(c.electorate))</td></tr>
      <tr><th>Member</th><td>\(HTML.text(winner?.candidate ?? c.member?.name))</td></tr>
      <tr><th>Party</th><td>\(HTML.text(winner?.party ?? c.member?.party))</td></tr>
      <tr><th>Borders</th><td>\(borders.isEmpty ? HTML.text(nil) : borders)</td></tr>
      </table>
      """
    var units = ""
    for share in c.composition {
      let unit = atlas.unitsByCode[share.unitCode]
      var flags: [String] = []
      if share.isPartial { flags.append("part only") }
      if share.isInferred {
        flags.append("inferred")
      } else if let basis = share.basis, basis != "sourced" {
        flags.append(basis)
      }
      units += """
        <tr><td>\(HTML.text(unit?.name.en ?? share.unitCode))</td><td>\(HTML.escape(unit?.kind.replacingOccurrences(of: "_", with: " ") ?? ""))</td>\
        <td class="n">\(HTML.number(unit?.population?.value))</td><td>\(flags.joined(separator: ", "))</td></tr>
        """
    }
    var history = ""
    for life in atlas.history(number: number) {
      history += """
        <tr><td>\(HTML.escape(life.establishedAsPublished ?? life.established))</td>\
        <td>\((life.abolishedAsPublished ?? life.abolished).map(HTML.escape) ?? "in force")</td>\
        <td>\(HTML.text(life.regionCode.flatMap { atlas.regionsByCode[$0]?.name.en }))</td>\
        <td>\(HTML.text(life.member?.name))</td></tr>
        """
    }
    var results = ""
    for candidate in candidates {
      results += """
        <tr><td>\(HTML.escape(candidate.candidate))</td><td>\(HTML.text(candidate.party))</td>\
        <td class="n">\(HTML.number(candidate.votes))</td><td class="n">\(candidate.percent.map { HTML.escape($0) + "%" } ?? HTML.text(nil))</td>\
        <td>\(candidate.elected ? "elected" : "")</td></tr>
        """
    }
    let totals = try await service.store.protocolTotals(
      election: BundledSeed.election2023, ballot: .constituency, constituency: number)
    var imported = ""
    if totals.stations > 0 {
      let synthetic = try await service.store.imports(election: BundledSeed.election2023).contains {
        $0.synthetic
      }
      imported = """
        <h2>Imported protocols</h2>\(synthetic ? "<p class=\"synthetic\">Some imported protocols are marked <strong>synthetic</strong>.</p>" : "")
        <p>\(totals.stations) polling stations; ballots cast \(HTML.number(totals.ballotsCast)) of \(HTML.number(totals.electorate)) voters; invalid \(HTML.number(totals.invalid)).</p>
        <div class="scroll"><table><thead><tr><th>Candidate</th><th class="n">Votes</th></tr></thead><tbody>
        \(totals.votes.map { "<tr><td>\(HTML.escape($0.choice))</td><td class=\"n\">\(HTML.number($0.votes))</td></tr>" }.joined())
        </tbody></table></div>
        """
    }
    let locator =
      date == atlas.latestDate
      ? (service.pages.locators[number] ?? "")
      : PageCache.locator(
        number: number, date: date, atlas: atlas, geometry: service.pages.geometry)
    let body = """
      <h1>Constituency No. \(c.number)\(c.seat.map { " — " + HTML.escape($0) } ?? "")</h1>
      <div class="grid"><div>\(locator)</div><div>\(infobox)</div></div>
      <h2>Composition</h2>
      <div class="scroll"><table><thead><tr><th>Unit</th><th>Kind</th><th class="n">Population (2023)</th><th>Note</th></tr></thead>
      <tbody>\(units)</tbody></table></div>
      <h2>History</h2>
      <div class="scroll"><table><thead><tr><th>From</th><th>Until</th><th>Region</th><th>Member</th></tr></thead><tbody>\(history)</tbody></table></div>
      <h2>2023 result</h2>
      \(results.isEmpty ? "<p class=\"unknown\">No result for this constituency is in the data.</p>" : "<div class=\"scroll\"><table><thead><tr><th>Candidate</th><th>Party or nomination</th><th class=\"n\">Votes</th><th class=\"n\">Share</th><th></th></tr></thead><tbody>\(results)</tbody></table></div>")
      \(imported)
      <p><a href="/">All constituencies</a> · <a href="/api/v1/constituencies/\(number)">JSON</a></p>
      """
    return html(HTML.page(title: "Constituency \(number)", body: body))
  }

  func election(_ id: String) async throws -> Response {
    guard let election = try await service.store.election(id: id) else {
      return html(
        HTML.page(
          title: "Not found",
          body: "<h1>Not found</h1><p>There is no election '\(HTML.escape(id))'.</p>"),
        status: .notFound)
    }
    let list = try await service.store.listResults(election: id)
    // Shares of the votes for lists and "against all", recomputed here in integer arithmetic (two decimals,
    // half up); rows without votes have no share.
    let base = list.filter {
      $0.rowType == "party" || $0.rowType == "against_all" || $0.rowType == "other"
    }
    .compactMap(\.votes).reduce(0, +)
    func share(_ votes: Int?) -> String {
      guard let votes, base > 0 else { return HTML.text(nil) }
      let hundredths = (votes * 20_000 + base) / (2 * base)
      return "\(hundredths / 100).\(String(format: "%02d", hundredths % 100))%"
    }
    var rows = ""
    for r in list {
      rows += """
        <tr><td><span class="swatch" style="background:\(Palette.party(code: r.partyCode))"></span>\(HTML.escape(r.name.en))</td>\
        <td class="n">\(HTML.number(r.votes))</td><td class="n">\(r.percent.map { HTML.escape($0) + "%" } ?? share(r.votes))</td>\
        <td class="n">\(HTML.number(r.listSeats))</td><td class="n">\(HTML.number(r.constituencySeats))</td><td class="n">\(HTML.number(r.totalSeats))</td></tr>
        """
    }
    let groups = list.enumerated().compactMap { index, r -> ParliamentChart.Group? in
      guard let seats = r.totalSeats, seats > 0 else { return nil }
      return .init(
        code: r.partyCode, name: r.name.en,
        color: PartyStyle.style(code: r.partyCode, name: r.name.en, index: index).color,
        seats: seats)
    }
    let diagram =
      groups.isEmpty
      ? "<p class=\"unknown\">Seats by party are not in the data.</p>"
      : ((try? ParliamentDiagram.svg(
        ParliamentChart(
          title: "Seats in the Mäjilis after the \(election.title)", groups: groups,
          source: election.source ?? "bundled data"))) ?? "")
    var winners = ""
    for c in try await service.store.candidates(election: id) where c.elected {
      winners += """
        <tr><td class="n"><a href="/constituencies/\(c.constituency)">\(c.constituency)</a></td>\
        <td>\(HTML.escape(c.candidate))</td><td>\(HTML.text(c.party))</td></tr>
        """
    }
    let listTotals = try await service.store.protocolTotals(election: id, ballot: .list)
    let imports = try await service.store.imports(election: id)
    var imported = ""
    if listTotals.stations > 0 {
      imported = """
        <h2>Imported party-list protocols</h2>\(imports.contains(where: \.synthetic) ? "<p class=\"synthetic\">Some imported protocols are marked <strong>synthetic</strong>.</p>" : "")
        <p>\(listTotals.stations) polling stations.</p><div class="scroll"><table><thead><tr><th>Choice</th><th class="n">Votes</th></tr></thead><tbody>
        \(listTotals.votes.map { "<tr><td>\(HTML.escape($0.choice))</td><td class=\"n\">\(HTML.number($0.votes))</td></tr>" }.joined())
        </tbody></table></div>
        """
    }
    let body = """
      <h1>\(HTML.escape(election.title))</h1>
      \(election.synthetic ? "<p class=\"synthetic\">This election's figures are <strong>synthetic</strong>.</p>" : "")
      <p>Electorate \(HTML.number(election.electorate)); ballots cast \(HTML.number(election.ballotsCast)); turnout \(election.turnoutPercent.map { HTML.escape($0) + "%" } ?? HTML.text(nil)).</p>
      <div class="grid"><div>
      <h2>Party lists</h2>
      <div class="scroll"><table><thead><tr><th>Party</th><th class="n">Votes</th><th class="n">Share of votes</th><th class="n">List seats</th><th class="n">Constituency seats</th><th class="n">Total</th></tr></thead>
      <tbody>\(rows)</tbody></table></div></div>
      <div><h2>The chamber</h2><div class="parliament">\(diagram)</div></div></div>
      <h2>Constituency winners known</h2>
      <div class="scroll"><table><thead><tr><th class="n">No.</th><th>Member</th><th>Party or nomination</th></tr></thead><tbody>\(winners)</tbody></table></div>
      \(imported)
      """
    return html(HTML.page(title: election.title, body: body))
  }
}
