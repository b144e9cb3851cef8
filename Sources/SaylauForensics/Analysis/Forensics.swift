import SaylauElections

/// Election forensics for observers, journalists and commissions: which protocols deserve a second look,
/// and how the distribution of all of them compares with what clean counting gives.
///
/// One function, ``analyse(_:settings:)``, computes the one ``ForensicReport`` that every face shows:
/// `saylau forensics`, `GET /api/v1/elections/{id}/forensics`, the static report and the web page. It is
/// pure and seeded: the same protocols (in any order) and settings give the same report, byte for byte.
public enum Forensics {
  /// Analyses the protocols of an election.
  ///
  /// - Parameters:
  ///   - input: the protocols, their earlier versions, and where the precincts lie.
  ///   - settings: thresholds, the seed and the number of simulations.
  /// - Returns: the flags, the distribution tests at every level, the pictures' data and the notes.
  /// - Throws: ``ForensicSettingsError`` when a setting is out of range.
  public static func analyse(
    _ input: ForensicInput, settings: ForensicSettings = ForensicSettings()
  )
    throws(ForensicSettingsError) -> ForensicReport
  {
    try ForensicSettingsError.check(settings)
    let set = StationSet(input)
    var flagging = Flagging(set: set, settings: settings, earlier: input.earlierVersions)
    let flags = flagging.run()

    let present = BallotType.allCases.filter { b in set.stations.contains { $0.p.ballot == b } }
    let tested = settings.ballots.map { chosen in present.filter(chosen.contains) } ?? present
    var areas: [AreaResult] = []
    var grids: [FingerprintGrid] = []
    var histograms: [PercentHistogram] = []
    for ballot in tested {
      let out = DistributionTests(set: set, settings: settings, ballot: ballot).run()
      areas += out.areas
      grids.append(out.grid)
      histograms += out.histograms
    }
    // One false-discovery adjustment over every p-value of the report.
    var positions: [(Int, Int)] = []
    var pValues: [Double] = []
    for (a, area) in areas.enumerated() {
      for (m, measure) in area.measures.enumerated() {
        if let p = measure.pValue {
          positions.append((a, m))
          pValues.append(p)
        }
      }
    }
    let q = Probability.benjaminiHochberg(pValues)
    for (k, (a, m)) in positions.enumerated() { areas[a].measures[m].qValue = round6(q[k]) }

    var counts: [FlagCount] = []
    for kind in FlagKind.allCases {
      let these = flags.filter { $0.kind == kind }
      guard !these.isEmpty else { continue }
      counts.append(
        FlagCount(kind: kind, protocols: these.count, precincts: Set(these.map(\.precinct)).count))
    }
    let flagged = Set(flags.map(\.precinct))
    var byConstituency: [Int: Set<String>] = [:]
    for s in set.stations {
      if let c = s.p.constituency { byConstituency[c, default: []].insert(s.p.precinct) }
    }
    let constituencies = byConstituency.keys.sorted().map { c in
      ConstituencyFlags(
        constituency: c, precincts: byConstituency[c]!.count,
        flaggedPrecincts: byConstituency[c]!.filter(flagged.contains).count)
    }
    var notes: [String] = []
    if input.synthetic {
      notes.append("SYNTHETIC DATA: these protocols are generated, not real results.")
    }
    if input.districtOfPrecinct.isEmpty {
      notes.append(
        "No precinct register was given: there are no district results, and outliers are judged within constituencies."
      )
    }
    if input.regionOfConstituency.isEmpty {
      notes.append("No constituency→region table was given: there are no region results.")
    }
    notes.append(
      "No verdicts: a flag says a protocol deserves a second look, a small p-value that the numbers are unusual for clean counting as the test models it. With \(pValues.count) p-values, about \(Format.decimal(Double(pValues.count) * settings.level, 1)) fall below \(Format.decimal(settings.level, 3)) by chance alone; the q-values allow for that."
    )
    let ballots = present.map { b in
      BallotSummary(
        ballot: b, protocols: set.stations.filter { $0.p.ballot == b }.count,
        leader: set.leaderName(b))
    }
    return ForensicReport(
      synthetic: input.synthetic, settings: settings, protocols: set.stations.count,
      precincts: Set(set.stations.map(\.p.precinct)).count,
      earlierVersions: input.earlierVersions.count, ballots: ballots, flagCounts: counts,
      flaggedPrecincts: flagged.count, flags: flags, constituencies: constituencies, areas: areas,
      fingerprints: grids, histograms: histograms, pValues: pValues.count,
      pValuesBelowLevel: pValues.filter { $0 < settings.level }.count,
      qValuesBelowLevel: q.filter { $0 < settings.level }.count, tests: TestDescription.all,
      notes: notes)
  }
}

