import SaylauCore

/// One record as a reader gives it: the protocol (unless the record could not be split into fields), where it
/// is, what could not be read, and which counts stood in the other ballot's columns. Readers know syntax only;
/// ``ProtocolCheck`` applies the rules.
public struct ReadProtocol: Sendable, Hashable {
  /// `nil` when the record is malformed (bad quoting, wrong number of fields, not a JSON object, …).
  public var protocolValue: PollingStationProtocol?
  public var location: SourceLocation
  /// Reading problems: malformed record, not a number, negative, overflow, unknown key (all errors).
  public var readIssues: [ProtocolIssue]
  /// Fields that had something unreadable in them (so the check does not also call them blank).
  public var unreadable: Set<ProtocolField>
  /// Counts given for choices of the other ballot type.
  public var misplaced: [ProtocolField]

  /// The record's issues: the reading problems, then the check's (with the record's location).
  public func issues(schema: ProtocolSchema) -> [ProtocolIssue] {
    guard let p = protocolValue else { return readIssues }
    var out = readIssues
    for var issue in ProtocolCheck.check(
      p, schema: schema, unreadable: unreadable, misplaced: misplaced)
    {
      issue.location = location
      out.append(issue)
    }
    return out
  }
}

/// The working form of a record inside the import: the same content as ``ReadProtocol``, kept in reusable
/// storage (one per thread, refilled record after record) so that a million rows cost no allocation each.
struct ReadRecord {
  enum Status {
    /// A protocol was read (it may still have issues).
    case protocolRead
    /// The record could not be split into a protocol; its issues say why.
    case malformed
  }

  var status = Status.malformed
  /// The 1-based physical line where the record starts.
  var line = 0
  /// JSON: the position in the `protocols` array; −1 for CSV.
  var index = -1
  /// File offsets of the record's bytes (without the line terminator).
  var start = 0
  var end = 0
  var p = PollingStationProtocol(precinct: "", constituency: nil, ballot: .list)
  var issues: [ProtocolIssue] = []
  var unreadable: Set<ProtocolField> = []
  var misplaced: [ProtocolField] = []
  var hasErrors = false
  /// How many of ``issues`` are reading problems (they come first; the check's follow).
  var readIssueCount = 0
  /// Warnings the check counted without building them (the import already keeps as many as it shows).
  var unkeptWarnings = 0
  /// The precinct id as a number when it is digits only without a leading zero (the index's fast key), or −1.
  var precinctNumber = -1
  /// The record takes part in the cross-record checks (its precinct and ballot are readable).
  var indexable = false
  /// The record's end lies beyond the reader's window (an over-long CSV record being skipped).
  var continuesPastWindow = false

  mutating func reset() {
    status = .malformed
    index = -1
    if !issues.isEmpty { issues.removeAll(keepingCapacity: true) }
    if !unreadable.isEmpty { unreadable.removeAll() }
    if !misplaced.isEmpty { misplaced.removeAll(keepingCapacity: true) }
    unkeptWarnings = 0
    hasErrors = false
    readIssueCount = 0
    precinctNumber = -1
    indexable = false
    continuesPastWindow = false
    p.constituency = nil
    p.ballot = .list
    p.votersOnList = nil
    p.ballotsReceived = nil
    p.ballotsIssued = nil
    p.ballotsInBox = nil
    p.invalid = nil
    p.unused = nil
    p.againstAll = nil
    p.absenteeVoters = nil
    p.ballotsIssuedAtHome = nil
    p.ballotsInPortableBoxes = nil
    p.unofficialForm = nil
    p.spoiled = nil
    p.lost = nil
    p.round = nil
    p.votes.removeAll(keepingCapacity: true)
    p.synthetic = false
  }

  func location(file: String) -> SourceLocation {
    SourceLocation(
      file: file, line: line, path: index >= 0 ? "protocols[\(index)]" : nil,
      byteRange: start..<max(start, end))
  }

  /// A reading problem of this record.
  mutating func readIssue(_ field: String?, _ message: String, file: String) {
    issues.append(ProtocolIssue(location: location(file: file), field: field, message: message))
    hasErrors = true
  }

  /// Runs the check and keeps its issues with this record's location.
  mutating func check(schema: ProtocolSchema, file: String, keepWarnings: Bool = true) {
    readIssueCount = issues.count
    guard status == .protocolRead else { return }
    var warnings = 0
    let found = ProtocolCheck.check(
      p, schema: schema, unreadable: unreadable, misplaced: misplaced, keepWarnings: keepWarnings,
      warnings: &warnings)
    if !keepWarnings { unkeptWarnings = warnings }
    if found.isEmpty { return }
    let here = location(file: file)
    for var issue in found {
      issue.location = here
      if issue.isError { hasErrors = true }
      issues.append(issue)
    }
  }

  /// Decides whether the precinct can be a key of the cross-record checks, and its numeric form.
  mutating func classifyPrecinct() {
    let id = p.precinct
    var n = 0
    var numeric = true
    var length = 0
    var first: UInt8 = 0
    for b in id.utf8 {
      if length == 0 { first = b }
      length += 1
      if length > 18 || b < 48 || b > 57 {
        numeric = false
        if length > ProtocolSchema.maximumPrecinctLength { break }
        continue
      }
      n = n &* 10 &+ Int(b - 48)
    }
    indexable =
      length > 0 && length <= ProtocolSchema.maximumPrecinctLength && !unreadable.contains(.ballot)
      && !unreadable.contains(.precinct)
    precinctNumber = numeric && length > 0 && (first != 48 || length == 1) ? n : -1
  }

  /// The public form (reading problems only; call ``ReadProtocol/issues(schema:)`` for the check's).
  func readProtocol(file: String) -> ReadProtocol {
    ReadProtocol(
      protocolValue: status == .protocolRead ? p : nil, location: location(file: file),
      readIssues: Array(issues.prefix(readIssueCount)),
      unreadable: unreadable, misplaced: misplaced)
  }
}
