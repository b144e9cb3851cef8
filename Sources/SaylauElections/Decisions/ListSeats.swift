import SaylauApportionment
import SaylauCore

/// The national party-list vote of one election, as the CEC counts it.
public struct ListVote: Sendable, Hashable, Codable {
  /// One party list. The array order is the registration order used to break remainder ties.
  public struct Party: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var votes: Int
    /// A derived line standing for several lists together ("other lists"): it counts in the threshold base
    /// but is not a list, so it can never pass the threshold or win a seat.
    public var isAggregate: Bool
    public init(code: String, name: String, votes: Int, isAggregate: Bool = false) {
      self.code = code
      self.name = name
      self.votes = votes
      self.isAggregate = isAggregate
    }
  }

  public var parties: [Party]
  /// Votes "against all"; `nil` when the ballot had no such line or the count is unknown.
  public var againstAll: Int?
  public var invalid: Int?
  public var ballotsInBox: Int?
  public var ballotsIssued: Int?

  public init(
    parties: [Party], againstAll: Int? = nil, invalid: Int? = nil, ballotsInBox: Int? = nil,
    ballotsIssued: Int? = nil
  ) {
    self.parties = parties
    self.againstAll = againstAll
    self.invalid = invalid
    self.ballotsInBox = ballotsInBox
    self.ballotsIssued = ballotsIssued
  }

  /// The most list votes a count takes in all (10^15, far above any electorate): the exact products of the
  /// decision stay within 64 bits below it.
  public static let maximumVotes = 1_000_000_000_000_000

  /// Valid list ballots: party votes plus "against all".
  public var valid: Int { parties.reduce(0) { $0 + $1.votes } + (againstAll ?? 0) }
}

/// Errors of the list-seat decision.
public enum ListSeatError: Error, Equatable, CustomStringConvertible {
  case missingBase(ThresholdBase)
  case noMethod(String)
  case noThreshold(String)
  case unresolvedTie([String])
  case allocation(AllocationError)
  /// Any other failure of the allocation engine, in its own words.
  case other(String)

  public var description: String {
    switch self {
    case .missingBase(let b):
      return "the threshold base '\(b.rawValue)' needs a count the input does not have"
    case .noMethod(let r): return "regime \(r) has no known list formula: a what-if must name one"
    case .noThreshold(let r): return "regime \(r) has no known threshold: a what-if must give one"
    case .unresolvedTie(let t):
      return
        "remainder tie needs manual resolution (remainder-tie policy 'error'): \(t.joined(separator: "; "))"
    case .allocation(let e): return e.description
    case .other(let m): return m
    }
  }
}

/// The outcome of the list-seat decision with everything needed to audit it.
public struct ListSeatResult: Sendable, Hashable, Codable {
  public struct Row: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var votes: Int
    /// Share of the threshold base, in percent (display only; eligibility is decided in integers).
    public var percentOfBase: Double
    public var passedThreshold: Bool
    /// Admitted by the runner-up guarantee although below the threshold.
    public var admittedAsRunnerUp: Bool
    public var seats: Int
  }

  public var regime: String
  public var seats: Int
  public var method: AllocationMethod
  public var threshold: Threshold
  public var thresholdBase: ThresholdBase
  public var base: Int
  public var options: ElectionOptions
  public var runnerUpGuaranteeApplied: Bool
  public var rows: [Row]
  public var tiesBroken: [String]
  public var notes: [String]
  /// What the law leaves to the commission (no list passed the threshold, …): a result with any is not
  /// complete until the commission decides.
  public var commissionDecisions: [String]
  /// Every step of the decision (rules.md A8).
  public var trace: ListSeatTrace

  public func seats(of code: String) -> Int? { rows.first { $0.code == code }?.seats }
}

/// Decides the list seats of a regime (rules.md A4): threshold in integer arithmetic, then the regime's formula
/// (Hare + largest remainder in every regime so far), remainder ties by registration order, and the
/// runner-up guarantee when it applies.
public struct ListSeatDecision: Sendable {
  public var regime: Regime
  public var options: ElectionOptions
  /// Overrides for what-if runs; `nil` = the regime's own value.
  public var method: AllocationMethod?
  public var threshold: Threshold?
  public var seats: Int?

  public init(
    regime: Regime, options: ElectionOptions = ElectionOptions(), method: AllocationMethod? = nil,
    threshold: Threshold? = nil, seats: Int? = nil
  ) {
    self.regime = regime
    self.options = options
    self.method = method
    self.threshold = threshold
    self.seats = seats
  }

