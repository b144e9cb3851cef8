/// The levels of the commission hierarchy above the precincts (rules.md A4): a territorial (district or
/// city) commission adds up the precincts it oversees, a district commission those of its constituency, a
/// regional commission those of its region's constituencies, the Central Election Commission every precinct.
public enum CommissionLevel: String, Sendable, Hashable, Codable, CaseIterable,
  CustomStringConvertible
{
  case territorial
  /// The district election commission of one constituency (its id is the constituency's number).
  case district
  case regional
  case central

  public var description: String { rawValue }

  /// The precincts of the register whose protocols a commission of this level adds up.
  ///
  /// - Parameters:
  ///   - commission: the commission's id: a territorial commission's id as in the register, a
  ///     constituency's number, a region's code or name (as `region` gives it); ignored for `central`.
  ///   - register: the precinct register of the election definition.
  ///   - region: the region of a constituency (from the registry), `nil` where not known.
  public func precincts(
    of commission: String, in register: [Precinct], region: (Int) -> String? = { _ in nil }
  ) -> [Precinct] {
    switch self {
    case .territorial: return register.filter { $0.territorialCommission == commission }
    case .district: return register.filter { $0.constituency.map(String.init) == commission }
    case .regional: return register.filter { $0.constituency.flatMap(region) == commission }
    case .central: return register
    }
  }
}

/// A higher commission's own protocol compared with the sum of the accepted protocols below it, line by
/// line: every line and every choice where the two differ is listed. Exact integer sums; a line blank on a
/// protocol below has no known sum (it is listed when the commission's own protocol gives it).
public struct CommissionComparison: Sendable, Hashable, Codable {
  /// One line where the commission's protocol and the sum below differ.
  public struct Difference: Sendable, Hashable, Codable {
    /// The protocol line's name as in the protocol format (`ballots_issued`, a party code, `c3`).
    public var line: String
    /// Its words on the paper form.
    public var label: String
    /// The commission's own figure (`nil`: blank there).
    public var own: Int?
    /// The sum of the accepted protocols below (`nil`: some protocol below leaves it blank).
    public var below: Int?

    /// own − below, when both are known.
    public var difference: Int?

    public init(line: String, label: String, own: Int?, below: Int?) {
      self.line = line
      self.label = label
      self.own = own
      self.below = below
      self.difference = own.flatMap { o in below.map { o - $0 } }
    }
  }

  public var level: CommissionLevel
  public var commission: String
  public var ballot: BallotType
  /// Precincts of the register below the commission, and how many of them have an accepted protocol.
  public var expected: Int
  public var counted: Int
  /// Register precincts below it without an accepted protocol (their protocols are missing from the sum).
  public var missing: [String]
  /// Every line where the commission's protocol and the sum differ, in the order of the paper form, then
  /// the choices in ballot order.
  public var differences: [Difference]
  public var synthetic: Bool

  /// The commission's protocol equals the sum of every protocol below it, and none is missing.
  public var agrees: Bool

  public init(
    level: CommissionLevel, commission: String, ballot: BallotType, expected: Int, counted: Int,
    missing: [String], differences: [Difference], synthetic: Bool
  ) {
    self.level = level
    self.commission = commission
    self.ballot = ballot
    self.expected = expected
    self.counted = counted
    self.missing = missing
    self.differences = differences
    self.synthetic = synthetic
    self.agrees = differences.isEmpty && missing.isEmpty
  }

  /// Compares `own` (the commission's protocol: its lines and votes, the ballot it is of) with the sum of
  /// `accepted` protocols of the register's precincts below the commission.
  ///
  /// - Parameters:
  ///   - own: the commission's own protocol (its `precinct` is the commission's id).
  ///   - level: the commission's level.
  ///   - below: the register's precincts below it (``CommissionLevel/precincts(of:in:region:)``).
  ///   - accepted: the accepted protocols of the election (any precincts; those below and of `own`'s ballot
  ///     are summed).
  ///   - schema: the election's parties and constituencies (the order of the choices).
  public static func compare(
    _ own: PollingStationProtocol, level: CommissionLevel, below: [Precinct],
    accepted: [PollingStationProtocol], schema: ProtocolSchema
  ) -> CommissionComparison {
    // A constituency ballot's protocol is of one constituency: only that constituency's precincts below
    // count (a territorial commission may oversee precincts of two).
    let constituency = own.ballot == .constituency ? own.constituency : nil
    let ids = Set(below.filter { constituency == nil || $0.constituency == constituency }.map(\.id))
    let summed = accepted.filter { $0.ballot == own.ballot && ids.contains($0.precinct) }
    let counted = Set(summed.map(\.precinct))
    var differences: [Difference] = []
    func compare(_ line: String, _ label: String, own: Int?, values: [Int?]) {
      // A blank on any protocol below leaves the sum unknown; nothing below sums to 0.
      let below: Int? =
        values.contains(where: { $0 == nil }) ? nil : values.reduce(0) { $0 + ($1 ?? 0) }
      if own == nil && below == nil { return }
      if own != below {
        differences.append(Difference(line: line, label: label, own: own, below: below))
      }
    }
    for field in ProtocolForm.lines where field != .round {
      compare(
        field.csvName, ProtocolForm.label(field), own: own[field],
        values: summed.map { $0[field] })
    }
    let choices = max(own.votes.count, summed.map(\.votes.count).max() ?? 0)
    for i in 0..<choices {
      guard own.ballot == .constituency || i < schema.parties.count else { continue }
      let choice = own.choice(at: i, in: schema)
      let field = ProtocolField.votes(choice)
      // A choice blank on every protocol is not on the ballot there; blank on some, it counts as unknown.
      let values = summed.map { i < $0.votes.count ? $0.votes[i] : nil }
      let mine = i < own.votes.count ? own.votes[i] : nil
      if mine == nil && values.allSatisfy({ $0 == nil }) { continue }
      let label = own.ballot == .list ? schema.parties[i].name : ProtocolForm.label(field)
      compare(choice.code, label, own: mine, values: values)
    }
    return CommissionComparison(
      level: level, commission: own.precinct, ballot: own.ballot, expected: ids.count,
      counted: counted.count, missing: ids.subtracting(counted).sorted(),
      differences: differences, synthetic: own.synthetic || summed.contains(where: \.synthetic))
  }
}
