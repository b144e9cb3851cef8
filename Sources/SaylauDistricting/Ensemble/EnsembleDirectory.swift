import Foundation
import SaylauCore

/// An ensemble on disk: the directory format, its checkpoints and resuming.
///
/// ```
/// settings.json                the EnsembleSettings
/// chain-NNN.jsonl              one StepRecord per line, one file per chain
/// chain-NNN.checkpoint.json    the chain's step and plan at the last checkpoint
/// chain-NNN.plans              every plan of the chain (PlanStore), unless plans are not kept
/// summary.json                 the EnsembleSummary (with the chains' diagnostics)
/// ```
/// A chain's records are written in blocks ending at checkpoints, and a checkpoint only after its block,
/// so a run stopped at any moment resumes from its last checkpoint to exactly the bytes of an uninterrupted
/// run (the generator is re-seeded at every checkpoint boundary).
public struct EnsembleDirectory: Sendable {
  public var url: URL

  public init(url: URL) { self.url = url }

  public init(path: String) { url = URL(fileURLWithPath: path) }

  public var settingsURL: URL { url.appendingPathComponent("settings.json") }
  public var summaryURL: URL { url.appendingPathComponent("summary.json") }

  /// The records of chain `c`.
  public func recordsURL(chain c: Int) -> URL { file(c, "jsonl") }
  /// The checkpoint of chain `c`.
  public func checkpointURL(chain c: Int) -> URL { file(c, "checkpoint.json") }
  /// The plan store of chain `c` (``PlanStore``).
  public func plansURL(chain c: Int) -> URL { file(c, "plans") }

  private func file(_ c: Int, _ ext: String) -> URL {
    let number = String(c)
    let padded = String(repeating: "0", count: max(0, 3 - number.count)) + number
    return url.appendingPathComponent("chain-\(padded).\(ext)")
  }

  /// The settings the ensemble was made with.
  /// - Throws: ``EnsembleError/notAnEnsemble(directory:)`` without `settings.json`, ``EnsembleError/file(path:reason:)``
  ///   when it is not the settings, ``EnsembleError/invalidSetting(field:value:reason:)`` for an edited value
  ///   that cannot be used.
  public func settings() throws(EnsembleError) -> EnsembleSettings {
    guard FileManager.default.fileExists(atPath: settingsURL.path) else {
      throw .notAnEnsemble(directory: url.path)
    }
    let settings: EnsembleSettings
    do {
      settings = try JSONDecoder().decode(
        EnsembleSettings.self, from: Data(contentsOf: settingsURL))
    } catch {
      throw .file(path: settingsURL.path, reason: "not the settings of an ensemble (\(error))")
    }
    try settings.validate()
    return settings
  }

