import SaylauCore

/// The complete counted result of an election at one moment: the ``ElectionSummary`` of the one
/// ``CountPipeline`` (what every face shows), the totals of every level (nation, region, constituency),
/// every counted protocol with its version, the completeness against the precinct register, and the
/// candidates and lists where known. It is what a results snapshot stores and what every export is made
/// from, so a snapshot's exports can be made again, byte for byte, years later.
///
/// Its ``canonicalJSON()`` is deterministic: keys sorted, arrays in a fixed order (levels by ballot, kind
/// and key; protocols by precinct and ballot), no dictionary whose order could vary.
public struct CountedResult: Sendable, Codable, Hashable {
  /// Where the numbers come from.
  public enum Basis: String, Sendable, Codable, Hashable {
    /// Counted here from the stored polling-station protocols.
    case protocols
    /// The published national result (no protocols are stored): no precinct or constituency totals.
    case published
  }

  /// One level's totals of one ballot.
  public struct Level: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
      case nation, region, constituency
    }

    public var ballot: BallotType
    public var kind: Kind
    /// `KZ` for the nation, the region code, the constituency number.
    public var key: String
    public var protocols: Int
    /// Protocols the precinct register expects; `nil` without a register.
    public var expected: Int?
    /// The lines of the level; `nil` where not known (a published result that does not give them).
    public var votersOnList: Int?
    public var ballotsIssued: Int?
    public var ballotsInBox: Int?
    public var invalid: Int?
    public var againstAll: Int?
    /// Votes by choice code (party code, or `c<position>` on a constituency ballot), in ballot order.
    /// Empty for the constituency ballot above a constituency: candidates differ between them.
    public var votes: [ChoiceVotes]

    public init(
      ballot: BallotType, kind: Kind, key: String, protocols: Int, expected: Int?,
      votersOnList: Int?, ballotsIssued: Int?, ballotsInBox: Int?, invalid: Int?, againstAll: Int?,
      votes: [ChoiceVotes]
    ) {
      self.ballot = ballot
      self.kind = kind
      self.key = key
      self.protocols = protocols
      self.expected = expected
      self.votersOnList = votersOnList
      self.ballotsIssued = ballotsIssued
      self.ballotsInBox = ballotsInBox
      self.invalid = invalid
      self.againstAll = againstAll
      self.votes = votes
    }
  }

  /// Which version of a precinct's protocol was counted (1 = the first; a correction makes 2, …).
  public struct CountedVersion: Sendable, Codable, Hashable {
    public var precinct: String
    public var ballot: BallotType
    public var version: Int

    public init(precinct: String, ballot: BallotType, version: Int) {
      self.precinct = precinct
      self.ballot = ballot
      self.version = version
    }
  }

  /// A region's code and name.
  public struct Region: Sendable, Codable, Hashable {
    public var code: String
    public var name: String?

    public init(code: String, name: String?) {
      self.code = code
      self.name = name
    }
  }

  public var basis: Basis
  public var election: Election
  public var summary: ElectionSummary
  /// The party lists in ballot (tie-break) order.
  public var parties: [ListVote.Party]
  /// The constituency candidates, where the definition names them (otherwise only their positions are
  /// known, from the protocols' `c<N>` columns).
  public var candidates: [RegisteredCandidate]
  /// Every counted protocol, by precinct and ballot.
  public var protocols: [PollingStationProtocol]
  /// The version of each counted protocol, in the same order.
  public var versions: [CountedVersion]
  /// Totals by ballot, kind (nation, region, constituency) and key.
  public var levels: [Level]
  /// "N of M protocols in" for each ballot, where a precinct register is stored.
  public var completeness: [Completeness]
  /// The regions of the constituencies (registry on the election day), by code.
  public var regions: [Region]
  /// The region code of each constituency that has one.
  public var constituencyRegions: [ConstituencyRegion]
  /// What was published of each constituency (its winner, where known): a published result only.
  public var publishedConstituencies: [ConstituencyOutcome]
  /// The territorial commission of each registered precinct that names one (from the precinct register).
  public var commissions: [PrecinctCommission]
  public var synthetic: Bool

  public init(
    basis: Basis, election: Election, summary: ElectionSummary, parties: [ListVote.Party],
    candidates: [RegisteredCandidate], protocols: [PollingStationProtocol],
    versions: [CountedVersion], levels: [Level], completeness: [Completeness], regions: [Region],
    constituencyRegions: [ConstituencyRegion], publishedConstituencies: [ConstituencyOutcome] = [],
    commissions: [PrecinctCommission] = [], synthetic: Bool
  ) {
    self.commissions = commissions
    self.publishedConstituencies = publishedConstituencies
    self.basis = basis
    self.election = election
    self.summary = summary
    self.parties = parties
    self.candidates = candidates
    self.protocols = protocols
    self.versions = versions
    self.levels = levels
    self.completeness = completeness
    self.regions = regions
    self.constituencyRegions = constituencyRegions
    self.synthetic = synthetic
  }

  /// The level `kind`/`key` of `ballot`, if it has protocols.
  public func level(_ ballot: BallotType, _ kind: Level.Kind, _ key: String) -> Level? {
    levels.first { $0.ballot == ballot && $0.kind == kind && $0.key == key }
  }

  /// Whether every expected protocol of the list ballot (or of every ballot with a register) is in;
  /// `nil` without a register.
  public var isComplete: Bool? {
    completeness.isEmpty ? nil : completeness.allSatisfy { $0.nation.isComplete }
  }

  /// The key of the nation's level.
  public static let nationKey = "KZ"
}

