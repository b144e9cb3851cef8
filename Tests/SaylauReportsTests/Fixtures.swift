import SaylauCore
import SaylauData
import SaylauElections
import SaylauRegistry

@testable import SaylauReports

/// The 2023 election loaded once for all tests (registry, geometry, engine decisions).
enum Fixtures {
  static let context2023: ElectionContext = {
    do {
      return try context(2023)
    } catch {
      fatalError("cannot load the 2023 election: \(error)")
    }
  }()

  /// A bundled election's pictures and pages, composed as the command line composes them.
  static func context(_ year: Int) throws -> ElectionContext {
    let published = try BundledData.publishedElection(String(year))
    return ElectionContext(
      summary: try published.summary(parties: try BundledData.parties()),
      outcomes: published.result?.constituencies ?? [], registry: try BundledData.registry(),
      unitFeatures: try BundledData.unitFeatures(), parties: try BundledData.parties(),
      elections: try BundledData.elections(), regimes: try BundledData.regimes())
  }
}
