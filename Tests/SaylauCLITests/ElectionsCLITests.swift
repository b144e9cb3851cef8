import Foundation
import SaylauTestSupport
import Testing

/// End-to-end tests of `saylau seats`, `saylau tabulate` and `saylau protocols generate`, running the built
/// binary through the shared ``CLI`` runner.
private enum Saylau {
  static func run(_ args: [String]) throws -> CLIResult { try CLI.run(args) }

  static func json(_ args: [String]) throws -> [String: Any] {
    let r = try CLI.run(args + ["--json"])
    #expect(r.status == 0, "\(r.stderr)")
    return try #require(try r.json() as? [String: Any])
  }
}

private func seats(_ json: [String: Any]) -> [String: Int] {
  var out: [String: Int] = [:]
  for case let p as [String: Any] in json["parties"] as? [Any] ?? [] {
    out[p["party"] as? String ?? ""] = p["listSeats"] as? Int
  }
  return out
}

private func tempDir() throws -> URL {
  let d = FileManager.default.temporaryDirectory.appendingPathComponent(
    "saylau-cli-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
  return d
}

@Test func seatsReproducesEveryOfficialResult() throws {
  let expected: [Int: [String: Int]] = [
    2023: [
      "amanat": 40, "auyl": 8, "respublica": 6, "ak_zhol": 6, "qhp": 5, "jsdp": 4, "baytaq": 0,
    ],
    2021: ["nur_otan": 76, "ak_zhol": 12, "qhp": 10, "auyl": 0, "adal": 0],
    2016: ["nur_otan": 84, "ak_zhol": 7, "knpk": 7],
    2004: ["otan": 7, "ak_zhol": 1, "asar": 1, "aist": 1],
    // The 2007 and 2012 list votes (bundled with their sources): Nur Otan 98; 83/8/7.
    2007: ["nur_otan": 98, "jsdp": 0, "ak_zhol": 0, "auyl": 0, "knpk": 0],
    2012: ["nur_otan": 83, "ak_zhol": 8, "knpk": 7, "jsdp": 0],
  ]
  for (year, want) in expected {
    let j = try Saylau.json(["seats", "--election", String(year)])
    let got = seats(j)
    for (party, s) in want { #expect(got[party] == s, "\(year) \(party)") }
    #expect(j["whatIf"] as? Bool == false)
    #expect(j["matchesOfficialListSeats"] as? Bool == true)
    for case let p as [String: Any] in j["parties"] as? [Any] ?? [] {
      for key in ["party", "votes", "listSeats", "constituencySeats", "totalSeats"] {
        #expect(p.keys.contains(key), "\(year) missing \(key)")
      }
    }
  }
  // 2023 composition: 98 seats, of which the constituency part is marked derived.
  let j = try Saylau.json(["seats", "--election", "2023"])
  #expect(j["totalSeats"] as? Int == 98)
  let amanat = (j["parties"] as? [[String: Any]])?.first { $0["party"] as? String == "amanat" }
  #expect(amanat?["totalSeats"] as? Int == 62)
  #expect((amanat?["derived"] as? [String])?.isEmpty == false)
  // 2021 includes the 9 APK seats; 2004's constituency seats are unknown (null), not 0.
  #expect(try Saylau.json(["seats", "--election", "2021"])["totalSeats"] as? Int == 107)
  let y2004 = try Saylau.json(["seats", "--election", "2004"])
  let otan = (y2004["parties"] as? [[String: Any]])?.first { $0["party"] as? String == "otan" }
  #expect(otan?["constituencySeats"] is NSNull)
}

@Test func seatsWhatIfIsLabelled() throws {
  let j = try Saylau.json(["seats", "--election", "2023", "--method", "dhondt"])
  #expect(j["whatIf"] as? Bool == true)
  #expect(seats(j)["amanat"] == 41)
  #expect(seats(j)["jsdp"] == 3)
  let text = try Saylau.run(["seats", "--election", "2021", "--method", "dhondt"])
  #expect(text.stdout.hasPrefix("WHAT-IF"))
  let t = try Saylau.json(["seats", "--election", "2023", "--threshold", "7", "--seats", "100"])
  #expect(seats(t)["jsdp"] == 0)
  #expect(seats(t).values.reduce(0, +) == 100)
  let bad = try Saylau.run(["seats", "--election", "2023", "--method", "borda"])
  #expect(bad.status == 1)
  #expect(bad.stderr.contains("unknown method 'borda'"))
  let year = try Saylau.run(["seats", "--election", "1999"])
  #expect(year.status == 1)
  #expect(year.stderr.contains("no bundled results for 1999"))
}

@Test func generateAndTabulateSyntheticProtocols() throws {
  let dir = try tempDir()
  defer { try? FileManager.default.removeItem(at: dir) }
  let file = dir.appendingPathComponent("p.csv").path
  let gen = try Saylau.run([
    "protocols", "generate", "--seed", "5", "--stations", "2000", "--out", file,
  ])
  #expect(gen.status == 0)
  #expect(gen.stdout.contains("SYNTHETIC"))
  let cands = dir.appendingPathComponent("p.candidates.csv").path
  let j = try Saylau.json(["tabulate", file, "--election", "2023", "--candidates", cands])
  #expect(j["synthetic"] as? Bool == true)
  #expect(j["acceptedRows"] as? Int == 4000)
  let listSeats = (j["parties"] as? [[String: Any]] ?? []).compactMap { $0["listSeats"] as? Int }
    .reduce(0, +)
  #expect(listSeats == 69)
  let smd = (j["parties"] as? [[String: Any]] ?? []).compactMap { $0["constituencySeats"] as? Int }
    .reduce(0, +)
  let undecided = (j["undecidedConstituencies"] as? [Int] ?? []).count
  #expect(smd + undecided == 29)
  let text = try Saylau.run(["tabulate", file, "--election", "2023", "--candidates", cands])
  #expect(text.stdout.hasPrefix("SYNTHETIC DATA"))
}

@Test func tabulateRefusesBadFilesAndImportsNothing() throws {
  let dir = try tempDir()
  defer { try? FileManager.default.removeItem(at: dir) }
  let header =
    "precinct,constituency,ballot,voters_on_list,ballots_received,ballots_issued,ballots_in_box,invalid,unused,against_all,amanat,auyl,respublica,ak_zhol,qhp,jsdp,baytaq"
  let good1 = "1,1,list,1000,1000,600,600,10,400,20,300,100,50,40,30,30,20"
  let good2 = "2,2,list,1000,1000,500,500,10,500,20,250,80,50,40,20,20,10"
  let bad = "3,3,list,1000,1000,500,501,10,500,20,250,80,50,40,20,20,x"
  let path = dir.appendingPathComponent("bad.csv").path
  try ([header, good1, bad, good2].joined(separator: "\n") + "\n").write(
    toFile: path, atomically: true, encoding: .utf8)
  let r = try Saylau.run(["tabulate", path, "--election", "2023", "--json"])
  #expect(r.status == 1)
  #expect(r.stdout.isEmpty)
  #expect(r.stderr.contains("bad.csv:3: field 'baytaq': not a whole number: 'x'"))
  #expect(r.stderr.contains("nothing was imported"))
  // Accept the valid rows; the rejected row comes back verbatim under the header.
  let rejected = dir.appendingPathComponent("rejected.csv").path
  let j = try Saylau.json([
    "tabulate", path, "--election", "2023", "--accept-valid", "--rejected-out", rejected,
  ])
  #expect(j["acceptedRows"] as? Int == 2)
  #expect(j["rejectedRows"] as? Int == 1)
  #expect(try String(contentsOfFile: rejected, encoding: .utf8) == header + "\n" + bad + "\n")
  let needsOut = try Saylau.run(["tabulate", path, "--election", "2023", "--accept-valid"])
  #expect(needsOut.status == 1)
  #expect(needsOut.stderr.contains("--accept-valid needs --rejected-out"))
  // The rejected rows never replace an input file, even by another name for it.
  let input = try String(contentsOfFile: path, encoding: .utf8)
  for target in [path, dir.appendingPathComponent("./bad.csv").path] {
    let clobber = try Saylau.run([
      "tabulate", path, "--election", "2023", "--accept-valid", "--rejected-out", target,
    ])
    #expect(clobber.status == 1)
    #expect(clobber.stderr.contains("is one of the input files"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == input)
  }
}

@Test func tabulateReadsTheJSONFormAndCountsWarnings() throws {
  let dir = try tempDir()
  defer { try? FileManager.default.removeItem(at: dir) }
  let path = dir.appendingPathComponent("p.json").path
  try """
  {"protocols": [
    {"precinct": "1", "constituency": 1, "ballot": "list", "votersOnList": 1000, "ballotsIssued": 600,
     "ballotsInBox": 599, "invalid": 9, "againstAll": 20,
     "votes": {"amanat": 300, "auyl": 100, "respublica": 50, "ak_zhol": 40, "qhp": 30, "jsdp": 30, "baytaq": 20}}]}
  """.write(toFile: path, atomically: true, encoding: .utf8)
  let j = try Saylau.json(["tabulate", path, "--election", "2023", "--import-only"])
  #expect(j["acceptedRows"] as? Int == 1)
  #expect(
    (j["warnings"] as? [String])?.first?.contains(
      "ballots in box 599 are fewer than ballots issued 600") == true)
}

@Test func seatsComparesEveryMethod() throws {
  let j = try Saylau.json(["seats", "--election", "2023", "--all-methods"])
  #expect(j["whatIf"] as? Bool == true)
  let methods = try #require(j["methods"] as? [[String: Any]])
  #expect(methods.count == 10)
  let dhondt = try #require(methods.first { $0["cliName"] as? String == "dhondt" })
  #expect((dhondt["seats"] as? [String: Int])?["amanat"] == 41)
  let legal = methods.filter { $0["isLegalMethod"] as? Bool == true }.compactMap {
    $0["cliName"] as? String
  }
  #expect(legal == ["hare"])
}

@Test func electionsAndRegimesComeFromTheData() throws {
  let e = try Saylau.json(["elections"])
  let rows = try #require(e["elections"] as? [[String: Any]])
  let withResults = rows.filter { $0["hasResult"] as? Bool == true }.compactMap {
    $0["id"] as? String
  }
  // 2007 and 2012 joined the bundled results with issue 10.
  #expect(
    withResults == [
      "2004-majilis", "2007-majilis", "2012-majilis", "2016-majilis", "2021-majilis",
      "2023-majilis",
    ])
  #expect(rows.first { $0["id"] as? String == "1995-majilis" }?["date"] as? String == "1995-12")
  let r = try Saylau.json(["regimes", "--date", "2023-03-19"])
  #expect(r["id"] as? String == "R2022")
  #expect(r["listSeats"] as? Int == 69)
  // A day inside the year-only bound of the 2022 amendments is uncertain, and the refusal says why.
  let uncertain = try Saylau.run(["regimes", "--date", "2022-06-01"])
  #expect(uncertain.status == 1)
  #expect(uncertain.stderr.contains("uncertain (R2009 or R2022)"))
  // The text is SaylauReports' regime documents.
  let one = try Saylau.run(["regimes", "--date", "2023-03-19"]).stdout
  #expect(one.hasPrefix("R2022 (majilis), in force 2022–2026-07-01\n"), "\(one)")
  #expect(one.contains("- List seats: largest remainder, Hare quota, threshold 5%"))
  #expect(one.contains("- https://www.idea.int/node/149918"))
  let table = try Saylau.run(["regimes"]).stdout.split(separator: "\n")
  #expect(table.count == 2 + 6, "\(table)")
  #expect(table.last?.hasPrefix("R2026  kurultai  2026-07-01–") == true, "\(table)")
}
