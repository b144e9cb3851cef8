import ArgumentParser
import Dispatch
import Foundation
import SaylauCore
import SaylauDistricting
import SaylauRegistry

/// `saylau ensemble`: ReCom ensembles and comparisons.
struct Ensemble: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Sample district plans by ReCom and place a plan in the ensemble.",
    subcommands: [EnsembleRun.self, EnsembleCompare.self], defaultSubcommand: EnsembleRun.self)
}

/// The settings an ensemble directory was made with (resuming requires the same ones).
struct EnsembleSettings: Codable, Equatable {
  var graph: String
  var districts: Int
  var steps: Int
  var seed: UInt64
  var epsilon: String
  var chains: Int
  var weight: String
  var initial: String?
  var region: String?
  var splitColumn: String?
  var pairSelection: String
  var checkpointEvery: Int
}

struct EnsembleRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract:
      "Run ReCom chains and write each plan's statistics (JSONL), distributions and SVG histograms."
  )

  @Option(help: "Graph: NetworkX adjacency JSON, GeoJSON, or 'kazakhstan'.") var graph: String
  @Option(help: "Number of districts.") var districts: Int
  @Option(help: "Steps per chain.") var steps: Int
  @Option(help: "Seed (the same seed gives the same plans everywhere).") var seed: UInt64 = 1
  @Option(help: "Population tolerance as a fraction of the ideal, e.g. 0.02.") var epsilon: String =
    "0.02"
  @Option(help: "Independent chains (run on all cores).") var chains: Int = 1
  @Option(help: "Threads (default: all cores).") var threads: Int?
  @Option(help: "Node weight column (default 'population').") var weight: String = "population"
  @Option(help: "Initial plan column (e.g. CD); default: a seeded recursive-tree plan.")
  var initial: String?
  @Option(help: "Region column: districts must nest in regions (needs --initial).") var region:
    String?
  @Option(help: "Column whose splits are counted (e.g. a county code).") var splitColumn: String?
  @Option(help: "district-pairs (GerryChain's default) or cut-edges.") var pairSelection: String =
    "district-pairs"
  @Option(help: "Steps between checkpoints.") var checkpointEvery: Int = 1000
  @Option(help: "Output directory.") var out: String
  @Flag(help: "Continue an interrupted run in --out.") var resume = false
  @Flag(help: "No progress bar.") var quiet = false
  @Flag(help: "Record only cut edges and deviation (skip compactness and splits; for benchmarks).")
  var basic = false
  @OptionGroup var output: OutputOptions

  func run() throws {
    guard let tol = Tolerance(epsilon) else {
      throw UserError("--epsilon: '\(epsilon)' is not a decimal in [0, 1)")
    }
    guard let selection = PairSelection(rawValue: pairSelection) else {
      throw UserError("--pair-selection: use district-pairs or cut-edges")
    }
    guard steps >= 0, chains >= 1, checkpointEvery >= 1 else {
      throw UserError("--steps, --chains, --checkpoint-every must be positive")
    }
    if region != nil && initial == nil {
      throw UserError("--region needs --initial (a nested starting plan)")
    }
    let settings = EnsembleSettings(
      graph: graph, districts: districts, steps: steps, seed: seed, epsilon: epsilon,
      chains: chains,
      weight: weight, initial: initial, region: region, splitColumn: splitColumn,
      pairSelection: pairSelection,
      checkpointEvery: checkpointEvery)
    let g = try loadUnitGraph(graph)
    let weights: [Int]
    do { weights = try g.integerWeights(weight) } catch let e as GraphError {
      throw UserError("\(graph): \(e.description)")
    }
    let metrics: PlanMetrics
    do {
      metrics = basic ? PlanMetrics() : try PlanMetrics(graph: g, splitColumn: splitColumn)
    } catch let e as GraphError {
      throw UserError(e.description)
    }
    var regionIndex: [Int]? = nil
    if let region { regionIndex = try planFromColumn(g, column: region).plan }
    let start: [Int]
    if let initial {
      let p = try planFromColumn(g, column: initial)
      guard p.labels.count == districts else {
        throw UserError(
          "--initial \(initial) has \(p.labels.count) districts, not --districts \(districts)")
      }
      start = p.plan
    } else {
      do {
        start = try recursiveTreePlan(
          graph: g, weights: weights, seatsPerRegion: [districts], tolerance: tol, seed: seed)
      } catch let e as ReComError { throw UserError(e.description) }
    }
    let base: ReComChain
    do {
      base = try ReComChain(
        graph: g, weights: weights, assignment: start, districts: districts, tolerance: tol,
        regions: regionIndex,
        pairSelection: selection)
    } catch let e as ReComError { throw UserError(e.description) }
    if !base.isBalanced && !quiet {
      FileHandle.standardError.write(
        Data(
          "note: the initial plan is outside the tolerance (max deviation \(base.maxDeviation)); ReCom steps bring merged pairs within it\n"
            .utf8))
    }
    let fm = FileManager.default
    let dir = URL(fileURLWithPath: out)
    let settingsURL = dir.appendingPathComponent("settings.json")
    if fm.fileExists(atPath: settingsURL.path) {
      guard resume else {
        throw UserError("\(out): already holds an ensemble; use --resume or another --out")
      }
      let old = try JSONDecoder().decode(EnsembleSettings.self, from: Data(contentsOf: settingsURL))
      guard old == settings else {
        throw UserError("\(out): was made with other settings; resume needs the same ones")
      }
    } else {
      try fm.createDirectory(at: dir, withIntermediateDirectories: true)
      let enc = JSONEncoder()
      enc.outputFormatting = [.prettyPrinted, .sortedKeys]
      try enc.encode(settings).write(to: settingsURL)
    }
    let progress = EnsembleProgress()
    let resumedSteps = EnsembleProgress()
    let failures = FailureBox()
    let totalSteps = steps * chains
    let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
    let started = Date()
    let chainCount = chains
    let stepCount = steps
    let every = checkpointEvery
    let seedValue = seed
    let resuming = resume
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      runParallel(count: chainCount, threads: threadCount) { c in
        do {
          try runOneChain(
            c, base: base, graph: g, metrics: metrics, seed: seedValue, steps: stepCount,
            every: every,
            dir: dir, resume: resuming, progress: progress, resumed: resumedSteps)
        } catch {
          failures.set("chain \(c): \(error)")
        }
      }
      done.signal()
    }
    while done.wait(timeout: .now() + 0.25) == .timedOut {
      if !quiet { drawProgress(progress.value, totalSteps, started) }
    }
    if !quiet {
      drawProgress(progress.value, totalSteps, started)
      FileHandle.standardError.write(Data("\n".utf8))
    }
    if let f = failures.message { throw UserError(f) }
    let elapsed = Date().timeIntervalSince(started)
    var summary = try summarizeEnsemble(dir: dir, chains: chains)
    summary.seconds = elapsed
    summary.stepsPerSecond = Double(progress.value - resumedSteps.value) / elapsed  // this session only
    summary.peakRSSKilobytes = peakRSSKilobytes()
    summary.threads = min(threadCount, chains)
    if output.json {
      try printJSON(summary)
    } else {
      print(
        "Ensemble in \(out): \(chains) chain(s) × \(steps) steps, \(String(format: "%.1f", elapsed)) s"
      )
      for (name, d) in summary.distributions.sorted(by: { $0.key < $1.key }) {
        print(
          "  \(name): mean \(fmt(d.mean)), 5% \(fmt(d.p5)), median \(fmt(d.p50)), 95% \(fmt(d.p95)) (n=\(d.count))"
        )
      }
    }
  }
}

