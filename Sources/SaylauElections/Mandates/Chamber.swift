import SaylauCore

/// A party's choice of the list candidates who take its mandates (rules.md A4.9: within 10 days of the
/// result each party's congress or political council decides), by list position, in its order.
public struct MandateChoice: Sendable, Hashable, Codable {
  public var party: String
  public var positions: [Int]

  public init(party: String, positions: [Int]) {
    self.party = party
    self.positions = positions
  }
}

/// Why a person holds a seat.
public enum SeatingRule: String, Sendable, Hashable, Codable {
  /// A list seat given by list position, because the party's own choice is not in the data.
  case listOrder = "list-order"
  /// A list seat given by the party's decision (an imported, checked choice).
  case partyChoice = "party-choice"
  /// A constituency seat won in the first (or only) round.
  case constituencyRound1 = "constituency-round-1"
  /// A constituency seat won in the runoff.
  case constituencyRunoff = "constituency-runoff"
  /// A constituency seat won at a by-election.
  case byElection = "by-election"
  /// A list seat filled from the same list after a vacancy (rules.md A4.10).
  case listReplacement = "list-replacement"
}

/// One seat of the chamber: a party's list seat, a constituency, or an appointed seat.
public struct SeatRef: Sendable, Hashable, Codable, CustomStringConvertible {
  public enum Kind: String, Sendable, Hashable, Codable {
    case list
    case constituency
    case appointed
  }

  public var kind: Kind
  /// The list's party (list seats) or the appointing body's code.
  public var party: String?
  public var constituency: Int?

  public init(kind: Kind, party: String? = nil, constituency: Int? = nil) {
    self.kind = kind
    self.party = party
    self.constituency = constituency
  }

  public var description: String {
    switch kind {
    case .list: return "list seat of \(party ?? "?")"
    case .constituency: return "constituency \(constituency.map(String.init) ?? "?")"
    case .appointed: return "seat elected by \(party ?? "?")"
    }
  }
}

/// A person holding a seat, with the rule that seated them.
public struct Deputy: Sendable, Hashable, Codable {
  public var name: String
  /// The list's party, or the nominating party of a constituency deputy; `nil` for others.
  public var party: String?
  public var nomination: String?
  public var seat: SeatRef
  /// The position on the party list (list seats).
  public var listPosition: Int?
  /// The day the person took the seat, where known (the result's day, an event's day).
  public var since: CalendarDate?
  public var rule: SeatingRule
  /// The rule in words.
  public var explanation: String
}

/// A seat nobody holds, and why.
public struct VacantSeat: Sendable, Hashable, Codable {
  public enum Reason: String, Sendable, Hashable, Codable {
    /// The list has fewer standing candidates than seats won: the surplus seat stays vacant until the next
    /// election (rules.md A4.8).
    case listExhausted = "list-exhausted"
    /// The constituency has no elected member (tie, runoff pending, repeat election, no data).
    case constituencyUndecided = "constituency-undecided"
    /// A constituency deputy left: the seat waits for a by-election (rules.md A5.7).
    case awaitingByElection = "awaiting-by-election"
    /// A list seat whose party ceased to exist (the Kurultai's imperative mandate): nobody can take it.
    case partyDissolved = "party-dissolved"
    /// Seats the commission must decide (no list passed the threshold).
    case commissionDecision = "commission-decision"
  }

  public var seat: SeatRef
  public var reason: Reason
  public var since: CalendarDate?
  public var explanation: String
}

/// Seats a party won whose holders the data cannot name (its list is not in the data): held, not vacant.
public struct UnnamedSeats: Sendable, Hashable, Codable {
  public var party: String
  public var seats: Int
  public var explanation: String
}

/// Something that changes who sits after the result: a deputy leaving, a by-election.
public struct MandateEvent: Sendable, Hashable, Codable {
  public enum Kind: String, Sendable, Hashable, Codable {
    /// A deputy's mandate ends (``reason`` says why); a list seat passes to the next candidate of the same
    /// list (or ``successorPosition``, the party's choice), a constituency seat waits for a by-election.
    case vacancy
    /// A constituency's by-election result.
    case byElection = "by-election"
  }

  public var date: CalendarDate
  public var kind: Kind
  /// The deputy who leaves (vacancy), by name as seated.
  public var deputy: String?
  /// `resigned`, `died`, `left-party`, `expelled`, `party-dissolved`, `recalled`, …
  public var reason: String?
  /// The list position the party chose for the seat; `nil` = the next standing candidate of the list.
  public var successorPosition: Int?
  /// By-election: the constituency and the winner.
  public var constituency: Int?
  public var winner: String?
  public var nomination: String?
  public var nominationKind: NominationKind?

