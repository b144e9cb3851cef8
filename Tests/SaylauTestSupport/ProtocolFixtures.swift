import Foundation
import SaylauData
import SaylauElections

/// Protocol files for tests: the library's seeded SYNTHETIC generator, with the parties of the bundled 2023
/// election, in the CSV of the protocol format. The same seed gives the same bytes.
public enum ProtocolFixtures {
  /// The 2023 party lists (votes as weights for the generator).
  public static func parties2023() throws -> [ListVote.Party] {
    try published2023().result?.listVote.parties.filter { !$0.isAggregate } ?? []
  }

  static func published2023() throws -> PublishedElection {
    try BundledData.publishedElection("2023-majilis")
  }

  /// The schema `saylau tabulate --election 2023` uses (bundled parties, the regime's constituencies, no
  /// candidates).
  public static func schema2023() throws -> ProtocolSchema {
    ProtocolSchema(
      parties: try parties2023(), constituencyCount: try published2023().regime.constituencySeats)
  }

  /// A valid protocol CSV: two protocols per station (list and constituency ballot), every row marked
  /// synthetic. `prefix` goes before every precinct id, so several files can go into one database.
  public static func csv(stations: Int, seed: UInt64, prefix: String = "") throws -> [UInt8] {
    let generator = SyntheticProtocols(
      seed: seed, stations: stations, constituencies: try published2023().regime.constituencySeats,
      parties: try parties2023())
    var bytes: [UInt8] = []
    generator.writeCSV(chunk: { bytes += $0 })
    guard !prefix.isEmpty else { return bytes }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + stations * 2 * prefix.utf8.count)
    var lineStart = true
    var header = true
    for b in bytes {
      if lineStart && !header { out += Array(prefix.utf8) }
      out.append(b)
      lineStart = b == 0x0A
      if lineStart { header = false }
    }
    // No prefix after the final line feed.
    return out
  }
}

extension ProtocolFixtures {
  /// A protocol that passes the check under `schema`: the list ballot's votes are `votes` (padded with 0
  /// for the other parties), 7 invalid ballots, everything issued found in the box, 100 voters more on the
  /// list than came; "against all" 0 where the ballot has the line.
  public static func valid(
    _ precinct: String, constituency: Int? = 1, votes: [Int] = [300, 120, 40],
    ballot: BallotType = .list, schema: ProtocolSchema
  ) -> PollingStationProtocol {
    let n = ballot == .list ? schema.parties.count : votes.count
    let counts = (0..<n).map { $0 < votes.count ? votes[$0] : 0 }
    let inBox = counts.reduce(0, +) + 7
    return PollingStationProtocol(
      precinct: precinct, constituency: constituency, ballot: ballot, votersOnList: inBox + 100,
      ballotsIssued: inBox, ballotsInBox: inBox, invalid: 7,
      againstAll: schema.againstAllOnBallot[ballot] == true ? 0 : nil, votes: counts)
  }
}
