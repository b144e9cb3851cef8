import Foundation
import SaylauCore
import SaylauElections
import SaylauRegistry

/// Why an election's input named by a user (a file, a folder, a bundled id) cannot be used. `issues` holds
/// every problem of an invalid file, each with file, line and field; nothing was read or written.
public struct ElectionInputError: Error, Sendable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// A file that cannot be read or written.
    case file
    /// A definition, a count request or a candidate list with problems (see `issues`).
    case invalid
    /// Neither a file nor a bundled election.
    case unknown
    /// The bundled data itself is invalid.
    case dataset
    /// A file would be replaced.
    case exists
    /// A value out of its range.
    case value
  }

  public var kind: Kind
  public var message: String
  /// The problems of an invalid input, one line each.
  public var issues: [String]

  public init(_ kind: Kind, _ message: String, issues: [String] = []) {
    self.kind = kind
    self.message = message
    self.issues = issues
  }

  public var description: String { message }
}

/// Reading and writing what the user names: whole files, definitions (a file, its folder or a bundled
/// election's id), count requests and candidate lists; the one place faces that read files go through.
public enum ElectionInputs {
  /// Reads a whole regular file as bytes (straight into the array: no intermediate copy, which halves the
  /// peak memory of a 100 MB protocol file).
  /// - Throws: ``ElectionInputError`` (`file`) naming the path.
  public static func bytes(_ path: String) throws(ElectionInputError) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw ElectionInputError(
        .file, "\(path): cannot be read (\(String(cString: strerror(errno))))")
    }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
      throw ElectionInputError(.file, "\(path): not a regular file")
    }
    let size = Int(st.st_size)
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      var done = 0
      while done < size {
        let n = read(fd, buffer.baseAddress! + done, size - done)
        if n <= 0 {
          failed = n < 0
          break
        }
        done += n
      }
      count = done
    }
    if failed { throw ElectionInputError(.file, "\(path): read error") }
    return bytes
  }

  /// A definition named by `argument`: `election.json` (its CSV files next to it), its folder, or the id
  /// of a bundled election.
  /// - Throws: ``ElectionInputError``: `invalid` with every problem, `unknown`, `file` or `dataset`.
  public static func definition(_ argument: String) throws(ElectionInputError) -> LoadedDefinition {
    var isDirectory: ObjCBool = false
    var path = argument
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      path = (path as NSString).appendingPathComponent("election.json")
    }
    if FileManager.default.fileExists(atPath: path) {
      do {
        return try ElectionDefinition.read(try bytes(path), file: path, directory: folder(of: path))
      } catch let e as DefinitionErrors {
        throw ElectionInputError(
          .invalid, "\(e.issues.count) problem(s) in the definition \(path); nothing was read",
          issues: e.issues.map(\.description))
      } catch let e as ElectionInputError {
        throw e
      } catch {
        throw ElectionInputError(.file, "\(path): \(error)")
      }
    }
    do {
      return LoadedDefinition(
        definition: try BundledData.definition(argument), file: "bundled \(argument)")
    } catch let e as ElectionDataError {
      throw ElectionInputError(
        .unknown, "\(argument) is neither a definition file nor a bundled election: \(e)")
    } catch {
      throw ElectionInputError(.dataset, "the bundled dataset is invalid: \(error)")
    }
  }

  /// A count request (the body of `POST /api/v1/count`) read from a file; the definition's CSV files are
  /// next to it.
  /// - Throws: ``ElectionInputError`` (`invalid` with every problem, or `file`).
  public static func countRequest(_ path: String) throws(ElectionInputError) -> CountRequest {
    let bytes = try bytes(path)
    do {
      return try CountRequest.parse(bytes, name: path, directory: folder(of: path))
    } catch {
      throw ElectionInputError(
        .invalid, "\(error.issues.count) problem(s) in the count request \(path)",
        issues: error.issues.map(\.description))
    }
  }

  /// The constituency candidates of a candidate list file.
  /// - Throws: ``ElectionInputError`` (`invalid` with every problem, or `file`).
  public static func candidates(_ path: String) throws(ElectionInputError) -> CandidateList.Parsed {
    let bytes = try bytes(path)
    do {
      return try CandidateList.parse(bytes, file: path)
    } catch {
      throw ElectionInputError(
        .invalid,
        "\(error.issues.count) problem(s) in the candidate list \(path); nothing was imported",
        issues: error.issues.map(\.description))
    }
  }

  /// Writes a definition's files (`election.json`, and its CSV files with `csv`) into `folder`, created
  /// if needed; returns the paths written.
  /// - Throws: ``ElectionInputError``: `exists` (a file there and not `force`) before anything is
  ///   written, or `file`.
  public static func write(
    _ d: ElectionDefinition, csv: Bool, into folder: String, force: Bool
  ) throws(ElectionInputError) -> [String] {
    let files = d.files(csv: csv).map {
      ((folder as NSString).appendingPathComponent($0.name), $0.text)
    }
    for (path, _) in files where !force && FileManager.default.fileExists(atPath: path) {
      throw ElectionInputError(.exists, "\(path) exists")
    }
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw ElectionInputError(.file, "\(folder): cannot be created (\(error))")
    }
    for (path, text) in files {
      do { try OutputFile.write(Data(text.utf8), to: path) } catch {
        throw ElectionInputError(.file, error.description)
      }
    }
    return files.map(\.0)
  }

  /// A new definition, or a bundled one (`from`), with a SYNTHETIC precinct register of
  /// `syntheticPrecincts` stations per constituency when asked.
  /// - Throws: ``ElectionInputError``: an unknown election, a bad date, a register out of 1 to 10,000.
  public static func initial(
    from: String?, id: String?, chamber: String?, date: String?, title: String?,
    syntheticPrecincts: Int?, seed: UInt64
  ) throws(ElectionInputError) -> ElectionDefinition {
    var d: ElectionDefinition
    if let from {
      d = try definition(from).definition
    } else {
      guard let id, let chamber, let date else {
        throw ElectionInputError(
          .value,
          "a new election needs an id, a chamber and a date (or a bundled election to start from)")
      }
      guard let day = HistoricalDate(iso: date) else {
        throw ElectionInputError(.value, "'\(date)' is not a date of the form YYYY-MM-DD")
      }
      d = ElectionDefinition(id: id, chamber: chamber, title: title ?? id, date: day)
    }
    guard let n = syntheticPrecincts else { return d }
    guard (1...10_000).contains(n) else {
      throw ElectionInputError(
        .value, "a synthetic register has 1 to 10,000 stations per constituency, not \(n)")
    }
    let regime: Regime
    do {
      regime = try d.resolveRegime(in: try BundledData.regimes())
    } catch let e as DefinitionError {
      throw ElectionInputError(.invalid, e.description)
    } catch {
      throw ElectionInputError(.dataset, "the bundled dataset is invalid: \(error)")
    }
    d.precincts = d.syntheticPrecincts(regime: regime, perConstituency: n, seed: seed)
    d.precinctsSynthetic = true
    return d
  }

  /// Writes the rejected records of an import to `path`, never over one of `inputs` (the same file by
  /// device and inode, or the same path): to a temporary file next to it, renamed into place, so a failed
  /// write leaves nothing half done.
  /// - Throws: ``ElectionInputError`` (`exists` for an input file, `file`).
  public static func writeRejected(
    _ accepted: ProtocolImport.Accepted, to path: String, notOverwriting inputs: [String]
  ) throws(ElectionInputError) {
    do {
      try OutputFile.write(path, notOverwriting: inputs) { write in
        try accepted.writeRejected { write(Data($0)) }
      }
    } catch let e as OutputFileError {
      guard e.kind == .isInput else { throw ElectionInputError(.file, e.description) }
      throw ElectionInputError(
        .exists,
        "\(path) is one of the input files; give the rejected rows another file (nothing was written)"
      )
    } catch {
      throw ElectionInputError(.file, "\(path): \(error)")
    }
  }

  static func folder(of path: String) -> String {
    let f = (path as NSString).deletingLastPathComponent
    return f.isEmpty ? "." : f
  }
}

