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

/// What a protocol may contain: the registered party lists (in registration order), the number of
/// constituencies, and optionally the registered constituency candidates. The readers use it as their
/// vocabulary (which columns and keys name choices); ``ProtocolCheck`` holds the rules.
public struct ProtocolSchema: Sendable, Hashable {
  public var parties: [ListVote.Party] {
    didSet { partyIndexes = Self.indexes(parties) }
  }
  /// 0 when the election has no constituencies (one nationwide list district).
  public var constituencyCount: Int
  /// Candidates per constituency number, sorted by position. `nil` = no candidate list given: then any
  /// `c<N>` column with a count is accepted as the candidate at position N, with unknown nomination.
  public var candidates: [Int: [RegisteredCandidate]]?
  /// Whether the data are synthetic (generated); carried into every result.
  public var synthetic: Bool
  private var partyIndexes: [String: Int]

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
    self.partyIndexes = Self.indexes(parties)
  }

  private static func indexes(_ parties: [ListVote.Party]) -> [String: Int] {
    Dictionary(parties.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
  }

  /// The position of a party in ``parties`` (and in a list protocol's votes).
  @inline(__always)
  public func partyIndex(_ code: String) -> Int? { partyIndexes[code] }

  /// How many candidates are registered in constituency `number`; `nil` when no candidate list is given.
  @inline(__always)
  public func registeredCandidates(in number: Int) -> Int? {
    candidates.map { $0[number]?.count ?? 0 }
  }

  /// The fixed columns of a protocol CSV, in order. Vote columns follow: party codes, then `c1`, `c2`, ….
  public static let fixedColumns = ProtocolField.fixed.map(\.csvName)
  /// The largest candidate position a protocol column (`c<N>`) may name.
  public static let maximumCandidates = 1000
  /// The longest precinct id accepted (the store keys protocols by it).
  public static let maximumPrecinctLength = 64

  /// Columns that may be blank (the protocol lines rules.md A2 could not confirm, and "against all"): blank
  /// stays blank. The same as ``ProtocolField/isRequiredLine`` being false.
  public static let optionalColumns: Set<String> = Set(
    ProtocolField.lines.filter { !$0.isRequiredLine }.map(\.csvName))
}
