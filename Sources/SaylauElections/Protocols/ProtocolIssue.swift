import SaylauCore

/// One problem found in a protocol, with where it is, how grave it is and the rule it cites.
public struct ProtocolIssue: Sendable, Hashable, Codable, CustomStringConvertible {
  /// `error` refuses the protocol; `warning` is lawful but notable and refuses nothing.
  public enum Severity: String, Sendable, Hashable, Codable {
    case error
    case warning
  }

  /// Where the record (or the error in it) is; `nil` for a protocol checked on its own (a form).
  public var location: SourceLocation?
  /// The field's name as in the CSV header (`ballots_in_box`, a party code, `c3`), or the key that is wrong.
  public var field: String?
  public var message: String
  public var severity: Severity
  /// The rule of shared/rules.md the issue applies (`A2.2`); `nil` for reading problems.
  public var rule: String?

  public init(
    location: SourceLocation? = nil, field: String?, message: String, severity: Severity = .error,
    rule: String? = nil
  ) {
    self.location = location
    self.field = field
    self.message = message
    self.severity = severity
    self.rule = rule
  }

  /// An error at a line of a file (the common case of the readers).
  public init(file: String, line: Int, field: String?, message: String) {
    self.init(location: SourceLocation(file: file, line: line), field: field, message: message)
  }

  /// The file named by the location (empty without one).
  public var file: String { location?.file ?? "" }
  /// The 1-based physical line where the record starts (0 without a location).
  public var line: Int { location?.line ?? 0 }
  public var isError: Bool { severity == .error }

  /// `FILE:LINE: field 'NAME': message` (or `FILE: protocols[i]: …` for JSON), with `warning: ` after the
  /// location for warnings.
  public var description: String {
    var s = location.map { "\($0): " } ?? ""
    if severity == .warning { s += "warning: " }
    if let field { s += "field '\(field)': " }
    // Messages quote input: nothing in them may act on a terminal.
    return Excerpt.escapingControls(s + message)
  }
}
