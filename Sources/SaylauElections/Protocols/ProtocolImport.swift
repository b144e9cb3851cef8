import SaylauCore

/// Imports polling-station protocols: reads every source (CSV or JSON, see the ProtocolFormat article), checks
/// every protocol with ``ProtocolCheck``, finds duplicates and precincts that change constituency across all
/// the sources, and sums the accepted protocols per constituency and ballot type into ``BallotTally``s.
///
/// - All-or-nothing by default: any error refuses the whole import (``Refused``, with every issue).
///   With `acceptValid`, the valid protocols are kept and the rejected records are returned byte for byte
///   (re-read from the sources at the end: only their offsets are kept in memory).
/// - It streams: sources are read in windows of ``windowBytes``; a record may span windows but not exceed
///   ``maximumRecordBytes``. Memory depends on the number of precincts (the duplicate index), not on the size
///   of the files.
/// - With two ``threads``, the records of a window are read and checked in two halves in parallel; the
///   cross-record step and the sums then run in input order, so the result equals one thread's by
///   construction.
///
/// The accepted import gives the tallies, and can read its accepted protocols again, in order, for the store
/// (``Accepted/protocols()``).
public struct ProtocolImport: Sendable {
  public var schema: ProtocolSchema
  /// 1 or 2 threads for reading and checking CSV records.
  public var threads = 2
  /// The window in which a source is read.
  public var windowBytes = 1 << 20
  /// The longest record accepted; a longer one is rejected with an issue and skipped.
  public var maximumRecordBytes = 1 << 20
  /// How many issues (errors, and separately warnings) are kept; the rest are counted only.
  public var maximumIssues = 10_000
  /// The smallest run of records worth splitting between two threads.
  var parallelMinimumBytes = 1 << 20
  /// Precincts whose protocols are left out of the count because repeat voting replaced them (the
  /// territory's results were annulled, the review's S6): their records are read, counted in
  /// ``Accepted/replacedRows`` and neither accepted nor rejected.
  public var replacedPrecincts: Set<String> = []
  /// The only precincts this import may hold (the protocols of a repeat voting, which covers its territory
  /// only); `nil` for any.
  public var onlyPrecincts: Set<String>? = nil

  public init(schema: ProtocolSchema) {
    self.schema = schema
  }

  /// Thrown when the import is refused: every issue (up to the limit), and nothing imported.
  public struct Refused: Error, Sendable, CustomStringConvertible {
    /// The errors, in file and line order.
    public var issues: [ProtocolIssue]
    /// The warnings (lawful but notable), in file and line order.
    public var warnings: [ProtocolIssue]
    /// How many errors there were in all (``issues`` keeps at most the import's limit).
    public var errorCount: Int
    /// How many warnings there were in all.
    public var warningCount: Int
    public var rowsWithIssues: Int
    /// A source could not be read at all; accept-valid cannot help then.
    public var unreadableSource: Bool

    public var description: String {
      if unreadableSource, let first = issues.first { return "\(first); nothing was imported" }
      return "\(errorCount) problem(s) in \(rowsWithIssues) row(s); nothing was imported"
    }
  }

  /// A rejected record: where it is. Its bytes are read back from the source on demand.
  public struct RejectedRecord: Sendable, Hashable {
    public var file: String
    /// The 1-based physical line where the record starts (0 when not known).
    public var line: Int
    /// JSON: `protocols[i]`; `nil` for CSV.
    public var path: String?
    /// The record's bytes in its file, without its line terminator.
    public var byteRange: Range<Int>
    let source: Int
  }

  /// A rejected record with its bytes, exactly as they are in the file.
  public struct RejectedRow: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var path: String?
    public var bytes: [UInt8]
    /// The header line of its file (CSV), so a rejected-rows file can be written in the same format.
    public var header: [UInt8]
  }

  /// Imports `sources`.
  /// - Parameters:
  ///   - sources: the files, in order (duplicates are found across all of them).
  ///   - acceptValid: keep the valid protocols when some are rejected (otherwise any error refuses all).
  /// - Throws: ``Refused`` with every issue when anything is wrong and `acceptValid` is off, or when a source
  ///   cannot be read at all.
  public func run(_ sources: [ProtocolSource], acceptValid: Bool = false) throws(Refused)
    -> Accepted
  {
    var run = ImportRun(settings: self, sources: sources)
    run.readAll()
    return try run.finish(acceptValid: acceptValid)
  }
}

extension ProtocolImport {
  /// The outcome of an accepted import: the tallies, what was rejected and why, and access to the accepted
  /// protocols and the rejected records, which are read again from the sources.
  public struct Accepted: Sendable {
    public let schema: ProtocolSchema
    /// `constituencies[ballot][n]`: the tally of constituency `n` (0 where the election has none).
    public var constituencies: [BallotType: [Int: BallotTally]]
    public var acceptedRows: Int
    /// Non-blank vote counts over the accepted protocols (rows the store writes to its votes table).
    public var acceptedVotes: Int
    /// Errors of the rejected records, in file and line order (at most the import's limit).
    public var issues: [ProtocolIssue]
    public var warnings: [ProtocolIssue]
    public var errorCount: Int
    /// How many warnings there were in all (``warnings`` keeps at most the import's limit).
    public var warningCount: Int
    public var rowsWithIssues: Int
    public var synthetic: Bool
    /// Records of ``ProtocolImport/replacedPrecincts`` left out of the count.
    public var replacedRows: Int = 0
    public var files: [String]
    let sources: [ProtocolSource]
    let plans: [SourcePlan]
    let rejectedEntries: [RejectedEntry]
    let settings: ProtocolImport

    /// The rejected records, in file order.
    public var rejected: [RejectedRecord] {
      rejectedEntries.map { e in
        RejectedRecord(
          file: sources[e.source].name, line: e.line,
          path: e.index >= 0 ? "protocols[\(e.index)]" : nil,
          byteRange: e.start..<max(e.start, min(e.end, plans[e.source].size ?? e.end)),
          source: e.source)
      }
    }
  }

  /// What the import learnt about a source that the second pass needs.
  struct SourcePlan: Sendable {
    var format: ProtocolSource.Format
    /// CSV: the header's reader, when the header is usable.
    var csv: CSVProtocolReader?
    /// CSV: the header's bytes in the file.
    var header: Range<Int>?
    /// CSV: where the first record after the header starts, and its line.
    var bodyStart = 0
    var bodyLine = 1
    /// Every record of the source is rejected (bad header, unusable root).
    var allRejected = false
    var identity: SourceReader.FileIdentity?
    /// The file's size (for records running to the end of the file).
    var size: Int?
  }

  /// A rejected record in 40 bytes: the source, the byte range, the line and (JSON) the index.
  struct RejectedEntry: Sendable, Hashable {
    var source: Int
    var start: Int
    var end: Int
    var line: Int
    var index: Int
  }
}
