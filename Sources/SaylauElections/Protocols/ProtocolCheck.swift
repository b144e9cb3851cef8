/// The rules one protocol must satisfy, in one place: the control relations of rules.md A2.1–A2.3 and the
/// schema's (constituency in range or none for a list-only election, ballot type allowed, registered choices,
/// blanks of required lines and registered choices, counts in the wrong place).
///
/// Every face enters here: the CSV and JSON readers of ``ProtocolImport`` (so `saylau tabulate`,
/// `saylau import-protocols` and the HTTP API) and a form that builds a ``PollingStationProtocol`` directly.
/// Rules across protocols (duplicates, a precinct in two constituencies) are ``ProtocolImport``'s.
public enum ProtocolCheck {
  /// Every issue of one protocol, errors and warnings, in the order of its lines.
  ///
  /// - Parameters:
  ///   - p: the protocol.
  ///   - schema: the election's parties, constituencies and candidates.
  ///   - unreadable: fields the reader could not read (not a number, …; the reader reported them): they are
  ///     not reported again as blank, and the relations that need them are not checked.
  ///   - misplaced: choices of the other ballot type that had a count in the record (a party column on a
  ///     constituency-ballot row, a candidate on a list row); a form cannot have them, a file can.
  /// - Returns: the issues without a location (the caller knows where the protocol came from).
  public static func check(
    _ p: PollingStationProtocol, schema: ProtocolSchema, unreadable: Set<ProtocolField> = [],
    misplaced: [ProtocolField] = []
  ) -> [ProtocolIssue] {
    var uncounted = 0
    return check(
      p, schema: schema, unreadable: unreadable, misplaced: misplaced, keepWarnings: true,
      warnings: &uncounted)
  }

