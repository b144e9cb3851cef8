import SaylauElections

/// The per-protocol rules: each finds the protocols it flags and says why, with the numbers.
struct Flagging {
  let set: StationSet
  let settings: ForensicSettings
  let earlier: [ProtocolVersion]
  var flags: [ProtocolFlag] = []

  init(set: StationSet, settings: ForensicSettings, earlier: [ProtocolVersion]) {
    self.set = set
    self.settings = settings
    self.earlier = earlier
  }

  mutating func add(
    _ s: Station, _ kind: FlagKind, _ evidence: String, related: [String] = [], score: Double? = nil
  ) {
    flags.append(
      ProtocolFlag(
        precinct: s.p.precinct, ballot: s.p.ballot, constituency: s.p.constituency, kind: kind,
        rule: kind.rule(settings), evidence: evidence, related: related, score: score))
  }

  /// Every rule over every protocol; the flags in the order of the protocols, then of the rules.
  mutating func run() -> [ProtocolFlag] {
    lawWarnings()
    fullTurnoutAndShare()
    roundPercentages()
    identical()
    outliers()
    ballotMismatch()
    changed()
    let kinds = FlagKind.allCases
    let order = Dictionary(
      uniqueKeysWithValues: set.stations.map {
        ($0.p.precinct + "\u{0}" + $0.p.ballot.rawValue, $0.order)
      })
    return flags.enumerated().sorted { a, b in
      let oa = order[a.element.precinct + "\u{0}" + a.element.ballot.rawValue] ?? Int.max
      let ob = order[b.element.precinct + "\u{0}" + b.element.ballot.rawValue] ?? Int.max
      if oa != ob { return oa < ob }
      let ka = kinds.firstIndex(of: a.element.kind)!
      let kb = kinds.firstIndex(of: b.element.kind)!
      return ka != kb ? ka < kb : a.offset < b.offset
    }.map(\.element)
  }

  // MARK: The law's warnings

  mutating func lawWarnings() {
    for s in set.stations {
      for issue in ProtocolCheck.check(s.p, schema: set.schema) where !issue.isError {
        add(s, .lawWarning, (issue.rule.map { "\($0): " } ?? "") + issue.message)
      }
    }
  }

  // MARK: At or near 100 %

  mutating func fullTurnoutAndShare() {
    let near = settings.nearFullPercent
    for s in set.stations {
      if let e = s.voters, e >= settings.minimumVoters, let i = s.issued, 100 * i >= near * e {
        add(
          s, .fullTurnout,
          "turnout \(Format.percent(i, of: e)) %: \(Format.grouped(i)) ballots issued to \(Format.grouped(e)) voters on the list",
          score: Double(i) / Double(e))
      }
      if let valid = s.valid, valid >= settings.minimumVoters {
        for (k, v) in s.votes.enumerated() {
          guard let v, 100 * v >= near * valid else { continue }
          let code = StationSet.choiceCode(s.p, k, set.schema)
          add(
            s, .fullShare,
            "\(code) has \(Format.percent(v, of: valid)) % of the valid votes: \(Format.grouped(v)) of \(Format.grouped(valid))",
            score: Double(v) / Double(valid))
        }
        if let a = s.p.againstAll, 100 * a >= near * valid {
          add(
            s, .fullShare,
            "against all has \(Format.percent(a, of: valid)) % of the valid votes: \(Format.grouped(a)) of \(Format.grouped(valid))",
            score: Double(a) / Double(valid))
        }
      }
    }
  }

  // MARK: Whole and round percentages

  mutating func roundPercentages() {
    var chances: [Int: (Double, Double)] = [:]
    func chance(_ r: WholePercent, _ n: Int) -> Double {
      if r == .none { return 1 }
      if let c = chances[n] { return r == .whole ? c.0 : c.1 }
      let c = (WholePercent.chance(.whole, n), WholePercent.chance(.multipleOfFive, n))
      chances[n] = c
      return r == .whole ? c.0 : c.1
    }
    func words(_ r: WholePercent) -> String {
      r == .multipleOfFive ? "a multiple of 5 %" : "a whole percentage"
    }
    for s in set.stations {
      guard let e = s.voters, let i = s.issued, let valid = s.valid, let l = s.leaderVotes else {
        continue
      }
      let t = WholePercent.of(i, e)
      let h = WholePercent.of(l, valid)
      guard t != .none || h != .none else { continue }
      let p = chance(t, e) * chance(h, valid)
      guard p <= settings.roundChance else { continue }
      var parts: [String] = []
      if t != .none {
        parts.append(
          "turnout \(Format.percent(i, of: e, places: 2)) % (\(Format.grouped(i)) of \(Format.grouped(e))) is \(words(t)) to the nearest vote"
        )
      }
      if h != .none {
        parts.append(
          "\(set.leaderCode(s))'s share \(Format.percent(l, of: valid, places: 2)) % (\(Format.grouped(l)) of \(Format.grouped(valid))) is \(words(h)) to the nearest vote"
        )
      }
      add(
        s, .roundPercentages,
        parts.joined(separator: "; ")
          + "; by chance \(Format.probability(p)) precincts of this size are as round",
        score: p)
    }
  }

