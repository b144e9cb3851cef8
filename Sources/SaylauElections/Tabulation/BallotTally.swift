/// The sum of the protocols of one ballot type over some area (a constituency, a region, the nation), and
/// the one accumulator of protocol counts: the import adds protocols into it, the tabulation adds tallies.
///
/// Turnout is computed from the counts, never read from input. The optional lines (ballots received, unused)
/// are summed only while every protocol has them: one blank makes the total blank. "Against all" is `nil` while
/// no protocol has the line. Each optional line keeps its sum and how many protocols lacked (or had) it, so a
/// protocol taken back out (a duplicate found later) leaves the tally exactly as if it had never been added.
public struct BallotTally: Sendable, Hashable, Codable {
  public var ballot: BallotType
  public var protocols: Int = 0
  public var votersOnList: Int = 0
  public var ballotsIssued: Int = 0
  public var ballotsInBox: Int = 0
  public var invalid: Int = 0
  /// Votes per choice: party index (list ballot) or candidate position − 1 (constituency ballot).
  public var votes: [Int]
  private var receivedSum = 0
  private var receivedMissing = 0
  private var unusedSum = 0
  private var unusedMissing = 0
  private var againstAllSum = 0
  private var againstAllPresent = 0
  /// The lines of the review's S7 (absentee, home voting, unofficial form, spoiled, lost): each summed while
  /// every protocol has it, like ballots received.
  private var extra = ExtraLines()

  /// Sums and blanks of the optional S7 lines, in ``ExtraLines/fields`` order.
  struct ExtraLines: Hashable, Sendable {
    var sums = (0, 0, 0, 0, 0, 0)
    var missing = (0, 0, 0, 0, 0, 0)
    static let fields: [ProtocolField] = [
      .absenteeVoters, .ballotsIssuedAtHome, .ballotsInPortableBoxes, .unofficialForm, .spoiled,
      .lost,
    ]

    static func == (a: ExtraLines, b: ExtraLines) -> Bool {
      a.sums == b.sums && a.missing == b.missing
    }

    func hash(into h: inout Hasher) {
      for i in 0..<6 {
        h.combine(self[i].sum)
        h.combine(self[i].missing)
      }
    }

    subscript(i: Int) -> (sum: Int, missing: Int) {
      get {
        switch i {
        case 0: return (sums.0, missing.0)
        case 1: return (sums.1, missing.1)
        case 2: return (sums.2, missing.2)
        case 3: return (sums.3, missing.3)
        case 4: return (sums.4, missing.4)
        default: return (sums.5, missing.5)
        }
      }
      set {
        switch i {
        case 0: (sums.0, missing.0) = newValue
        case 1: (sums.1, missing.1) = newValue
        case 2: (sums.2, missing.2) = newValue
        case 3: (sums.3, missing.3) = newValue
        case 4: (sums.4, missing.4) = newValue
        default: (sums.5, missing.5) = newValue
        }
      }
    }
  }

  /// The total of an optional S7 line (absentee voters, home voting, portable boxes, unofficial form,
  /// spoiled, lost): `nil` when any protocol left it blank.
  public func total(_ field: ProtocolField) -> Int? {
    guard let i = ExtraLines.fields.firstIndex(of: field) else { return nil }
    let line = extra[i]
    return line.missing == 0 ? line.sum : nil
  }

  /// How many protocols gave the "against all" line (fewer than ``protocols``: some left it blank).
  public var againstAllReported: Int { againstAllPresent }

  public init(ballot: BallotType, choices: Int) {
    self.ballot = ballot
    self.votes = [Int](repeating: 0, count: choices)
  }

  /// Ballots received, `nil` when any protocol left the line blank.
  public var ballotsReceived: Int? {
    get { receivedMissing == 0 ? receivedSum : nil }
    set {
      receivedSum = newValue ?? 0
      receivedMissing = newValue == nil ? max(1, receivedMissing) : 0
    }
  }

  /// Unused ballots, `nil` when any protocol left the line blank.
  public var unused: Int? {
    get { unusedMissing == 0 ? unusedSum : nil }
    set {
      unusedSum = newValue ?? 0
      unusedMissing = newValue == nil ? max(1, unusedMissing) : 0
    }
  }

  /// Votes "against all", `nil` when no protocol had the line.
  public var againstAll: Int? {
    get { againstAllPresent > 0 ? againstAllSum : nil }
    set {
      againstAllSum = newValue ?? 0
      againstAllPresent = newValue == nil ? 0 : max(1, againstAllPresent)
    }
  }

