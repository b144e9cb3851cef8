import SaylauCore

/// Reads a constituency candidate list: CSV with the columns `constituency,position,name,nomination` and the
/// optional columns `nomination_kind` (`party`, `public_association`, `self`), `status` (`registered`,
/// `withdrawn`, `struck_off`) and `synthetic` (see <doc:ProtocolFormat>).
public enum CandidateList {
  /// The parsed candidates and whether the list says it is synthetic.
  public struct Parsed: Sendable {
    public var candidates: [RegisteredCandidate]
    public var synthetic: Bool
    /// The line of each candidate, in the order of ``candidates``.
    public var lines: [Int] = []
  }

  /// Thrown with every problem found (the first ``maximumIssues``); nothing is returned when there is any.
  public struct Invalid: Error, CustomStringConvertible {
    public var issues: [ProtocolIssue]
    /// How many problems there were in all.
    public var count: Int
    public var description: String { issues.map(\.description).joined(separator: "\n") }
  }

  /// The longest record of a candidate list, in bytes.
  public static let maximumRecordBytes = 1 << 16
  /// The most problems a refusal lists (the rest are counted).
  public static let maximumIssues = 1000

  /// Parses a candidate list.
  /// - Parameters:
  ///   - bytes: the CSV, UTF-8.
  ///   - file: the file's name in issues.
  /// - Throws: ``Invalid`` with every problem (file, line, field): a missing column, a record longer than
  ///   ``maximumRecordBytes``, text that is not UTF-8, a header without rows, a bad or repeated position.
  public static func parse(_ bytes: [UInt8], file: String) throws(Invalid) -> Parsed {
    var issues: [ProtocolIssue] = []
    var count = 0
    func add(_ issue: ProtocolIssue) {
      count += 1
      if issues.count < maximumIssues { issues.append(issue) }
    }
    var out: [RegisteredCandidate] = []
    var lines: [Int] = []
    var synthetic = false
    var seen: Set<[Int]> = []
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, buffer.count > 0 else {
        add(
          ProtocolIssue(file: file, line: 1, field: nil, message: "empty file: no header line"))
        return
      }
      var scanner = CSVScanner(
        base: base, count: buffer.count,
        position: CSVScanner.byteOrderMarkLength(base, count: buffer.count),
        maximumRecordBytes: maximumRecordBytes, maximumFields: 64)
      var fields: [CSVScanner.Field] = []
      var head = scanner.next(into: &fields)
      while let h = head, h.isBlank { head = scanner.next(into: &fields) }
      guard let head else {
        add(ProtocolIssue(file: file, line: 1, field: nil, message: "empty file: no header line"))
        return
      }
      if let m = head.malformation {
        add(ProtocolIssue(file: file, line: head.line, field: nil, message: "header: \(m)"))
        return
      }
      if head.fieldCount > 64 {
        add(
          ProtocolIssue(
            file: file, line: head.line, field: nil,
            message: "header: \(head.fieldCount) columns, more than a candidate list has (64)"))
        return
      }
      let names = fields.map { scanner.string($0).trimmingSpaces }
      var index: [String: Int] = [:]
      for (i, n) in names.enumerated() {
        if index[n] != nil {
          add(
            ProtocolIssue(
              file: file, line: head.line, field: Excerpt.excerpt(n),
              message: "column appears twice in the header"))
        }
        index[n] = i
      }
      for required in ["constituency", "position", "name", "nomination"]
      where index[required] == nil {
        add(
          ProtocolIssue(file: file, line: 1, field: required, message: "required column is missing")
        )
      }
      guard issues.isEmpty else { return }
      var rows = 0
      defer {
        if rows == 0 && issues.isEmpty {
          add(
            ProtocolIssue(
              file: file, line: head.line + 1, field: nil,
              message: "no candidate after the header: the file has only its header"))
        }
      }
      while let rec = scanner.next(into: &fields) {
        if rec.isBlank { continue }
        rows += 1
        if let e = rec.malformation {
          add(
            ProtocolIssue(file: file, line: rec.line, field: nil, message: e.description))
          continue
        }
        guard rec.fieldCount == names.count else {
          add(
            ProtocolIssue(
              file: file, line: rec.line, field: nil,
              message: "expected \(names.count) fields as in the header, found \(rec.fieldCount)"))
          continue
        }
        var text = true
        for (k, f) in fields.enumerated() {
          if let bad = InvalidUTF8.find(in: scanner.bytes(f)) {
            add(
              ProtocolIssue(
                file: file, line: rec.line, field: Excerpt.excerpt(names[k]),
                message: "'\(Excerpt.excerpt(bytes: scanner.bytes(f), limit: 40))' is \(bad)"))
            text = false
          }
        }
        guard text else { continue }
        func number(_ name: String) -> Int? {
          switch scanner.count(fields[index[name]!]) {
          case .value(let v) where v >= 1: return v
          case .value:
            add(
              ProtocolIssue(file: file, line: rec.line, field: name, message: "must be 1 or more"))
          case .blank:
            add(ProtocolIssue(file: file, line: rec.line, field: name, message: "blank"))
          case .invalid(let problem):
            add(
              ProtocolIssue(file: file, line: rec.line, field: name, message: problem.description))
          }
          return nil
        }
        let c = number("constituency")
        let p = number("position")
        let name = scanner.string(fields[index["name"]!])
        let nomination = scanner.string(fields[index["nomination"]!])
        if nomination.isEmpty {
          add(
            ProtocolIssue(
              file: file, line: rec.line, field: "nomination", message: "blank nomination"))
        }
        if let k = index["synthetic"], scanner.string(fields[k]) == "yes" { synthetic = true }
        var kind: NominationKind? = nil
        if let k = index["nomination_kind"] {
          let text = scanner.string(fields[k])
          if !text.isEmpty {
            kind = NominationKind(rawValue: text)
            if kind == nil {
              issues.append(
                ProtocolIssue(
                  file: file, line: rec.line, field: "nomination_kind",
                  message: "'\(text)' is not party, public_association or self"))
            }
          }
        }
        var status = CandidateStatus.registered
        if let k = index["status"] {
          let text = scanner.string(fields[k])
          if !text.isEmpty {
            if let st = CandidateStatus(rawValue: text) {
              status = st
            } else {
              issues.append(
                ProtocolIssue(
                  file: file, line: rec.line, field: "status",
                  message: "'\(text)' is not registered, withdrawn or struck_off"))
            }
          }
        }
        if let c, let p {
          if !seen.insert([c, p]).inserted {
            add(
              ProtocolIssue(
                file: file, line: rec.line, field: "position",
                message: "duplicate candidate: constituency \(c) position \(p) is listed twice"))
          } else if !nomination.isEmpty {
            out.append(
              RegisteredCandidate(
                constituency: c, position: p, name: name, nomination: nomination,
                nominationKind: kind, status: status))
            lines.append(rec.line)
          }
        }
      }
    }
    // Positions must run 1…n in each constituency, so the protocol columns c1…cn are all candidates.
    for (c, list) in Dictionary(grouping: out, by: \.constituency) {
      let positions = list.map(\.position).sorted()
      if positions != Array(1...positions.count) {
        add(
          ProtocolIssue(
            file: file, line: 1, field: "position",
            message:
              "constituency \(c): positions must run 1…\(positions.count) without gaps, found [\(Excerpt.excerpt(positions.map(String.init).joined(separator: ", "), limit: 80))]"
          ))
      }
    }
    if !issues.isEmpty { throw Invalid(issues: issues, count: count) }
    return Parsed(candidates: out, synthetic: synthetic, lines: lines)
  }
}
