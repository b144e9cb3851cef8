import Foundation
import SaylauElections

/// The documents of an election defined as data and of a count of protocols: what `saylau election show`
/// and `saylau tabulate` print (as text), built here so that a face only renders them.
public enum CountPages {
  private static func p(_ s: String) -> Document.Block { .paragraph([.text(s)]) }
  private static func g(_ n: Int) -> String { SVGFormat.grouped(n) }
  private static func cells(_ texts: [String]) -> [[Document.Inline]] { texts.map { [.text($0)] } }

  /// The elections the data knows, as a table: id, day, regime, whether a result is bundled, title.
  public static func elections(_ rows: [ElectionListing]) -> Document.Block {
    .table(
      Document.Table(
        header: ["id", "date", "regime", "result", "title"],
        rows: rows.map {
          cells([$0.id, $0.date, $0.regime, $0.hasResult ? "yes" : "no", $0.title])
        }))
  }

  /// A definition in words: its regime, ballots, candidate quota and longest list, its what-if rules, its
  /// parties in the order that breaks ties, its candidates, register, list vote, choices, events and notes.
  public static func definition(_ d: ElectionDefinition, regimes: RegimeTable) -> Document {
    var b: [Document.Block] = []
    let synthetic = Document.Block.notice(
      [.text("made up, not a real election.")], kind: .synthetic)
    if d.isSynthetic { b.append(synthetic) }
    let kind = d.kind.map { ", \($0.rawValue)" } ?? ""
    b.append(p("\(d.title) (\(d.id)), \(d.chamber), \(d.date.longDescription)\(kind)"))
    let regime = try? d.resolveRegime(in: regimes)
    if let r = regime {
      b.append(
        p(
          "Regime \(r.id)\(d.regime == nil ? " (in force on the day)" : ""): \(r.totalSeats) seats = \(r.listSeats) list + \(r.constituencySeats) constituency + \(r.appointedSeats) appointed"
        ))
      let ballots = d.ballots(under: r).map {
        "\($0.type.rawValue) (against all: \($0.againstAll.map { $0 ? "yes" : "no" } ?? "not known"))"
      }
      b.append(p("Ballots: " + ballots.joined(separator: ", ")))
      if let q = d.candidateQuota(under: r) {
        let on = [q.appliesToList ? "lists" : nil, q.appliesToMandates ? "mandates" : nil]
          .compactMap { $0 }.joined(separator: " and ")
        b.append(
          p(
            "Candidate quota: \(q.percent) % \(q.groups.map(\.rawValue).joined(separator: ", ")) on the \(on)"
          ))
      }
      if let m = r.maximumListLength(seats: d.rules?.listSeats) {
        b.append(p("Longest list allowed: \(m) candidates"))
      }
    }
    if let rules = d.rules {
      let changes = regime.map { ((try? rules.whatIf()) ?? .law).changes(from: $0) } ?? []
      b.append(
        p(
          "WHAT-IF rules: \(changes.isEmpty ? "none" : changes.joined(separator: ", "))\(rules.reason.map { " — \($0)" } ?? "")"
        ))
    }
    let rows: [[[Document.Inline]]] = d.parties.map { party in
      let list = d.lists?.first { $0.party == party.code }
      let registration: String = party.registrationOrder.map { String($0) } ?? ""
      let position: String = party.ballotPosition.map { String($0) } ?? ""
      let candidates: String = list.map { String($0.candidates.count) } ?? ""
      let standing: String = list.map { String($0.standing.count) } ?? ""
      return cells([party.code, party.name, registration, position, candidates, standing])
    }
    b.append(
      .table(
        Document.Table(
          header: ["party", "name", "registration", "ballot", "candidates", "standing"], rows: rows,
          numericColumns: [2, 3, 4, 5])))
    let (order, known) = d.partiesInTieOrder
    b.append(
      p(
        known
          ? "Remainder ties: registration order (\(order.map(\.code).joined(separator: ", ")))."
          : "Registration order not given: remainder ties fall back to the order above."))
    if let c = d.constituencyCandidates {
      let constituencies = Set(c.map(\.constituency)).count
      let withdrawn = c.filter { !$0.status.isStanding }.count
      b.append(
        p(
          "Constituency candidates: \(c.count) in \(constituencies) constituencies (\(withdrawn) withdrawn or struck off)"
        ))
    }
    if let r = d.precincts {
      let abroad = r.filter(\.abroad).count
      let commissions = Set(r.compactMap(\.territorialCommission)).count
      let electorate = r.compactMap(\.expectedElectorate).reduce(0, +)
      b.append(
        p(
          "Precinct register\(d.precinctsSynthetic == true ? " (SYNTHETIC)" : ""): \(r.count) stations (\(abroad) abroad) under \(commissions) territorial commissions, \(g(electorate)) expected voters"
        ))
    }
    if let r = d.result {
      b.append(
        p("Published list vote: \(g(r.votes.values.reduce(0, +))) votes for \(r.votes.count) lines")
      )
    }
    if let m = d.mandates, !m.isEmpty {
      b.append(p("Parties' choices of deputies: \(m.map(\.party).joined(separator: ", "))"))
    }
    if let e = d.events, !e.isEmpty { b.append(p("Events after the result: \(e.count)")) }
    b += (d.notes ?? []).map { .notice([.text($0)], kind: .info) }
    if d.isSynthetic { b.append(synthetic) }
    return Document(title: "Election definition \(d.id)", blocks: b)
  }