  /// Valid ballots: votes for every choice plus "against all".
  public var valid: Int { votes.reduce(0, +) + (againstAll ?? 0) }

  /// Turnout = ballots issued / voters on the list (rules.md A3.1), as a fraction; `nil` with no voters.
  public var turnout: (numerator: Int, denominator: Int)? {
    votersOnList > 0 ? (ballotsIssued, votersOnList) : nil
  }

  /// Turnout in percent, for display only.
  public var turnoutPercent: Double? {
    turnout.map { 100 * Double($0.numerator) / Double($0.denominator) }
  }

  /// Adds `other` into this tally. Returns the name of the first field whose sum overflows, if any
  /// (then the tally is left unchanged).
  public mutating func add(_ other: BallotTally) -> String? { combine(other, sign: 1) }

  /// Adds one checked protocol (every required line present; a blank required line would count 0). Returns
  /// the CSV name of the first field whose sum overflows, if any (then the tally is left unchanged).
  public mutating func add(_ p: PollingStationProtocol) -> String? { combine(p, sign: 1) }

  /// Takes a protocol added earlier back out (a duplicate found later): the inverse of adding it.
  public mutating func subtract(_ p: PollingStationProtocol) { _ = combine(p, sign: -1) }

  /// The one place where counts are summed: overflow-checked in a first pass, written in a second, so a failing
  /// addition changes nothing.
  private mutating func combine<P: TallyContribution>(_ p: P, sign: Int) -> String? {
    @inline(__always) func sum(_ a: Int, _ b: Int) -> (Int, Bool) {
      sign > 0 ? a.addingReportingOverflow(b) : a.subtractingReportingOverflow(b)
    }
    var overflow: String? = nil
    @inline(__always) func check(_ a: Int, _ b: Int, _ name: String) {
      if overflow == nil && sum(a, b).1 { overflow = name }
    }
    let received = p.receivedPart
    let unusedPart = p.unusedPart
    let against = p.againstAllPart
    check(protocols, p.protocolCount, "protocols")
    check(votersOnList, p.votersPart, "voters_on_list")
    check(receivedSum, received.sum, "ballots_received")
    check(ballotsIssued, p.issuedPart, "ballots_issued")
    check(ballotsInBox, p.inBoxPart, "ballots_in_box")
    check(invalid, p.invalidPart, "invalid")
    check(unusedSum, unusedPart.sum, "unused")
    check(againstAllSum, against.sum, "against_all")
    for i in 0..<6 { check(extra[i].sum, p.extraPart(i).sum, ExtraLines.fields[i].csvName) }
    let n = p.voteCount
    let have = votes.count
    votes.withUnsafeBufferPointer { v in
      for i in 0..<n where overflow == nil { check(i < have ? v[i] : 0, p.vote(i), "votes") }
    }
    if let overflow { return overflow }
    if have < n { votes.append(contentsOf: repeatElement(0, count: n - have)) }
    protocols = sum(protocols, p.protocolCount).0
    votersOnList = sum(votersOnList, p.votersPart).0
    receivedSum = sum(receivedSum, received.sum).0
    receivedMissing = sum(receivedMissing, received.missing).0
    ballotsIssued = sum(ballotsIssued, p.issuedPart).0
    ballotsInBox = sum(ballotsInBox, p.inBoxPart).0
    invalid = sum(invalid, p.invalidPart).0
    unusedSum = sum(unusedSum, unusedPart.sum).0
    unusedMissing = sum(unusedMissing, unusedPart.missing).0
    againstAllSum = sum(againstAllSum, against.sum).0
    againstAllPresent = sum(againstAllPresent, against.present).0
    for i in 0..<6 {
      let part = p.extraPart(i)
      extra[i] = (sum(extra[i].sum, part.sum).0, sum(extra[i].missing, part.missing).0)
    }
    votes.withUnsafeMutableBufferPointer { v in
      for i in 0..<n { v[i] = sum(v[i], p.vote(i)).0 }
    }
    return nil
  }

  enum CodingKeys: String, CodingKey {
    case ballot, protocols, votersOnList, ballotsReceived, ballotsIssued, ballotsInBox, invalid,
      unused
    case againstAll, votes
    case absenteeVoters, ballotsIssuedAtHome, ballotsInPortableBoxes, unofficialForm, spoiled, lost
  }