private func fmt(_ x: Double) -> String { String(format: x.magnitude >= 100 ? "%.1f" : "%.4f", x) }

final class FailureBox: @unchecked Sendable {
  private let lock = NSLock()
  private var text: String?
  func set(_ s: String) { lock.withLock { if text == nil { text = s } } }
  var message: String? { lock.withLock { text } }
}

func drawProgress(_ done: Int, _ total: Int, _ started: Date) {
  let width = 30
  let frac = total > 0 ? Double(done) / Double(total) : 1
  let filled = Int(frac * Double(width))
  let rate = Double(done) / max(Date().timeIntervalSince(started), 1e-9)
  let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
  FileHandle.standardError.write(
    Data("\r[\(bar)] \(done)/\(total) steps, \(Int(rate)) steps/s".utf8))
}

/// The checkpoint of one chain: its step and plan.
struct ChainCheckpoint: Codable {
  var chain: Int
  var step: Int
  var assignment: [Int32]
}

func chainFile(_ dir: URL, _ c: Int, _ ext: String) -> URL {
  dir.appendingPathComponent(String(format: "chain-%03d.%@", c, ext))
}

/// Runs (or resumes) one chain, writing its JSONL records and checkpoints.
func runOneChain(
  _ c: Int, base: ReComChain, graph: UnitGraph, metrics: PlanMetrics, seed: UInt64, steps: Int,
  every: Int, dir: URL,
  resume: Bool, progress: EnsembleProgress, resumed: EnsembleProgress? = nil
) throws {
  var plan = base
  var startStep = 0
  let jsonl = chainFile(dir, c, "jsonl")
  let ckpt = chainFile(dir, c, "checkpoint.json")
  var kept = ""
  if resume, let data = try? Data(contentsOf: ckpt) {
    let cp = try JSONDecoder().decode(ChainCheckpoint.self, from: data)
    try plan.restore(assignment: cp.assignment)
    startStep = cp.step
    // Keep the records up to the checkpoint; later ones are redone identically.
    if let text = try? String(contentsOf: jsonl, encoding: .utf8) {
      for line in text.split(separator: "\n") {
        if let r = try? JSONDecoder().decode(StepOnly.self, from: Data(line.utf8)),
          r.step <= startStep
        {
          kept += line + "\n"
        }
      }
    }
  }
  progress.add(startStep)
  resumed?.add(startStep)
  FileManager.default.createFile(atPath: jsonl.path, contents: Data(kept.utf8))
  let handle = try FileHandle(forWritingTo: jsonl)
  defer { try? handle.close() }
  try handle.seekToEnd()
  var buffer = ""
  buffer.reserveCapacity(1 << 16)
  try runChain(
    chain: c, plan: &plan, graph: graph, metrics: metrics, seed: seed, from: startStep, to: steps,
    checkpointEvery: every, progress: progress,
    record: { r in
      buffer += r.jsonLine
      buffer += "\n"
    },
    checkpoint: { step, p in
      handle.write(Data(buffer.utf8))
      buffer.removeAll(keepingCapacity: true)
      let data = try JSONEncoder().encode(
        ChainCheckpoint(chain: c, step: step, assignment: p.assignment))
      let tmp = ckpt.appendingPathExtension("tmp")
      try data.write(to: tmp)
      _ = try? FileManager.default.removeItem(at: ckpt)
      try FileManager.default.moveItem(at: tmp, to: ckpt)
    })
  handle.write(Data(buffer.utf8))
}

