import SaylauData

@testable import SaylauElections

/// The bundled regimes by name, for tests that decide seats under a known law.
extension Regime {
  static func bundled(_ id: String) -> Regime {
    guard let r = try? BundledData.regimes().regime(id: id) else {
      fatalError("regime \(id) is not in the bundled regimes table")
    }
    return r
  }

  static var r1995: Regime { bundled("R1995") }
  static var r1999: Regime { bundled("R1999") }
  static var r2007: Regime { bundled("R2007") }
  static var r2009: Regime { bundled("R2009") }
  static var r2022: Regime { bundled("R2022") }
  static var r2026: Regime { bundled("R2026") }
  static var all: [Regime] { (try? BundledData.regimes().regimes) ?? [] }
}
