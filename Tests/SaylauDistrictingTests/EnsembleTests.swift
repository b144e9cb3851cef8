import Foundation
import SaylauCore
import Testing

@testable import SaylauDistricting

/// The ensemble format (records, settings, checkpoints, resume) and the plan file.
@Suite struct EnsembleTests {
  func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-ensemble-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  func settings(steps: Int = 60, chains: Int = 2) -> EnsembleSettings {
    EnsembleSettings(
      graph: "grid", districts: 4, steps: steps, seed: 9, epsilon: "0.1", chains: chains,
      weight: "population", checkpointEvery: 20)
  }

  func run(_ settings: EnsembleSettings, in dir: URL, resume: Bool = false) throws {
    let ensemble = try EnsembleRun(settings: settings, graph: gridGraph(8, 8))
    let directory = EnsembleDirectory(url: dir)
    try directory.prepare(for: settings, resume: resume)
    try ensemble.run(
      in: directory, resume: resume, threads: 2, progress: EnsembleProgress(),
      resumed: EnsembleProgress())
  }

  @Test func aRecordLineIsFixedAndReadsBack() throws {
    let r = StepRecord(
      chain: 1, step: 2, cutEdges: 30, maxDeviation: 0, polsbyPopperMean: 0.25, splits: 3, trees: 4)
    #expect(
      r.jsonLine
        == #"{"chain":1,"step":2,"cut_edges":30,"max_deviation":0.0,"polsby_popper_mean":0.25,"splits":3,"trees":4}"#
    )
    #expect(try JSONDecoder().decode(StepRecord.self, from: Data(r.jsonLine.utf8)) == r)
    let odd = StepRecord(
      chain: 0, step: 1, cutEdges: 1, maxDeviation: 0.1 + 0.2, polsbyPopperMin: 1e-7)
    #expect(try JSONDecoder().decode(StepRecord.self, from: Data(odd.jsonLine.utf8)) == odd)
  }

  /// An interrupted run (records past the last checkpoint, half a line) resumes to the same bytes as an
  /// uninterrupted one; a broken record before the checkpoint or a missing file is an error, not a fresh
  /// start.
  @Test func resumeGivesTheBytesOfAnUninterruptedRun() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let whole = dir.appendingPathComponent("whole")
    let cut = dir.appendingPathComponent("cut")
    try run(settings(), in: whole)
    // The interrupted run: 40 steps with checkpoints at 20 and 40, then a half-written line.
    var short = settings()
    short.steps = 40
    try run(short, in: cut)
    let records = EnsembleDirectory(url: cut).recordsURL(chain: 0)
    var text = try String(contentsOf: records, encoding: .utf8)
    text += #"{"chain":0,"step":41,"cut_ed"#
    try text.write(to: records, atomically: true, encoding: .utf8)
    try Data(JSONEncoder().encode(settings())).write(to: EnsembleDirectory(url: cut).settingsURL)
    #expect(throws: EnsembleError.alreadyExists(directory: cut.path)) {
      try run(settings(), in: cut)
    }
    var other = settings()
    other.seed = 10
    #expect(throws: EnsembleError.settingsDiffer(directory: cut.path)) {
      try run(other, in: cut, resume: true)
    }
    try run(settings(), in: cut, resume: true)
    for c in 0..<2 {
      let a = try Data(contentsOf: EnsembleDirectory(url: whole).recordsURL(chain: c))
      let b = try Data(contentsOf: EnsembleDirectory(url: cut).recordsURL(chain: c))
      #expect(a == b)
      #expect(
        try Data(contentsOf: EnsembleDirectory(url: whole).checkpointURL(chain: c))
          == Data(contentsOf: EnsembleDirectory(url: cut).checkpointURL(chain: c)))
    }
    // A broken record before the checkpoint.
    let lines = try String(contentsOf: records, encoding: .utf8).split(separator: "\n")
    var broken = lines.map(String.init)
    broken[3] = "{not a record"
    try (broken.joined(separator: "\n") + "\n").write(
      to: records, atomically: true, encoding: .utf8)
    #expect(throws: EnsembleError.corruptRecord(path: records.path, line: 4)) {
      try run(settings(), in: cut, resume: true)
    }
    // Records missing before the checkpoint.
    try (lines.prefix(10).joined(separator: "\n") + "\n").write(
      to: records, atomically: true, encoding: .utf8)
    #expect(
      throws: EnsembleError.missingRecords(path: records.path, checkpointStep: 60, found: 10)
    ) { try run(settings(), in: cut, resume: true) }
    // No records at all.
    try FileManager.default.removeItem(at: records)
    #expect(throws: EnsembleError.self) { try run(settings(), in: cut, resume: true) }
  }

  @Test func anEditedSettingsFileIsAnErrorNotACrash() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    try run(settings(steps: 20), in: dir)
    let directory = EnsembleDirectory(url: dir)
    var text = try String(contentsOf: directory.settingsURL, encoding: .utf8)
    text = text.replacingOccurrences(of: #""epsilon" : "0.1""#, with: #""epsilon" : "ten percent""#)
    try text.write(to: directory.settingsURL, atomically: true, encoding: .utf8)
    #expect(
      throws: EnsembleError.invalidSetting(
        field: "epsilon", value: "ten percent",
        reason: "not a decimal in [0, 1) with at most 12 decimals")
    ) { try directory.settings() }
    #expect(throws: EnsembleError.self) {
      try directory.place(
        DistrictPlan(column: "population", of: gridGraph(8, 8)), graph: gridGraph(8, 8))
    }
    let missing = EnsembleDirectory(url: dir.appendingPathComponent("none"))
    #expect(throws: EnsembleError.notAnEnsemble(directory: missing.url.path)) {
      try missing.settings()
    }
  }

  @Test func aPlanIsPlacedAmongTheEnsemblesPlans() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    try run(settings(), in: dir)
    let g = gridGraph(8, 8)
    // Four quadrants: short borders, so few cut edges.
    let quadrants = DistrictPlan(
      rows: g.names.map { name in
        let xy = name.split(separator: ",").map { Int($0)! }
        return (unit: name, district: String((xy[0] / 4) + 2 * (xy[1] / 4)))
      })
    let placed = try EnsembleDirectory(url: dir).place(quadrants, graph: g)
    let cut = try #require(placed.placements.first { $0.statistic == "cut_edges" })
    #expect(cut.value == 16)
    #expect(cut.percentile < 50)
    #expect(placed.values[.cutEdges]?.count == 120)
    #expect(!placed.placements.contains { $0.statistic == "trees_per_step" })
    #expect(throws: EnsembleError.districtCount(plan: 1, ensemble: 4)) {
      try EnsembleDirectory(url: dir).place(
        DistrictPlan(rows: g.names.map { (unit: $0, district: "1") }), graph: g)
    }
  }
}

