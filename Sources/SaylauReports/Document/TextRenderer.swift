import Foundation

/// Plain text, for a terminal: the same document the web page and the static site show, so the command line
/// prints the same facts in the same order. Tables are aligned columns (numbers to the right), paragraphs
/// are wrapped, provenance flags are kept as `[derived]`, links keep their text, pictures leave their caption.
/// Control characters in stored text are shown as `\u{…}`, never sent to the terminal.
extension Document {
  /// The document as text at most `width` columns wide (tables may be wider: they are never cut).
  public func text(width: Int = 100) -> String {
    var parts = [Self.escapeControls(title), String(repeating: "=", count: title.count)]
    for block in blocks { parts.append(contentsOf: Self.text(block, width: width)) }
    return parts.joined(separator: "\n")
  }

  /// A block alone, as text (for commands that print a part of a page).
  public static func text(_ blocks: [Block], width: Int = 100) -> String {
    blocks.flatMap { text($0, width: width) }.joined(separator: "\n")
      .trimmingCharacters(in: .newlines)
  }

  static func text(_ block: Block, width: Int) -> [String] {
    switch block {
    case .heading(_, let title):
      return ["", escapeControls(title), String(repeating: "-", count: title.count)]
    case .paragraph(let inlines):
      return ["", wrap(text(inlines), width: width)]
    case .list(let items):
      return [""] + items.map { "- " + wrap(text($0), width: width - 2, indent: "  ") }
    case .table(let table):
      var out = [""]
      if let caption = table.caption { out.append(escapeControls(caption)) }
      out.append(contentsOf: aligned(table))
      return out
    case .image(_, _, let caption):
      return ["", "[picture: \(escapeControls(caption))]"]
    case .infobox(let box):
      let labelWidth = (box.rows.map(\.label.count).max() ?? 0) + 2
      return [""]
        + box.rows.map { row in
          escapeControls(row.label + ":").padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            + text(row.value)
        }
    case .figure(_, _, let caption):
      return caption.map { ["", "[picture: \(escapeControls($0))]"] } ?? []
    case .notice(let inlines, let kind):
      let prefix = kind == .synthetic ? "SYNTHETIC: " : "Note: "
      return ["", wrap(prefix + text(inlines), width: width)]
    case .navigation:
      return []
    case .columns(let columns):
      return columns.flatMap { $0 }.flatMap { text($0, width: width) }
    case .form, .script:
      return []
    case .progress(_, _, let label):
      return ["", wrap(escapeControls(label), width: width)]
    }
  }

  static func text(_ inlines: [Inline]) -> String {
    inlines.map { inline -> String in
      switch inline {
      case .text(let t), .strong(let t), .link(let t, _): return escapeControls(t)
      case .flag(let f): return " [\(escapeControls(f))]"
      case .swatch: return ""
      }
    }.joined()
  }

  /// A table as aligned columns under a header and a rule.
  static func aligned(_ table: Table) -> [String] {
    let header = table.header.map(escapeControls)
    let rows = table.rows.map { $0.map(text) }
    var widths = header.map(\.count)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count {
        widths[i] = max(widths[i], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { i, cell in
        let w = i < widths.count ? widths[i] : cell.count
        let pad = String(repeating: " ", count: max(0, w - cell.count))
        return table.numericColumns.contains(i) ? pad + cell : cell + pad
      }.joined(separator: "  ").replacing(/\s+$/, with: "")
    }
    return [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
      + rows.map(line)
  }

  /// Wraps text at word boundaries.
  public static func wrap(_ text: String, width: Int, indent: String = "") -> String {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if current.count + word.count + 1 > width, !current.isEmpty {
        lines.append(current)
        current = String(word)
      } else {
        current += current.isEmpty ? String(word) : " " + word
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines.joined(separator: "\n" + indent)
  }

  /// Control characters (escape sequences, carriage returns) shown as `\u{…}` rather than sent to a terminal.
  public static func escapeControls(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      return text
    }
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar.properties.generalCategory == .control {
        out += "\\u{" + String(scalar.value, radix: 16) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
