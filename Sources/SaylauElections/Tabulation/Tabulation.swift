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
