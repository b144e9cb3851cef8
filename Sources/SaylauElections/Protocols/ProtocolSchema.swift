/// The two Mäjilis ballots of a polling station (rules.md A1.5). Each is tabulated on its own.
public enum BallotType: String, Sendable, Codable, CaseIterable {
  /// The party-list ballot (blue in 2023).
  case list
  /// The single-member constituency ballot (green in 2023).
  case constituency
}

/// A candidate registered in a single-member constituency, identified by ballot position.
public struct RegisteredCandidate: Sendable, Hashable, Codable {
  public var constituency: Int
  /// 1-based position on the constituency ballot; the protocol column `c<position>` holds its votes.
  public var position: Int
  public var name: String
  /// Party code for party nominees; `self` for self-nominated; otherwise the nominating public association.
  public var nomination: String

  public init(constituency: Int, position: Int, name: String, nomination: String) {
    self.constituency = constituency
    self.position = position
    self.name = name
    self.nomination = nomination
  }

  /// Whether the candidate was nominated by one of `partyCodes` (otherwise an independent).
  public func isPartyNominee(of partyCodes: Set<String>) -> Bool { partyCodes.contains(nomination) }
}

/// What a protocol file may contain: the registered party lists (in registration order), the number of
/// constituencies, and optionally the registered constituency candidates.
public struct ProtocolSchema: Sendable {
  public var parties: [ListVote.Party]
  public var constituencyCount: Int
  /// Candidates per constituency number, sorted by position. `nil` = no candidate list given: then any
  /// `c<N>` column with a count is accepted as the candidate at position N, with unknown nomination.
  public var candidates: [Int: [RegisteredCandidate]]?
  /// Whether the data are synthetic (generated); carried into every result.
  public var synthetic: Bool

  public init(
    parties: [ListVote.Party], constituencyCount: Int, candidates: [RegisteredCandidate]? = nil,
    synthetic: Bool = false
  ) {
    self.parties = parties
    self.constituencyCount = constituencyCount
    self.candidates = candidates.map { list in
      Dictionary(grouping: list, by: \.constituency).mapValues {
        $0.sorted { $0.position < $1.position }
      }
    }
    self.synthetic = synthetic
  }

  /// The fixed columns of a protocol CSV, in order. Vote columns follow: party codes, then `c1`, `c2`, ….
  public static let fixedColumns = [
    "precinct", "constituency", "ballot", "voters_on_list", "ballots_received", "ballots_issued",
    "ballots_in_box", "invalid", "unused", "against_all",
  ]
  /// The largest candidate position a protocol column (`c<N>`) may name.
  public static let maximumCandidates = 1000

  /// Columns that may be blank (the protocol lines rules.md A2 could not confirm): blank stays blank.
  public static let optionalColumns: Set<String> = ["ballots_received", "unused", "against_all"]
}

/// One problem found in a protocol file, with where it is.
public struct ProtocolIssue: Sendable, Hashable, Codable, CustomStringConvertible {
  public var file: String
  /// 1-based physical line where the record starts (for JSON input: 1-based index of the protocol).
  public var line: Int
  public var field: String?
  public var message: String
  /// How the location reads for this file type (`line 12` for CSV, `protocols[11]` for JSON).
  public var locationStyle: LocationStyle = .line

  public enum LocationStyle: String, Sendable, Hashable, Codable { case line, jsonIndex }

  public var description: String {
    let loc = locationStyle == .line ? "\(file):\(line)" : "\(file): protocols[\(line - 1)]"
    if let field { return "\(loc): field '\(field)': \(message)" }
    return "\(loc): \(message)"
  }
}
