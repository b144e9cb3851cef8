/// Disproportionality and fragmentation indices of an allocation.
///
/// These are descriptive statistics, so they are `Double` outputs; the seat counts they describe are exact.
/// Shares are computed over the contenders given (pass every list, including those below the threshold, to
/// see the threshold's effect).
public enum ProportionalityIndex {
  /// Gallagher's least-squares index, in percentage points: `sqrt(½ Σ (v_i − s_i)²)` with shares in %.
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
