import SaylauCore
import SaylauData
import SaylauRegistry

@testable import SaylauReports

/// The 2023 election loaded once for all tests (registry, geometry, engine decisions).
enum Fixtures {
  static let context2023: ElectionContext = {
    do {
      return try ElectionContext.load(year: 2023)
    } catch {
      fatalError("cannot load the 2023 election: \(error)")
    }
  }()
}
