import ArgumentParser
import Foundation
import SaylauApportionment
import SaylauCore
import SaylauData
import SaylauElections
import SaylauRegistry

/// Options that re-run a count as a what-if, shared by `seats` and `tabulate`.
struct WhatIfOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Allocation method for a what-if: \(AllocationMethod.cliNames.joined(separator: ", ")).",
      valueName: "method"))
  var method: String?

  @Option(help: "List threshold in percent for a what-if, e.g. 5 or 3.5 (exact decimal).")
  var threshold: String?

  @Option(help: "Number of list seats for a what-if.")
  var seats: Int?

  @Option(
    help:
      "Threshold base: valid (valid incl. against all; default), in-box (ballots in the box), issued."
  )
  var thresholdBase: String?

  @Option(
    help: "Runner-up guarantee: on or off (default: as the regime's law says; off where unknown).")
  var runnerUp: String?

  @Option(help: "Remainder ties: registration-order (default) or error.")
  var remainderTie: String?

  @Option(help: "When 'against all' leads a constituency: ignore (default) or repeat-election.")
  var againstAll: String?

  func options() throws -> ElectionOptions {
    var o = ElectionOptions()
    switch thresholdBase {
    case nil, "valid": break
    case "in-box": o.thresholdBase = .ballotsInBox
    case "issued": o.thresholdBase = .ballotsIssued
    case let v?: throw UserError("--threshold-base must be valid, in-box or issued, not '\(v)'")
    }
    switch runnerUp {
    case nil: break
    case "on": o.runnerUpGuarantee = true
    case "off": o.runnerUpGuarantee = false
    case let v?: throw UserError("--runner-up must be on or off, not '\(v)'")
    }
    switch remainderTie {
    case nil, "registration-order": break
    case "error": o.remainderTie = .error
    case let v?: throw UserError("--remainder-tie must be registration-order or error, not '\(v)'")
    }
    switch againstAll {
    case nil, "ignore": break
    case "repeat-election": o.againstAll = .repeatElection
    case let v?: throw UserError("--against-all must be ignore or repeat-election, not '\(v)'")
    }
    return o
  }

  func decision(regime: Regime) throws -> ListSeatDecision {
    var m: AllocationMethod? = nil
    if let method {
      guard let parsed = AllocationMethod(cliName: method) else {
        throw UserError(
          "unknown method '\(method)'; choose one of \(AllocationMethod.cliNames.joined(separator: ", "))"
        )
      }
      m = parsed
    }
    var t: Threshold? = nil
    if let threshold {
      guard let parsed = Threshold(percentString: threshold) else {
        throw UserError(
          "--threshold must be a percentage between 0 and 100 such as 5 or 3.5, not '\(threshold)'")
      }
      t = parsed
    }
    if let seats, seats < 1 || seats > 10_000 {
      throw UserError("--seats must be between 1 and 10000, not \(seats)")
    }
    return ListSeatDecision(
      regime: regime, options: try options(), method: m, threshold: t, seats: seats)
  }

  /// The what-if changes in words; empty when the run follows the law.
  func changes(regime: Regime) -> [String] {
    var out: [String] = []
    if let method, let m = AllocationMethod(cliName: method), m != regime.listMethod {
      out.append("method \(m)")
    }
    if let threshold, let t = Threshold(percentString: threshold), t != regime.listThreshold {
      out.append("threshold \(t)")
    }
    if let seats, seats != regime.listSeats { out.append("\(seats) list seats") }
    if thresholdBase != nil && thresholdBase != "valid" {
      out.append("threshold base \(thresholdBase!)")
    }
    if let runnerUp { out.append("runner-up guarantee \(runnerUp)") }
    if againstAll == "repeat-election" {
      out.append("'against all' leading forces a repeat election")
    }
    return out
  }
}

/// One election the CLI knows by year.
struct ElectionChoice {
  var year: Int
  var regime: Regime
  var official: OfficialListResult

  init(year: Int) throws {
    let official: OfficialListResult
    do {
      official = try ElectionResults.official(year: year)
    } catch let e as ElectionResultsError {
      throw UserError(e.description)
    } catch let e as DatasetError {
      throw UserError("the bundled results are invalid: \(e)")
    }
    guard let regime = Regime.named(official.regime) else {
      throw UserError("unknown regime \(official.regime)")
    }
    self.year = year
    self.regime = regime
    self.official = official
  }

  var parties: [ListVote.Party] {
    official.lines.map {
      ListVote.Party(
        code: $0.code, name: $0.name, votes: $0.votes, isAggregate: $0.isDerivedAggregate)
    }
  }

  var listVote: ListVote {
    ListVote(
      parties: parties, againstAll: official.againstAll, invalid: official.invalid,
      ballotsIssued: official.ballotsIssued)
  }
}

/// The JSON shape of one party (or group) in a composition; every key is always present (null = unknown).
struct PartySeatsJSON: Encodable {
  var party: String
  var name: String
  var votes: Int?
  var percentOfBase: Double?
  var passedThreshold: Bool?
  var admittedAsRunnerUp: Bool?
  var listSeats: Int
  var constituencySeats: Int?
  var appointedSeats: Int
  var totalSeats: Int?
  var officialListSeats: Int?
  var derived: [String]

