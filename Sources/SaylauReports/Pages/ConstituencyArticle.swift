import Foundation
import SaylauCore
import SaylauElections
import SaylauRegistry

/// Facts about one constituency's election that are not in the registry (taken from the results data).
public struct ConstituencyElectionFacts: Sendable, Hashable {
  public var year: Int
  /// What was published about the constituency's result in that election.
  public var outcome: ConstituencyOutcome

  public init(year: Int, outcome: ConstituencyOutcome) {
    self.year = year
    self.outcome = outcome
  }

  public var registeredCandidates: Int? { outcome.registeredCandidates }
  /// Region-wide preliminary turnout (text as published); not the constituency's own turnout.
  public var regionTurnoutPreliminary: String? { outcome.regionTurnoutPreliminary }
  public var winner: String? { outcome.winner }
  public var winnerNomination: String? { outcome.winnerNomination }
  public var winnerPercent: String? { outcome.winnerPercent }
  public var winnerVotes: Int? { outcome.winnerVotes }
  public var sources: [String] { outcome.sources }
}

/// What an article needs beyond the registry's profile.
public struct ArticleExtras: Sendable {
  /// The locator map's file name, relative to the article.
  public var locatorMap: String?
  /// Compass direction of each neighbour (by number), derived from the map.
  public var neighbourDirections: [Int: String]
  public var elections: [ConstituencyElectionFacts]
  /// The chamber's elections since the registry's first constituency set, for the members table: whether
  /// each was held with single-mandate constituencies at all.
  public var memberElections: [MemberElection]
  /// Link to the election report, relative to the article.
  public var electionReport: String?
  /// Relative link to another constituency's article, by number.
  public var articleLink: @Sendable (Int) -> String?

  public init(
    locatorMap: String?, neighbourDirections: [Int: String], elections: [ConstituencyElectionFacts],
    memberElections: [MemberElection] = [], electionReport: String?,
    articleLink: @escaping @Sendable (Int) -> String?
  ) {
    self.memberElections = memberElections
    self.locatorMap = locatorMap
    self.neighbourDirections = neighbourDirections
    self.elections = elections
    self.electionReport = electionReport
    self.articleLink = articleLink
  }
}

/// One election of the chamber as a constituency's members table lists it.
public struct MemberElection: Sendable, Hashable {
  public var year: Int
  /// Whether the election was held with single-mandate constituencies (its regime had some).
  public var constituenciesUsed: Bool

  public init(year: Int, constituenciesUsed: Bool) {
    self.year = year
    self.constituenciesUsed = constituenciesUsed
  }

  /// The elections of `chamber` since the registry's first constituency set, from the catalogue.
  public static func list(
    registry: Registry, elections: ElectionCatalogue, regimes: RegimeTable, chamber: String
  ) -> [MemberElection] {
    let first = registry.schemes.map(\.inForce.earliest).min()
    return elections.elections.filter { e in
      e.chamber == chamber && first.map { e.date.latest >= $0 } ?? false
    }.map { e in
      MemberElection(
        year: e.date.year,
        constituenciesUsed: (regimes.regime(id: e.regimeID)?.constituencySeats ?? 0) > 0)
    }
  }
}

