import ArgumentParser
import Foundation
import SaylauCore

/// Options every command shares: machine-readable output.
struct OutputOptions: ParsableArguments {
  @Flag(name: .long, help: "Print JSON instead of text.")
  var json = false
}

/// Writes a value as pretty-printed JSON with sorted keys (stable output for scripts and tests).
func printJSON<T: Encodable>(_ value: T) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  let data = try encoder.encode(value)
  FileHandle.standardOutput.write(data)
  FileHandle.standardOutput.write(Data("\n".utf8))
}

/// Reads a table file (plan, apportionment input, values) whole, refusing one larger than the tables'
/// bound before reading it.
func readTableFile(_ path: String) throws -> [UInt8] {
  do { return try InputFile.read(path, limit: CSVTable.maximumFileBytes) } catch {
    throw UserError(error.description)
  }
}

/// An error for the user: printed as one line on stderr, exit status 1.
struct UserError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
