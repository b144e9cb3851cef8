import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauDistricting

extension PairSelection: ExpressibleByArgument {}
extension MissingPolygonPolicy: ExpressibleByArgument {}

/// `--epsilon`: a population tolerance, a decimal in [0, 1), kept as written.
struct Epsilon: ExpressibleByArgument {
  var text: String
  init?(argument: String) {
    guard Tolerance(argument) != nil else { return nil }
    text = argument
  }
  var defaultValueDescription: String { text }
}

/// The errors of an ensemble in the words of the command line (its options).
func userError(_ e: EnsembleError, graph: String? = nil) -> UserError {
  switch e {
  case .alreadyExists(let d):
    return UserError("\(d): already holds an ensemble; use --resume or another --out")
  case .settingsDiffer(let d):
    return UserError("\(d): was made with other settings; resume needs the same ones")
  case .invalidSetting("region", _, _):
    return UserError("--region needs --initial (a nested starting plan)")
  case .invalidSetting(let field, let value, let reason)
  where ["regionLayers", "tree"].contains(field):
    return UserError("--variant \(value): \(reason) (--region-surcharge COLUMN=WEIGHT, --tree)")
  case .invalidSetting(let field, let value, let reason):
    let flags = [
      "checkpointEvery": "checkpoint-every", "splitColumn": "split-column",
      "cutChoice": "cut-choice",
    ]
    return UserError("--\(flags[field] ?? field) \(value): \(reason)")
  case .graph(.missingWeights):
    return UserError(
      "\(graph ?? "graph"): \(e.description); name another column with --weight, or fill the data")
  default: return UserError(e.description)
  }
}
