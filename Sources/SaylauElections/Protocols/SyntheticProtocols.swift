import SaylauCore

/// A seeded generator of synthetic polling-station protocols for tests, demos and benchmarks.
///
/// Everything it writes is marked synthetic: the protocol CSV has a `synthetic` column set to `yes` on every
/// row, candidate names start with "Synthetic", and the importer carries the mark into every result. The
/// numbers are plausible, not real: party shares follow the given national weights with noise, and each
/// station satisfies every control relation of rules.md A2 exactly.
public struct SyntheticProtocols: Sendable {
  public var seed: UInt64
  public var stations: Int
  public var constituencies: Int
  public var parties: [ListVote.Party]

  public init(seed: UInt64, stations: Int, constituencies: Int = 29, parties: [ListVote.Party]) {
    self.seed = seed
    self.stations = stations
    self.constituencies = constituencies
    self.parties = parties
  }

  /// The synthetic candidates: 3 to 12 per constituency; position 1 is nominated by the first party,
  /// some by other parties, the rest self-nominated. The strongest candidate is drawn at random.
  public func candidates() -> [RegisteredCandidate] {
    var g = SeededGenerator(seed: seed, stream: 1)
    var out: [RegisteredCandidate] = []
    for c in 1...constituencies {
      let n = 3 + g.next(below: 10)
      for p in 1...n {
        let nomination: String
        if p == 1 {
          nomination = parties.first?.code ?? "self"
        } else if g.next(below: 4) == 0, parties.count > 1 {
          nomination = parties[1 + g.next(below: parties.count - 1)].code
        } else {
          nomination = "self"
        }
        out.append(
          RegisteredCandidate(
            constituency: c, position: p, name: "Synthetic candidate \(c)-\(p)",
            nomination: nomination))
      }
    }
    return out
  }

  /// The candidates as CSV (`constituency,position,name,nomination,synthetic`).
  public func candidatesCSV() -> String {
    var s = "constituency,position,name,nomination,synthetic\n"
    for c in candidates() { s += "\(c.constituency),\(c.position),\(c.name),\(c.nomination),yes\n" }
    return s
  }

  /// Streams the protocol CSV in chunks of bytes (two rows per station: list and constituency ballot).
  /// `progress` is called with the number of stations done.
  public func writeCSV(chunk: (inout [UInt8]) -> Void, progress: (Int) -> Void = { _ in }) {
    let cands = Dictionary(grouping: candidates(), by: \.constituency)
    let maxCandidates = cands.values.map(\.count).max() ?? 0
    var g = SeededGenerator(seed: seed, stream: 2)
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    let header =
      (ProtocolSchema.fixedColumns + parties.map(\.code) + (0..<maxCandidates).map { "c\($0 + 1)" }
      + ["synthetic"])
      .joined(separator: ",") + "\n"
    buffer += Array(header.utf8)
    let totalWeight = max(parties.reduce(0) { $0 + $1.votes }, 1)
    // Per-constituency candidate strength, fixed for the whole run.
    var strength: [Int: [Int]] = [:]
    for c in 1...constituencies {
      let n = cands[c]?.count ?? 0
      let leader = n > 0 ? g.next(below: n) : 0
      strength[c] = (0..<n).map {
        $0 == leader ? 400 + g.next(below: 400) : 20 + g.next(below: 300)
      }
    }
    func appendInt(_ v: Int) {
      if v == 0 {
        buffer.append(0x30)
        return
      }
      var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0
      )
      var n = v
      var k = 0
      withUnsafeMutableBytes(of: &digits) { d in
        while n > 0 {
          d[k] = UInt8(48 + n % 10)
          n /= 10
          k += 1
        }
        while k > 0 {
          k -= 1
          buffer.append(d[k])
        }
      }
    }
    func split(_ total: Int, _ weights: [Int]) -> [Int] {
      let w = max(weights.reduce(0, +), 1)
      var out = weights.map { total * $0 / w }
      out[0] += total - out.reduce(0, +)
      return out
    }
    for s in 0..<stations {
      let constituency = 1 + g.next(below: constituencies)
      let voters = 200 + g.next(below: 2800)
      let issued = voters * (35 + g.next(below: 40)) / 100
      let unused = voters - issued
      for ballot in BallotType.allCases {
        let lost = g.next(below: 8) == 0 ? 1 : 0
        let inBox = issued - lost
        let invalid = inBox * g.next(below: 30) / 1000
        let valid = inBox - invalid
        let againstAll = valid * (1 + g.next(below: 60)) / 1000
        var weights: [Int]
        if ballot == .list {
          weights = parties.map {
            max(1, Int(Int64($0.votes) * 1000 / Int64(totalWeight)) * (70 + g.next(below: 60)))
          }
        } else {
          weights = (strength[constituency] ?? [1]).map { $0 * (70 + g.next(below: 60)) }
        }
        let votes = split(valid - againstAll, weights)
        appendInt(s + 1)
        buffer.append(0x2C)
        appendInt(constituency)
        buffer += ballot == .list ? Array(",list,".utf8) : Array(",constituency,".utf8)
        for v in [voters, issued + unused, issued, inBox, invalid, unused, againstAll] {
          appendInt(v)
          buffer.append(0x2C)
        }
        if ballot == .list {
          for v in votes {
            appendInt(v)
            buffer.append(0x2C)
          }
          for _ in 0..<maxCandidates { buffer.append(0x2C) }
        } else {
          for _ in parties { buffer.append(0x2C) }
          for k in 0..<maxCandidates {
            if k < votes.count { appendInt(votes[k]) }
            buffer.append(0x2C)
          }
        }
        buffer += Array("yes\n".utf8)
      }
      if buffer.count > (1 << 20) - 4096 {
        chunk(&buffer)
        buffer.removeAll(keepingCapacity: true)
      }
      if s % 100_000 == 99_999 { progress(s + 1) }
    }
    chunk(&buffer)
    progress(stations)
  }
}
