import SaylauElections
import SaylauForensics

extension ForensicsReport {
  /// The report in brief, what a reader at a terminal needs first (`saylau forensics` prints its
  /// ``Document/text(width:)``): the flags counted and their rules, the flagged protocols, the nationwide
  /// tests (every area's with `all`), the areas that stand out, and the score against known answers.
  /// - Parameters:
  ///   - report: the forensic report.
  ///   - election: the election's id, for the title.
  ///   - all: list every flag and every area's tests (otherwise the first 50 flags and the nation).
  ///   - score: the flags scored against an answer key, when one was given.
  public static func summary(
    _ report: ForensicReport, election: String, all: Bool = false, score: FlagScore? = nil
  ) -> Document {
    let r = report
    var doc = Document(
      title: (r.synthetic ? "SYNTHETIC DATA: " : "") + "Remarkable results of \(election)")
    func paragraph(_ text: String) { doc.blocks.append(.paragraph([.text(text)])) }
    if r.synthetic {
      doc.blocks.append(
        .notice([.text("generated protocols, not real results.")], kind: .synthetic))
    }
    paragraph(
      "Forensics of \(SVGFormat.grouped(r.protocols)) protocols (\(SVGFormat.grouped(r.precincts)) precincts); \(SVGFormat.grouped(r.earlierVersions)) earlier version(s). \(SVGFormat.grouped(r.flaggedPrecincts)) precinct(s) have at least one flag (\(SVGFormat.percent(r.flaggedPrecincts, of: max(r.precincts, 1), decimals: 2)) %). A flag is not a verdict."
    )
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["flag", "protocols", "precincts"],
          rows: FlagKind.allCases.map { kind in
            let c = r.flagCounts.first { $0.kind == kind }
            return [
              [.text(kind.rawValue)], [.text(SVGFormat.grouped(c?.protocols ?? 0))],
              [.text(SVGFormat.grouped(c?.precincts ?? 0))],
            ]
          }, numericColumns: [1, 2])))
    doc.blocks.append(.heading(2, "Rules"))
    doc.blocks.append(
      .list(FlagKind.allCases.map { [.text("\($0.rawValue): \($0.rule(r.settings))")] }))
    if !r.flags.isEmpty {
      let shown = all ? r.flags : Array(r.flags.prefix(50))
      doc.blocks.append(
        .heading(
          2,
          shown.count < r.flags.count
            ? "Flagged protocols (the first \(shown.count) of \(SVGFormat.grouped(r.flags.count)); all of them with --all)"
            : "Flagged protocols"))
      doc.blocks.append(
        .table(
          Document.Table(
            header: ["precinct", "ballot", "no.", "flag", "evidence"],
            rows: shown.map { f in
              [
                [.text(f.precinct)], [.text(f.ballot.rawValue)],
                [.text(f.constituency.map(String.init) ?? "")], [.text(f.kind.rawValue)],
                [.text(f.evidence)],
              ]
            }, numericColumns: [2])))
    }
    for area in r.areas where area.area == .nation || (all && !area.measures.isEmpty) {
      let leader = r.ballots.first { $0.ballot == area.ballot }?.leader ?? ""
      let place =
        area.area == .nation ? "nationwide" : "\(area.area.level.rawValue) \(area.area.code)"
      doc.blocks.append(
        .heading(
          2,
          "Distribution tests, \(place), \(area.ballot.rawValue) ballot (leader: \(leader); \(SVGFormat.grouped(area.protocols)) protocols)"
        ))
      doc.blocks.append(.table(measureTable(area.measures, caption: nil)))
      if !area.notes.isEmpty { doc.blocks.append(.list(area.notes.map { [.text($0)] })) }
    }
    paragraph(
      "\(SVGFormat.grouped(r.pValues)) p-values in all areas: \(SVGFormat.grouped(r.pValuesBelowLevel)) below \(SVGFormat.number(r.settings.level, decimals: 3)) (\(SVGFormat.number(Double(r.pValues) * r.settings.level, decimals: 1)) expected by chance), \(SVGFormat.grouped(r.qValuesBelowLevel)) q-value(s) below it."
    )
    if !all {
      var standing: [[Document.Inline]] = []
      for area in r.areas where area.area != .nation {
        for m in area.measures where (m.qValue ?? 1) < r.settings.level {
          standing.append([
            .text(
              "\(area.area.level.rawValue) \(area.area.code) (\(area.ballot.rawValue)): \(m.name): observed \(number(m.observed)), expected \(m.expected.map(number) ?? "–"), q \(m.qValue.map(pValue) ?? "")"
            )
          ])
        }
      }
      if !standing.isEmpty {
        doc.blocks.append(.heading(2, "Areas whose tests stand out (q below the level)"))
        doc.blocks.append(.list(standing))
      }
    }
    if let score {
      func percent(_ x: Double?, _ places: Int) -> String {
        x.map { SVGFormat.number($0 * 100, decimals: places) } ?? "–"
      }
      doc.blocks.append(.heading(2, "Scored against the known answers"))
      var lines: [[Document.Inline]] = [
        [
          .text(
            "recall: \(score.flaggedDoctored) of \(score.doctored) doctored precincts flagged (\(percent(score.recall, 1)) %)"
          )
        ]
      ]
      for kind in score.byDoctoring.keys.sorted() {
        let pair = score.byDoctoring[kind] ?? [0, 0]
        lines.append([.text("recall, \(kind): \(pair[0]) of \(pair[1])")])
      }
      lines.append([
        .text(
          "false positives: \(score.flaggedClean) of \(score.clean) clean precincts flagged (\(percent(score.falsePositiveRate, 2)) %)"
        )
      ])
      doc.blocks.append(.list(lines))
    }
    if !r.notes.isEmpty {
      doc.blocks.append(.heading(2, "Notes"))
      doc.blocks.append(.list(r.notes.map { [.text($0)] }))
    }
    if r.synthetic {
      doc.blocks.append(
        .notice([.text("generated protocols, not real results.")], kind: .synthetic))
    }
    return doc
  }

  /// The brief report of a run, scored when it had an answer key.
  public static func summary(_ run: ForensicFiles.Run, election: String, all: Bool = false)
    -> Document
  {
    summary(run.report, election: election, all: all, score: run.score)
  }

  /// The validation on elections with known answers as a document (`saylau forensics validate` prints
  /// its text): recall and false positives with their 95 % intervals and the range one election gives,
  /// and how often each nationwide test falls below the level in clean and doctored elections.
  public static func validation(_ result: ForensicValidation.Result) -> Document {
    func rate(_ r: ValidatedRate, _ places: Int) -> [[Document.Inline]] {
      func pc(_ x: Double) -> String { SVGFormat.fixed(x * 100, decimals: places) }
      return [
        [.text("\(SVGFormat.grouped(r.hits)) / \(SVGFormat.grouped(r.trials))")],
        [.text(pc(r.rate))], [.text("\(pc(r.interval[0])) – \(pc(r.interval[1]))")],
        [.text("\(pc(r.perElectionRange[0])) – \(pc(r.perElectionRange[1]))")],
      ]
    }
    var rows: [[[Document.Inline]]] = [
      [[.text("recall (doctored precincts flagged)")]] + rate(result.recall, 1)
    ]
    for kind in result.recallByDoctoring.keys.sorted() {
      rows.append([[.text("  recall, \(kind)")]] + rate(result.recallByDoctoring[kind]!, 1))
    }
    rows.append(
      [[.text("false positives (clean precincts flagged)")]] + rate(result.falsePositiveRate, 2))
    rows.append(
      [[.text("clean election: precincts flagged")]] + rate(result.cleanElectionFlagRate, 2))
    for kind in result.cleanElectionFlagRateByKind.keys.sorted() {
      rows.append(
        [[.text("  clean, \(kind)")]] + rate(result.cleanElectionFlagRateByKind[kind]!, 3))
    }
    var doc = Document(title: "SYNTHETIC DATA: validation on elections with known answers")
    doc.blocks.append(
      .paragraph([
        .text(
          "\(result.elections) elections of \(SVGFormat.grouped(result.precincts)) precincts, \(result.doctoredPercent) % doctored, \(result.settings.simulations) simulations, level \(SVGFormat.number(result.level, decimals: 3))."
        )
      ]))
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["figure", "hits / trials", "%", "95 % CI", "one election (2.5–97.5 %)"],
          rows: rows, numericColumns: [2])))
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["ballot", "nationwide measure", "clean: p < level", "doctored: p < level"],
          rows: result.nationalTests.map { t in
            [
              [.text(t.ballot.rawValue)], [.text(t.measure)],
              [.text("\(t.cleanBelowLevel.hits) / \(t.cleanBelowLevel.trials)")],
              [.text("\(t.doctoredBelowLevel.hits) / \(t.doctoredBelowLevel.trials)")],
            ]
          })))
    return doc
  }
}
