import Foundation
import SaylauCore
import SaylauRegistry

/// How the registry's domain values are laid out in the registry tables, both ways. Internal: the store's
/// public API speaks `Registry`.
///
/// Dates keep their published precision (`2004`, `2022-12-24`: `HistoricalDate` text); lists that have no
/// table of their own (a scheme's election days and sources, a constituency's sources) are JSON arrays of
/// strings; a `DatedCount` is five columns (`x`, `x_year`, `x_date`, `x_source`, `x_note`), all NULL
/// for a count no source gave.
enum RegistryRows {
  // MARK: Writing

  static let schemeColumns = [
    "id", "seat_count", "formed", "in_force", "abolished", "election_days", "legal_basis",
    "abolition_basis", "sources",
  ]

  static func values(_ s: ConstituencyScheme) -> [SQLValue] {
    [
      .text(s.id), .int(s.seatCount), .text(s.formed.description), .text(s.inForce.description),
      SQLValue(s.abolished?.description), .text(json(s.electionDays.map(\.description))),
      .text(s.legalBasis), SQLValue(s.abolitionBasis), .text(json(s.sources)),
    ]
  }

  static let regionColumns =
    [
      "code", "position", "iso_code", "kato_prefix", "name_en", "name_kk", "name_ru", "kind",
      "administrative_center",
    ] + countColumns("population") + countColumns("census_2021")
    + ["established", "territory_changed", "notes"]

  static func values(_ r: Region, position: Int) -> [SQLValue] {
    [
      .text(r.code), .int(position), .text(r.isoCode), .text(r.katoPrefix), .text(r.name.en),
      SQLValue(r.name.kk), SQLValue(r.name.ru), .text(r.kind.rawValue),
      SQLValue(r.administrativeCenter),
    ] + values(r.population) + values(r.census2021)
      + [
        SQLValue(r.established?.description), SQLValue(r.territoryChanged?.description),
        SQLValue(r.notes),
      ]
  }

  static let unitColumns =
    ["code", "position", "region_code", "name_en", "name_kk", "name_ru", "kind", "kato"]
    + countColumns("population") + countColumns("census_2021") + ["host_geo_code", "notes"]

  static func values(_ u: AdministrativeUnit, position: Int) -> [SQLValue] {
    [
      .text(u.code), .int(position), .text(u.regionCode), .text(u.name.en), SQLValue(u.name.kk),
      SQLValue(u.name.ru), .text(u.kind.rawValue), SQLValue(u.kato),
    ] + values(u.population) + values(u.census2021) + [SQLValue(u.hostGeoCode), SQLValue(u.notes)]
  }

  static let constituencyColumns =
    [
      "id", "scheme_id", "number", "region_code", "region_name", "seat",
    ] + countColumns("population") + countColumns("electorate")
    + [
      "member_name", "member_party", "member_elected", "member_vote_percent", "member_source",
      "borders_basis", "notes", "sources",
      // Derived from the scheme for the older queries that compare days (`established <= day`), and the
      // scheme's dates as published, as migrations 1 and 6 defined them.
      "established", "abolished", "established_as_published", "abolished_as_published",
    ]

  static func values(_ c: Constituency, scheme: ConstituencyScheme?) -> [SQLValue] {
    [
      .text(c.id), .text(c.schemeID), .int(c.number), SQLValue(c.regionCode),
      SQLValue(c.regionName), SQLValue(c.seat),
    ] + values(c.population) + values(c.electorate)
      + [
        SQLValue(c.member?.name), SQLValue(c.member?.party), SQLValue(c.member?.elected),
        SQLValue(c.member?.votePercent), SQLValue(c.member?.source),
        SQLValue(c.bordersBasis?.rawValue), SQLValue(c.notes), .text(json(c.sources)),
        .text(scheme?.inForce.earliest.description ?? c.schemeID),
        SQLValue(scheme?.abolished?.earliest.description), SQLValue(scheme?.inForce.description),
        SQLValue(scheme?.abolished?.description),
      ]
  }

  static func countColumns(_ name: String) -> [String] {
    [name, "\(name)_year", "\(name)_date", "\(name)_source", "\(name)_note"]
  }

  static func values(_ count: DatedCount?) -> [SQLValue] {
    [
      SQLValue(count?.value), SQLValue(count?.year), SQLValue(count?.date?.description),
      SQLValue(count?.source), SQLValue(count?.note),
    ]
  }

  static func json(_ strings: [String]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    // Encoding an array of strings cannot fail.
    return String(decoding: (try? encoder.encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
  }

  // MARK: Reading

  /// Reads a row by column name, with errors that name the table, the row and the column.
  struct Reader {
    let table: String
    let row: SQLRow
    let key: String

    init(_ table: String, _ row: SQLRow, key: String) {
      self.table = table
      self.row = row
      self.key = row[key].text ?? "?"
    }

    func error(_ column: String, _ message: String) -> StoreError {
      StoreError(.database, "\(table) '\(key)', column \(column): \(message)")
    }

    func text(_ column: String) -> String? { row[column].text }

    func required(_ column: String) throws -> String {
      guard let value = row[column].text else { throw error(column, "is NULL") }
      return value
    }

    func int(_ column: String) -> Int? { row[column].int }

    func requiredInt(_ column: String) throws -> Int {
      guard let value = row[column].int else { throw error(column, "is NULL") }
      return value
    }

    func bool(_ column: String) -> Bool { row[column].bool ?? false }

    func historical(_ column: String) throws -> HistoricalDate? {
      guard let text = row[column].text else { return nil }
      guard let date = HistoricalDate(iso: text) else {
        throw error(column, "'\(text)' is not YYYY, YYYY-MM or YYYY-MM-DD")
      }
      return date
    }

    func day(_ column: String) throws -> CalendarDate? {
      guard let text = row[column].text else { return nil }
      guard let date = CalendarDate(iso: text) else {
        throw error(column, "'\(text)' is not a date")
      }
      return date
    }

    func strings(_ column: String) throws -> [String] {
      guard let text = row[column].text else { return [] }
      guard let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
        throw error(column, "is not a JSON array of strings")
      }
      return list
    }

    func raw<T: RawRepresentable>(_ column: String, as: T.Type) throws -> T
    where T.RawValue == String {
      let text = try required(column)
      guard let value = T(rawValue: text) else { throw error(column, "'\(text)' is not known") }
      return value
    }

    func count(_ name: String) throws -> DatedCount? {
      guard let value = row[name].int else { return nil }
      let date = try day("\(name)_date")
      guard let year = row["\(name)_year"].int ?? date?.year else {
        throw error("\(name)_year", "a count without the year it refers to")
      }
      return DatedCount(
        value: value, year: year, date: date, source: row["\(name)_source"].text,
        note: row["\(name)_note"].text)
    }
  }
}
