import SaylauCore

/// The random stream of `chain` for steps in checkpoint block `block`: re-seeding at every block makes a
/// chain resumable from any checkpoint without storing generator state, and identical on every machine.
public func ensembleGenerator(seed: UInt64, chain: Int, block: Int) -> SeededGenerator {
  SeededGenerator(seed: seed, stream: UInt64(chain) << 32 | UInt64(block))
}

/// Runs `steps` ReCom steps of one chain from `startStep`, calling `record` and `observe` after every
/// step and `checkpoint` after every `checkpointEvery` steps (at block boundaries).
public func runChain(
  chain index: Int, plan: inout ReComChain, graph: UnitGraph, metrics: PlanMetrics, seed: UInt64,
  from startStep: Int, to endStep: Int, checkpointEvery: Int, progress: EnsembleProgress?,
  record: (StepRecord) throws -> Void, checkpoint: (Int, ReComChain) throws -> Void,
  observe: (ReComChain) throws -> Void = { _ in }
) throws {
  precondition(startStep % checkpointEvery == 0, "chains resume only at checkpoint boundaries")
  var step = startStep
  var rng = ensembleGenerator(seed: seed, chain: index, block: step / checkpointEvery)
  // The shared counter takes a lock: add to it in batches, so that chains on several threads do not
  // contend for it at every step.
  var unreported = 0
  defer { progress?.add(unreported) }
  while step < endStep {
    try plan.step(using: &rng)
    step += 1
    try record(metrics.record(chain: index, step: step, graph: graph, plan: plan))
    try observe(plan)
    unreported += 1
    if unreported == 64 {
      progress?.add(unreported)
      unreported = 0
    }
    if step % checkpointEvery == 0 {
      try checkpoint(step, plan)
      rng = ensembleGenerator(seed: seed, chain: index, block: step / checkpointEvery)
    }
  }
}
