import SaylauCore

/// The plan file: CSV with columns `unit,district`, one row per unit and district (a unit listed under two
/// districts is split). The one reader and writer of plans for every face.
public enum PlanCSV {
  public static let header = ["unit", "district"]

  /// Reads a plan.
  /// - Parameters:
  ///   - text: the CSV text.
  ///   - source: the file's name for errors.
  ///   - knownUnits: when given, a unit outside it is an error at its line (the units of the graph, and
  ///     those known to have no polygon).
  /// - Throws: `CSVError` naming the file, the line and the field: a missing column, a blank unit or
  ///   district, a unit not known, a row given twice.
  public static func read(_ text: String, source: String, knownUnits: Set<String>? = nil)
    throws(CSVError) -> DistrictPlan
  {
    try read(bytes: Array(text.utf8), source: source, knownUnits: knownUnits)
  }

  /// Reads a plan from UTF-8 bytes (see ``read(_:source:knownUnits:)``); bytes that are not UTF-8 and a file
  /// with only its header are errors too.
  public static func read(bytes: [UInt8], source: String, knownUnits: Set<String>? = nil)
    throws(CSVError) -> DistrictPlan
  {
    let table: CSVTable
    do {
      table = try CSVTable(
        bytes: bytes, source: source, requiredColumns: header,
        limits: CSVTable.Limits(requiresRows: true))
    } catch {
      throw error as? CSVError
        ?? CSVError(source: source, line: nil, field: nil, message: "\(error)")
    }
    let uc = table.header.firstIndex(of: "unit")!
    let dc = table.header.firstIndex(of: "district")!
    var rows: [(unit: String, district: String)] = []
    var seen: Set<[String]> = []
    for r in table.rows {
      let unit = r.fields[uc].trimmingSpaces
      let district = r.fields[dc].trimmingSpaces
      if unit.isEmpty {
        throw CSVError(source: source, line: r.line, field: "unit", message: "blank")
      }
      if district.isEmpty {
        throw CSVError(source: source, line: r.line, field: "district", message: "blank")
      }
      if let knownUnits, !knownUnits.contains(unit) {
        throw CSVError(
          source: source, line: r.line, field: "unit",
          message: "'\(Excerpt.excerpt(unit))' is not a unit of the graph")
      }
      guard seen.insert([unit, district]).inserted else {
        throw CSVError(
          source: source, line: r.line, field: "unit",
          message:
            "'\(Excerpt.excerpt(unit))' appears twice in district '\(Excerpt.excerpt(district))'")
      }
      rows.append((unit, district))
    }
    return DistrictPlan(rows: rows)
  }

  /// Writes a plan, by unit then district.
  public static func write(_ plan: DistrictPlan) -> String {
    var csv = CSVWriter(header: header)
    for r in plan.rows { csv.append([r.unit, r.district]) }
    return csv.text
  }
}
