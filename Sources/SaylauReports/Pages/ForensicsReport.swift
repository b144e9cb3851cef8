import SaylauElections
import SaylauForensics

/// The forensic report as a page: the flags, the pictures, the distribution tests and the tests in plain
/// words, from one ``SaylauForensics/ForensicReport``. The static report (`saylau forensics --report`), the
/// static site (`saylau report --protocols`) and the server's page all build it here, so they show the same.
public enum ForensicsReport {
  /// A picture of the report: its file name (without `.svg`), the SVG, and what it shows.
  public struct Picture: Sendable, Hashable {
    public var name: String
    public var svg: String
    public var caption: String
  }

  /// How the page shows its pictures: as files next to it (static) or inline (the server's page).
  public enum Embedding: Sendable {
    case files
    case inline
  }

  /// The pictures: the fingerprint of each tested ballot, the integer-percent histograms, and the map of
  /// flagged precincts' constituencies when a geometry is given.
  public static func pictures(
    _ report: ForensicReport, geometry: MapGeometry?, mapSource: String = ""
  ) -> [Picture] {
    var out: [Picture] = []
    for grid in report.fingerprints {
      out.append(
        Picture(
          name: "forensics-fingerprint-\(grid.ballot.rawValue)",
          svg: FingerprintChart.svg(
            grid, title: "Fingerprint, \(ballotName(grid.ballot)) ballot",
            synthetic: report.synthetic),
          caption:
            "Precincts by turnout and the leader's share, \(ballotName(grid.ballot)) ballot: clean counting gives one cloud; ballot stuffing smears it up and to the right."
        ))
    }
    for h in report.histograms {
      let what = h.quantity == .turnout ? "turnout" : "leader's share"
      out.append(
        Picture(
          name: "forensics-integer-\(h.ballot.rawValue)-\(h.quantity.rawValue)",
          svg: IntegerPercentChart.svg(
            h, title: "Integer percentages: \(what), \(ballotName(h.ballot)) ballot",
            synthetic: report.synthetic),
          caption:
            "Precincts by \(what) in steps of 0.1 %; whole percentages in red; the line is what clean counting of the same precincts gives."
        ))
    }
    if let geometry, geometry.units.contains(where: { !$0.constituencies.isEmpty }) {
      out.append(
        Picture(
          name: "forensics-map",
          svg: FlaggedPrecinctsMap.svg(
            report, geometry: geometry, title: "Where the flagged precincts are", source: mapSource),
          caption: "The share of each constituency's precincts with at least one flag."))
    }
    return out
  }

  static func ballotName(_ b: BallotType) -> String { b == .list ? "party-list" : "constituency" }

