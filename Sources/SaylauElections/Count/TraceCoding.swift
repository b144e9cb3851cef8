// The JSON of the explained result writes every key, `null` included, as the result views do: a reader (or a
// face) sees the same shape for every election, and a blank is visibly blank.

/// A coding key from its name.
struct NamedKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(_ name: String) { stringValue = name }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer where K == NamedKey {
  /// Encodes `value` under `name`, `null` when it is `nil`.
  mutating func put<T: Encodable>(_ value: T?, _ name: String) throws {
    try encode(value, forKey: NamedKey(name))
  }
}

extension ListSeatTrace.Row {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: NamedKey.self)
    try c.put(code, "code")
    try c.put(votes, "votes")
    try c.put(passedThreshold, "passedThreshold")
    try c.put(thresholdTest, "thresholdTest")
    try c.put(admittedAsRunnerUp, "admittedAsRunnerUp")
    try c.put(eligible, "eligible")
    try c.put(product, "product")
    try c.put(wholeSeats, "wholeSeats")
    try c.put(remainder, "remainder")
    try c.put(remainderFraction, "remainderFraction")
    try c.put(rank, "rank")
    try c.put(remainderSeats, "remainderSeats")
    try c.put(seats, "seats")
  }
}

extension ListSeatTrace {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: NamedKey.self)
    try c.put(kind, "kind")
    try c.put(method, "method")
    try c.put(seats, "seats")
    try c.put(thresholdBase, "thresholdBase")
    try c.put(baseVotes, "baseVotes")
    try c.put(threshold, "threshold")
    try c.put(thresholdVotes, "thresholdVotes")
    try c.put(minimumPassingVotes, "minimumPassingVotes")
    try c.put(eligibleVotes, "eligibleVotes")
    try c.put(quota, "quota")
    try c.put(wholeSeatsTotal, "wholeSeatsTotal")
    try c.put(remainderSeatsTotal, "remainderSeatsTotal")
    try c.put(rows, "rows")
    try c.put(ties, "ties")
    try c.put(runnerUp, "runnerUp")
    try c.put(commissionDecisions, "commissionDecisions")
  }
}

extension ConstituencyResult.Candidate {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: NamedKey.self)
    try c.put(position, "position")
    try c.put(name, "name")
    try c.put(nomination, "nomination")
    try c.put(nominationKind, "nominationKind")
    try c.put(votes, "votes")
    try c.put(status, "status")
  }
}

extension ConstituencyResult {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: NamedKey.self)
    try c.put(constituency, "constituency")
    try c.put(round, "round")
    try c.put(status, "status")
    try c.put(reason, "reason")
    try c.put(candidates, "candidates")
    try c.put(notStanding, "notStanding")
    try c.put(againstAll, "againstAll")
    try c.put(winner, "winner")
    try c.put(contenders, "contenders")
    try c.put(againstAllLeads, "againstAllLeads")
    try c.put(againstAllTiesLeader, "againstAllTiesLeader")
    try c.put(valid, "valid")
    try c.put(ballotsIssued, "ballotsIssued")
    try c.put(turnoutPercent.map { ($0 * 100).rounded() / 100 }, "turnoutPercent")
    try c.put(majorityBase, "majorityBase")
    try c.put(majorityBaseVotes, "majorityBaseVotes")
  }
}

extension Deputy {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: NamedKey.self)
    try c.put(name, "name")
    try c.put(party, "party")
    try c.put(nomination, "nomination")
    try c.put(seat, "seat")
    try c.put(listPosition, "listPosition")
    try c.put(since, "since")
    try c.put(rule, "rule")
    try c.put(explanation, "explanation")
  }
}

extension SeatRef {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: NamedKey.self)
    try c.put(kind, "kind")
    try c.put(party, "party")
    try c.put(constituency, "constituency")
  }
}

extension VacantSeat {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: NamedKey.self)
    try c.put(seat, "seat")
    try c.put(reason, "reason")
    try c.put(since, "since")
    try c.put(explanation, "explanation")
  }
}

extension Chamber {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: NamedKey.self)
    try c.put(date, "date")
    try c.put(seats, "seats")
    try c.put(deputies, "deputies")
    try c.put(vacant, "vacant")
    try c.put(appointed, "appointed")
    try c.put(unnamed, "unnamed")
    try c.put(events, "events")
    try c.put(quotaChecks, "quotaChecks")
    try c.put(issues, "issues")
    try c.put(notes, "notes")
  }
}

extension CountStep {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: NamedKey.self)
    try c.put(kind, "kind")
    try c.put(rule, "rule")
    try c.put(text, "text")
    try c.put(table, "table")
  }
}

extension CountTrace {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: NamedKey.self)
    try c.put(list, "list")
    try c.put(constituencies, "constituencies")
    try c.put(steps, "steps")
  }
}
