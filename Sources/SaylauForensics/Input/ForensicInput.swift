import SaylauElections

/// An earlier version of a protocol: what a precinct's protocol said before a correction replaced it.
public struct ProtocolVersion: Sendable, Hashable, Codable {
  /// The version's number among the precinct's protocols of this ballot: 1 is the first one imported.
  public var version: Int
  public var value: PollingStationProtocol

  public init(version: Int, value: PollingStationProtocol) {
    self.version = version
    self.value = value
  }
}

/// What the forensic analysis reads: the protocols as they stand, their earlier versions, and where each
/// precinct lies (constituency from its protocol, region from the constituency, district from a precinct
/// register where one is given).
///
/// The order of the protocols does not matter: the analysis sorts them (by precinct, then ballot) before
/// anything else, so two faces reading the same protocols in a different order give the same report.
public struct ForensicInput: Sendable {
  /// The election's parties (in registration order) and constituencies.
  public var schema: ProtocolSchema
  /// The current protocol of every precinct and ballot (at most one each).
  public var protocols: [PollingStationProtocol]
  /// Earlier versions of protocols that corrections replaced.
  public var earlierVersions: [ProtocolVersion]
  /// The region (a code) of each constituency number; regions are left out where it is empty.
  public var regionOfConstituency: [Int: String]
  /// The district (a code of the precinct register) of each precinct; districts are left out where it is
  /// empty, and precincts it does not name have no district.
  public var districtOfPrecinct: [String: String]

  public init(
    schema: ProtocolSchema, protocols: [PollingStationProtocol],
    earlierVersions: [ProtocolVersion] = [], regionOfConstituency: [Int: String] = [:],
    districtOfPrecinct: [String: String] = [:]
  ) {
    self.schema = schema
    self.protocols = protocols
    self.earlierVersions = earlierVersions
    self.regionOfConstituency = regionOfConstituency
    self.districtOfPrecinct = districtOfPrecinct
  }

  /// Whether the data are synthetic: the schema says so or any protocol does. Every output says so too.
  public var synthetic: Bool {
    schema.synthetic || protocols.contains { $0.synthetic }
      || earlierVersions.contains { $0.value.synthetic }
  }
}

/// Protocols in the order they were imported, with corrections: a later protocol of the same precinct and
/// ballot replaces the earlier one, which is kept as a ``ProtocolVersion``. This is what the store does
/// with an import that replaces, and what `saylau forensics --corrections` does with its files.
public struct ProtocolHistory: Sendable {
  struct Key: Hashable {
    var precinct: String
    var ballot: BallotType
  }

  private var current: [Key: PollingStationProtocol] = [:]
  private var order: [Key] = []
  private var versions: [Key: Int] = [:]
  public private(set) var earlierVersions: [ProtocolVersion] = []

  public init() {}

  /// Records `batch` as one import: each protocol is new, or replaces the current one of its precinct and
  /// ballot (which becomes an earlier version).
  public mutating func record(_ batch: [PollingStationProtocol]) {
    for p in batch {
      let key = Key(precinct: p.precinct, ballot: p.ballot)
      if let old = current[key] {
        let v = versions[key] ?? 1
        earlierVersions.append(ProtocolVersion(version: v, value: old))
        versions[key] = v + 1
      } else {
        order.append(key)
        versions[key] = 1
      }
      current[key] = p
    }
  }

  /// The current protocols, in the order their precincts first appeared.
  public var protocols: [PollingStationProtocol] { order.compactMap { current[$0] } }
}
