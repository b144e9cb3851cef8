import SaylauReports

/// A plain-text table for terminal output: rows of cells, rendered by SaylauReports' text renderer (the
/// one that prints the documents), so every table the CLI prints is aligned and escaped the same way.
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
    let table = Document.Table(
      header: header, rows: rows.map { $0.map { [.text($0)] } }, numericColumns: numeric)
    return Document.text([.table(table)])
  }
}

/// 964419 -> "964,419".
func grouped(_ n: Int) -> String { SVGFormat.grouped(n) }
