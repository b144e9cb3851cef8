import ArgumentParser
import SaylauElections

// Enumerated options are typed: ArgumentParser validates them and lists their values in `--help`.

/// `on` or `off`.
enum Switch: String, ExpressibleByArgument, CaseIterable {
  case on, off
}

/// `list` or `constituency`.
extension BallotType: ExpressibleByArgument {}

extension ThresholdBase: ExpressibleByArgument {
  public init?(argument: String) { self.init(name: argument) }
  public static var allValueStrings: [String] { names }
  public var defaultValueDescription: String { name }
}

extension RemainderTiePolicy: ExpressibleByArgument {
  public init?(argument: String) { self.init(name: argument) }
  public static var allValueStrings: [String] { names }
  public var defaultValueDescription: String { name }
}

extension AgainstAllPolicy: ExpressibleByArgument {
  public init?(argument: String) { self.init(name: argument) }
  public static var allValueStrings: [String] { names }
  public var defaultValueDescription: String { name }
}

extension MajorityBase: ExpressibleByArgument {
  public init?(argument: String) { self.init(name: argument) }
  public static var allValueStrings: [String] { names }
  public var defaultValueDescription: String { name }
}

extension QuotaRounding: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument) }
}
