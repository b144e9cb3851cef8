import SaylauElections

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
