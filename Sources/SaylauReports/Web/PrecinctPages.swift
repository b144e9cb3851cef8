import SaylauElections

/// The election-night drill-down: the counted precincts (of one constituency), and a page per precinct with
/// its protocols, every line in the order of the paper form, next to the earlier versions a correction
/// replaced. Complete without JavaScript; always preliminary.
public enum PrecinctPages {
  /// One counted precinct of the list.
  public struct Row: Sendable {
    public var precinct: String
    public var constituency: Int?
    public var ballots: [BallotType]

    public init(precinct: String, constituency: Int?, ballots: [BallotType]) {
      self.precinct = precinct
      self.constituency = constituency
      self.ballots = ballots
    }
  }

  /// Where a precinct's page is.
  public static func link(election: String, precinct: String) -> String {
    "/elections/\(EntryPages.percentEncoded(election))/precincts/\(EntryPages.percentEncoded(precinct))"
  }

  /// The counted precincts (optionally of one constituency), each linked to its page.
  public static func list(
    electionID: String, title: String, constituency: Int?, rows: [Row], synthetic: Bool
  ) -> Document {
    var blocks: [Document.Block] = []
    if synthetic {
      blocks.append(
        .notice([.text("SYNTHETIC: these protocols are made up.")], kind: .synthetic))
    }
    blocks.append(
      .notice([.strong("Preliminary."), .text(" Counted protocols so far.")], kind: .info))
    blocks.append(
      .paragraph([.link("Back to the results", href: "/elections/\(electionID)/results")]))
    blocks.append(
      .table(
        Document.Table(
          caption: "\(SVGFormat.grouped(rows.count)) precincts with a counted protocol",
          header: ["Precinct", "Constituency", "Ballots"],
          rows: rows.map { r in
            [
              [.link(r.precinct, href: link(election: electionID, precinct: r.precinct))],
              [.text(r.constituency.map(String.init) ?? "")],
              [.text(r.ballots.map(\.rawValue).joined(separator: ", "))],
            ]
          }, numericColumns: [1])))
    let scope = constituency.map { "constituency \($0)" } ?? "all constituencies"
    return Document(title: "Precincts of \(scope): \(title)", blocks: blocks)
  }

  /// One precinct: each ballot's counted protocol, line by line, with the earlier versions beside it.
  /// - Parameters:
  ///   - register: the precinct's entry in the stored register; `registerStored` says whether one is.
  public static func precinct(
    electionID: String, title: String, precinct: String, register: Precinct?,
    registerStored: Bool = true, protocols: [PollingStationProtocol],
    earlierVersions: [ProtocolVersion], schema: ProtocolSchema
  ) -> Document {
    var blocks: [Document.Block] = []
    if protocols.contains(where: \.synthetic) || earlierVersions.contains(where: \.value.synthetic)
    {
      blocks.append(
        .notice([.text("SYNTHETIC: these protocols are made up.")], kind: .synthetic))
    }
    blocks.append(
      .notice([.strong("Preliminary."), .text(" The protocol as counted so far.")], kind: .info))
    var facts: [[Document.Inline]] = []
    if let c = register?.constituency ?? protocols.first?.constituency {
      facts.append([
        .text("Constituency "),
        .link("No. \(c)", href: "/elections/\(electionID)/precincts?constituency=\(c)"),
      ])
    }
    if let t = register?.territorialCommission {
      facts.append([.text("Territorial commission \(t)")])
    }
    if register?.abroad == true { facts.append([.text("A station abroad")]) }
    if register == nil && registerStored {
      facts.append([.text("Not in the stored precinct register")])
    }
    blocks.append(.list(facts))
    if protocols.isEmpty {
      blocks.append(.paragraph([.text("No protocol of this precinct is counted yet.")]))
    }
    // The party-list ballot first, as on the results page.
    for p in protocols.sorted(by: { ($0.ballot == .list ? 0 : 1) < ($1.ballot == .list ? 0 : 1) }) {
      let earlier = earlierVersions.filter { $0.value.ballot == p.ballot }.sorted {
        $0.version < $1.version
      }
      let versions = earlier.map(\.value) + [p]
      var rows: [[[Document.Inline]]] = []
      func row(_ label: String, _ values: [Int?]) {
        guard values.contains(where: { $0 != nil }) else { return }
        let cells = values.map { $0.map(SVGFormat.grouped) ?? "blank" }
        var r: [[Document.Inline]] = [[.text(label)]] + cells.dropLast().map { [.text($0)] }
        // A line a correction changed is bold in the counted column.
        r.append(Set(values).count > 1 ? [.strong(cells.last!)] : [.text(cells.last!)])
        rows.append(r)
      }
      for field in ProtocolForm.lines {
        row(ProtocolForm.label(field), versions.map { $0[field] })
      }
      let choices = versions.map(\.votes.count).max() ?? 0
      for i in 0..<choices {
        let label =
          p.ballot == .list && i < schema.parties.count
          ? schema.parties[i].name : "Candidate No. \(i + 1)"
        row(label, versions.map { i < $0.votes.count ? $0.votes[i] : nil })
      }
      blocks.append(.heading(2, p.ballot == .list ? "Party-list ballot" : "Constituency ballot"))
      blocks.append(
        .table(
          Document.Table(
            caption: earlier.isEmpty
              ? "The counted protocol"
              : "The counted protocol (version \(earlier.count + 1)) and the \(earlier.count) earlier version(s) it replaced; changed lines in bold",
            header: ["Line"] + earlier.map { "Version \($0.version)" }
              + [earlier.isEmpty ? "Count" : "Counted (version \(earlier.count + 1))"],
            rows: rows, numericColumns: Set(1...versions.count))))
    }
    blocks.append(
      .paragraph([.link("Back to the results", href: "/elections/\(electionID)/results")]))
    return Document(title: "Precinct \(precinct): \(title)", blocks: blocks)
  }
}
