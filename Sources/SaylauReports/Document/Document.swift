/// A small document model that renders to both Markdown and HTML, so articles and reports are written
/// once and come out identical in content in both formats.
public struct Document: Sendable {
  /// Inline content: text, a link, or a provenance flag (sourced, inferred, derived…) shown as a tag.
  public enum Inline: Sendable, Hashable {
    case text(String)
    case link(String, href: String)
    case flag(String)
    case strong(String)
    /// A small square of a colour (`#rrggbb`), e.g. a party's in a results table; nothing in Markdown.
    case swatch(String)
  }

  /// A link of a navigation block; `isCurrent` marks the page or mode being shown.
  public struct NavigationLink: Sendable, Hashable {
    public var title: String
    public var href: String
    public var isCurrent: Bool

    public init(title: String, href: String, isCurrent: Bool = false) {
      self.title = title
      self.href = href
      self.isCurrent = isCurrent
    }
  }

  /// What a notice tells: something to know about the page, or that its figures are synthetic.
  public enum NoticeKind: String, Sendable, Hashable {
    case info
    case synthetic
    case unknown
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
    /// A picture drawn by this module's renderers (maps, diagrams), embedded in the page; `name` is its CSS
    /// class. Only SVG produced here goes in: it is trusted markup, everything in it already escaped.
    case figure(svg: String, name: String, caption: String?)
    case notice([Inline], kind: NoticeKind)
    case navigation(label: String, links: [NavigationLink])
    /// Blocks side by side on a wide screen, one under the other on a phone.
    case columns([[Block]])
  }

  public var title: String
  public var blocks: [Block]

  public init(title: String, blocks: [Block] = []) {
    self.title = title
    self.blocks = blocks
  }

  // MARK: Markdown

  public var markdown: String {
    "# \(title)\n\n" + blocks.map(Self.markdown).joined()
  }

  static func markdown(_ block: Block) -> String {
    var out = ""
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
    case .figure(_, _, let caption):
      if let caption { out += "*\(Self.escapeMarkdown(caption))*\n\n" }
    case .notice(let inlines, _):
      out += "> " + Self.markdown(inlines) + "\n\n"
    case .navigation(let label, let links):
      out +=
        Self.escapeMarkdown(label) + ": "
        + links.map { "[\(Self.escapeMarkdown($0.title))](\($0.href))" }.joined(separator: " · ")
        + "\n\n"
    case .columns(let columns):
      out += columns.flatMap { $0 }.map(Self.markdown).joined()
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
      case .swatch: return ""
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

  /// A complete HTML page; `stylesheet` is a link to the shared CSS, `navigation` links shown at the top,
  /// `pageTitle` the window title (the document's title when `nil`), `embeddedStyle` CSS put inside the page
  /// (a page that must stand alone, such as a printable protocol; then an empty `stylesheet` links none).
  public func html(
    stylesheet: String, navigation: [(String, String)] = [], footer: String = "",
    pageTitle: String? = nil, embeddedStyle: String? = nil
  ) -> String {
    let styleLink =
      stylesheet.isEmpty && embeddedStyle != nil
      ? "" : "<link rel=\"stylesheet\" href=\"\(SVGFormat.escape(stylesheet))\">\n"
    let styleBlock = embeddedStyle.map { "<style>\n\($0)</style>\n" } ?? ""
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(SVGFormat.escape(pageTitle ?? title))</title>
      \(styleLink)\(styleBlock)</head>
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
    for block in blocks { out += Self.html(block) }
    out += "</main>\n"
    if !footer.isEmpty { out += "<footer>\(SVGFormat.escape(footer))</footer>\n" }
    out += "</body>\n</html>\n"
    return out
  }

  static func html(_ block: Block) -> String {
    var out = ""
    switch block {
    case .heading(let level, let text):
      let l = min(6, max(2, level))
      out += "<h\(l)>\(SVGFormat.escape(text))</h\(l)>\n"
    case .paragraph(let inlines):
      out += "<p>\(Self.html(inlines))</p>\n"
    case .list(let items):
      out += "<ul>\n" + items.map { "<li>\(Self.html($0))</li>\n" }.joined() + "</ul>\n"
    case .table(let table):
      out += "<div class=\"scroll\"><table class=\"wikitable\">\n"
      if let caption = table.caption {
        out += "<caption>\(SVGFormat.escape(caption))</caption>\n"
      }
      out +=
        "<thead><tr>"
        + table.header.enumerated().map {
          "<th\(table.numericColumns.contains($0.offset) ? " class=\"num\"" : "")>\(SVGFormat.escape($0.element))</th>"
        }.joined()
        + "</tr></thead>\n<tbody>\n"
      for row in table.rows {
        out += "<tr>"
        for (i, cell) in row.enumerated() {
          out += table.numericColumns.contains(i) ? "<td class=\"num\">" : "<td>"
          out += Self.html(cell) + "</td>"
        }
        out += "</tr>\n"
      }
      out += "</tbody>\n</table></div>\n"
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
    case .figure(let svg, let name, let caption):
      out += "<figure class=\"\(SVGFormat.escape(name))\">" + Self.inline(svg)
      if let caption { out += "<figcaption>\(SVGFormat.escape(caption))</figcaption>" }
      out += "</figure>\n"
    case .notice(let inlines, let kind):
      out += "<p class=\"notice notice-\(kind.rawValue)\">\(Self.html(inlines))</p>\n"
    case .navigation(let label, let links):
      out +=
        "<nav class=\"modes\" aria-label=\"\(SVGFormat.escape(label))\">\(SVGFormat.escape(label)): "
        + links.map { link in
          "<a href=\"\(SVGFormat.escape(link.href))\"\(link.isCurrent ? " class=\"active\" aria-current=\"page\"" : "")>\(SVGFormat.escape(link.title))</a>"
        }.joined(separator: " ") + "</nav>\n"
    case .columns(let columns):
      out +=
        "<div class=\"columns\">"
        + columns.map { "<div>" + $0.map(Self.html).joined() + "</div>" }.joined() + "</div>\n"
    }
    return out
  }

  /// An SVG document as inline markup: the XML prolog dropped (HTML has none).
  static func inline(_ svg: String) -> String {
    guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
    return String(svg[end.upperBound...]).trimmingCharacters(in: .newlines)
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
      case .swatch(let color):
        return
          "<svg class=\"swatch\" width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"\(SVGFormat.escape(color))\"/></svg>"
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
    figure svg { max-width: 100%; height: auto; display: block; }
    figure.map a:hover path, figure.map a:focus path { stroke: #000000; stroke-width: 1.5; }
    figure.parliament svg { max-width: 32em; }
    .scroll { overflow-x: auto; }
    th.num { text-align: right; }
    .columns { display: grid; grid-template-columns: 1fr; gap: 1em; } .columns > div { min-width: 0; }
    @media (min-width: 50em) { .columns { grid-template-columns: 2fr 1fr; } .columns table.infobox { float: none; width: 100%; margin: 0; } }
    .notice { background: #eaf3ff; border: 1px solid #a2a9b1; padding: 0.5em; }
    .notice-synthetic { background: #fee7e6; border-color: #d33; }
    .notice-unknown { background: #f8f9fa; color: #54595d; font-style: italic; }
    svg.swatch { display: inline-block; vertical-align: middle; margin-right: 0.3em; border: 1px solid #a2a9b1; }
    nav.modes { margin: 0.6em 0; } nav.modes a { margin-right: 0.8em; }
    nav.modes a.active { font-weight: bold; color: #202122; }

    """
}
