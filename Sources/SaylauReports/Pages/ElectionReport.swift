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
  public var parties: [PartyRow]
  public var againstAll: Int?
  public var electorate: Int?
  public var ballotsCast: Int?
  /// Turnout as published (text, e.g. "54.21"), never recomputed silently.
  public var turnoutPublished: String?
  public var constituencies: [ConstituencyRow]
  /// File names of the pictures, relative to the page.
  public var diagram: String?
  public var seatsVotesChart: String?
  public var winnersMap: String?
  public var notes: [String]
  public var sources: [String]
  /// A line checking the engine against the published list seats, e.g. "agree for all 7 parties".
  public var engineCheck: String?
  /// The disproportionality and fragmentation indices, each with its basis (from the election summary).
  public var indices: [ElectionSummary.Index]

  public init(
    year: Int, title: String, lead: String, parties: [PartyRow], againstAll: Int?, electorate: Int?,
    ballotsCast: Int?, turnoutPublished: String?, constituencies: [ConstituencyRow],
    diagram: String?,
    seatsVotesChart: String?, winnersMap: String?, notes: [String], sources: [String],
    engineCheck: String?, indices: [ElectionSummary.Index] = []
  ) {
    self.indices = indices
    self.year = year
    self.title = title
    self.lead = lead
    self.parties = parties
    self.againstAll = againstAll
    self.electorate = electorate
    self.ballotsCast = ballotsCast
    self.turnoutPublished = turnoutPublished
    self.constituencies = constituencies
    self.diagram = diagram
    self.seatsVotesChart = seatsVotesChart
    self.winnersMap = winnersMap
    self.notes = notes
    self.sources = sources
    self.engineCheck = engineCheck
  }
}

/// Builds the election report page.
public enum ElectionReport {
  public static func document(_ input: ElectionReportInput) -> Document {
    var doc = Document(title: input.title)
    doc.blocks.append(.paragraph([.text(input.lead)]))
    var facts: [[Document.Inline]] = []
    if let e = input.electorate {
      facts.append([.strong("Registered voters: "), .text(SVGFormat.grouped(e))])
    }
    if let b = input.ballotsCast {
      facts.append([.strong("Ballots cast: "), .text(SVGFormat.grouped(b))])
    }
    if let t = input.turnoutPublished {
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
    let validParty = input.parties.compactMap(\.votes).reduce(0, +) + (input.againstAll ?? 0)
    var rows: [[[Document.Inline]]] = []
    func cell(_ v: Int?) -> [Document.Inline] { v.map { [.text(SVGFormat.grouped($0))] } ?? [] }
    for p in input.parties {
      let pct: [Document.Inline] =
        p.votes.map { [.text(SVGFormat.percent($0, of: validParty))] } ?? []
      var smd = cell(p.constituencySeats)
      for f in p.flags { smd.append(.flag(f)) }
      rows.append([[.text(p.name)], cell(p.votes), pct, cell(p.listSeats), smd, cell(p.totalSeats)])
    }
    if let a = input.againstAll {
      rows.append([
        [.text("Against all")], cell(a), [.text(SVGFormat.percent(a, of: validParty))], [], [], [],
      ])
    }
    let totalList = input.parties.compactMap(\.listSeats).reduce(0, +)
    let totalSmd =
      input.parties.allSatisfy { $0.constituencySeats != nil }
      ? input.parties.compactMap(\.constituencySeats).reduce(0, +) : nil
    let totalSeats =
      input.parties.allSatisfy { $0.totalSeats != nil }
      ? input.parties.compactMap(\.totalSeats).reduce(0, +) : nil
    rows.append([
      [.strong("Total")], [.strong(SVGFormat.grouped(validParty))], [.text("100.00")],
      [.strong(String(totalList))], totalSmd.map { [.strong(String($0))] } ?? [],
      totalSeats.map { [.strong(String($0))] } ?? [],
    ])
    doc.blocks.append(
      .table(
        Document.Table(
          caption: "Party-list vote and seats",
          header: ["Party", "Votes", "%", "List seats", "Constituency seats", "Total seats"],
          rows: rows,
          numericColumns: [1, 2, 3, 4, 5])))
    doc.blocks.append(
      .paragraph([
        .text(
          "Percentages are of the votes for a party or against all, computed here from the counts. A blank cell means the figure was not found in the sources."
        )
      ]))
    if let check = input.engineCheck {
      doc.blocks.append(.paragraph([.strong("Check:"), .text(" " + check)]))
    }

    doc.blocks.append(.heading(2, "Seats and votes"))
    if let chart = input.seatsVotesChart {
      doc.blocks.append(
        .image(
          src: chart, alt: "Seats versus votes",
          caption: "Share of the list vote and share of all seats."))
    }
    let indices = input.indices
    if !indices.isEmpty {
      doc.blocks.append(
        .table(
          Document.Table(
            caption: "Disproportionality and fragmentation", header: ["Index", "Value", "Basis"],
            rows: indices.map {
              [
                [.text($0.name)], [.text(SVGFormat.fixed($0.value, decimals: 2))],
                [.text($0.basis)],
              ]
            },
            numericColumns: [1])))
      doc.blocks.append(
        .paragraph([
          .text(
            "Computed by SaylauElections (the election summary, with SaylauApportionment's ProportionalityIndex) from the counts above; indices are descriptive statistics and are rounded to two decimals."
          ), .flag("derived"),
        ]))
    }

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
    if !input.notes.isEmpty {
      doc.blocks.append(.heading(2, "Notes"))
      doc.blocks.append(.list(input.notes.map { [.text($0)] }))
    }
    if !input.sources.isEmpty {
      doc.blocks.append(.heading(2, "Sources"))
      doc.blocks.append(.list(input.sources.map(ConstituencyArticle.sourceInline)))
    }
    return doc
  }
}
