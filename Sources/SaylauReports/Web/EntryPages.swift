import SaylauElections

/// The pages of election night: signing in, entering a protocol, the coordinator's queue and one
/// protocol's versions with the decision form. Built as ``Document`` values; every stored text (names,
/// precinct ids, reasons, messages) is escaped by the renderer.
public enum EntryPages {
  /// The sign-in page; `csrf` is the value of the form's token (also in the sign-in cookie).
  public static func signIn(csrf: String, username: String, next: String, message: String?)
    -> Document
  {
    Document(
      title: "Sign in",
      blocks: [
        .form(
          Form(
            action: "/login",
            fields: [
              .hidden(name: "csrf", value: csrf), .hidden(name: "next", value: next),
              .input(
                name: "username", label: "User name", value: username, kind: .text,
                required: true, notes: []),
              .input(
                name: "password", label: "Password", value: "", kind: .password, required: true,
                notes: []),
            ], submit: "Sign in", notes: message.map { [Form.Note($0, isError: true)] } ?? []))
      ])
  }

  /// What the entry form needs.
  public struct EntryInput: Sendable {
    public var electionID: String
    public var electionTitle: String
    public var ballot: BallotType
    public var schema: ProtocolSchema
    /// Candidate fields on a constituency form without a registered list.
    public var candidatePositions: Int
    /// The values as typed (field name → text); empty for a new form.
    public var values: [String: String]
    /// The issues of the last submission (reading and check), errors and warnings.
    public var issues: [ProtocolIssue]
    public var csrf: String
    /// Who is entering.
    public var clerk: String
    /// What the last submission did ("Entry 1 of precinct 101 is saved …").
    public var outcome: String?

    public init(
      electionID: String, electionTitle: String, ballot: BallotType, schema: ProtocolSchema,
      candidatePositions: Int, values: [String: String], issues: [ProtocolIssue], csrf: String,
      clerk: String, outcome: String?
    ) {
      self.electionID = electionID
      self.electionTitle = electionTitle
      self.ballot = ballot
      self.schema = schema
      self.candidatePositions = candidatePositions
      self.values = values
      self.issues = issues
      self.csrf = csrf
      self.clerk = clerk
      self.outcome = outcome
    }
  }

  /// The entry form of one ballot's protocol, in the order of the paper; the check's errors and warnings
  /// next to their lines, and the confirmation box when there are errors.
  public static func entry(_ input: EntryInput) -> Document {
    func notes(_ name: String) -> [Form.Note] {
      input.issues.filter { $0.field == name }.map { Form.Note($0.message, isError: $0.isError) }
    }
    func count(_ field: ProtocolField, label: String? = nil) -> Form.Field {
      .input(
        name: field.csvName, label: label ?? ProtocolForm.label(field),
        value: input.values[field.csvName] ?? "", kind: .count,
        required: field.isRequiredLine, notes: notes(field.csvName))
    }
    var head: [Form.Field] = [
      .hidden(name: "csrf", value: input.csrf),
      .hidden(name: "ballot", value: input.ballot.rawValue),
      .input(
        name: "precinct", label: ProtocolForm.label(.precinct),
        value: input.values["precinct"] ?? "", kind: .text, required: true,
        notes: notes("precinct")),
    ]
    if input.schema.constituencyCount > 0 { head.append(count(.constituency)) }
    let lines = ProtocolForm.lines.map { count($0) }
    let choices: [Form.Field]
    if input.ballot == .list {
      choices = input.schema.parties.map {
        count(.votes(.party($0.code)), label: $0.name.isEmpty ? $0.code : $0.name)
      }
    } else {
      choices = (1...max(1, input.candidatePositions)).map { count(.votes(.candidate($0))) }
    }
    let located = Set(
      ProtocolForm.lines.map(\.csvName) + ["precinct", "constituency"]
        + input.schema.parties.map(\.code)
        + (1...max(1, input.candidatePositions)).map { "c\($0)" })
    let general = input.issues.filter { $0.field.map { !located.contains($0) } ?? true }.map {
      Form.Note($0.description, isError: $0.isError)
    }
    var fields = head + [.group(legend: "Counts", fields: lines)]
    fields.append(
      .group(
        legend: input.ballot == .list ? "Votes for the party lists" : "Votes for the candidates",
        fields: choices))
    if input.issues.contains(where: \.isError) {
      fields.append(
        .checkbox(
          name: "confirmIssues",
          label:
            "The paper protocol says exactly this (store it with its errors for the coordinator)",
          checked: false))
    }
    var blocks: [Document.Block] = []
    if let outcome = input.outcome { blocks.append(.notice([.text(outcome)], kind: .info)) }
    if input.schema.synthetic {
      blocks.append(
        .notice([.text("SYNTHETIC: this election's data are made up.")], kind: .synthetic))
    }
    blocks.append(
      .paragraph([
        .text("Signed in as \(input.clerk). Ballot: "),
        .link("party list", href: "/elections/\(input.electionID)/entry?ballot=list"),
        .text(" · "),
        .link("constituency", href: "/elections/\(input.electionID)/entry?ballot=constituency"),
        .text(" · "), .link("queue", href: "/elections/\(input.electionID)/queue"),
      ]))
    blocks.append(
      .form(
        Form(
          action: "/elections/\(input.electionID)/entry?ballot=\(input.ballot.rawValue)",
          fields: fields, submit: "Save entry", notes: general, id: "entry")))
    blocks.append(.script(src: entryScriptPath))
    return Document(
      title:
        "Protocol entry: \(input.electionTitle) (\(input.ballot == .list ? "party list" : "constituency"))",
      blocks: blocks)
  }

