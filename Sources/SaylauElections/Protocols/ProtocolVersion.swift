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
