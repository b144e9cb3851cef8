import SaylauCore
import SaylauRegistry

/// A population (or electorate) for every unit of a constituency scheme, brought by the user: the BNS
/// district table as published, or an electoral register's counts, as CSV.
///
/// ```
/// unit,population,date,source                       (unit: the registry's unit code, e.g. abai.semey_city)
/// kato,population,date,source                       (kato: the unit's KATO code, e.g. 101000000)
/// name,region,electorate,date,source                (name: in English, Kazakh or Russian; region optional)
/// ```
/// One key column (`unit`, `kato` — or the unit code for a unit whose KATO the registry lacks — or `name`), one count column (`population` or `electorate`), and `date`
/// (`YYYY-MM-DD`) and `source` on every row; an optional `region` column (code or name) settles names that
/// two regions share, and an optional `synthetic` column (`true` on every row) marks generated data. A
/// source that begins with `SYNTHETIC` marks it too. Everything is checked before anything is used: every
/// unit of the scheme exactly once, no unknown or ambiguous key, no blank or negative count (a blank is
/// never read as zero).
public struct UnitCountTable: Sendable, Equatable {
  /// What the counts are.
  public enum Measure: String, Sendable, Codable, CaseIterable {
    case population, electorate
  }

  /// One row, resolved to a unit.
  public struct Row: Sendable, Equatable, Codable {
    public var unit: String
    public var count: Int
    public var date: CalendarDate
    public var source: String
    public var line: Int
  }

  public var measure: Measure
  public var rows: [Row]
  /// Whether the table says it is generated (never real counts).
  public var synthetic: Bool
  /// Where the table came from (the file name), for messages and reports.
  public var sourceName: String

  /// The count of each unit, by unit code.
  public var counts: [String: Int] {
    Dictionary(uniqueKeysWithValues: rows.map { ($0.unit, $0.count) })
  }

  /// The dates of the rows, sorted.
  public var dates: [CalendarDate] { Array(Set(rows.map(\.date))).sorted() }
  /// The sources of the rows, sorted.
  public var sources: [String] { Array(Set(rows.map(\.source))).sorted() }

