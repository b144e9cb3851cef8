import Foundation
import SaylauTestSupport
import Testing

/// End-to-end tests of `saylau report`, `saylau diagram` and `saylau map`, running the built binary.
@Suite struct ReportsCLITests {
  static func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-reports-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func reportWritesTheSite() throws {
    let dir = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let site = dir.appendingPathComponent("site")
    let result = try CLI.run(["report", "--election", "2023", "--out", site.path, "--json"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try result.json() as? [String: Any])
    let files = try #require(json["files"] as? [String])
    #expect(
      files.contains("index.html") && files.contains("style.css")
        && files.contains("mazhilis-2023.html"))
    #expect(files.filter { $0.hasPrefix("constituency-") && $0.hasSuffix(".html") }.count == 29)
    for file in files {
      #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(file).path))
    }
    #expect(result.stderr.contains("rendering"))  // progress on stderr
  }

  @Test func diagramAndMap() throws {
    let dir = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let diagram = dir.appendingPathComponent("d.svg")
    let d = try CLI.run(["diagram", "--election", "2023", "--out", diagram.path, "--json"])
    #expect(d.status == 0, "\(d.stderr)")
    let summary = try #require(try d.json() as? [String: Any])
    #expect(summary["total"] as? Int == 98)
    let svg = try String(contentsOf: diagram, encoding: .utf8)
    #expect(svg.components(separatedBy: "class=\"seat\"").count - 1 == 98)

    for by in ["winner", "turnout", "region"] {
      let map = dir.appendingPathComponent("\(by).svg")
      let m = try CLI.run(["map", "--election", "2023", "--by", by, "--out", map.path])
      #expect(m.status == 0, "\(m.stderr)")
      let text = try String(contentsOf: map, encoding: .utf8)
      #expect(text.components(separatedBy: "class=\"constituency\"").count - 1 == 29)
    }
  }

  @Test func badInputIsOneLineAndWritesNothing() throws {
    let dir = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("x.svg")
    let values = dir.appendingPathComponent("v.csv")
    try Data("number,score\n3,1.5\n12,abc\n".utf8).write(to: values)
    let cases: [([String], String)] = [
      (
        ["map", "--election", "2023", "--by", "colour", "--out", out.path],
        "--by 'colour' is not one of"
      ),
      (
        ["map", "--election", "2021", "--by", "winner", "--out", out.path],
        "no single-mandate constituencies"
      ),
      (
        [
          "map", "--election", "2023", "--by", "column", "--values", values.path, "--out", out.path,
        ],
        "v.csv:3: field 'score': 'abc' is not a number"
      ),
      (["diagram", "--election", "2004", "--out", out.path], "are not known"),
      (["diagram", "--election", "1990", "--out", out.path], "no bundled results for 1990"),
    ]
    for (arguments, message) in cases {
      let r = try CLI.run(arguments)
      #expect(r.status == 1, "\(arguments)")
      #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
      #expect(!r.stderr.contains("Fatal error") && r.stderr.split(separator: "\n").count == 1)
      #expect(!FileManager.default.fileExists(atPath: out.path))
    }
  }

  /// Two processes (each with its own random hash seed, so any dependence on dictionary order would show)
  /// write byte-identical pictures.
  @Test func picturesAreByteIdenticalAcrossRuns() throws {
    let dir = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    for (command, extra) in [
      ("map", ["--by", "region"]), ("map", ["--by", "winner"]), ("diagram", []),
    ] {
      var outputs: [Data] = []
      for run in 0..<2 {
        let file = dir.appendingPathComponent("\(command)-\(run).svg")
        let r = try CLI.run([command, "--election", "2023", "--out", file.path] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        outputs.append(try Data(contentsOf: file))
      }
      #expect(outputs[0] == outputs[1], "\(command) \(extra)")
    }
  }
}
