import Foundation
import SaylauCore
import SaylauRegistry

/// What `results_2023_constituencies.csv` says about one 2023 constituency: its summary row and, where
/// found, its winner row. Every field is optional; a blank cell stays `nil`.
public struct PublishedConstituencyResult2023: Sendable, Hashable {
  public var number: Int
  public var regionCode: String
  public var registeredCandidates: Int?
  /// The region-wide share of voters who had received ballots at 22:10 on election day (CEC, preliminary),
  /// as published (two decimals). **Not** the constituency's turnout: it covers every constituency of the
  /// region.
  public var regionTurnoutPreliminary: String?
  public var winner: String?
  /// Party or nomination as the source gives it.
  public var winnerNomination: String?
  /// The winner's share in percent, as published.
  public var winnerPercent: String?
  public var winnerVotes: Int?
  public var sources: [String]
}

extension BundledData {
  /// Reads `results_2023_constituencies.csv`: one value per constituency number (29), with errors naming the
  /// file, line and field.
  public static func constituencyResults2023() throws -> [PublishedConstituencyResult2023] {
    let name = "results_2023_constituencies.csv"
    let url = resourceURL(name)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw DatasetError(file: name, message: "cannot be read at \(url.path)")
    }
    let table = try CSVTable(
      text: text, source: name,
      requiredColumns: [
        "constituency", "region_code", "row_type", "candidate", "party_or_nomination", "votes",
        "percent",
        "elected", "registered_candidates", "region_turnout_prelim_pct", "source",
      ])
    var byNumber: [Int: PublishedConstituencyResult2023] = [:]
    for record in table.records {
      let number = try record.requiredInt("constituency")
      let region = try record.required("region_code")
      var entry =
        byNumber[number]
        ?? PublishedConstituencyResult2023(
          number: number, regionCode: region, registeredCandidates: nil,
          regionTurnoutPreliminary: nil,
          winner: nil, winnerNomination: nil, winnerPercent: nil, winnerVotes: nil, sources: [])
      switch try record.required("row_type") {
      case "summary":
        entry.registeredCandidates = try record.optionalInt("registered_candidates")
        entry.regionTurnoutPreliminary = record.optional("region_turnout_prelim_pct")
        if let t = entry.regionTurnoutPreliminary, Double(t) == nil {
          throw record.error("region_turnout_prelim_pct", "'\(t)' is not a number")
        }
      case "candidate":
        guard record.optional("elected") == "yes" else { continue }
        entry.winner = try record.required("candidate")
        entry.winnerNomination = record.optional("party_or_nomination")
        entry.winnerPercent = record.optional("percent")
        entry.winnerVotes = try record.optionalInt("votes")
      case let other:
        throw record.error("row_type", "'\(other)' is not summary or candidate")
      }
      if let source = record.optional("source") {
        for s in source.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !entry.sources.contains(s) {
          entry.sources.append(s)
        }
      }
      byNumber[number] = entry
    }
    return byNumber.keys.sorted().map { byNumber[$0]! }
  }
}

extension BundledData {
  /// The national turnout of 2023 as published (`turnout_pct` of the `national` row of
  /// `results_2023_party_list.csv`, e.g. "54.21"), or `nil` when the cell is blank.
  public static func publishedTurnout2023() throws -> String? {
    let name = "results_2023_party_list.csv"
    let url = resourceURL(name)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw DatasetError(file: name, message: "cannot be read at \(url.path)")
    }
    let table = try CSVTable(
      text: text, source: name, requiredColumns: ["row_type", "turnout_pct"])
    guard let national = table.records.first(where: { $0.optional("row_type") == "national" })
    else {
      throw DatasetError(file: name, message: "has no 'national' row")
    }
    let value = national.optional("turnout_pct")
    if let value, Double(value) == nil {
      throw national.error("turnout_pct", "'\(value)' is not a number")
    }
    return value
  }
}
