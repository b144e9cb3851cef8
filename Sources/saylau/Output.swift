import ArgumentParser
import Foundation
import SaylauElections

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

/// An error for the user: printed as one line on stderr, exit status 1.
struct UserError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

extension UserError {
  /// Runs `body`, turning a library error into the one line the user sees.
  static func wrap<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as UserError { throw e } catch {
      throw UserError("\(error)")
    }
  }
}
