import SaylauElections

/// The sections every page of an election shares, built from its ``ElectionSummary``: the results table,
/// the check against the published seats, the indices with their bases, and the notes. The static report
/// and the server's page both use them, so both show the same figures.
public enum ElectionSections {
  /// The party-list vote and the seats: one row per party or group of the summary that had votes or won
  /// seats, "against all", and the totals. Percentages are of the threshold base when the count has one,
  /// else of the votes shown.
  ///
  /// - Parameters:
  ///   - styles: when given, each party's name is preceded by its colour.
  ///   - threshold: adds a column saying whether each list passed the threshold (or was admitted as the
  ///     runner-up).
  public static func resultsTable(
    _ s: ElectionSummary, styles: PartyStyles? = nil,
    caption: String? = "Party-list vote and seats",
    threshold: Bool = false
  ) -> Document.Table {
    let shown = s.rows.filter { $0.votes != nil || ($0.totalSeats ?? 1) > 0 }
    let valid = shown.compactMap(\.votes).reduce(0, +) + (s.againstAll ?? 0)
    func cell(_ v: Int?) -> [Document.Inline] { v.map { [.text(SVGFormat.grouped($0))] } ?? [] }
    var rows: [[[Document.Inline]]] = []
    for (index, p) in shown.enumerated() {
      var name: [Document.Inline] = [.text(p.name)]
      if let styles {
        name.insert(.swatch(styles.style(code: p.party, name: p.name, index: index).color), at: 0)
      }
      let pct: [Document.Inline] = p.votes.map { [.text(SVGFormat.percent($0, of: valid))] } ?? []
      var list = [Document.Inline.text(String(p.listSeats))]
      if let published = p.publishedListSeats, published != p.listSeats {
        list.append(.flag("published \(published)"))
      }
      var smd = cell(p.constituencySeats)
      if !p.derived.isEmpty { smd.append(.flag("derived")) }
      var row = [name, cell(p.votes), pct, list, smd, cell(p.totalSeats)]
      if threshold {
        let passed: String? = p.passedThreshold.map {
          $0 ? "yes" : (p.admittedAsRunnerUp == true ? "runner-up" : "no")
        }
        row.insert(passed.map { [Document.Inline.text($0)] } ?? [], at: 3)
      }
      rows.append(row)
    }
    if let a = s.againstAll {
      var row: [[Document.Inline]] = [
        [.text("Against all")], cell(a), [.text(SVGFormat.percent(a, of: valid))], [], [], [],
      ]
      if threshold { row.append([]) }
      rows.append(row)
    }
    let totalList = shown.map(\.listSeats).reduce(0, +)
    let totalSmd =
      shown.allSatisfy { $0.constituencySeats != nil }
      ? shown.compactMap(\.constituencySeats).reduce(0, +) : nil
    var total: [[Document.Inline]] = [
      [.strong("Total")], [.strong(SVGFormat.grouped(valid))], [.text("100.00")],
      [.strong(String(totalList))], totalSmd.map { [.strong(String($0))] } ?? [],
      s.totalSeats.map { [.strong(String($0))] } ?? [],
    ]
    if threshold { total.insert([], at: 3) }
    rows.append(total)
    var header = ["Party", "Votes", "%", "List seats", "Constituency seats", "Total seats"]
    if threshold { header.insert("Passed", at: 3) }
    return Document.Table(
      caption: caption, header: header, rows: rows,
      numericColumns: threshold ? [1, 2, 4, 5, 6] : [1, 2, 3, 4, 5])
  }

  /// The summary as a document of its own: what the count was (regime, seats, formula, threshold and its
  /// base), the results with the threshold column, the check, the ties, the indices and the notes. The
  /// command line prints it as text (`saylau seats`).
  public static func document(_ s: ElectionSummary, styles: PartyStyles? = nil) -> Document {
    var doc = Document(title: s.election.title)
    if s.synthetic {
      doc.blocks.append(.notice([.text("generated figures, not real results.")], kind: .synthetic))
    }
    let r = s.regime
    var facts =
      "Regime \(r.id): \(r.totalSeats) seats (\(r.listSeats) list, \(r.constituencySeats) constituency, \(r.appointedSeats) appointed)."
    if let c = s.listCount {
      facts +=
        " List seats: \(c.seats) by \(c.method); threshold \(c.threshold) of \(c.thresholdBase.label) = \(SVGFormat.grouped(c.base)) votes."
      if c.runnerUpGuaranteeApplied { facts += " Runner-up guarantee applied." }
    }
    doc.blocks.append(.paragraph([.text(facts)]))
    doc.blocks.append(.table(resultsTable(s, styles: styles, caption: nil, threshold: true)))
    if let check = check(s) { doc.blocks.append(check) }
    if let ties = s.listCount?.tiesBroken, !ties.isEmpty {
      doc.blocks.append(.list(ties.map { [.strong("Tie: "), .text($0)] }))
    }
    doc.blocks += indices(s)
    doc.blocks += commissionDecisions(s)
    doc.blocks += trace(s)
    doc.blocks += notes(s)
    return doc
  }

