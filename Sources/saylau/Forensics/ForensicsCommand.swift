import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauForensics
import SaylauReports

extension BallotType: ExpressibleByArgument {}

/// `saylau forensics …`: remarkable results. The analysis (the default), a synthetic election with known
/// answers, and the validation over many of them.
struct ForensicsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forensics",
    abstract: "Remarkable results: flags per protocol and distribution tests (election forensics).",
    discussion: """
      `saylau forensics FILE... --election 2023` reads protocol files (the format of `saylau tabulate`), flags \
      the protocols that deserve a second look (each with its rule and evidence) and runs the distribution \
      tests (fingerprint, integer percentages, digits) nationwide and in every region, constituency and \
      district. No verdicts: measures, their uncertainty and the precincts that drive them. The methods and \
      their sources are in the Forensics article of the SaylauForensics documentation.
      """,
    subcommands: [ForensicsAnalyse.self, ForensicsGenerate.self, ForensicsValidate.self],
    defaultSubcommand: ForensicsAnalyse.self)
}

/// The settings a run can change, shared by the analysis and the validation.
struct ForensicOptions: ParsableArguments {
  @Option(help: "Seed of every simulation: the same seed gives the same report.")
  var seed: UInt64 = 1

  @Option(help: "Draws of each simulated null distribution (1 to 100,000).")
  var simulations: Int = 1000

  @Option(help: "Run the distribution tests on this ballot only: list or constituency.")
  var ballot: BallotType?

  func settings() throws -> ForensicSettings {
    var s = ForensicSettings(seed: seed, simulations: simulations)
    if let ballot { s.ballots = [ballot] }
    do {
      try ForensicSettingsError.check(s)
    } catch {
      throw UserError(error.description + " (--simulations)")
    }
    return s
  }
}

struct ForensicsAnalyse: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyse",
    abstract: "Flag remarkable protocols and run the distribution tests (the default subcommand).")

  @Argument(help: "Protocol files (.csv, or .json for the JSON form).")
  var files: [String]

  @Option(help: "Election whose parties and regime apply: a year (2023) or an id (2023-majilis).")
  var election: String

  @Option(help: "Precinct register CSV (precinct,district): adds district results.")
  var districts: String?

  @Option(
    help: ArgumentHelp(
      "A correction file: its protocols replace those of the same precinct and ballot, which are kept as earlier versions (repeatable, in order).",
      valueName: "file"))
  var corrections: [String] = []

  @Option(help: "Constituency candidates CSV (constituency,position,name,nomination).")
  var candidates: String?

  @Flag(
    help:
      "Analyse the valid protocols even if some are rejected (the rejected are listed on stderr).")
  var acceptValid = false

  @Option(
    help:
      "An answer key CSV (precinct,doctoring): score the flags against it (recall, false positives)."
  )
  var known: String?

  @Option(help: "Also write a static report (HTML, Markdown and SVG) into this folder.")
  var report: String?

  @Flag(help: "List every flag and every area's tests in the text output.")
  var all = false

  @OptionGroup var options: ForensicOptions
  @OptionGroup var output: OutputOptions

  struct ScoredJSON: Encodable {
    var report: ForensicReport
    var score: FlagScore
  }

  func run() throws {
    let choice = try ElectionChoice(election)
    let (input, result) = try ForensicRun(
      files: files, corrections: corrections, districts: districts, candidates: candidates,
      acceptValid: acceptValid
    ).analyse(choice, settings: try options.settings())
    var score: FlagScore?
    if let known {
      do {
        let key = try PrecinctTables.answerKey(try readFileBytes(known), file: known)
        score = FlagScore(result, doctored: key, precincts: input.protocols.map(\.precinct))
      } catch let e as CSVError {
        throw UserError(e.description)
      }
    }
    if let report {
      let context = try ReportData.context(choice.published.election.id, quiet: true)
      var files = ReportSite.forensicsFiles(result, context: context)
      files.append(ReportSite.File(path: "style.css", contents: Document.stylesheet))
      for f in files {
        try ReportData.write(f.contents, to: (report as NSString).appendingPathComponent(f.path))
      }
      printErr("wrote \(files.count) files of the forensic report to \(report)")
    }
    if output.json {
      if let score {
        try printJSON(ScoredJSON(report: result, score: score))
      } else {
        try printJSON(result)
      }
      return
    }
    print(
      ForensicsText.render(result, election: choice.published.election.id, all: all, score: score))
  }
}

/// Reads protocol files (and corrections, a precinct register, candidates) into a ``ForensicInput`` and
/// analyses them: what `saylau forensics` and `saylau report --protocols` share.
struct ForensicRun {
  var files: [String]
  var corrections: [String] = []
  var districts: String?
  var candidates: String?
  var acceptValid = false

