/// The decision in one single-member constituency (rules.md A5), with its reason in words.
public struct ConstituencyResult: Sendable, Hashable, Codable {
  public enum Status: String, Sendable, Codable {
    /// A winner is elected.
    case elected
    /// Exact tie for first place (or, under the two-round rule, for a place in the runoff): no rule in the
    /// law (A5.3), left for external resolution.
    case tie
    /// R1995/R1999: nobody passed the majority; the top two go to a runoff.
    case runoff
    /// "Against all" led and the option says a repeat election is needed.
    case repeatElection
    /// No votes for any candidate.
    case noVotes
    /// Every registered candidate withdrew or was struck off, and the regime's law extends the election
    /// and re-opens nomination (Art. 93-2).
    case electionExtended = "extension"
    /// Every registered candidate withdrew or was struck off; the regime states no rule.
    case noCandidates
    /// Two-round rule: the only standing candidate has no majority, so no runoff can be held; the commission
    /// must call repeat voting.
    case noMajority
  }

  public struct Candidate: Sendable, Hashable, Codable {
    public var position: Int
    public var name: String
    public var nomination: String?
    public var nominationKind: NominationKind?
    public var votes: Int
    /// `nil` when no candidate list was given.
    public var status: CandidateStatus?

    public init(
      position: Int, name: String, nomination: String?, nominationKind: NominationKind? = nil,
      votes: Int, status: CandidateStatus? = nil
    ) {
      self.position = position
      self.name = name
      self.nomination = nomination
      self.nominationKind = nominationKind
      self.votes = votes
      self.status = status
    }
  }

  public var constituency: Int
  /// 1, or 2 for a runoff.
  public var round: Int
  public var status: Status
  /// Standing candidates by votes (descending, then ballot position).
  public var candidates: [Candidate]
  /// Candidates who withdrew or were struck off, with the votes their column still received.
  public var notStanding: [Candidate]
  public var againstAll: Int?
  /// The elected candidate (status `elected`).
  public var winner: Candidate?
  /// The tied leaders (status `tie`) or the runoff pair (status `runoff`).
  public var contenders: [Candidate]
  /// Set whenever "against all" got more votes than every candidate, whatever the policy.
  public var againstAllLeads: Bool
  /// Set when "against all" got exactly as many votes as the leading candidate.
  public var againstAllTiesLeader: Bool
  public var valid: Int
  public var ballotsIssued: Int
  public var turnoutPercent: Double?
  /// The two-round rule's base (valid votes incl. against all, or ballots issued) and its size.
  public var majorityBase: MajorityBase?
  public var majorityBaseVotes: Int?
  /// The decision in words: who, how many votes of what, and the rule.
  public var reason: String
}

/// Decides the winners of single-member constituencies under a regime's rule and the options.
public struct ConstituencyDecision: Sendable {
  public var rule: ConstituencyRule
  public var options: ElectionOptions
  /// Months by which the law extends the election when every candidate withdraws (`nil`: no such rule).
  public var withdrawalExtensionMonths: Int?

  public init(
    rule: ConstituencyRule, options: ElectionOptions = ElectionOptions(),
    withdrawalExtensionMonths: Int? = nil
  ) {
    self.rule = rule
    self.options = options
    self.withdrawalExtensionMonths = withdrawalExtensionMonths
  }

  /// The candidates of a tally, with names and status from the registered list when there is one.
  func candidates(
    constituency: Int, tally: BallotTally, registered: [RegisteredCandidate]?
  ) -> (standing: [ConstituencyResult.Candidate], notStanding: [ConstituencyResult.Candidate]) {
    var positions = tally.votes.count
    if let registered {
      positions = max(
        positions, registered.filter { $0.constituency == constituency }.map(\.position).max() ?? 0)
    }
    var standing: [ConstituencyResult.Candidate] = []
    var notStanding: [ConstituencyResult.Candidate] = []
    for i in 0..<positions {
      let reg = registered?.first { $0.position == i + 1 && $0.constituency == constituency }
      let c = ConstituencyResult.Candidate(
        position: i + 1, name: reg?.name ?? "candidate \(i + 1)", nomination: reg?.nomination,
        nominationKind: reg?.nominationKind, votes: i < tally.votes.count ? tally.votes[i] : 0,
        status: reg?.status)
      if reg?.status.isStanding ?? true { standing.append(c) } else { notStanding.append(c) }
    }
    let order: (ConstituencyResult.Candidate, ConstituencyResult.Candidate) -> Bool = {
      $0.votes != $1.votes ? $0.votes > $1.votes : $0.position < $1.position
    }
    return (standing.sorted(by: order), notStanding.sorted(by: order))
  }

