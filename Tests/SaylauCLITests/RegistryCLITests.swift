import Foundation
import SaylauTestSupport
import Testing

@Suite struct RegistryCLITests {
  @Test func constituency12JSONHoldsTheArticlesFacts() throws {
    let r = try CLI.run(["constituency", "12", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try r.json() as? [String: Any])
    #expect(json["number"] as? Int == 12)
    #expect(json["seat"] as? String == "Kaskelen")
    #expect(json["region"] as? String == "Almaty Region")
    #expect(json["electorate"] as? Int == 493_732)
    #expect(json["electorateYear"] as? Int == 2023)
    #expect(json["population"] as? Int == 964_419)
    #expect(json["borders"] as? [Int] == [3, 4, 5, 11, 16, 17, 19])
    #expect(
      Set(json["composition"] as? [String] ?? [])
        == [
          "almaty_region.balkhash", "almaty_region.ile", "almaty_region.zhambyl",
          "almaty_region.karasay",
        ])
    #expect(json["member"] as? String == "Daniar Qasqaraurov")
    #expect(json["inForce"] as? String == "2023-01-01")
    #expect(json["abolished"] as? String == "2026-07-01")
    let history = try #require(json["history"] as? [[String: Any]])
    #expect(history.map { $0["region"] as? String } == ["Aktobe Region", "Almaty Region"])
    let neighbours = try #require(json["neighbours"] as? [[String: Any]])
    #expect(
      neighbours.first { $0["number"] as? Int == 16 }?["region"] as? String == "Jambyl Region")
  }

  @Test func constituency12TextIsAnInfobox() throws {
    let r = try CLI.run(["constituency", "12"])
    #expect(r.status == 0)
    for fact in [
      "Kaskelen", "964,419 (2023)", "493,732 (2023)", "№12 сайлау округі", "Aitaly Äbdirahmanuly",
      "No. 19 (Karaganda Region)", "re-established",
    ] {
      #expect(r.stdout.contains(fact), "missing \(fact)")
    }
  }

  @Test func earlierLifeByDate() throws {
    let r = try CLI.run(["constituency", "12", "--date", "2005-01-01", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try r.json() as? [String: Any])
    #expect(json["region"] as? String == "Aktobe Region")
    #expect(json["member"] as? String == "Aitaly Äbdirahmanuly")
    #expect(json["seat"] == nil)
  }

  @Test func listHas29Constituencies() throws {
    let r = try CLI.run(["constituencies", "--json"])
    #expect(r.status == 0)
    let json = try #require(try r.json() as? [String: Any])
    let rows = try #require(json["constituencies"] as? [[String: Any]])
    #expect(rows.count == 29)
    #expect(json["date"] as? String == "2026-06-30")
    #expect(rows.filter { $0["regionCode"] as? String == "almaty_city" }.count == 3)
    #expect(rows.filter { $0["regionCode"] as? String == "turkistan" }.count == 3)
    let text = try CLI.run(["constituencies"])
    #expect(text.stdout.contains("Entirety of Ulytau Region"))
    #expect(text.stdout.contains("part of Al-Farabi District"))
  }

  @Test func regionsCountTheirSeats() throws {
    let r = try CLI.run(["regions", "--json"])
    #expect(r.status == 0)
    let json = try #require(try r.json() as? [String: Any])
    let rows = try #require(json["regions"] as? [[String: Any]])
    #expect(rows.count == 20)
    let seats = Dictionary(
      uniqueKeysWithValues: rows.map {
        ($0["code"] as! String, ($0["constituencies"] as! [Int]).count)
      })
    #expect(
      seats["almaty_city"] == 3 && seats["turkistan"] == 3 && seats["astana"] == 2
        && seats["ulytau"] == 1)
    #expect(seats.values.reduce(0, +) == 29)
    #expect(json["constituencyCount"] as? Int == 29)
    #expect(rows.first { $0["code"] as? String == "ulytau" }?["population"] == nil)
  }

  @Test(arguments: [
    "Karasay District", "Қарасай ауданы", "карасайский район", "almaty_region.karasay",
  ])
  func lookupAnswers12(query: String) throws {
    let r = try CLI.run(["lookup", query, "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try r.json() as? [String: Any])
    let matches = try #require(json["matches"] as? [[String: Any]])
    #expect(matches.count == 1)
    #expect(matches.first?["constituencies"] as? [Int] == [12])
    let text = try CLI.run(["lookup", query])
    #expect(text.stdout.contains("No. 12"))
  }

  @Test func lookupOfASplitUnit() throws {
    let r = try CLI.run(["lookup", "Al-Farabi District", "--json"])
    let json = try #require(try r.json() as? [String: Any])
    let match = try #require((json["matches"] as? [[String: Any]])?.first)
    #expect(match["constituencies"] as? [Int] == [6, 7])
    #expect(match["partial"] as? Bool == true)
    let text = try CLI.run(["lookup", "Al-Farabi District"]).stdout
    #expect(
      text.contains(
        "Al-Farabi District (shymkent.al_farabi), Shymkent: split between No. 6 and No. 7"),
      "\(text)")
  }

  @Test(arguments: [
    (["constituency", "99"], "no constituency No. 99"),
    (["constituency", "12", "--date", "2010-01-01"], "no constituencies existed on 2010-01-01"),
    (["constituencies", "--date", "2023-02-30"], "'2023-02-30' is not a date"),
    (["lookup", "Karasy"], "did you mean: Karasay District"),
    (["constituency", "2", "--date", "2005-01-01"], "not in the registry"),
    (["constituencies", "--date", "2007-05-01"], "uncertain"),
  ])
  func errorsAreOneClearLine(arguments: [String], message: String) throws {
    let r = try CLI.run(arguments)
    #expect(r.status != 0)
    #expect(r.stdout.isEmpty)
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
    #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack"))
  }

  @Test(arguments: [
    (
      ["constituencies", "--date", "2004-05-01"], "uncertain",
      "whether constituencies existed on 2004-05-01 is uncertain"
    ),
    (
      ["constituencies", "--date", "2022-12-31"], "didNotExist",
      "no constituencies existed on 2022-12-31"
    ),
    (
      ["lookup", "Karasay District", "--date", "2026-07-01"], "didNotExist",
      "no constituencies existed on 2026-07-01"
    ),
    (["regions", "--date", "2007-05-01"], "uncertain", "the 2004 set was abolished in 2007"),
  ])
  func refusalsAsJSONCarryTheExistence(arguments: [String], existence: String, message: String)
    throws
  {
    let r = try CLI.run(arguments + ["--json"])
    #expect(r.status == 1)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.split(separator: "\n").count == 1)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as? [String: Any])
    #expect(json["existence"] as? String == existence)
    #expect(
      (json["detail"] as? String)?.hasPrefix(message) == true
        || (json["detail"] as? String)?.contains(message) == true, "\(r.stderr)")
  }
}
