import Foundation
import SaylauTestSupport
import Testing

/// End-to-end tests of `saylau apportion`, `plan check`, `graph` and `ensemble`, run as a user would.
@Suite struct DistrictingCLITests {
  func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// The six lists that passed the 5% threshold in 2023, with their official votes (rules.md A8).
  let lists2023 = """
    name,population
    AMANAT,3431510
    Auyl,693938
    Respublica,547154
    Aq Jol,535139
    QHP,432920
    JSDP,331058
    """

  @Test func apportionReproducesThe2023ListSeatsAndTheDHondtContrast() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = dir.appendingPathComponent("lists.csv")
    try lists2023.write(to: input, atomically: true, encoding: .utf8)
    let r = try CLI.run([
      "apportion", "--seats", "69", "--input", input.path, "--method", "all", "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try r.json() as? [String: Any])
    let results = try #require(json["results"] as? [[String: Any]])
    func seats(_ method: String) -> [String: Int]? {
      results.first { $0["method"] as? String == method }?["allocation"] as? [String: Int]
    }
    // Official: 40/8/6/6/5/4 by Hare and largest remainder; D'Hondt (Jefferson) would give 41 and 3.
    #expect(
      seats("hamilton") == [
        "AMANAT": 40, "Auyl": 8, "Respublica": 6, "Aq Jol": 6, "QHP": 5, "JSDP": 4,
      ])
    #expect(seats("jefferson")?["AMANAT"] == 41)
    #expect(seats("jefferson")?["JSDP"] == 3)
    #expect(seats("webster") == seats("hamilton"))
  }

