/// Disproportionality and fragmentation indices of an allocation: the one definition of each.
///
/// These are descriptive statistics, so they are `Double` outputs; the seat counts they describe are exact.
/// An index is only meaningful with its base, which ``Disproportionality`` states: use it (rather than the
/// bare formulas) wherever an index is shown, so that two faces cannot print "Gallagher" on two bases.
public enum ProportionalityIndex {
  /// Gallagher's least-squares index, in percentage points: `sqrt(½ Σ (v_i − s_i)²)` with shares in %.
  /// Shares are of the totals of the arrays given.
  public static func gallagher(votes: [Int], seats: [Int]) -> Double {
    let (v, s) = shares(votes, seats)
    return (0.5 * zip(v, s).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }).squareRoot()
  }

  /// Loosemore–Hanby index, in percentage points: `½ Σ |v_i − s_i|`.
  public static func loosemoreHanby(votes: [Int], seats: [Int]) -> Double {
    let (v, s) = shares(votes, seats)
    return 0.5 * zip(v, s).reduce(0) { $0 + abs($1.0 - $1.1) }
  }

  /// Laakso–Taagepera effective number of parties, `1 / Σ p_i²`, of any list of counts (votes or seats).
  /// `nil` when the counts are all zero.
  public static func effectiveNumberOfParties(_ counts: [Int]) -> Double? {
    let total = counts.reduce(0, +)
    guard total > 0 else { return nil }
    let t = Double(total)
    return 1 / counts.reduce(0.0) { $0 + (Double($1) / t) * (Double($1) / t) }
  }

  private static func shares(_ votes: [Int], _ seats: [Int]) -> ([Double], [Double]) {
    precondition(votes.count == seats.count, "one seat count per vote count")
    let tv = Double(max(votes.reduce(0, +), 1))
    let ts = Double(max(seats.reduce(0, +), 1))
    return (votes.map { 100 * Double($0) / tv }, seats.map { 100 * Double($0) / ts })
  }
}

/// Which votes an index compares with which seats.
///
/// An election has contenders on one ballot (party lists) with votes and seats; it may also have valid
/// votes for no contender ("against all") and seats won without votes on that ballot (constituency seats of
/// independents in a mixed chamber). The basis says whether each of the two is part of the comparison.
public struct IndexBasis: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Which votes make up the vote shares.
  public enum Votes: String, Sendable, Hashable, Codable, CaseIterable {
    /// The contenders' votes only.
    case contenders
    /// The contenders' votes plus the valid votes for no contender, counted as votes that won no seat.
    case contendersAndNoContender = "contenders-and-no-contender"
  }

  /// Which seats make up the seat shares.
  public enum Seats: String, Sendable, Hashable, Codable, CaseIterable {
    /// The seats allocated on the ballot (the list tier).
    case ballot
    /// Every seat of the body: the ballot's seats plus the seats held without votes on it.
    case wholeBody = "whole-body"
  }

  public var votes: Votes
  public var seats: Seats

  public init(votes: Votes, seats: Seats) {
    self.votes = votes
    self.seats = seats
  }

  /// List votes (against all as votes without seats) against list seats.
  public static let listTier = IndexBasis(votes: .contendersAndNoContender, seats: .ballot)
  /// List votes (against all as votes without seats) against all seats of the chamber.
  public static let wholeChamber = IndexBasis(votes: .contendersAndNoContender, seats: .wholeBody)

  public var description: String {
    let v =
      votes == .contenders
      ? "contenders' votes"
      : "contenders' votes and votes for no contender (as votes without seats)"
    let s = seats == .ballot ? "seats allocated on the ballot" : "all seats of the body"
    return "\(v) against \(s)"
  }
}

/// The indices of one allocation on one stated ``IndexBasis``.
public struct Disproportionality: Sendable, Hashable, Codable {
  /// What the indices are computed from.
  public struct Input: Sendable, Hashable, Codable {
    /// One contender on the ballot.
    public struct Contender: Sendable, Hashable, Codable {
      public var name: String
      public var votes: Int
      /// Seats on the ballot (for ``IndexBasis/Seats/ballot``).
      public var ballotSeats: Int
      /// All the contender's seats in the body (for ``IndexBasis/Seats/wholeBody``); `nil` = not known.
      public var bodySeats: Int?

      public init(name: String, votes: Int, ballotSeats: Int, bodySeats: Int? = nil) {
        self.name = name
        self.votes = votes
        self.ballotSeats = ballotSeats
        self.bodySeats = bodySeats
      }
    }

    public var contenders: [Contender]
    /// Valid votes for no contender (against all); `nil` when the ballot has no such line.
    public var votesForNoContender: Int?
    /// Seats held without votes on the ballot, one entry per group (e.g. independents): counted together
    /// for Gallagher and Loosemore–Hanby, and each seat as a party of one for the effective number.
    public var seatsWithoutVotes: [Int]

    public init(
      contenders: [Contender], votesForNoContender: Int? = nil, seatsWithoutVotes: [Int] = []
    ) {
      self.contenders = contenders
      self.votesForNoContender = votesForNoContender
      self.seatsWithoutVotes = seatsWithoutVotes
    }
  }

  public var basis: IndexBasis
  /// Gallagher's least-squares index, in percentage points.
  public var gallagher: Double
  /// Loosemore–Hanby index, in percentage points.
  public var loosemoreHanby: Double
  /// Effective number of parties by the contenders' votes (votes for no contender never count).
  public var effectivePartiesByVotes: Double?
  /// Effective number of parties by seats on the basis (each seat without votes a party of one).
  public var effectivePartiesBySeats: Double?

  /// Computes the indices of `input` on `basis`; `nil` when the basis needs a count the input lacks (body
  /// seats of a contender).
  public init?(_ input: Input, basis: IndexBasis) {
    var votes = input.contenders.map(\.votes)
    var seats: [Int] = []
    for c in input.contenders {
      switch basis.seats {
      case .ballot: seats.append(c.ballotSeats)
      case .wholeBody:
        guard let s = c.bodySeats else { return nil }
        seats.append(s)
      }
    }
    let contenderSeats = seats
    if basis.votes == .contendersAndNoContender, let none = input.votesForNoContender {
      votes.append(none)
      seats.append(0)
    }
    var seatsForCount = contenderSeats
    if basis.seats == .wholeBody {
      for group in input.seatsWithoutVotes {
        votes.append(0)
        seats.append(group)
        seatsForCount += Array(repeating: 1, count: group)
      }
    }
    self.basis = basis
    gallagher = ProportionalityIndex.gallagher(votes: votes, seats: seats)
    loosemoreHanby = ProportionalityIndex.loosemoreHanby(votes: votes, seats: seats)
    effectivePartiesByVotes = ProportionalityIndex.effectiveNumberOfParties(
      input.contenders.map(\.votes))
    effectivePartiesBySeats = ProportionalityIndex.effectiveNumberOfParties(seatsForCount)
  }
}
