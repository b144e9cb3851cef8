import Foundation
import SaylauTestSupport
import Testing

/// Issue 14's cases (the reliability review's commands), run through the built binary: each input that once
/// ended `saylau` by a signal, hung it, overwrote a file, was silently accepted or gave an unclear error is
/// now refused with one short, escaped line on stderr and exit status 1, within its bound.
@Suite("Hostile but honest input: no signal, no hang, no lost file", .serialized)
struct HostileInputCLITests {
  let dir: URL

  init() throws {
    dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-hostile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  }

  func file(_ name: String, _ text: String) throws -> String {
    try file(name, Array(text.utf8))
  }

  func file(_ name: String, _ bytes: [UInt8]) throws -> String {
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  /// Runs `arguments` and checks the refusal: exit 1 (a signal would give its number), a bounded stderr
  /// without raw control characters, within `seconds`.
  @discardableResult
  func refused(
    _ arguments: [String], within seconds: Double = 60, maximumStderr: Int = 4096,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> CLIResult {
    let started = Date()
    let r = try CLI.run(arguments)
    let elapsed = Date().timeIntervalSince(started)
    #expect(
      r.status == 1, "\(arguments): \(r.status) \(r.stderr.prefix(300))",
      sourceLocation: sourceLocation)
    #expect(!r.stderr.isEmpty, sourceLocation: sourceLocation)
    #expect(
      r.stderr.utf8.count <= maximumStderr, "\(r.stderr.utf8.count) bytes of stderr",
      sourceLocation: sourceLocation)
    #expect(
      !r.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" },
      "raw control characters on stderr", sourceLocation: sourceLocation)
    #expect(elapsed < seconds, "\(arguments) took \(elapsed) s", sourceLocation: sourceLocation)
    return r
  }

  /// A NetworkX graph: a path of `populations.count` nodes with a `CD` column (two districts, halves),
  /// edges listed from both ends unless `isolated` names a node with no neighbours at all.
  func pathGraph(_ populations: [Int], isolated: Int? = nil) throws -> String {
    let n = populations.count
    var nodes: [[String: Any]] = []
    var adjacency: [[[String: Any]]] = []
    for i in 0..<n {
      nodes.append(["id": "u\(i)", "population": populations[i], "CD": i < n / 2 ? 0 : 1])
      var next: [[String: Any]] = []
      if i != isolated {
        if i > 0 && i - 1 != isolated { next.append(["id": "u\(i - 1)"]) }
        if i + 1 < n && i + 1 != isolated { next.append(["id": "u\(i + 1)"]) }
      }
      adjacency.append(next)
    }
    let graph: [String: Any] = [
      "directed": false, "multigraph": false, "graph": [], "nodes": nodes, "adjacency": adjacency,
    ]
    return try file(
      "g\(UUID().uuidString.prefix(6)).json",
      Array(try JSONSerialization.data(withJSONObject: graph)))
  }

  // MARK: - Seven crashes

  @Test("apportion: populations, minimums and targets near Int64.max are errors, not traps")
  func apportionOverflows() throws {
    let pops = try file(
      "pops.csv", "name,population\nA,9223372036854775807\nB,9223372036854775807\n")
    try refused(["apportion", "--input", pops, "--seats", "10"])
    let mins = try file(
      "mins.csv", "name,population,minimum\nA,5,5000000000000000000\nB,2,5000000000000000000\n")
    try refused(["apportion", "--input", mins, "--seats", "10"])
    let targets = try file(
      "targets.csv", "name,population,target\nA,10,9223372036854775807\nB,2,1\n")
    try refused(["apportion", "--input", targets])
  }

  @Test(
    "plan check and ensemble: Int64-sized populations, an isolated node and a one-way edge are refused"
  )
  func graphCrashes() throws {
    let plan = try file("plan.csv", "unit,district\nu0,1\nu1,1\nu2,2\nu3,2\n")
    let huge = try pathGraph(Array(repeating: Int.max, count: 4))
    let checked = try CLI.run(["plan", "check", plan, "--graph", huge])
    #expect([0, 1].contains(checked.status), "a signal: \(checked.status) \(checked.stderr)")
    try refused([
      "ensemble", "--graph", huge, "--districts", "2", "--steps", "5", "--initial", "CD",
      "--out", dir.appendingPathComponent("e1").path, "--quiet",
    ])
    let isolated = try pathGraph([1, 1, 1, 1, 1, 1], isolated: 2)
    try refused([
      "ensemble", "--graph", isolated, "--districts", "2", "--steps", "5", "--initial", "CD",
      "--out", dir.appendingPathComponent("e2").path, "--quiet",
    ])
    // A one-way list: u3 names u2, u2 does not name u3 (edges were once taken from one end only).
    var graph =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: try pathGraph([1, 1, 1, 1, 1, 1]))))
      as! [String: Any]
    var adjacency = graph["adjacency"] as! [[[String: Any]]]
    adjacency[2] = adjacency[2].filter { $0["id"] as? String != "u3" }
    graph["adjacency"] = adjacency
    let oneWay = try file("oneway.json", Array(try JSONSerialization.data(withJSONObject: graph)))
    let r = try CLI.run([
      "ensemble", "--graph", oneWay, "--districts", "2", "--steps", "5", "--initial", "CD",
      "--out", dir.appendingPathComponent("e3").path, "--quiet",
    ])
    #expect([0, 1].contains(r.status), "a signal: \(r.status) \(r.stderr)")
  }

  @Test("a GeoJSON coordinate of 1e308 is refused with its place, not a Double-to-Int64 trap")
  func hugeCoordinate() throws {
    let geo = try file(
      "far.geojson",
      """
      {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "a", "population": 1}, "geometry": {"type": "Polygon",
         "coordinates": [[[0, 0], [1e308, 0], [1, 1], [0, 0]]]}}]}
      """)
    let r = try refused(["graph", "info", geo])
    #expect(r.stderr.contains("outside longitude"), "\(r.stderr)")
  }

  // MARK: - Hangs

  @Test(
    "apportion: a trillion seats is refused before work starts; a trillion-wide --range is scanned by intervals"
  )
  func apportionBounds() throws {
    let small = try file("small.csv", "name,population\nA,100\nB,50\n")
    try refused(
      ["apportion", "--input", small, "--seats", "1000000000000", "--method", "jefferson"],
      within: 20)
    // The scan of a trillion values is answered by intervals, not value by value (it once ran for ever).
    let targets = try file("t.csv", "name,population,target\nA,100,7\nB,50,3\n")
    let started = Date()
    let scan = try CLI.run([
      "apportion", "--input", targets, "--vary", "A", "--range", "1-1000000000000", "--method",
      "hamilton",
    ])
    #expect(scan.status == 0, "\(scan.stderr)")
    #expect(scan.stdout.contains("hamilton  93–149"), "\(scan.stdout)")
    #expect(Date().timeIntervalSince(started) < 20)
  }

  @Test("a polygon of 40,000 vertices: rook adjacency is indexed, not quadratic (57 s before)")
  func longPolygon() throws {
    // Two unit squares side by side; the left one's shared edge is cut into 40,000 vertices.
    let n = 40_000
    var ring = ["[0, 0]", "[1, 0]"]
    for k in 1..<n { ring.append("[1, \(Double(k) / Double(n))]") }
    ring += ["[1, 1]", "[0, 1]", "[0, 0]"]
    let geo = try file(
      "long.geojson",
      """
      {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "a", "population": 1}, "geometry": {"type": "Polygon",
         "coordinates": [[\(ring.joined(separator: ","))]]}},
        {"type": "Feature", "properties": {"id": "b", "population": 1}, "geometry": {"type": "Polygon",
         "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}}]}
      """)
    let started = Date()
    let r = try CLI.run(["graph", "info", geo, "--json", "--tolerance", "25"])
    #expect(r.status == 0, "\(r.stderr.prefix(300))")
    #expect(r.stdout.contains("\"edges\" : 1"), "\(r.stdout)")
    #expect(Date().timeIntervalSince(started) < 30)
  }

  @Test("a header of 300,000 columns: a capped issue list; a 5 MB line: a short escaped excerpt")
  func hugeHeaderAndLine() throws {
    let header = (0..<300_000).map { "c\($0)" }.joined(separator: ",")
    let wide = try file("wide.csv", header + "\n1\n")
    let r = try refused(
      ["tabulate", wide, "--election", "2023", "--import-only"], maximumStderr: 2 << 20)
    #expect(r.stderr.split(separator: "\n").count <= 10_010)
    let line = try file("line.csv", String(repeating: "A", count: 5 << 20))
    try refused(["tabulate", line, "--election", "2023", "--import-only"])
    try refused(["apportion", "--input", line, "--seats", "10"])
  }

  // MARK: - Nothing a user gave is overwritten

  @Test("graph convert and map refuse an output that is their input, by path or through a link")
  func outputsNeverReplaceInputs() throws {
    let graph = try pathGraph([1, 1, 1, 1])
    let before = try Data(contentsOf: URL(fileURLWithPath: graph))
    let link = dir.appendingPathComponent("link.json").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: graph)
    for out in [graph, link] {
      let r = try refused(["graph", "convert", graph, "--to", "csv", "--out", out])
      #expect(r.stderr.contains("nothing was written"))
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: graph)) == before)
    let ok = try CLI.run([
      "graph", "convert", graph, "--to", "csv", "--out", dir.appendingPathComponent("e.csv").path,
    ])
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(
      !(try FileManager.default.contentsOfDirectory(atPath: dir.path)).contains {
        $0.hasSuffix(".tmp")
      })
  }

  // MARK: - Silent acceptance and unclear errors

  /// A generated protocol file (SYNTHETIC) and its lines.
  func protocols() throws -> (path: String, lines: [String]) {
    let path = dir.appendingPathComponent("p.csv").path
    let g = try CLI.run(["protocols", "generate", "--seed", "1", "--stations", "3", "--out", path])
    #expect(g.status == 0, "\(g.stderr)")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return (path, text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init))
  }

  @Test(
    "a header-only file, invalid UTF-8 and a missing registered list's column are errors naming the place"
  )
  func silentAcceptance() throws {
    let (_, lines) = try protocols()
    let headerOnly = try file("header.csv", lines[0] + "\n")
    try refused(["tabulate", headerOnly, "--election", "2023", "--import-only"])
    var bad = Array((lines[0] + "\n" + lines[1] + "\n").utf8)
    let comma = bad.firstIndex(of: UInt8(ascii: "\n"))! + 1
    bad.insert(contentsOf: [0xFF, 0xFE], at: comma)  // inside the first row's precinct id
    let r = try refused([
      "tabulate", try file("utf8.csv", bad), "--election", "2023", "--import-only",
    ])
    #expect(r.stderr.contains("UTF-8"), "\(r.stderr)")
    // Without a registered list's column, its list rows are refused (as a missing JSON key is).
    let columns = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let dropped = try #require(columns.firstIndex(of: "baytaq"))
    let without = lines.map { line in
      var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      f.remove(at: dropped)
      return f.joined(separator: ",")
    }
    let m = try refused(
      [
        "tabulate", try file("m.csv", without.joined(separator: "\n") + "\n"), "--election", "2023",
      ],
      maximumStderr: 1 << 16)
    #expect(m.stderr.contains("baytaq"), "\(m.stderr.prefix(400))")
  }

  @Test(
    "JSON errors carry line and column; a newline in a string keeps the index; escapes are escaped")
  func clearErrors() throws {
    let broken = try file("broken.json", "{\"protocols\": [\n  {\"precinct\": \"1\",,}\n]}\n")
    let r = try refused(["tabulate", broken, "--election", "2023", "--import-only"])
    #expect(r.stderr.contains("broken.json:2:20: not valid JSON: expected a key"), "\(r.stderr)")
    // protocols[0]'s precinct holds two newlines; protocols[1] is the bad one, and is named so.
    func row(_ precinct: String, _ invalid: Int) -> String {
      """
      {"precinct": "\(precinct)", "constituency": 1, "ballot": "list", "votersOnList": 1000,
       "ballotsIssued": 600, "ballotsInBox": 600, "invalid": \(invalid), "againstAll": 20,
       "votes": {"amanat": 300, "auyl": 100, "respublica": 50, "ak_zhol": 40, "qhp": 30, "jsdp": 30, "baytaq": 30}}
      """
    }
    let shifted = try file(
      "shift.json", "{\"protocols\": [\(row("a\\nb\\nc", 0)), \(row("2", -1))]}")
    let s = try refused(["tabulate", shifted, "--election", "2023", "--import-only"])
    #expect(s.stderr.contains("protocols[1]"), "\(s.stderr)")
    #expect(!s.stderr.contains("protocols[3]"), "\(s.stderr)")
    let (_, lines) = try protocols()
    let escaped = lines[0].replacingOccurrences(
      of: "precinct", with: "precinct,\u{1B}]0;PWNED\u{07}\u{1B}[2J")
    try refused([
      "tabulate", try file("esc.csv", escaped + "\n" + lines[1] + "\n"), "--election", "2023",
      "--import-only",
    ])
  }
}
