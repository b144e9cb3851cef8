import SaylauCore

/// Repeat voting in a territory whose results were annulled (Art. 95 of the 2007–2022 text, the review's
/// S6): the territory's protocols are replaced by the repeat voting's, the rest are kept.
public struct RepeatVoting: Sendable {
  /// A territorial commission of the precinct register, or a name for the precincts given.
  public var territory: String
  /// The precincts of the territory; `nil` = every precinct of the register under ``territory``.
  public var precincts: Set<String>?
  /// The repeat voting's protocols.
  public var sources: [ProtocolSource]

  public init(territory: String, precincts: Set<String>? = nil, sources: [ProtocolSource]) {
    self.territory = territory
    self.precincts = precincts
    self.sources = sources
  }
}

/// Why an election defined as data cannot be counted.
public enum DefinitionCountError: Error, Sendable, CustomStringConvertible {
  /// The definition has errors (each with its field).
  case definition([DefinitionError])
  /// Protocols were refused: round 1, a repeat voting, or round 2.
  case refused(what: String, ProtocolImport.Refused)
  case tabulation(String)
  case summary(ElectionSummaryError)
  case repeatVoting(String)

  public var description: String {
    switch self {
    case .definition(let issues):
      let errors = issues.filter(\.isError)
      return
        "the definition has \(errors.count) error(s): \(errors.prefix(3).map(\.description).joined(separator: "; "))\(errors.count > 3 ? "; …" : "")"
    case .refused(let what, let r): return "\(what): \(r.description)"
    case .tabulation(let m): return m
    case .summary(let e): return e.description
    case .repeatVoting(let m): return m
    }
  }
}

/// The count of an election from its definition: the protocols of round 1 (with repeat voting replacing
/// annulled territories), the runoffs from round-2 protocols, or, without protocols, the definition's
/// published list vote; then the one ``CountPipeline`` to an ``ElectionSummary``.
public struct DefinitionCount: Sendable {
  public var definition: ElectionDefinition
  public var regimes: RegimeTable
  /// What-if options from the face (the command line's flags, the request's), over the definition's rules.
  public var whatIf: WhatIf
  public var parties: PartyDirectory?
  public var protocols: [ProtocolSource]
  public var round2: [ProtocolSource]
  public var repeatVoting: [RepeatVoting]
  public var acceptValid: Bool
  /// The day the chamber is asked for (`nil`: right after the result).
  public var chamberDate: CalendarDate?
  /// Region code of each constituency number, for the region totals; empty for none.
  public var regionOf: [Int: String] = [:]

  public init(
    definition: ElectionDefinition, regimes: RegimeTable, whatIf: WhatIf = .law,
    parties: PartyDirectory? = nil, protocols: [ProtocolSource] = [],
    round2: [ProtocolSource] = [], repeatVoting: [RepeatVoting] = [], acceptValid: Bool = false,
    chamberDate: CalendarDate? = nil
  ) {
    self.definition = definition
    self.regimes = regimes
    self.whatIf = whatIf
    self.parties = parties
    self.protocols = protocols
    self.round2 = round2
    self.repeatVoting = repeatVoting
    self.acceptValid = acceptValid
    self.chamberDate = chamberDate
  }

  /// What the count found: the summary, and the imports behind it.
  public struct Result: Sendable {
    public var summary: ElectionSummary
    /// Round 1 (after repeat voting), `nil` without protocols.
    public var round1: ElectionCount.Result?
    public var round2: ProtocolImport.Accepted?
    public var repeatVoting: [ProtocolImport.Accepted]
    /// The definition's warnings (registration order not given, a SYNTHETIC register, …).
    public var definitionWarnings: [DefinitionError]
  }

  /// The what-if: the definition's rules, with the face's choices over them.
  public func effectiveWhatIf() throws(DefinitionCountError) -> WhatIf {
    var w = WhatIf.law
    if let rules = definition.rules {
      do {
        w = try rules.whatIf()
      } catch {
        throw .definition([
          DefinitionError(
            field: "rules.\(ElectionDefinition.ruleKey(error.option))", message: error.description)
        ])
      }
    }
    w = whatIf.over(w)
    return w
  }

