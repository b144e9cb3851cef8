/// Four eyes on every protocol: two clerks enter the same paper protocol independently, and it counts only
/// when the two entries agree field for field and pass ``ProtocolCheck``. A difference is a typing error
/// of one of them (or an unreadable paper): a coordinator decides it against the paper.
public enum DoubleEntry {
  /// What the two entries of one protocol come to.
  public enum Verdict: Sendable, Hashable {
    /// Equal in every field and free of errors: the protocol counts.
    case agreed
    /// The fields (CSV names: `ballots_in_box`, a party code, `c3`) where the entries differ.
    case differ([String])
    /// Equal, but the protocol fails the check (the paper itself is wrong): its errors.
    case checkFailed([ProtocolIssue])
  }

  /// The fields where `a` and `b` differ, in the order of the paper form: the constituency, the count
  /// lines, then the choices (a blank differs from 0). The precinct and the ballot are the key, not
  /// compared; the synthetic mark is the data's, not the clerk's.
  public static func differences(
    _ a: PollingStationProtocol, _ b: PollingStationProtocol, schema: ProtocolSchema
  ) -> [String] {
    var out: [String] = []
    if a.constituency != b.constituency { out.append(ProtocolField.constituency.csvName) }
    for field in ProtocolField.lines where a[field] != b[field] { out.append(field.csvName) }
    for i in 0..<max(a.votes.count, b.votes.count) {
      let x = i < a.votes.count ? a.votes[i] : nil
      let y = i < b.votes.count ? b.votes[i] : nil
      if x != y {
        let choice: Choice =
          a.ballot == .list && i < schema.parties.count
          ? .party(schema.parties[i].code) : .candidate(i + 1)
        out.append(choice.code)
      }
    }
    return out
  }

  /// The verdict on two entries of one protocol under `schema`.
  public static func verdict(
    first: PollingStationProtocol, second: PollingStationProtocol, schema: ProtocolSchema
  ) -> Verdict {
    let differing = differences(first, second, schema: schema)
    if !differing.isEmpty { return .differ(differing) }
    let errors = ProtocolCheck.check(first, schema: schema).filter(\.isError)
    return errors.isEmpty ? .agreed : .checkFailed(errors)
  }
}
