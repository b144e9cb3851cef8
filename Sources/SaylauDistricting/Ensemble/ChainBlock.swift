import Foundation

/// The steps of one chain between two checkpoints (or from the last checkpoint to the chain's end): what a
/// local run writes to `chain-NNN.jsonl` before it writes a checkpoint, and what a distributed run stores
/// as one unit.
public struct ChainBlock: Sendable, Equatable {
  public var chain: Int
  /// The first step recorded (the previous checkpoint's step + 1).
  public var firstStep: Int
  public var lastStep: Int
  /// One ``StepRecord/jsonLine`` per step, in order, without line feeds.
  public var records: [String]
  /// The plan after `lastStep`.
  public var assignment: [Int32]
  /// Whether `lastStep` is a checkpoint (a multiple of the settings' `checkpointEvery`); only a chain's
  /// last block may end elsewhere.
  public var endsAtCheckpoint: Bool
  /// The block's plans in the plan store format (``PlanStoreWriter/finishBlock()``), when the settings keep
  /// the plans: `chain-NNN.plans` is ``EnsembleRun/planStoreHeader`` and the blocks in step order.
  public var plans: [UInt8]?
}

extension EnsembleRun {
  /// Runs chain `c` from a checkpoint to `endStep`, handing each block to `block` as it is complete.
  ///
  /// The blocks are the ones a local run of the same settings writes (the random stream is re-seeded at
  /// every checkpoint), so a chain run segment by segment on any machines, from checkpoints taken anywhere,
  /// gives the bytes of one uninterrupted run.
  /// - Parameters:
  ///   - c: the chain.
  ///   - step: the checkpoint to start from (a multiple of `checkpointEvery`; 0 = the start).
  ///   - assignment: the plan at `step` (`nil` at step 0: the run's starting plan).
  ///   - endStep: the last step to run, at most the settings' `steps`.
  ///   - block: receives each block; an error it throws stops the run and is rethrown.
  /// - Throws: ``EnsembleError/chain(_:)`` for a plan that cannot be restored or a step that fails,
  ///   ``EnsembleError/invalidSetting(field:value:reason:)`` for a start that is not a checkpoint, and what
  ///   `block` throws.
  public func runSegment(
    chain c: Int, from step: Int, assignment: [Int32]?, to endStep: Int,
    block: (ChainBlock) throws -> Void
  ) throws {
    let every = settings.checkpointEvery
    guard step >= 0, step % every == 0, step <= settings.steps else {
      throw EnsembleError.invalidSetting(
        field: "step", value: "\(step)", reason: "a chain resumes only at a checkpoint")
    }
    var plan = base
    if let assignment {
      do { try plan.restore(assignment: assignment) } catch { throw EnsembleError.chain(error) }
    }
    var lines: [String] = []
    lines.reserveCapacity(min(every, 1 << 16))
    var first = step + 1
    // The plan store's blocks start at checkpoints, as in a local run.
    let keep = settings.keepsPlans
    var store = PlanStoreWriter(districts: base.districtCount, order: planStoreOrder)
    if keep { store.startBlock(firstStep: first, plan: plan.assignment) }
    do {
      try SaylauDistricting.runChain(
        chain: c, plan: &plan, graph: graph, metrics: metrics, seed: settings.seed, from: step,
        to: min(endStep, settings.steps), checkpointEvery: every, progress: nil,
        record: { lines.append($0.jsonLine) },
        checkpoint: { s, p in
          let plans = keep ? store.finishBlock() : nil
          try block(
            ChainBlock(
              chain: c, firstStep: first, lastStep: s, records: lines, assignment: p.assignment,
              endsAtCheckpoint: true, plans: plans))
          lines.removeAll(keepingCapacity: true)
          first = s + 1
          if keep { store.startBlock(firstStep: first, plan: p.assignment) }
        },
        observe: { p in if keep { store.add(p) } })
    } catch let e as ReComError {
      throw EnsembleError.chain(e)
    }
    if !lines.isEmpty {
      try block(
        ChainBlock(
          chain: c, firstStep: first, lastStep: first + lines.count - 1, records: lines,
          assignment: plan.assignment, endsAtCheckpoint: false,
          plans: keep && !store.blockIsEmpty ? store.finishBlock() : nil))
    }
  }

  /// The order the plan store lays the units in (from the graph).
  var planStoreOrder: [Int32] {
    PlanStore.storageOrder(offsets: graph.offsets, neighbors: graph.neighbors)
  }

  /// The first bytes of every `chain-NNN.plans` of this run, before its blocks.
  public var planStoreHeader: [UInt8] {
    PlanStoreWriter.header(districts: base.districtCount, order: planStoreOrder)
  }
}

extension EnsembleDirectory.Checkpoint {
  /// The checkpoint of `chain` at `step` with the plan there (what a run writes).
  public static func of(chain: Int, step: Int, assignment: [Int32]) -> Self {
    Self(chain: chain, step: step, assignment: assignment)
  }
}

extension EnsembleDirectory {
  /// Writes chain `c`'s files as a local run leaves them: its records (one line each) and, when it passed
  /// a checkpoint, the checkpoint file (the same bytes as the run's).
  /// - Throws: ``EnsembleError/file(path:reason:)`` when a file cannot be written.
  /// - Parameters:
  ///   - c: the chain.
  ///   - records: its step records, one JSON line each, in step order.
  ///   - checkpoint: its last checkpoint, if it passed one.
  ///   - plans: the whole plan store file, when the plans are kept.
  public func writeChain(
    _ c: Int, records: some Sequence<String>, checkpoint: Checkpoint?, plans: [UInt8]? = nil
  ) throws(EnsembleError) {
    let jsonl = recordsURL(chain: c)
    var text = ""
    for line in records {
      text += line
      text += "\n"
    }
    do { try Data(text.utf8).write(to: jsonl) } catch {
      throw .file(path: jsonl.path, reason: "cannot write (\(error.localizedDescription))")
    }
    if let plans {
      let url = plansURL(chain: c)
      do { try Data(plans).write(to: url) } catch {
        throw .file(path: url.path, reason: "cannot write (\(error.localizedDescription))")
      }
    }
    guard let checkpoint else { return }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]  // as the run writes it
    let url = checkpointURL(chain: c)
    do { try encoder.encode(checkpoint).write(to: url) } catch {
      throw .file(path: url.path, reason: "cannot write (\(error.localizedDescription))")
    }
  }
}