  /// Counts.
  /// - Throws: ``DefinitionCountError``: the definition's errors, refused protocols, a list-seat decision
  ///   that cannot be made.
  public func run() throws(DefinitionCountError) -> Result {
    let issues = definition.check(regimes: regimes, parties: parties)
    if issues.contains(where: \.isError) { throw .definition(issues) }
    let regime: Regime
    do {
      regime = try definition.resolveRegime(in: regimes)
    } catch {
      throw .definition([error])
    }
    let whatIf = try effectiveWhatIf()
    let d = definition
    let election = Election(
      id: d.id, chamber: d.chamber, date: d.date, secondRound: d.secondRound, regimeID: regime.id,
      title: d.title, notes: d.notes ?? [], sources: d.sources ?? [])
    var pipeline = CountPipeline(election: election, regime: regime, whatIf: whatIf)
    pipeline.whatIfReason = d.rules?.reason
    pipeline.parties = parties
    pipeline.registrationOrderKnown = d.partiesInTieOrder.registrationOrderKnown
    pipeline.lists = d.lists
    pipeline.choices = d.mandates ?? []
    pipeline.events = d.events ?? []
    pipeline.quota = d.candidateQuota(under: regime)
    pipeline.chamberDate = chamberDate
    pipeline.sources = d.sources ?? []
    pipeline.notes = d.notes ?? []
    pipeline.publishedListSeats = d.result?.publishedListSeats ?? [:]
    var synthetic = d.isSynthetic || (d.precinctsSynthetic ?? false)
    if d.precinctsSynthetic == true {
      pipeline.notes.append("The precinct register is SYNTHETIC (made up), not the real register.")
    }
    var round1: ElectionCount.Result?
    var round2Accepted: ProtocolImport.Accepted?
    var repeats: [ProtocolImport.Accepted] = []
    if protocols.isEmpty {
      // Counted from the published national list vote.
      if let r = d.result {
        let order = d.partiesInTieOrder.parties
        pipeline.listVote = ListVote(
          parties: order.map {
            ListVote.Party(
              code: $0.code, name: $0.name, votes: r.votes[$0.code] ?? 0,
              isAggregate: $0.isAggregate)
          }, againstAll: r.againstAll, invalid: r.invalid, ballotsIssued: r.ballotsIssued)
        pipeline.electorate = r.electorate
        pipeline.sources += r.sources
        pipeline.leadingSteps.append(
          CountStep(
            kind: .note,
            text:
              "Counted from the national list vote as published (no protocols): \(order.count) lines, base figures as given."
          ))
      } else if regime.listSeats > 0 {
        pipeline.leadingSteps.append(
          CountStep(kind: .note, text: "No protocols and no published result: nothing to count."))
      }
      pipeline.constituencies = regime.constituencySeats == 0 ? .none : .unknown
    } else {
      let schema = d.protocolSchema(regime: regime)
      var replaced = Set<String>()
      var territories: [(RepeatVoting, Set<String>)] = []
      for rv in repeatVoting {
        let set =
          rv.precincts
          ?? Set(
            (d.precincts ?? []).filter { $0.territorialCommission == rv.territory }.map(\.id))
        if set.isEmpty {
          throw .repeatVoting(
            "repeat voting in '\(rv.territory)': no precinct of the register belongs to it")
        }
        replaced.formUnion(set)
        territories.append((rv, set))
      }
      var importer = ProtocolImport(schema: schema)
      importer.replacedPrecincts = replaced
      var accepted: ProtocolImport.Accepted
      do {
        accepted = try importer.run(protocols, acceptValid: acceptValid)
      } catch {
        throw .refused(what: "round 1", error)
      }
      for (rv, set) in territories {
        var repeatImport = ProtocolImport(schema: schema)
        repeatImport.onlyPrecincts = set
        let a: ProtocolImport.Accepted
        do {
          a = try repeatImport.run(rv.sources, acceptValid: acceptValid)
        } catch {
          throw .refused(what: "repeat voting in \(rv.territory)", error)
        }
        for (ballot, byNumber) in a.constituencies {
          for (n, t) in byNumber {
            var merged =
              accepted.constituencies[ballot]?[n]
              ?? BallotTally(ballot: ballot, choices: ballot == .list ? schema.parties.count : 0)
            if let f = merged.add(t) {
              throw .tabulation(
                "the total of '\(f)' overflows after repeat voting in \(rv.territory)")
            }
            accepted.constituencies[ballot, default: [:]][n] = merged
          }
        }
        accepted.acceptedRows += a.acceptedRows
        accepted.synthetic = accepted.synthetic || a.synthetic
        repeats.append(a)
        pipeline.leadingSteps.append(
          CountStep(
            kind: .event, rule: "S6",
            text:
              "Repeat voting in \(rv.territory): the \(accepted.replacedRows) protocol(s) of its \(set.count) precinct(s) are replaced by \(a.acceptedRows) repeat-voting protocol(s); the rest are kept."
          ))
      }
      let count = ElectionCount(
        schema: schema, regime: regime, listDecision: whatIf.decision(for: regime),
        options: whatIf.options, regionOf: regionOf)
      let result: ElectionCount.Result
      do {
        result = try count.count(accepted, decide: false)
      } catch {
        throw .tabulation(error.description)
      }
      round1 = result
      synthetic = synthetic || result.synthetic
      pipeline.listVote =
        regime.listSeats > 0 || whatIf.listSeats != nil ? result.tabulation.nationalListVote : nil
      pipeline.leadingSteps.insert(
        CountStep(
          kind: .note, rule: "A2",
          text:
            "Protocols: \(accepted.acceptedRows) accepted, \(accepted.rejected.count) rejected, \(accepted.warningCount) warning(s)\(accepted.replacedRows > 0 ? ", \(accepted.replacedRows) replaced by repeat voting" : "")\(Self.completeness(result.tabulation, register: d.precincts))."
        ), at: 0)
      // The constituency decisions, round 1 then the runoffs.
      if let rule = regime.constituencyRule {
        let decision = ConstituencyDecision(
          rule: rule, options: whatIf.options,
          withdrawalExtensionMonths: regime.withdrawalExtensionMonths)
        let tallies = result.tabulation.constituencies[.constituency] ?? [:]
        var all: [ConstituencyResult] = tallies.keys.sorted().map {
          decision.decide(
            constituency: $0, tally: tallies[$0]!,
            candidates: d.constituencyCandidates.map { list in list.filter { $0.constituency > 0 } }
          )
        }
        // Constituencies whose every candidate withdrew have no protocols: they are decided too.
        let counted = Set(all.map(\.constituency))
        for n in Set((d.constituencyCandidates ?? []).map(\.constituency)).sorted()
        where !counted.contains(n) {
          let cands = (d.constituencyCandidates ?? []).filter { $0.constituency == n }
          if !cands.isEmpty && cands.allSatisfy({ !$0.status.isStanding }) {
            all.append(
              decision.decide(
                constituency: n, tally: BallotTally(ballot: .constituency, choices: 0),
                candidates: cands))
          }
        }
        all.sort { $0.constituency < $1.constituency }
        let runoffs = all.filter { $0.status == .runoff }
        if !round2.isEmpty {
          guard !runoffs.isEmpty else {
            throw .refused(
              what: "round 2",
              ProtocolImport.Refused(
                issues: [
                  ProtocolIssue(
                    field: "round", message: "round 1 called no runoff, so there is no round 2")
                ], warnings: [], errorCount: 1, warningCount: 0, rowsWithIssues: 0,
                unreadableSource: true))
          }
          var schema2 = schema
          schema2.round = 2
          schema2.runoffs = Dictionary(
            uniqueKeysWithValues: runoffs.map {
              ($0.constituency, Set($0.contenders.map(\.position)))
            })
          let a2: ProtocolImport.Accepted
          do {
            a2 = try ProtocolImport(schema: schema2).run(round2, acceptValid: acceptValid)
          } catch {
            throw .refused(what: "round 2", error)
          }
          round2Accepted = a2
          synthetic = synthetic || a2.synthetic
          let t2 = a2.constituencies[.constituency] ?? [:]
          for r in runoffs {
            if let t = t2[r.constituency] {
              all.append(decision.decideRunoff(r, tally: t, candidates: d.constituencyCandidates))
            }
          }
          pipeline.leadingSteps.append(
            CountStep(
              kind: .note, rule: "A5.8",
              text:
                "Round 2: \(a2.acceptedRows) protocol(s) for \(t2.count) of the \(runoffs.count) runoff(s)."
            ))
        }
        pipeline.constituencies = .decided(all)
        let missing = (1...max(1, regime.constituencySeats)).filter { tallies[$0] == nil }
        if regime.constituencySeats > 0 && !missing.isEmpty {
          pipeline.notes.append(
            "No constituency-ballot protocols for constituencies \(missing.map(String.init).joined(separator: ", "))."
          )
        }
        if d.constituencyCandidates == nil {
          pipeline.notes.append(
            "No candidate list given: winners' nominations unknown, counted as independents.")
        }
      } else {
        pipeline.constituencies = .none
      }
      if let t = result.tabulation.nation[.list] {
        pipeline.ballotsIssued = t.ballotsIssued
        pipeline.electorate = t.votersOnList
        if t.againstAllReported > 0 && t.againstAllReported < t.protocols {
          pipeline.notes.append(
            "'Against all' is blank on \(t.protocols - t.againstAllReported) of \(t.protocols) list protocols: its total counts only those that give the line."
          )
        }
      }
      pipeline.notes += result.notes.filter { !$0.hasPrefix("SYNTHETIC") }
    }
    pipeline.synthetic = synthetic
    let summary: ElectionSummary
    do {
      summary = try pipeline.summary()
    } catch {
      throw .summary(error)
    }
    return Result(
      summary: summary, round1: round1, round2: round2Accepted, repeatVoting: repeats,
      definitionWarnings: issues.filter { !$0.isError })
  }

  /// "; 118 of 120 registered precincts sent a list protocol" when the register is known.
  static func completeness(_ t: Tabulation, register: [Precinct]?) -> String {
    guard let register, !register.isEmpty else { return "" }
    var parts: [String] = []
    for ballot in BallotType.allCases {
      guard let n = t.nation[ballot]?.protocols else { continue }
      let expected =
        ballot == .list ? register.count : register.filter { $0.constituency != nil }.count
      parts.append("\(n) of \(expected) registered precincts sent a \(ballot.rawValue) protocol")
    }
    return parts.isEmpty ? "" : "; " + parts.joined(separator: ", ")
  }
}
