import SaylauElections

/// The results page of election night: how many protocols are in, the national totals of the counted
/// protocols, every constituency's progress with a link to its page. Complete without JavaScript; with
/// it, the page reloads itself (at most every few seconds) when the server announces an accepted
/// protocol. Marked with the results' state: preliminary, final or certified, and since when.
public enum LiveResultsPage {
  public struct Input: Sendable {
    public var electionID: String
    public var title: String
    /// Counted protocols and expected ones (`nil` without a stored register).
    public var counted: Int
    public var expected: Int?
    /// The national totals of the counted list protocols.
    public var protocols: Int
    public var votersOnList: Int?
    public var ballotsIssued: Int?
    public var invalid: Int?
    /// Votes by choice: (name, votes), largest first.
    public var votes: [(String, Int)]
    /// Per constituency: number, region, counted, expected.
    public var constituencies: [(Int, String?, Int, Int)]
    public var synthetic: Bool
    /// The results' state (preliminary, final, certified) and since when (ISO 8601, `nil` from the start).
    public var state: ResultState
    public var stateSince: String?
    /// The list seats so far, decided by the final count's decision from the counted list protocols:
    /// (list, votes, seats), in the decision's order; empty when not decided (``seatsNote`` says why).
    public var seats: [(String, Int, Int)] = []
    /// The seats the lists share.
    public var listSeats: Int = 0
    /// Why no seats are shown (no list protocol yet, the decision needs the commission, …).
    public var seatsNote: String? = nil
    /// The turnout map (SVG), rendered with the page once per change.
    public var turnoutMap: String? = nil

    public init(
      electionID: String, title: String, counted: Int, expected: Int?, protocols: Int,
      votersOnList: Int?, ballotsIssued: Int?, invalid: Int?, votes: [(String, Int)],
      constituencies: [(Int, String?, Int, Int)], synthetic: Bool,
      state: ResultState = .preliminary, stateSince: String? = nil
    ) {
      self.state = state
      self.stateSince = stateSince
      self.electionID = electionID
      self.title = title
      self.counted = counted
      self.expected = expected
      self.protocols = protocols
      self.votersOnList = votersOnList
      self.ballotsIssued = ballotsIssued
      self.invalid = invalid
      self.votes = votes
      self.constituencies = constituencies
      self.synthetic = synthetic
    }
  }

  /// Where the page's script is served.
  public static let scriptPath = "/assets/live.js"

  public static func document(_ input: Input) -> Document {
    var blocks: [Document.Block] = []
    if input.synthetic {
      blocks.append(
        .notice(
          [.text("SYNTHETIC: these protocols or this register are made up.")], kind: .synthetic))
    }
    let complete = input.expected.map { input.counted >= $0 } ?? false
    let since = input.stateSince.map { " since \($0)" } ?? ""
    let stateLine: String
    switch input.state {
    case .preliminary:
      stateLine =
        complete
        ? " Every protocol of the register is in; the result is preliminary until the commission declares it final."
        : " Protocols are still coming in."
    case .final: stateLine = "\(since): established by the commission, not yet certified."
    case .certified: stateLine = "\(since): the result is certified."
    }
    blocks.append(.notice([.strong("\(input.state.title)."), .text(stateLine)], kind: .info))
    if let expected = input.expected {
      blocks.append(
        .progress(
          part: input.counted, whole: expected,
          label:
            "\(SVGFormat.grouped(input.counted)) of \(SVGFormat.grouped(expected)) protocols in"))
    } else {
      blocks.append(
        .paragraph([
          .text("\(SVGFormat.grouped(input.counted)) protocols in (no precinct register is stored)")
        ]))
    }
    blocks.append(.heading(2, "Party lists, counted so far"))
    let valid = input.votes.reduce(0) { $0 + $1.1 }
    blocks.append(
      .table(
        Document.Table(
          caption: "\(SVGFormat.grouped(input.protocols)) list protocols",
          header: ["List", "Votes", "Share of the votes for lists"],
          rows: input.votes.map { name, votes in
            [
              [.text(name)], [.text(SVGFormat.grouped(votes))],
              [.text(valid > 0 ? Self.percent(votes, of: valid) : "–")],
            ]
          }, numericColumns: [1, 2])))
    var facts: [[Document.Inline]] = []
    func fact(_ label: String, _ value: Int?) {
      facts.append([.text("\(label): \(value.map(SVGFormat.grouped) ?? "not known")")])
    }
    fact("Voters on the lists", input.votersOnList)
    fact("Ballots issued", input.ballotsIssued)
    fact("Invalid ballots", input.invalid)
    if let voters = input.votersOnList, let issued = input.ballotsIssued, voters > 0 {
      facts.append([.text("Turnout: \(Self.percent(issued, of: voters))")])
    }
    blocks.append(.list(facts))
    blocks.append(.heading(2, "Seats so far (preliminary)"))
    if input.seats.isEmpty {
      blocks.append(.paragraph([.text(input.seatsNote ?? "No list seats are decided yet.")]))
    } else {
      blocks.append(
        .paragraph([
          .text(
            "The \(input.listSeats) list seats as the law would share them if the protocols counted so far were all; the constituency seats are decided constituency by constituency."
          )
        ]))
      blocks.append(
        .table(
          Document.Table(
            caption: "Preliminary list seats",
            header: ["List", "Votes", "Seats so far"],
            rows: input.seats.map { name, votes, seats in
              [[.text(name)], [.text(SVGFormat.grouped(votes))], [.text("\(seats)")]]
            }, numericColumns: [1, 2])))
      if let note = input.seatsNote { blocks.append(.paragraph([.text(note)])) }
    }
    if let map = input.turnoutMap {
      blocks.append(.heading(2, "Turnout by constituency, counted so far"))
      blocks.append(
        .figure(
          svg: map, name: "turnout-map",
          caption: "Ballots issued per voter on the lists, from the counted list protocols"))
    }
    if !input.constituencies.isEmpty {
      blocks.append(.heading(2, "Constituencies"))
      blocks.append(
        .table(
          Document.Table(
            header: ["No.", "Region", "Protocols in", "Precincts"],
            rows: input.constituencies.map { number, region, counted, expected in
              [
                [.link("No. \(number)", href: "/constituencies/\(number)")], [.text(region ?? "")],
                [.text("\(counted) of \(expected)")],
                [
                  .link(
                    "protocols",
                    href: "/elections/\(input.electionID)/precincts?constituency=\(number)")
                ],
              ]
            }, numericColumns: [2])))
    }
    blocks.append(.script(src: scriptPath))
    return Document(title: "Election night: \(input.title)", blocks: blocks)
  }

  /// `part / whole` as a percentage with one decimal, rounded half up, in integers.
  public static func percent(_ part: Int, of whole: Int) -> String {
    let tenths = (part * 2000 / whole + 1) / 2
    return "\(tenths / 10).\(tenths % 10) %"
  }

  /// The script of the page: an `EventSource` on the election's live stream; an accepted protocol
  /// reloads the page, at most once every five seconds. Without it, the page is the same, only still.
  public static let script = """
    (function () {
      var m = location.pathname.match(/^\\/elections\\/([^\\/]+)\\/results$/);
      if (!m || !window.EventSource) return;
      var source = new EventSource('/api/v1/elections/' + m[1] + '/live');
      var pending = false, last = Date.now();
      source.addEventListener('accepted', function () {
        if (pending) return;
        pending = true;
        setTimeout(function () { location.reload(); }, Math.max(0, 5000 - (Date.now() - last)));
      });
    })();

    """
}