struct StepOnly: Decodable { var step: Int }

/// The distribution of one statistic over the ensemble.
struct Distribution: Codable {
  var count: Int
  var mean: Double
  var min: Double
  var p5: Double
  var p25: Double
  var p50: Double
  var p75: Double
  var p95: Double
  var max: Double

  init(_ values: [Double]) {
    let v = values.sorted()
    count = v.count
    mean = v.reduce(0, +) / Double(Swift.max(1, v.count))
    func q(_ p: Double) -> Double {
      v.isEmpty ? .nan : v[Swift.min(v.count - 1, Int((p * Double(v.count - 1)).rounded()))]
    }
    min = v.first ?? .nan
    max = v.last ?? .nan
    p5 = q(0.05)
    p25 = q(0.25)
    p50 = q(0.5)
    p75 = q(0.75)
    p95 = q(0.95)
  }
}

struct EnsembleSummary: Codable {
  var plans: Int
  var distributions: [String: Distribution]
  /// Wall time of the chains (graph loading excluded), steps per second over all chains, peak memory.
  var seconds: Double?
  var stepsPerSecond: Double?
  var peakRSSKilobytes: Int?
  var threads: Int?
}

/// Peak resident memory of this process (getrusage, kilobytes on Linux).
func peakRSSKilobytes() -> Int {
  var usage = rusage()
  #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  #else
    getrusage(RUSAGE_SELF, &usage)
  #endif
  return Int(usage.ru_maxrss)
}