@Suite struct PlanFileTests {
  @Test func oneLabelOrder() {
    let plan = DistrictPlan(rows: [
      (unit: "a", district: "10"), (unit: "b", district: "9"), (unit: "c", district: "north"),
      (unit: "d", district: "2"), (unit: "e", district: "1.5"),
    ])
    // Integers by value first, then everything else in code-point order.
    #expect(plan.labels == ["2", "9", "10", "1.5", "north"])
    let g = gridGraph(2, 1)
    let fromColumn = try? DistrictPlan(column: "population", of: g)
    #expect(fromColumn?.labels == ["1"])
  }

  @Test func readsSplitsAndRefusesWhatItCannotRead() throws {
    let plan = try PlanCSV.read(
      "unit,district\na,1\nb,2\n\"c, the city\",1\n\"c, the city\",2\n", source: "p.csv")
    #expect(plan.splitUnits == ["c, the city"])
    #expect(plan.districts(of: "c, the city") == ["1", "2"])
    #expect(try PlanCSV.read(PlanCSV.write(plan), source: "again") == plan)
    #expect(throws: CSVError(source: "p.csv", line: 3, field: "district", message: "blank")) {
      try PlanCSV.read("unit,district\na,1\nb, \n", source: "p.csv")
    }
    #expect(
      throws: CSVError(
        source: "p.csv", line: 2, field: "unit", message: "'zz' is not a unit of the graph")
    ) { try PlanCSV.read("unit,district\nzz,1\n", source: "p.csv", knownUnits: ["a"]) }
    #expect(throws: CSVError.self) {
      try PlanCSV.read("unit,district\na,1\na,1\n", source: "p.csv")
    }
    #expect(throws: CSVError.self) { try PlanCSV.read("unit\na\n", source: "p.csv") }
    // A split unit cannot start a chain.
    let g = UnitGraph(names: ["a", "b", "c, the city"], edges: [(0, 1), (1, 2)])
    #expect(throws: PlanError.splitUnit("c, the city", districts: ["1", "2"])) {
      try plan.assignment(on: g)
    }
  }

  @Test func theEdgeListQuotesNamesThatNeedIt() throws {
    let g = UnitGraph(
      names: ["a", "b, north"], edges: [(0, 1)],
      edgeAttributes: [["shared_border_km": .double(1.5)]])
    let csv = EdgeListCSV.write(g)
    #expect(csv == "unit_a,unit_b,shared_border_km\na,\"b, north\",1.5\n")
    let back = try CSVTable(text: csv, source: "edges")
    #expect(back.rows[0].fields == ["a", "b, north", "1.5"])
  }
}
