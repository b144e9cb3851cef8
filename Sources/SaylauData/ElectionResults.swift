import Foundation

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

  private static func resource(_ relative: String) throws -> String {
    let url = BundledData.resourceURL(relative)
    do {
      return try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw ElectionResultsError(
        description: "cannot read bundled \(relative): \(error.localizedDescription)")
    }
  }

  private static func table(_ relative: String) throws -> [[String: String]] {
    let records = parseSmallCSV(try resource(relative))
    guard let header = records.first else { return [] }
    return records.dropFirst().filter { $0.count > 1 }.map { fields in
      var row: [String: String] = [:]
      for (i, h) in header.enumerated() where i < fields.count { row[h] = fields[i] }
      return row
    }
  }

  private static func int(_ s: String?, _ what: String, _ file: String) throws -> Int? {
    guard let s, !s.isEmpty else { return nil }
    guard let v = Int(s), v >= 0 else {
      throw ElectionResultsError(description: "\(file): field '\(what)': not a count: '\(s)'")
    }
    return v
  }

  private static func loadHistoric(_ year: Int) throws -> OfficialListResult {
    let file = "elections/results_\(year)_party_list.csv"
    let rows = try table(file)
    var result = OfficialListResult(
      year: year, regime: year == 2004 ? "R1999" : "R2009", lines: [], againstAll: nil,
      invalid: nil,
      ballotsIssued: nil, publishedBase: nil, electorate: nil, independentConstituencySeats: nil,
      independentConstituencySeatsBasis: nil, notes: [])
    for r in rows {
      switch r["row_type"] ?? "" {
      case "party", "other_lists":
        guard let votes = try int(r["votes"], "votes", file) else {
          throw ElectionResultsError(
            description: "\(file): field 'votes': blank for \(r["party_code"] ?? "?")")
        }
        result.lines.append(
          OfficialListResult.Line(
            code: r["party_code"] ?? "", name: r["party_en"] ?? "", votes: votes,
            isDerivedAggregate: r["row_type"] == "other_lists",
            officialListSeats: try int(r["official_list_seats"], "official_list_seats", file),
            constituencySeats: year == 2004 ? nil : 0, constituencySeatsBasis: nil,
            source: r["source"] ?? ""))
        if r["derived"] == "yes", let n = r["notes"] {
          result.notes.append("\(r["party_code"] ?? ""): \(n)")
        }
      case "national":
        result.publishedBase = try int(r["votes"], "votes", file)
        if let n = r["notes"], !n.isEmpty { result.notes.append(n) }
      case "invalid":
        result.invalid = try int(r["votes"], "votes", file)
      default: break
      }
    }
    return result
  }

  private static func load2023() throws -> OfficialListResult {
    let file = "results_2023_party_list.csv"
    let rows = try table(file)
    var result = OfficialListResult(
      year: 2023, regime: "R2022", lines: [], againstAll: nil, invalid: nil, ballotsIssued: nil,
      publishedBase: nil, electorate: nil, independentConstituencySeats: nil,
      independentConstituencySeatsBasis: nil, notes: [])
    // The CSV lists parties in the order of the source; the ballot order (by lot) is in rules.md A8.
    for r in rows {
      switch r["row_type"] ?? "" {
      case "party":
        guard let votes = try int(r["votes"], "votes", file) else { continue }
        result.lines.append(
          OfficialListResult.Line(
            code: r["party_code"] ?? "", name: r["party_en"] ?? "", votes: votes,
            isDerivedAggregate: false,
            officialListSeats: try int(r["list_seats"], "list_seats", file),
            constituencySeats: try int(r["constituency_seats"], "constituency_seats", file),
            constituencySeatsBasis: r["constituency_seats_basis"].flatMap { $0.isEmpty ? nil : $0 },
            source: r["source"] ?? ""))
      case "against_all":
        result.againstAll = try int(r["votes"], "votes", file)
      case "independents":
        result.independentConstituencySeats = try int(
          r["constituency_seats"], "constituency_seats", file)
        result.independentConstituencySeatsBasis = r["constituency_seats_basis"]
        if let n = r["notes"], !n.isEmpty { result.notes.append("independents: \(n)") }
      case "national":
        result.publishedBase = try int(r["votes"], "votes", file)
        result.electorate = try int(r["electorate"], "electorate", file)
        result.ballotsIssued = try int(r["ballots_cast"], "ballots_cast", file)
        result.invalid = try int(r["invalid_ballots"], "invalid_ballots", file)
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

/// RFC 4180 parsing of a small text file (the bundled tables), quotes and embedded newlines included.
private func parseSmallCSV(_ text: String) -> [[String]] {
  var records: [[String]] = []
  var record: [String] = []
  var field = ""
  var inQuotes = false
  var chars = Array(text.unicodeScalars)[...]
  while let c = chars.popFirst() {
    if inQuotes {
      if c == "\"" {
        if chars.first == "\"" {
          field.unicodeScalars.append("\"")
          chars.removeFirst()
        } else {
          inQuotes = false
        }
      } else {
        field.unicodeScalars.append(c)
      }
    } else if c == "\"" {
      inQuotes = true
    } else if c == "," {
      record.append(field)
      field = ""
    } else if c == "\n" || c == "\r" {
      if c == "\r" && chars.first == "\n" { chars.removeFirst() }
      record.append(field)
      records.append(record)
      record = []
      field = ""
    } else {
      field.unicodeScalars.append(c)
    }
  }
  if !field.isEmpty || !record.isEmpty {
    record.append(field)
    records.append(record)
  }
  return records
}