  /// Decides round 1 (or the only round). `candidates` are the registered candidates of the constituency by
  /// position (or `nil`: names unknown, everyone standing).
  public func decide(constituency: Int, tally: BallotTally, candidates: [RegisteredCandidate]?)
    -> ConstituencyResult
  {
    let (sorted, notStanding) = self.candidates(
      constituency: constituency, tally: tally, registered: candidates)
    var r = ConstituencyResult(
      constituency: constituency, round: 1, status: .noVotes, candidates: sorted,
      notStanding: notStanding, againstAll: tally.againstAll, winner: nil, contenders: [],
      againstAllLeads: false, againstAllTiesLeader: false, valid: tally.valid,
      ballotsIssued: tally.ballotsIssued, turnoutPercent: tally.turnoutPercent, majorityBase: nil,
      majorityBaseVotes: nil, reason: "")
    if sorted.isEmpty && !notStanding.isEmpty {
      if let months = withdrawalExtensionMonths {
        r.status = .electionExtended
        r.reason =
          "every registered candidate withdrew or was struck off: the CEC extends the election by up to \(months) months and re-opens nomination (Art. 93-2, rules.md A5.4)"
      } else {
        r.status = .noCandidates
        r.reason =
          "every registered candidate withdrew or was struck off; the regime states no rule: a decision for the commission"
      }
      return r
    }
    let top = sorted.first?.votes ?? 0
    let against = tally.againstAll ?? 0
    r.againstAllLeads = tally.againstAll != nil && against > top
    r.againstAllTiesLeader = tally.againstAll != nil && against == top && top > 0
    let leaders = sorted.filter { $0.votes == top }
    let aaNote =
      r.againstAllLeads
      ? "; 'against all' (\(against)) out-polled every candidate"
      : (r.againstAllTiesLeader ? "; 'against all' (\(against)) tied with the leader" : "")
    if r.againstAllLeads && options.againstAll == .repeatElection {
      // Before the no-votes case: "against all" can lead candidates who have no votes at all.
      r.status = .repeatElection
      r.reason =
        "'against all' (\(against)) out-polled every candidate (best \(top)): nobody is elected, a repeat election is needed (policy repeat-election, rules.md A5.2)"
      return r
    }
    if top == 0 {
      r.status = .noVotes
      r.reason = "no candidate received a vote\(aaNote)"
      return r
    }
    switch rule {
    case .plurality:
      if leaders.count > 1 {
        r.status = .tie
        r.contenders = leaders
        r.reason =
          "\(names(leaders)) tie for first place with \(top) votes each: no rule in the law, for external resolution (rules.md A5.3)\(aaNote)"
      } else {
        r.status = .elected
        r.winner = sorted[0]
        let second =
          sorted.count > 1
          ? ", ahead of \(sorted[1].name) (\(sorted[1].votes))" : " (the only candidate)"
        r.reason =
          "\(sorted[0].name) has the most votes, \(top)\(second): elected by plurality in one round (rules.md A5.1)\(aaNote)"
      }
    case .majorityWithRunoff:
      // "More than 50% of the voters who took part".
      let base = options.majorityBase == .ballotsIssued ? tally.ballotsIssued : tally.valid
      r.majorityBase = options.majorityBase
      r.majorityBaseVotes = base
      // top > base − top: no product, so no overflow whatever the counts.
      let majority = top > base - top
      let test =
        "\(top) of \(base) \(options.majorityBase.label) is \(majority ? "more" : "not more") than half"
      if leaders.count == 1 && majority {
        r.status = .elected
        r.winner = sorted[0]
        r.reason =
          "\(sorted[0].name) has more than half: \(test): elected in round 1 (rules.md A5.8)\(aaNote)"
      } else if sorted.count == 1 {
        r.status = .noMajority
        r.reason =
          "\(sorted[0].name), the only standing candidate, has no majority (\(test)): a runoff needs two contenders, so the commission must call repeat voting\(aaNote)"
      } else if leaders.count == 2 {
        r.status = .runoff
        r.contenders = leaders
        r.reason =
          "no majority (\(test)); \(names(leaders)) tie for first place and both go to the runoff (rules.md A5.8)\(aaNote)"
      } else if leaders.count > 2 {
        r.status = .tie
        r.contenders = leaders
        r.reason =
          "no majority (\(test)); \(leaders.count) candidates tie for first place with \(top) votes, so the runoff pair cannot be named: for external resolution\(aaNote)"
      } else if sorted.count >= 3 && sorted[1].votes == sorted[2].votes {
        // Who takes second place in the runoff is itself tied: no rule found.
        r.status = .tie
        r.contenders = sorted.filter { $0.votes == sorted[1].votes }
        r.reason =
          "no majority (\(test)); \(names(r.contenders)) tie for second place with \(sorted[1].votes) votes, so the runoff pair cannot be named: for external resolution\(aaNote)"
      } else {
        r.status = .runoff
        r.contenders = Array(sorted.prefix(2))
        r.reason =
          "no majority (\(test)): \(sorted[0].name) (\(sorted[0].votes)) and \(sorted[1].name) (\(sorted[1].votes)) go to the runoff (rules.md A5.8)\(aaNote)"
      }
    }
    return r
  }

