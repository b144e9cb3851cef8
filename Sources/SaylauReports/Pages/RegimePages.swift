import SaylauElections

/// The electoral regimes as documents: the table of regimes, and one regime in words. `saylau regimes`
/// prints their text; `GET /api/v1/regimes` returns the same regimes as JSON.
public enum RegimePages {
  /// Every regime given, oldest first: seats, list tier, constituencies and appointed seats, and when each
  /// was in force.
  public static func table(_ regimes: [Regime]) -> Document {
    var doc = Document(title: "Electoral regimes")
    let unknown = { (r: Regime) in r.listSeats > 0 ? "not known" : "" }
    doc.blocks.append(
      .table(
        Document.Table(
          header: [
            "id", "chamber", "in force", "seats", "list", "threshold", "formula", "constituencies",
            "rule", "appointed",
          ],
          rows: regimes.map { r in
            [
              r.id, r.chamber, span(r), String(r.totalSeats), String(r.listSeats),
              r.listThreshold?.description ?? unknown(r), r.listMethod?.description ?? unknown(r),
              String(r.constituencySeats), r.constituencyRule?.rawValue ?? "",
              String(r.appointedSeats),
            ].map { [.text($0)] }
          }, numericColumns: [3, 4, 7, 9])))
    return doc
  }

  /// One regime in words: its period, its seats, its list tier, its constituencies and its notes.
  public static func regime(_ r: Regime) -> Document {
    var doc = Document(title: "\(r.id) (\(r.chamber)), in force \(span(r))")
    var lines = [
      "Seats: \(r.totalSeats) = \(r.listSeats) list + \(r.constituencySeats) constituency + \(r.appointedSeats) appointed"
    ]
    if r.listSeats > 0 {
      lines.append(
        "List seats: \(r.listMethod?.description ?? "formula not known"), threshold \(r.listThreshold?.description ?? "not known")"
      )
    }
    if let rule = r.constituencyRule { lines.append("Constituencies: \(rule.rawValue)") }
    doc.blocks.append(.list(lines.map { [.text($0)] }))
    for note in r.notes { doc.blocks.append(.notice([.text(note)], kind: .info)) }
    if !r.sources.isEmpty {
      doc.blocks.append(.heading(2, "Sources"))
      doc.blocks.append(.list(r.sources.map { [.link($0, href: $0)] }))
    }
    return doc
  }

  /// "2022–2026-07-01": the period as precisely as the sources give it.
  static func span(_ r: Regime) -> String {
    "\(r.inForce.start)–\(r.inForce.end.map(\.description) ?? "")"
  }
}
