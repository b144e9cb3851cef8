import Foundation
import SaylauData
import SaylauDistricting

/// What a distributed ensemble is: the settings of a local run, the graph itself (a worker on another
/// machine need not have the file), and how the work is cut up.
public struct EnsembleJob: Sendable, Equatable {
  /// The job's name, unique in the database.
  public var id: String
  public var settings: EnsembleSettings
  /// The graph file's text, when `settings.graph` is a file rather than a bundled graph.
  public var graphFile: String?
  /// Record only cut edges and deviation (as the local run's `basicMetrics`).
  public var basicMetrics: Bool
  /// Steps a worker runs of a chain before it lets the chain go (a multiple of `checkpointEvery`).
  public var segmentSteps: Int
  /// How long a claim holds without being renewed: a worker that dies loses its chain after this.
  public var leaseSeconds: Int
  /// Where `collect` writes when it is given no directory.
  public var collectTo: String?

  /// - Parameters:
  ///   - id: the job's name.
  ///   - settings: the run's settings (as `settings.json` of a local run).
  ///   - graphFile: the graph's text when the settings name a file; `nil` for a bundled graph.
  ///   - basicMetrics: record only cut edges and deviation.
  ///   - segmentSteps: steps per claim; `nil` = ten checkpoints.
  ///   - leaseSeconds: how long a claim lasts unrenewed.
  ///   - collectTo: the default directory of `collect`.
  public init(
    id: String, settings: EnsembleSettings, graphFile: String?, basicMetrics: Bool = false,
    segmentSteps: Int? = nil, leaseSeconds: Int = 30, collectTo: String? = nil
  ) {
    self.id = id
    self.settings = settings
    self.graphFile = graphFile
    self.basicMetrics = basicMetrics
    self.segmentSteps = segmentSteps ?? settings.checkpointEvery * 10
    self.leaseSeconds = leaseSeconds
    self.collectTo = collectTo
  }

  /// A job for `settings`, reading the graph file it names (unless it is the bundled graph).
  /// - Throws: ``ClusterError/invalidJob(_:)`` for settings or a cut that cannot be used, or a graph file
  ///   that cannot be read.
  public static func reading(
    id: String, settings: EnsembleSettings, basicMetrics: Bool = false, segmentSteps: Int? = nil,
    leaseSeconds: Int = 30, collectTo: String? = nil
  ) throws(ClusterError) -> EnsembleJob {
    var text: String? = nil
    if settings.graph != KazakhstanPlanChecker.graphName {
      do { text = try String(contentsOfFile: settings.graph, encoding: .utf8) } catch {
        throw .invalidJob("\(settings.graph): cannot read the graph file")
      }
    }
    let job = EnsembleJob(
      id: id, settings: settings, graphFile: text, basicMetrics: basicMetrics,
      segmentSteps: segmentSteps, leaseSeconds: leaseSeconds, collectTo: collectTo)
    try job.validate()
    return job
  }

  /// Checks the settings, the cut and the lease.
  /// - Throws: ``ClusterError/invalidJob(_:)``.
  public func validate() throws(ClusterError) {
    do { try settings.validate() } catch { throw .invalidJob(error.description) }
    guard !id.isEmpty, id.utf8.count <= 64,
      id.unicodeScalars.allSatisfy({
        CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)
      })
    else {
      throw .invalidJob("job '\(id)': a name of letters, digits, '-', '_' and '.' (at most 64)")
    }
    guard segmentSteps >= 1, segmentSteps % settings.checkpointEvery == 0 else {
      throw .invalidJob(
        "segments of \(segmentSteps) steps: must be a positive multiple of the \(settings.checkpointEvery) steps between checkpoints"
      )
    }
    guard leaseSeconds >= 1 else { throw .invalidJob("a lease of \(leaseSeconds) s is too short") }
  }

  /// The run the workers execute: the graph (from the job's text, or the bundled one) and the chain.
  /// - Throws: ``ClusterError/invalidJob(_:)`` when the graph or the settings cannot be used.
  public func ensembleRun() throws(ClusterError) -> EnsembleRun {
    let graph: UnitGraph
    if let graphFile {
      // The reader takes a path: the text goes to a private file named as the original (the extension
      // says which format it is).
      let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
        "saylau-job-\(UUID().uuidString)")
      defer { try? FileManager.default.removeItem(at: dir) }
      let file = dir.appendingPathComponent(URL(fileURLWithPath: settings.graph).lastPathComponent)
      do {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(graphFile.utf8).write(to: file)
        graph = try BundledData.graph(file.path).map.graph
      } catch {
        throw .invalidJob("job '\(id)': the graph cannot be read (\(error))")
      }
    } else {
      do { graph = try BundledData.graph(settings.graph).map.graph } catch {
        throw .invalidJob("job '\(id)': the bundled graph cannot be read (\(error))")
      }
    }
    do {
      return try EnsembleRun(settings: settings, graph: graph, basicMetrics: basicMetrics)
    } catch {
      throw .invalidJob("job '\(id)': \(error.description)")
    }
  }
}

/// Why a distributed ensemble cannot be submitted, run, reported or collected.
public enum ClusterError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The job's settings, graph or cut cannot be used.
  case invalidJob(String)
  /// The job already exists.
  case jobExists(String)
  /// No job of that name.
  case noSuchJob(String)
  /// Collecting a job whose chains are not all finished.
  case unfinished(job: String, chains: Int)
  /// The job was cancelled.
  case cancelled(String)
  /// The coordinating database failed (after retrying, where retrying makes sense).
  case database(String)
  /// The ensemble directory could not be written.
  case ensemble(EnsembleError)

  public var description: String {
    switch self {
    case .invalidJob(let m): return m
    case .jobExists(let id): return "job '\(id)' already exists"
    case .noSuchJob(let id): return "no job '\(id)'"
    case .unfinished(let id, let n): return "job '\(id)': \(n) chain(s) not finished yet"
    case .cancelled(let id): return "job '\(id)' was cancelled"
    case .database(let m): return m
    case .ensemble(let e): return e.description
    }
  }
}
