import SaylauCore

extension ElectionDefinition {
  /// Every problem of the definition against the law as data: errors (the count would be wrong or cannot be
  /// made) and warnings (lawful but notable, or unknown). Each names its field path; ``LoadedDefinition``
  /// adds the file and line.
  ///
  /// - Parameters:
  ///   - regimes: the regimes table (the regime is chosen by date when the definition names none).
  ///   - parties: the party directory, to flag codes it does not know (a warning: a user may define new
  ///     parties).
  public func check(regimes: RegimeTable, parties directory: PartyDirectory? = nil)
    -> [DefinitionError]
  {
    var out: [DefinitionError] = []
    func error(_ field: String?, _ message: String) {
      out.append(DefinitionError(field: field, message: message))
    }
    func warning(_ field: String?, _ message: String) {
      out.append(DefinitionError(field: field, message: message, severity: .warning))
    }
    if id.isEmpty { error("id", "blank id") }
    if chamber.isEmpty { error("chamber", "blank chamber") }
    let regime: Regime
    do {
      regime = try resolveRegime(in: regimes)
    } catch {
      out.append(error)
      return out
    }
    if self.regime != nil, regime.inForce.existence(on: date.earliest) == .didNotExist {
      warning(
        "regime",
        "\(regime.id) was not in force on \(date) (\(regime.inForce.start)–\(regime.inForce.end.map(\.description) ?? ""))"
      )
    }
    if regime.chamber != chamber {
      warning("chamber", "the regime \(regime.id) elects the \(regime.chamber), not the \(chamber)")
    }
    // Ballots.
    var ballotTypes = Set<BallotType>()
    for (i, b) in (ballots ?? []).enumerated() {
      if !ballotTypes.insert(b.type).inserted {
        error("ballots[\(i)].type", "the \(b.type.rawValue) ballot is given twice")
      }
      if b.type == .constituency && regime.constituencySeats == 0 {
        error("ballots[\(i)].type", "\(regime.id) has no constituencies")
      }
      if let r = regime.againstAllOnBallot, let a = b.againstAll, r != a {
        warning(
          "ballots[\(i)].againstAll",
          "\(regime.id) says the ballots \(r ? "carry" : "do not carry") an 'against all' line")
      }
    }
    // Rules: the what-if, and whatever the regime leaves unknown.
    var whatIf = WhatIf.law
    if let rules {
      do {
        whatIf = try rules.whatIf()
      } catch {
        self.error(&out, "rules.\(Self.ruleKey(error.option))", error.description)
      }
    }
    if regime.listSeats > 0 || whatIf.listSeats != nil {
      if regime.listMethod == nil && whatIf.method == nil {
        error(
          "rules.method",
          "\(regime.id) has no known list formula: name one (it is counted as a what-if, and says so)"
        )
      }
      if regime.listThreshold == nil && whatIf.threshold == nil {
        error(
          "rules.threshold",
          "\(regime.id) has no known threshold: give one (it is counted as a what-if, and says so)")
      }
    }
    // Parties.
    let lists = parties.filter { !$0.isAggregate }
    if (regime.listSeats > 0 || whatIf.listSeats != nil) && lists.isEmpty {
      error("parties", "the election has list seats but no party lists")
    }
    var codes = Set<String>()
    var orders: [Int: String] = [:]
    var positions: [Int: String] = [:]
    for (i, p) in parties.enumerated() {
      if p.code.isEmpty { error("parties[\(i)].code", "blank party code") }
      if !codes.insert(p.code).inserted {
        error("parties[\(i)].code", "'\(Excerpt.excerpt(p.code))' appears twice")
      }
      if let o = p.registrationOrder {
        if o < 1 { error("parties[\(i)].registrationOrder", "must be 1 or more") }
        if let other = orders[o] {
          error("parties[\(i)].registrationOrder", "\(o) is also \(other)'s registration order")
        }
        orders[o] = p.code
        if p.isAggregate {
          error("parties[\(i)].registrationOrder", "an aggregate line was not registered")
        }
      }
      if let b = p.ballotPosition {
        if b < 1 { error("parties[\(i)].ballotPosition", "must be 1 or more") }
        if let other = positions[b] {
          error("parties[\(i)].ballotPosition", "\(b) is also \(other)'s ballot position")
        }
        positions[b] = p.code
      }
      if let directory, !p.isAggregate, directory.party(code: p.code) == nil {
        warning(
          "parties[\(i)].code",
          "'\(Excerpt.excerpt(p.code))' is not in the party directory: shown by its code")
      }
    }
    let ordered = lists.filter { $0.registrationOrder != nil }.count
    if !lists.isEmpty && ordered == 0 {
      warning(
        "parties",
        "registration order is not given: a remainder tie falls back to the order of the parties in this definition, and the result says so (rules.md A4.7)"
      )
    } else if ordered > 0 && ordered < lists.count {
      warning(
        "parties",
        "registration order is given for \(ordered) of \(lists.count) lists: ties fall back to the order of the parties in this definition"
      )
    }
    // Party lists: positions, length, the quota.
    let quota = candidateQuota(under: regime)
    if let q = rules?.candidateQuota {
      if !(0...100).contains(q.percent) {
        error("rules.candidateQuota.percent", "a percentage from 0 to 100, not \(q.percent)")
      }
      if !(1...150).contains(q.youthBelowAge) {
        error("rules.candidateQuota.youthBelowAge", "an age from 1 to 150, not \(q.youthBelowAge)")
      }
    }
    let seats = whatIf.listSeats ?? regime.listSeats
    let maximum = regime.maximumListLength(seats: seats)
    var listed = Set<String>()
    for (i, l) in (self.lists ?? []).enumerated() {
      let field = "lists[\(i)]"
      if !codes.contains(l.party) {
        error("\(field).party", "'\(Excerpt.excerpt(l.party))' is not one of the parties")
      }
      if !listed.insert(l.party).inserted { error("\(field).party", "\(l.party) has two lists") }
      var seen = Set<Int>()
      for (k, c) in l.candidates.enumerated() {
        if c.name.trimmingSpaces.isEmpty { error("\(field).candidates[\(k)].name", "blank name") }
        if !seen.insert(c.position).inserted {
          error("\(field).candidates[\(k)].position", "position \(c.position) appears twice")
        }
      }
      let ps = l.candidates.map(\.position).sorted()
      if !ps.isEmpty && ps != Array(1...ps.count) {
        error("\(field).candidates", "\(l.party): positions must run 1…\(ps.count) without gaps")
      }
      if let maximum, l.candidates.count > maximum {
        error(
          "\(field).candidates",
          "\(l.party) lists \(l.candidates.count) candidates, more than the \(maximum) allowed (\(seats) list seats + \(regime.listLengthExtraPercent ?? 0) %, rounded up; rules.md A4.8)"
        )
      }
      if let quota, quota.appliesToList {
        let check = QuotaCheck(
          party: l.party, scope: .list, people: l.standing, quota: quota,
          rounding: whatIf.options.quotaRounding, on: date.earliest)
        switch check.outcome {
        case .met: break
        case .notMet: error("\(field).candidates", check.text)
        case .undetermined: warning("\(field).candidates", check.text)
        }
      }
    }
    // Constituency candidates.
    if let cands = constituencyCandidates {
      if regime.constituencySeats == 0 && !cands.isEmpty {
        error("constituencyCandidates", "\(regime.id) has no constituencies")
      }
      var byConstituency: [Int: [Int]] = [:]
      for (i, c) in cands.enumerated() {
        let field = "constituencyCandidates[\(i)]"
        if c.constituency < 1 || c.constituency > regime.constituencySeats {
          error(
            "\(field).constituency",
            "constituency \(c.constituency) does not exist (1–\(regime.constituencySeats))")
        }
        byConstituency[c.constituency, default: []].append(c.position)
        if c.nominationKind == .party && !codes.contains(c.nomination) {
          warning(
            "\(field).nomination",
            "nominated by '\(Excerpt.excerpt(c.nomination))', which runs no list here: counted as its own row"
          )
        }
        if c.nominationKind == nil && !codes.contains(c.nomination) {
          warning(
            "\(field).nominationKind",
            "nomination '\(Excerpt.excerpt(c.nomination))' is neither a listed party nor 'self': give nomination_kind (party, public_association, self)"
          )
        }
      }
      for (n, ps) in byConstituency.sorted(by: { $0.key < $1.key }) {
        if ps.sorted() != Array(1...ps.count) {
          error(
            "constituencyCandidates",
            "constituency \(n): positions must run 1…\(ps.count) without gaps or repeats")
        }
      }
    }
    // The precinct register.
    if let precincts {
      var ids = Set<String>()
      for (i, p) in precincts.enumerated() {
        let field = "precincts[\(i)]"
        if p.id.isEmpty { error("\(field).id", "blank precinct id") }
        if p.id.utf8.count > ProtocolSchema.maximumPrecinctLength {
          error("\(field).id", "longer than \(ProtocolSchema.maximumPrecinctLength) bytes")
        }
        if !ids.insert(p.id).inserted {
          error("\(field).id", "precinct '\(Excerpt.excerpt(p.id))' appears twice")
        }
        if let c = p.constituency {
          if regime.constituencySeats == 0 {
            error("\(field).constituency", "\(regime.id) has no constituencies: leave it blank")
          } else if c < 1 || c > regime.constituencySeats {
            error(
              "\(field).constituency",
              "constituency \(c) does not exist (1–\(regime.constituencySeats))")
          }
        } else if regime.constituencySeats > 0 && !p.abroad {
          error("\(field).constituency", "blank: a station at home belongs to a constituency")
        }
        if let e = p.expectedElectorate, e < 0 {
          error("\(field).expectedElectorate", "cannot be negative")
        }
      }
      if precinctsSynthetic == true {
        warning("precincts", "the precinct register is SYNTHETIC (made up): not the real register")
      }
    }
    // The published result.
    if let result {
      for (code, v) in result.votes.sorted(by: { $0.key < $1.key }) {
        if !codes.contains(code) {
          error("result.votes.\(code)", "'\(Excerpt.excerpt(code))' is not one of the parties")
        }
        if v < 0 { error("result.votes.\(code)", "a vote count cannot be negative") }
        if v > ListVote.maximumVotes {
          error("result.votes.\(code)", "more than \(ListVote.maximumVotes) votes")
        }
      }
      for p in parties where result.votes[p.code] == nil {
        error("result.votes", "no votes for \(p.code)")
      }
      for (name, v) in [
        ("againstAll", result.againstAll), ("invalid", result.invalid),
        ("ballotsIssued", result.ballotsIssued), ("electorate", result.electorate),
      ] {
        if let v, v < 0 { error("result.\(name)", "cannot be negative") }
        if let v, v > ListVote.maximumVotes {
          error("result.\(name)", "more than \(ListVote.maximumVotes)")
        }
      }
    }
    // The parties' choices of deputies.
    for (i, m) in (mandates ?? []).enumerated() {
      guard let list = (self.lists ?? []).first(where: { $0.party == m.party }) else {
        error("mandates[\(i)].party", "\(m.party) has no registered list to choose from")
        continue
      }
      var seen = Set<Int>()
      for (k, p) in m.positions.enumerated() {
        if list.candidate(at: p) == nil {
          error(
            "mandates[\(i)].positions[\(k)]",
            "position \(p) is not on \(m.party)'s list (rules.md A4.9a)")
        } else if list.candidate(at: p)?.status.isStanding == false {
          error("mandates[\(i)].positions[\(k)]", "position \(p) is not a standing candidate")
        }
        if !seen.insert(p).inserted {
          error("mandates[\(i)].positions[\(k)]", "position \(p) is chosen twice")
        }
      }
    }
    // Events after the result.
    for (i, e) in (events ?? []).enumerated() {
      if e.date < date.earliest { error("events[\(i)].date", "before the election") }
      switch e.kind {
      case .vacancy:
        if e.deputy == nil { error("events[\(i)].deputy", "a vacancy names the deputy who leaves") }
      case .byElection:
        if e.constituency == nil || e.winner == nil {
          error("events[\(i)]", "a by-election names its constituency and its winner")
        }
      }
    }
    return out
  }

  private func error(_ out: inout [DefinitionError], _ field: String, _ message: String) {
    out.append(DefinitionError(field: field, message: message))
  }

  static func ruleKey(_ option: WhatIfError.Option) -> String {
    switch option {
    case .seats: return "listSeats"
    case .againstAll: return "againstAllPolicy"
    default: return option.rawValue
    }
  }
}