/// Reads every chain's records from `dir`.
func readEnsembleValues(dir: URL, chains: Int) throws -> [String: [Double]] {
  var values: [String: [Double]] = [:]
  for c in 0..<chains {
    let text = try String(contentsOf: chainFile(dir, c, "jsonl"), encoding: .utf8)
    for line in text.split(separator: "\n") {
      let r = try JSONDecoder().decode(RecordRow.self, from: Data(line.utf8))
      values["cut_edges", default: []].append(Double(r.cut_edges))
      values["max_deviation", default: []].append(r.max_deviation)
      if let v = r.polsby_popper_mean { values["polsby_popper_mean", default: []].append(v) }
      if let v = r.polsby_popper_min { values["polsby_popper_min", default: []].append(v) }
      if let v = r.splits { values["splits", default: []].append(Double(v)) }
      if let v = r.trees { values["trees_per_step", default: []].append(Double(v)) }
    }
  }
  return values
}

struct RecordRow: Decodable {
  var cut_edges: Int
  var max_deviation: Double
  var polsby_popper_mean: Double?
  var polsby_popper_min: Double?
  var splits: Int?
  var trees: Int?
}

/// Writes summary.json and one SVG histogram per statistic.
func summarizeEnsemble(dir: URL, chains: Int) throws -> EnsembleSummary {
  let values = try readEnsembleValues(dir: dir, chains: chains)
  var summary = EnsembleSummary(plans: values["cut_edges"]?.count ?? 0, distributions: [:])
  for (name, v) in values {
    summary.distributions[name] = Distribution(v)
    try histogramSVG(title: name.replacingOccurrences(of: "_", with: " "), values: v, marker: nil)
      .write(to: dir.appendingPathComponent("\(name).svg"), atomically: true, encoding: .utf8)
  }
  let enc = JSONEncoder()
  enc.outputFormatting = [.prettyPrinted, .sortedKeys]
  try enc.encode(summary).write(to: dir.appendingPathComponent("summary.json"))
  return summary
}

/// A plain SVG histogram (40 bins), with an optional marker line for a plan's value.
func histogramSVG(title: String, values: [Double], marker: Double?) -> String {
  let w = 640.0
  let h = 320.0
  let left = 50.0
  let bottom = 40.0
  guard var lo = values.min(), var hi = values.max() else {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
  }
  if let m = marker {
    lo = min(lo, m)
    hi = max(hi, m)
  }
  if hi == lo { hi = lo + 1 }
  let bins = 40
  var counts = [Int](repeating: 0, count: bins)
  for v in values { counts[min(bins - 1, Int((v - lo) / (hi - lo) * Double(bins)))] += 1 }
  let top = Double(counts.max() ?? 1)
  let bw = (w - left - 10) / Double(bins)
  var s =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" font-size=\"12\">\n"
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
  s +=
    "<text x=\"\(w / 2)\" y=\"18\" text-anchor=\"middle\">\(title) (n = \(values.count))</text>\n"
  for (i, c) in counts.enumerated() where c > 0 {
    let bh = Double(c) / top * (h - bottom - 30)
    s += String(
      format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7ab5\"/>\n",
      left + Double(i) * bw, h - bottom - bh, bw - 1, bh)
  }
  s +=
    "<line x1=\"\(left)\" y1=\"\(h - bottom)\" x2=\"\(w - 10)\" y2=\"\(h - bottom)\" stroke=\"black\"/>\n"
  s += "<text x=\"\(left)\" y=\"\(h - bottom + 16)\">\(String(format: "%.4g", lo))</text>\n"
  s +=
    "<text x=\"\(w - 10)\" y=\"\(h - bottom + 16)\" text-anchor=\"end\">\(String(format: "%.4g", hi))</text>\n"
  if let m = marker {
    let x = left + (m - lo) / (hi - lo) * (w - left - 10)
    s += String(
      format:
        "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c0392b\" stroke-width=\"2\"/>\n",
      x, x, h - bottom)
    s += String(format: "<text x=\"%.1f\" y=\"42\" fill=\"#c0392b\">plan %.4g</text>\n", x + 4, m)
  }
  return s + "</svg>\n"
}