  /// Reads and checks a table against the units `units` of the registry (a scheme's units).
  /// - Parameters:
  ///   - text: the CSV.
  ///   - source: the file name, for errors.
  ///   - registry: names, KATO codes and regions of the units.
  ///   - units: the unit codes the table must cover, each exactly once.
  /// - Throws: ``CSVError`` naming the line and the field of the first problem: a missing column, an
  ///   unknown, ambiguous or repeated unit, a blank or invalid count or date, a blank source, or (line 1,
  ///   field `unit`) the units the table leaves out.
  public static func read(
    csv text: String, source: String, registry: Registry, units: [String]
  ) throws(CSVError) -> UnitCountTable {
    let table: CSVTable
    do { table = try CSVTable(text: text, source: source) } catch let e as CSVError {
      throw e
    } catch {
      throw CSVError(source: source, line: nil, field: nil, message: "\(error)")
    }
    func column(_ names: [String]) -> (String, Int)? {
      for n in names { if let i = table.header.firstIndex(of: n) { return (n, i) } }
      return nil
    }
    guard let key = column(["unit", "code", "kato", "name"]) else {
      throw CSVError(
        source: source, line: 1, field: "unit",
        message: "no key column: one of unit (the unit code), kato or name is needed")
    }
    let hasPopulation = table.header.contains("population")
    let hasElectorate = table.header.contains("electorate")
    guard hasPopulation != hasElectorate else {
      throw CSVError(
        source: source, line: 1, field: "population",
        message: hasPopulation
          ? "both population and electorate columns: give one table per measure"
          : "no count column: population or electorate is needed")
    }
    let measure: Measure = hasPopulation ? .population : .electorate
    guard let countColumn = table.header.firstIndex(of: measure.rawValue),
      let dateColumn = table.header.firstIndex(of: "date"),
      let sourceColumn = table.header.firstIndex(of: "source")
    else {
      throw CSVError(
        source: source, line: 1, field: table.header.contains("date") ? "source" : "date",
        message: "the table needs a date and a source column (what the counts are and where from)")
    }
    let regionColumn = table.header.firstIndex(of: "region")
    let syntheticColumn = table.header.firstIndex(of: "synthetic")
    let wanted = Set(units)
    let candidates = registry.units.filter { wanted.contains($0.code) }
    var byKATO: [String: [AdministrativeUnit]] = [:]
    var byName: [String: [AdministrativeUnit]] = [:]
    for u in candidates {
      if let k = u.kato { byKATO[k, default: []].append(u) }
      for n in Set(u.name.all.map(NameKey.key)) where !n.isEmpty {
        byName[n, default: []].append(u)
      }
    }
    var rows: [Row] = []
    var lineOf: [String: Int] = [:]
    var synthetic = false
    for r in table.rows {
      let raw = r.fields[key.1].trimmingSpaces
      guard !raw.isEmpty else {
        throw CSVError(source: source, line: r.line, field: key.0, message: "blank")
      }
      var found: [AdministrativeUnit]
      switch key.0 {
      case "unit", "code": found = candidates.filter { $0.code == raw }
      case "kato":
        // A unit whose KATO the registry lacks (Sauran) may be given by its unit code.
        found = byKATO[raw] ?? candidates.filter { $0.code == raw && $0.kato == nil }
      default: found = byName[NameKey.key(raw)] ?? []
      }
      if found.count > 1, let rc = regionColumn {
        let region = r.fields[rc].trimmingSpaces
        let k = NameKey.key(region)
        found = found.filter { u in
          u.regionCode == region
            || (registry.region(code: u.regionCode)?.name.all.contains { NameKey.key($0) == k }
              ?? false)
        }
      }
      guard !found.isEmpty else {
        throw CSVError(
          source: source, line: r.line, field: key.0,
          message: "'\(raw)' is not a unit of the scheme")
      }
      guard found.count == 1 else {
        throw CSVError(
          source: source, line: r.line, field: key.0,
          message:
            "'\(raw)' names \(found.count) units (\(found.map(\.code).sorted().joined(separator: ", "))); add a region column or use the unit code or KATO"
        )
      }
      let unit = found[0].code
      if let first = lineOf[unit] {
        throw CSVError(
          source: source, line: r.line, field: key.0,
          message: "\(unit) again (first on line \(first)); every unit once")
      }
      lineOf[unit] = r.line
      let countText = r.fields[countColumn].trimmingSpaces
      guard !countText.isEmpty else {
        throw CSVError(
          source: source, line: r.line, field: measure.rawValue,
          message: "blank (a missing count is not zero: give the count or leave the unit out)")
      }
      guard let count = Int(countText.replacingOccurrences(of: "_", with: "")), count >= 0 else {
        throw CSVError(
          source: source, line: r.line, field: measure.rawValue,
          message: "'\(countText)' is not a whole number of 0 or more")
      }
      let dateText = r.fields[dateColumn].trimmingSpaces
      guard let date = CalendarDate(iso: dateText) else {
        throw CSVError(
          source: source, line: r.line, field: "date",
          message: dateText.isEmpty ? "blank" : "'\(dateText)' is not a date YYYY-MM-DD")
      }
      let src = r.fields[sourceColumn].trimmingSpaces
      guard !src.isEmpty else {
        throw CSVError(source: source, line: r.line, field: "source", message: "blank")
      }
      if src.uppercased().hasPrefix("SYNTHETIC") { synthetic = true }
      if let sc = syntheticColumn, r.fields[sc].trimmingSpaces.lowercased() == "true" {
        synthetic = true
      }
      rows.append(Row(unit: unit, count: count, date: date, source: src, line: r.line))
    }
    let missing = units.filter { lineOf[$0] == nil }
    guard missing.isEmpty else {
      throw CSVError(
        source: source, line: 1, field: key.0,
        message:
          "\(missing.count) unit(s) of the scheme missing: \(missing.prefix(8).joined(separator: ", "))\(missing.count > 8 ? ", …" : "")"
      )
    }
    return UnitCountTable(measure: measure, rows: rows, synthetic: synthetic, sourceName: source)
  }
}

/// A table's totals by region against the registry's region populations, where these are known.
public struct RegionTotal: Sendable, Codable, Equatable {
  public var region: String
  public var total: Int
  /// The registry's population of the region and its date, when known (compared only for a population
  /// table; an electorate is smaller by design).
  public var registryPopulation: Int?
  public var registryDate: CalendarDate?
  /// `(total − registry) / registry`, in percent.
  public var differencePercent: Double?
}

extension UnitCountTable {
  /// The table's total of each region, with the registry's population beside it (sorted by region).
  public func regionTotals(registry: Registry) -> [RegionTotal] {
    var totals: [String: Int] = [:]
    for r in rows { totals[registry.unit(code: r.unit)?.regionCode ?? "?", default: 0] += r.count }
    return totals.keys.sorted().map { code in
      let region = registry.region(code: code)
      let known = measure == .population ? region?.population : nil
      return RegionTotal(
        region: code, total: totals[code]!, registryPopulation: known?.value,
        registryDate: known?.date,
        differencePercent: known.map { 100 * Double(totals[code]! - $0.value) / Double($0.value) })
    }
  }
}