/// What `saylau protocols generate` wrote: a SYNTHETIC, seeded protocol set and its candidate list.
public struct SyntheticProtocolFiles: Encodable, Sendable {
  public var synthetic = true
  public var seed: UInt64
  public var stations: Int
  public var rows: Int
  public var protocols: String
  public var candidates: String

  /// Writes a SYNTHETIC protocol set for the constituencies of the bundled election `election` to
  /// `protocols` (two rows per station) and its candidate list to `candidates` (default: next to it,
  /// `.candidates.csv`); `progress` gets the stations written so far.
  /// - Throws: ``ElectionInputError``: stations out of 1 to 50,000,000, a file that cannot be written,
  ///   the bundled election.
  public init(
    election: String = "2023", seed: UInt64, stations: Int, protocols: String, candidates: String?,
    progress: (Int) -> Void = { _ in }
  ) throws(ElectionInputError) {
    guard (1...50_000_000).contains(stations) else {
      throw ElectionInputError(
        .value, "a synthetic set has 1 to 50,000,000 stations, not \(stations)")
    }
    let published: PublishedElection
    do {
      published = try BundledData.publishedElection(election)
    } catch {
      throw ElectionInputError(.dataset, "\(error)")
    }
    let generator = SyntheticProtocols(
      seed: seed, stations: stations, constituencies: published.regime.constituencySeats,
      parties: published.result?.listVote.parties ?? [])
    let base = protocols.hasSuffix(".csv") ? String(protocols.dropLast(4)) : protocols
    let candidates = candidates ?? base + ".candidates.csv"
    // Both files go through a temporary file renamed into place: an interrupted run leaves no half set.
    do {
      try OutputFile.write(protocols) { write in
        generator.writeCSV(chunk: { write(Data($0)) }, progress: progress)
      }
      try OutputFile.write(
        Data(generator.candidatesCSV().utf8), to: candidates, notOverwriting: [protocols])
    } catch { throw ElectionInputError(.file, "\(error)") }
    self.seed = seed
    self.stations = stations
    rows = 2 * stations
    self.protocols = protocols
    self.candidates = candidates
  }
}

