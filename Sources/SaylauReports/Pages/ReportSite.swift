import SaylauCore
import SaylauForensics
import SaylauRegistry

/// The static site of an election: index, election report, one article per constituency with its locator
/// map, the pictures and a shared stylesheet. Pure: returns the files; the caller writes them.
public enum ReportSite {
  public struct File: Sendable, Hashable {
    /// Path relative to the site's root, with `/` separators.
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
      self.path = path
      self.contents = contents
    }
  }

  static func articleName(_ n: Int) -> String { "constituency-\(n).html" }

  /// Every file of the site. `progress` is called with a short message per step (for a progress line).
  /// - Parameters:
  ///   - c: the election.
  ///   - forensics: the forensic report of protocols given with the site: it adds a forensics page with its
  ///     pictures.
  public static func files(
    _ c: ElectionContext, forensics: ForensicReport? = nil, progress: (String) -> Void = { _ in }
  ) throws -> [File] {
    var files: [File] = []
    let y = c.year
    let footer =
      "Saylau static report. \(c.dataCredit) \(ElectionContext.geometryCredit) Blank cells were not found in the sources; flags mark inferred, deduced and derived facts."
    files.append(File(path: "style.css", contents: Document.stylesheet))

    progress("pictures")
    var notes: [String] = []
    // The diagram needs every group's total; when one is unknown (2004's constituency seats) the site is
    // written without it and says why, rather than drawing a guess.
    var diagram: String? = "mazhilis-\(y)-diagram.svg"
    do {
      files.append(File(path: diagram!, contents: try ElectionPictures.diagram(c)))
    } catch {
      notes.insert("No parliament diagram: \(error)", at: 0)
      diagram = nil
    }
    let chart = "mazhilis-\(y)-seats-votes.svg"
    files.append(File(path: chart, contents: ElectionPictures.seatsVotesChart(c)))
    // Maps only when the registry knows where the constituencies lie (their compositions); the geometry is
    // the current division, so earlier sets without compositions are not drawn on it.
    let mapped = c.geometry.units.contains { !$0.constituencies.isEmpty }
    var mapFiles: [(String, String)] = []
    var winners: String?
    if mapped {
      for name in [
        "winner", "region", "turnout", "deviation", "electorate", "population", "candidates",
      ] {
        guard let theme = MapTheme.named(name) else { continue }
        let file = "mazhilis-\(y)-map-\(name).svg"
        files.append(File(path: file, contents: ElectionPictures.map(c, theme: theme)))
        mapFiles.append((name, file))
      }
      winners = "mazhilis-\(y)-map-winner.svg"
    }

    let constituencies = c.constituencies
    let report = "mazhilis-\(y).html"
    let nav: [(String, String)] = [("Index", "index.html"), ("\(y) election", report)]

    progress("election report")
    let rows = constituencies.map { k in
      ElectionReportInput.ConstituencyRow(
        number: k.number, region: k.regionCode.flatMap { c.registry.region(code: $0)?.name.en },
        seat: k.seat,
        member: k.member?.name, party: k.member?.party, votePercent: k.member?.votePercent,
        article: articleName(k.number))
    }
    let input = ElectionReportInput(
      year: y, title: "\(y) Mäjilis election",
      lead:
        "Results of the \(y) election to the Mäjilis of Kazakhstan as far as the bundled data know them: the national party-list vote, the seats it gave, the single-mandate constituencies and the resulting chamber.",
      summary: c.summary, constituencies: rows, diagram: diagram, seatsVotesChart: chart,
      winnersMap: winners, notes: notes, sources: c.sources)
    var reportDoc = ElectionReport.document(input)
    if !mapFiles.isEmpty {
      reportDoc.blocks.append(.heading(2, "More maps"))
      reportDoc.blocks.append(.list(mapFiles.map { [.link("Map by \($0.0)", href: $0.1)] }))
    }
    files.append(
      File(
        path: report,
        contents: reportDoc.html(stylesheet: "style.css", navigation: nav, footer: footer)))
    files.append(File(path: "mazhilis-\(y).md", contents: reportDoc.markdown))

    let numbers = Set(constituencies.map(\.number))
    for k in constituencies {
      progress("article No. \(k.number)")
      var locator: String?
      var directions: [Int: String] = [:]
      if c.geometry.units.contains(where: { $0.constituencies.contains(k.number) }) {
        locator = "constituency-\(k.number)-locator.svg"
        files.append(
          File(path: locator!, contents: ElectionPictures.locatorMap(c, number: k.number)))
        for n in k.borders { directions[n] = c.geometry.direction(from: k.number, to: n) }
      }
      let extras = ArticleExtras(
        locatorMap: locator, neighbourDirections: directions,
        elections: c.constituencyFacts[k.number].map { [$0] } ?? [],
        memberElections: c.memberElections, electionReport: report,
        articleLink: { numbers.contains($0) ? articleName($0) : nil })
      let doc = ConstituencyArticle.document(
        profile: c.registry.profile(of: k), registry: c.registry, extras: extras)
      files.append(
        File(
          path: articleName(k.number),
          contents: doc.html(stylesheet: "style.css", navigation: nav, footer: footer)))
      files.append(File(path: "constituency-\(k.number).md", contents: doc.markdown))
    }

    var forensicsPage: String?
    if let forensics {
      progress("forensics")
      let name = "mazhilis-\(y)-forensics.html"
      files += Self.forensicsFiles(
        forensics, context: c, page: name, navigation: nav + [("Forensics", name)], footer: footer)
      forensicsPage = name
    }

    progress("index")
    var index = Document(title: "Saylau: Mäjilis \(y)")
    index.blocks.append(
      .paragraph([
        .text("A static report generated by Saylau from its bundled dataset. Start with the "),
        .link("\(y) election report", href: report), .text("."),
      ]))
    if let winners {
      index.blocks.append(
        .image(src: winners, alt: "Map of constituency winners", caption: "Constituency winners."))
    }
    if !constituencies.isEmpty {
      index.blocks.append(.heading(2, "Constituencies"))
    }
    index.blocks.append(
      .list(
        constituencies.map { k in
          var line: [Document.Inline] = [.link(k.name.en, href: articleName(k.number))]
          if let r = k.regionCode.flatMap({ c.registry.region(code: $0)?.name.en }) {
            line.append(.text(", \(r)"))
          }
          if let s = k.seat { line.append(.text(" (seat: \(s))")) }
          return line
        }))
    if let forensicsPage {
      index.blocks.append(
        .paragraph([
          .text("The protocols given with the site are examined in "),
          .link("the forensic report", href: forensicsPage), .text("."),
        ]))
    }
    index.blocks.append(.heading(2, "Pictures"))
    index.blocks.append(
      .list(
        (diagram.map { [[.link("Parliament diagram", href: $0)]] } ?? [])
          + [[.link("Seats and votes", href: chart)]]
          + mapFiles.map { [.link("Map by \($0.0)", href: $0.1)] }))
    files.append(
      File(
        path: "index.html",
        contents: index.html(stylesheet: "style.css", navigation: nav, footer: footer)))
    return files
  }

  /// The forensic report's page (HTML and Markdown) and its pictures, as files of a static site.
  /// - Parameters:
  ///   - report: the forensic report.
  ///   - context: the election (its geometry draws the map; its registry names the regions).
  ///   - page: the page's file name (`….html`; the Markdown beside it takes `.md`).
  ///   - standalone: add the stylesheet (a report on its own rather than a page of the site).
  public static func forensicsFiles(
    _ report: ForensicReport, context c: ElectionContext, page: String = "index.html",
    navigation: [(String, String)] = [], footer: String = "", standalone: Bool = false
  ) -> [File] {
    let pictures = ForensicsReport.pictures(
      report, geometry: c.geometry, mapSource: "\(ElectionContext.geometryCredit)")
    let doc = ForensicsReport.document(
      report, title: "Remarkable results: the \(c.year) protocols", pictures: pictures,
      embedding: .files, regionName: { c.registry.region(code: $0)?.name.en })
    var files = pictures.map { File(path: $0.name + ".svg", contents: $0.svg) }
    files.append(
      File(
        path: page,
        contents: doc.html(stylesheet: "style.css", navigation: navigation, footer: footer)))
    let markdown = page.hasSuffix(".html") ? String(page.dropLast(5)) + ".md" : page + ".md"
    files.append(File(path: markdown, contents: doc.markdown))
    if standalone { files.append(File(path: "style.css", contents: Document.stylesheet)) }
    return files
  }
}