  /// A line of the queue as the page shows it.
  public struct QueueLine: Sendable {
    public var precinct: String
    public var ballot: BallotType
    public var version: Int
    public var status: String
    public var differences: [String]

    public init(
      precinct: String, ballot: BallotType, version: Int, status: String, differences: [String]
    ) {
      self.precinct = precinct
      self.ballot = ballot
      self.version = version
      self.status = status
      self.differences = differences
    }
  }

  /// The coordinator's queue: what waits for a decision, the entry progress, and the higher commissions'
  /// own protocols against the sums below them (``CommissionComparisonReport``).
  public static func queue(
    electionID: String, title: String, counted: Int, byStatus: [String: Int], lines: [QueueLine],
    commissions: [CommissionComparison] = []
  ) -> Document {
    let total = byStatus.values.reduce(0, +)
    var blocks: [Document.Block] = [
      .progress(
        part: counted, whole: max(total, counted),
        label: "\(counted) of \(total) protocols in entry are counted"),
      .table(
        Document.Table(
          caption: "Latest versions by status", header: ["Status", "Protocols"],
          rows: byStatus.sorted { $0.key < $1.key }.map {
            [[.text($0.key)], [.text("\($0.value)")]]
          },
          numericColumns: [1])),
    ]
    if lines.isEmpty {
      blocks.append(.paragraph([.text("Nothing waits for the coordinator.")]))
    } else {
      blocks.append(
        .table(
          Document.Table(
            caption: "Waiting for the coordinator",
            header: ["Precinct", "Ballot", "Version", "Status", "Differing fields"],
            rows: lines.map { line in
              [
                [
                  .link(
                    line.precinct,
                    href:
                      "/elections/\(electionID)/queue/\(line.ballot.rawValue)/\(percentEncoded(line.precinct))"
                  )
                ],
                [.text(line.ballot.rawValue)], [.text("\(line.version)")], [.text(line.status)],
                [.text(line.differences.joined(separator: ", "))],
              ]
            }, numericColumns: [2])))
    }
    if !commissions.isEmpty {
      blocks.append(.heading(2, "Commission protocols against the sums below them"))
      blocks += CommissionComparisonReport.blocks(commissions, headingLevel: 2)
    }
    return Document(title: "Entry queue: \(title)", blocks: blocks)
  }

  /// One version of a protocol as the case page shows it.
  public struct VersionView: Sendable {
    public var version: Int
    public var status: String
    public var openedBy: String
    public var reason: String?
    /// (entry number, clerk, protocol)
    public var entries: [(Int, String, PollingStationProtocol)]
    public var differences: [String]
    public var decision: String?

    public init(
      version: Int, status: String, openedBy: String, reason: String?,
      entries: [(Int, String, PollingStationProtocol)], differences: [String], decision: String?
    ) {
      self.version = version
      self.status = status
      self.openedBy = openedBy
      self.reason = reason
      self.entries = entries
      self.differences = differences
      self.decision = decision
    }
  }

