import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauRegistry

/// What a new database is seeded with, as domain values: the registry, the regimes and every election of
/// the catalogue with its published result, read by SaylauData's loaders.
public struct BundledSeed: Sendable {
  public var registry: Registry
  /// Every election of the catalogue, with its published result where the data has one.
  public var elections: [PublishedElection]
  public var regimes: RegimeTable
  public var parties: PartyDirectory

  public init(
    registry: Registry, elections: [PublishedElection], regimes: RegimeTable,
    parties: PartyDirectory
  ) {
    self.registry = registry
    self.elections = elections
    self.regimes = regimes
    self.parties = parties
  }

  /// Reads the bundled registry, regimes and elections.
  public static func load() throws -> BundledSeed {
    let catalogue = try BundledData.elections()
    return BundledSeed(
      registry: try BundledData.registry(),
      elections: try catalogue.elections.map { try BundledData.publishedElection($0.id) },
      regimes: try BundledData.regimes(), parties: try BundledData.parties())
  }
}
