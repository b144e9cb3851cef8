/// "N of M protocols in": how much of the precinct register has a counted protocol, for every level of the
/// commission hierarchy: each precinct, each territorial commission, each constituency, each region, the
/// stations abroad and the nation. Exact counts; nothing is estimated.
public struct Completeness: Sendable, Hashable, Codable {
  /// One level's count.
  public struct Level: Sendable, Hashable, Codable {
    /// The commission, constituency number or region code (`nation`, `abroad`).
    public var key: String
    public var counted: Int
    public var expected: Int

    public init(key: String, counted: Int, expected: Int) {
      self.key = key
      self.counted = counted
      self.expected = expected
    }

    public var isComplete: Bool { counted == expected }
  }

  public var ballot: BallotType
  public var nation: Level
  public var abroad: Level
  public var constituencies: [Level]
  public var regions: [Level]
  public var commissions: [Level]
  /// Counted protocols of precincts that are not in the register (to be explained, never counted in M).
  public var outsideRegister: [String]
  /// The register is SYNTHETIC.
  public var synthetic: Bool

  /// Counts `counted` (the precinct ids with a counted protocol of `ballot`) against `register`.
  ///
  /// - Parameters:
  ///   - register: the precinct register of the election definition.
  ///   - counted: the precincts with a counted protocol of this ballot.
  ///   - ballot: which ballot (a list-only regime has no constituency ballot: every precinct is expected
  ///     once).
  ///   - region: the region of a constituency (from the registry), `nil` where not known.
  ///   - synthetic: the register is made up.
  public static func of(
    register: [Precinct], counted: Set<String>, ballot: BallotType,
    region: (Int) -> String? = { _ in nil }, synthetic: Bool = false
  ) -> Completeness {
    var constituencies: [Int: (Int, Int)] = [:]
    var regions: [String: (Int, Int)] = [:]
    var commissions: [String: (Int, Int)] = [:]
    var nation = (0, 0)
    var abroad = (0, 0)
    func add(_ t: inout (Int, Int), _ isIn: Bool) {
      t.1 += 1
      if isIn { t.0 += 1 }
    }
    var known: Set<String> = []
    for p in register {
      known.insert(p.id)
      let isIn = counted.contains(p.id)
      add(&nation, isIn)
      if p.abroad { add(&abroad, isIn) }
      if let c = p.constituency {
        add(&constituencies[c, default: (0, 0)], isIn)
        if let r = region(c) { add(&regions[r, default: (0, 0)], isIn) }
      }
      if let t = p.territorialCommission { add(&commissions[t, default: (0, 0)], isIn) }
    }
    func levels<K: Comparable>(_ d: [K: (Int, Int)], _ name: (K) -> String) -> [Level] {
      d.keys.sorted().map { Level(key: name($0), counted: d[$0]!.0, expected: d[$0]!.1) }
    }
    return Completeness(
      ballot: ballot, nation: Level(key: "nation", counted: nation.0, expected: nation.1),
      abroad: Level(key: "abroad", counted: abroad.0, expected: abroad.1),
      constituencies: levels(constituencies) { String($0) }, regions: levels(regions) { $0 },
      commissions: levels(commissions) { $0 },
      outsideRegister: counted.subtracting(known).sorted(), synthetic: synthetic)
  }
}
