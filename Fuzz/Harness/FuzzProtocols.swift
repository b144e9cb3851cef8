import SaylauCore
import SaylauElections

/// The protocol readers through ``ProtocolImport``, the one entry of every face.
enum FuzzProtocols {
  /// A small election: the seeds' parties, 29 constituencies, the seeds' candidates.
  static let parties: [ListVote.Party] = [
    .init(code: "amanat", name: "Amanat", votes: 0), .init(code: "auyl", name: "Auyl", votes: 0),
    .init(code: "respublica", name: "Respublica", votes: 0),
    .init(code: "baytaq", name: "Baytaq", votes: 0),
  ]
  static let generator = SyntheticProtocols(seed: 7, stations: 3, parties: parties)
  static let schemas: [ProtocolSchema] = [
    ProtocolSchema(parties: parties, constituencyCount: 29),
    ProtocolSchema(parties: parties, constituencyCount: 29, candidates: generator.candidates()),
    ProtocolSchema(parties: parties, constituencyCount: 0),
  ]

  static func run(_ bytes: [UInt8], format: ProtocolSource.Format) {
    // The input's length picks the settings, so every setting meets every kind of input.
    let k = bytes.count
    var settings = ProtocolImport(schema: schemas[k % schemas.count])
    settings.threads = 1 + (k / 3) % 2
    if k % 5 == 1 {
      // Small windows and a small record cap: records cut by windows and refused for length.
      settings.windowBytes = 64
      settings.maximumRecordBytes = 256
    }
    settings.maximumIssues = 50
    let accept = k % 2 == 0
    let source = ProtocolSource.bytes(bytes, name: "fuzz.\(format.rawValue)", format: format)
    do {
      let accepted = try settings.run([source], acceptValid: accept)
      for issue in accepted.issues + accepted.warnings {
        FuzzCheck.message(issue.description, "issue")
      }
      guard accepted.issues.count <= settings.maximumIssues else {
        fatalError("issues beyond the cap")
      }
      // The rejected records are the input's own bytes.
      if let rows = try? accepted.rejectedRows() {
        for row in rows where !contains(bytes, row.bytes) {
          fatalError("a rejected row that is not in the input")
        }
      }
      // The accepted protocols can be read again, as the store does.
      var stream = accepted.protocols()
      var again = 0
      while let batch = try? stream.next(upTo: 64), !batch.isEmpty { again += batch.count }
      if again != accepted.acceptedRows {
        fatalError(
          "read \(again) accepted protocols again, the import accepted \(accepted.acceptedRows)")
      }
    } catch {
      for issue in error.issues + error.warnings { FuzzCheck.message(issue.description, "issue") }
      FuzzCheck.message(error.description, "refusal")
      guard error.issues.count <= settings.maximumIssues else {
        fatalError("issues beyond the cap")
      }
    }
    // The whole-buffer readers of tests and small uploads.
    let schema = settings.schema
    let read =
      format == .csv
      ? CSVProtocolReader.records(in: bytes, file: "fuzz.csv", schema: schema).records
      : JSONProtocolReader.records(in: bytes, file: "fuzz.json", schema: schema).records
    for r in read.prefix(50) {
      for issue in r.issues(schema: schema) { FuzzCheck.message(issue.description, "record issue") }
    }
  }

  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    if needle.isEmpty { return true }
    guard needle.count <= haystack.count else { return false }
    let first = needle[0]
    var i = 0
    while i + needle.count <= haystack.count {
      if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) {
        return true
      }
      i += 1
    }
    return false
  }
}
