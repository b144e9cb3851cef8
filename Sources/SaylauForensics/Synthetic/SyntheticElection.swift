import Foundation
import SaylauElections

/// A seeded generator of realistic SYNTHETIC elections with known answers: precincts in districts in
/// constituencies, turnout and support that differ from district to district and from precinct to precinct,
/// both ballots of every precinct, and, if asked, chosen precincts doctored by ballot stuffing or by writing
/// in rounded results. The validation (<doc:Validation>) measures how many doctored precincts the flags find
/// and how many clean ones they flag.
///
/// The clean election does not depend on the doctoring: the same seed with 0 % and with 5 % doctored gives
/// the same precincts, except the doctored ones.
public struct SyntheticElection: Sendable {
  /// How a doctored precinct's protocols were changed.
  public enum Doctoring: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ballots for the leader added to the box: a share (25–85 %) of the voters who did not vote, on both
    /// ballots, with ballots issued raised to match (so every control relation still holds).
    case stuffing
    /// The result written to round numbers: turnout and the leader's share set to the nearest whole
    /// percentage (half of the time the nearest multiple of 5 %), the other counts adjusted to fit.
    case rounding
  }

  public var seed: UInt64
  public var precincts: Int
  public var constituencies: Int
  /// Districts per constituency, drawn in this range.
  public var districtsPerConstituency: ClosedRange<Int>
  /// The party lists, their votes used as national weights; the heaviest is the leader doctoring favours.
  public var parties: [ListVote.Party]
  /// Percent of precincts doctored (0 for a clean election).
  public var doctoredPercent: Int
  /// The kinds of doctoring, given in turn to the doctored precincts.
  public var kinds: [Doctoring]

  public init(
    seed: UInt64, precincts: Int = 10_000, constituencies: Int = 29,
    districtsPerConstituency: ClosedRange<Int> = 3...8, parties: [ListVote.Party],
    doctoredPercent: Int = 0, kinds: [Doctoring] = Doctoring.allCases
  ) {
    self.seed = seed
    self.precincts = precincts
    self.constituencies = constituencies
    self.districtsPerConstituency = districtsPerConstituency
    self.parties = parties
    self.doctoredPercent = doctoredPercent
    self.kinds = kinds
  }

  /// An election with the parties and constituencies of `schema` (at least one constituency).
  public init(seed: UInt64, precincts: Int, schema: ProtocolSchema, doctoredPercent: Int) {
    self.init(
      seed: seed, precincts: precincts, constituencies: max(1, schema.constituencyCount),
      parties: schema.parties, doctoredPercent: doctoredPercent)
  }

  /// The largest election generated.
  public static let maximumPrecincts = 1_000_000

  /// Checks the size: 1 to ``maximumPrecincts`` precincts, 0 to 100 % of them doctored.
  /// - Throws: ``ForensicSettingsError`` naming the setting.
  public func check() throws(ForensicSettingsError) {
    guard (1...Self.maximumPrecincts).contains(precincts) else {
      throw ForensicSettingsError(description: "precincts must be 1 to 1,000,000, not \(precincts)")
    }
    guard (0...100).contains(doctoredPercent) else {
      throw ForensicSettingsError(
        description: "the doctored percentage must be 0 to 100, not \(doctoredPercent)")
    }
  }

  /// The election once ``check()`` passes.
  /// - Throws: ``ForensicSettingsError`` naming the setting.
  public func checked() throws(ForensicSettingsError) -> Self {
    try check()
    return self
  }

  /// A generated election: its protocols, its precinct register, its candidates and the answer key.
  public struct Generated: Sendable {
    public var protocols: [PollingStationProtocol]
    /// The precinct register: each precinct's district.
    public var districts: [String: String]
    public var candidates: [RegisteredCandidate]
    /// The doctored precincts and how.
    public var doctored: [String: Doctoring]
    public var parties: [ListVote.Party]

    /// The protocol CSV of the protocol format (both ballots, every row marked synthetic).
    /// The four files of the election: protocols, precinct register, candidates and answer key, each
    /// with its file name.
    public func files() -> [(name: String, contents: String)] {
      [
        ("protocols.csv", protocolsCSV()), ("districts.csv", districtsCSV()),
        ("candidates.csv", candidatesCSV()), ("doctored.csv", doctoredCSV()),
      ]
    }

    public func protocolsCSV() -> String {
      let maxCandidates = candidates.map(\.position).max() ?? 0
      var out =
        (ProtocolSchema.fixedColumns + parties.map(\.code)
        + (0..<maxCandidates).map { "c\($0 + 1)" }
        + ["synthetic"]).joined(separator: ",") + "\n"
      func cell(_ v: Int?) -> String { v.map(String.init) ?? "" }
      for p in protocols {
        var row = [
          p.precinct, cell(p.constituency), p.ballot.rawValue, cell(p.votersOnList),
          cell(p.ballotsReceived), cell(p.ballotsIssued), cell(p.ballotsInBox), cell(p.invalid),
          cell(p.unused), cell(p.againstAll),
        ]
        if p.ballot == .list {
          row += (0..<parties.count).map { $0 < p.votes.count ? cell(p.votes[$0]) : "" }
          row += [String](repeating: "", count: maxCandidates)
        } else {
          row += [String](repeating: "", count: parties.count)
          row += (0..<maxCandidates).map { $0 < p.votes.count ? cell(p.votes[$0]) : "" }
        }
        row.append("yes")
        out += row.joined(separator: ",") + "\n"
      }
      return out
    }

    /// The precinct register as CSV: `precinct,district`.
    public func districtsCSV() -> String {
      var out = "precinct,district\n"
      for p in protocols where p.ballot == .list {
        out += "\(p.precinct),\(districts[p.precinct] ?? "")\n"
      }
      return out
    }

    /// The answer key as CSV: `precinct,doctoring`.
    public func doctoredCSV() -> String {
      var out = "precinct,doctoring\n"
      for p in protocols where p.ballot == .list {
        if let d = doctored[p.precinct] { out += "\(p.precinct),\(d.rawValue)\n" }
      }
      return out
    }

    /// The candidates as CSV (`constituency,position,name,nomination,synthetic`).
    public func candidatesCSV() -> String {
      var s = "constituency,position,name,nomination,synthetic\n"
      for c in candidates { s += "\(c.constituency),\(c.position),\(c.name),\(c.nomination),yes\n" }
      return s
    }
  }

  static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

  /// Generates the election.
  public func generate() -> Generated {
    var structure = Sampler(seed: seed, stream: 11)
    let totalWeight = max(1, parties.reduce(0) { $0 + max($1.votes, 0) })
    let baseLog = parties.map { log(Double(max($0.votes, 1)) / Double(totalWeight)) }
    let leaderParty =
      parties.indices.max { (parties[$0].votes, -$0) < (parties[$1].votes, -$1) } ?? 0

    // Constituencies, their candidates and districts.
    struct District {
      var code: String
      var constituency: Int
      var turnout: Double
      var partyLog: [Double]
      var candidateLog: [Double]
    }
    var districts: [District] = []
    var candidates: [RegisteredCandidate] = []
    var strongest: [Int: Int] = [:]
    for c in 1...max(1, constituencies) {
      let n = 3 + structure.below(5)
      let strength = (0..<n).map { _ in 0.8 * structure.normal() }
      strongest[c] = strength.indices.max { (strength[$0], -$0) < (strength[$1], -$1) }
      for p in 1...n {
        let nomination =
          p == 1
          ? (parties.first?.code ?? "self")
          : (structure.below(4) == 0 && parties.count > 1
            ? parties[1 + structure.below(parties.count - 1)].code : "self")
        candidates.append(
          RegisteredCandidate(
            constituency: c, position: p, name: "Synthetic candidate \(c)-\(p)",
            nomination: nomination))
      }
      let span = districtsPerConstituency
      let count = span.lowerBound + structure.below(span.count)
      for d in 1...max(1, count) {
        districts.append(
          District(
            code: "c\(c)-d\(d)", constituency: c,
            turnout: log(0.55 / 0.45) + 0.45 * structure.normal(),
            partyLog: baseLog.map { $0 + 0.35 * structure.normal() },
            candidateLog: strength.map { $0 + 0.3 * structure.normal() }))
      }
    }

    // Precincts.
    var g = Sampler(seed: seed, stream: 12)
    var protocols: [PollingStationProtocol] = []
    var register: [String: String] = [:]
    protocols.reserveCapacity(2 * precincts)
    for i in 0..<precincts {
      let district = districts[g.below(districts.count)]
      let id = String(i + 1)
      register[id] = district.code
      let voters = Int(min(4000, max(80, exp(log(1100) + 0.55 * g.normal()).rounded())))
      let turnout = Self.logistic(district.turnout + 0.22 * g.normal())
      let issued = g.binomial(voters, turnout)
      func ballotProtocol(
        _ ballot: BallotType, issued: Int, weights logs: [Double], invalidRate: Double,
        againstRate: Double
      ) -> PollingStationProtocol {
        let invalid = g.binomial(issued, invalidRate)
        let valid = issued - invalid
        let against = g.binomial(valid, againstRate)
        let noisy = logs.map { exp($0 + 0.12 * g.normal()) }
        let votes = g.multinomial(valid - against, weights: noisy)
        return PollingStationProtocol(
          precinct: id, constituency: district.constituency, ballot: ballot, votersOnList: voters,
          ballotsReceived: voters, ballotsIssued: issued, ballotsInBox: issued, invalid: invalid,
          unused: voters - issued, againstAll: against, votes: votes.map { $0 }, synthetic: true)
      }
      protocols.append(
        ballotProtocol(
          .list, issued: issued, weights: district.partyLog, invalidRate: 0.012, againstRate: 0.035)
      )
      let smdIssued = issued - g.binomial(issued, 0.003)
      protocols.append(
        ballotProtocol(
          .constituency, issued: smdIssued, weights: district.candidateLog, invalidRate: 0.015,
          againstRate: 0.04))
    }

    // Doctoring, from a stream of its own.
    var doctored: [String: Doctoring] = [:]
    let count = min(precincts, (precincts * max(0, doctoredPercent) + 50) / 100)
    if count > 0 && !kinds.isEmpty {
      var d = Sampler(seed: seed, stream: 13)
      var order = Array(0..<precincts)
      for k in 0..<count {
        let j = k + d.below(precincts - k)
        order.swapAt(k, j)
      }
      for (k, i) in order.prefix(count).sorted().enumerated() {
        let kind = kinds[k % kinds.count]
        let list = 2 * i
        let smd = 2 * i + 1
        let constituency = protocols[smd].constituency ?? 1
        let smdLeader = strongest[constituency] ?? 0
        switch kind {
        case .stuffing:
          let p = protocols[list]
          let room = (p.votersOnList ?? 0) - (p.ballotsIssued ?? 0)
          let added = Int(Double(room) * (0.25 + 0.6 * d.uniform()))
          protocols[list] = Self.stuff(protocols[list], added: added, leader: leaderParty)
          protocols[smd] = Self.stuff(protocols[smd], added: added, leader: smdLeader)
        case .rounding:
          let fiveT = d.below(2) == 0
          let fiveS = d.below(2) == 0
          protocols[list] = Self.round(
            protocols[list], leader: leaderParty, fiveTurnout: fiveT, fiveShare: fiveS)
          protocols[smd] = Self.round(
            protocols[smd], leader: smdLeader, fiveTurnout: fiveT, fiveShare: d.below(2) == 0)
        }
        doctored[protocols[list].precinct] = kind
      }
    }
    return Generated(
      protocols: protocols, districts: register, candidates: candidates, doctored: doctored,
      parties: parties)
  }

  /// `added` ballots for `leader`, issued and in the box.
  static func stuff(_ p: PollingStationProtocol, added: Int, leader: Int) -> PollingStationProtocol
  {
    var q = p
    guard added > 0, leader < q.votes.count else { return q }
    q.ballotsIssued = (q.ballotsIssued ?? 0) + added
    q.ballotsInBox = (q.ballotsInBox ?? 0) + added
    q.unused = (q.unused ?? 0) - added
    q.votes[leader] = (q.votes[leader] ?? 0) + added
    return q
  }

  /// The protocol rewritten to round turnout and leader's share; every control relation kept.
  static func round(_ p: PollingStationProtocol, leader: Int, fiveTurnout: Bool, fiveShare: Bool)
    -> PollingStationProtocol
  {
    guard let e = p.votersOnList, e > 0, let i = p.ballotsIssued, i > 0, leader < p.votes.count
    else {
      return p
    }
    func target(_ k: Int, _ n: Int, five: Bool) -> Int {
      var r = (200 * k + n) / (2 * n)  // the nearest whole percentage
      if five { r = ((r + 2) / 5) * 5 }
      return min(100, r)
    }
    let issued = min(e, WholePercent.nearest(target(i, e, five: fiveTurnout), e))
    let scale = Double(issued) / Double(i)
    var q = p
    let invalid = min(issued, Int((Double(p.invalid ?? 0) * scale).rounded()))
    let valid = issued - invalid
    var against = min(valid, Int((Double(p.againstAll ?? 0) * scale).rounded()))
    let oldValid = max(1, (p.votes.compactMap { $0 }.reduce(0, +)) + (p.againstAll ?? 0))
    let lead = min(
      valid, WholePercent.nearest(target(p.votes[leader] ?? 0, oldValid, five: fiveShare), valid))
    if lead + against > valid { against = valid - lead }
    // The rest goes to the other choices in proportion to their counted votes (largest remainders).
    let rest = valid - against - lead
    let others = p.votes.indices.filter { $0 != leader }
    let weights = others.map { p.votes[$0] ?? 0 }
    let total = max(1, weights.reduce(0, +))
    var shares = weights.map { $0 * rest / total }
    var remainders = weights.enumerated().map { ($0.offset, $0.element * rest % total) }
    remainders.sort { ($0.1, -$0.0) > ($1.1, -$1.0) }
    var left = rest - shares.reduce(0, +)
    var k = 0
    while left > 0 && !remainders.isEmpty {
      shares[remainders[k % remainders.count].0] += 1
      left -= 1
      k += 1
    }
    q.votes[leader] = lead
    for (j, o) in others.enumerated() { q.votes[o] = shares[j] }
    q.ballotsIssued = issued
    q.ballotsInBox = issued
    q.invalid = invalid
    q.againstAll = against
    q.unused = (p.ballotsReceived ?? e) - issued
    return q
  }
}
