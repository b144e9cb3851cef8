import SaylauElections

/// One protocol with the values every rule and test reads, derived once.
struct Station {
  var p: PollingStationProtocol
  /// Position in the canonical order (precinct, then ballot).
  var order: Int
  /// The vote counts, blanks dropped from the end (a blank inside stays `nil`).
  var votes: [Int?]
  /// Valid votes (every vote and "against all"); `nil` when a required count is blank.
  var valid: Int?
  /// The index in ``votes`` of the ballot's leader (national party; constituency candidate).
  var leader: Int?
  var leaderVotes: Int? { leader.flatMap { $0 < votes.count ? votes[$0] : nil } }
  var district: String?
  var region: String?

  var voters: Int? { p.votersOnList }
  var issued: Int? { p.ballotsIssued }

  /// Turnout as a fraction, where voters are known and positive.
  var turnout: Double? {
    guard let e = voters, e > 0, let i = issued else { return nil }
    return Double(i) / Double(e)
  }

  /// The leader's share of the valid votes, as a fraction.
  var share: Double? {
    guard let v = valid, v > 0, let l = leaderVotes else { return nil }
    return Double(l) / Double(v)
  }

  /// Every vote count of the protocol that is given: each choice's, then against all.
  var counts: [Int] { votes.compactMap { $0 } + (p.againstAll.map { [$0] } ?? []) }
}

/// The protocols of the analysis in their canonical order, with their leaders and areas.
struct StationSet {
  var stations: [Station]
  /// The leader of each ballot: a choice index (list) or per constituency (constituency ballot).
  var listLeader: Int?
  var constituencyLeaders: [Int: Int]
  var schema: ProtocolSchema

  /// Precinct ids in a natural order: numeric ids by value first, then the others as text.
  static func precedes(_ a: String, _ b: String) -> Bool {
    let na = numeric(a)
    let nb = numeric(b)
    switch (na, nb) {
    case (let x?, let y?): return x != y ? x < y : a < b
    case (.some, nil): return true
    case (nil, .some): return false
    default: return a < b
    }
  }

  static func numeric(_ s: String) -> Int? {
    guard !s.isEmpty, s.utf8.count <= 18, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
      return nil
    }
    return Int(s)
  }

  init(_ input: ForensicInput) {
    schema = input.schema
    let sorted = input.protocols.sorted { a, b in
      if a.precinct != b.precinct { return Self.precedes(a.precinct, b.precinct) }
      return a.ballot == .list && b.ballot == .constituency
    }
    var stations: [Station] = []
    stations.reserveCapacity(sorted.count)
    for (i, p) in sorted.enumerated() {
      var votes = p.votes
      while let last = votes.last, last == nil { votes.removeLast() }
      var valid: Int? = p.againstAll ?? 0
      if p.ballot == .list && votes.count < input.schema.parties.count { valid = nil }
      for v in votes {
        guard let v, let s = valid else {
          valid = nil
          break
        }
        let (sum, overflow) = s.addingReportingOverflow(v)
        valid = overflow ? nil : sum
      }
      if p.ballot == .list {
        // A blank registered list leaves the valid votes unknown (the check refuses it anyway).
        for k in 0..<min(votes.count, input.schema.parties.count) where votes[k] == nil {
          valid = nil
        }
      }
      let region = p.constituency.flatMap { input.regionOfConstituency[$0] }
      stations.append(
        Station(
          p: p, order: i, votes: votes, valid: valid, leader: nil,
          district: input.districtOfPrecinct[p.precinct], region: region))
    }
    // Leaders: the list party with the most votes in all; the candidate with the most in each constituency.
    var listTotals: [Int] = []
    var byConstituency: [Int: [Int]] = [:]
    for s in stations {
      switch s.p.ballot {
      case .list:
        if listTotals.count < s.votes.count {
          listTotals += [Int](repeating: 0, count: s.votes.count - listTotals.count)
        }
        for (k, v) in s.votes.enumerated() { listTotals[k] &+= v ?? 0 }
      case .constituency:
        guard let c = s.p.constituency else { continue }
        var t = byConstituency[c] ?? []
        if t.count < s.votes.count { t += [Int](repeating: 0, count: s.votes.count - t.count) }
        for (k, v) in s.votes.enumerated() { t[k] &+= v ?? 0 }
        byConstituency[c] = t
      }
    }
    func argmax(_ t: [Int]) -> Int? {
      guard let m = t.max(), m > 0 else { return nil }
      return t.firstIndex(of: m)
    }
    let listLeader = argmax(listTotals)
    let leaders = byConstituency.compactMapValues(argmax)
    for i in stations.indices {
      switch stations[i].p.ballot {
      case .list: stations[i].leader = listLeader
      case .constituency: stations[i].leader = stations[i].p.constituency.flatMap { leaders[$0] }
      }
    }
    self.listLeader = listLeader
    constituencyLeaders = leaders
    self.stations = stations
  }

  /// The leader's name for the report: the party code, or "constituency leader".
  func leaderName(_ ballot: BallotType) -> String {
    switch ballot {
    case .list:
      guard let l = listLeader, l < schema.parties.count else { return "none" }
      return schema.parties[l].code
    case .constituency: return "constituency leader"
    }
  }

  /// The leader of a station, in words (`amanat`, `c3`).
  func leaderCode(_ s: Station) -> String {
    guard let l = s.leader else { return "leader" }
    return Self.choiceCode(s.p, l, schema)
  }

  /// The code of the choice at `index` of a protocol's votes (`amanat`, `c3`), also past the schema's list.
  static func choiceCode(_ p: PollingStationProtocol, _ index: Int, _ schema: ProtocolSchema)
    -> String
  {
    if p.ballot == .list && index >= schema.parties.count { return "choice \(index + 1)" }
    return p.choice(at: index, in: schema).code
  }

  /// The areas of `ballot` that its stations fall in, in canonical order, and each station's areas.
  func areas(_ ballot: BallotType) -> (areas: [Area], membership: [[Int]], stations: [Int]) {
    let members = stations.indices.filter { stations[$0].p.ballot == ballot }
    var set = Set<Area>([.nation])
    for i in members {
      let s = stations[i]
      if let r = s.region { set.insert(Area(level: .region, code: r)) }
      if let c = s.p.constituency { set.insert(Area(level: .constituency, code: String(c))) }
      if let d = s.district { set.insert(Area(level: .district, code: d)) }
    }
    let areas = set.sorted()
    let index = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($1, $0) })
    let membership = members.map { i -> [Int] in
      let s = stations[i]
      var out = [0]
      if let r = s.region { out.append(index[Area(level: .region, code: r)]!) }
      if let c = s.p.constituency {
        out.append(index[Area(level: .constituency, code: String(c))]!)
      }
      if let d = s.district { out.append(index[Area(level: .district, code: d)]!) }
      return out
    }
    return (areas, membership, members)
  }
}