  /// A count of protocols: the import, the sums of the nation and the regions, and unless `view` holds only
  /// the import, the list seats, each constituency's decision, the composition, the notes, what is left to
  /// the commission and the count step by step (every decision the JSON view shows).
  public static func tabulation(_ view: TabulationView, summary s: ElectionSummary) -> Document {
    var b: [Document.Block] = []
    if view.whatIf {
      b.append(p("WHAT-IF (not the law's count): \(view.whatIfChanges.joined(separator: ", "))"))
    }
    b.append(
      p(
        "Imported \(g(view.acceptedRows)) protocol rows from \(view.files.count) file(s); \(view.rejectedRows) rejected."
      ))
    let tallies = (view.nation + view.regions).map { x -> [[Document.Inline]] in
      let against: String = x.againstAll.map(g) ?? ""
      let turnout: String = x.turnoutPercent.map { String(format: "%.2f", $0) } ?? ""
      return cells([
        x.area, x.ballot, g(x.protocols), g(x.votersOnList), g(x.ballotsIssued), g(x.ballotsInBox),
        g(x.invalid), against, turnout,
      ])
    }
    b.append(
      .table(
        Document.Table(
          header: [
            "area", "ballot", "protocols", "voters", "issued", "in box", "invalid", "against all",
            "turnout %",
          ], rows: tallies, numericColumns: [2, 3, 4, 5, 6, 7, 8])))
    guard view.trace != nil else { return Document(title: s.election.title, blocks: b) }
    if let list = s.listCount {
      b.append(
        p(
          "List seats: \(list.seats) by \(list.method); threshold \(list.threshold) of \(list.thresholdBase.label) = \(g(list.base))"
        ))
    }
    if !s.constituencies.isEmpty { b.append(.table(constituencies(s))) }
    b.append(.table(ElectionSections.resultsTable(s, caption: "Composition", threshold: true)))
    if !s.composition.undecidedConstituencies.isEmpty {
      b.append(
        p(
          "Undecided constituencies: \(s.composition.undecidedConstituencies.map(String.init).joined(separator: ", "))"
        ))
    }
    b += view.notes.map { .notice([.text($0)], kind: .info) }
    b += s.commissionDecisions.map { p("For the commission: \($0)") }
    b += ElectionSections.trace(s, heading: "The count, step by step")
    return Document(title: s.election.title, blocks: b)
  }

  /// Each constituency's decision: round, status (with the tied or runoff contenders and the against-all
  /// flags), the leader and the share.
  public static func constituencies(_ s: ElectionSummary) -> Document.Table {
    let rows = s.constituencies.map { r -> [[Document.Inline]] in
      let lead = r.winner ?? r.contenders.first
      let share =
        lead.map {
          r.valid > 0 ? String(format: "%.1f", 100 * Double($0.votes) / Double(r.valid)) : ""
        } ?? ""
      var status = r.status.rawValue.uppercased()
      if r.status == .tie || r.status == .runoff {
        status += " (" + r.contenders.map { "\($0.position)" }.joined(separator: "/") + ")"
      }
      if r.againstAllLeads { status += " [against all leads]" }
      if r.againstAllTiesLeader { status += " [against all ties the leader]" }
      let votes: String = lead.map { g($0.votes) } ?? ""
      let against: String = r.againstAll.map(g) ?? ""
      return cells([
        String(r.constituency), String(r.round), status, lead?.name ?? "", lead?.nomination ?? "",
        votes, share, against,
      ])
    }
    return Document.Table(
      caption: "Constituencies",
      header: [
        "no.", "round", "status", "winner", "nomination", "votes", "share %", "against all",
      ],
      rows: rows, numericColumns: [0, 1, 5, 6, 7])
  }
}

extension DefinitionCheckView {
  /// The check as text: every problem, then the regime and the counts.
  public var text: String {
    (errors + warnings + [
      "\(definition): regime \(regime ?? "unknown"); \(errors.count) error(s), \(warnings.count) warning(s)"
    ]).joined(separator: "\n")
  }
}
