import ArgumentParser
import Foundation
import SaylauApportionment
import SaylauCore
import SaylauData
import SaylauElections
import SaylauRegistry

/// Options that re-run a count as a what-if, shared by `seats` and `tabulate`. They are parsed into the
/// library's one ``WhatIf`` value, with the library's limits and messages (the API takes the same).
struct WhatIfOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Allocation method for a what-if: \(AllocationMethod.names.joined(separator: ", ")).",
      valueName: "method"))
  var method: String?

  @Option(help: "List threshold in percent for a what-if, e.g. 5 or 3.5 (exact decimal).")
  var threshold: String?

  @Option(help: "Number of list seats for a what-if (1 to 10000).")
  var seats: Int?

  @Option(help: "Threshold base: valid (valid incl. against all; default), in-box, issued.")
  var thresholdBase: ThresholdBase?

  @Option(
    help: "Runner-up guarantee: on or off (default: as the regime's law says; off where unknown).")
  var runnerUp: Switch?

  @Option(help: "Remainder ties: registration-order (default) or error.")
  var remainderTie: RemainderTiePolicy?

  @Option(help: "When 'against all' leads a constituency: ignore (default) or repeat-election.")
  var againstAll: AgainstAllPolicy?

  @Option(help: "Majority base of the two-round rule (R1995, R1999): issued (default) or valid.")
  var majorityBase: MajorityBase?

  /// The what-if these options ask for; an unreadable value is an error naming its option.
  func whatIf() throws -> WhatIf {
    do {
      var w = try WhatIf(method: method, threshold: threshold, listSeats: seats)
      if let thresholdBase { w.options.thresholdBase = thresholdBase }
      if let runnerUp { w.options.runnerUpGuarantee = runnerUp == .on }
      if let remainderTie { w.options.remainderTie = remainderTie }
      if let againstAll { w.options.againstAll = againstAll }
      if let majorityBase { w.options.majorityBase = majorityBase }
      return w
    } catch {
      throw UserError(error.description + " (--\(error.option.flag))")
    }
  }

  func options() throws -> ElectionOptions { try whatIf().options }

  func decision(regime: Regime) throws -> ListSeatDecision { try whatIf().decision(for: regime) }

  /// The what-if changes in words; empty when the run follows the law.
  func changes(regime: Regime) -> [String] { (try? whatIf())?.changes(from: regime) ?? [] }
}

extension WhatIfError.Option {
  /// The command-line flag of the option.
  var flag: String {
    switch self {
    case .method: return "method"
    case .threshold: return "threshold"
    case .seats: return "seats"
    case .thresholdBase: return "threshold-base"
    case .runnerUp: return "runner-up"
    case .remainderTie: return "remainder-tie"
    case .againstAll: return "against-all"
    case .majorityBase: return "majority-base"
    }
  }
}

/// One bundled election, found by id (`2023-majilis`) or year (`2023`).
struct ElectionChoice {
  var published: PublishedElection
  var result: PublishedResult

  init(_ key: String) throws {
    let published: PublishedElection
    do {
      published = try BundledData.publishedElection(key)
    } catch ElectionDataError.lookup(.noElectionInYear(let year, let known)) {
      throw UserError(
        "no bundled results for \(year): the data has no election that year (known: \(known.joined(separator: ", ")))"
      )
    } catch let e as ElectionDataError {
      throw UserError(e.description)
    } catch let e as DatasetError {
      throw UserError("the bundled results are invalid: \(e)")
    }
    guard let result = published.result else {
      throw UserError(ElectionSummaryError.noResults(election: published.election.id).description)
    }
    self.published = published
    self.result = result
  }

  init(year: Int) throws { try self.init(String(year)) }

  var regime: Regime { published.regime }

  var parties: [ListVote.Party] { result.listVote.parties }

  var listVote: ListVote { result.listVote }

  /// The election's summary under the law or `whatIf`; errors read as one line.
  func summary(_ whatIf: WhatIf) throws -> ElectionSummary {
    do {
      return try published.summary(whatIf: whatIf, parties: try? BundledData.parties())
    } catch {
      throw UserError(error.description)
    }
  }
}

/// The JSON shapes shared with the API (SaylauElections' result views).
typealias PartySeatsJSON = PartySeatsView
typealias CountRulesJSON = CountRulesView

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