extension TestDescription {
  /// The tests in plain words, with their sources: the same text in the report, the pages and the docs.
  public static let all: [TestDescription] = [
    TestDescription(
      test: .fingerprint, name: "Election fingerprint (turnout × leader's share)",
      source:
        "P. Klimek, Y. Yegorov, R. Hanel and S. Thurner, Statistical detection of systematic election irregularities, PNAS 109(41), 16469–16473 (2012), doi:10.1073/pnas.1210722109",
      measures:
        "How precincts spread over turnout and the leader's share: their correlation (with a bootstrap interval); how many sit in the corner where both are 90 % or more, against a clean two-dimensional model fitted robustly to the same precincts; and the smear, how many have both far above the other precincts of their district, against the same kind of model.",
      canShow:
        "Ballot stuffing and written-in results pull precincts up and to the right together, smearing the cloud towards 100 % turnout and 100 % for the leader and piling some into that corner.",
      cannotShow:
        "Who did it or where exactly; places where one party is genuinely strong and turnout genuinely high (villages, closed institutions) also sit up and to the right, and a correlation can come from honest differences between regions. The clean model is a smooth cloud; a real election need not be one."
    ),
    TestDescription(
      test: .integerPercent, name: "Integer percentages",
      source:
        "D. Kobak, S. Shpilkin and M. S. Pshenichnikov, Integer percentages as electoral falsification fingerprints, Annals of Applied Statistics 10(1), 54–73 (2016), doi:10.1214/16-AOAS904",
      measures:
        "How many precincts report turnout, the leader's share, or either, at a whole percentage to the nearest vote, against the same count in simulated clean elections in which every precinct keeps its size and rates and only chance places its counts (binomial resampling).",
      canShow:
        "Results written to a target (\"make it 70 %\") rather than counted: people like round numbers, so such results pile up on whole percentages and multiples of 5.",
      cannotShow:
        "Which of the whole-percentage precincts were written in: most of them are whole by chance. Results invented without a percentage in mind leave no such trace."
    ),
    TestDescription(
      test: .lastDigit, name: "Last digits",
      source:
        "B. Beber and A. Scacco, What the numbers say: a digit-based test for election fraud, Political Analysis 20(2), 211–234 (2012), doi:10.1093/pan/mps003",
      measures:
        "Whether the last digits of the vote counts of the large contestants (the choices with a median count of 100 or more in the area) occur equally often: a chi-square statistic, its simulated p-value and Cohen's w.",
      canShow:
        "Numbers made up by people, who favour some digits over others; counted votes end in every digit equally often.",
      cannotShow:
        "Manipulation that changes counts by arithmetic (adding a block of ballots to a counted result) or writes numbers with a machine; it says nothing about which party gained."
    ),
    TestDescription(
      test: .lastTwoDigits, name: "Repeated and adjacent last two digits",
      source: "B. Beber and A. Scacco (2012), as above",
      measures:
        "How often the last two digits of the same counts repeat (33; 10 % expected) or are neighbours (34, 43, 90, 09; 20 % expected), with exact binomial p-values.",
      canShow:
        "People inventing numbers avoid repeats and favour neighbouring digits more than chance does.",
      cannotShow: "The same limits as the last-digit test."
    ),
    TestDescription(
      test: .secondDigit, name: "Second digits (Benford's law)",
      source:
        "W. R. Mebane Jr., Election forensics: vote counts and Benford's law, Political Methodology Society summer meeting (2006); Election forensics: the second-digit Benford's law test and recent American presidential elections, in R. M. Alvarez, T. E. Hall and S. D. Hyde (eds.), Election Fraud, Brookings (2008), 161–181",
      measures:
        "Whether the second digits of vote counts of 10 or more follow Benford's second-digit frequencies (chi-square, simulated p-value, and the mean second digit against 4.187).",
      canShow:
        "Some manipulations of counts shift the second digits away from Benford's frequencies.",
      cannotShow:
        "Much on its own: Mebane himself shows that clean precinct counts need not follow Benford's law (it depends on how precinct sizes and support are spread), so a departure needs a calibration before it means anything. Reported for comparison with the literature; read its p-value with that in mind."
    ),
  ]
}
