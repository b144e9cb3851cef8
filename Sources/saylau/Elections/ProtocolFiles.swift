import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauForensics
import SaylauRegistry

/// Writes a file that must never replace one of the command's inputs (the rejected rows of an import): it is
/// written to a temporary file next to it and renamed into place, so a failed write leaves nothing half done.
enum SafeOutput {
  /// Refuses `path` when it names one of `inputs` (the same file, by device and inode, or the same path).
  static func write(
    _ path: String, notOverwriting inputs: [String], _ body: (FileHandle) throws -> Void
  ) throws {
    let url = URL(fileURLWithPath: path)
    for input in inputs where sameFile(input, path) {
      throw UserError(
        "\(path) is one of the input files; give the rejected rows another file (nothing was written)"
      )
    }
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

  static func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat()
    var sb = stat()
    if stat(a, &sa) == 0 && stat(b, &sb) == 0 {
      return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
    return URL(fileURLWithPath: a).standardizedFileURL
      == URL(fileURLWithPath: b).standardizedFileURL
  }
}

extension ProtocolImport.Accepted {
  /// Writes the rejected records to `path` (never over an input file).
  func writeRejected(toFile path: String, inputs: [String]) throws {
    try SafeOutput.write(path, notOverwriting: inputs) { handle in
      try writeRejected { handle.write(Data($0)) }
    }
  }
}

/// The constituency→region map of the constituency scheme used at an election held in `year` (empty when the
/// registry has no scheme for that election).
func regionOfConstituencies(electionYear year: Int) throws -> [Int: String] {
  let registry: Registry
  do {
    registry = try BundledData.registry()
  } catch {
    throw UserError("the bundled registry cannot be read: \(error)")
  }
  return registry.regionOfConstituencies(electionYear: year)
}

/// Sources for protocol files named on the command line (`.json` is JSON, anything else CSV).
func protocolSources(_ files: [String]) -> [ProtocolSource] {
  files.map { ProtocolSource.file($0) }
}

/// Prints the problems of a refused import on stderr, warnings last, and returns the error for the user.
func refusal(_ refused: ProtocolImport.Refused) -> UserError {
  for issue in refused.issues { printErr(issue.description) }
  if refused.errorCount > refused.issues.count {
    printErr("… and \(refused.errorCount - refused.issues.count) more problem(s)")
  }
  printWarnings(refused.warnings, total: refused.warningCount)
  if refused.unreadableSource { return UserError(refused.description) }
  return UserError(
    "\(refused.description) (to import the valid rows: --accept-valid --rejected-out FILE)")
}

/// Prints up to five warnings and how many there are.
func printWarnings(_ warnings: [ProtocolIssue], total: Int) {
  guard total > 0 else { return }
  for w in warnings.prefix(5) { printErr(w.description) }
  if total > 5 { printErr("\(total) warning(s) in all (lawful but notable; --json lists them)") }
}

extension ElectionChoice {
  /// The forensic run of `files` under this election (`saylau forensics`, `saylau report --protocols`):
  /// rejected records and a refused import's problems go to stderr, errors read as one line.
  func forensics(_ files: ForensicFiles, settings: ForensicSettings) throws -> ForensicFiles.Run {
    do {
      let run = try files.run(
        schema: schema, settings: settings,
        regionOfConstituency: try regionOfConstituencies(electionYear: published.election.date.year)
      )
      for i in run.rejected { printErr("rejected: \(i.description)") }
      return run
    } catch let e as ForensicFilesError {
      if case .refused(let refused) = e { throw refusal(refused) }
      e.details.forEach(printErr)
      if case .settings = e { throw UserError(e.description + " (--simulations)") }
      throw UserError(e.description)
    }
  }
}