  /// Makes the directory for a new run, or checks that a resumed one has the same settings.
  /// - Throws: ``EnsembleError/alreadyExists(directory:)`` for an existing ensemble without `resume`,
  ///   ``EnsembleError/settingsDiffer(directory:)`` when resuming with other settings,
  ///   ``EnsembleError/file(path:reason:)`` for a directory that is, or holds, the graph file it reads (a run
  ///   writes beside it).
  public func prepare(for settings: EnsembleSettings, resume: Bool) throws(EnsembleError) {
    let graphFile = [settings.graph].filter { FileManager.default.fileExists(atPath: $0) }
    do { try OutputFile.refuseDirectory(url.path, ifHoldingAnyOf: graphFile) } catch {
      throw .file(path: url.path, reason: error.message)
    }
    if FileManager.default.fileExists(atPath: settingsURL.path) {
      guard resume else { throw .alreadyExists(directory: url.path) }
      guard try self.settings() == settings else { throw .settingsDiffer(directory: url.path) }
      return
    }
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      try Self.prettyJSON(settings).write(to: settingsURL)
    } catch {
      throw .file(path: settingsURL.path, reason: "cannot write (\(error.localizedDescription))")
    }
  }

  /// The checkpoint of one chain: its step and plan.
  public struct Checkpoint: Codable, Sendable, Equatable {
    public var chain: Int
    public var step: Int
    public var assignment: [Int32]
  }

  /// Where chain `c` resumes: its checkpoint and its records up to it (the text to keep), or `nil` when
  /// the chain has no checkpoint (it starts from step 0).
  /// - Throws: ``EnsembleError`` when the checkpoint or the records cannot be read, a record before the
  ///   checkpoint is not a record, or records are missing. Only a last line cut short (the run stopped
  ///   while writing) is dropped, since it is after the checkpoint.
  public func resumePoint(chain c: Int) throws(EnsembleError) -> (
    checkpoint: Checkpoint, keptRecords: String
  )? {
    let ckpt = checkpointURL(chain: c)
    guard FileManager.default.fileExists(atPath: ckpt.path) else { return nil }
    let checkpoint: Checkpoint
    do {
      checkpoint = try JSONDecoder().decode(Checkpoint.self, from: Data(contentsOf: ckpt))
    } catch {
      throw .file(path: ckpt.path, reason: "not a checkpoint (\(error))")
    }
    let records = recordsURL(chain: c)
    let text: String
    do { text = try String(contentsOf: records, encoding: .utf8) } catch {
      throw .file(
        path: records.path,
        reason: "cannot read the records of the checkpoint (\(error.localizedDescription))")
    }
    var kept = ""
    var count = 0
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (n, line) in lines.enumerated() where !line.isEmpty {
      let isLast = n == lines.count - 1  // no newline after it: cut short, or the file's end
      guard let r = try? JSONDecoder().decode(StepRecord.self, from: Data(line.utf8)) else {
        if isLast { break }
        throw .corruptRecord(path: records.path, line: n + 1)
      }
      if r.step <= checkpoint.step {
        kept += line + "\n"
        count += 1
      }
    }
    guard count == checkpoint.step else {
      throw .missingRecords(path: records.path, checkpointStep: checkpoint.step, found: count)
    }
    return (checkpoint, kept)
  }

  /// The plan store of chain `c` cut after the last block that ends at or before `step` (the bytes to
  /// keep when resuming from a checkpoint at `step`).
  /// - Throws: ``EnsembleError/file(path:reason:)`` when the store is missing, unreadable, or holds
  ///   fewer plans than `step`.
  public func keptPlans(chain c: Int, upTo step: Int) throws(EnsembleError) -> Data {
    let url = plansURL(chain: c)
    let reader: PlanStoreReader
    do { reader = try PlanStoreReader(url: url) } catch {
      throw .file(path: url.path, reason: error.reason)
    }
    let blocks: [(offset: Int, firstStep: Int, plans: Int)]
    do { blocks = try reader.blocks() } catch { throw .file(path: url.path, reason: error.reason) }
    var end = reader.dataStart
    var covered = 0
    for b in blocks where b.firstStep + b.plans - 1 <= step {
      guard b.firstStep == covered + 1 else { break }
      covered += b.plans
      end = blocks.first { $0.offset > b.offset }?.offset ?? reader.bytes.count
    }
    guard covered == step else {
      throw .file(
        path: url.path, reason: "holds \(covered) plans, but the checkpoint is at step \(step)")
    }
    return Data(reader.bytes[0..<end])
  }

  /// Every chain's records, chain by chain in file order.
  /// - Throws: ``EnsembleError/file(path:reason:)`` for a missing file, ``EnsembleError/corruptRecord(path:line:)``.
  public func records(chains: Int) throws(EnsembleError) -> [StepRecord] {
    try recordsByChain(chains: chains).flatMap { $0 }
  }

  /// The records of each chain (one array per chain).
  /// - Throws: as ``records(chains:)``.
  public func recordsByChain(chains: Int) throws(EnsembleError) -> [[StepRecord]] {
    var out: [[StepRecord]] = []
    let decoder = JSONDecoder()
    for c in 0..<chains {
      var chain: [StepRecord] = []
      let path = recordsURL(chain: c)
      let text: String
      do { text = try String(contentsOf: path, encoding: .utf8) } catch {
        throw .file(path: path.path, reason: "cannot read (\(error.localizedDescription))")
      }
      for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
      where !line.isEmpty {
        guard let r = try? decoder.decode(StepRecord.self, from: Data(line.utf8)) else {
          throw .corruptRecord(path: path.path, line: n + 1)
        }
        chain.append(r)
      }
      out.append(chain)
    }
    return out
  }

  /// The summary of the ensemble on disk: distributions, diagnostics, the variant and the size of the
  /// plan stores.
  /// - Throws: ``EnsembleError`` when the settings or records cannot be read.
  public func summary() throws(EnsembleError) -> EnsembleSummary {
    let settings = try settings()
    var summary = EnsembleSummary(chains: try recordsByChain(chains: settings.chains))
    summary.variant = settings.proposal.name
    if settings.keepsPlans {
      var bytes = 0
      for c in 0..<settings.chains {
        let size =
          (try? FileManager.default.attributesOfItem(atPath: plansURL(chain: c).path)[.size])
        bytes += (size as? Int) ?? Int((size as? UInt64) ?? 0)
      }
      if bytes > 0 {
        summary.planStoreBytes = bytes
        summary.planStoreBytesPerPlan =
          summary.plans > 0 ? Double(bytes) / Double(summary.plans) : nil
      }
    }
    return summary
  }

  /// The values of each statistic over every chain's records.
  public func values(chains: Int) throws(EnsembleError) -> [EnsembleStatistic: [Double]] {
    var values: [EnsembleStatistic: [Double]] = [:]
    for r in try records(chains: chains) {
      for (s, v) in r.statistics { values[s, default: []].append(v) }
    }
    return values
  }

  /// Writes `summary.json`.
  public func write(_ summary: EnsembleSummary) throws(EnsembleError) {
    do { try Self.prettyJSON(summary).write(to: summaryURL) } catch {
      throw .file(path: summaryURL.path, reason: "cannot write (\(error.localizedDescription))")
    }
  }

  static func prettyJSON<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(value)
  }
}
