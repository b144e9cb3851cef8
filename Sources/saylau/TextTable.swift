/// A plain-text table with left-aligned columns, for terminal output.
struct TextTable {
  var header: [String]
  var rows: [[String]] = []
  /// Columns whose cells are numbers: aligned right.
  var numeric: Set<Int> = []

  init(_ header: [String], numeric: Set<Int> = []) {
    self.header = header
    self.numeric = numeric
  }

  mutating func add(_ row: [String]) { rows.append(row) }

  func render() -> String {
    var widths = header.map(\.count)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count {
        widths[i] = max(widths[i], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { i, cell in
        let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
        if i == cells.count - 1 && !numeric.contains(i) { return cell }
        return numeric.contains(i) ? pad + cell : cell + pad
      }.joined(separator: "  ")
    }
    var out = [
      line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "),
    ]
    out += rows.map(line)
    return out.joined(separator: "\n")
  }
}

/// 964419 -> "964,419".
func grouped(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, c) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(c)
  }
  return (n < 0 ? "-" : "") + out
}
