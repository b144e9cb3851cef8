import Foundation
import SaylauTestSupport
import Testing

/// `saylau election init|check|show|count` through the built binary.
@Suite("saylau election")
struct CountCLITests {
  static func tempDir() throws -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-election-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
  }

  /// `text` with every run of white space (line feeds included) one space.
  static func flat(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  }

  static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
    let path = dir.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test(
    "every regime's worked case counts, and the text shows every step the JSON shows",
    arguments: WorkedCases.regimes)
  func workedCase(regime: String) throws {
    let dir = try Self.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let request = try Self.write(try WorkedCases.request(regime), "request.json", in: dir)
    let r = try CLI.run(["election", "count", "--request", request, "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try r.json() as? [String: Any])
    let summary = try #require(json["summary"] as? [String: Any])
    #expect(summary["regime"] as? String == regime)
    let trace = try #require(summary["trace"] as? [String: Any])
    let steps = try #require(trace["steps"] as? [[String: Any]])
    #expect(!steps.isEmpty)
    let text = try CLI.run(["election", "count", "--request", request])
    #expect(text.status == 0)
    // The text wraps its paragraphs: compare with the runs of white space made one space.
    let flat = Self.flat(text.stdout)
    for step in steps {
      let words = try #require(step["text"] as? String)
      #expect(flat.contains(Self.flat(words)), "\(regime): the text lacks the step '\(words)'")
    }
    // The printable result protocol has every step too.
    let html = dir.appendingPathComponent("protocol.html").path
    let h = try CLI.run(["election", "count", "--request", request, "--html", html])
    #expect(h.status == 0)
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.contains("@media print"))
    #expect(page.contains("Protocol of the results"))
    for step in steps.prefix(4) {
      let words = (step["text"] as? String ?? "").replacingOccurrences(of: "&", with: "&amp;")
        .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
      #expect(page.contains(words) || page.contains(step["text"] as? String ?? ""), "\(regime)")
    }
  }

  @Test func initCheckShowAndCountABundledElection() throws {
    let dir = try Self.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("2023").path
    let i = try CLI.run([
      "election", "init", "--from", "2023-majilis", "--synthetic-precincts", "3", "--csv", "--out",
      out,
    ])
    #expect(i.status == 0, "\(i.stderr)")
    #expect(i.stdout.contains("SYNTHETIC"))
    #expect(FileManager.default.fileExists(atPath: out + "/precincts.csv"))
    let check = try CLI.run(["election", "check", out, "--json"])
    #expect(check.status == 0, "\(check.stderr)")
    let c = try #require(try check.json() as? [String: Any])
    #expect(c["valid"] as? Bool == true)
    // The registration order is not in the sources: the check says so, as a warning.
    #expect(
      (c["warnings"] as? [String])?.contains { $0.contains("registration order is not given") }
        == true)
    #expect((c["warnings"] as? [String])?.contains { $0.contains("SYNTHETIC") } == true)
    let show = try CLI.run(["election", "show", out])
    #expect(show.stdout.contains("Precinct register (SYNTHETIC): 87 stations"))
    #expect(show.stdout.contains("Regime R2022"))
    let count = try CLI.run(["election", "count", out, "--json"])
    #expect(count.status == 0, "\(count.stderr)")
    let s = try #require((try count.json() as? [String: Any])?["summary"] as? [String: Any])
    #expect(s["matchesOfficialListSeats"] as? Bool == true)
    #expect(s["synthetic"] as? Bool == true)
  }

  @Test func theCheckFailsOnAListThatBreaksTheThirtyPercentRule() throws {
    let dir = try Self.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    // Ten candidates, two of them women, none young or with a declared disability: 2 < 3 (30 % of 10).
    // Under R2022 the quota applies to the list. (An undeclared disability would leave it undecided.)
    try """
    party,position,name,sex,birth_date,disability
    alpha,1,A One,male,1970-01-01,no
    alpha,2,A Two,female,1970-01-01,no
    alpha,3,A Three,male,1970-01-01,no
    alpha,4,A Four,male,1970-01-01,no
    alpha,5,A Five,male,1970-01-01,no
    alpha,6,A Six,female,1970-01-01,no
    alpha,7,A Seven,male,1970-01-01,no
    alpha,8,A Eight,male,1970-01-01,no
    alpha,9,A Nine,male,1970-01-01,no
    alpha,10,A Ten,male,1970-01-01,no

    """.write(
      to: dir.appendingPathComponent("lists.csv"), atomically: true, encoding: .utf8)
    let def = try Self.write(
      """
      {"format": "saylau-election/1", "id": "quota-test", "chamber": "majilis", "title": "SYNTHETIC",
       "date": "2023-03-19", "synthetic": true,
       "parties": [{"code": "alpha", "name": "Alpha", "registrationOrder": 1}],
       "files": {"lists": "lists.csv"}}
      """, "election.json", in: dir)
    let r = try CLI.run(["election", "check", def])
    #expect(r.status == 1)
    #expect(
      r.stdout.contains(
        "alpha list: 2 of 10 are women, youth, disability; at least 3 needed (30 %, rounded up): NOT met"
      ))
    #expect(r.stderr.contains("has 1 error(s)"))
    // With one woman more the list passes.
    let lists = try String(contentsOf: dir.appendingPathComponent("lists.csv"), encoding: .utf8)
    try lists.replacingOccurrences(of: "A Three,male,", with: "A Three,female,").write(
      to: dir.appendingPathComponent("lists.csv"), atomically: true, encoding: .utf8)
    #expect(try CLI.run(["election", "check", def]).status == 0)
  }

  @Test func aBadDefinitionNamesFileLineAndField() throws {
    let dir = try Self.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let def = try Self.write(
      """
      {"format": "saylau-election/1", "id": "bad", "chamber": "majilis", "title": "x",
       "date": "2023-03-19",
       "parties": [{"code": "a", "name": "A", "registrationOrder": "first"}]}
      """, "election.json", in: dir)
    let r = try CLI.run(["election", "check", def])
    #expect(r.status == 1)
    #expect(r.stderr.contains("election.json:3:"))
    #expect(r.stderr.contains("field 'parties[0].registrationOrder': expected a whole number"))
    let typo = try Self.write(
      """
      {"format": "saylau-election/1", "id": "bad", "chamber": "majilis", "title": "x",
       "date": "2023-03-19", "partys": []}
      """, "typo.json", in: dir)
    let t = try CLI.run(["election", "check", typo])
    #expect(t.status == 1)
    #expect(t.stderr.contains("typo.json:2:"))
    #expect(t.stderr.contains("field 'partys': unknown key"))
  }

  @Test func tabulateTextShowsTheTraceAndTheCommissionsDecisions() throws {
    let dir = try Self.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let header =
      "precinct,constituency,ballot,voters_on_list,ballots_received,ballots_issued,ballots_in_box,invalid,unused,against_all,amanat,auyl,respublica,ak_zhol,qhp,jsdp,baytaq"
    // No list reaches 5 % of a base made of "against all": the list seats are the commission's decision.
    let row = "1,1,list,1000,1000,600,600,10,400,570,5,5,2,2,2,2,2"
    let path = try Self.write(header + "\n" + row + "\n", "p.csv", in: dir)
    let j = try CLI.run(["tabulate", path, "--election", "2023", "--json"])
    #expect(j.status == 0, "\(j.stderr)")
    let json = try #require(try j.json() as? [String: Any])
    let decisions = try #require(json["commissionDecisions"] as? [String])
    #expect(decisions.contains { $0.hasPrefix("No list reached the threshold") })
    let text = try CLI.run(["tabulate", path, "--election", "2023"])
    #expect(text.stdout.contains("For the commission: No list reached the threshold"))
    let steps = ((json["trace"] as? [String: Any])?["steps"] as? [[String: Any]]) ?? []
    #expect(!steps.isEmpty)
    let flat = Self.flat(text.stdout)
    for s in steps {
      #expect(flat.contains(Self.flat(s["text"] as? String ?? "∅")), "\(s)")
    }
  }

  @Test func theRuleOptionsWorkOnTheCommandLine() throws {
    let dir = try Self.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    func run(_ regime: String, _ flags: [String]) throws -> (CLIResult, [String: Any]) {
      let request = try Self.write(try WorkedCases.request(regime), "\(regime).json", in: dir)
      let r = try CLI.run(["election", "count", "--request", request, "--json"] + flags)
      let summary = (try? r.json() as? [String: Any])?["summary"] as? [String: Any] ?? [:]
      return (r, summary)
    }
    // The runner-up guarantee off under R2009: the leader takes all 98.
    let (off, s1) = try run("R2009", ["--runner-up", "off"])
    #expect(off.status == 0, "\(off.stderr)")
    #expect((s1["whatIfChanges"] as? [String])?.contains("runner-up guarantee off") == true)
    let first = (s1["parties"] as? [[String: Any]])?.first { $0["party"] as? String == "first" }
    #expect(first?["listSeats"] as? Int == 98)
    // An exact remainder tie refused on request.
    let (tie, _) = try run("R2026", ["--remainder-tie", "error"])
    #expect(tie.status == 1)
    #expect(tie.stderr.contains("remainder tie needs manual resolution"))
    // The majority base read as ballots issued: a what-if, said so, and the base in each decision.
    let (issued, s3) = try run("R1995", ["--majority-base", "issued"])
    #expect(issued.status == 0)
    #expect((s3["whatIfChanges"] as? [String])?.contains("majority base issued") == true)
    let c1 = (s3["constituencies"] as? [[String: Any]])?.first { $0["constituency"] as? Int == 1 }
    #expect(c1?["majorityBase"] as? String == "ballotsIssued")
    #expect(c1?["majorityBaseVotes"] as? Int == 900)
    // The threshold base as ballots issued for 2023.
    let seats = try CLI.run(["seats", "--election", "2023", "--threshold-base", "issued", "--json"])
    let j = try #require(try seats.json() as? [String: Any])
    #expect((j["rules"] as? [String: Any])?["thresholdBaseVotes"] as? Int == 6_521_860)
    #expect(j["whatIf"] as? Bool == true)
  }
}
