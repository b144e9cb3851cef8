import SaylauCore
import SaylauRegistry

/// The server's page of one constituency on a day: locator map and infobox, the lead paragraph and the
/// geography of the static article, the composition with each unit's provenance, the history of the number,
/// the election's candidates and any imported protocols.
public enum ConstituencyPage {
  /// A candidate of the constituency's election, as the results give it.
  public struct Candidate: Sendable, Hashable {
    public var name: String
    public var party: String?
    public var votes: Int?
    /// As published (text keeps the published decimals).
    public var percent: String?
    public var elected: Bool

    public init(name: String, party: String?, votes: Int?, percent: String?, elected: Bool) {
      self.name = name
      self.party = party
      self.votes = votes
      self.percent = percent
      self.elected = elected
    }
  }

  public struct Input: Sendable {
    public var profile: ConstituencyProfile
    public var registry: Registry
    public var date: CalendarDate
    /// The locator map (``ConstituencyMap/locatorSVG(number:title:geometry:width:)``).
    public var locator: String
    /// The title of the election the candidates come from, if any is stored.
    public var election: String?
    public var candidates: [Candidate]
    public var imported: ElectionPage.ImportedTotals?

    public init(
      profile: ConstituencyProfile, registry: Registry, date: CalendarDate, locator: String,
      election: String?, candidates: [Candidate], imported: ElectionPage.ImportedTotals?
    ) {
      self.profile = profile
      self.registry = registry
      self.date = date
      self.locator = locator
      self.election = election
      self.candidates = candidates
      self.imported = imported
    }
  }

  public static func document(_ input: Input) -> Document {
    let p = input.profile
    var doc = Document(
      title: "Constituency No. \(p.number)" + (p.seat.map { " — \($0)" } ?? ""))
    let winner = input.candidates.first(where: \.elected)
    let borders: [Document.Inline] =
      p.borders.isEmpty
      ? HomePage.text(nil)
      : p.borders.enumerated().flatMap { i, n -> [Document.Inline] in
        (i == 0 ? [] : [.text(", ")]) + [.link(String(n), href: "/constituencies/\(n)")]
      }
    func count(_ value: Int?, _ year: Int?) -> [Document.Inline] {
      guard let value else { return HomePage.text(nil) }
      return [.text(SVGFormat.grouped(value) + (year.map { " (\($0))" } ?? ""))]
    }
    let infobox = Document.Infobox(
      title: "Constituency No. \(p.number)", image: nil,
      rows: [
        ("Region", HomePage.text(p.region)), ("Seat", HomePage.text(p.seat)),
        ("Established", HomePage.text(p.inForce?.description)),
        ("Abolished", [.text(p.abolished?.description ?? "in force")]),
        ("Population", count(p.population, p.populationYear)),
        ("Electorate", count(p.electorate, p.electorateYear)),
        ("Member", HomePage.text(winner?.name ?? p.member)),
        ("Party", HomePage.text(winner?.party ?? p.party)), ("Borders", borders),
      ])
    doc.blocks.append(
      .columns([
        [.figure(svg: input.locator, name: "locator", caption: nil)], [.infobox(infobox)],
      ]))
    doc.blocks.append(.paragraph([.text(ConstituencySummary.lead(p))]))
    doc.blocks += ConstituencyArticle.geography(p, articleLink: { "/constituencies/\($0)" })

    doc.blocks.append(.heading(2, "Composition"))
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["Unit", "Kind", "Population", "Note"],
          rows: p.compositionDetails.map { part in
            let unit = input.registry.unit(code: part.code)
            var flags: [String] = []
            if part.partial { flags.append("part only") }
            if part.basis != .sourced { flags.append(part.basis.rawValue) }
            return [
              [.text(part.name)],
              [.text(part.kind.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") } ?? "")],
              count(unit?.population?.value, unit?.population?.year),
              flags.map { .flag($0) },
            ]
          }, numericColumns: [2])))

    doc.blocks.append(.heading(2, "History"))
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["From", "Until", "Region", "Member"],
          rows: p.history.map { life in
            [
              HomePage.text(life.from?.description), [.text(life.until?.description ?? "in force")],
              HomePage.text(life.region), HomePage.text(life.member),
            ]
          })))

    doc.blocks.append(.heading(2, input.election.map { "Result: \($0)" } ?? "Result"))
    if input.candidates.isEmpty {
      doc.blocks.append(
        .notice([.text("No result for this constituency is in the data.")], kind: .unknown))
    } else {
      doc.blocks.append(
        .table(
          Document.Table(
            header: ["Candidate", "Party or nomination", "Votes", "Share", ""],
            rows: input.candidates.map { c in
              [
                [.text(c.name)], HomePage.text(c.party),
                c.votes.map { [.text(SVGFormat.grouped($0))] } ?? HomePage.text(nil),
                c.percent.map { [.text($0 + "%")] } ?? HomePage.text(nil),
                c.elected ? [.strong("elected")] : [],
              ]
            }, numericColumns: [2, 3])))
    }
    if let imported = input.imported, imported.stations > 0 {
      doc.blocks += ElectionPage.importedSection(
        title: "Imported protocols", imported,
        summary:
          "\(imported.stations) polling stations; ballots cast \(number(imported.ballotsCast)) of \(number(imported.electorate)) voters; invalid \(number(imported.invalid)).",
        choiceHeader: "Candidate")
    }
    doc.blocks += ConstituencyArticle.sourcesAndNotes(sources: p.sources, notes: p.notes)
    doc.blocks.append(
      .paragraph([
        .link("All constituencies", href: "/"), .text(" · "),
        .link("JSON", href: "/api/v1/constituencies/\(p.number)?date=\(input.date)"),
      ]))
    return doc
  }

  static func number(_ value: Int?) -> String { value.map(SVGFormat.grouped) ?? "not known" }
}
