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

  /// Thrown with every problem found; nothing is returned when there is any.
  public struct Invalid: Error, CustomStringConvertible {
    public var issues: [ProtocolIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
  }

  public static func parse(_ bytes: [UInt8], file: String) throws(Invalid) -> Parsed {
    var issues: [ProtocolIssue] = []
    var out: [RegisteredCandidate] = []
    var lines: [Int] = []
    var synthetic = false
    var seen: Set<[Int]> = []
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, buffer.count > 0 else {
        issues.append(
          ProtocolIssue(file: file, line: 1, field: nil, message: "empty file: no header line"))
        return
      }
      var scanner = CSVScanner(
        base: base, count: buffer.count,
        position: CSVScanner.byteOrderMarkLength(base, count: buffer.count))
      var fields: [CSVScanner.Field] = []
      _ = scanner.next(into: &fields)
      let names = fields.map { scanner.string($0).trimmingSpaces }
      var index: [String: Int] = [:]
      for (i, n) in names.enumerated() { index[n] = i }
      for required in ["constituency", "position", "name", "nomination"]
      where index[required] == nil {
        issues.append(
          ProtocolIssue(file: file, line: 1, field: required, message: "required column is missing")
        )
      }
      guard issues.isEmpty else { return }
      while let rec = scanner.next(into: &fields) {
        if rec.isBlank { continue }
        if let e = rec.malformation {
          issues.append(
            ProtocolIssue(file: file, line: rec.line, field: nil, message: e.description))
          continue
        }
        guard fields.count == names.count else {
          issues.append(
            ProtocolIssue(
              file: file, line: rec.line, field: nil,
              message: "expected \(names.count) fields as in the header, found \(fields.count)"))
          continue
        }
        func number(_ name: String) -> Int? {
          switch scanner.count(fields[index[name]!]) {
          case .value(let v) where v >= 1: return v
          case .value:
            issues.append(
              ProtocolIssue(file: file, line: rec.line, field: name, message: "must be 1 or more"))
          case .blank:
            issues.append(ProtocolIssue(file: file, line: rec.line, field: name, message: "blank"))
          case .invalid(let problem):
            issues.append(
              ProtocolIssue(file: file, line: rec.line, field: name, message: problem.description))
          }
          return nil
        }
        let c = number("constituency")
        let p = number("position")
        let name = scanner.string(fields[index["name"]!])
        let nomination = scanner.string(fields[index["nomination"]!])
        if nomination.isEmpty {
          issues.append(
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
            issues.append(
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
        issues.append(
          ProtocolIssue(
            file: file, line: 1, field: "position",
            message:
              "constituency \(c): positions must run 1…\(positions.count) without gaps, found \(positions)"
          ))
      }
    }
    if !issues.isEmpty { throw Invalid(issues: issues) }
    return Parsed(candidates: out, synthetic: synthetic, lines: lines)
  }
}
