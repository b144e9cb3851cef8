import Foundation
import SaylauTestSupport
import Testing

/// `saylau forensics` on a generated election with known answers gives the recall and false-positive
/// figures the documentation states (the Validation article of SaylauForensics): a clean election of 10,000
/// precincts, and the same election with 5 % of its precincts doctored.
@Suite("saylau forensics on elections with known answers")
struct ForensicsCLITests {
  /// One election's rates fall in these ranges (the 2.5–97.5 % range over the validation's elections, in
  /// the Validation article, widened to the nearest half percentage point).
  static let recallRange = 0.50...0.66
  static let falsePositiveMaximum = 0.0030
  static let cleanFlagMaximum = 0.0030

  static func directory() throws -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-forensics-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
  }

  struct Score {
    var recall: Double?
    var falsePositives: Double
  }

  static func score(_ dir: URL, doctored: Int) throws -> Score {
    let out = dir.appendingPathComponent("d\(doctored)")
    let g = try CLI.run([
      "forensics", "generate", "--seed", "1", "--precincts", "10000", "--doctored",
      String(doctored),
      "--out", out.path,
    ])
    #expect(g.status == 0, "\(g.stderr)")
    let r = try CLI.run([
      "forensics", out.appendingPathComponent("protocols.csv").path, "--election", "2023",
      "--districts", out.appendingPathComponent("districts.csv").path, "--known",
      out.appendingPathComponent("doctored.csv").path, "--simulations", "20", "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try r.json() as? [String: Any])
    let score = try #require(json["score"] as? [String: Any])
    let report = try #require(json["report"] as? [String: Any])
    #expect(report["synthetic"] as? Bool == true)
    let flaggedDoctored = score["flaggedDoctored"] as? Int ?? 0
    let doctoredCount = score["doctored"] as? Int ?? 0
    let flaggedClean = score["flaggedClean"] as? Int ?? 0
    let clean = score["clean"] as? Int ?? 1
    #expect(doctoredCount == doctored * 100)
    return Score(
      recall: doctoredCount > 0 ? Double(flaggedDoctored) / Double(doctoredCount) : nil,
      falsePositives: Double(flaggedClean) / Double(clean))
  }

  @Test("the clean election and the doctored one score as documented")
  func knownAnswers() throws {
    let dir = try Self.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let clean = try Self.score(dir, doctored: 0)
    #expect(clean.recall == nil)
    #expect(clean.falsePositives <= Self.cleanFlagMaximum, "clean: \(clean.falsePositives)")
    let doctored = try Self.score(dir, doctored: 5)
    let recall = try #require(doctored.recall)
    #expect(Self.recallRange.contains(recall), "recall \(recall)")
    #expect(doctored.falsePositives <= Self.falsePositiveMaximum, "\(doctored.falsePositives)")
  }

  @Test("text output names the flags, the tests and the SYNTHETIC mark; a static report is written")
  func text() throws {
    let dir = try Self.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let g = try CLI.run([
      "forensics", "generate", "--seed", "2", "--precincts", "800", "--doctored", "5", "--out",
      dir.path,
    ])
    #expect(g.status == 0)
    let report = dir.appendingPathComponent("site")
    let r = try CLI.run([
      "forensics", dir.appendingPathComponent("protocols.csv").path, "--election", "2023",
      "--simulations", "20", "--report", report.path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("SYNTHETIC DATA"))
    #expect(r.stdout.contains("Distribution tests, nationwide, list ballot (leader: amanat"))
    #expect(r.stdout.contains("integer-percent"))
    #expect(r.stdout.contains("outlier"))
    let files = try FileManager.default.contentsOfDirectory(atPath: report.path)
    #expect(files.contains("index.html") && files.contains("forensics-fingerprint-list.svg"))
    for f in files where f.hasSuffix(".svg") {
      let svg = try String(contentsOf: report.appendingPathComponent(f), encoding: .utf8)
      #expect(SVGInspector.parse(svg) != nil, "\(f)")
    }
    // Bad input is one line on stderr.
    let bad = try CLI.run([
      "forensics", dir.appendingPathComponent("protocols.csv").path, "--election", "2023",
      "--simulations", "0",
    ])
    #expect(bad.status == 1)
    #expect(bad.stderr.hasPrefix("Error: simulations must be 1 to 100000"))
    #expect(bad.stderr.split(separator: "\n").count == 1)
  }
}
