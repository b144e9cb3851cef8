import SaylauElections

/// Every threshold and count the analysis uses, with the defaults the documentation states and validates
/// (see <doc:Validation>). The report carries the settings it was made with, so it can be made again.
public struct ForensicSettings: Sendable, Hashable, Codable {
  /// The seed of every simulation (null distributions, bootstrap); the same seed gives the same report.
  public var seed: UInt64 = 1
  /// Draws of each simulated null distribution (integer percentages, digit tests).
  public var simulations: Int = 1000
  /// Bootstrap resamples for the confidence interval of a correlation.
  public var bootstrap: Int = 200
  /// Which ballots the distribution tests run on; `nil`: every ballot with protocols. (Flags cover all.)
  public var ballots: [BallotType]? = nil
  /// The level at which the summary counts p-values and q-values as small. It is reported, not a verdict.
  public var level: Double = 0.01

  // Flags.
  /// Turnout or a choice's share at or above this percentage is "at or near 100 %".
  public var nearFullPercent: Int = 98
  /// Precincts with fewer voters on the list (turnout) or valid votes (shares) than this are not flagged
  /// for high turnout, high shares or as outliers: a handful of voters makes any percentage.
  public var minimumVoters: Int = 50
  /// Integer or round percentages are flagged when the chance of a precinct of its size being at least as
  /// round is at most this.
  public var roundChance: Double = 0.001
  /// Identical and near-identical protocols are looked for among protocols with at least this many voters.
  public var identicalMinimumVoters: Int = 100
  /// Near-identical: every line and vote count within this percentage of the larger value (at least 1).
  public var nearIdenticalPercent: Int = 1
  /// A precinct is an outlier when its robust z-score of turnout or of the leader's share reaches this.
  public var outlierZ: Double = 5
  /// … or when both z-scores reach this, in the same direction (turnout and share up together is the
  /// pattern of ballot stuffing).
  public var outlierJointZ: Double = 3
  /// The fewest precincts a group (district, else constituency) needs for outliers to be looked for.
  public var minimumGroup: Int = 10
  /// The smallest spread (MAD-based standard deviation, as a fraction) a group's turnout or share is given,
  /// so that a group of near-equal precincts does not make every small difference an outlier.
  public var minimumSpread: Double = 0.02
  /// The two ballots of a precinct differ in ballots issued by more than this percentage (and at least
  /// ``mismatchMinimum`` ballots).
  public var mismatchPercent: Int = 2
  public var mismatchMinimum: Int = 5

  // Distribution tests.
  /// Areas with fewer protocols than this get no distribution tests.
  public var minimumAreaProtocols: Int = 20
  /// Integer percentages are counted where the denominator (voters, valid votes) is at least this: below
  /// 100 every count is the nearest one to some whole percentage.
  public var integerMinimumDenominator: Int = 100
  /// The fingerprint's high corner: turnout and leader's share both at or above this percentage.
  public var cornerPercent: Int = 90
  /// The fingerprint's smear: turnout and the leader's share both at least this many robust standard
  /// deviations above the centre (logit scale).
  public var smearZ: Double = 2.5
  /// Draws of the clean two-dimensional model that gives the corner's expected share.
  public var cornerDraws: Int = 20000
  /// The last-digit tests use the counts (of 10 or more) of the choices whose median count in the area is at
  /// least this: the large contestants, whose last digits are uniform in a clean count (Beber and Scacco
  /// leave out one- and two-digit counts; above a cut-off, a small party's counts are in the falling tail
  /// of its distribution, which favours low last digits).
  public var lastDigitMinimum: Int = 100
  /// The second-digit test uses counts of at least this (a count needs two digits).
  public var secondDigitMinimum: Int = 10
  /// The fewest counts a digit test needs.
  public var minimumDigits: Int = 50
  /// Most precincts named as driving one measure.
  public var maximumDrivers: Int = 20

  public init() {}

  /// The defaults with another seed and number of simulations, testing one ballot or (`nil`) all.
  public init(seed: UInt64, simulations: Int = 1000, ballot: BallotType? = nil) {
    self.seed = seed
    self.simulations = simulations
    self.ballots = ballot.map { [$0] }
  }

  /// The largest number of simulations accepted (a bound on the work one request can ask for).
  public static let maximumSimulations = 100_000
}

/// Settings that cannot be used.
public struct ForensicSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
  public var description: String

  /// Checks `settings`; the message names the setting in the library's words.
  public static func check(_ settings: ForensicSettings) throws(ForensicSettingsError) {
    if settings.simulations < 1 || settings.simulations > ForensicSettings.maximumSimulations {
      throw ForensicSettingsError(
        description:
          "simulations must be 1 to \(ForensicSettings.maximumSimulations), not \(settings.simulations)"
      )
    }
    if settings.bootstrap < 0 || settings.bootstrap > ForensicSettings.maximumSimulations {
      throw ForensicSettingsError(description: "bootstrap resamples must be 0 to 100,000")
    }
    if !(settings.level > 0 && settings.level < 1) {
      throw ForensicSettingsError(description: "the level must be between 0 and 1")
    }
  }
}