  public init(
    date: CalendarDate, kind: Kind, deputy: String? = nil, reason: String? = nil,
    successorPosition: Int? = nil, constituency: Int? = nil, winner: String? = nil,
    nomination: String? = nil, nominationKind: NominationKind? = nil
  ) {
    self.date = date
    self.kind = kind
    self.deputy = deputy
    self.reason = reason
    self.successorPosition = successorPosition
    self.constituency = constituency
    self.winner = winner
    self.nomination = nomination
    self.nominationKind = nominationKind
  }
}

/// The chamber on one day, as people: every deputy with the rule that seated them, every vacant seat with
/// its reason, the appointed seats (whose holders the data may not name), and the quota checks.
public struct Chamber: Sendable, Hashable, Codable {
  public var date: CalendarDate?
  public var deputies: [Deputy]
  public var vacant: [VacantSeat]
  /// Seats filled outside the ballot (e.g. by the Assembly of People), whose holders are not in the data.
  public var appointed: [AppointedSeats]
  /// List seats of parties whose lists are not in the data.
  public var unnamed: [UnnamedSeats]
  /// The events applied up to ``date``, in words.
  public var events: [String]
  public var quotaChecks: [QuotaCheck]
  /// Errors of the party choices and events (refused choices, unknown deputies, …).
  public var issues: [String]
  public var notes: [String]

  public var seats: Int {
    deputies.count + vacant.count + appointed.reduce(0) { $0 + $1.seats }
      + unnamed.reduce(0) { $0 + $1.seats }
  }
}

/// Why a party's choice of deputies or an event cannot be applied.
public struct MandateError: Error, Sendable, Hashable, CustomStringConvertible {
  public var messages: [String]
  public var description: String { messages.joined(separator: "; ") }
}

/// From seats to people (rules.md A4.8–A4.10, A5.7): list seats by the party's choice (checked) or list
/// order, list exhaustion, constituency winners, vacancies filled from the list, by-elections.
public struct MandateAssignment: Sendable {
  public var lists: [PartyList]
  public var choices: [MandateChoice]
  public var events: [MandateEvent]
  public var quota: CandidateQuota?
  public var rounding: QuotaRounding
  /// The day the result was established (deputies take their seats then) and on which ages are taken.
  public var resultDay: CalendarDate?

  public init(
    lists: [PartyList], choices: [MandateChoice] = [], events: [MandateEvent] = [],
    quota: CandidateQuota?, rounding: QuotaRounding = .up, resultDay: CalendarDate?
  ) {
    self.lists = lists
    self.choices = choices
    self.events = events
    self.quota = quota
    self.rounding = rounding
    self.resultDay = resultDay
  }

  /// Checks the parties' choices against their lists and seats: each person on that party's registered
  /// list and standing, nobody twice, exactly as many as the seats (or every standing candidate when the
  /// list is shorter). Returns every problem.
  public func checkChoices(seats: [String: Int]) -> [String] {
    var problems: [String] = []
    var seen = Set<String>()
    for c in choices {
      if !seen.insert(c.party).inserted {
        problems.append("\(c.party): the party's choice is given twice")
        continue
      }
      guard let list = lists.first(where: { $0.party == c.party }) else {
        problems.append("\(c.party): no registered list, so it cannot choose deputies from one")
        continue
      }
      let won = seats[c.party] ?? 0
      var positions = Set<Int>()
      for p in c.positions {
        guard let cand = list.candidate(at: p) else {
          problems.append(
            "\(c.party): position \(p) is not on its registered list (rules.md A4.9a)")
          continue
        }
        if !cand.status.isStanding {
          problems.append("\(c.party): \(cand.name) (position \(p)) is \(cand.status.rawValue)")
        }
        if !positions.insert(p).inserted {
          problems.append("\(c.party): position \(p) is chosen twice")
        }
      }
      let expected = min(won, list.standing.count)
      if c.positions.count != expected {
        problems.append(
          "\(c.party): chose \(c.positions.count) deputies for \(won) seat(s) won\(expected < won ? " (its list has only \(list.standing.count) standing candidates)" : "")"
        )
      }
    }
    return problems
  }