  static let extraKeys: [CodingKeys] = [
    .absenteeVoters, .ballotsIssuedAtHome, .ballotsInPortableBoxes, .unofficialForm, .spoiled,
    .lost,
  ]

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(ballot: try c.decode(BallotType.self, forKey: .ballot), choices: 0)
    protocols = try c.decode(Int.self, forKey: .protocols)
    votersOnList = try c.decode(Int.self, forKey: .votersOnList)
    ballotsReceived = try c.decodeIfPresent(Int.self, forKey: .ballotsReceived)
    ballotsIssued = try c.decode(Int.self, forKey: .ballotsIssued)
    ballotsInBox = try c.decode(Int.self, forKey: .ballotsInBox)
    invalid = try c.decode(Int.self, forKey: .invalid)
    unused = try c.decodeIfPresent(Int.self, forKey: .unused)
    againstAll = try c.decodeIfPresent(Int.self, forKey: .againstAll)
    votes = try c.decode([Int].self, forKey: .votes)
    for (i, key) in Self.extraKeys.enumerated() {
      let v = try c.decodeIfPresent(Int.self, forKey: key)
      extra[i] = (v ?? 0, v == nil ? 1 : 0)
    }
  }

  /// Encodes the totals as they read (a blank line as `null`), not the bookkeeping behind them.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(ballot, forKey: .ballot)
    try c.encode(protocols, forKey: .protocols)
    try c.encode(votersOnList, forKey: .votersOnList)
    try c.encode(ballotsReceived, forKey: .ballotsReceived)
    try c.encode(ballotsIssued, forKey: .ballotsIssued)
    try c.encode(ballotsInBox, forKey: .ballotsInBox)
    try c.encode(invalid, forKey: .invalid)
    try c.encode(unused, forKey: .unused)
    try c.encode(againstAll, forKey: .againstAll)
    try c.encode(votes, forKey: .votes)
    for (i, key) in Self.extraKeys.enumerated() {
      try c.encode(total(ExtraLines.fields[i]), forKey: key)
    }
  }
}

/// What a protocol or a whole tally adds to a tally, for the one summing routine.
protocol TallyContribution {
  var protocolCount: Int { get }
  var votersPart: Int { get }
  var issuedPart: Int { get }
  var inBoxPart: Int { get }
  var invalidPart: Int { get }
  var receivedPart: (sum: Int, missing: Int) { get }
  var unusedPart: (sum: Int, missing: Int) { get }
  var againstAllPart: (sum: Int, present: Int) { get }
  func extraPart(_ i: Int) -> (sum: Int, missing: Int)
  var voteCount: Int { get }
  func vote(_ i: Int) -> Int
}

extension PollingStationProtocol: TallyContribution {
  var protocolCount: Int { 1 }
  var votersPart: Int { votersOnList ?? 0 }
  var issuedPart: Int { ballotsIssued ?? 0 }
  var inBoxPart: Int { ballotsInBox ?? 0 }
  var invalidPart: Int { invalid ?? 0 }
  var receivedPart: (sum: Int, missing: Int) {
    (ballotsReceived ?? 0, ballotsReceived == nil ? 1 : 0)
  }
  var unusedPart: (sum: Int, missing: Int) { (unused ?? 0, unused == nil ? 1 : 0) }
  var againstAllPart: (sum: Int, present: Int) { (againstAll ?? 0, againstAll == nil ? 0 : 1) }
  @inline(__always) func extraPart(_ i: Int) -> (sum: Int, missing: Int) {
    let v: Int?
    switch i {
    case 0: v = absenteeVoters
    case 1: v = ballotsIssuedAtHome
    case 2: v = ballotsInPortableBoxes
    case 3: v = unofficialForm
    case 4: v = spoiled
    default: v = lost
    }
    return (v ?? 0, v == nil ? 1 : 0)
  }
  var voteCount: Int { votes.count }
  @inline(__always) func vote(_ i: Int) -> Int { votes[i] ?? 0 }
}

extension BallotTally: TallyContribution {
  var protocolCount: Int { protocols }
  var votersPart: Int { votersOnList }
  var issuedPart: Int { ballotsIssued }
  var inBoxPart: Int { ballotsInBox }
  var invalidPart: Int { invalid }
  var receivedPart: (sum: Int, missing: Int) { (receivedSum, receivedMissing) }
  var unusedPart: (sum: Int, missing: Int) { (unusedSum, unusedMissing) }
  var againstAllPart: (sum: Int, present: Int) { (againstAllSum, againstAllPresent) }
  @inline(__always) func extraPart(_ i: Int) -> (sum: Int, missing: Int) { extra[i] }
  var voteCount: Int { votes.count }
  @inline(__always) func vote(_ i: Int) -> Int { votes[i] }
}