  // MARK: Identical and near-identical protocols

  /// The counts two protocols are compared on: every line, then every vote (trailing blanks dropped).
  static func lines(_ s: Station) -> [Int?] {
    let p = s.p
    return [
      p.votersOnList, p.ballotsReceived, p.ballotsIssued, p.ballotsInBox, p.invalid, p.unused,
      p.againstAll,
    ] + s.votes
  }

  mutating func identical() {
    let minimum = settings.identicalMinimumVoters
    for ballot in BallotType.allCases {
      let candidates = set.stations.filter {
        $0.p.ballot == ballot && ($0.voters ?? 0) >= minimum && $0.issued != nil
      }
      // Exactly identical: grouped by their counts, groups in the order of their first protocol.
      var groups: [[Int?]: [Int]] = [:]
      var firstSeen: [[Int?]] = []
      for (k, s) in candidates.enumerated() {
        let key = Self.lines(s)
        if groups[key] == nil { firstSeen.append(key) }
        groups[key, default: []].append(k)
      }
      var exact = Set<Int>()
      var identicalFlags: [(Int, [String], String)] = []
      for key in firstSeen {
        guard let members = groups[key], members.count > 1 else { continue }
        for k in members {
          exact.insert(k)
          let others = members.filter { $0 != k }.map { candidates[$0].p.precinct }
          identicalFlags.append(
            (
              k, others,
              "every count equals the protocol of \(Self.list(others)) (voters \(Format.grouped(candidates[k].voters ?? 0)), issued \(Format.grouped(candidates[k].issued ?? 0)))"
            ))
        }
      }
      // Near-identical: pairs within the tolerance, found among protocols close in ballots issued.
      let byIssued = candidates.indices.sorted {
        (candidates[$0].issued!, candidates[$0].order) < (
          candidates[$1].issued!, candidates[$1].order
        )
      }
      var near: [Int: [Int]] = [:]
      for (position, a) in byIssued.enumerated() {
        let ia = candidates[a].issued!
        let reach = max(1, ia * settings.nearIdenticalPercent / 100)
        let la = Self.lines(candidates[a])
        var q = position + 1
        while q < byIssued.count, candidates[byIssued[q]].issued! - ia <= reach {
          let b = byIssued[q]
          q += 1
          let lb = Self.lines(candidates[b])
          if la == lb || la.count != lb.count { continue }
          if zip(la, lb).allSatisfy({ x, y in within(x, y) }) {
            near[a, default: []].append(b)
            near[b, default: []].append(a)
          }
        }
      }
      var all = identicalFlags.map { ($0.0, FlagKind.identical, $0.1, $0.2) }
      for k in near.keys.sorted() {
        let others = near[k]!.sorted { candidates[$0].order < candidates[$1].order }.map {
          candidates[$0].p.precinct
        }
        all.append(
          (
            k, .nearIdentical, others,
            "every count is within \(settings.nearIdenticalPercent) % (at least 1) of the protocol of \(Self.list(others))"
          ))
      }
      for (k, kind, related, evidence) in all.sorted(by: { $0.0 < $1.0 }) {
        add(candidates[k], kind, evidence, related: related)
      }
    }
  }

  func within(_ x: Int?, _ y: Int?) -> Bool {
    switch (x, y) {
    case (nil, nil): return true
    case (let a?, let b?):
      let tolerance = max(1, max(a, b) * settings.nearIdenticalPercent / 100)
      return abs(a - b) <= tolerance
    default: return false
    }
  }

  static func list(_ ids: [String]) -> String {
    let shown = ids.prefix(5).joined(separator: ", ")
    return ids.count > 5 ? shown + " and \(ids.count - 5) more" : shown
  }

  // MARK: Outliers

