import Foundation
import SaylauCore
import SaylauRegistry

/// Where a value in a data file is wrong: the file, the physical line (1 = header) and the column.
public typealias DatasetError = CSVError

/// Reads a table of the dataset folder `directory`: UTF-8 CSV whose header must hold `columns`; every
/// error names the file (and, from the reader, the line and the field).
func datasetTable(_ name: String, in directory: URL, columns: [String]) throws -> CSVTable {
  let url = directory.appendingPathComponent(name)
  guard let data = FileManager.default.contents(atPath: url.path) else {
    throw DatasetError(file: name, message: "cannot be read at \(url.path)")
  }
  guard let text = String(data: data, encoding: .utf8) else {
    throw DatasetError(file: name, message: "is not UTF-8 text")
  }
  return try CSVTable(text: text, source: name, requiredColumns: columns)
}
