/// The decision in one single-member constituency (rules.md A5).
public struct ConstituencyResult: Sendable, Hashable, Codable {
  public enum Status: String, Sendable, Codable {
    /// A winner is elected.
    case elected
    /// Exact tie for first place: no rule in the law (A5.3), left for external resolution.
    case tie
    /// R1995/R1999: nobody passed the majority; the top two go to a runoff.
    case runoff
    /// "Against all" led and the option says a repeat election is needed.
    case repeatElection
    /// No votes for any candidate.
    case noVotes
  }

  public struct Candidate: Sendable, Hashable, Codable {
    public var position: Int
    public var name: String
    public var nomination: String?
    public var votes: Int
  }

  public var constituency: Int
  public var status: Status
  /// Candidates by votes (descending, then ballot position).
  public var candidates: [Candidate]
  public var againstAll: Int?
  /// The elected candidate (status `elected`).
  public var winner: Candidate?
  /// The tied leaders (status `tie`) or the runoff pair (status `runoff`).
  public var contenders: [Candidate]
  /// Set whenever "against all" got more votes than every candidate, whatever the policy.
  public var againstAllLeads: Bool
  public var valid: Int
  public var ballotsIssued: Int
  public var turnoutPercent: Double?
}

/// Decides the winners of single-member constituencies under a regime's rule and the options.
public struct ConstituencyDecision: Sendable {
  public var rule: ConstituencyRule
  public var options: ElectionOptions

  public init(rule: ConstituencyRule, options: ElectionOptions = ElectionOptions()) {
    self.rule = rule
    self.options = options
  }

  /// `candidates` are the registered candidates of the constituency by position (or `nil`: names unknown).
  public func decide(constituency: Int, tally: BallotTally, candidates: [RegisteredCandidate]?)
    -> ConstituencyResult
  {
    let list = tally.votes.enumerated().map { i, v in
      let reg = candidates?.first { $0.position == i + 1 && $0.constituency == constituency }
      return ConstituencyResult.Candidate(
        position: i + 1, name: reg?.name ?? "candidate \(i + 1)", nomination: reg?.nomination,
        votes: v)
    }
    let sorted = list.sorted {
      $0.votes != $1.votes ? $0.votes > $1.votes : $0.position < $1.position
    }
    let top = sorted.first?.votes ?? 0
    let against = tally.againstAll ?? 0
    let againstLeads = tally.againstAll != nil && against > top
    var status: ConstituencyResult.Status
    var winner: ConstituencyResult.Candidate? = nil
    var contenders: [ConstituencyResult.Candidate] = []
    let leaders = sorted.filter { $0.votes == top }
    if top == 0 {
      status = .noVotes
    } else if againstLeads && options.againstAll == .repeatElection {
      status = .repeatElection
    } else if leaders.count > 1 {
      status = .tie
      contenders = leaders
    } else {
      switch rule {
      case .plurality:
        status = .elected
        winner = sorted[0]
      case .majorityWithRunoff:
        // "More than 50% of the voters who took part": top · 2 > base.
        let base = options.majorityBase == .ballotsIssued ? tally.ballotsIssued : tally.valid
        if top * 2 > base {
          status = .elected
          winner = sorted[0]
        } else if sorted.count >= 3 && sorted[1].votes == sorted[2].votes {
          // Who takes second place in the runoff is itself tied: no rule found.
          status = .tie
          contenders = sorted.filter { $0.votes == sorted[1].votes }
        } else {
          status = .runoff
          contenders = Array(sorted.prefix(2))
        }
      }
    }
    return ConstituencyResult(
      constituency: constituency, status: status, candidates: sorted, againstAll: tally.againstAll,
      winner: winner, contenders: contenders, againstAllLeads: againstLeads, valid: tally.valid,
      ballotsIssued: tally.ballotsIssued, turnoutPercent: tally.turnoutPercent)
  }
}

/// The composition of the chamber: list, constituency and appointed seats per party or group.
public struct ChamberComposition: Sendable, Hashable, Codable {
  public struct Row: Sendable, Hashable, Codable {
    /// Party code, `independent` (self-nominated and public-association nominees), `apk` (appointed), …
    public var party: String
    public var name: String
    public var votes: Int?
    public var listSeats: Int
    /// `nil` when unknown for this election (blank stays blank).
    public var constituencySeats: Int?
    public var appointedSeats: Int
    public var totalSeats: Int?
    /// Which of this row's numbers are derived rather than published, in words; empty when none.
    public var derived: [String]
  }