  mutating func outliers() {
    // The group of a protocol: its district where the register gives one, else its constituency.
    var groups: [String: [Int]] = [:]
    var names: [String] = []
    for (k, s) in set.stations.enumerated() {
      guard let e = s.voters, e >= settings.minimumVoters, s.turnout != nil else { continue }
      let key: String
      if let d = s.district {
        key = "\(s.p.ballot.rawValue)\u{0}district \(d)"
      } else if let c = s.p.constituency {
        key = "\(s.p.ballot.rawValue)\u{0}constituency \(c)"
      } else {
        key = "\(s.p.ballot.rawValue)\u{0}the nation"
      }
      if groups[key] == nil { names.append(key) }
      groups[key, default: []].append(k)
    }
    var found: [(Int, String, Double)] = []
    for key in names {
      let members = groups[key]!
      guard members.count >= settings.minimumGroup else { continue }
      let groupName = String(key.split(separator: "\u{0}", maxSplits: 1)[1])
      let turnouts = members.map { set.stations[$0].turnout! }
      let withShare = members.filter {
        set.stations[$0].share != nil && (set.stations[$0].valid ?? 0) >= settings.minimumVoters
      }
      let shares = withShare.map { set.stations[$0].share! }
      guard let mt = RobustStatistics.median(turnouts),
        let st = RobustStatistics.mad(turnouts, median: mt)
      else { continue }
      let ms = RobustStatistics.median(shares)
      let ss = ms.flatMap { RobustStatistics.mad(shares, median: $0) }
      let spreadT = max(st, settings.minimumSpread)
      let spreadS = max(ss ?? 0, settings.minimumSpread)
      let shareOK = withShare.count >= settings.minimumGroup
      for k in members {
        let s = set.stations[k]
        let zt = (s.turnout! - mt) / spreadT
        var zs: Double? = nil
        if shareOK, let ms, let share = s.share, (s.valid ?? 0) >= settings.minimumVoters {
          zs = (share - ms) / spreadS
        }
        let single = abs(zt) >= settings.outlierZ || abs(zs ?? 0) >= settings.outlierZ
        let joint =
          zs.map {
            (zt >= settings.outlierJointZ && $0 >= settings.outlierJointZ)
              || (zt <= -settings.outlierJointZ && $0 <= -settings.outlierJointZ)
          } ?? false
        guard single || joint else { continue }
        var text =
          "turnout \(Format.decimal(s.turnout! * 100, 1)) % against a median of \(Format.decimal(mt * 100, 1)) % in \(groupName) (robust z \(Format.decimal(zt, 1)))"
        if let zs, let ms {
          text +=
            "; \(set.leaderCode(s))'s share \(Format.decimal(s.share! * 100, 1)) % against \(Format.decimal(ms * 100, 1)) % (robust z \(Format.decimal(zs, 1)))"
        }
        text += "; \(members.count) precincts in the group"
        found.append((k, text, max(abs(zt), abs(zs ?? 0))))
      }
    }
    for (k, text, score) in found.sorted(by: { $0.0 < $1.0 }) {
      add(set.stations[k], .outlier, text, score: score)
    }
  }

  // MARK: The two ballots of a precinct

  mutating func ballotMismatch() {
    var constituencyBallot: [String: Station] = [:]
    for s in set.stations where s.p.ballot == .constituency { constituencyBallot[s.p.precinct] = s }
    for s in set.stations where s.p.ballot == .list {
      guard let c = constituencyBallot[s.p.precinct] else { continue }
      var parts: [String] = []
      if let a = s.voters, let b = c.voters, a != b {
        parts.append(
          "voters on the list \(Format.grouped(a)) (list ballot) ≠ \(Format.grouped(b)) (constituency ballot)"
        )
      }
      if let a = s.issued, let b = c.issued {
        let reach = max(settings.mismatchMinimum, max(a, b) * settings.mismatchPercent / 100)
        if abs(a - b) > reach {
          parts.append(
            "ballots issued \(Format.grouped(a)) (list) and \(Format.grouped(b)) (constituency) differ by \(Format.grouped(abs(a - b)))"
          )
        }
      }
      if let a = s.p.constituency, let b = c.p.constituency, a != b {
        parts.append("constituency \(a) on the list ballot, \(b) on the constituency ballot")
      }
      if !parts.isEmpty { add(s, .ballotMismatch, parts.joined(separator: "; ")) }
    }
  }

  // MARK: Versions

  mutating func changed() {
    var history: [String: [ProtocolVersion]] = [:]
    for v in earlier {
      history[v.value.precinct + "\u{0}" + v.value.ballot.rawValue, default: []].append(v)
    }
    for s in set.stations {
      guard var versions = history[s.p.precinct + "\u{0}" + s.p.ballot.rawValue] else { continue }
      versions.sort { $0.version < $1.version }
      let current = ProtocolVersion(version: (versions.last?.version ?? 0) + 1, value: s.p)
      let chain = versions + [current]
      var steps: [String] = []
      for (a, b) in zip(chain, chain.dropFirst()) {
        let diff = Self.differences(a.value, b.value, schema: set.schema)
        if !diff.isEmpty {
          steps.append("version \(a.version) → \(b.version): " + diff.joined(separator: ", "))
        }
      }
      if !steps.isEmpty {
        add(s, .changed, steps.joined(separator: "; "), score: Double(chain.count))
      }
    }
  }

  /// The lines and votes that differ between two versions, as `name old → new`.
  static func differences(
    _ a: PollingStationProtocol, _ b: PollingStationProtocol, schema: ProtocolSchema
  ) -> [String] {
    var out: [String] = []
    func show(_ v: Int?) -> String { v.map(Format.grouped) ?? "blank" }
    if a.constituency != b.constituency {
      out.append("constituency \(show(a.constituency)) → \(show(b.constituency))")
    }
    for field in ProtocolField.lines where a[field] != b[field] {
      out.append("\(field.csvName) \(show(a[field])) → \(show(b[field]))")
    }
    for k in 0..<max(a.votes.count, b.votes.count) {
      let x = k < a.votes.count ? a.votes[k] : nil
      let y = k < b.votes.count ? b.votes[k] : nil
      if x != y { out.append("\(StationSet.choiceCode(b, k, schema)) \(show(x)) → \(show(y))") }
    }
    return out
  }
}