  func encode(to encoder: Encoder) throws {
    enum K: String, CodingKey {
      case party, name, votes, percentOfBase, passedThreshold, admittedAsRunnerUp, listSeats,
        constituencySeats
      case appointedSeats, totalSeats, officialListSeats, derived
    }
    var c = encoder.container(keyedBy: K.self)
    try c.encode(party, forKey: .party)
    try c.encode(name, forKey: .name)
    try c.encode(votes, forKey: .votes)
    try c.encode(percentOfBase.map { ($0 * 100).rounded() / 100 }, forKey: .percentOfBase)
    try c.encode(passedThreshold, forKey: .passedThreshold)
    try c.encode(admittedAsRunnerUp, forKey: .admittedAsRunnerUp)
    try c.encode(listSeats, forKey: .listSeats)
    try c.encode(constituencySeats, forKey: .constituencySeats)
    try c.encode(appointedSeats, forKey: .appointedSeats)
    try c.encode(totalSeats, forKey: .totalSeats)
    try c.encode(officialListSeats, forKey: .officialListSeats)
    try c.encode(derived, forKey: .derived)
  }

  static func rows(composition: ChamberComposition, list: ListSeatResult?, official: [String: Int])
    -> [PartySeatsJSON]
  {
    composition.rows.map { r in
      let l = list?.rows.first { $0.code == r.party }
      return PartySeatsJSON(
        party: r.party, name: r.name, votes: r.votes, percentOfBase: l?.percentOfBase,
        passedThreshold: l?.passedThreshold, admittedAsRunnerUp: l?.admittedAsRunnerUp,
        listSeats: r.listSeats,
        constituencySeats: r.constituencySeats, appointedSeats: r.appointedSeats,
        totalSeats: r.totalSeats,
        officialListSeats: official[r.party], derived: r.derived)
    }
  }
}

/// The allocation options as they are reported with every result.
struct CountRulesJSON: Encodable {
  var regime: String
  var method: String
  var threshold: String
  var thresholdBase: String
  var thresholdBaseVotes: Int
  var listSeats: Int
  var options: ElectionOptions
  var runnerUpGuaranteeApplied: Bool
  var tiesBroken: [String]
  var notes: [String]

  init(_ r: ListSeatResult) {
    regime = r.regime
    method = r.method.description
    threshold = r.threshold.description
    thresholdBase = r.thresholdBase.rawValue
    thresholdBaseVotes = r.base
    listSeats = r.seats
    options = r.options
    runnerUpGuaranteeApplied = r.runnerUpGuaranteeApplied
    tiesBroken = r.tiesBroken
    notes = r.notes
  }
}

struct IndicesJSON: Encodable {
  var gallagher: Double
  var loosemoreHanby: Double
  var effectivePartiesByVotes: Double?
  var effectivePartiesBySeats: Double?

  init(_ r: ListSeatResult) {
    let votes = r.rows.map(\.votes)
    let seats = r.rows.map(\.seats)
    func round(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
    gallagher = round(ProportionalityIndex.gallagher(votes: votes, seats: seats))
    loosemoreHanby = round(ProportionalityIndex.loosemoreHanby(votes: votes, seats: seats))
    effectivePartiesByVotes = ProportionalityIndex.effectiveNumberOfParties(votes).map(round)
    effectivePartiesBySeats = ProportionalityIndex.effectiveNumberOfParties(seats).map(round)
  }
}

/// Renders a composition as a text table.
func compositionTable(_ rows: [PartySeatsJSON]) -> String {
  var t = TextTable(
    [
      "party", "votes", "% of base", "passed", "list", "constituency", "appointed", "total",
      "derived",
    ],
    numeric: [1, 2, 4, 5, 6, 7])
  for r in rows {
    t.add([
      r.party, r.votes.map(grouped) ?? "", r.percentOfBase.map { String(format: "%.2f", $0) } ?? "",
      r.passedThreshold.map { $0 ? (r.admittedAsRunnerUp == true ? "runner-up" : "yes") : "no" }
        ?? "",
      String(r.listSeats), r.constituencySeats.map(String.init) ?? "unknown",
      String(r.appointedSeats),
      r.totalSeats.map(String.init) ?? "unknown", r.derived.isEmpty ? "" : "yes",
    ])
  }
  let list = rows.reduce(0) { $0 + $1.listSeats }
  let smd = rows.reduce(Int?.some(0)) { a, r in
    a.flatMap { x in r.constituencySeats.map { x + $0 } }
  }
  let app = rows.reduce(0) { $0 + $1.appointedSeats }
  let total = rows.reduce(Int?.some(0)) { a, r in a.flatMap { x in r.totalSeats.map { x + $0 } } }
  t.add([
    "total", "", "", "", String(list), smd.map(String.init) ?? "unknown", String(app),
    total.map(String.init) ?? "unknown", "",
  ])
  return t.render()
}

/// Reads a whole file as bytes, with a one-line error naming it.
func readFileBytes(_ path: String) throws -> [UInt8] {
  // Read straight into the array (no intermediate Data copy: for a 100 MB protocol file that halves peak memory).
  let fd = open(path, O_RDONLY)
  guard fd >= 0 else {
    throw UserError("\(path): cannot be read (\(String(cString: strerror(errno))))")
  }
  defer { close(fd) }
  var st = stat()
  guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
    throw UserError("\(path): not a regular file")
  }
  let size = Int(st.st_size)
  var failed = false
  let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
    var done = 0
    while done < size {
      let n = read(fd, buffer.baseAddress! + done, size - done)
      if n <= 0 {
        failed = n < 0
        break
      }
      done += n
    }
    count = done
  }
  if failed { throw UserError("\(path): read error") }
  return bytes
}

/// Writes a line to standard error (progress, warnings).
func printErr(_ s: String) {
  FileHandle.standardError.write(Data((s + "\n").utf8))
}