  /// One protocol's versions, each entry side by side with the differing fields marked, and the
  /// coordinator's form (decide, or open a correction) when `csrf` is given.
  public static func protocolCase(
    electionID: String, precinct: String, ballot: BallotType, schema: ProtocolSchema,
    versions: [VersionView], csrf: String?, message: String?
  ) -> Document {
    var blocks: [Document.Block] = []
    if let message { blocks.append(.notice([.text(message)], kind: .info)) }
    let fields: [ProtocolField] =
      [.constituency] + ProtocolForm.lines
      + (ballot == .list
        ? schema.parties.map { .votes(.party($0.code)) }
        : (1...max(1, versions.flatMap(\.entries).map { $0.2.votes.count }.max() ?? 1)).map {
          .votes(.candidate($0))
        })
    for v in versions {
      blocks.append(.heading(2, "Version \(v.version): \(v.status)"))
      var facts: [[Document.Inline]] = [[.text("Opened by \(v.openedBy)")]]
      if let reason = v.reason { facts.append([.text("Reason: \(reason)")]) }
      if let decision = v.decision { facts.append([.text("Decision: \(decision)")]) }
      blocks.append(.list(facts))
      guard !v.entries.isEmpty else { continue }
      let differing = Set(v.differences)
      blocks.append(
        .table(
          Document.Table(
            header: ["Line"] + v.entries.map { "Entry \($0.0) (\($0.1))" },
            rows: fields.map { field in
              let mark = differing.contains(field.csvName) ? "≠ " : ""
              return [[.text(mark + ProtocolForm.label(field))]]
                + v.entries.map { entry -> [Document.Inline] in
                  let value: Int? =
                    switch field {
                    case .votes(let choice): entry.2.votes(for: choice, in: schema)
                    default: entry.2[field]
                    }
                  return [.text(value.map(String.init) ?? "–")]
                }
            }, numericColumns: Set(1...v.entries.count))))
    }
    if let csrf, let current = versions.last {
      let action = "/elections/\(electionID)/queue/\(ballot.rawValue)/\(percentEncoded(precinct))"
      if current.status == "differences" || current.status == "checkFailed" {
        var options = [Form.Option(value: "reenter", label: "Enter it again (a new version)")]
        if current.status == "differences" {
          options.insert(
            contentsOf: [
              Form.Option(value: "first", label: "The paper agrees with entry 1"),
              Form.Option(value: "second", label: "The paper agrees with entry 2"),
            ], at: 0)
        }
        blocks.append(.heading(2, "Decide against the paper"))
        blocks.append(
          .form(
            Form(
              action: action,
              fields: [
                .hidden(name: "csrf", value: csrf), .hidden(name: "action", value: "resolve"),
                .choice(name: "decision", label: "Decision", options: options, selected: nil),
                .textarea(
                  name: "reason", label: "What the paper shows", value: "", required: true),
              ], submit: "Decide")))
      } else if current.status == "accepted" {
        blocks.append(.heading(2, "Correct or recount"))
        blocks.append(
          .form(
            Form(
              action: action,
              fields: [
                .hidden(name: "csrf", value: csrf), .hidden(name: "action", value: "correct"),
                .textarea(name: "reason", label: "Why", value: "", required: true),
              ], submit: "Open a correction")))
      }
    }
    return Document(
      title: "Precinct \(precinct), \(ballot == .list ? "party list" : "constituency") ballot",
      blocks: blocks)
  }

  /// Where the entry form's script is served.
  public static let entryScriptPath = "/assets/entry.js"

  /// The entry form's script: as the clerk types, the form's values go to the server's check
  /// (`POST /api/v1/elections/{id}/entries/check`, nothing stored) and its errors and warnings are shown
  /// above the form and marked on their fields. The server's check on saving stays the authority; without
  /// the script the form is the same, checked when it is sent.
  public static let entryScript = """
    (function () {
      var form = document.getElementById('entry');
      var m = location.pathname.match(/^\\/elections\\/([^\\/]+)\\/entry$/);
      if (!form || !m || !window.fetch) return;
      var box = document.createElement('ul');
      box.className = 'notes';
      box.setAttribute('aria-live', 'polite');
      form.insertBefore(box, form.firstChild);
      var groups = form.querySelectorAll('fieldset');
      var votesGroup = groups[groups.length - 1];
      function camel(name) { return name.replace(/_([a-z])/g, function (_, c) { return c.toUpperCase(); }); }
      var timer = null;
      function check() {
        var p = { votes: {} };
        form.querySelectorAll('input').forEach(function (input) {
          if (input.type === 'hidden' && input.name !== 'ballot') return;
          if (input.type === 'checkbox' || input.value.trim() === '') return;
          if (votesGroup.contains(input)) p.votes[input.name] = input.value.trim();
          else p[camel(input.name)] = input.value.trim();
        });
        fetch('/api/v1/elections/' + m[1] + '/entries/check', {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ protocols: [p] })
        }).then(function (r) { return r.json(); }).then(function (answer) {
          box.textContent = '';
          form.querySelectorAll('[aria-invalid]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
          (answer.issues || []).forEach(function (issue) {
            var li = document.createElement('li');
            li.className = issue.severity === 'error' ? 'note-error' : 'note-warning';
            li.textContent = (issue.field ? issue.field + ': ' : '') + issue.message;
            box.appendChild(li);
            var field = issue.field && form.querySelector('[name="' + issue.field + '"]');
            if (field && issue.severity === 'error') field.setAttribute('aria-invalid', 'true');
          });
        }).catch(function () {});
      }
      form.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(check, 400); });
    })();

    """

  /// A path segment with everything but unreserved characters percent-encoded.
  public static func percentEncoded(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      let c = Character(UnicodeScalar(byte))
      if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a)
        || (byte >= 0x61 && byte <= 0x7a) || c == "-" || c == "_" || c == "." || c == "~"
      {
        out.append(c)
      } else {
        out += "%" + String(byte, radix: 16, uppercase: true).leftPadded
      }
    }
    return out
  }
}

extension String {
  fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