/// Builds a constituency's article in the shape of the encyclopedia article in `shared/seeds`: infobox,
/// lead, geography with neighbours, history of the number, members and results per election, locator map.
/// Every fact carries its provenance where it is not plainly sourced (inferred, deduced, derived), and a fact
/// the data lacks is left blank or said to be unknown.
public enum ConstituencyArticle {
  public static func document(
    profile p: ConstituencyProfile, registry: Registry, extras: ArticleExtras
  ) -> Document {
    var doc = Document(title: p.name.en)
    let lives = registry.history(of: p.number)

    // Infobox.
    var box: [(label: String, value: [Document.Inline])] = []
    var native: [Document.Inline] = []
    if let kk = p.name.kk { native.append(.text("Kazakh: \(kk)")) }
    if let ru = p.name.ru { native.append(.text((native.isEmpty ? "" : "; ") + "Russian: \(ru)")) }
    if !native.isEmpty { box.append(("Native name", native)) }
    box.append(("Parliament", [.text("Mäjilis")]))
    var regionCells: [Document.Inline] = []
    for life in lives {
      guard let scheme = registry.scheme(id: life.schemeID) else { continue }
      // The region as the source names it for that life (the loader gives current lives the current name).
      let region = life.regionName ?? life.regionCode.flatMap { registry.region(code: $0)?.name.en }
      let span = "\(scheme.inForce.year)–\(scheme.abolished.map { String($0.year) } ?? "present")"
      regionCells.append(
        .text((regionCells.isEmpty ? "" : "; ") + "\(region ?? "unknown region") (\(span))"))
    }
    if !regionCells.isEmpty { box.append(("Region", regionCells)) }
    if let pop = p.population, let year = p.populationYear {
      box.append(("Population", [.text("\(SVGFormat.grouped(pop)) (\(year))")]))
    } else {
      box.append(("Population", [.text("not known"), .flag("unknown")]))
    }
    if let el = p.electorate, let year = p.electorateYear {
      var value: [Document.Inline] = [.text("\(SVGFormat.grouped(el)) (\(year))")]
      if let source = p.electorateSource {
        value.append(.text(" — "))
        value.append(contentsOf: sourceInline(source))
      }
      box.append(("Electorate", value))
    } else {
      box.append(("Electorate", [.text("not known"), .flag("unknown")]))
    }
    if let seat = p.seat { box.append(("Seat", [.text(seat)])) }
    // The year the CEC formed each life (2022 for the set in force from 1 January 2023, as the seed has it).
    let established = lives.compactMap { registry.scheme(id: $0.schemeID)?.formed.year }.map(
      String.init)
    if !established.isEmpty {
      let text = established.enumerated().map {
        $0.offset == 0 ? $0.element : "\($0.element) (re-established)"
      }
      box.append(("Established", [.text(text.joined(separator: "; "))]))
    }
    if let abolished = p.abolished { box.append(("Abolished", [.text(abolished.description)])) }
    box.append(("Seats", [.text("1")]))
    if let member = p.member {
      box.append(("Member", [.text(member)]))
      box.append(("Party", p.party.map { [.text($0)] } ?? [.text("not known"), .flag("unknown")]))
      if let year = p.memberElected { box.append(("Elected", [.text(String(year))])) }
    } else {
      box.append(("Member", [.text("not known"), .flag("unknown")]))
    }
    doc.blocks.append(
      .infobox(
        Document.Infobox(
          title: p.name.en,
          image: extras.locatorMap.map { ($0, "Location of \(p.name.en) in Kazakhstan") }, rows: box
        )))

    // Lead.
    doc.blocks.append(.paragraph([.text(ConstituencySummary.lead(p))]))

    doc.blocks += geography(
      p, articleLink: extras.articleLink, directions: extras.neighbourDirections)

    // History.
    doc.blocks.append(.heading(2, "History"))
    var history: [[Document.Inline]] = []
    for life in lives {
      guard let scheme = registry.scheme(id: life.schemeID) else { continue }
      let region = life.regionName ?? life.regionCode.flatMap { registry.region(code: $0)?.name.en }
      var line: [Document.Inline] = [
        .strong("\(scheme.inForce.year)–\(scheme.abolished.map { String($0.year) } ?? "present"):")
      ]
      line.append(.text(" one of \(scheme.seatCount) constituencies"))
      if let region { line.append(.text(", in \(region)")) }
      line.append(
        .text(". Formed \(scheme.formed.description), in force \(scheme.inForce.description)"))
      if let a = scheme.abolished { line.append(.text(", abolished \(a.description)")) }
      line.append(.text(". " + sentence(scheme.legalBasis)))
      if let basis = scheme.abolitionBasis { line.append(.text(" " + sentence(basis))) }
      if let m = life.member {
        line.append(.text(" Member: \(m.name)" + (m.party.map { " (\($0))" } ?? "") + "."))
      } else {
        line.append(.text(" Member: not known in the data."))
      }
      history.append(line)
    }
    // Sets that had a constituency of this number which the registry does not describe.
    for scheme in registry.schemes.reversed()
    where p.number <= scheme.seatCount && !lives.contains(where: { $0.schemeID == scheme.id }) {
      history.insert(
        [
          .strong(
            "\(scheme.inForce.year)–\(scheme.abolished.map { String($0.year) } ?? "present"):"),
          .text(
            " a constituency No. \(p.number) existed among the \(scheme.seatCount) of \(scheme.inForce.year), but its region and member are not in the data."
          ), .flag("unknown"),
        ], at: 0)
    }
    doc.blocks.append(.list(history))

    // Members table, like the seed: one row per Mäjilis election.
    doc.blocks.append(.heading(2, "Members"))
    var memberRows: [[[Document.Inline]]] = []
    for election in extras.memberElections {
      let year = election.year
      let life = lives.first {
        registry.scheme(id: $0.schemeID)?.electionDays.contains { $0.year == year } ?? false
      }
      if !election.constituenciesUsed {
        memberRows.append([
          [.text(String(year))], [.text("Defunct (single nationwide party-list constituency)")], [],
          [], [],
        ])
      } else if let life {
        let region =
          life.regionName ?? life.regionCode.flatMap { registry.region(code: $0)?.name.en }
        memberRows.append([
          [.text(String(year))], life.member.map { [.text($0.name)] } ?? [.flag("unknown")],
          life.member?.party.map { [.text($0)] } ?? [],
          life.member?.votePercent.map { [.text($0)] } ?? [],
          region.map { [.text($0)] } ?? [],
        ])
      } else {
        memberRows.append([[.text(String(year))], [.flag("unknown")], [], [], []])
      }
    }
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["Election", "Member", "Party", "%", "Representing region"], rows: memberRows,
          numericColumns: [3])))

    // Results per election.
    doc.blocks.append(.heading(2, "Election results"))
    for facts in extras.elections {
      var rows: [[[Document.Inline]]] = []
      if let w = facts.winner {
        rows.append([
          [.text(w)], facts.winnerNomination.map { [.text($0)] } ?? [],
          facts.winnerVotes.map { [.text(SVGFormat.grouped($0))] } ?? [],
          facts.winnerPercent.map { [.text($0)] } ?? [], [.strong("Elected")],
        ])
      }
      rows.append([[.text("Other candidates")], [], [], [], [.text("not found in the sources")]])
      var caption = "\(facts.year) election"
      if let n = facts.registeredCandidates { caption += ": \(n) registered candidates" }
      doc.blocks.append(
        .table(
          Document.Table(
            caption: caption, header: ["Candidate", "Nomination", "Votes", "%", ""], rows: rows,
            numericColumns: [2, 3])))
      var note: [Document.Inline] = [
        .text(
          "Blank cells were not found in the sources (candidate-level votes, turnout and 'against all' per constituency are in the CEC's results resolution, which was not available)."
        )
      ]
      if let t = facts.regionTurnoutPreliminary {
        note.append(
          .text(
            " Region-wide preliminary turnout at 22:10 on election day: \(t)% (CEC); this covers the whole region, not this constituency alone."
          ))
      }
      if let report = extras.electionReport {
        note.append(.text(" See also the "))
        note.append(.link("\(facts.year) election report", href: report))
        note.append(.text("."))
      }
      doc.blocks.append(.paragraph(note))
    }

    if let map = extras.locatorMap {
      doc.blocks.append(.heading(2, "Map"))
      doc.blocks.append(
        .image(
          src: map, alt: "Locator map of \(p.name.en)",
          caption: "\(p.name.en) (red) in Kazakhstan. Boundaries: geokz (CC BY 4.0)."))
    }

    var sources = p.sources
    for facts in extras.elections {
      for s in facts.sources where !sources.contains(s) { sources.append(s) }
    }
    doc.blocks += sourcesAndNotes(sources: sources, notes: p.notes)
    return doc
  }

  /// The "Geography" section: the composition with its provenance flags, the seat, and the neighbours
  /// (linked where `articleLink` gives a page, with compass directions where known). Shared by the static
  /// article and the server's constituency page.
  public static func geography(
    _ p: ConstituencyProfile, articleLink: (Int) -> String?, directions: [Int: String] = [:]
  ) -> [Document.Block] {
    var blocks: [Document.Block] = []
    blocks.append(.heading(2, "Geography"))
    var geography: [Document.Inline] = []
    if !p.compositionDetails.isEmpty {
      geography.append(.text("The constituency is made up of "))
      for (i, part) in p.compositionDetails.enumerated() {
        if i > 0 { geography.append(.text(i == p.compositionDetails.count - 1 ? " and " : ", ")) }
        geography.append(.text((part.partial ? "part of " : "") + part.name))
        if part.basis != .sourced { geography.append(.flag(part.basis.rawValue)) }
      }
      geography.append(.text("."))
      if p.compositionDetails.contains(where: \.partial) {
        geography.append(
          .text(
            " The line dividing the split unit between constituencies is not published; maps draw the unit hatched as shared."
          ))
      }
    } else {
      geography.append(.text("Its composition is not known in the data."))
    }
    if let seat = p.seat { geography.append(.text(" Its seat is \(seat).")) }
    blocks.append(.paragraph(geography))
    if !p.neighbours.isEmpty {
      var borders: [Document.Inline] = [.text("It borders ")]
      for (i, n) in p.neighbours.enumerated() {
        if i > 0 { borders.append(.text(i == p.neighbours.count - 1 ? " and " : ", ")) }
        let label = "No. \(n.number)"
        if let link = articleLink(n.number) {
          borders.append(.link(label, href: link))
        } else {
          borders.append(.text(label))
        }
        var after = " (\(n.region ?? "region unknown"))"
        if let d = directions[n.number] { after += " to the \(d)" }
        borders.append(.text(after))
      }
      borders.append(.text("."))
      if let basis = p.bordersBasis, basis != .sourced {
        borders.append(.flag(basis == .derived ? "derived from the geometry" : basis.rawValue))
      }
      if !directions.isEmpty {
        borders.append(.flag("directions derived from the map"))
      }
      blocks.append(.paragraph(borders))
    }
    return blocks
  }

  /// The "Sources" and "Notes from the data" sections.
  public static func sourcesAndNotes(sources: [String], notes: String?) -> [Document.Block] {
    var blocks: [Document.Block] = []
    if !sources.isEmpty {
      blocks.append(.heading(2, "Sources"))
      blocks.append(.list(sources.map(sourceInline)))
    }
    if let notes, !notes.isEmpty {
      blocks.append(.heading(2, "Notes from the data"))
      blocks.append(.paragraph([.text(notes)]))
    }
    return blocks
  }

  /// `text` ending with exactly one full stop.
  static func sentence(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    return trimmed.hasSuffix(".") ? trimmed : trimmed + "."
  }

  /// A source as a link when it starts with a URL ("https://… (mirror of …)" links the URL only).
  static func sourceInline(_ source: String) -> [Document.Inline] {
    let trimmed = source.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("http") else { return [.text(trimmed)] }
    let url = String(trimmed.prefix { $0 != " " })
    let rest = String(trimmed.dropFirst(url.count))
    return rest.isEmpty ? [.link(url, href: url)] : [.link(url, href: url), .text(rest)]
  }
}
