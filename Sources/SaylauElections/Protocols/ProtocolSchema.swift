/// The two Mäjilis ballots of a polling station (rules.md A1.5). Each is tabulated on its own.
public enum BallotType: String, Sendable, Codable, CaseIterable {
  /// The party-list ballot (blue in 2023).
  case list
  /// The single-member constituency ballot (green in 2023).
  case constituency
}

/// Who nominated a constituency candidate (rules.md A5.5).
public enum NominationKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// A political party (``RegisteredCandidate/nomination`` is its code).
  case party
  /// A public association (``RegisteredCandidate/nomination`` is its name).
  case publicAssociation = "public_association"
  /// Self-nominated.
  case selfNominated = "self"
}

/// Where a registered candidate stands on polling day.
public enum CandidateStatus: String, Sendable, Hashable, Codable, CaseIterable {
  /// On the ballot and standing.
  case registered
  /// Withdrew after registration (their name may still be printed on the ballot).
  case withdrawn
  /// Registration cancelled by the commission or a court.
  case struckOff = "struck_off"

  /// Whether the candidate can be elected.
  public var isStanding: Bool { self == .registered }
}

/// A candidate registered in a single-member constituency, identified by ballot position.
public struct RegisteredCandidate: Sendable, Hashable, Codable {
  public var constituency: Int
  /// 1-based position on the constituency ballot; the protocol column `c<position>` holds its votes.
  public var position: Int
  public var name: String
  /// Party code for party nominees; `self` for self-nominated; otherwise the nominating public association.
  public var nomination: String
  /// Who nominated the candidate; `nil` when the list does not say (then only `self` is recognised).
  public var nominationKind: NominationKind?
  public var status: CandidateStatus

  public init(
    constituency: Int, position: Int, name: String, nomination: String,
    nominationKind: NominationKind? = nil, status: CandidateStatus = .registered
  ) {
    self.constituency = constituency
    self.position = position
    self.name = name
    self.nomination = nomination
    self.nominationKind =
      nominationKind ?? (["self", "self-nominated"].contains(nomination) ? .selfNominated : nil)
    self.status = status
  }

  /// Whether the candidate was nominated by one of `partyCodes` (otherwise an independent).
  public func isPartyNominee(of partyCodes: Set<String>) -> Bool {
    (nominationKind == nil || nominationKind == .party) && partyCodes.contains(nomination)
  }
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
  /// Whether each ballot carries an "against all" line: `true` makes a blank line an error, `false` makes a
  /// count other than 0 an error; a ballot not in the map is not known (both are accepted).
  public var againstAllOnBallot: [BallotType: Bool] = [:]
  /// The round the protocols of an import belong to (1, or 2 for runoffs); a protocol of another round is
  /// refused.
  public var round: Int = 1
  /// Round 2: the runoff contenders (ballot positions) of each constituency with a runoff; a round-2
  /// protocol for another constituency, or with votes for anyone else, is refused.
  public var runoffs: [Int: Set<Int>]? = nil
  /// A higher commission's protocol may add up several constituencies (a region, the nation): its
  /// constituency line may then be blank. Precinct protocols always name their constituency.
  public var constituencyOptional = false
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