  public func decide(_ vote: ListVote) throws -> ListSeatResult {
    guard let method = method ?? regime.listMethod else { throw ListSeatError.noMethod(regime.id) }
    guard let threshold = threshold ?? regime.listThreshold else {
      throw ListSeatError.noThreshold(regime.id)
    }
    let m = seats ?? regime.listSeats
    // Counts beyond any electorate would make the exact arithmetic below overflow: refused, not trapped.
    var total = vote.againstAll ?? 0
    for p in vote.parties {
      let (t, o) = total.addingReportingOverflow(p.votes)
      guard !o, t <= ListVote.maximumVotes, p.votes >= 0 else {
        throw ListSeatError.other(
          "the list votes add up to more than \(ListVote.maximumVotes), beyond any electorate")
      }
      total = t
    }
    let base: Int
    switch options.thresholdBase {
    case .validInclAgainstAll: base = vote.valid
    case .ballotsInBox:
      if let b = vote.ballotsInBox {
        base = b
      } else if let inv = vote.invalid {
        base = vote.valid + inv
      } else {
        throw ListSeatError.missingBase(.ballotsInBox)
      }
    case .ballotsIssued:
      guard let b = vote.ballotsIssued else { throw ListSeatError.missingBase(.ballotsIssued) }
      base = b
    }
    var passed = vote.parties.map {
      !$0.isAggregate && base > 0 && threshold.isReached(by: $0.votes, of: base)
    }
    var runnerUp: Int? = nil
    var notes: [String] = []
    let guarantee = options.appliesRunnerUp(in: regime)
    if guarantee && passed.filter({ $0 }).count == 1 {
      // The list with the next-largest vote (earlier list on a tie) is admitted too.
      let candidates = vote.parties.indices.filter {
        !passed[$0] && !vote.parties[$0].isAggregate && vote.parties[$0].votes > 0
      }
      if let r = candidates.max(by: { a, b in
        vote.parties[a].votes != vote.parties[b].votes
          ? vote.parties[a].votes < vote.parties[b].votes : a > b
      }) {
        runnerUp = r
        passed[r] = true
      }
    }
    let eligible = vote.parties.indices.filter { passed[$0] }
    var seatsOf = [Int](repeating: 0, count: vote.parties.count)
    var ties: [String] = []
    var commission: [String] = []
    if eligible.isEmpty {
      notes.append("No list reached the threshold; no list seat was allocated.")
      commission.append(
        "No list reached the threshold of \(threshold) of \(options.thresholdBase.label): the law as known gives no rule for the \(m) list seats, so the commission must decide (rules.md A4, 'minimum parties'); the chamber is incomplete until then."
      )
    } else if let r = runnerUp, let leader = eligible.first(where: { $0 != r }) {
      // Interpretation of the truncated 2009 text (rules.md A4.3): quota = (v1 + v2) / M; the runner-up's
      // quotient is multiplied by the correction index 0.7, i.e. floor(0.7 · v2 · M / (v1 + v2)) seats,
      // and at least 2 (IPU summary); the leader takes the rest.
      let v1 = vote.parties[leader].votes
      let v2 = vote.parties[r].votes
      let q = mulDivMod(v2, 7 * m, 10 * (v1 + v2)).quotient
      seatsOf[r] = min(m, max(2, q))
      seatsOf[leader] = m - seatsOf[r]
      notes.append(
        "Runner-up guarantee applied: \(vote.parties[r].code) admitted below the threshold; its quotient is multiplied by the correction index 0.7, at least 2 seats (interpretation of a truncated text)."
      )
    } else {
      let contenders = eligible.map {
        Contender(name: vote.parties[$0].code, weight: vote.parties[$0].votes)
      }
      let allocation: Allocation
      do {
        // Party lists: exact ties go to the earlier-registered list (A4.7), minimums are pinned by seats.
        allocation = try method.allocate(
          m, among: contenders, ties: .breakByOrder, minimums: .pinByAllocation)
      } catch {
        throw ListSeatError.allocation(error)
      }
      if !allocation.tiesBroken.isEmpty && options.remainderTie == .error {
        throw ListSeatError.unresolvedTie(allocation.tiesBroken)
      }
      ties = allocation.tiesBroken
      for (k, i) in eligible.enumerated() { seatsOf[i] = allocation.seats[k] }
    }
    let rows = vote.parties.indices.map { i in
      ListSeatResult.Row(
        code: vote.parties[i].code, name: vote.parties[i].name, votes: vote.parties[i].votes,
        percentOfBase: base > 0 ? 100 * Double(vote.parties[i].votes) / Double(base) : 0,
        passedThreshold: !vote.parties[i].isAggregate && base > 0
          && threshold.isReached(by: vote.parties[i].votes, of: base),
        admittedAsRunnerUp: runnerUp == i, seats: seatsOf[i])
    }
    return ListSeatResult(
      regime: regime.id, seats: m, method: method, threshold: threshold,
      thresholdBase: options.thresholdBase,
      base: base, options: options, runnerUpGuaranteeApplied: runnerUp != nil, rows: rows,
      tiesBroken: ties,
      notes: notes, commissionDecisions: commission,
      trace: trace(
        vote: vote, method: method, threshold: threshold, seats: m, base: base, passed: passed,
        eligible: eligible, runnerUp: runnerUp, seatsOf: seatsOf, ties: ties,
        commission: commission))
  }
}
