import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauRegistry

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
  guard let scheme = registry.schemes.first(where: { $0.electionDays.contains { $0.year == year } })
  else { return [:] }
  var out: [Int: String] = [:]
  for c in registry.constituencies where c.schemeID == scheme.id {
    if let region = c.regionCode { out[c.number] = region }
  }
  return out
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
