import Foundation
import SaylauDistricting

/// The pictures of an ensemble directory: a histogram per statistic and the trace plot of every chain.
public enum EnsembleFigures {
  /// Writes `NAME.svg` for each statistic and `trace.svg` (one line per chain, R-hat and ESS in the titles).
  /// - Throws: ``EnsembleError`` when the records cannot be read or a picture cannot be written.
  public static func write(_ directory: EnsembleDirectory, summary: EnsembleSummary)
    throws(EnsembleError)
  {
    let settings = try directory.settings()
    try histograms(try directory.values(chains: settings.chains), to: directory, prefix: "")
    let records = try directory.recordsByChain(chains: settings.chains)
    var panels: [TracePlot.Panel] = []
    for statistic in EnsembleStatistic.allCases where statistic.describesAPlan {
      let chains = records.map { chain in
        chain.compactMap { r in r.statistics.first { $0.0 == statistic }?.1 }
      }
      guard chains.contains(where: { !$0.isEmpty }) else { continue }
      let d = summary.diagnostics?.statistics.first { $0.statistic == statistic.rawValue }
      var note: [String] = []
      if let r = d?.rHat { note.append(String(format: "R-hat %.3f", r)) }
      if let e = d?.effectiveSampleSize { note.append("ESS \(Int(e.rounded()))") }
      panels.append(
        TracePlot.Panel(
          title: statistic.title, chains: chains, note: note.joined(separator: ", "),
          warning: (d?.rHat ?? 1) > EnsembleDiagnostics.rHatWarning))
    }
    try save(
      TracePlot.svg(
        title: "\(settings.proposal.name): \(settings.chains) chain(s) × \(settings.steps) steps",
        panels: panels), directory.url.appendingPathComponent("trace.svg"))
  }

  /// Writes `compare_NAME.svg`: each statistic's histogram with the placed plan's value marked.
  /// - Throws: ``EnsembleError`` when a picture cannot be written.
  public static func writeComparison(_ placed: EnsemblePlacement, in directory: EnsembleDirectory)
    throws(EnsembleError)
  {
    let markers = Dictionary(
      uniqueKeysWithValues: placed.placements.compactMap { p in
        EnsembleStatistic(rawValue: p.statistic).map { ($0, p.value) }
      })
    try histograms(placed.values, to: directory, prefix: "compare_", markers: markers)
  }

  private static func histograms(
    _ values: [EnsembleStatistic: [Double]], to directory: EnsembleDirectory, prefix: String,
    markers: [EnsembleStatistic: Double] = [:]
  ) throws(EnsembleError) {
    for (statistic, v) in values where prefix.isEmpty || markers[statistic] != nil {
      try save(
        Histogram.svg(title: statistic.title, values: v, marker: markers[statistic]),
        directory.url.appendingPathComponent("\(prefix)\(statistic.rawValue).svg"))
    }
  }

  private static func save(_ svg: String, _ url: URL) throws(EnsembleError) {
    do { try svg.write(to: url, atomically: true, encoding: .utf8) } catch {
      throw .file(path: url.path, reason: "cannot write (\(error.localizedDescription))")
    }
  }
}
