import Foundation
import SaylauCore
import SaylauRegistry
import SaylauTestSupport
import Testing

@testable import SaylauReports

@Suite struct SiteTests {
  static let files: [ReportSite.File] = {
    do { return try ReportSite.files(Fixtures.context2023) } catch { fatalError("\(error)") }
  }()

  static func file(_ path: String) throws -> String {
    try #require(files.first { $0.path == path }?.contents, "missing \(path)")
  }

  @Test func siteHasEveryPage() {
    let paths = Set(Self.files.map(\.path))
    for n in 1...29 {
      #expect(paths.contains("constituency-\(n).html"))
      #expect(paths.contains("constituency-\(n).md"))
      #expect(paths.contains("constituency-\(n)-locator.svg"))
    }
    for p in [
      "index.html", "style.css", "mazhilis-2023.html", "mazhilis-2023.md",
      "mazhilis-2023-diagram.svg",
      "mazhilis-2023-seats-votes.svg", "mazhilis-2023-map-winner.svg",
    ] {
      #expect(paths.contains(p), "\(p)")
    }
  }

  @Test func everySVGIsWellFormedXML() {
    let svgs = Self.files.filter { $0.path.hasSuffix(".svg") }
    #expect(svgs.count >= 29 + 9)
    for svg in svgs { #expect(SVGInspector.parse(svg.contents) != nil, "\(svg.path)") }
  }

  /// Every page and picture links only to files of the site (or to the web).
  @Test func linksResolve() throws {
    let paths = Set(Self.files.map(\.path))
    for file in Self.files where file.path.hasSuffix(".html") {
      for attr in ["href=\"", "src=\""] {
        var rest = file.contents[...]
        while let r = rest.range(of: attr) {
          rest = rest[r.upperBound...]
          let target = String(rest.prefix { $0 != "\"" })
          if target.hasPrefix("http") { continue }
          #expect(paths.contains(target), "\(file.path) links to missing \(target)")
        }
      }
    }
  }

  /// The No. 12 article against the seed article's facts.
  @Test func article12LooksLikeTheSeed() throws {
    let md = try Self.file("constituency-12.md")
    for fact in [
      "№12 сайлау округі", "Избирательный округ №12", "964,419 (2023)", "493,732 (2023)",
      "Kaskelen",
      "2004; 2022 (re-established)", "Daniar Qasqaraurov", "Aitaly Äbdirahmanuly",
      "| 2004 | Aitaly Äbdirahmanuly",
      "58.0", "46.7", "Aktobe Region (2004–2007)", "Almaty Region (2023–2026)",
      "Defunct (single nationwide party-list constituency)", "Karasay District",
      "[No. 19](constituency-19.html) (Karaganda Region)",
      "[No. 16](constituency-16.html) (Jambyl Region)",
      "constituency-12-locator.svg",
    ] {
      #expect(md.contains(fact), "missing: \(fact)")
    }
    let html = try Self.file("constituency-12.html")
    #expect(html.contains("<table class=\"infobox\">"))
    #expect(html.contains("<link rel=\"stylesheet\" href=\"style.css\">"))
  }

  /// Unknown facts are said to be unknown; inferred and deduced ones are flagged.
  @Test func gapsAndProvenanceAreVisible() throws {
    let md2 = try Self.file("constituency-2.md")
    #expect(md2.contains("| Member | not known *[unknown]* |"))
    #expect(md2.contains("| Population | not known *[unknown]* |"))
    // No. 25: the city of Turkistan is only inferred (SOURCES.md).
    #expect(try Self.file("constituency-25.md").contains("Turkestan City *[inferred]*"))
    // No. 6: the split unit.
    #expect(try Self.file("constituency-6.md").contains("part of Al-Farabi District"))
    for file in Self.files {
      #expect(!file.contents.contains("Optional("), "\(file.path)")
      #expect(!file.contents.contains("nil"), "\(file.path)")
    }
  }

  @Test func electionReportHasResultsIndicesAndWinners() throws {
    let md = try Self.file("mazhilis-2023.md")
    // Published CEC figures (results_2023_party_list.csv) and the engine's check.
    for fact in [
      "| Amanat | 3,431,510 | 53.90 | 40 | 22 *[derived]* | 62 |",
      "| Against all | 248,291 | 3.90 |",
      "| **Total** | **6,366,441** | 100.00 | **69** | **29** | **98** |",
      "agree with the CEC's published list seats for all 7 lists",
      "Gallagher index (list tier)", "Effective number of parties (votes)",
      "mazhilis-2023-diagram.svg",
      "known in the data for 10 of 29 constituencies",
    ] {
      #expect(md.contains(fact), "missing: \(fact)")
    }
  }

  /// Indices against hand computation from the published 2023 counts.
  @Test func indicesOf2023() {
    let rows = Fixtures.context2023.summary.indices
    let value = Dictionary(
      uniqueKeysWithValues: rows.map { ($0.name, ($0.value * 100).rounded() / 100) })
    // List tier, LH = ½ Σ|v−s|: votes % of 6,366,441 vs list seats of 69, against all 3.90% with no seat:
    // |53.90−57.97| + |10.90−11.59| + |8.59−8.70| + |8.41−8.70| + |6.80−7.25| + |5.20−5.80| + 2.30 + 3.90
    // = 12.40 → 6.20; Gallagher √(½ Σ d²) = 4.37 (both recomputed independently with Python from the CSV).
    #expect(value["Loosemore–Hanby index (list tier)"] == 6.2)
    #expect(value["Gallagher index (list tier)"] == 4.37)
    // ENP by votes: 1 / Σ p² over the seven parties' votes = 2.84.
    #expect(value["Effective number of parties (votes)"] == 2.84)
  }
}

@Suite struct OtherElectionSiteTests {
  /// 2021: 98 list seats and 9 deputies elected by the Assembly of People (107), no constituencies, no maps.
  @Test func site2021() throws {
    let context = try Fixtures.context(2021)
    let files = try ReportSite.files(context)
    let paths = Set(files.map(\.path))
    #expect(paths.contains("mazhilis-2021-diagram.svg"))
    #expect(!paths.contains { $0.contains("map") || $0.hasPrefix("constituency-") })
    let svg = try #require(files.first { $0.path == "mazhilis-2021-diagram.svg" }?.contents)
    let doc = try #require(SVGInspector.parse(svg))
    #expect(doc.elements(named: "circle", class: "seat").count == 107)
  }

  /// 2004: constituency seats per party are not known, so no diagram is drawn and the report says why.
  @Test func site2004() throws {
    let context = try Fixtures.context(2004)
    let files = try ReportSite.files(context)
    #expect(!files.contains { $0.path.hasSuffix("diagram.svg") })
    let md = try #require(files.first { $0.path == "mazhilis-2004.md" }?.contents)
    #expect(md.contains("No parliament diagram"))
    #expect(md.contains("| Otan | 2,883,706 | 60.61 | 7 |"))  // 60.61% as published (SOURCES.md)
  }
}
