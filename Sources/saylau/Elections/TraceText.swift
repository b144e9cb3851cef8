import SaylauElections

/// The text form of a count's steps: every step the JSON carries, in order, with its table, so the text
/// shows every decision the JSON shows.
enum TraceText {
  static func render(_ steps: [CountStep]) -> String {
    var out: [String] = []
    for (i, step) in steps.enumerated() {
      let rule = step.rule.map { " [\($0)]" } ?? ""
      out.append("\(i + 1).\(rule) \(step.text)")
      if let table = step.table, !table.rows.isEmpty {
        var t = TextTable(table.columns, numeric: numericColumns(table))
        for row in table.rows { t.add(row) }
        out.append(t.render().split(separator: "\n").map { "     " + $0 }.joined(separator: "\n"))
      }
    }
    return out.joined(separator: "\n")
  }

  /// Columns whose every cell reads as a number (digits, separators, a sign).
  static func numericColumns(_ table: StepTable) -> Set<Int> {
    var out = Set<Int>()
    for i in table.columns.indices {
      let cells = table.rows.compactMap { i < $0.count ? $0[i] : nil }.filter { !$0.isEmpty }
      if !cells.isEmpty && cells.allSatisfy({ $0.allSatisfy { "0123456789,.+-…".contains($0) } }) {
        out.insert(i)
      }
    }
    return out
  }
}
