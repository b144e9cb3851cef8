import ArgumentParser
import Foundation
import SaylauCluster
import SaylauDistricting
import SaylauReports

struct JobOptions: ParsableArguments {
  @Option(help: "PostgreSQL URL of the coordinating database.") var postgres: String
  @Option(help: "The job's name.") var job: String
}

/// Runs `body` with the coordinator of `url`; every library error becomes one line for the user.
func withCoordinator<T>(_ url: String, _ body: (EnsembleCoordinator) async throws -> T) async throws
  -> T
{
  do {
    let coordinator = try await EnsembleCoordinator.open(url: url)
    defer { Task { await coordinator.close() } }
    return try await body(coordinator)
  } catch let e as EnsembleError { throw userError(e) } catch let e as UserError { throw e } catch {
    throw UserError("\(error)")
  }
}

struct EnsembleSubmit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "submit",
    abstract: "Store an ensemble in PostgreSQL for `saylau worker` processes (options of run).")
  @Option(help: "PostgreSQL URL of the coordinating database.") var postgres: String
  @Option(help: "The job's name (default: a new one, printed).") var job: String?
  @Option(help: "Steps per claim of a chain (default 10 checkpoints).") var segmentSteps: Int?
  @Option(help: "Seconds a claim holds unrenewed (then another worker resumes it).") var lease = 30
  @OptionGroup var run: EnsembleRunCommand

  func run() async throws {
    let id = job ?? "job-" + UUID().uuidString.prefix(8).lowercased()
    let job = try EnsembleJob.reading(
      id: id, settings: try run.ensembleSettings(), basicMetrics: run.basic,
      segmentSteps: segmentSteps,
      leaseSeconds: lease, collectTo: run.options.out)
    try await withCoordinator(postgres) { try await $0.submit(job) }
    print(id)
  }
}

struct EnsembleStatus: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "A distributed ensemble's progress: per chain, steps/s, ETA.")
  @OptionGroup var options: JobOptions
  @OptionGroup var output: OutputOptions

  func run() async throws {
    let status = try await withCoordinator(options.postgres) { try await $0.status(options.job) }
    if output.json { try printJSON(status) } else { print(status.text) }
  }
}

struct EnsembleCollect: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "collect",
    abstract: "Write a finished distributed ensemble as a local run's folder.")
  @OptionGroup var options: JobOptions
  @Option(help: "Output directory (default: the --out given to submit).") var out: String?

  func run() async throws {
    try await withCoordinator(options.postgres) { coordinator in
      var path = out
      if path == nil { path = try await coordinator.job(options.job).collectTo }
      guard let path else { throw UserError("give --out") }
      let directory = EnsembleDirectory(path: path)
      let settings = try await coordinator.collect(options.job, into: directory)
      try EnsembleFigures.write(directory, summary: try directory.summary())
      print("Ensemble in \(path): \(settings.chains) chain(s) × \(settings.steps) steps")
    }
  }
}

struct EnsembleCancel: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cancel",
    abstract: "Cancel a distributed ensemble (workers stop at their next block).")
  @OptionGroup var options: JobOptions
  func run() async throws {
    try await withCoordinator(options.postgres) { try await $0.cancel(options.job) }
  }
}

struct EnsembleWorkerCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worker", abstract: "Run chain segments of the ensembles stored in PostgreSQL.")
  @Option(help: "PostgreSQL URL of the coordinating database.") var postgres: String
  @Option(help: "This worker's name (default: host and process id).") var name: String?
  @Flag(help: "Exit when no job has work left, instead of waiting for more.") var untilIdle = false

  func run() async throws {
    let me = name ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
    let options = EnsembleWorker.Options(name: me, untilIdle: untilIdle)
    try printJSON(
      try await withCoordinator(postgres) {
        try await EnsembleWorker(coordinator: $0, options: options).run()
      })
  }
}