  /// The page.
  /// - Parameters:
  ///   - report: the forensic report.
  ///   - title: the page's title.
  ///   - pictures: from ``pictures(_:geometry:mapSource:)``.
  ///   - embedding: pictures as files (`NAME.svg` next to the page) or inline.
  ///   - regionName: a region's name for its code (the code is shown where it gives none).
  ///   - maximumFlags: the most flags listed (all are counted).
  public static func document(
    _ report: ForensicReport, title: String, pictures: [Picture], embedding: Embedding,
    regionName: (String) -> String? = { _ in nil }, maximumFlags: Int = 300
  ) -> Document {
    var doc = Document(title: title)
    if report.synthetic {
      doc.blocks.append(
        .notice(
          [.strong("SYNTHETIC DATA"), .text(": these protocols are generated, not real results.")],
          kind: .synthetic))
    }
    doc.blocks.append(
      .paragraph([
        .text(
          "\(SVGFormat.grouped(report.protocols)) protocols of \(SVGFormat.grouped(report.precincts)) precincts were read\(report.earlierVersions > 0 ? ", with \(SVGFormat.grouped(report.earlierVersions)) earlier versions" : ""). \(SVGFormat.grouped(report.flaggedPrecincts)) precincts have at least one flag. A flag is not a verdict: it says which protocols deserve a second look, and why."
        )
      ]))
    doc.blocks.append(.heading(2, "Flags"))
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["Flag", "Rule", "Protocols", "Precincts"],
          rows: FlagKind.allCases.map { kind in
            let c = report.flagCounts.first { $0.kind == kind }
            return [
              [.text(kind.rawValue)], [.text(kind.rule(report.settings))],
              [.text(SVGFormat.grouped(c?.protocols ?? 0))],
              [.text(SVGFormat.grouped(c?.precincts ?? 0))],
            ]
          }, numericColumns: [2, 3])))

    if !pictures.isEmpty {
      doc.blocks.append(.heading(2, "Pictures"))
      for p in pictures {
        switch embedding {
        case .files:
          doc.blocks.append(.image(src: p.name + ".svg", alt: p.caption, caption: p.caption))
        case .inline:
          doc.blocks.append(
            .figure(
              svg: p.svg, name: p.name == "forensics-map" ? "map" : "chart", caption: p.caption))
        }
      }
    }

    doc.blocks.append(.heading(2, "Remarkable protocols"))
    let shown = report.flags.prefix(maximumFlags)
    if report.flags.count > shown.count {
      doc.blocks.append(
        .paragraph([
          .text(
            "The first \(shown.count) of \(SVGFormat.grouped(report.flags.count)) flags, by precinct; the JSON of the report has them all."
          )
        ]))
    }
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["Precinct", "Ballot", "Constituency", "Flag", "Evidence"],
          rows: shown.map { f in
            [
              [.text(f.precinct)], [.text(f.ballot.rawValue)],
              f.constituency.map { [.text(String($0))] } ?? [], [.text(f.kind.rawValue)],
              [.text(f.evidence)],
            ]
          }, numericColumns: [2])))

    doc.blocks.append(.heading(2, "Distribution tests, nationwide"))
    for area in report.areas where area.area == .nation {
      doc.blocks.append(
        .table(
          measureTable(area.measures, caption: "\(ballotName(area.ballot).capitalizedFirst) ballot")
        ))
    }
    doc.blocks.append(
      .paragraph([
        .text(
          "\(report.pValues) p-values in all areas (nation, regions, constituencies, districts): \(report.pValuesBelowLevel) below \(SVGFormat.number(report.settings.level, decimals: 3)) (about \(SVGFormat.number(Double(report.pValues) * report.settings.level, decimals: 1)) are expected by chance alone), \(report.qValuesBelowLevel) with a Benjamini–Hochberg q-value below it."
        )
      ]))
    var small: [(AreaResult, Measure)] = []
    for area in report.areas where area.area != .nation {
      for m in area.measures where (m.qValue ?? 1) < report.settings.level {
        small.append((area, m))
      }
    }
    if !small.isEmpty {
      doc.blocks.append(.heading(2, "Areas whose tests stand out"))
      doc.blocks.append(
        .table(
          Document.Table(
            caption: "Measures with a q-value below the level",
            header: ["Area", "Ballot", "Measure", "Observed", "Expected", "p", "q", "Driven by"],
            rows: small.prefix(200).map { area, m in
              [
                [.text(areaName(area.area, regionName))], [.text(area.ballot.rawValue)],
                [.text(m.name)], [.text(number(m.observed))], [.text(m.expected.map(number) ?? "")],
                [.text(m.pValue.map(pValue) ?? "")], [.text(m.qValue.map(pValue) ?? "")],
                [.text(m.drivers.prefix(8).joined(separator: ", "))],
              ]
            }, numericColumns: [3, 4, 5, 6])))
    }

    doc.blocks.append(.heading(2, "The tests in plain words"))
    for t in report.tests {
      doc.blocks.append(.heading(3, t.name))
      doc.blocks.append(.paragraph([.strong("What it measures. "), .text(t.measures)]))
      doc.blocks.append(.paragraph([.strong("What it can show. "), .text(t.canShow)]))
      doc.blocks.append(.paragraph([.strong("What it cannot show. "), .text(t.cannotShow)]))
      doc.blocks.append(.paragraph([.strong("Source. "), .text(t.source)]))
    }
    if !report.notes.isEmpty {
      doc.blocks.append(.heading(2, "Notes"))
      doc.blocks.append(.list(report.notes.map { [.text($0)] }))
    }
    return doc
  }

  /// The measures of one area as a table.
  public static func measureTable(_ measures: [Measure], caption: String?) -> Document.Table {
    Document.Table(
      caption: caption,
      header: [
        "Test", "Measure", "n", "Observed", "Expected", "95 % interval", "Effect", "p", "q",
      ],
      rows: measures.map { m in
        [
          [.text(m.test.rawValue)], [.text(m.name)], [.text(SVGFormat.grouped(m.n))],
          [.text(number(m.observed))], [.text(m.expected.map(number) ?? "")],
          [.text(m.interval.map { "\(number($0[0])) – \(number($0[1]))" } ?? "")],
          [.text(m.effect.map { "\(number($0)) (\(m.effectName ?? ""))" } ?? "")],
          [.text(m.pValue.map(pValue) ?? "")], [.text(m.qValue.map(pValue) ?? "")],
        ]
      }, numericColumns: [2, 3, 4, 7, 8])
  }

  static func areaName(_ area: Area, _ regionName: (String) -> String?) -> String {
    switch area.level {
    case .nation: return "Nation"
    case .region: return regionName(area.code) ?? "Region \(area.code)"
    case .constituency: return "Constituency No. \(area.code)"
    case .district: return "District \(area.code)"
    }
  }

  /// A measure's value: whole numbers grouped, others with up to 4 decimals.
  static func number(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e15 { return SVGFormat.grouped(Int(x)) }
    return SVGFormat.number(x, decimals: abs(x) >= 100 ? 1 : 4)
  }

  static func pValue(_ p: Double) -> String {
    p < 0.0001 ? "< 0.0001" : SVGFormat.fixed(p, decimals: 4)
  }
}

extension String {
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
