/// The sum of the protocols of one ballot type over some area (a constituency, a region, the nation).
///
/// Turnout is computed from the counts, never read from input. Lines that may be blank in a protocol
/// (ballots received, unused) are summed only while every protocol has them; one blank makes the total blank.
public struct BallotTally: Sendable, Hashable, Codable {
  public var ballot: BallotType
  public var protocols: Int = 0
  public var votersOnList: Int = 0
  public var ballotsReceived: Int? = 0
  public var ballotsIssued: Int = 0
  public var ballotsInBox: Int = 0
  public var invalid: Int = 0
  public var unused: Int? = 0
  /// `nil` when no protocol had an "against all" line.
  public var againstAll: Int? = nil
  /// Votes per choice: party index (list ballot) or candidate position − 1 (constituency ballot).
  public var votes: [Int]

  public init(ballot: BallotType, choices: Int) {
    self.ballot = ballot
    self.votes = [Int](repeating: 0, count: choices)
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
  public mutating func add(_ other: BallotTally) -> String? {
    var t = self
    func sum(_ a: Int, _ b: Int, _ name: String) throws(TallyOverflow) -> Int {
      let (s, o) = a.addingReportingOverflow(b)
      if o { throw TallyOverflow(field: name) }
      return s
    }
    do {
      t.protocols = try sum(t.protocols, other.protocols, "protocols")
      t.votersOnList = try sum(t.votersOnList, other.votersOnList, "voters_on_list")
      t.ballotsIssued = try sum(t.ballotsIssued, other.ballotsIssued, "ballots_issued")
      t.ballotsInBox = try sum(t.ballotsInBox, other.ballotsInBox, "ballots_in_box")
      t.invalid = try sum(t.invalid, other.invalid, "invalid")
      if let a = t.ballotsReceived, let b = other.ballotsReceived {
        t.ballotsReceived = try sum(a, b, "ballots_received")
      } else {
        t.ballotsReceived = nil
      }
      if let a = t.unused, let b = other.unused {
        t.unused = try sum(a, b, "unused")
      } else {
        t.unused = nil
      }
      if let b = other.againstAll { t.againstAll = try sum(t.againstAll ?? 0, b, "against_all") }
      if t.votes.count < other.votes.count {
        t.votes += [Int](repeating: 0, count: other.votes.count - t.votes.count)
      }
      for i in other.votes.indices { t.votes[i] = try sum(t.votes[i], other.votes[i], "votes") }
    } catch {
      return error.field
    }
    self = t
    return nil
  }
}

struct TallyOverflow: Error { var field: String }

/// Protocol totals at every level: per constituency, per region (when a constituency→region map is given)
/// and for the nation, each per ballot type.
public struct Tabulation: Sendable, Codable {
  public var schemaParties: [ListVote.Party]
  /// `constituencies[ballot][n]` for constituency number `n` (only constituencies with protocols).
  public var constituencies: [BallotType: [Int: BallotTally]]
  public var regions: [BallotType: [String: BallotTally]]
  public var nation: [BallotType: BallotTally]
  public var synthetic: Bool

  /// Rolls constituency tallies up to regions and the nation. Overflow of a sum is reported as an issue.
  public init(
    parties: [ListVote.Party], constituencies: [BallotType: [Int: BallotTally]],
    regionOf: [Int: String],
    synthetic: Bool
  ) throws(TabulationError) {
    self.schemaParties = parties
    self.constituencies = constituencies
    self.synthetic = synthetic
    var regions: [BallotType: [String: BallotTally]] = [:]
    var nation: [BallotType: BallotTally] = [:]
    for (ballot, byNumber) in constituencies {
      for number in byNumber.keys.sorted() {
        let t = byNumber[number]!
        var n = nation[ballot] ?? BallotTally(ballot: ballot, choices: 0)
        if ballot == .constituency {
          // Candidates differ between constituencies: only the totals roll up, not the per-choice votes.
          var stripped = t
          stripped.votes = [stripped.votes.reduce(0, +)]
          if let f = n.add(stripped) { throw TabulationError(field: f, area: "nation") }
        } else if let f = n.add(t) {
          throw TabulationError(field: f, area: "nation")
        }
        nation[ballot] = n
        if let code = regionOf[number] {
          var r = regions[ballot, default: [:]][code] ?? BallotTally(ballot: ballot, choices: 0)
          var part = t
          if ballot == .constituency { part.votes = [part.votes.reduce(0, +)] }
          if let f = r.add(part) { throw TabulationError(field: f, area: "region \(code)") }
          regions[ballot, default: [:]][code] = r
        }
      }
    }
    self.regions = regions
    self.nation = nation
  }

  /// The national list vote in the shape the list-seat decision takes.
  public var nationalListVote: ListVote? {
    guard let t = nation[.list] else { return nil }
    let parties = schemaParties.enumerated().map { i, p in
      ListVote.Party(code: p.code, name: p.name, votes: i < t.votes.count ? t.votes[i] : 0)
    }
    return ListVote(
      parties: parties, againstAll: t.againstAll, invalid: t.invalid, ballotsInBox: t.ballotsInBox,
      ballotsIssued: t.ballotsIssued)
  }
}

/// A sum that does not fit in a 64-bit count.
public struct TabulationError: Error, CustomStringConvertible {
  public var field: String
  public var area: String
  public var description: String { "the total of '\(field)' for \(area) overflows a 64-bit count" }
}
