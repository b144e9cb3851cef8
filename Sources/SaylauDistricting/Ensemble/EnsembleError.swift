import SaylauCore

/// Why an ensemble cannot be run, resumed or read. Names the directory and the file, never a face's option.
public enum EnsembleError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A setting that cannot be used (`field` is the settings' key).
  case invalidSetting(field: String, value: String, reason: String)
  /// The directory already holds an ensemble, and resuming was not asked for.
  case alreadyExists(directory: String)
  /// The directory's ensemble was made with other settings.
  case settingsDiffer(directory: String)
  /// The directory has no `settings.json`.
  case notAnEnsemble(directory: String)
  /// A file of the ensemble cannot be read or written.
  case file(path: String, reason: String)
  /// A line of a chain's records is not a record.
  case corruptRecord(path: String, line: Int)
  /// A chain's records up to its checkpoint are not all there.
  case missingRecords(path: String, checkpointStep: Int, found: Int)
  /// The plan to place has another number of districts than the ensemble.
  case districtCount(plan: Int, ensemble: Int)
  case graph(GraphError)
  case plan(PlanError)
  /// A plan file that cannot be read as `unit,district` rows.
  case planFile(CSVError)
  case chain(ReComError)

  public var description: String {
    switch self {
    case .invalidSetting(let field, let value, let reason):
      return "'\(field)' = '\(value)': \(reason)"
    case .alreadyExists(let d): return "\(d): already holds an ensemble"
    case .settingsDiffer(let d):
      return "\(d): was made with other settings; resuming needs the same ones"
    case .notAnEnsemble(let d): return "\(d): no settings.json (not an ensemble directory)"
    case .file(let path, let reason): return "\(path): \(reason)"
    case .corruptRecord(let path, let line): return "\(path):\(line): not a record of the ensemble"
    case .missingRecords(let path, let step, let found):
      return "\(path): \(found) records, but the checkpoint is at step \(step)"
    case .districtCount(let plan, let ensemble):
      return "the plan has \(plan) districts, the ensemble \(ensemble)"
    case .graph(let e): return e.description
    case .plan(let e): return e.description
    case .planFile(let e): return e.description
    case .chain(let e): return e.description
    }
  }
}
