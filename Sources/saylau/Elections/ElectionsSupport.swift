import ArgumentParser
import Foundation
import SaylauApportionment
import SaylauCore
import SaylauData
import SaylauElections

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
  @Option(
    help:
      "Majority base of the two-round rule (R1995, R1999): valid (valid votes incl. against all, the CEC's reading; default) or issued."
  )
  var majorityBase: MajorityBase?
  @Option(
    help:
      "Rounding of the 30 % candidate quota: up (default, at least 30 % exactly), down, nearest.")
  var quotaRounding: QuotaRounding?

  /// The what-if these options ask for; an unreadable value is an error naming its option.
  func whatIf() throws -> WhatIf {
    do {
      var w = try WhatIf(method: method, threshold: threshold, listSeats: seats)
      if let thresholdBase { w.options.thresholdBase = thresholdBase }
      if let runnerUp { w.options.runnerUpGuarantee = runnerUp == .on }
      if let remainderTie { w.options.remainderTie = remainderTie }
      if let againstAll { w.options.againstAll = againstAll }
      if let majorityBase { w.options.majorityBase = majorityBase }
      if let quotaRounding { w.options.quotaRounding = quotaRounding }
      return w
    } catch {
      throw UserError(error.description + " (--\(error.option.flag))")
    }
  }
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
    case .quotaRounding: return "quota-rounding"
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

  /// The protocol schema of the election: its parties with their published votes (the synthetic
  /// generator's weights; no aggregate rows) and the regime's constituency seats.
  var schema: ProtocolSchema {
    ProtocolSchema(
      parties: result.listVote.parties.filter { !$0.isAggregate },
      constituencyCount: regime.constituencySeats)
  }

  /// The election's summary under the law or `whatIf`; errors read as one line.
  func summary(_ whatIf: WhatIf) throws -> ElectionSummary {
    do {
      return try published.summary(whatIf: whatIf, parties: try? BundledData.parties())
    } catch {
      throw UserError(error.description)
    }
  }
}

/// The bundled regimes table and party directory, with one-line errors.
func regimes() throws -> RegimeTable { try bundled { try BundledData.regimes() } }
func parties() throws -> PartyDirectory { try bundled { try BundledData.parties() } }