struct EnsembleCompare: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare", abstract: "Place a plan in an ensemble: percentiles of each statistic.")

  @Argument(
    help: "Plan: CSV unit,district, or a column of the ensemble's graph given as column:NAME.")
  var plan: String
  @Option(help: "Ensemble directory.") var ensemble: String
  @OptionGroup var output: OutputOptions

  struct Placement: Codable {
    var statistic: String
    var value: Double
    /// Share of ensemble plans below the value (ties count half), in percent.
    var percentile: Double
    var ensembleMedian: Double
  }

  func run() throws {
    let dir = URL(fileURLWithPath: ensemble)
    guard let data = try? Data(contentsOf: dir.appendingPathComponent("settings.json")) else {
      throw UserError("\(ensemble): no settings.json (not an ensemble directory)")
    }
    let settings = try JSONDecoder().decode(EnsembleSettings.self, from: data)
    let g = try loadUnitGraph(settings.graph)
    let weights = try g.integerWeights(settings.weight)
    var assignment: [Int]
    if plan.hasPrefix("column:") {
      assignment = try planFromColumn(g, column: String(plan.dropFirst(7))).plan
    } else {
      assignment = try readPlanCSV(plan, graph: g).plan
    }
    let k = (assignment.max() ?? -1) + 1
    guard k == settings.districts else {
      throw UserError("\(plan): \(k) districts, the ensemble has \(settings.districts)")
    }
    var regionIndex: [Int]? = nil
    if let r = settings.region { regionIndex = try planFromColumn(g, column: r).plan }
    let chain: ReComChain
    do {
      chain = try ReComChain(
        graph: g, weights: weights, assignment: assignment, districts: k,
        tolerance: Tolerance(settings.epsilon)!,
        regions: regionIndex)
    } catch let e as ReComError { throw UserError(e.description) }
    let metrics = try PlanMetrics(graph: g, splitColumn: settings.splitColumn)
    let rec = metrics.record(chain: -1, step: 0, graph: g, plan: chain)
    let values = try readEnsembleValues(dir: dir, chains: settings.chains)
    var own: [String: Double] = [
      "cut_edges": Double(rec.cutEdges), "max_deviation": rec.maxDeviation,
    ]
    if let v = rec.polsbyPopperMean { own["polsby_popper_mean"] = v }
    if let v = rec.polsbyPopperMin { own["polsby_popper_min"] = v }
    if let v = rec.splits { own["splits"] = Double(v) }
    var out: [Placement] = []
    for (name, x) in own.sorted(by: { $0.key < $1.key }) {
      guard let v = values[name], !v.isEmpty else { continue }
      let below = v.filter { $0 < x }.count
      let equal = v.filter { $0 == x }.count
      out.append(
        Placement(
          statistic: name, value: x,
          percentile: 100 * (Double(below) + 0.5 * Double(equal)) / Double(v.count),
          ensembleMedian: Distribution(v).p50))
      try histogramSVG(title: name.replacingOccurrences(of: "_", with: " "), values: v, marker: x)
        .write(
          to: dir.appendingPathComponent("compare_\(name).svg"), atomically: true, encoding: .utf8)
    }
    if output.json { return try printJSON(out) }
    for p in out {
      print(
        "\(p.statistic): \(fmt(p.value)) at the \(String(format: "%.1f", p.percentile))th percentile (ensemble median \(fmt(p.ensembleMedian)))"
      )
    }
  }
}

/// Reads a plan CSV `unit,district` against a graph's node names.
func readPlanCSV(_ path: String, graph: UnitGraph) throws -> (plan: [Int], labels: [String]) {
  let text: String
  do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
    throw UserError("\(path): cannot read")
  }
  do {
    let t = try CSVTable(text: text, source: path)
    let uc = try t.column("unit")
    let dc = try t.column("district")
    var byUnit: [Int: String] = [:]
    for r in t.rows {
      let u = r.fields[uc].trimmingCharacters(in: .whitespaces)
      guard let i = graph.index(of: u) else {
        throw CSVError(
          source: path, line: r.line, field: "unit", message: "'\(u)' is not a unit of the graph")
      }
      let d = r.fields[dc].trimmingCharacters(in: .whitespaces)
      if d.isEmpty {
        throw CSVError(source: path, line: r.line, field: "district", message: "blank")
      }
      if byUnit[i] != nil {
        throw CSVError(source: path, line: r.line, field: "unit", message: "'\(u)' appears twice")
      }
      byUnit[i] = d
    }
    if let missing = (0..<graph.nodeCount).first(where: { byUnit[$0] == nil }) {
      throw UserError("\(path): unit '\(graph.names[missing])' has no district")
    }
    let labels = Array(Set(byUnit.values)).sorted { a, b in
      if let x = Double(a), let y = Double(b) { return x < y }
      return a < b
    }
    let idx = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($0.element, $0.offset) })
    return ((0..<graph.nodeCount).map { idx[byUnit[$0]!]! }, labels)
  } catch let e as CSVError { throw UserError(e.description) }
}
