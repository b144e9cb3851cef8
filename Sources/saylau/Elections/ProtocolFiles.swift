import Foundation
import SaylauData
import SaylauElections
import SaylauForensics

/// Runs a read or write of the user's inputs: the problems of an invalid one go to stderr, one a line,
/// and the error becomes one line for the user (with `hint` when a file would be replaced).
func input<T>(hint: String? = nil, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as ElectionInputError {
    for issue in error.issues { printErr(issue) }
    let hint = error.kind == .exists ? hint.map { "; \($0)" } ?? "" : ""
    throw UserError(error.message + hint)
  }
}

/// Runs a count: a refused import, the definition's errors and an undecidable count each become one line.
func counted<T>(file: String, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as DefinitionCountError {
    switch error {
    case .definition(let issues):
      for i in issues { printErr(i.description) }
      throw UserError(
        "the definition \(file) has \(issues.filter(\.isError).count) error(s): nothing was counted"
      )
    case .refused(let what, let refused):
      throw refusal(refused, what == "round 1" ? nil : what)
    default:
      throw UserError(error.description)
    }
  }
}

/// Reads a whole file as bytes, with a one-line error naming it.
func readFileBytes(_ path: String) throws -> [UInt8] {
  try input { try ElectionInputs.bytes(path) }
}

/// Sources for protocol files named on the command line (`.json` is JSON, anything else CSV).
func protocolSources(_ files: [String]) -> [ProtocolSource] { files.map { .file($0) } }

/// Prints the problems of a refused import on stderr, warnings last, and returns the error for the user.
func refusal(_ refused: ProtocolImport.Refused, _ what: String? = nil) -> UserError {
  for issue in refused.issues { printErr(issue.description) }
  if refused.errorCount > refused.issues.count {
    printErr("… and \(refused.errorCount - refused.issues.count) more problem(s)")
  }
  printWarnings(refused.warnings, total: refused.warningCount)
  let message = (what.map { "\($0): " } ?? "") + refused.description
  if refused.unreadableSource { return UserError(message) }
  return UserError("\(message) (to import the valid rows: --accept-valid --rejected-out FILE)")
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
        regionOfConstituency: try BundledData.regionOfConstituencies(
          electionYear: published.election.date.year)
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

/// Writes a line to standard error (progress, warnings).
func printErr(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