  /// What the law leaves to the commission (no list passed the threshold, a tie, a runoff without its
  /// protocols, …), as a list headed so.
  public static func commissionDecisions(_ s: ElectionSummary) -> [Document.Block] {
    guard !s.commissionDecisions.isEmpty else { return [] }
    return [
      .heading(2, "For the commission to decide"),
      .list(s.commissionDecisions.map { [.text($0)] }),
    ]
  }

  /// Every allocation method on the election's list vote, side by side: a what-if, said so first.
  public static func methodComparison(_ c: MethodComparison) -> Document {
    var doc = Document(title: "\(c.election.title): every allocation method")
    doc.blocks.append(
      .notice(
        [
          .text(
            "WHAT-IF (not the official result): every method on the list vote, \(c.listSeats) seats, threshold \(c.threshold); the formula of the law is marked."
          )
        ], kind: .info))
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["Method"] + c.parties + ["Gallagher (list tier)"],
          rows: c.rows.map { r in
            [[.text(r.method.name + (r.isLegalMethod ? " (law)" : ""))]]
              + c.parties.map { [.text(String(r.seats[$0] ?? 0))] }
              + [[.text(r.gallagherListTier.map { SVGFormat.fixed($0, decimals: 2) } ?? "")]]
          }, numericColumns: Set(1...(c.parties.count + 1)))))
    return doc
  }

  /// The engine's list seats against the published ones, in a sentence.
  public static func check(_ s: ElectionSummary) -> Document.Block? {
    let published = s.rows.filter { $0.publishedListSeats != nil }
    guard !published.isEmpty, let count = s.listCount else { return nil }
    let differ = published.filter { $0.publishedListSeats != $0.listSeats }
    let text =
      s.isWhatIf
      ? " a what-if (\(s.whatIfChanges.joined(separator: ", "))): these are not the published seats."
      : differ.isEmpty
        ? " the list seats decided by Saylau's election engine (\(s.regime.id): \(count.method), threshold \(count.threshold)) agree with the CEC's published list seats for all \(published.count) lists."
        : " the engine's list seats differ from the published ones: "
          + differ.map { "\($0.name): engine \($0.listSeats), published \($0.publishedListSeats!)" }
          .joined(separator: "; ")
    return .paragraph([.strong("Check:"), .text(text)])
  }

  /// The disproportionality and fragmentation indices, each with its basis.
  public static func indices(_ s: ElectionSummary) -> [Document.Block] {
    guard !s.indices.isEmpty else { return [] }
    return [
      .table(
        Document.Table(
          caption: "Disproportionality and fragmentation", header: ["Index", "Value", "Basis"],
          rows: s.indices.map {
            [[.text($0.name)], [.text(SVGFormat.fixed($0.value, decimals: 2))], [.text($0.basis)]]
          }, numericColumns: [1])),
      .paragraph([
        .text(
          "Computed by SaylauElections (the election summary, with SaylauApportionment's ProportionalityIndex) from the counts above; indices are descriptive statistics and are rounded to two decimals."
        ), .flag("derived"),
      ]),
    ]
  }

  /// The count step by step (the summary's ``CountTrace``): each decision with the rule it applies and its
  /// table (rules.md A8 for the list seats), numbered as the command line numbers them.
  public static func trace(_ s: ElectionSummary, heading: String? = "How the seats were counted")
    -> [Document.Block]
  {
    guard !s.trace.steps.isEmpty else { return [] }
    var blocks: [Document.Block] = heading.map { [.heading(2, $0)] } ?? []
    for (i, step) in s.trace.steps.enumerated() {
      let rule = step.rule.map { " (rules.md \($0))" } ?? ""
      blocks.append(.paragraph([.strong("\(i + 1).\(rule) "), .text(step.text)]))
      if let table = step.table, !table.rows.isEmpty {
        blocks.append(
          .table(
            Document.Table(
              header: table.columns, rows: table.rows.map { $0.map { [.text($0)] } },
              numericColumns: numericColumns(table))))
      }
    }
    return blocks
  }

  /// Columns whose every cell reads as a number.
  static func numericColumns(_ table: StepTable) -> Set<Int> {
    var out = Set<Int>()
    for i in table.columns.indices {
      let cells = table.rows.compactMap { i < $0.count ? $0[i] : nil }.filter { !$0.isEmpty }
      if !cells.isEmpty && cells.allSatisfy({ $0.allSatisfy { "0123456789,.+-…".contains($0) } }) {
        out.insert(i)
      }
    }
    return out
  }

  /// The summary's notes.
  public static func notes(_ s: ElectionSummary) -> [Document.Block] {
    let notes = s.notes + s.composition.notes
    guard !notes.isEmpty else { return [] }
    return [.heading(2, "Notes"), .list(notes.map { [.text($0)] })]
  }
}
