import SaylauCore
import SaylauElections

/// The server's page of an election: national figures, the party lists with their votes and seats, the
/// chamber as a parliament diagram, the constituency winners and any imported protocols.
public enum ElectionPage {
  /// A constituency winner.
  public struct Winner: Sendable, Hashable {
    public var constituency: Int
    public var name: String
    public var party: String?

    public init(constituency: Int, name: String, party: String?) {
      self.constituency = constituency
      self.name = name
      self.party = party
    }
  }

  /// Sums of imported polling-station protocols for one ballot.
  public struct ImportedTotals: Sendable, Hashable {
    public var stations: Int
    public var electorate: Int?
    public var ballotsCast: Int?
    public var invalid: Int?
    public var votes: [ChoiceVotes]
    public var synthetic: Bool

    public init(
      stations: Int, electorate: Int?, ballotsCast: Int?, invalid: Int?, votes: [ChoiceVotes],
      synthetic: Bool
    ) {
      self.stations = stations
      self.electorate = electorate
      self.ballotsCast = ballotsCast
      self.invalid = invalid
      self.votes = votes
      self.synthetic = synthetic
    }
  }

  public struct Input: Sendable {
    /// The election's summary: the same seats, check, indices and notes as `saylau seats` and the report.
    public var summary: ElectionSummary
    public var styles: PartyStyles
    public var winners: [Winner]
    public var imported: ImportedTotals?

    public init(
      summary: ElectionSummary, styles: PartyStyles, winners: [Winner], imported: ImportedTotals?
    ) {
      self.summary = summary
      self.styles = styles
      self.winners = winners
      self.imported = imported
    }
  }

  public static func document(_ input: Input) -> Document {
    let s = input.summary
    var doc = Document(title: s.election.title)
    if s.synthetic {
      doc.blocks.append(
        .notice(
          [.text("This election's figures are "), .strong("synthetic"), .text(".")],
          kind: .synthetic))
    }
    doc.blocks.append(
      .paragraph([
        .text(
          "Electorate \(number(s.electorate)); ballots cast \(number(s.ballotsIssued)); turnout \(s.publishedTurnout.map { $0 + "% (as published)" } ?? "not known")."
        )
      ]))
    let table = ElectionSections.resultsTable(s, styles: input.styles, caption: nil)
    let groups = s.rows.enumerated().compactMap { index, r -> ParliamentChart.Group? in
      guard let seats = r.totalSeats, seats > 0 else { return nil }
      let style = input.styles.style(code: r.party, name: r.name, index: index)
      return .init(code: r.party, name: style.shortName, color: style.color, seats: seats)
    }
    var chamber: [Document.Block] = [.heading(2, "The chamber")]
    if s.totalSeats != nil, !groups.isEmpty,
      let diagram = try? ParliamentDiagram.svg(
        ParliamentChart(
          title: "Seats after the \(s.election.title)", groups: groups,
          source: s.sources.first ?? "bundled data"))
    {
      chamber.append(.figure(svg: diagram, name: "parliament", caption: nil))
    } else {
      chamber.append(.notice([.text("Seats by party are not all known.")], kind: .unknown))
    }
    doc.blocks.append(.columns([[.heading(2, "Party lists"), .table(table)], chamber]))
    if let check = ElectionSections.check(s) { doc.blocks.append(check) }
    doc.blocks += ElectionSections.indices(s)
    doc.blocks += ElectionSections.commissionDecisions(s)
    doc.blocks += ElectionSections.trace(s)
    doc.blocks.append(.heading(2, "Constituency winners known"))
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["No.", "Member", "Party or nomination"],
          rows: input.winners.map { w in
            [
              [.link(String(w.constituency), href: "/constituencies/\(w.constituency)")],
              [.text(w.name)], HomePage.text(w.party),
            ]
          }, numericColumns: [0])))
    if let imported = input.imported, imported.stations > 0 {
      doc.blocks += importedSection(
        title: "Imported party-list protocols", imported,
        summary: "\(imported.stations) polling stations.", choiceHeader: "Choice")
      doc.blocks.append(
        .paragraph([
          .text("Which of these protocols deserve a second look: "),
          .link("remarkable results", href: "/elections/\(s.election.id)/forensics"), .text("."),
        ]))
    }
    doc.blocks += ElectionSections.notes(s)
    return doc
  }

  /// A section with the sums of imported protocols, flagged when any is synthetic.
  static func importedSection(
    title: String, _ imported: ImportedTotals, summary: String, choiceHeader: String
  ) -> [Document.Block] {
    var blocks: [Document.Block] = [.heading(2, title)]
    if imported.synthetic {
      blocks.append(
        .notice(
          [.text("Some imported protocols are marked "), .strong("synthetic"), .text(".")],
          kind: .synthetic))
    }
    blocks.append(.paragraph([.text(summary)]))
    blocks.append(
      .table(
        Document.Table(
          header: [choiceHeader, "Votes"],
          rows: imported.votes.map { [[.text($0.choice)], [.text(SVGFormat.grouped($0.votes))]] },
          numericColumns: [1])))
    return blocks
  }

  static func cell(_ value: Int?) -> [Document.Inline] {
    value.map { [.text(SVGFormat.grouped($0))] } ?? HomePage.text(nil)
  }

  static func number(_ value: Int?) -> String { value.map(SVGFormat.grouped) ?? "not known" }
}
