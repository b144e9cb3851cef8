/// A small document model that renders to both Markdown and HTML, so articles and reports are written
/// once and come out identical in content in both formats.
public struct Document: Sendable {
  /// Inline content: text, a link, or a provenance flag (sourced, inferred, derived…) shown as a tag.
  public enum Inline: Sendable, Hashable {
    case text(String)
    case link(String, href: String)
    case flag(String)
    case strong(String)
  }

  public struct Table: Sendable {
    public var caption: String?
    public var header: [String]
    public var rows: [[[Inline]]]
    /// Columns aligned right (numbers).
    public var numericColumns: Set<Int>

    public init(
      caption: String? = nil, header: [String], rows: [[[Inline]]], numericColumns: Set<Int> = []
    ) {
      self.caption = caption
      self.header = header
      self.rows = rows
      self.numericColumns = numericColumns
    }
  }

  public struct Infobox: Sendable {
    public var title: String
    public var image: (src: String, alt: String)?
    public var rows: [(label: String, value: [Inline])]

    public init(
      title: String, image: (src: String, alt: String)?, rows: [(label: String, value: [Inline])]
    ) {
      self.title = title
      self.image = image
      self.rows = rows
    }
  }

  public enum Block: Sendable {
    case heading(Int, String)
    case paragraph([Inline])
    case list([[Inline]])
    case table(Table)
    case image(src: String, alt: String, caption: String)
    case infobox(Infobox)
  }

  public var title: String
  public var blocks: [Block]

  public init(title: String, blocks: [Block] = []) {
    self.title = title
    self.blocks = blocks
  }

  // MARK: Markdown