extension CountedResult {
  /// A precinct and its territorial commission.
  public struct PrecinctCommission: Sendable, Codable, Hashable {
    public var precinct: String
    public var commission: String

    public init(precinct: String, commission: String) {
      self.precinct = precinct
      self.commission = commission
    }
  }

  /// A constituency and its region's code.
  public struct ConstituencyRegion: Sendable, Codable, Hashable {
    public var constituency: Int
    public var region: String

    public init(constituency: Int, region: String) {
      self.constituency = constituency
      self.region = region
    }
  }
}

/// Why a counted result cannot be made.
public struct CountedResultError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension CountedResult {
  /// The count of an election's stored protocols by the one ``DefinitionCount`` (as `saylau tabulate`).
  ///
  /// - Parameters:
  ///   - definition: the election's definition (its published result is ignored: the protocols are
  ///     counted).
  ///   - regimes: the regime table.
  ///   - parties: the party directory (for the rows' kinds).
  ///   - protocols: the counted protocols.
  ///   - versions: the counted version of each protocol (1 where none is given).
  ///   - regionOf: the region code of each constituency.
  ///   - regionNames: region names by code.
  ///   - completeness: the completeness of each ballot (empty without a register).
  ///   - register: the precinct register (for the territorial commissions), empty without one.
  /// - Throws: ``CountedResultError`` when the protocols cannot be counted (they were checked when
  ///   stored, so this means the regime or the definition is wrong).
  public static func count(
    definition: ElectionDefinition, regimes: RegimeTable, parties: PartyDirectory?,
    protocols: [PollingStationProtocol], versions: [CountedVersion] = [],
    regionOf: [Int: String], regionNames: [String: String], completeness: [Completeness],
    register: [Precinct] = []
  ) throws(CountedResultError) -> CountedResult {
    var definition = definition
    definition.result = nil
    let sorted = protocols.sorted {
      ($0.precinct, $0.ballot.rawValue) < ($1.precinct, $1.ballot.rawValue)
    }
    let regime: Regime
    do {
      regime = try definition.resolveRegime(in: regimes)
    } catch {
      throw CountedResultError("the election's regime is not known: \(error.description)")
    }
    let schema = definition.protocolSchema(regime: regime)
    let synthetic = definition.isSynthetic || sorted.contains { $0.synthetic }
    let bytes = ProtocolFileWriter.json(sorted, schema: schema, synthetic: synthetic)
    var count = DefinitionCount(
      definition: definition, regimes: regimes, parties: parties,
      protocols: sorted.isEmpty ? [] : [.bytes(bytes, name: "stored protocols", format: .json)])
    count.regionOf = regionOf
    let result: DefinitionCount.Result
    do {
      result = try count.run()
    } catch {
      throw CountedResultError("the stored protocols cannot be counted: \(error.description)")
    }
    var levels: [Level] = []
    let expected = Dictionary(
      completeness.flatMap { c in
        [(("\(c.ballot.rawValue)/nation/\(nationKey)"), c.nation.expected)]
          + c.constituencies.map { ("\(c.ballot.rawValue)/constituency/\($0.key)", $0.expected) }
          + c.regions.map { ("\(c.ballot.rawValue)/region/\($0.key)", $0.expected) }
      }, uniquingKeysWith: { a, _ in a })
    if let tabulation = result.round1?.tabulation {
      func choices(_ ballot: BallotType, _ t: BallotTally, perChoice: Bool) -> [ChoiceVotes] {
        guard perChoice else { return [] }
        if ballot == .list {
          return tabulation.schemaParties.enumerated().map { i, p in
            ChoiceVotes(choice: p.code, votes: i < t.votes.count ? t.votes[i] : 0)
          }
        }
        return t.votes.enumerated().map {
          ChoiceVotes(choice: "c\($0.offset + 1)", votes: $0.element)
        }
      }
      func level(_ ballot: BallotType, _ kind: Level.Kind, _ key: String, _ t: BallotTally)
        -> Level
      {
        Level(
          ballot: ballot, kind: kind, key: key, protocols: t.protocols,
          expected: expected["\(ballot.rawValue)/\(kind.rawValue)/\(key)"],
          votersOnList: t.votersOnList, ballotsIssued: t.ballotsIssued,
          ballotsInBox: t.ballotsInBox,
          invalid: t.invalid, againstAll: t.againstAll,
          votes: choices(ballot, t, perChoice: ballot == .list || kind == .constituency))
      }
      for ballot in BallotType.allCases {
        if let t = tabulation.nation[ballot] { levels.append(level(ballot, .nation, nationKey, t)) }
        for (code, t) in (tabulation.regions[ballot] ?? [:]).sorted(by: { $0.key < $1.key }) {
          levels.append(level(ballot, .region, code, t))
        }
        for (n, t) in (tabulation.constituencies[ballot] ?? [:]).sorted(by: { $0.key < $1.key }) {
          levels.append(level(ballot, .constituency, String(n), t))
        }
      }
    }
    let versionOf = Dictionary(
      versions.map { ("\($0.precinct)\u{0}\($0.ballot.rawValue)", $0.version) },
      uniquingKeysWith: { a, _ in a })
    let regionCodes = Set(regionOf.values)
    return CountedResult(
      basis: .protocols, election: result.summary.election, summary: result.summary,
      parties: schema.parties,
      candidates: (definition.constituencyCandidates ?? []).sorted {
        ($0.constituency, $0.position) < ($1.constituency, $1.position)
      }, protocols: sorted,
      versions: sorted.map { p in
        CountedVersion(
          precinct: p.precinct, ballot: p.ballot,
          version: versionOf["\(p.precinct)\u{0}\(p.ballot.rawValue)"] ?? 1)
      }, levels: levels,
      completeness: completeness.sorted { $0.ballot.rawValue < $1.ballot.rawValue },
      regions: regionCodes.sorted().map { Region(code: $0, name: regionNames[$0]) },
      constituencyRegions: regionOf.sorted { $0.key < $1.key }.map {
        ConstituencyRegion(constituency: $0.key, region: $0.value)
      },
      commissions: register.compactMap { p in
        p.territorialCommission.map { PrecinctCommission(precinct: p.id, commission: $0) }
      }.sorted { $0.precinct < $1.precinct }, synthetic: synthetic || result.summary.synthetic)
  }

