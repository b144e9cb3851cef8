import ArgumentParser
import Foundation
import SaylauCluster
import SaylauDistricting

/// `--postgres URL --job ID`: the coordinating database and the job.
struct JobOptions: ParsableArguments {
  @Option(help: "PostgreSQL URL of the coordinating database.") var postgres: String
  @Option(help: "The job's name.") var job: String
  func open() async throws -> EnsembleCoordinator { try await openCoordinator(postgres) }
}

func openCoordinator(_ url: String) async throws -> EnsembleCoordinator {
  do { return try await EnsembleCoordinator.open(url: url) } catch { throw UserError("\(error)") }
}

struct EnsembleSubmit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "submit",
    abstract:
      "Store an ensemble in PostgreSQL for `saylau worker` processes to run (options of run).")
  @Option(help: "PostgreSQL URL of the coordinating database.") var postgres: String
  @Option(help: "The job's name (default: a new one, printed).") var job: String?
  @Option(help: "Steps a worker runs of a chain before letting it go (default 10 checkpoints).")
  var segmentSteps: Int?
  @Option(help: "Seconds a claim holds unrenewed (a dead worker's chain is resumed after it).")
  var lease = 30
  @OptionGroup var run: EnsembleRunCommand

  func run() async throws {
    let id = job ?? "job-" + UUID().uuidString.prefix(8).lowercased()
    let coordinator = try await openCoordinator(postgres)
    defer { Task { await coordinator.close() } }
    do {
      try await coordinator.submit(
        try EnsembleJob.reading(
          id: id, settings: run.ensembleSettings, basicMetrics: run.basic,
          segmentSteps: segmentSteps, leaseSeconds: lease, collectTo: run.out))
    } catch { throw UserError("\(error)") }
    print(id)
  }
}

struct EnsembleStatus: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "A distributed ensemble's progress: per chain, steps/s, ETA.")
  @OptionGroup var options: JobOptions
  @OptionGroup var output: OutputOptions

  func run() async throws {
    let coordinator = try await options.open()
    defer { Task { await coordinator.close() } }
    let s: EnsembleJobStatus
    do { s = try await coordinator.status(options.job) } catch { throw UserError("\(error)") }
    if output.json { return try printJSON(s) }
    let rate = s.stepsPerSecond.map { String(format: "%.0f steps/s", $0) } ?? "no recent steps"
    let eta = s.etaSeconds.map { String(format: ", ETA %.0f s", $0) } ?? ""
    print("\(s.job): \(s.state), \(s.stepsDone)/\(s.steps) steps, \(rate)\(eta)")
    for c in s.chains {
      let by = c.done ? "done" : c.worker.map { "running on \($0)" } ?? "waiting"
      print("  chain \(c.chain): \(c.step)/\(c.steps) \(by)")
    }
  }
}

struct EnsembleCollect: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "collect",
    abstract: "Write a finished distributed ensemble as the directory of a local run.")
  @OptionGroup var options: JobOptions
  @Option(help: "Output directory (default: the --out given to submit).") var out: String?

  func run() async throws {
    let coordinator = try await options.open()
    defer { Task { await coordinator.close() } }
    do {
      let job = try await coordinator.job(options.job)
      guard let path = out ?? job.collectTo else { throw UserError("give --out") }
      let directory = EnsembleDirectory(path: path)
      let settings = try await coordinator.collect(options.job, into: directory)
      let values = try directory.values(chains: settings.chains)
      try directory.write(EnsembleSummary(values: values))
      try writeHistograms(values, to: directory, prefix: "")
      print("Ensemble in \(path): \(settings.chains) chain(s) × \(settings.steps) steps")
    } catch let e as EnsembleError { throw userError(e) } catch { throw UserError("\(error)") }
  }
}

struct EnsembleCancel: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cancel",
    abstract: "Cancel a distributed ensemble (workers stop at their next block).")
  @OptionGroup var options: JobOptions

  func run() async throws {
    let coordinator = try await options.open()
    defer { Task { await coordinator.close() } }
    do { try await coordinator.cancel(options.job) } catch { throw UserError("\(error)") }
  }
}

struct EnsembleWorkerCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worker", abstract: "Run chain segments of the ensembles stored in PostgreSQL.")
  @Option(help: "PostgreSQL URL of the coordinating database.") var postgres: String
  @Option(help: "This worker's name (default: host and process id).") var name: String?
  @Flag(help: "Exit when no job has work left, instead of waiting for more.") var untilIdle = false

  func run() async throws {
    let coordinator = try await openCoordinator(postgres)
    defer { Task { await coordinator.close() } }
    let id =
      name ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    let worker = EnsembleWorker(
      coordinator: coordinator, options: .init(name: id, untilIdle: untilIdle))
    do { try printJSON(try await worker.run()) } catch { throw UserError("\(error)") }
  }
}
