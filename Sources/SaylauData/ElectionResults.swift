import Foundation
import SaylauCore
import SaylauRegistry

/// Official national party-list results bundled with Saylau (2004, 2016, 2021 from
/// `Resources/elections/`, 2023 from `Resources/results_2023_party_list.csv`).
///
/// Plain data only: the election engine (SaylauElections) turns it into seats.
public struct OfficialListResult: Sendable, Hashable {
  public struct Line: Sendable, Hashable {
    public var code: String
    public var name: String
    public var votes: Int
    /// A derived line ("other lists" together): not a list, cannot pass the threshold.
    public var isDerivedAggregate: Bool
    public var officialListSeats: Int?
    /// Constituency seats as the bundled data give them, `nil` when unknown.
    public var constituencySeats: Int?
    /// How `constituencySeats` was obtained when it is derived (2023), else `nil`.
    public var constituencySeatsBasis: String?
    public var source: String
  }

  public var year: Int
  /// The regime id of rules.md A0 (`R1999`, `R2009`, `R2022`).
  public var regime: String
  /// Party lists in the order of the source (registration order is not in the data).
  public var lines: [Line]
  public var againstAll: Int?
  public var invalid: Int?
  public var ballotsIssued: Int?
  /// The published threshold base (valid votes incl. against-all), as a check on the sum of the lines.
  public var publishedBase: Int?
  public var electorate: Int?
  /// Constituency seats of candidates without a listed party (2023: derived), `nil` when unknown.
  public var independentConstituencySeats: Int?
  public var independentConstituencySeatsBasis: String?
  public var notes: [String]
}

/// Errors reading the bundled results.
public struct ElectionResultsError: Error, CustomStringConvertible {
  public var description: String
}

public enum ElectionResults {
  /// The years with bundled national list results.
  public static let years = [2004, 2016, 2021, 2023]

  /// Loads the bundled national list result of `year`.
  public static func official(year: Int) throws -> OfficialListResult {
    switch year {
    case 2023: return try load2023()
    case 2004, 2016, 2021: return try loadHistoric(year)
    default:
      throw ElectionResultsError(
        description:
          "no bundled results for \(year) (available: \(years.map(String.init).joined(separator: ", ")))"
      )
    }
  }

  /// Reads a bundled table with the shared RFC 4180 reader; errors name file, line and field.
  private static func table(_ relative: String, columns: [String]) throws -> [CSVTable.Record] {
    let url = BundledData.resourceURL(relative)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw DatasetError(file: relative, message: "cannot be read at \(url.path)")
    }
    return try CSVTable(text: text, source: relative, requiredColumns: columns).records
  }

  private static func count(_ r: CSVTable.Record, _ field: String) throws -> Int? {
    guard let v = try r.optionalInt(field) else { return nil }
    guard v >= 0 else { throw r.error(field, "a count cannot be negative: \(v)") }
    return v
  }

  private static func loadHistoric(_ year: Int) throws -> OfficialListResult {
    let file = "elections/results_\(year)_party_list.csv"
    let rows = try table(
      file,
      columns: [
        "row_type", "party_code", "party_en", "votes", "derived", "official_list_seats", "source",
        "notes",
      ])
    var result = OfficialListResult(
      year: year, regime: year == 2004 ? "R1999" : "R2009", lines: [], againstAll: nil,
      invalid: nil,
      ballotsIssued: nil, publishedBase: nil, electorate: nil, independentConstituencySeats: nil,
      independentConstituencySeatsBasis: nil, notes: [])
    for r in rows {
      switch r.optional("row_type") ?? "" {
      case "party", "other_lists":
        guard let votes = try count(r, "votes") else {
          throw r.error("votes", "is blank but required")
        }
        result.lines.append(
          OfficialListResult.Line(
            code: (r.optional("party_code") ?? ""), name: (r.optional("party_en") ?? ""),
            votes: votes,
            isDerivedAggregate: r.optional("row_type") == "other_lists",
            officialListSeats: try count(r, "official_list_seats"),
            constituencySeats: year == 2004 ? nil : 0, constituencySeatsBasis: nil,
            source: (r.optional("source") ?? "")))
        if r.optional("derived") == "yes", let n = r.optional("notes") {
          result.notes.append("\((r.optional("party_code") ?? "")): \(n)")
        }
      case "national":
        result.publishedBase = try count(r, "votes")
        if let n = r.optional("notes") { result.notes.append(n) }
      case "invalid":
        result.invalid = try count(r, "votes")
      default: break
      }
    }
    return result
  }

  private static func load2023() throws -> OfficialListResult {
    let file = "results_2023_party_list.csv"
    let rows = try table(
      file,
      columns: [
        "row_type", "party_code", "party_en", "votes", "list_seats", "constituency_seats",
        "constituency_seats_basis",
        "electorate", "ballots_cast", "invalid_ballots", "notes", "source",
      ])
    var result = OfficialListResult(
      year: 2023, regime: "R2022", lines: [], againstAll: nil, invalid: nil, ballotsIssued: nil,
      publishedBase: nil, electorate: nil, independentConstituencySeats: nil,
      independentConstituencySeatsBasis: nil, notes: [])
    // The CSV lists parties in the order of the source; the ballot order (by lot) is in rules.md A8.
    for r in rows {
      switch r.optional("row_type") ?? "" {
      case "party":
        guard let votes = try count(r, "votes") else { continue }
        result.lines.append(
          OfficialListResult.Line(
            code: (r.optional("party_code") ?? ""), name: (r.optional("party_en") ?? ""),
            votes: votes,
            isDerivedAggregate: false,
            officialListSeats: try count(r, "list_seats"),
            constituencySeats: try count(r, "constituency_seats"),
            constituencySeatsBasis: r.optional("constituency_seats_basis"),
            source: (r.optional("source") ?? "")))
      case "against_all":
        result.againstAll = try count(r, "votes")
      case "independents":
        result.independentConstituencySeats = try count(r, "constituency_seats")
        result.independentConstituencySeatsBasis = r.optional("constituency_seats_basis")
        if let n = r.optional("notes") { result.notes.append("independents: \(n)") }
      case "national":
        result.publishedBase = try count(r, "votes")
        result.electorate = try count(r, "electorate")
        result.ballotsIssued = try count(r, "ballots_cast")
        result.invalid = try count(r, "invalid_ballots")
      default: break
      }
    }
    for l in result.lines where l.code == "jsdp" {
      result.notes.append(
        "jsdp: electionguide.org shows 5 total seats (1 constituency seat); Wikipedia 4. Not resolved."
      )
    }
    return result
  }
}
