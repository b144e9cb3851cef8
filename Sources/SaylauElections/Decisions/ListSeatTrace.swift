import SaylauApportionment
import SaylauCore

/// Every step of a list-seat decision as rules.md A8 writes it out: the threshold base, the threshold test of
/// each list, the quota, the whole seats, the remainders, their ranks, the seats the remainders give, each
/// tie and how it was broken, and the runner-up arithmetic. All numbers are exact integers; the decimal
/// fractions (`0.649`) are display only.
public struct ListSeatTrace: Sendable, Hashable, Codable {
  /// One list's line of the table.
  public struct Row: Sendable, Hashable, Codable {
    public var code: String
    public var votes: Int
    /// Whether the list reached the threshold (the integer test `votes·den ≥ num·base`).
    public var passedThreshold: Bool
    /// The threshold test in words: `20 × 331,058 = 6,621,160 ≥ 6,366,441`.
    public var thresholdTest: String
    public var admittedAsRunnerUp: Bool
    /// Whether the list takes part in the allocation (passed, or admitted as runner-up).
    public var eligible: Bool
    /// `votes × quota denominator` (for Hare, `votes × M`); `nil` for lists not in the allocation or when
    /// the product does not fit a 64-bit count.
    public var product: Int?
    /// Seats from the whole part of the quotient (`floor(v·M / S)` for Hare).
    public var wholeSeats: Int?
    /// The remainder numerator (`(v·M) mod S` for Hare): remainders share the denominator, so they compare
    /// as integers.
    public var remainder: Int?
    /// The remainder as a decimal fraction of the quota, three places (display only).
    public var remainderFraction: String?
    /// 1 for the largest remainder, among the eligible lists.
    public var rank: Int?
    /// Seats given for the remainder (0 or 1; more only under minimum rules).
    public var remainderSeats: Int?
    public var seats: Int
  }

  /// The runner-up guarantee's arithmetic (rules.md A4.3), when it applied.
  public struct RunnerUp: Sendable, Hashable, Codable {
    public var leader: String
    public var runnerUp: String
    public var leaderVotes: Int
    public var runnerUpVotes: Int
    /// `floor(0.7 · v₂ · M / (v₁ + v₂))`, before the minimum of 2.
    public var correctedQuotient: Int
    public var runnerUpSeats: Int
    public var leaderSeats: Int
    /// The computation in words.
    public var computation: String
  }

  /// `largestRemainder` for the quota methods (the A8 table), `divisor` for the highest-average what-ifs,
  /// `runnerUp` when the guarantee decided, `none` when no list was eligible.
  public var kind: String
  public var method: String
  public var seats: Int
  public var thresholdBase: ThresholdBase
  public var baseVotes: Int
  public var threshold: Threshold
  /// The threshold in votes, exactly: `5% of 6,366,441 = 318,322.05`.
  public var thresholdVotes: String
  /// The least vote that passes: `ceil(num·base / den)`.
  public var minimumPassingVotes: Int
  /// `S`: the votes of the eligible lists.
  public var eligibleVotes: Int
  /// The quota in words: `S / M = 5,971,719 / 69 = 86,546.652…`.
  public var quota: String?
  /// Seats given by the whole parts, and the seats left for the remainders (`R`).
  public var wholeSeatsTotal: Int?
  public var remainderSeatsTotal: Int?
  public var rows: [Row]
  public var ties: [String]
  public var runnerUp: RunnerUp?
  /// Decisions the law leaves to the commission (no list passed the threshold, an unresolved tie).
  public var commissionDecisions: [String]
}

extension ListSeatTrace {
  /// `n` with thousands separators (`6,366,441`), as the trace writes numbers.
  public static func groupedText(_ n: Int) -> String { grouped(n) }

  /// `n` with thousands separators (`6,366,441`): the trace's numbers read as rules.md writes them.
  static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// `numerator / denominator` to `places` decimals, truncated, with `…` when inexact.
  static func decimal(_ numerator: Int, _ denominator: Int, places: Int = 3) -> String {
    let (q, r) = mulDivMod(numerator, 1, denominator)
    var rest = r
    var digits = ""
    for _ in 0..<places {
      let (d, r2) = mulDivMod(rest, 10, denominator)
      digits += String(d)
      rest = r2
    }
    return grouped(q) + (places > 0 ? "." + digits : "") + (rest == 0 ? "" : "…")
  }

  /// The threshold in votes: `num·base / den` with as many decimals as needed (at most 6).
  static func thresholdVotes(_ t: Threshold, base: Int) -> String {
    let p = WideUInt.product(t.numerator, base)
    guard let product = Int(exactly: p.l0), p.l1 == 0, p.l2 == 0, p.l3 == 0, product >= 0 else {
      return "\(t) of \(grouped(base))"
    }
    var places = 0
    var scale = 1
    while places < 6 && mulDivMod(product, scale, t.denominator).remainder != 0 {
      places += 1
      scale *= 10
    }
    var text = decimal(product, t.denominator, places: places)
    if places == 0 { text = grouped(product / t.denominator) }
    return "\(t) of \(grouped(base)) = \(text)"
  }
}

