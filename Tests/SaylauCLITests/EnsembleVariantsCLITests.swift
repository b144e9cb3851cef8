import Foundation
import SaylauCore
import SaylauData
import SaylauTestSupport
import Testing

/// `saylau ensemble` with its variants, diagnostics and plan store, `ensemble validate` and
/// `ensemble kazakhstan`, run as a user would.
@Suite struct EnsembleVariantsCLITests {
  func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-cli-ens-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// An 8×8 grid in NetworkX JSON, one person per cell, a `county` of 4×4 cells.
  func grid(at url: URL) throws {
    try GridGraph.write(side: 8, to: url) { i, j in ["county": "c\(i / 4)\(j / 4)"] }
  }

  @Test func aRegionAwareRunHasDiagnosticsATracePlotAndItsPlans() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let graph = dir.appendingPathComponent("grid.json")
    try grid(at: graph)
    let out = dir.appendingPathComponent("e")
    let r = try CLI.run([
      "ensemble", "--graph", graph.path, "--districts", "4", "--steps", "60", "--seed", "3",
      "--epsilon", "0.1", "--chains", "2", "--variant", "region-aware", "--region-surcharge",
      "county=1", "--split-column", "county", "--checkpoint-every", "20", "--quiet", "--out",
      out.path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("R-hat"))
    #expect(r.stdout.contains("bytes per plan"))
    let summary = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: out.appendingPathComponent("summary.json")))
        as? [String: Any])
    let diagnostics = try #require(summary["diagnostics"] as? [String: Any])
    #expect(diagnostics["acceptanceRate"] as? Double == 1)
    #expect(
      (diagnostics["statistics"] as? [[String: Any]])?.contains {
        $0["statistic"] as? String == "splits"
      } == true)
    #expect(summary["variant"] as? String == "recom random-mst region-preferred county=1.0")
    let trace = try String(contentsOf: out.appendingPathComponent("trace.svg"), encoding: .utf8)
    #expect(trace.hasPrefix("<svg") && trace.contains("polyline"))
    #expect(
      FileManager.default.fileExists(atPath: out.appendingPathComponent("chain-001.plans").path))
    // Compare reads the stored plans: splits of a column the run did not record are counted.
    let plan = dir.appendingPathComponent("plan.csv")
    var csv = "unit,district\n"
    for i in 0..<64 { csv += "\(i),\((i / 8) / 4 * 2 + (i % 8) / 4)\n" }
    try csv.write(to: plan, atomically: true, encoding: .utf8)
    let c = try CLI.run(["ensemble", "compare", plan.path, "--ensemble", out.path])
    #expect(c.status == 0, "\(c.stderr)")
    #expect(c.stdout.contains("Among the 120 stored plans"), "\(c.stdout)")
    #expect(c.stdout.contains("splits: 0.0000"), "\(c.stdout)")
    // A variant that needs a layer, without one: one line on stderr, exit 1.
    let bad = try CLI.run([
      "ensemble", "--graph", graph.path, "--districts", "4", "--steps", "5", "--variant",
      "region-aware", "--out", dir.appendingPathComponent("bad").path,
    ])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("--region-surcharge"))
  }

  @Test func reversibleReComReportsItsSelfLoops() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let graph = dir.appendingPathComponent("grid.json")
    try grid(at: graph)
    let r = try CLI.run([
      "ensemble", "--graph", graph.path, "--districts", "2", "--steps", "300", "--seed", "3",
      "--epsilon", "0.1", "--variant", "reversible", "--balance-bound", "20", "--quiet", "--json",
      "--out", dir.appendingPathComponent("e").path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try r.json() as? [String: Any])
    let d = try #require(json["diagnostics"] as? [String: Any])
    #expect((d["acceptanceRate"] as? Double ?? 1) < 1)
    #expect((d["selfLoopRate"] as? Double ?? 0) > 0)
  }

  @Test func validateComparesWithTheExactDistribution() throws {
    let r = try CLI.run([
      "ensemble", "validate", "--grid", "4x4", "--districts", "4", "--steps", "20000", "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try r.json() as? [String: Any])
    #expect(json["plans"] as? Int == 117)
    #expect(json["passed"] as? Bool == true)
    let text = try CLI.run([
      "ensemble", "validate", "--grid", "4x4", "--districts", "4", "--steps", "20000", "--variant",
      "reversible", "--balance-bound", "1",
    ])
    #expect(text.stdout.contains("agrees within sampling error"), "\(text.stdout)")
    let wrong = try CLI.run(["ensemble", "validate", "--grid", "9x9"])
    #expect(wrong.status == 1)
  }

  /// The Kazakhstan ensemble from a generated table marked SYNTHETIC: every output says so.
  @Test func kazakhstanFromASyntheticTable() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let registry = try BundledData.registry()
    let units = try KazakhstanEnsemble.units(scheme: "2023", registry: registry)
    var g = SeededGenerator(seed: 11)
    var csv = "unit,population,date,source\n"
    for u in units {
      csv +=
        "\(u),\(90_000 + g.next(below: 20_000)),2023-01-01,SYNTHETIC: generated by the CLI tests\n"
    }
    let table = dir.appendingPathComponent("counts.csv")
    try csv.write(to: table, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("kz")
    let r = try CLI.run([
      "ensemble", "kazakhstan", "--table", table.path, "--steps", "20", "--chains", "1",
      "--epsilon", "0.5", "--checkpoint-every", "10", "--quiet", "--out", out.path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("SYNTHETIC"))
    #expect(r.stdout.contains("shymkent.al_farabi wholly in No. 6"))
    #expect(r.stdout.contains("shymkent.al_farabi wholly in No. 7"))
    #expect(r.stdout.contains("NOT contiguous: 19, 27"))
    let report = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: out.appendingPathComponent("kazakhstan.json")))
        as? [String: Any])
    #expect(report["synthetic"] as? Bool == true)
    #expect((report["placements"] as? [[String: Any]])?.count == 2)
    // The directory holds its graph: `ensemble compare` works on it.
    let c = try CLI.run(["ensemble", "compare", "column:region_code", "--ensemble", out.path])
    #expect(c.status != 0)  // 20 regions are not 29 districts: refused with a message
    #expect(c.stderr.contains("districts"), "\(c.stderr)")
    // A table that misses a unit is refused, naming it.
    let missing = dir.appendingPathComponent("missing.csv")
    try csv.split(separator: "\n").filter { !$0.hasPrefix("shymkent.turan") }.joined(
      separator: "\n"
    )
    .write(to: missing, atomically: true, encoding: .utf8)
    let m = try CLI.run([
      "ensemble", "kazakhstan", "--table", missing.path, "--steps", "5", "--out",
      dir.appendingPathComponent("m").path,
    ])
    #expect(m.status == 1)
    #expect(m.stderr.contains("shymkent.turan"), "\(m.stderr)")
  }
}