  /// The published national result of an election without stored protocols: the summary of
  /// ``PublishedElection/summary(whatIf:parties:)`` and the national list totals.
  /// - Throws: ``CountedResultError`` when the election has no published result.
  public static func published(
    _ published: PublishedElection, parties: PartyDirectory?, regionNames: [String: String] = [:]
  ) throws(CountedResultError) -> CountedResult {
    let summary: ElectionSummary
    do {
      summary = try published.summary(parties: parties)
    } catch {
      throw CountedResultError(error.description)
    }
    let lines = (published.result?.lines ?? []).filter { !$0.isAggregate }
    let outcomes = (published.result?.constituencies ?? []).sorted { $0.number < $1.number }
    var levels: [Level] = []
    if let vote = published.result?.listVote {
      levels.append(
        Level(
          ballot: .list, kind: .nation, key: nationKey, protocols: 0, expected: nil,
          votersOnList: published.result?.electorate,
          ballotsIssued: vote.ballotsIssued ?? published.result?.ballotsIssued,
          ballotsInBox: vote.ballotsInBox, invalid: vote.invalid ?? published.result?.invalid,
          againstAll: vote.againstAll,
          votes: vote.parties.filter { !$0.isAggregate }.map {
            ChoiceVotes(choice: $0.code, votes: $0.votes)
          }))
    }
    return CountedResult(
      basis: .published, election: published.election, summary: summary,
      parties: lines.map { ListVote.Party(code: $0.code, name: $0.name, votes: $0.votes) },
      candidates: [], protocols: [], versions: [], levels: levels, completeness: [],
      regions: Set(outcomes.compactMap(\.regionCode)).sorted().map {
        Region(code: $0, name: regionNames[$0])
      },
      constituencyRegions: outcomes.compactMap { o in
        o.regionCode.map { ConstituencyRegion(constituency: o.number, region: $0) }
      }, publishedConstituencies: outcomes, synthetic: summary.synthetic)
  }
}