  public var markdown: String {
    var out = "# \(title)\n\n"
    for block in blocks {
      switch block {
      case .heading(let level, let text):
        out += String(repeating: "#", count: max(2, level)) + " \(text)\n\n"
      case .paragraph(let inlines):
        out += Self.markdown(inlines) + "\n\n"
      case .list(let items):
        for item in items { out += "- " + Self.markdown(item) + "\n" }
        out += "\n"
      case .table(let table):
        if let caption = table.caption { out += "*\(Self.escapeMarkdown(caption))*\n\n" }
        out += "| " + table.header.map(Self.escapeMarkdown).joined(separator: " | ") + " |\n"
        out +=
          "|"
          + table.header.indices.map { table.numericColumns.contains($0) ? "---:" : "---" }.joined(
            separator: "|") + "|\n"
        for row in table.rows {
          out +=
            "| "
            + row.map { Self.markdown($0).replacingOccurrences(of: "|", with: "\\|") }.joined(
              separator: " | ") + " |\n"
        }
        out += "\n"
      case .image(let src, let alt, let caption):
        out += "![\(Self.escapeMarkdown(alt))](\(src))\n\n*\(Self.escapeMarkdown(caption))*\n\n"
      case .infobox(let box):
        out += "| \(Self.escapeMarkdown(box.title)) | |\n|---|---|\n"
        if let image = box.image {
          out += "| ![\(Self.escapeMarkdown(image.alt))](\(image.src)) | |\n"
        }
        for row in box.rows {
          out +=
            "| \(Self.escapeMarkdown(row.label)) | \(Self.markdown(row.value).replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        out += "\n"
      }
    }
    return out
  }

  static func markdown(_ inlines: [Inline]) -> String {
    inlines.map { inline -> String in
      switch inline {
      case .text(let t): return escapeMarkdown(t)
      case .strong(let t): return "**\(escapeMarkdown(t))**"
      case .link(let t, let href): return "[\(escapeMarkdown(t))](\(href))"
      case .flag(let f): return " *[\(escapeMarkdown(f))]*"
      }
    }.joined()
  }

  static func escapeMarkdown(_ text: String) -> String {
    var out = ""
    for ch in text {
      if "*_[]`\\".contains(ch) { out.append("\\") }
      out.append(ch)
    }
    return out.replacingOccurrences(of: "\n", with: " ")
  }

  // MARK: HTML

  /// A complete HTML page; `stylesheet` is a relative link to the shared CSS, `navigation` links shown at
  /// the top.
  public func html(stylesheet: String, navigation: [(String, String)] = [], footer: String = "")
    -> String
  {
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(SVGFormat.escape(title))</title>
      <link rel="stylesheet" href="\(SVGFormat.escape(stylesheet))">
      </head>
      <body>

      """
    if !navigation.isEmpty {
      out +=
        "<nav>"
        + navigation.map { "<a href=\"\(SVGFormat.escape($0.1))\">\(SVGFormat.escape($0.0))</a>" }
        .joined(
          separator: " · ") + "</nav>\n"
    }
    out += "<main>\n<h1>\(SVGFormat.escape(title))</h1>\n"
    for block in blocks {
      switch block {
      case .heading(let level, let text):
        let l = min(6, max(2, level))
        out += "<h\(l)>\(SVGFormat.escape(text))</h\(l)>\n"
      case .paragraph(let inlines):
        out += "<p>\(Self.html(inlines))</p>\n"
      case .list(let items):
        out += "<ul>\n" + items.map { "<li>\(Self.html($0))</li>\n" }.joined() + "</ul>\n"
      case .table(let table):
        out += "<table class=\"wikitable\">\n"
        if let caption = table.caption {
          out += "<caption>\(SVGFormat.escape(caption))</caption>\n"
        }
        out +=
          "<thead><tr>" + table.header.map { "<th>\(SVGFormat.escape($0))</th>" }.joined()
          + "</tr></thead>\n<tbody>\n"
        for row in table.rows {
          out += "<tr>"
          for (i, cell) in row.enumerated() {
            out += table.numericColumns.contains(i) ? "<td class=\"num\">" : "<td>"
            out += Self.html(cell) + "</td>"
          }
          out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
      case .image(let src, let alt, let caption):
        out +=
          "<figure><img src=\"\(SVGFormat.escape(src))\" alt=\"\(SVGFormat.escape(alt))\"><figcaption>\(SVGFormat.escape(caption))</figcaption></figure>\n"
      case .infobox(let box):
        out += "<table class=\"infobox\">\n<caption>\(SVGFormat.escape(box.title))</caption>\n"
        if let image = box.image {
          out +=
            "<tr><td colspan=\"2\" class=\"infobox-image\"><img src=\"\(SVGFormat.escape(image.src))\" alt=\"\(SVGFormat.escape(image.alt))\"></td></tr>\n"
        }
        for row in box.rows {
          out +=
            "<tr><th>\(SVGFormat.escape(row.label))</th><td>\(Self.html(row.value))</td></tr>\n"
        }
        out += "</table>\n"
      }
    }
    out += "</main>\n"
    if !footer.isEmpty { out += "<footer>\(SVGFormat.escape(footer))</footer>\n" }
    out += "</body>\n</html>\n"
    return out
  }

  static func html(_ inlines: [Inline]) -> String {
    inlines.map { inline -> String in
      switch inline {
      case .text(let t): return SVGFormat.escape(t)
      case .strong(let t): return "<strong>\(SVGFormat.escape(t))</strong>"
      case .link(let t, let href):
        return "<a href=\"\(SVGFormat.escape(href))\">\(SVGFormat.escape(t))</a>"
      case .flag(let f):
        return
          " <span class=\"flag flag-\(SVGFormat.escape(f.split(separator: " ").first.map(String.init) ?? f))\">\(SVGFormat.escape(f))</span>"
      }
    }.joined()
  }

  /// The shared stylesheet of the static site: encyclopedia-like, readable, printable.
  public static let stylesheet = """
    body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #202122; background: #ffffff;
      margin: 0; line-height: 1.55; }
    nav { background: #f8f9fa; border-bottom: 1px solid #a2a9b1; padding: 0.5em 1.5em; font-size: 0.9em; }
    main { max-width: 68em; margin: 0 auto; padding: 1em 1.5em 3em; }
    h1 { font-family: Georgia, "DejaVu Serif", serif; font-weight: normal; border-bottom: 1px solid #a2a9b1; }
    h2 { font-family: Georgia, "DejaVu Serif", serif; font-weight: normal; border-bottom: 1px solid #c8ccd1;
      clear: right; margin-top: 1.6em; }
    a { color: #3366cc; text-decoration: none; } a:hover { text-decoration: underline; }
    table.wikitable { border-collapse: collapse; background: #f8f9fa; margin: 1em 0; font-size: 0.92em; }
    table.wikitable th, table.wikitable td { border: 1px solid #a2a9b1; padding: 0.25em 0.6em; }
    table.wikitable th { background: #eaecf0; }
    table.wikitable caption { font-weight: bold; padding: 0.3em; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    table.infobox { float: right; clear: right; width: 22em; margin: 0 0 1em 1.5em; border: 1px solid #a2a9b1;
      background: #f8f9fa; font-size: 0.88em; border-collapse: collapse; }
    table.infobox caption { font-weight: bold; font-size: 1.15em; padding: 0.3em; }
    table.infobox th { text-align: left; vertical-align: top; padding: 0.2em 0.5em; width: 40%; }
    table.infobox td { padding: 0.2em 0.5em; }
    .infobox-image { text-align: center; } .infobox-image img { max-width: 100%; }
    figure { margin: 1em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eaecf0; }
    figcaption { font-size: 0.88em; color: #54595d; }
    .flag { font-size: 0.72em; padding: 0 0.35em; border-radius: 0.6em; background: #eaecf0; color: #54595d;
      white-space: nowrap; vertical-align: 0.15em; }
    .flag-inferred, .flag-unknown { background: #fef6e7; color: #6f4a00; }
    .flag-derived, .flag-deduced { background: #eaf3ff; color: #1f4d8c; }
    .flag-sourced { background: #eafaf1; color: #14632f; }
    .flag-synthetic { background: #fee7e6; color: #8c1a10; }
    footer { max-width: 68em; margin: 0 auto; padding: 1em 1.5em 2em; font-size: 0.8em; color: #54595d;
      border-top: 1px solid #c8ccd1; }
    @media (max-width: 50em) { table.infobox { float: none; width: 100%; margin: 0 0 1em; } }

    """
}
