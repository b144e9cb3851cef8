import SaylauElections

/// The printable result protocol of a count, in the form of a CEC resolution: the preamble (what was
/// counted, under which law or what-if), the numbers, every step of the count with its table (rules.md A8
/// for the list seats, each constituency decision with its reason), the seats, the deputies and the
/// decisions left to the commission. One HTML page with its own print stylesheet (A4, tables unbroken).
public enum ResultProtocol {
  /// The resolution as a document.
  public static func document(_ s: ElectionSummary) -> Document {
    var blocks: [Document.Block] = []
    if s.synthetic {
      blocks.append(
        .notice(
          [.strong("SYNTHETIC DATA"), .text(": made up, not a real result.")], kind: .synthetic))
    }
    if s.isWhatIf {
      blocks.append(
        .notice(
          [
            .strong("WHAT-IF"),
            .text(
              " (not the law's count): \(s.whatIfChanges.joined(separator: ", "))\(s.whatIfReason.map { ". \($0)" } ?? "")."
            ),
          ], kind: .info))
    }
    let r = s.regime
    blocks.append(
      .paragraph([
        .text(
          "Having counted the votes of the \(s.election.title)\(s.election.title.contains(s.election.date.longDescription) ? "" : " (\(s.election.date.longDescription))") under regime \(r.id): \(r.totalSeats) seats, of which \(r.listSeats) by party lists in one nationwide district, \(r.constituencySeats) in single-member constituencies and \(r.appointedSeats) filled by appointment, the commission establishes the following."
        )
      ]))
    blocks.append(.heading(2, "1. The votes"))
    var figures: [[[Document.Inline]]] = []
    func figure(_ label: String, _ value: Int?) {
      figures.append([[.text(label)], [.text(value.map(ListSeatTrace.groupedText) ?? "not known")]])
    }
    figure("Voters on the lists", s.electorate)
    figure("Ballots issued", s.ballotsIssued)
    figure("Invalid ballots", s.invalid)
    if s.regime.againstAllOnBallot != false || s.againstAll != nil {
      figure("Against all", s.againstAll)
    }
    if let c = s.listCount { figure("Threshold base (\(c.thresholdBase.label))", c.base) }
    blocks.append(
      .table(Document.Table(header: ["figure", "count"], rows: figures, numericColumns: [1])))
    blocks += ElectionSections.trace(s, heading: "2. The count, step by step")
    blocks.append(.heading(2, "3. The seats"))
    blocks.append(
      .table(
        Document.Table(
          header: ["party", "votes", "list", "constituency", "appointed", "total"],
          rows: s.rows.map { row in
            [
              [.text(row.name)], [.text(row.votes.map(ListSeatTrace.groupedText) ?? "")],
              [.text(String(row.listSeats))],
              [.text(row.constituencySeats.map(String.init) ?? "unknown")],
              [.text(String(row.appointedSeats))],
              [.text(row.totalSeats.map(String.init) ?? "unknown")],
            ]
          } + [
            [
              [.strong("total")], [.text("")],
              [.text(String(s.rows.reduce(0) { $0 + $1.listSeats }))],
              [.text("")], [.text("")], [.strong(s.totalSeats.map(String.init) ?? "unknown")],
            ]
          ], numericColumns: [1, 2, 3, 4, 5])))
    if let c = s.chamber {
      blocks.append(.heading(2, "4. The deputies"))
      blocks.append(
        .table(
          Document.Table(
            header: ["deputy", "party", "seat", "rule"],
            rows: c.deputies.map { d in
              [
                [.text(d.name)], [.text(d.party ?? "")], [.text(d.seat.description)],
                [.text(d.explanation)],
              ]
            }
              + c.vacant.map { v in
                [
                  [.strong("vacant")], [.text(v.seat.party ?? "")], [.text(v.seat.description)],
                  [.text(v.explanation)],
                ]
              })))
      if c.appointed.reduce(0, { $0 + $1.seats }) > 0 {
        blocks.append(
          .paragraph(
            c.appointed.map {
              .text(
                "\($0.seats) deputies are elected by the \($0.body); their names are not in the data. "
              )
            }))
      }
    }
    if !s.commissionDecisions.isEmpty {
      blocks.append(.heading(2, "\(s.chamber == nil ? 4 : 5). For the commission to decide"))
      blocks.append(.list(s.commissionDecisions.map { [.text($0)] }))
    }
    if !s.notes.isEmpty {
      blocks.append(.heading(2, "Notes"))
      blocks.append(.list(s.notes.map { [.text($0)] }))
    }
    if !s.sources.isEmpty {
      blocks.append(.heading(2, "Sources"))
      blocks.append(.list(s.sources.map { [.link($0, href: $0)] }))
    }
    return Document(title: "Protocol of the results: \(s.election.title)", blocks: blocks)
  }

  /// The resolution as one HTML page that prints well on its own (the styles are inside).
  /// The resolution as one printable HTML page; `standing` (the results' state, the snapshot's hash) is
  /// printed at the top and in the footer.
  public static func html(_ s: ElectionSummary, standing: String? = nil) -> String {
    var d = document(s)
    if let standing { d.blocks.insert(.notice([.text(standing)], kind: .info), at: 0) }
    return d.html(
      stylesheet: "",
      footer:
        "Saylau result protocol. \(standing.map { "\($0) " } ?? "")\(s.synthetic ? "SYNTHETIC DATA. " : "")\(s.isWhatIf ? "WHAT-IF, not the official result." : "")",
      embeddedStyle: Document.stylesheet + printStylesheet)
  }

  /// A4 pages, tables kept whole where they fit, links printed plainly.
  public static let printStylesheet = """
    @page { size: A4; margin: 18mm 15mm; }
    @media print {
      body { font-size: 10pt; } main { max-width: none; padding: 0; }
      nav, .scroll { overflow: visible; }
      table.wikitable { page-break-inside: auto; } tr { page-break-inside: avoid; }
      h2 { page-break-after: avoid; } a { color: #202122; }
      .notice { border: 2px solid #202122; }
    }

    """
}
