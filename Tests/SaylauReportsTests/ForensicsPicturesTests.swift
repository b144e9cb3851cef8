import Foundation
import SaylauData
import SaylauElections
import SaylauForensics
import SaylauTestSupport
import Testing

@testable import SaylauReports

/// The forensic pictures, checked structurally: the marks are the report's numbers.
@Suite struct ForensicsPicturesTests {
  static let report: ForensicReport = {
    do {
      let parties =
        try BundledData.publishedElection("2023-majilis").result?.listVote.parties.filter {
          !$0.isAggregate
        } ?? []
      let e = SyntheticElection(seed: 11, precincts: 1500, parties: parties, doctoredPercent: 5)
        .generate()
      return try Forensics.analyse(
        ForensicInput(
          schema: ProtocolSchema(parties: parties, constituencyCount: 29, synthetic: true),
          protocols: e.protocols, districtOfPrecinct: e.districts),
        settings: ForensicSettings(seed: 1, simulations: 40))
    } catch {
      fatalError("cannot build the forensic report: \(error)")
    }
  }()

  static func parse(_ svg: String) throws -> SVGInspector {
    try #require(SVGInspector.parse(svg), "the SVG is not well-formed XML")
  }

  @Test func fingerprintHasOneCellPerOccupiedBinWithItsCount() throws {
    let grid = try #require(Self.report.fingerprints.first { $0.ballot == .list })
    let doc = try Self.parse(FingerprintChart.svg(grid, title: "Fingerprint", synthetic: true))
    let cells = doc.elements(named: "rect", class: "cell")
    #expect(cells.count == grid.cells.count)
    #expect(
      cells.compactMap { $0.attributes["data-precincts"].flatMap(Int.init) }.reduce(0, +)
        == grid.precincts)
    // A cell's position is its turnout and share: higher share is higher up (smaller y).
    let sorted = grid.cells.sorted { $0.share < $1.share }
    let low = cells.first { $0.attributes["data-share"] == String(sorted.first!.share) }!
    let high = cells.first { $0.attributes["data-share"] == String(sorted.last!.share) }!
    #expect(Double(low.attributes["y"]!)! > Double(high.attributes["y"]!)!)
    #expect(doc.elements(named: "text", class: "synthetic").count == 1)
    #expect(!doc.elements(named: "rect", class: "legend").isEmpty)
  }

  @Test func integerHistogramMarksWholePercentagesAndDrawsTheNull() throws {
    let h = try #require(
      Self.report.histograms.first { $0.ballot == .list && $0.quantity == .turnout })
    let doc = try Self.parse(IntegerPercentChart.svg(h, title: "Turnout", synthetic: false))
    let bars = doc.elements.filter {
      $0.name == "rect" && ($0.attributes["class"] ?? "").hasPrefix("bar")
    }
    #expect(bars.count == h.counts.filter { $0 > 0 }.count)
    #expect(
      bars.compactMap { $0.attributes["data-precincts"].flatMap(Int.init) }.reduce(0, +)
        == h.precincts)
    for bar in bars {
      let bin = Int(bar.attributes["data-bin"]!)!
      #expect((bar.attributes["class"] == "bar whole") == (bin % 10 == 0))
    }
    #expect(doc.elements(named: "polyline", class: "expected").count == 1)
    #expect(doc.elements(named: "text", class: "synthetic").isEmpty)
  }

  @Test func mapColoursEveryConstituencyByItsShareOfFlaggedPrecincts() throws {
    let svg = FlaggedPrecinctsMap.svg(
      Self.report, geometry: Fixtures.context2023.geometry, title: "Flagged", source: "test")
    let doc = try Self.parse(svg)
    let shapes = doc.elements(named: "path", class: "constituency")
    #expect(
      Set(shapes.compactMap { $0.attributes["data-number"].flatMap(Int.init) }) == Set(1...29))
    let c = try #require(Self.report.constituencies.first { $0.flaggedPrecincts > 0 })
    #expect(
      svg.contains(
        "No. \(c.constituency): \(c.flaggedPrecincts) of \(c.precincts) precincts flagged"))
    #expect(svg.contains("SYNTHETIC DATA"))
  }

  @Test func pagesCarryThePicturesAndTheFlags() throws {
    let pictures = ForensicsReport.pictures(Self.report, geometry: Fixtures.context2023.geometry)
    #expect(pictures.count == Self.report.fingerprints.count + Self.report.histograms.count + 1)
    let inline = ForensicsReport.document(
      Self.report, title: "Forensics", pictures: pictures, embedding: .inline
    ).html(stylesheet: "style.css")
    #expect(inline.components(separatedBy: "<svg").count - 1 >= pictures.count)
    #expect(inline.contains("SYNTHETIC DATA"))
    #expect(
      inline.contains(
        Self.report.flags.first!.evidence.replacingOccurrences(of: "'", with: "&#39;")))
    let files = ReportSite.forensicsFiles(Self.report, context: Fixtures.context2023)
    #expect(Set(files.map(\.path)).isSuperset(of: pictures.map { $0.name + ".svg" }))
    let page = try #require(files.first { $0.path == "index.html" })
    for p in pictures { #expect(page.contents.contains("src=\"\(p.name).svg\"")) }
    for file in files where file.path.hasSuffix(".svg") {
      #expect(SVGInspector.parse(file.contents) != nil, "\(file.path)")
    }
  }

  @Test(
    "the brief report and the validation read as text: SYNTHETIC first and last, every flag counted"
  )
  func summaryAndValidationText() throws {
    let r = Self.report
    let text = ForensicsReport.summary(r, election: "2023-majilis").text()
    #expect(text.hasPrefix("SYNTHETIC DATA: Remarkable results of 2023-majilis"))
    #expect(text.hasSuffix("SYNTHETIC: generated protocols, not real results."))
    for kind in FlagKind.allCases { #expect(text.contains(kind.rawValue), "\(kind)") }
    #expect(text.contains("Distribution tests, nationwide, list ballot"))
    // At most 50 flags are listed unless all are asked for.
    let all = ForensicsReport.summary(r, election: "x", all: true).text()
    #expect(r.flags.count <= 50 || all.count > text.count)
    let score = FlagScore(r, doctored: ["1": "stuffing"], precincts: ["1", "2"])
    #expect(
      ForensicsReport.summary(r, election: "x", score: score).text().contains(
        "Scored against the known answers"))
    let validation = try ForensicValidation(
      firstSeed: 1, elections: 1, precincts: 400, doctoredPercent: 5,
      schema: ProtocolSchema(parties: try Self.parties(), constituencyCount: 5),
      simulations: 10
    ).run()
    let v = ForensicsReport.validation(validation).text()
    #expect(v.hasPrefix("SYNTHETIC DATA: validation"))
    #expect(v.contains("recall (doctored precincts flagged)"))
    #expect(v.contains("\(validation.recall.hits) / \(validation.recall.trials)"))
  }

  static func parties() throws -> [ListVote.Party] {
    try BundledData.publishedElection("2023-majilis").result?.listVote.parties.filter {
      !$0.isAggregate
    } ?? []
  }
}
