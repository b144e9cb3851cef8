import SaylauForensics

/// A map of where the flagged precincts are: each constituency coloured by the share of its precincts with
/// at least one flag ("no data" where no protocol came from it).
public enum FlaggedPrecinctsMap {
  /// The SVG document.
  /// - Parameters:
  ///   - report: the forensic report (its ``SaylauForensics/ForensicReport/constituencies``).
  ///   - geometry: the map geometry of the election day.
  ///   - title: the map's title.
  ///   - source: the credit line.
  public static func svg(
    _ report: ForensicReport, geometry: MapGeometry, title: String, source: String
  ) -> String {
    let numbers = geometry.constituencyNumbers
    let byNumber = Dictionary(
      report.constituencies.map { ($0.constituency, $0) }, uniquingKeysWith: { a, _ in a })
    let values = Dictionary(
      numbers.map { n -> (Int, Double?) in
        guard let c = byNumber[n], c.precincts > 0 else { return (n, nil) }
        return (n, 100 * Double(c.flaggedPrecincts) / Double(c.precincts))
      }, uniquingKeysWith: { a, _ in a })
    let result = Choropleth.numeric(
      numbers: numbers, values: values, format: { SVGFormat.number($0, decimals: 1) + " %" },
      noDataLabel: "No protocols",
      tooltip: { n in
        guard let c = byNumber[n] else { return "No. \(n): no protocols" }
        return
          "No. \(n): \(c.flaggedPrecincts) of \(c.precincts) precincts flagged (\(SVGFormat.percent(c.flaggedPrecincts, of: c.precincts, decimals: 1)) %)"
      })
    var subtitle =
      "Share of each constituency's precincts with at least one flag: \(SVGFormat.grouped(report.flaggedPrecincts)) of \(SVGFormat.grouped(report.precincts)) precincts in all"
    if report.synthetic { subtitle = "SYNTHETIC DATA. " + subtitle }
    return ConstituencyMap.svg(
      MapSpec(
        title: title, subtitle: subtitle, source: source, areas: result.areas,
        legend: result.legend), geometry: geometry)
  }
}