  @Test func apportionRefusesABlankPopulationNamingThePlace() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = dir.appendingPathComponent("regions.csv")
    try "name,population\nAbai,610189\nUlytau,\n".write(
      to: input, atomically: true, encoding: .utf8)
    let r = try CLI.run(["apportion", "--seats", "3", "--input", input.path])
    #expect(r.status != 0)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("regions.csv:3"), "\(r.stderr)")
    #expect(r.stderr.contains("population"), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
  }

  @Test func officialPlanCheckFindsTheTwoNonContiguousConstituencies() throws {
    let r = try CLI.run(["plan", "check", "--official", "2023", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try r.json() as? [String: Any])
    let check = try #require(json["check"] as? [String: Any])
    let districts = try #require(check["districtChecks"] as? [[String: Any]])
    #expect(districts.count == 29)
    let pieces = Dictionary(
      uniqueKeysWithValues: districts.map { ($0["district"] as! String, $0["pieces"] as! Int) })
    // SOURCES.md: Nos 19 and 27 are not contiguous in the geokz geometry.
    #expect(pieces["19"] == 2)
    #expect(pieces["27"] == 2)
    #expect(districts.allSatisfy { ($0["regions"] as? [String])?.count == 1 })
    let split = districts.flatMap { $0["splitUnits"] as? [String] ?? [] }
    #expect(Set(split) == ["shymkent.al_farabi"])
  }

  /// SaylauApportionment.docc (MethodsTiesAndMinimums): with one seat per region every method reproduces the 2023 allocation for any
  /// Ulytau population up to 1,134,752 (Adams 1,066,103); without the minimum Jefferson never does, and
  /// Webster and Hamilton only from 309,396 and 245,354 people.
  @Test func apportionFindsTheUlytauPopulationsThatReproduce2023() throws {
    func intervals(_ extra: [String]) throws -> [String: [[Int]]] {
      let r = try CLI.run(
        [
          "apportion", "--kazakhstan", "--vary", "ulytau", "--range", "0-3000000", "--json",
          "--method", "hamilton,jefferson,webster,huntington-hill,adams,dean",
        ] + extra)
      #expect(r.status == 0, "\(r.stderr)")
      let json = try #require(try r.json() as? [String: Any])
      let results = try #require(json["results"] as? [[String: Any]])
      return Dictionary(
        uniqueKeysWithValues: results.map {
          ($0["method"] as! String, $0["reproducingIntervals"] as! [[Int]])
        })
    }
    let withMinimum = try intervals([])
    for m in ["hamilton", "jefferson", "webster", "huntington-hill", "dean"] {
      #expect(withMinimum[m] == [[0, 1_134_752]], "\(m)")
    }
    #expect(withMinimum["adams"] == [[0, 1_066_103]])
    let without = try intervals(["--minimum", "0"])
    #expect(without["jefferson"] == [])
    #expect(without["webster"] == [[309_396, 1_134_752]])
    #expect(without["hamilton"] == [[245_354, 1_134_752]])
    #expect(without["huntington-hill"] == [[1, 1_134_752]])
  }

  @Test func apportionAnswersHugeInputsAtOnce() throws {
    let seats = try CLI.run([
      "apportion", "--kazakhstan", "--vary", "ulytau", "--range", "0-10", "--seats",
      "1000000000000",
    ])
    #expect(seats.status != 0)
    #expect(seats.stderr.contains("1000000000000 seats"), "\(seats.stderr)")
    let wide = try CLI.run([
      "apportion", "--kazakhstan", "--vary", "ulytau", "--range", "1-1000000000000", "--method",
      "hamilton",
      "--json",
    ])
    #expect(wide.status == 0, "\(wide.stderr)")
    let droop = try CLI.run([
      "apportion", "--kazakhstan", "--vary", "ulytau", "--range", "1-1000000000000", "--method",
      "droop",
    ])
    #expect(droop.status != 0)
    #expect(droop.stderr.contains("narrow --range"), "\(droop.stderr)")
    let blank = try CLI.run(["apportion", "--kazakhstan"])
    #expect(blank.status != 0)
    #expect(blank.stderr.contains("--vary ulytau"), "\(blank.stderr)")
  }

  /// Leaving Sauran out instead of letting it fill its host polygon gives the old answer: No. 25 in two
  /// pieces as well.
  @Test func planCheckStatesThePolicyForUnitsWithoutAPolygon() throws {
    let merged = try CLI.run(["plan", "check", "--official", "2023", "--json"])
    let excluded = try CLI.run([
      "plan", "check", "--official", "2023", "--missing-polygon", "exclude-unit", "--json",
    ])
    #expect(merged.status == 0 && excluded.status == 0, "\(merged.stderr) \(excluded.stderr)")
    let m = try #require((try merged.json() as? [String: Any])?["check"] as? [String: Any])
    let x = try #require((try excluded.json() as? [String: Any])?["check"] as? [String: Any])
    #expect(m["policy"] as? String == "merge-into-host")
    #expect(m["nonContiguous"] as? [String] == ["19", "27"])
    #expect(x["nonContiguous"] as? [String] == ["19", "25", "27"])
    #expect(m["contiguityDependsOnPolicy"] as? [String] == ["25"])
    let text = try CLI.run(["plan", "check", "--official", "2023"])
    #expect(text.stdout.contains("NOT contiguous: 19, 27"), "\(text.stdout)")
    #expect(text.stdout.contains("Sauran"))
    let unknown = try CLI.run(["plan", "check", "--official", "1066"])
    #expect(unknown.status != 0)
  }

  /// A 6×6 grid in GerryChain's NetworkX JSON format, one person per cell.
  func gridGraph(at url: URL) throws { try GridGraph.write(side: 6, to: url) }

  @Test func ensembleIsReproducibleFromItsSeed() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let graph = dir.appendingPathComponent("grid.json")
    try gridGraph(at: graph)
    let info = try CLI.run(["graph", "info", graph.path, "--json"])
    #expect(info.status == 0, "\(info.stderr)")
    #expect(info.stdout.contains("36"))
    var outputs: [Data] = []
    for run in ["a", "b"] {
      let out = dir.appendingPathComponent(run)
      let r = try CLI.run([
        "ensemble", "--graph", graph.path, "--districts", "4", "--steps", "40", "--seed", "11",
        "--epsilon",
        "0.1", "--out", out.path,
      ])
      #expect(r.status == 0, "\(r.stderr)")
      outputs.append(try Data(contentsOf: out.appendingPathComponent("chain-000.jsonl")))
    }
    #expect(outputs[0] == outputs[1])
    #expect(String(decoding: outputs[0], as: UTF8.self).split(separator: "\n").count >= 40)
    let other = dir.appendingPathComponent("c")
    _ = try CLI.run([
      "ensemble", "--graph", graph.path, "--districts", "4", "--steps", "40", "--seed", "12",
      "--epsilon", "0.1",
      "--out", other.path,
    ])
    #expect(try Data(contentsOf: other.appendingPathComponent("chain-000.jsonl")) != outputs[0])
  }

  @Test func ensembleRefusesUnitsWithoutPopulation() throws {
    let r = try CLI.run([
      "ensemble", "--graph", "kazakhstan", "--districts", "29", "--steps", "5", "--seed", "1",
      "--epsilon", "0.5",
      "--out",
      FileManager.default.temporaryDirectory.appendingPathComponent(
        "saylau-kz-\(UUID().uuidString)"
      ).path,
    ])
    #expect(r.status != 0)
    #expect(r.stderr.contains("population"), "\(r.stderr)")
  }
}