extension ListSeatDecision {
  /// Builds the trace of a decision from its inputs and outcome.
  func trace(
    vote: ListVote, method: AllocationMethod, threshold: Threshold, seats m: Int, base: Int,
    passed: [Bool], eligible: [Int], runnerUp: Int?, seatsOf: [Int], ties: [String],
    commission: [String]
  ) -> ListSeatTrace {
    let minimum: Int = {
      // The least v with v·den ≥ num·base.
      let (q, r) = mulDivMod(threshold.numerator, base, threshold.denominator)
      return r == 0 ? q : q + 1
    }()
    let s = eligible.reduce(0) { $0 + vote.parties[$1].votes }
    var rows = vote.parties.indices.map { i -> ListSeatTrace.Row in
      let p = vote.parties[i]
      let reached = !p.isAggregate && base > 0 && threshold.isReached(by: p.votes, of: base)
      let lhs = p.votes.multipliedReportingOverflow(by: threshold.denominator)
      let rhs = threshold.numerator.multipliedReportingOverflow(by: base)
      let test: String
      if p.isAggregate {
        test = "an aggregate of several lists: never a list, never seated"
      } else if !lhs.overflow && !rhs.overflow {
        test =
          "\(threshold.denominator) × \(ListSeatTrace.grouped(p.votes)) = \(ListSeatTrace.grouped(lhs.partialValue)) \(reached ? "≥" : "<") \(threshold.numerator) × \(ListSeatTrace.grouped(base)) = \(ListSeatTrace.grouped(rhs.partialValue))"
      } else {
        test = reached ? "reaches the threshold" : "below the threshold"
      }
      return ListSeatTrace.Row(
        code: p.code, votes: p.votes,
        passedThreshold: reached,
        thresholdTest: test, admittedAsRunnerUp: runnerUp == i, eligible: eligible.contains(i),
        product: nil, wholeSeats: nil, remainder: nil, remainderFraction: nil, rank: nil,
        remainderSeats: nil, seats: seatsOf[i])
    }
    var t = ListSeatTrace(
      kind: "none", method: method.description, seats: m, thresholdBase: options.thresholdBase,
      baseVotes: base, threshold: threshold,
      thresholdVotes: ListSeatTrace.thresholdVotes(threshold, base: base),
      minimumPassingVotes: minimum, eligibleVotes: s, quota: nil, wholeSeatsTotal: nil,
      remainderSeatsTotal: nil, rows: rows, ties: ties, runnerUp: nil,
      commissionDecisions: commission)
    guard !eligible.isEmpty, s > 0 else { return t }
    if let r = runnerUp, let leader = eligible.first(where: { $0 != r }) {
      let v1 = vote.parties[leader].votes
      let v2 = vote.parties[r].votes
      let q = mulDivMod(v2, 7 * m, 10 * (v1 + v2)).quotient
      t.kind = "runnerUp"
      t.quota = "(v₁ + v₂) / M = \(ListSeatTrace.grouped(v1 + v2)) / \(m)"
      t.runnerUp = ListSeatTrace.RunnerUp(
        leader: vote.parties[leader].code, runnerUp: vote.parties[r].code, leaderVotes: v1,
        runnerUpVotes: v2, correctedQuotient: q, runnerUpSeats: seatsOf[r],
        leaderSeats: seatsOf[leader],
        computation:
          "floor(0.7 × \(ListSeatTrace.grouped(v2)) × \(m) / \(ListSeatTrace.grouped(v1 + v2))) = \(q); at least 2 → \(seatsOf[r]); \(vote.parties[leader].code) takes the other \(seatsOf[leader])"
      )
      return t
    }
    guard case .largestRemainder(let quota) = method else {
      t.kind = "divisor"
      t.quota = nil
      return t
    }
    t.kind = "largestRemainder"
    // The same quota fraction as the engine's largest remainder: whole = floor(v·qd / qn).
    let (qn, qd): (Int, Int)
    switch quota {
    case .hare: (qn, qd) = (s, m)
    case .imperiali: (qn, qd) = (s, m + 2)
    case .droop: (qn, qd) = (s / (m + 1) + 1, 1)
    }
    switch quota {
    case .hare:
      t.quota =
        "S / M = \(ListSeatTrace.grouped(s)) / \(m) = \(ListSeatTrace.decimal(s, m))"
    case .imperiali:
      t.quota =
        "S / (M + 2) = \(ListSeatTrace.grouped(s)) / \(m + 2) = \(ListSeatTrace.decimal(s, m + 2))"
    case .droop:
      t.quota = "floor(S / (M + 1)) + 1 = \(ListSeatTrace.grouped(qn))"
    }
    var whole = 0
    for i in eligible {
      let v = vote.parties[i].votes
      let (w, rem) = mulDivMod(v, qd, qn)
      let product = v.multipliedReportingOverflow(by: qd)
      rows[i].product = product.overflow ? nil : product.partialValue
      rows[i].wholeSeats = w
      rows[i].remainder = rem
      rows[i].remainderFraction = ListSeatTrace.decimal(rem, qn).replacingOccurrences(
        of: "…", with: "")
      whole += w
    }
    // Ranks: larger remainder first; an exact tie goes to the list earlier in registration order.
    let ranked = eligible.sorted { a, b in
      let (ra, rb) = (rows[a].remainder ?? 0, rows[b].remainder ?? 0)
      return ra != rb ? ra > rb : a < b
    }
    for (k, i) in ranked.enumerated() {
      rows[i].rank = k + 1
      rows[i].remainderSeats = max(0, seatsOf[i] - (rows[i].wholeSeats ?? 0))
    }
    t.rows = rows
    t.wholeSeatsTotal = whole
    t.remainderSeatsTotal = max(0, m - whole)
    return t
  }
}
