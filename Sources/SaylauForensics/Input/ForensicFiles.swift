import Foundation
import SaylauCore
import SaylauElections

/// The files of one forensic run and how to read them: protocol files (one import, duplicates across them
/// are errors), corrections applied in order (each replaces the protocols of its precincts and ballots,
/// which are kept as earlier versions), a precinct register, a candidate list and an answer key.
///
/// What `saylau forensics` and `saylau report --protocols` share: a face names the files, this reads and
/// analyses them.
public struct ForensicFiles: Sendable {
  public var protocols: [String]
  public var corrections: [String]
  /// A precinct register CSV (`precinct,district`): adds district results.
  public var districts: String?
  /// A constituency candidate list CSV (`constituency,position,name,nomination`).
  public var candidates: String?
  /// An answer key CSV (`precinct,doctoring`): the flags are scored against it.
  public var answerKey: String?
  /// Analyse the valid protocols even if some are rejected.
  public var acceptValid: Bool

  public init(
    protocols: [String], corrections: [String] = [], districts: String? = nil,
    candidates: String? = nil, answerKey: String? = nil, acceptValid: Bool = false
  ) {
    self.protocols = protocols
    self.corrections = corrections
    self.districts = districts
    self.candidates = candidates
    self.answerKey = answerKey
    self.acceptValid = acceptValid
  }

  /// The report of a run, its input, the records the import rejected (with `acceptValid`) and the score
  /// against the answer key when one was given.
  public struct Run: Sendable {
    public var input: ForensicInput
    public var report: ForensicReport
    public var rejected: [ProtocolIssue]
    public var score: FlagScore?

    /// What the run's JSON is: the report, or the report and its score when an answer key was given.
    public var json: any Encodable & Sendable {
      score.map { Scored(report: report, score: $0) } ?? report
    }
  }

  /// The report and the score together: the JSON of a scored run.
  public struct Scored: Encodable, Sendable {
    public var report: ForensicReport
    public var score: FlagScore
  }

  /// Reads the files and analyses them.
  /// - Parameters:
  ///   - schema: the election's parties and constituencies (the candidate list, when given, adds its
  ///     candidates).
  ///   - settings: thresholds, the seed and the number of simulations.
  ///   - regionOfConstituency: the region (a code) of each constituency number.
  /// - Throws: ``ForensicFilesError`` naming the file (and line and field where there is one).
  public func run(
    schema election: ProtocolSchema, settings: ForensicSettings,
    regionOfConstituency: [Int: String]
  ) throws(ForensicFilesError) -> Run {
    do {
      try ForensicSettingsError.check(settings)
    } catch {
      throw .settings(error)
    }
    var schema = election
    if let candidates {
      let bytes = try Self.bytes(candidates)
      do {
        let parsed = try CandidateList.parse(bytes, file: candidates)
        schema = ProtocolSchema(
          parties: election.parties, constituencyCount: election.constituencyCount,
          candidates: parsed.candidates,
          synthetic: parsed.synthetic)
      } catch {
        throw .candidates(file: candidates, error.issues)
      }
    }
    var history = ProtocolHistory()
    var rejected: [ProtocolIssue] = []
    for batch in [protocols] + corrections.map({ [$0] }) {
      history.record(try read(batch, schema: schema, rejected: &rejected))
    }
    let register = try districts.map { file throws(ForensicFilesError) in
      try Self.table(file, PrecinctTables.register)
    }
    let input = ForensicInput(
      schema: schema, protocols: history.protocols, earlierVersions: history.earlierVersions,
      regionOfConstituency: regionOfConstituency, districtOfPrecinct: register ?? [:])
    let report: ForensicReport
    do {
      report = try Forensics.analyse(input, settings: settings)
    } catch {
      throw .settings(error)
    }
    let score = try answerKey.map { file throws(ForensicFilesError) in
      FlagScore(
        report, doctored: try Self.table(file, PrecinctTables.answerKey),
        precincts: input.protocols.map(\.precinct))
    }
    return Run(input: input, report: report, rejected: rejected, score: score)
  }

  /// The accepted protocols of `files` (one import).
  func read(_ files: [String], schema: ProtocolSchema, rejected: inout [ProtocolIssue])
    throws(ForensicFilesError) -> [PollingStationProtocol]
  {
    let accepted: ProtocolImport.Accepted
    do {
      accepted = try ProtocolImport(schema: schema).run(
        files.map { ProtocolSource.file($0) }, acceptValid: acceptValid)
    } catch {
      throw .refused(error)
    }
    rejected += accepted.issues
    var stream = accepted.protocols()
    var out: [PollingStationProtocol] = []
    do {
      while case let batch = try stream.next(upTo: 10_000), !batch.isEmpty { out += batch }
    } catch {
      throw .unreadable(file: files.joined(separator: ", "), "\(error)")
    }
    return out
  }

  static func bytes(_ file: String) throws(ForensicFilesError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw .unreadable(file: file, "cannot be read")
    }
    return [UInt8](data)
  }

  static func table(
    _ file: String, _ parse: ([UInt8], String) throws(CSVError) -> [String: String]
  ) throws(ForensicFilesError) -> [String: String] {
    let bytes = try bytes(file)
    do {
      return try parse(bytes, file)
    } catch {
      throw .table(error)
    }
  }
}

/// Why a forensic run's files could not be read or analysed; nothing is analysed then.
public enum ForensicFilesError: Error, Sendable, CustomStringConvertible {
  /// The protocol import refused the files (every problem is in the value).
  case refused(ProtocolImport.Refused)
  /// The candidate list has problems (all of them).
  case candidates(file: String, [ProtocolIssue])
  /// A precinct register or answer key is not a valid table.
  case table(CSVError)
  /// A file cannot be read.
  case unreadable(file: String, String)
  /// A setting is out of range.
  case settings(ForensicSettingsError)

  public var description: String {
    switch self {
    case .refused(let r): return r.description
    case .candidates(let file, let issues):
      return "\(issues.count) problem(s) in the candidate list \(file)"
    case .table(let e): return e.description
    case .unreadable(let file, let why): return "\(file): \(why)"
    case .settings(let e): return e.description
    }
  }

  /// The problems behind the error, one a line, to show before it.
  public var details: [String] {
    if case .candidates(_, let issues) = self { return issues.map(\.description) }
    return []
  }
}