  /// The deputies and vacant list seats from the list seats won.
  func seatLists(seats: [(party: String, seats: Int)]) -> (
    deputies: [Deputy], vacant: [VacantSeat], unnamed: [UnnamedSeats]
  ) {
    var deputies: [Deputy] = []
    var vacant: [VacantSeat] = []
    var unnamed: [UnnamedSeats] = []
    for (party, won) in seats where won > 0 {
      guard let list = lists.first(where: { $0.party == party }) else {
        unnamed.append(
          UnnamedSeats(
            party: party, seats: won,
            explanation:
              "\(party)'s list is not in the data: its \(won) seat(s) are held by people the data cannot name"
          ))
        continue
      }
      let choice = choices.first { $0.party == party }
      let order: [ListCandidate] =
        choice.map { c in c.positions.compactMap { list.candidate(at: $0) } } ?? list.standing
      for k in 0..<won {
        if k < order.count {
          let cand = order[k]
          deputies.append(
            Deputy(
              name: cand.name, party: party, nomination: party,
              seat: SeatRef(kind: .list, party: party),
              listPosition: cand.position, since: resultDay,
              rule: choice == nil ? .listOrder : .partyChoice,
              explanation: choice == nil
                ? "list position \(cand.position) of \(party): seats go by list order because the party's decision is not in the data"
                : "chosen by \(party) for its list seat \(k + 1) of \(won) (position \(cand.position) of its list)"
            ))
        } else {
          vacant.append(
            VacantSeat(
              seat: SeatRef(kind: .list, party: party), reason: .listExhausted, since: resultDay,
              explanation:
                "\(party) won \(won) seats but its list has only \(list.standing.count) standing candidates: the surplus seat stays vacant until the next election (rules.md A4.8)"
            ))
        }
      }
    }
    return (deputies, vacant, unnamed)
  }

