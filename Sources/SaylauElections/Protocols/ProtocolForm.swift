import SaylauCore

/// The paper form of a protocol as a web form: its fields in the order of the paper (rules.md A2), named as
/// the CSV columns, and the reading of a filled-in form into a ``PollingStationProtocol`` with the same
/// count rules as the file readers (``ParsedCount``: digits only; blank stays blank).
public enum ProtocolForm {
  /// The count lines in the order of the paper form: the voters, the ballots received and issued (at
  /// home too), unused, spoiled and lost, found in the boxes (portable ones too), of an unofficial form,
  /// invalid, against all; then the round; the choices follow.
  public static let lines: [ProtocolField] = [
    .votersOnList, .absenteeVoters, .ballotsReceived, .ballotsIssued, .ballotsIssuedAtHome, .unused,
    .spoiled, .lost, .ballotsInBox, .ballotsInPortableBoxes, .unofficialForm, .invalid, .againstAll,
    .round,
  ]

  /// A label for a line, in the words of the paper.
  public static func label(_ field: ProtocolField) -> String {
    switch field {
    case .precinct: return "Precinct (polling station)"
    case .constituency: return "Constituency"
    case .ballot: return "Ballot"
    case .votersOnList: return "Voters on the list"
    case .ballotsReceived: return "Ballots received by the commission"
    case .ballotsIssued: return "Ballots issued to voters"
    case .ballotsInBox: return "Ballots found in the boxes"
    case .invalid: return "Invalid ballots"
    case .unused: return "Unused and cancelled ballots"
    case .againstAll: return "Against all"
    case .absenteeVoters: return "Voters with absentee certificates"
    case .ballotsIssuedAtHome: return "Ballots issued at home"
    case .ballotsInPortableBoxes: return "Ballots found in the portable boxes"
    case .unofficialForm: return "Ballots of an unofficial form"
    case .spoiled: return "Spoiled ballots"
    case .lost: return "Lost ballots"
    case .round: return "Round (blank: the first)"
    case .synthetic: return "Synthetic data"
    case .votes(.party(let code)): return code
    case .votes(.candidate(let position)): return "Candidate No. \(position)"
    }
  }

  /// Reads a filled-in form: `values` by field name (CSV names), `ballot` chosen by the form,
  /// `candidatePositions` the number of candidate fields a constituency form has. Texts are trimmed; a
  /// number that is not a count is a reading issue and its field is unreadable for the check.
  public static func read(
    _ values: [String: String], ballot: BallotType, schema: ProtocolSchema,
    candidatePositions: Int
  ) -> ReadProtocol {
    var issues: [ProtocolIssue] = []
    var unreadable: Set<ProtocolField> = []
    func count(_ field: ProtocolField) -> Int? {
      let text = (values[field.csvName] ?? "").trimmingSpaces
      switch ParsedCount.parse(text) {
      case .blank: return nil
      case .value(let v): return v
      case .invalid(let problem):
        unreadable.insert(field)
        issues.append(ProtocolIssue(field: field.csvName, message: problem.description))
        return nil
      }
    }
    var p = PollingStationProtocol(
      precinct: (values[ProtocolField.precinct.csvName] ?? "").trimmingSpaces, constituency: nil,
      ballot: ballot)
    p.constituency = count(.constituency)
    for field in lines { p[field] = count(field) }
    if ballot == .list {
      p.votes = schema.parties.map { count(.votes(.party($0.code))) }
    } else {
      let registered = p.constituency.flatMap { schema.registeredCandidates(in: $0) }
      let n = registered ?? candidatePositions
      p.votes = (0..<max(0, n)).map { count(.votes(.candidate($0 + 1))) }
      // Trailing blank positions of an unregistered list are not candidates.
      if registered == nil { while let last = p.votes.last, last == nil { p.votes.removeLast() } }
    }
    return ReadProtocol(
      protocolValue: p, location: SourceLocation(file: "form", line: 0), readIssues: issues,
      unreadable: unreadable, misplaced: [])
  }
}