  func analyse(_ choice: ElectionChoice, settings: ForensicSettings) throws -> (
    ForensicInput, ForensicReport
  ) {
    var schema = ProtocolSchema(
      parties: choice.parties.filter { !$0.isAggregate },
      constituencyCount: choice.regime.constituencySeats)
    if let candidates {
      do {
        let parsed = try CandidateList.parse(try readFileBytes(candidates), file: candidates)
        schema = ProtocolSchema(
          parties: schema.parties, constituencyCount: schema.constituencyCount,
          candidates: parsed.candidates, synthetic: parsed.synthetic)
      } catch let e as CandidateList.Invalid {
        for i in e.issues { printErr(i.description) }
        throw UserError("\(e.issues.count) problem(s) in the candidate list \(candidates)")
      }
    }
    var history = ProtocolHistory()
    history.record(try read(files, schema: schema))
    for file in corrections { history.record(try read([file], schema: schema)) }
    var register: [String: String] = [:]
    if let districts {
      do {
        register = try PrecinctTables.register(try readFileBytes(districts), file: districts)
      } catch let e as CSVError {
        throw UserError(e.description)
      }
    }
    let input = ForensicInput(
      schema: schema, protocols: history.protocols, earlierVersions: history.earlierVersions,
      regionOfConstituency: try regionOfConstituencies(
        electionYear: choice.published.election.date.year),
      districtOfPrecinct: register)
    do {
      return (input, try Forensics.analyse(input, settings: settings))
    } catch {
      throw UserError(error.description)
    }
  }

  /// The accepted protocols of `files` (one import: duplicates across them are errors).
  func read(_ files: [String], schema: ProtocolSchema) throws -> [PollingStationProtocol] {
    let accepted: ProtocolImport.Accepted
    do {
      accepted = try ProtocolImport(schema: schema).run(
        protocolSources(files), acceptValid: acceptValid)
    } catch {
      throw refusal(error)
    }
    for i in accepted.issues { printErr("rejected: \(i.description)") }
    var stream = accepted.protocols()
    var out: [PollingStationProtocol] = []
    do {
      while case let batch = try stream.next(upTo: 10_000), !batch.isEmpty { out += batch }
    } catch {
      throw UserError("\(error)")
    }
    return out
  }
}

/// The report as text: what a reader at a terminal needs first.
enum ForensicsText {
  static func decimal(_ x: Double, _ places: Int = 4) -> String {
    if x == x.rounded() && abs(x) < 1e15 { return grouped(Int(x)) }
    return SVGFormat.number(x, decimals: places)
  }

  static func p(_ x: Double?) -> String {
    guard let x else { return "" }
    return x < 0.0001 ? "<0.0001" : SVGFormat.fixed(x, decimals: 4)
  }

