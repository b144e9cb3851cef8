import Foundation
import SaylauCore
import SaylauFuzzing
import Testing

/// Seeded, structure-aware mutation of every reader's seeds, in bounded time (CI): each target runs its
/// seeds and then mutants for `SAYLAU_FUZZ_SECONDS` seconds (default 2) or 4,000 mutants. A crash ends the
/// test process; the input being run is in `$TMPDIR/saylau-fuzz-<target>.last` to become a regression
/// (`Regressions/<target>/`).
@Suite("Fuzzing the readers")
struct MutationTests {
  static let seconds = Double(ProcessInfo.processInfo.environment["SAYLAU_FUZZ_SECONDS"] ?? "") ?? 2
  /// No one input may take longer than this (debug build; a hang shows up here, not as a timeout of CI).
  static let perInputBound = 5.0

  static func seed(for target: FuzzTarget) -> UInt64 {
    // Stable per target, changed by SAYLAU_FUZZ_SEED to explore further.
    let base = UInt64(ProcessInfo.processInfo.environment["SAYLAU_FUZZ_SEED"] ?? "") ?? 20_230_319
    return target.rawValue.utf8.reduce(base) { $0 &* 31 &+ UInt64($1) }
  }

  @Test(
    "mutants of the seeds neither crash nor hang nor break a promise",
    arguments: FuzzTarget.allCases)
  func mutants(_ target: FuzzTarget) throws {
    let last = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-fuzz-\(target.rawValue).last")
    var mutator = FuzzMutator(seed: Self.seed(for: target), target: target)
    let seeds = target.seeds
    #expect(!seeds.isEmpty)
    let clock = ContinuousClock()
    let start = clock.now
    var runs = 0
    var slowest = 0.0
    func run(_ input: [UInt8]) {
      try? Data(input).write(to: last)
      let t = clock.now
      target.run(input)
      let d = clock.now - t
      let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
      slowest = max(slowest, seconds)
      runs += 1
    }
    for s in seeds { run(s) }
    var pool = seeds
    while runs < 4000 && clock.now - start < .milliseconds(Int(Self.seconds * 1000)) {
      let parent = pool[mutator.rng.next(below: pool.count)]
      let child = mutator.mutate(parent)
      run(child)
      // Mutants of mutants too, so edits accumulate.
      if pool.count < 64 { pool.append(child) } else { pool[mutator.rng.next(below: 64)] = child }
    }
    try? FileManager.default.removeItem(at: last)
    #expect(runs > seeds.count)
    #expect(slowest < Self.perInputBound, "slowest input: \(slowest) s")
  }

  @Test("every regression input found by fuzzing runs cleanly", arguments: FuzzTarget.allCases)
  func regressions(_ target: FuzzTarget) throws {
    guard
      let folder = Bundle.module.url(forResource: "Regressions", withExtension: nil)?
        .appendingPathComponent(target.rawValue),
      let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
    else { return }
    for file in files.sorted() where !file.hasPrefix(".") {
      let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
      target.run(bytes)
    }
  }

  /// `SAYLAU_FUZZ_REPLAY=target:file swift test --filter replay` runs one saved input (a crash to reproduce).
  @Test("replay one input (SAYLAU_FUZZ_REPLAY=target:file)")
  func replay() throws {
    guard let spec = ProcessInfo.processInfo.environment["SAYLAU_FUZZ_REPLAY"],
      let colon = spec.firstIndex(of: ":"),
      let target = FuzzTarget(rawValue: String(spec[..<colon]))
    else { return }
    target.run(
      try [UInt8](Data(contentsOf: URL(fileURLWithPath: String(spec[spec.index(after: colon)...]))))
    )
  }

  @Test("the mutator is seeded: the same seed gives the same mutants")
  func mutatorIsSeeded() {
    var a = FuzzMutator(seed: 42, target: .protocolCSV)
    var b = FuzzMutator(seed: 42, target: .protocolCSV)
    let seed = FuzzTarget.protocolCSV.seeds[0]
    for _ in 0..<20 { #expect(a.mutate(seed) == b.mutate(seed)) }
  }
}