  /// The same check for the import, which keeps only so many warnings: with `keepWarnings` off, warnings are
  /// only counted in `warnings` (their messages are not built).
  static func check(
    _ p: PollingStationProtocol, schema: ProtocolSchema, unreadable: Set<ProtocolField>,
    misplaced: [ProtocolField], keepWarnings: Bool, warnings: inout Int
  ) -> [ProtocolIssue] {
    var issues: [ProtocolIssue] = []
    @inline(__always) func error(_ field: ProtocolField, _ message: String, _ rule: String?) {
      issues.append(ProtocolIssue(field: field.csvName, message: message, rule: rule))
    }
    @inline(__always) func canRead(_ field: ProtocolField) -> Bool {
      unreadable.isEmpty || !unreadable.contains(field)
    }

    // The precinct, the constituency and the ballot (rules.md A1.2, A1.5).
    if p.precinct.isEmpty {
      if canRead(.precinct) { error(.precinct, "blank precinct id", "A1.2") }
    } else if p.precinct.utf8.count > ProtocolSchema.maximumPrecinctLength {
      error(
        .precinct, "precinct id longer than \(ProtocolSchema.maximumPrecinctLength) bytes", "A1.2")
    }
    if schema.constituencyCount == 0 {
      // Regimes without constituencies (R2007, R2009) have one nationwide district: the line stays blank.
      if let c = p.constituency {
        error(
          .constituency,
          "this election has no constituencies (one nationwide list district): leave it blank, found \(c)",
          "A1.2")
      }
    } else if let c = p.constituency {
      if c < 1 || c > schema.constituencyCount {
        error(
          .constituency, "constituency \(c) does not exist (1–\(schema.constituencyCount))", "A1.2")
      }
    } else {
      if canRead(.constituency) && !schema.constituencyOptional {
        error(.constituency, "blank count (this protocol line is required)", "A1.2")
      }
    }
    let ballotOK = canRead(.ballot)
    if ballotOK && p.ballot == .constituency && schema.constituencyCount == 0 {
      error(.ballot, "this election has no constituency ballots", "A1.5")
    }

    // Required lines (rules.md A2): a blank is an error, an optional line may stay blank.
    for field in ProtocolField.lines where field.isRequiredLine && p[field] == nil && canRead(field)
    {
      error(field, "blank count (this protocol line is required)", "A2")
    }
    // "Against all" where the election says whether the ballot has the line (the review's row 9).
    if ballotOK, canRead(.againstAll), let hasLine = schema.againstAllOnBallot[p.ballot] {
      if hasLine && p.againstAll == nil {
        error(.againstAll, "blank count (this ballot has an 'against all' line)", "A2")
      } else if !hasLine, let a = p.againstAll, a != 0 {
        error(
          .againstAll, "this ballot has no 'against all' line, but the protocol gives \(a)", "A2")
      }
    }
    // The round: an import holds one round; a runoff is held only where round 1 called one.
    if canRead(.round) {
      let round = p.round ?? 1
      if round != 1 && round != 2 {
        error(.round, "the round must be 1 or 2, found \(round)", "A5.8")
      } else if round != schema.round {
        error(
          .round,
          "a round-\(round) protocol among round-\(schema.round) protocols: give each round's protocols to its own import",
          "A5.8")
      } else if round == 2 {
        if ballotOK && p.ballot != .constituency {
          error(.ballot, "a runoff (round 2) has only constituency ballots", "A5.8")
        } else if let c = p.constituency, let runoffs = schema.runoffs, runoffs[c] == nil {
          error(.constituency, "constituency \(c) has no runoff: round 1 decided it", "A5.8")
        }
      }
    }

    // Votes per choice, and counts in the wrong place.
    var votesOK = ballotOK && misplaced.isEmpty
    if ballotOK {
      for field in misplaced {
        if case .votes(.party) = field {
          error(field, "a party-list count on a constituency ballot row", "A1.5")
        } else {
          error(field, "a candidate count on a party-list ballot row", "A1.5")
        }
      }
      if p.ballot == .list {
        for i in 0..<schema.parties.count {
          let v = i < p.votes.count ? p.votes[i] : nil
          if v == nil {
            let field = ProtocolField.votes(.party(schema.parties[i].code))
            votesOK = false
            if canRead(field) { error(field, "blank vote count for a registered list", "A1.3") }
          }
        }
      } else {
        let registered = p.constituency.flatMap { schema.registeredCandidates(in: $0) }
        let positions = max(p.votes.count, registered ?? 0)
        for k in 0..<positions {
          let v = k < p.votes.count ? p.votes[k] : nil
          let field = ProtocolField.votes(.candidate(k + 1))
          if !canRead(field) {
            votesOK = false
            continue
          }
          guard let registered else { continue }
          if v == nil && k < registered {
            votesOK = false
            error(field, "blank vote count for a registered candidate", "A1.4")
          } else if v != nil && k >= registered {
            votesOK = false
            let c = p.constituency.map(String.init) ?? "?"
            error(
              field,
              "unknown candidate: constituency \(c) has \(registered) registered candidate(s), no c\(k + 1)",
              "A1.4")
          }
        }
      }
      if !unreadable.isEmpty
        && unreadable.contains(where: { if case .votes = $0 { true } else { false } })
      {
        votesOK = false
      }
    }

    // Control relations (rules.md A2), each checked as far as its counts are readable.
    if votesOK && p.ballot == .constituency && (p.round ?? 1) == 2, let c = p.constituency,
      let contenders = schema.runoffs?[c]
    {
      for (k, v) in p.votes.enumerated() where (v ?? 0) != 0 && !contenders.contains(k + 1) {
        votesOK = false
        error(
          .votes(.candidate(k + 1)),
          "c\(k + 1) is not in the runoff of constituency \(c) (contenders: \(contenders.sorted().map { "c\($0)" }.joined(separator: ", ")))",
          "A5.8")
      }
    }
    if votesOK, let invalid = p.invalid, let inBox = p.ballotsInBox {
      let against = p.againstAll ?? 0
      var valid = against
      var overflow = false
      for v in p.votes {
        let (s, o) = valid.addingReportingOverflow(v ?? 0)
        overflow = overflow || o
        valid = s
      }
      let (sum0, o2) = valid.addingReportingOverflow(invalid)
      let (sum, o3) = sum0.addingReportingOverflow(p.unofficialForm ?? 0)
      if overflow || o2 || o3 {
        error(.ballotsInBox, "votes and invalid ballots add up beyond a 64-bit count", "A2.1")
      } else if sum != inBox {
        let unofficial = p.unofficialForm.map { " + unofficial form \($0)" } ?? ""
        error(
          .ballotsInBox,
          "valid \(valid) (votes \(valid - against) + against all \(against)) + invalid \(invalid)\(unofficial) = \(sum), but ballots in box = \(inBox) (A2.1–2)",
          "A2.1")
      }
    }
    // Home (portable-box) voting and absentee certificates (the review's S7): parts of the main lines.
    if let home = p.ballotsIssuedAtHome, let issued = p.ballotsIssued, home > issued {
      error(
        .ballotsIssuedAtHome,
        "ballots issued for home voting \(home) exceed all ballots issued \(issued)", "A2.2")
    }
    if let portable = p.ballotsInPortableBoxes {
      if let inBox = p.ballotsInBox, portable > inBox {
        error(
          .ballotsInPortableBoxes,
          "ballots in portable boxes \(portable) exceed all ballots in the boxes \(inBox)", "A2.2")
      }
      if let home = p.ballotsIssuedAtHome {
        if portable > home {
          error(
            .ballotsInPortableBoxes,
            "ballots in portable boxes \(portable) exceed the ballots issued for home voting \(home)",
            "A2.2")
        } else if portable < home {
          warnings += 1
          if keepWarnings {
            issues.append(
              ProtocolIssue(
                field: ProtocolField.ballotsInPortableBoxes.csvName,
                message:
                  "ballots in portable boxes \(portable) are fewer than those issued for home voting \(home): \(home - portable) not found (A2.2)",
                severity: .warning, rule: "A2.2"))
          }
        }
      }
    }
    if let absentee = p.absenteeVoters {
      if let voters = p.votersOnList, absentee > voters {
        error(
          .absenteeVoters,
          "voters with absentee certificates \(absentee) exceed the voters on the list \(voters)",
          "A2.2")
      } else if let issued = p.ballotsIssued, absentee > issued {
        error(
          .absenteeVoters,
          "voters with absentee certificates \(absentee) exceed the ballots issued \(issued)",
          "A2.2")
      }
    }
    if let inBox = p.ballotsInBox, let issued = p.ballotsIssued {
      if inBox > issued {
        error(
          .ballotsInBox, "ballots in box \(inBox) exceed ballots issued \(issued) (A2.2)", "A2.2")
      } else if inBox < issued {
        warnings += 1
        if keepWarnings {
          issues.append(
            ProtocolIssue(
              field: ProtocolField.ballotsInBox.csvName,
              message:
                "ballots in box \(inBox) are fewer than ballots issued \(issued): \(issued - inBox) ballot(s) issued were not found in the boxes (A2.2)",
              severity: .warning, rule: "A2.2"))
        }
      }
    }
    if let issued = p.ballotsIssued, let voters = p.votersOnList {
      if issued > voters {
        error(
          .ballotsIssued, "ballots issued \(issued) exceed voters on the list \(voters) (A2.2)",
          "A2.2")
      } else if issued == voters && voters > 0 {
        warnings += 1
        if keepWarnings {
          issues.append(
            ProtocolIssue(
              field: ProtocolField.ballotsIssued.csvName,
              message:
                "turnout of 100 %: every one of the \(voters) voters on the list received a ballot",
              severity: .warning, rule: "A3.1"))
        }
      }
    }
    if let issued = p.ballotsIssued {
      switch (p.ballotsReceived, p.unused) {
      case (let received?, let unused?):
        let (s0, o0) = issued.addingReportingOverflow(unused)
        let (s1, o1) = s0.addingReportingOverflow(p.spoiled ?? 0)
        let (s, o2) = s1.addingReportingOverflow(p.lost ?? 0)
        let o = o0 || o1 || o2
        if o || s != received {
          let extra =
            (p.spoiled.map { " + spoiled \($0)" } ?? "") + (p.lost.map { " + lost \($0)" } ?? "")
          error(
            .ballotsReceived,
            "ballots received \(received) ≠ issued \(issued) + unused \(unused)\(extra) = \(o ? "overflow" : String(s)) (A2.3)",
            "A2.3")
        }
      case (let received?, nil) where received < issued:
        error(
          .ballotsReceived,
          "ballots received \(received) are fewer than ballots issued \(issued) (A2.3)", "A2.3")
      case (nil, _?) where canRead(.ballotsReceived):
        warnings += 1
        if !keepWarnings { break }
        issues.append(
          ProtocolIssue(
            field: ProtocolField.ballotsReceived.csvName,
            message:
              "ballots received is blank while unused is given, so received = issued + unused cannot be checked (A2.3)",
            severity: .warning, rule: "A2.3"))
      case (_?, nil) where canRead(.unused):
        warnings += 1
        if !keepWarnings { break }
        issues.append(
          ProtocolIssue(
            field: ProtocolField.unused.csvName,
            message:
              "unused is blank while ballots received is given, so received = issued + unused cannot be checked (A2.3)",
            severity: .warning, rule: "A2.3"))
      default: break
      }
    }
    return issues
  }

  /// Whether any of `issues` refuses the protocol.
  public static func refuses(_ issues: [ProtocolIssue]) -> Bool { issues.contains { $0.isError } }
}
