/// A web form of the server's pages (sign-in, protocol entry, the coordinator's decisions): plain HTML that
/// works without JavaScript, every label, value and message escaped.
public struct Form: Sendable {
  /// A message next to a field or above the form.
  public struct Note: Sendable, Hashable {
    public var message: String
    public var isError: Bool

    public init(_ message: String, isError: Bool) {
      self.message = message
      self.isError = isError
    }
  }

  public enum InputKind: String, Sendable {
    case text
    case password
    /// A count: text with a numeric keyboard (the server, not the browser, says what is wrong).
    case count
  }

  public indirect enum Field: Sendable {
    case hidden(name: String, value: String)
    case input(
      name: String, label: String, value: String, kind: InputKind, required: Bool, notes: [Note])
    /// One of several values, as radio buttons.
    case choice(name: String, label: String, options: [Option], selected: String?)
    case checkbox(name: String, label: String, checked: Bool)
    case textarea(name: String, label: String, value: String, required: Bool)
    case group(legend: String, fields: [Field])
  }

  public struct Option: Sendable, Hashable {
    public var value: String
    public var label: String

    public init(value: String, label: String) {
      self.value = value
      self.label = label
    }
  }

  public var action: String
  public var fields: [Field]
  public var submit: String
  public var notes: [Note]
  /// The form's id (for a script that enhances it).
  public var id: String?

  public init(
    action: String, fields: [Field], submit: String, notes: [Note] = [], id: String? = nil
  ) {
    self.action = action
    self.fields = fields
    self.submit = submit
    self.notes = notes
    self.id = id
  }

  /// The form as HTML (method POST).
  public var html: String {
    var out = "<form method=\"post\" action=\"\(SVGFormat.escape(action))\""
    if let id { out += " id=\"\(SVGFormat.escape(id))\"" }
    out += " class=\"form\">\n"
    if !notes.isEmpty { out += Self.notes(notes, id: nil) }
    for field in fields { out += Self.html(field) }
    out += "<p><button type=\"submit\">\(SVGFormat.escape(submit))</button></p>\n</form>\n"
    return out
  }

  static func notes(_ notes: [Note], id: String?) -> String {
    guard !notes.isEmpty else { return "" }
    let idAttribute = id.map { " id=\"\(SVGFormat.escape($0))\"" } ?? ""
    return "<ul class=\"notes\"\(idAttribute)>"
      + notes.map {
        "<li class=\"\($0.isError ? "note-error" : "note-warning")\">\($0.isError ? "Error" : "Warning"): \(SVGFormat.escape($0.message))</li>"
      }.joined() + "</ul>\n"
  }

  static func fieldID(_ name: String) -> String {
    "f-" + String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
  }

  static func html(_ field: Field) -> String {
    switch field {
    case .hidden(let name, let value):
      return
        "<input type=\"hidden\" name=\"\(SVGFormat.escape(name))\" value=\"\(SVGFormat.escape(value))\">\n"
    case .input(let name, let label, let value, let kind, let required, let notes):
      let id = fieldID(name)
      var attributes = ""
      switch kind {
      case .text: attributes = " type=\"text\""
      case .password: attributes = " type=\"password\" autocomplete=\"current-password\""
      case .count: attributes = " type=\"text\" inputmode=\"numeric\" autocomplete=\"off\""
      }
      if required { attributes += " required" }
      if notes.contains(where: \.isError) { attributes += " aria-invalid=\"true\"" }
      if !notes.isEmpty { attributes += " aria-describedby=\"\(id)-notes\"" }
      return
        "<p class=\"field\"><label for=\"\(id)\">\(SVGFormat.escape(label))</label> <input id=\"\(id)\" name=\"\(SVGFormat.escape(name))\" value=\"\(SVGFormat.escape(value))\"\(attributes)></p>\n"
        + Self.notes(notes, id: "\(id)-notes")
    case .choice(let name, let label, let options, let selected):
      return "<fieldset class=\"choice\"><legend>\(SVGFormat.escape(label))</legend>"
        + options.map { option in
          let id = fieldID("\(name)-\(option.value)")
          return
            "<label for=\"\(id)\"><input type=\"radio\" id=\"\(id)\" name=\"\(SVGFormat.escape(name))\" value=\"\(SVGFormat.escape(option.value))\"\(option.value == selected ? " checked" : "")> \(SVGFormat.escape(option.label))</label>"
        }.joined(separator: " ") + "</fieldset>\n"
    case .checkbox(let name, let label, let checked):
      let id = fieldID(name)
      return
        "<p class=\"field\"><label for=\"\(id)\"><input type=\"checkbox\" id=\"\(id)\" name=\"\(SVGFormat.escape(name))\" value=\"true\"\(checked ? " checked" : "")> \(SVGFormat.escape(label))</label></p>\n"
    case .textarea(let name, let label, let value, let required):
      let id = fieldID(name)
      return
        "<p class=\"field\"><label for=\"\(id)\">\(SVGFormat.escape(label))</label><br><textarea id=\"\(id)\" name=\"\(SVGFormat.escape(name))\" rows=\"3\" cols=\"60\"\(required ? " required" : "")>\(SVGFormat.escape(value))</textarea></p>\n"
    case .group(let legend, let fields):
      return "<fieldset><legend>\(SVGFormat.escape(legend))</legend>\n"
        + fields.map(html).joined() + "</fieldset>\n"
    }
  }

  /// The rules the forms add to ``Document/stylesheet`` (served together with it).
  public static let stylesheet = """
    form.form { max-width: 40em; }
    form.form fieldset { border: 1px solid #c8ccd1; margin: 1em 0; padding: 0.5em 1em; }
    form.form p.field { display: flex; justify-content: space-between; gap: 1em; margin: 0.3em 0; }
    form.form p.field input[type=text], form.form p.field input[type=password] { width: 10em; }
    form.form input[inputmode=numeric] { text-align: right; font-variant-numeric: tabular-nums; }
    form.form [aria-invalid=true] { border: 2px solid #d33; }
    ul.notes { list-style: none; padding-left: 0; margin: 0.2em 0 0.6em; font-size: 0.9em; }
    ul.notes li.note-error { color: #b32424; } ul.notes li.note-warning { color: #ac6600; }
    td.differs { background: #fee7e6; font-weight: bold; }
    p.progress progress { width: 20em; vertical-align: middle; }

    """
}
