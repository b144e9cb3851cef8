import SaylauApportionment
import SaylauElections

/// Everything the election report shows, gathered by the caller from the data and the election engine.
public struct ElectionReportInput: Sendable {
  public struct PartyRow: Sendable, Hashable {
    public var code: String
    public var name: String
    /// List votes; `nil` for groups without a list (independents).
    public var votes: Int?
    public var listSeats: Int?
    public var constituencySeats: Int?
    public var totalSeats: Int?
    /// Provenance flags of the constituency seats, e.g. "derived" (total minus list seats).
    public var flags: [String]
    /// A derived line standing for several lists ("other lists together"): counted in vote shares, never
    /// as a party in the effective number of parties.
    public var isAggregate: Bool

    public init(
      code: String, name: String, votes: Int?, listSeats: Int?, constituencySeats: Int?,
      totalSeats: Int?,
      flags: [String] = [], isAggregate: Bool = false
    ) {
      self.code = code
      self.name = name
      self.votes = votes
      self.listSeats = listSeats
      self.constituencySeats = constituencySeats
      self.totalSeats = totalSeats
      self.flags = flags
      self.isAggregate = isAggregate
    }
  }

  public struct ConstituencyRow: Sendable, Hashable {
    public var number: Int
    public var region: String?
    public var seat: String?
    public var member: String?
    public var party: String?
    public var votePercent: String?
    public var article: String?

    public init(
      number: Int, region: String?, seat: String?, member: String?, party: String?,
      votePercent: String?,
      article: String?
    ) {
      self.number = number
      self.region = region
      self.seat = seat
      self.member = member
      self.party = party
      self.votePercent = votePercent
      self.article = article
    }
  }

  public var year: Int
  public var title: String
  public var lead: String
  /// The election's summary: the results table, the check against the published seats, the indices and
  /// the notes come from it (the same sections as the server's election page).
  public var summary: ElectionSummary
  public var constituencies: [ConstituencyRow]
  /// File names of the pictures, relative to the page.
  public var diagram: String?
  public var seatsVotesChart: String?
  public var winnersMap: String?
  /// Notes of the report itself (a picture left out, and why), before the summary's notes.
  public var notes: [String]
  public var sources: [String]

  public init(
    year: Int, title: String, lead: String, summary: ElectionSummary,
    constituencies: [ConstituencyRow], diagram: String?, seatsVotesChart: String?,
    winnersMap: String?, notes: [String], sources: [String]
  ) {
    self.year = year
    self.title = title
    self.lead = lead
    self.summary = summary
    self.constituencies = constituencies
    self.diagram = diagram
    self.seatsVotesChart = seatsVotesChart
    self.winnersMap = winnersMap
    self.notes = notes
    self.sources = sources
  }
}

/// Builds the election report page.
public enum ElectionReport {
  public static func document(_ input: ElectionReportInput) -> Document {
    var doc = Document(title: input.title)
    doc.blocks.append(.paragraph([.text(input.lead)]))
    let summary = input.summary
    var facts: [[Document.Inline]] = []
    if let e = summary.electorate {
      facts.append([.strong("Registered voters: "), .text(SVGFormat.grouped(e))])
    }
    if let b = summary.ballotsIssued {
      facts.append([.strong("Ballots cast: "), .text(SVGFormat.grouped(b))])
    }
    if let t = summary.publishedTurnout {
      facts.append([.strong("Turnout: "), .text("\(t)% (as published)")])
    }
    if !facts.isEmpty { doc.blocks.append(.list(facts)) }

    if let diagram = input.diagram {
      doc.blocks.append(.heading(2, "Composition"))
      doc.blocks.append(
        .image(
          src: diagram, alt: "Parliament diagram",
          caption: "The chamber after the election, one dot per seat."))
    }

    doc.blocks.append(.heading(2, "National results"))
    doc.blocks.append(.table(ElectionSections.resultsTable(summary)))
    doc.blocks.append(
      .paragraph([
        .text(
          "Percentages are of the votes for a party or against all, computed here from the counts. A blank cell means the figure was not found in the sources."
        )
      ]))
    if let check = ElectionSections.check(summary) { doc.blocks.append(check) }

    doc.blocks.append(.heading(2, "Seats and votes"))
    if let chart = input.seatsVotesChart {
      doc.blocks.append(
        .image(
          src: chart, alt: "Seats versus votes",
          caption: "Share of the list vote and share of all seats."))
    }
    doc.blocks += ElectionSections.indices(summary)
    doc.blocks += ElectionSections.commissionDecisions(summary)
    doc.blocks += ElectionSections.trace(summary)

    if !input.constituencies.isEmpty {
      doc.blocks.append(.heading(2, "Constituencies"))
      if let map = input.winnersMap {
        let known = input.constituencies.filter { $0.member != nil }.count
        doc.blocks.append(
          .image(
            src: map, alt: "Map of constituency winners",
            caption:
              "Winners by party. The winner is known in the data for \(known) of \(input.constituencies.count) constituencies; the others are shown as unknown, not guessed."
          ))
      }
      let rows: [[[Document.Inline]]] = input.constituencies.map { c in
        [
          c.article.map { [.link("No. \(c.number)", href: $0)] } ?? [.text("No. \(c.number)")],
          c.region.map { [.text($0)] } ?? [], c.seat.map { [.text($0)] } ?? [],
          c.member.map { [.text($0)] } ?? [.flag("unknown")], c.party.map { [.text($0)] } ?? [],
          c.votePercent.map { [.text($0)] } ?? [],
        ]
      }
      doc.blocks.append(
        .table(
          Document.Table(
            caption: "Single-mandate constituencies",
            header: ["Constituency", "Region", "Seat", "Member elected", "Party", "%"], rows: rows,
            numericColumns: [5])))
    }
    let notes = input.notes + summary.notes + summary.composition.notes
    if !notes.isEmpty {
      doc.blocks.append(.heading(2, "Notes"))
      doc.blocks.append(.list(notes.map { [.text($0)] }))
    }
    if !input.sources.isEmpty {
      doc.blocks.append(.heading(2, "Sources"))
      doc.blocks.append(.list(input.sources.map(ConstituencyArticle.sourceInline)))
    }
    return doc
  }
}
