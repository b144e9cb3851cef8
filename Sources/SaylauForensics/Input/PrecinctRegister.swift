import SaylauCore

/// Reads the two small tables the analysis can be given beside the protocols: a precinct register
/// (`precinct,district`) and an answer key of doctored precincts (`precinct,doctoring`), both CSV.
public enum PrecinctTables {
  /// The precinct register: each precinct's district (a code). A precinct listed twice is an error, and so
  /// is a blank precinct or district.
  /// - Throws: `CSVError` naming the file, the line and the field.
  public static func register(_ bytes: [UInt8], file: String) throws(CSVError) -> [String: String] {
    try pairs(bytes, file: file, key: "precinct", value: "district")
  }

  /// An answer key (from `saylau forensics generate`): each doctored precinct and how it was doctored.
  /// - Throws: `CSVError` naming the file, the line and the field.
  public static func answerKey(_ bytes: [UInt8], file: String) throws(CSVError) -> [String: String]
  {
    try pairs(bytes, file: file, key: "precinct", value: "doctoring")
  }

  static func pairs(_ bytes: [UInt8], file: String, key: String, value: String) throws(CSVError)
    -> [String: String]
  {
    let table: CSVTable
    do {
      table = try CSVTable(bytes: bytes, source: file, requiredColumns: [key, value])
    } catch let e as CSVError {
      throw e
    } catch {
      throw CSVError(file: file, message: "\(error)")
    }
    var out: [String: String] = [:]
    for record in table.records {
      let k = record.optional(key) ?? ""
      let v = record.optional(value) ?? ""
      if k.isEmpty { throw record.error(key, "blank \(key)") }
      if v.isEmpty { throw record.error(value, "blank \(value)") }
      if out[k] != nil { throw record.error(key, "\(key) '\(k)' is listed twice") }
      out[k] = v
    }
    return out
  }
}
