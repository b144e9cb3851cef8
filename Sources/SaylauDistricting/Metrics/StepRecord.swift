/// The statistics of one plan of an ensemble: one line of a chain's JSONL file.
///
/// The one definition of the record schema: ``CodingKeys`` name the fields for reading (`Codable`) and for
/// writing (``jsonLine``), so the writer and every reader agree by construction.
public struct StepRecord: Sendable, Hashable, Codable {
  public var chain: Int
  public var step: Int
  public var cutEdges: Int
  public var maxDeviation: Double
  /// Mean and minimum Polsby–Popper over districts, where the graph carries areas and perimeters.
  public var polsbyPopperMean: Double?
  public var polsbyPopperMin: Double?
  /// Number of split units of the split column (e.g. counties), if one was named.
  public var splits: Int?
  /// Spanning trees drawn in this step (1 if the first tree had a balanced edge); `nil` in files written
  /// before it was recorded.
  public var trees: Int?
  /// Units in the merged pair of districts (the work of the step: merged-node-steps).
  public var merged: Int?
  /// Why the step stayed put (reversible ReCom's self-loops: ``StepOutcome``); absent when it moved.
  public var selfLoop: String?
  /// The plan's fingerprint (``ReComChain/planFingerprint``, 16 hexadecimal digits): the same for the
  /// same partition of the units whatever the district labels, so plans can be counted without storing
  /// them.
  public var plan: String?

  public enum CodingKeys: String, CodingKey, CaseIterable {
    case chain, step
    case cutEdges = "cut_edges"
    case maxDeviation = "max_deviation"
    case polsbyPopperMean = "polsby_popper_mean"
    case polsbyPopperMin = "polsby_popper_min"
    case splits, trees, merged
    case selfLoop = "self_loop"
    case plan
  }

  public init(
    chain: Int, step: Int, cutEdges: Int, maxDeviation: Double, polsbyPopperMean: Double? = nil,
    polsbyPopperMin: Double? = nil, splits: Int? = nil, trees: Int? = nil, merged: Int? = nil,
    selfLoop: String? = nil, plan: String? = nil
  ) {
    self.chain = chain
    self.step = step
    self.cutEdges = cutEdges
    self.maxDeviation = maxDeviation
    self.polsbyPopperMean = polsbyPopperMean
    self.polsbyPopperMin = polsbyPopperMin
    self.splits = splits
    self.trees = trees
    self.merged = merged
    self.selfLoop = selfLoop
    self.plan = plan
  }

  /// The record as one compact JSON line: keys in ``CodingKeys`` order, absent values left out, doubles in
  /// their shortest round-trip form. Written directly rather than through `JSONEncoder`, whose key order is
  /// not fixed and which writes `0.0` as `0`: the files of a seed must be the same bytes on every run, and
  /// this is on the chain's hot path (thousands of lines a second).
  public var jsonLine: String {
    var s = "{"
    s.reserveCapacity(160)
    var first = true
    func field(_ key: CodingKeys, _ value: String) {
      if !first { s += "," }
      first = false
      s += "\""
      s += key.rawValue
      s += "\":"
      s += value
    }
    field(.chain, String(chain))
    field(.step, String(step))
    field(.cutEdges, String(cutEdges))
    field(.maxDeviation, "\(maxDeviation)")
    if let v = polsbyPopperMean { field(.polsbyPopperMean, "\(v)") }
    if let v = polsbyPopperMin { field(.polsbyPopperMin, "\(v)") }
    if let v = splits { field(.splits, String(v)) }
    if let v = trees { field(.trees, String(v)) }
    if let v = merged { field(.merged, String(v)) }
    if let v = selfLoop { field(.selfLoop, "\"" + v + "\"") }
    if let v = plan { field(.plan, "\"" + v + "\"") }
    return s + "}"
  }

  /// The value of each statistic this record has.
  public var statistics: [(EnsembleStatistic, Double)] {
    var out: [(EnsembleStatistic, Double)] = [
      (.cutEdges, Double(cutEdges)), (.maxDeviation, maxDeviation),
    ]
    if let v = polsbyPopperMean { out.append((.polsbyPopperMean, v)) }
    if let v = polsbyPopperMin { out.append((.polsbyPopperMin, v)) }
    if let v = splits { out.append((.splits, Double(v))) }
    if let v = trees { out.append((.treesPerStep, Double(v))) }
    return out
  }
}

/// A statistic recorded for every plan of an ensemble.
public enum EnsembleStatistic: String, Sendable, Hashable, Codable, CaseIterable {
  case cutEdges = "cut_edges"
  case maxDeviation = "max_deviation"
  case polsbyPopperMean = "polsby_popper_mean"
  case polsbyPopperMin = "polsby_popper_min"
  case splits
  case treesPerStep = "trees_per_step"

  /// The name in words (`cut edges`), for titles.
  public var title: String { rawValue.split(separator: "_").joined(separator: " ") }

  /// Whether a plan placed in the ensemble has this statistic (the trees drawn describe a step, not a plan).
  public var describesAPlan: Bool { self != .treesPerStep }
}