  static func render(_ r: ForensicReport, election: String, all: Bool, score: FlagScore?) -> String
  {
    var out: [String] = []
    if r.synthetic { out.append("SYNTHETIC DATA — generated protocols, not real results.") }
    out.append(
      "Forensics of \(grouped(r.protocols)) protocols (\(grouped(r.precincts)) precincts) for \(election); \(grouped(r.earlierVersions)) earlier version(s)."
    )
    out.append(
      "\(grouped(r.flaggedPrecincts)) precinct(s) have at least one flag (\(SVGFormat.percent(r.flaggedPrecincts, of: max(r.precincts, 1), decimals: 2)) %). A flag is not a verdict."
    )
    out.append("")
    var kinds = TextTable(["flag", "protocols", "precincts"], numeric: [1, 2])
    for kind in FlagKind.allCases {
      let c = r.flagCounts.first { $0.kind == kind }
      kinds.add([kind.rawValue, grouped(c?.protocols ?? 0), grouped(c?.precincts ?? 0)])
    }
    out.append(kinds.render())
    out.append("Rules:")
    for kind in FlagKind.allCases { out.append("  \(kind.rawValue): \(kind.rule(r.settings))") }
    if !r.flags.isEmpty {
      let shown = all ? r.flags : Array(r.flags.prefix(50))
      out.append("")
      out.append(
        shown.count < r.flags.count
          ? "Flagged protocols (the first \(shown.count) of \(grouped(r.flags.count)); --all lists every one):"
          : "Flagged protocols:")
      var t = TextTable(["precinct", "ballot", "no.", "flag", "evidence"], numeric: [2])
      for f in shown {
        t.add([
          f.precinct, f.ballot.rawValue, f.constituency.map(String.init) ?? "", f.kind.rawValue,
          f.evidence,
        ])
      }
      out.append(t.render())
    }
    for area in r.areas where area.area == .nation || all {
      if area.measures.isEmpty && area.area != .nation { continue }
      out.append("")
      let leader = r.ballots.first { $0.ballot == area.ballot }?.leader ?? ""
      out.append(
        "Distribution tests, \(area.area == .nation ? "nationwide" : "\(area.area.level.rawValue) \(area.area.code)"), \(area.ballot.rawValue) ballot (leader: \(leader); \(grouped(area.protocols)) protocols):"
      )
      var t = TextTable(
        ["test", "measure", "n", "observed", "expected", "95 % interval", "effect", "p", "q"],
        numeric: [2, 3, 4, 7, 8])
      for m in area.measures {
        t.add([
          m.test.rawValue, m.name, grouped(m.n), decimal(m.observed),
          m.expected.map { decimal($0) } ?? "",
          m.interval.map { "\(decimal($0[0])) – \(decimal($0[1]))" } ?? "",
          m.effect.map { "\(decimal($0)) \(m.effectName ?? "")" } ?? "", p(m.pValue), p(m.qValue),
        ])
      }
      out.append(t.render())
      for n in area.notes { out.append("  \(n)") }
    }
    out.append("")
    out.append(
      "\(grouped(r.pValues)) p-values in all areas: \(grouped(r.pValuesBelowLevel)) below \(SVGFormat.number(r.settings.level, decimals: 3)) (\(SVGFormat.number(Double(r.pValues) * r.settings.level, decimals: 1)) expected by chance), \(grouped(r.qValuesBelowLevel)) q-value(s) below it."
    )
    if !all {
      var standing: [String] = []
      for area in r.areas where area.area != .nation {
        for m in area.measures where (m.qValue ?? 1) < r.settings.level {
          standing.append(
            "  \(area.area.level.rawValue) \(area.area.code) (\(area.ballot.rawValue)): \(m.name): observed \(decimal(m.observed)), expected \(m.expected.map { decimal($0) } ?? "–"), q \(p(m.qValue))"
          )
        }
      }
      if !standing.isEmpty {
        out.append("Areas whose tests stand out (q below the level):")
        out += standing
      }
    }
    if let score {
      out.append("")
      out.append("Scored against the known answers:")
      out.append(
        "  recall: \(score.flaggedDoctored) of \(score.doctored) doctored precincts flagged (\(score.recall.map { SVGFormat.number($0 * 100, decimals: 1) } ?? "–") %)"
      )
      for kind in score.byDoctoring.keys.sorted() {
        let pair = score.byDoctoring[kind]!
        out.append("    \(kind): \(pair[0]) of \(pair[1])")
      }
      out.append(
        "  false positives: \(score.flaggedClean) of \(score.clean) clean precincts flagged (\(score.falsePositiveRate.map { SVGFormat.number($0 * 100, decimals: 2) } ?? "–") %)"
      )
    }
    out.append("")
    for n in r.notes { out.append("Note: \(n)") }
    if r.synthetic { out.append("SYNTHETIC DATA — generated protocols, not real results.") }
    return out.joined(separator: "\n")
  }
}

struct ForensicsGenerate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract:
      "Write a SYNTHETIC election with known answers: protocols, precinct register, candidates, answer key.",
    discussion: """
      The precincts lie in districts of the election's constituencies, with turnout and support that \
      differ between districts and precincts. With --doctored P, P % of the precincts get ballot stuffing \
      or rounded results (in turn); the same seed with --doctored 0 gives the same election without them. \
      Files written: protocols.csv, districts.csv, candidates.csv and doctored.csv (the answer key).
      """)

  @Option(help: "Seed: the same seed gives the same files.")
  var seed: UInt64

  @Option(help: "Number of precincts (each has a list and a constituency protocol).")
  var precincts = 10_000

  @Option(help: "Percent of precincts doctored (0 to 100).")
  var doctored = 0

  @Option(help: "Election whose parties and constituencies are used.")
  var election = "2023"

  @Option(help: "Folder to write the files into (created if missing).")
  var out: String

  @OptionGroup var output: OutputOptions

  struct JSONOutput: Encodable {
    var synthetic = true
    var seed: UInt64
    var precincts: Int
    var doctored: Int
    var files: [String]
  }

  func run() throws {
    guard (1...1_000_000).contains(precincts) else {
      throw UserError("--precincts must be 1 to 1,000,000")
    }
    guard (0...100).contains(doctored) else { throw UserError("--doctored must be 0 to 100") }
    let choice = try ElectionChoice(election)
    let generated = SyntheticElection(
      seed: seed, precincts: precincts, constituencies: max(1, choice.regime.constituencySeats),
      parties: choice.parties.filter { !$0.isAggregate }, doctoredPercent: doctored
    ).generate()
    var written: [String] = []
    for (name, text) in [
      ("protocols.csv", generated.protocolsCSV()), ("districts.csv", generated.districtsCSV()),
      ("candidates.csv", generated.candidatesCSV()), ("doctored.csv", generated.doctoredCSV()),
    ] {
      let path = (out as NSString).appendingPathComponent(name)
      try ReportData.write(text, to: path)
      written.append(path)
    }
    if output.json {
      try printJSON(
        JSONOutput(
          seed: seed, precincts: precincts, doctored: generated.doctored.count, files: written))
    } else {
      print(
        "SYNTHETIC: wrote \(grouped(precincts)) precincts (\(grouped(generated.doctored.count)) doctored, seed \(seed)) to \(out): \(written.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))"
      )
    }
  }
}