  /// Decides a runoff (round 2) between the contenders of round 1: the one with more votes wins
  /// (rules.md A5.8). Votes for anyone else must have been refused by the round-2 import.
  public func decideRunoff(
    _ round1: ConstituencyResult, tally: BallotTally, candidates registered: [RegisteredCandidate]?
  ) -> ConstituencyResult {
    let contenders = Set(round1.contenders.map(\.position))
    let (all, notStanding) = self.candidates(
      constituency: round1.constituency, tally: tally, registered: registered)
    let sorted = all.filter { contenders.contains($0.position) }
    var r = ConstituencyResult(
      constituency: round1.constituency, round: 2, status: .noVotes, candidates: sorted,
      notStanding: notStanding.filter { contenders.contains($0.position) },
      againstAll: tally.againstAll, winner: nil, contenders: [], againstAllLeads: false,
      againstAllTiesLeader: false, valid: tally.valid, ballotsIssued: tally.ballotsIssued,
      turnoutPercent: tally.turnoutPercent, majorityBase: nil, majorityBaseVotes: nil, reason: "")
    if sorted.isEmpty {
      r.status = withdrawalExtensionMonths == nil ? .noCandidates : .electionExtended
      r.reason = "neither runoff contender is standing: a decision for the commission"
      return r
    }
    let top = sorted[0].votes
    let against = tally.againstAll ?? 0
    r.againstAllLeads = tally.againstAll != nil && against > top
    r.againstAllTiesLeader = tally.againstAll != nil && against == top && top > 0
    let leaders = sorted.filter { $0.votes == top }
    if r.againstAllLeads && options.againstAll == .repeatElection {
      r.status = .repeatElection
      r.reason =
        "'against all' (\(against)) out-polled both runoff contenders: a repeat election is needed (policy repeat-election)"
    } else if top == 0 {
      r.reason = "no runoff contender received a vote"
    } else if leaders.count > 1 {
      r.status = .tie
      r.contenders = leaders
      r.reason =
        "the runoff is tied: \(names(leaders)) have \(top) votes each; for external resolution"
    } else {
      r.status = .elected
      r.winner = sorted[0]
      let other = sorted.count > 1 ? " against \(sorted[1].name) (\(sorted[1].votes))" : ""
      r.reason =
        "\(sorted[0].name) has more votes in the runoff, \(top)\(other): elected in round 2 (rules.md A5.8)"
    }
    return r
  }

  private func names(_ cs: [ConstituencyResult.Candidate]) -> String {
    cs.map(\.name).joined(separator: " and ")
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
    // Nominees of a party that ran no list get a row of their own (not "independent").
    var unlisted: [String] = []
    if let constituencies {
      for c in constituencies {
        if let w = c.winner {
          var key = w.nomination.flatMap { partyCodes.contains($0) ? $0 : nil } ?? "independent"
          if key == "independent", w.nominationKind == .party, let code = w.nomination {
            key = code
            if !unlisted.contains(code) { unlisted.append(code) }
          }
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
    for code in unlisted {
      let n = smd[code, default: 0]
      rows.append(
        Row(
          party: code, name: code, votes: nil, listSeats: 0, constituencySeats: n,
          appointedSeats: 0, totalSeats: n, derived: []))
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