extension BundledData {
  /// The constituency→region map of the constituency scheme used at an election held in `year` (empty when
  /// the registry has no scheme for that election).
  public static func regionOfConstituencies(electionYear year: Int) throws -> [Int: String] {
    let registry = try BundledData.registry()
    guard
      let scheme = registry.schemes.first(where: { $0.electionDays.contains { $0.year == year } })
    else { return [:] }
    var out: [Int: String] = [:]
    for c in registry.constituencies where c.schemeID == scheme.id {
      if let region = c.regionCode { out[c.number] = region }
    }
    return out
  }

  /// The count of protocols against a bundled election (`saylau tabulate`): its lists in the order that
  /// breaks ties, no published seats (the protocols are counted, not compared), the constituency candidates
  /// of `candidates` and the region of each constituency of its scheme.
  /// - Throws: ``ElectionInputError`` for an unreadable candidate list or bundled data.
  public static func protocolCount(
    _ published: PublishedElection, candidates: String?, whatIf: WhatIf,
    protocols: [ProtocolSource], round2: [ProtocolSource], acceptValid: Bool
  ) throws(ElectionInputError) -> DefinitionCount {
    var definition = ElectionDefinition(published: published)
    definition.result = nil
    if let candidates {
      let parsed = try ElectionInputs.candidates(candidates)
      definition.constituencyCandidates = parsed.candidates
      if parsed.synthetic { definition.synthetic = true }
    }
    do {
      var count = DefinitionCount(
        definition: definition, regimes: try regimes(), whatIf: whatIf, parties: try? parties(),
        protocols: protocols, round2: round2, acceptValid: acceptValid)
      count.regionOf = try regionOfConstituencies(electionYear: published.election.date.year)
      return count
    } catch {
      throw ElectionInputError(.dataset, "the bundled dataset is invalid: \(error)")
    }
  }
}

extension ElectionListing {
  /// Every bundled election, with whether its result is bundled.
  public static func bundled() throws -> [ElectionListing] {
    try BundledData.elections().elections.map { e in
      ElectionListing(e, hasResult: try BundledData.publishedElection(e.id).result != nil)
    }
  }
}