  public var regime: String
  public var rows: [Row]
  /// Constituencies without an elected member (ties, runoffs, repeat elections, no data).
  public var undecidedConstituencies: [Int]
  public var notes: [String]

  public var totalSeats: Int? {
    rows.reduce(Int?.some(0)) { acc, r in acc.flatMap { a in r.totalSeats.map { a + $0 } } }
  }

  /// Builds the composition from list seats, constituency results and the regime's appointed seats.
  /// Constituency winners nominated by a listed party count for that party; everyone else is independent.
  /// The given results without an elected member (a tie, a runoff, a repeat election) are
  /// ``undecidedConstituencies``.
  public init(
    regime: Regime, list: ListSeatResult?, constituencies: [ConstituencyResult]?,
    notes: [String] = []
  ) {
    self.regime = regime.id
    var rows: [Row] = []
    let partyCodes = Set(list?.rows.map(\.code) ?? [])
    var smd: [String: Int] = [:]
    var undecided: [Int] = []
    if let constituencies {
      for c in constituencies {
        if let w = c.winner {
          let key = w.nomination.flatMap { partyCodes.contains($0) ? $0 : nil } ?? "independent"
          smd[key, default: 0] += 1
        } else {
          undecided.append(c.constituency)
        }
      }
    }
    for r in list?.rows ?? [] {
      let cs: Int? =
        regime.constituencySeats == 0 ? 0 : (constituencies == nil ? nil : smd[r.code, default: 0])
      rows.append(
        Row(
          party: r.code, name: r.name, votes: r.votes, listSeats: r.seats, constituencySeats: cs,
          appointedSeats: 0, totalSeats: cs.map { $0 + r.seats }, derived: []))
    }
    if regime.constituencySeats > 0, constituencies != nil {
      let ind = smd["independent", default: 0]
      rows.append(
        Row(
          party: "independent", name: "Independents (self-nominated and other nominees)",
          votes: nil,
          listSeats: 0, constituencySeats: ind, appointedSeats: 0, totalSeats: ind, derived: []))
    }
    for a in regime.appointed {
      rows.append(
        Row(
          party: a.code, name: "Elected by the \(a.body)", votes: nil, listSeats: 0,
          constituencySeats: 0,
          appointedSeats: a.seats, totalSeats: a.seats, derived: []))
    }
    self.rows = rows
    self.undecidedConstituencies = undecided
    self.notes = notes
  }

  /// Builds the composition after a count of protocols: `counted` holds a result for each constituency that
  /// had protocols, so every constituency of the regime (1…`regime.constituencySeats`) without an elected
  /// member is undecided, including those without any result (no protocols, no data).
  public init(
    regime: Regime, list: ListSeatResult?, counted: [ConstituencyResult], notes: [String] = []
  ) {
    self.init(regime: regime, list: list, constituencies: counted, notes: notes)
    if regime.constituencySeats > 0 {
      let elected = Set(counted.filter { $0.winner != nil }.map(\.constituency))
      undecidedConstituencies = (1...regime.constituencySeats).filter { !elected.contains($0) }
    }
  }

  /// Builds the composition when only the constituency seats per party are known (not the winners), as for
  /// 2023 in the bundled data. `basisByParty` says how a party's number was obtained when it was not
  /// published ("derived: …"); it is attached to that row.
  public init(
    regime: Regime, list: ListSeatResult?, constituencySeatsByParty: [String: Int],
    basisByParty: [String: String] = [:], notes: [String] = []
  ) {
    self.init(regime: regime, list: list, constituencies: [], notes: notes)
    for i in rows.indices where rows[i].appointedSeats == 0 {
      let seats = constituencySeatsByParty[rows[i].party] ?? 0
      rows[i].constituencySeats = seats
      rows[i].totalSeats = rows[i].listSeats + seats
      if let basis = basisByParty[rows[i].party] {
        rows[i].derived.append("constituency seats \(basis)")
      }
    }
    undecidedConstituencies = []
  }
}
