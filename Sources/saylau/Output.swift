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

/// Writing what the user asked for without ever touching what the user gave: every command that writes a
/// file goes through here. A path that names one of the command's inputs (the same file by device and inode,
/// through a link or another spelling, or the same path) is refused before anything is written; a file is
/// written to a temporary file beside it and renamed into place, so a failed or interrupted write leaves the
/// old file (or none), never half a file.
enum SafeOutput {
  /// Writes `path` through `body`, never over one of `inputs`.
  static func write(
    _ path: String, notOverwriting inputs: [String], _ body: (FileHandle) throws -> Void
  ) throws {
    try refuse(path, ifAnyOf: inputs)
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary.path)
    else { throw UserError("\(path): cannot be written") }
    do {
      try body(handle)
      try handle.close()
      guard rename(temporary.path, path) == 0 else {
        throw UserError("\(path): cannot be written (\(String(cString: strerror(errno))))")
      }
    } catch {
      try? handle.close()
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }

  /// Writes `data` to `path` (see ``write(_:notOverwriting:_:)``).
  static func write(_ data: Data, to path: String, notOverwriting inputs: [String]) throws {
    try write(path, notOverwriting: inputs) { $0.write(data) }
  }

  /// Refuses `path` when it names one of `inputs`.
  static func refuse(_ path: String, ifAnyOf inputs: [String]) throws {
    if let input = inputs.first(where: { sameFile($0, path) }) {
      throw UserError(
        "\(path) is the input \(input); give the output another file (nothing was written)")
    }
  }

  /// Refuses an output directory that is an input, or that holds one (a run would write beside it).
  static func refuseDirectory(_ path: String, ifHoldingAnyOf inputs: [String]) throws {
    try refuse(path, ifAnyOf: inputs)
    for input in inputs {
      let parent = URL(fileURLWithPath: input).deletingLastPathComponent().path
      if sameFile(parent, path) {
        throw UserError(
          "\(path) holds the input \(input); give the output its own directory (nothing was written)"
        )
      }
    }
  }

  static func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat()
    var sb = stat()
    if stat(a, &sa) == 0 && stat(b, &sb) == 0 {
      return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
    return URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath()
      == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath()
  }
}