struct ForensicsValidate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract:
      "Measure recall and false positives over many seeded SYNTHETIC elections with known answers.")

  @Option(help: "Number of elections (seeds first-seed, first-seed + 1, …).")
  var elections = 20

  @Option(help: "The first seed.")
  var firstSeed: UInt64 = 1

  @Option(help: "Precincts per election.")
  var precincts = 10_000

  @Option(help: "Percent of precincts doctored in the doctored run of each election.")
  var doctored = 5

  @Option(help: "Draws of each simulated null distribution.")
  var simulations = 200

  @Option(help: "Election whose parties and constituencies are used.")
  var election = "2023"

  @OptionGroup var output: OutputOptions

  func run() throws {
    guard elections >= 1, (1...1_000_000).contains(precincts), (0...100).contains(doctored) else {
      throw UserError(
        "--elections must be 1 or more, --precincts 1 to 1,000,000, --doctored 0 to 100")
    }
    let choice = try ElectionChoice(election)
    var settings = ForensicSettings(seed: firstSeed, simulations: simulations)
    settings.bootstrap = 50
    let validation = ForensicValidation(
      firstSeed: firstSeed, elections: elections, precincts: precincts, doctoredPercent: doctored,
      parties: choice.parties.filter { !$0.isAggregate },
      constituencies: max(1, choice.regime.constituencySeats), settings: settings)
    let result: ForensicValidation.Result
    do {
      result = try validation.run { printErr("SYNTHETIC: \($0) of \(elections) elections") }
    } catch {
      throw UserError(error.description)
    }
    if output.json {
      try printJSON(result)
      return
    }
    func rate(_ r: ValidatedRate, _ places: Int = 2) -> [String] {
      [
        "\(grouped(r.hits)) / \(grouped(r.trials))",
        SVGFormat.fixed(r.rate * 100, decimals: places),
        "\(SVGFormat.fixed(r.interval[0] * 100, decimals: places)) – \(SVGFormat.fixed(r.interval[1] * 100, decimals: places))",
        "\(SVGFormat.fixed(r.perElectionRange[0] * 100, decimals: places)) – \(SVGFormat.fixed(r.perElectionRange[1] * 100, decimals: places))",
      ]
    }
    print(
      "SYNTHETIC validation: \(elections) elections of \(grouped(precincts)) precincts, \(doctored) % doctored, \(simulations) simulations."
    )
    var t = TextTable(
      ["figure", "hits / trials", "%", "95 % CI", "one election (2.5–97.5 %)"], numeric: [2])
    t.add(["recall (doctored precincts flagged)"] + rate(result.recall, 1))
    for kind in result.recallByDoctoring.keys.sorted() {
      t.add(["  recall, \(kind)"] + rate(result.recallByDoctoring[kind]!, 1))
    }
    t.add(["false positives (clean precincts flagged)"] + rate(result.falsePositiveRate))
    t.add(["clean election: precincts flagged"] + rate(result.cleanElectionFlagRate))
    for kind in result.cleanElectionFlagRateByKind.keys.sorted() {
      t.add(["  clean, \(kind)"] + rate(result.cleanElectionFlagRateByKind[kind]!, 3))
    }
    print(t.render())
    print("")
    var tests = TextTable(
      ["ballot", "nationwide measure", "clean: p < level", "doctored: p < level"], numeric: [])
    for test in result.nationalTests {
      tests.add([
        test.ballot.rawValue, test.measure,
        "\(test.cleanBelowLevel.hits) / \(test.cleanBelowLevel.trials)",
        "\(test.doctoredBelowLevel.hits) / \(test.doctoredBelowLevel.trials)",
      ])
    }
    print(tests.render())
  }
}