  /// The chamber on `day` (or right after the result when `nil`).
  ///
  /// - Parameters:
  ///   - listSeats: the list seats per party, in list order.
  ///   - constituencies: the final decision of every constituency counted (the runoff where there was one).
  ///   - constituencyCount: the regime's constituency seats (those without a result are vacant).
  ///   - appointed: the regime's appointed seats.
  ///   - commissionSeats: list seats the commission must decide (no list passed).
  ///   - day: the day to answer for.
  public func chamber(
    listSeats: [(party: String, seats: Int)], constituencies: [ConstituencyResult],
    constituencyCount: Int, appointed: [AppointedSeats], commissionSeats: Int = 0,
    on day: CalendarDate? = nil
  ) -> Chamber {
    var issues = checkChoices(seats: Dictionary(listSeats, uniquingKeysWith: { a, _ in a }))
    var (deputies, vacant, unnamed) = seatLists(seats: listSeats)
    for _ in 0..<commissionSeats {
      vacant.append(
        VacantSeat(
          seat: SeatRef(kind: .list), reason: .commissionDecision, since: resultDay,
          explanation: "no list passed the threshold: the commission must decide this list seat"))
    }
    let decided = Dictionary(
      constituencies.map { ($0.constituency, $0) },
      uniquingKeysWith: { a, b in a.round >= b.round ? a : b })
    if constituencyCount > 0 {
      for n in 1...constituencyCount {
        if let r = decided[n], let w = r.winner {
          deputies.append(
            Deputy(
              name: w.name,
              party: w.nominationKind == .party || w.nominationKind == nil ? w.nomination : nil,
              nomination: w.nomination, seat: SeatRef(kind: .constituency, constituency: n),
              listPosition: nil, since: resultDay,
              rule: r.round == 2 ? .constituencyRunoff : .constituencyRound1, explanation: r.reason)
          )
        } else {
          vacant.append(
            VacantSeat(
              seat: SeatRef(kind: .constituency, constituency: n), reason: .constituencyUndecided,
              since: resultDay,
              explanation: decided[n].map { "\($0.status.rawValue): \($0.reason)" }
                ?? "no result for this constituency in the data"))
        }
      }
    }
    var applied: [String] = []
    var left = Set<String>()  // "party#position" of list candidates who have left
    for e in events.sorted(by: { $0.date < $1.date }) where day.map({ e.date <= $0 }) ?? false {
      switch e.kind {
      case .vacancy:
        guard let name = e.deputy, let i = deputies.firstIndex(where: { $0.name == name }) else {
          issues.append("\(e.date): vacancy of '\(e.deputy ?? "")', who does not hold a seat then")
          continue
        }
        let gone = deputies.remove(at: i)
        let reason = e.reason ?? "mandate ended"
        if let pos = gone.listPosition, let party = gone.seat.party {
          left.insert("\(party)#\(pos)")
        }
        switch gone.seat.kind {
        case .constituency:
          vacant.append(
            VacantSeat(
              seat: gone.seat, reason: .awaitingByElection, since: e.date,
              explanation:
                "\(gone.name) left (\(reason)) on \(e.date): a by-election fills the seat (rules.md A5.7)"
            ))
          applied.append(
            "\(e.date): \(gone.name) left \(gone.seat) (\(reason)); the seat awaits a by-election")
        case .list:
          let party = gone.seat.party ?? ""
          if reason == "party-dissolved" {
            vacant.append(
              VacantSeat(
                seat: gone.seat, reason: .partyDissolved, since: e.date,
                explanation: "\(party) ceased to exist on \(e.date): its list cannot fill the seat")
            )
            applied.append("\(e.date): \(gone.name) lost the mandate (\(party) ceased to exist)")
            continue
          }
          let seated = Set(
            deputies.compactMap { d in d.seat.party == party ? d.listPosition : nil })
          let list = lists.first { $0.party == party }
          let next: ListCandidate?
          if let p = e.successorPosition {
            next = list?.candidate(at: p)
            if next == nil || seated.contains(p) || left.contains("\(party)#\(p)")
              || next?.status.isStanding == false
            {
              issues.append(
                "\(e.date): \(party) chose position \(p) for \(gone.name)'s seat, who is not a standing candidate of its list without a seat"
              )
              vacant.append(
                VacantSeat(
                  seat: gone.seat, reason: .listExhausted, since: e.date,
                  explanation: "the party's choice for \(gone.name)'s seat was refused"))
              continue
            }
          } else {
            next = list?.standing.first {
              !seated.contains($0.position) && !left.contains("\(party)#\($0.position)")
            }
          }
          if let next {
            deputies.append(
              Deputy(
                name: next.name, party: party, nomination: party, seat: gone.seat,
                listPosition: next.position, since: e.date, rule: .listReplacement,
                explanation: e.successorPosition == nil
                  ? "replaced \(gone.name) (\(reason), \(e.date)) as the next standing candidate of \(party)'s list (position \(next.position); rules.md A4.10)"
                  : "replaced \(gone.name) (\(reason), \(e.date)) by \(party)'s choice (position \(next.position) of its list; rules.md A4.10)"
              ))
            applied.append(
              "\(e.date): \(gone.name) left (\(reason)); \(next.name) takes the seat from \(party)'s list"
            )
          } else {
            vacant.append(
              VacantSeat(
                seat: gone.seat, reason: .listExhausted, since: e.date,
                explanation:
                  "\(gone.name) left (\(reason)) on \(e.date) and \(party)'s list has nobody left: the seat stays vacant (rules.md A4.8)"
              ))
            applied.append("\(e.date): \(gone.name) left (\(reason)); \(party)'s list is exhausted")
          }
        case .appointed:
          break
        }
      case .byElection:
        guard let n = e.constituency, let winner = e.winner else {
          issues.append("\(e.date): a by-election needs its constituency and winner")
          continue
        }
        guard
          let i = vacant.firstIndex(where: {
            $0.seat.kind == .constituency && $0.seat.constituency == n
          })
        else {
          issues.append(
            "\(e.date): by-election in constituency \(n), whose seat is not vacant then")
          continue
        }
        vacant.remove(at: i)
        deputies.append(
          Deputy(
            name: winner, party: e.nominationKind == .party ? e.nomination : nil,
            nomination: e.nomination, seat: SeatRef(kind: .constituency, constituency: n),
            listPosition: nil, since: e.date, rule: .byElection,
            explanation: "won the by-election of \(e.date) in constituency \(n) (rules.md A5.7)"))
        applied.append("\(e.date): \(winner) won the by-election in constituency \(n)")
      }
    }
    var checks: [QuotaCheck] = []
    if let quota, let ageDay = resultDay {
      if quota.appliesToMandates {
        for (party, won) in listSeats where won > 0 {
          guard let list = lists.first(where: { $0.party == party }) else { continue }
          let held = deputies.filter { $0.seat.kind == .list && $0.seat.party == party }
            .compactMap { d in d.listPosition.flatMap { list.candidate(at: $0) } }
          checks.append(
            QuotaCheck(
              party: party, scope: .mandates, people: held, quota: quota, rounding: rounding,
              on: ageDay))
        }
      }
    }
    var notes: [String] = []
    if deputies.contains(where: { $0.rule == .listOrder }) {
      notes.append(
        "List seats without an imported party decision go by list position; the law has each party decide (rules.md A4.9)."
      )
    }
    return Chamber(
      date: day ?? resultDay, deputies: deputies, vacant: vacant, appointed: appointed,
      unnamed: unnamed, events: applied, quotaChecks: checks, issues: issues, notes: notes)
  }
}
