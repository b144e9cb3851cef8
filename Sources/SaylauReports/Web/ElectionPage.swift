import SaylauCore

/// The server's page of an election: national figures, the party lists with their votes and seats, the
/// chamber as a parliament diagram, the constituency winners and any imported protocols.
public enum ElectionPage {
  /// One row of the published national party-list result.
  public struct PartyRow: Sendable, Hashable {
    public var code: String
    public var name: String
    /// A party, "against all", or another row (independents, aggregates): only votes of parties,
    /// "against all" and aggregates count towards the shares.
    public var countsTowardsShares: Bool
    public var votes: Int?
    /// The share as published (text keeps the published decimals), if published.
    public var percent: String?
    public var listSeats: Int?
    public var constituencySeats: Int?
    public var totalSeats: Int?

    public init(
      code: String, name: String, countsTowardsShares: Bool, votes: Int?, percent: String?,
      listSeats: Int?, constituencySeats: Int?, totalSeats: Int?
    ) {
      self.code = code
      self.name = name
      self.countsTowardsShares = countsTowardsShares
      self.votes = votes
      self.percent = percent
      self.listSeats = listSeats
      self.constituencySeats = constituencySeats
      self.totalSeats = totalSeats
    }
  }

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

  /// Votes for one choice in imported protocols.
  public struct ChoiceVotes: Sendable, Hashable {
    public var choice: String
    public var votes: Int

    public init(choice: String, votes: Int) {
      self.choice = choice
      self.votes = votes
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
    public var title: String
    public var synthetic: Bool
    public var electorate: Int?
    public var ballotsCast: Int?
    public var turnoutPercent: String?
    public var source: String?
    public var parties: [PartyRow]
    public var winners: [Winner]
    public var imported: ImportedTotals?

    public init(
      title: String, synthetic: Bool, electorate: Int?, ballotsCast: Int?, turnoutPercent: String?,
      source: String?, parties: [PartyRow], winners: [Winner], imported: ImportedTotals?
    ) {
      self.title = title
      self.synthetic = synthetic
      self.electorate = electorate
      self.ballotsCast = ballotsCast
      self.turnoutPercent = turnoutPercent
      self.source = source
      self.parties = parties
      self.winners = winners
      self.imported = imported
    }
  }

  public static func document(_ input: Input) -> Document {
    var doc = Document(title: input.title)
    if input.synthetic {
      doc.blocks.append(
        .notice(
          [.text("This election's figures are "), .strong("synthetic"), .text(".")],
          kind: .synthetic))
    }
    doc.blocks.append(
      .paragraph([
        .text(
          "Electorate \(number(input.electorate)); ballots cast \(number(input.ballotsCast)); turnout \(input.turnoutPercent.map { $0 + "%" } ?? "not known")."
        )
      ]))
    // Shares recomputed in integer arithmetic (two decimals, half up) where none was published.
    let base = input.parties.filter(\.countsTowardsShares).compactMap(\.votes).reduce(0, +)
    let table = Document.Table(
      header: ["Party", "Votes", "Share of votes", "List seats", "Constituency seats", "Total"],
      rows: input.parties.enumerated().map { index, r in
        let colour = PartyStyle.style(code: r.code, name: r.name, index: index).color
        let share =
          r.percent ?? r.votes.flatMap { v in base > 0 ? SVGFormat.percent(v, of: base) : nil }
        return [
          [.swatch(colour), .text(r.name)], cell(r.votes),
          share.map { [.text($0 + "%")] } ?? HomePage.text(nil),
          cell(r.listSeats), cell(r.constituencySeats), cell(r.totalSeats),
        ]
      }, numericColumns: [1, 2, 3, 4, 5])
    let groups = input.parties.enumerated().compactMap { index, r -> ParliamentChart.Group? in
      guard let seats = r.totalSeats, seats > 0 else { return nil }
      return .init(
        code: r.code, name: r.name,
        color: PartyStyle.style(code: r.code, name: r.name, index: index).color, seats: seats)
    }
    var chamber: [Document.Block] = [.heading(2, "The chamber")]
    if let diagram = groups.isEmpty
      ? nil
      : try? ParliamentDiagram.svg(
        ParliamentChart(
          title: "Seats after the \(input.title)", groups: groups,
          source: input.source ?? "bundled data"))
    {
      chamber.append(.figure(svg: diagram, name: "parliament", caption: nil))
    } else {
      chamber.append(.notice([.text("Seats by party are not in the data.")], kind: .unknown))
    }
    doc.blocks.append(.columns([[.heading(2, "Party lists"), .table(table)], chamber]))
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
    }
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
