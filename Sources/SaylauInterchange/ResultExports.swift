import Foundation
import SaylauCore
import SaylauElections
import SaylauReports

/// One export: a name and its bytes.
public struct ExportFile: Sendable, Hashable {
  public var name: String
  public var bytes: [UInt8]

  public init(name: String, bytes: [UInt8]) {
    self.name = name
    self.bytes = bytes
  }
}

/// The exportable set of a counted result, the one function the command line (`saylau results export`)
/// and the API (`GET /api/v1/elections/{id}/exports/{file}`) call, so both give the same bytes:
/// - `result.json`: the ``CountedResult`` itself, canonical (its SHA-256 is the snapshot's);
/// - `nist.json`: NIST SP 1500-100 v2 (``NISTResultsReport``);
/// - `precincts.csv`: every counted protocol, one row per precinct and ballot;
/// - `levels.csv`: the totals of the nation, each region and each constituency, one row per choice;
/// - `protocol.html`: the printable result protocol (``ResultProtocol``).
public enum ResultExports {
  /// The issuer named in the NIST report: the software that counted (the signer, a commission or a server,
  /// is named in each signature).
  public static let issuer = "Saylau"

  /// The names of the exports, in order.
  public static let names = [
    "result.json", "nist.json", "precincts.csv", "levels.csv", "protocol.html",
  ]

  /// Every export of `result`.
  /// - Parameters:
  ///   - state: the results' state.
  ///   - generatedAt: ISO 8601 UTC with `Z`: the snapshot's time (or the newest protocol's while
  ///     preliminary), never "now", so two faces give the same bytes.
  ///   - issuer: who issues the exports.
  public static func files(
    _ result: CountedResult, state: ResultState, generatedAt: String, issuer: String
  ) -> [ExportFile] {
    names.compactMap {
      file($0, of: result, state: state, generatedAt: generatedAt, issuer: issuer)
    }
  }

  /// One export by name; `nil` for an unknown name.
  public static func file(
    _ name: String, of result: CountedResult, state: ResultState, generatedAt: String,
    issuer: String
  ) -> ExportFile? {
    let bytes: [UInt8]
    switch name {
    case "result.json": bytes = result.canonicalJSON()
    case "nist.json":
      bytes = NISTResultsReport.json(result, state: state, generatedAt: generatedAt, issuer: issuer)
    case "precincts.csv": bytes = Array(ResultCSV.precincts(result).utf8)
    case "levels.csv": bytes = Array(ResultCSV.levels(result).utf8)
    case "protocol.html":
      // The state and the SHA-256 of the counted result it prints (the snapshot's, when final or certified).
      let digest = ExportSigner.sha256(Data(result.canonicalJSON()))
      let standing =
        "\(state.title) results as of \(generatedAt); counted result SHA-256 \(digest)."
      bytes = Array(ResultProtocol.html(result.summary, standing: standing).utf8)
    default: return nil
    }
    return ExportFile(name: name, bytes: bytes)
  }

  /// The media type of an export.
  public static func mediaType(_ name: String) -> String {
    if name.hasSuffix(".json") { return "application/json" }
    if name.hasSuffix(".csv") { return "text/csv; charset=utf-8" }
    return "text/html; charset=utf-8"
  }
}

/// The CSV exports: blanks stay empty cells (never 0); every row says whether the data is SYNTHETIC.
public enum ResultCSV {
  /// One row per counted protocol (precinct and ballot), every line of the protocol, then one column per
  /// party list (by code) and per constituency candidate position (`c1`, `c2`, …).
  public static func precincts(_ r: CountedResult) -> String {
    let parties = r.parties.map(\.code)
    let positions = r.protocols.filter { $0.ballot == .constituency }.map(\.votes.count).max() ?? 0
    var out =
      ([
        "election", "precinct", "ballot", "version", "constituency", "round", "voters_on_list",
        "ballots_received", "ballots_issued", "ballots_in_box", "invalid", "unused", "against_all",
        "absentee_voters", "ballots_issued_at_home", "ballots_in_portable_boxes", "unofficial_form",
        "spoiled", "lost",
      ] + parties + (0..<positions).map { "c\($0 + 1)" } + ["synthetic"])
      .joined(separator: ",") + "\n"
    for (i, p) in r.protocols.enumerated() {
      func n(_ v: Int?) -> String { v.map(String.init) ?? "" }
      var row = [
        field(r.election.id), field(p.precinct), p.ballot.rawValue,
        i < r.versions.count ? String(r.versions[i].version) : "1", n(p.constituency), n(p.round),
        n(p.votersOnList), n(p.ballotsReceived), n(p.ballotsIssued), n(p.ballotsInBox),
        n(p.invalid),
        n(p.unused), n(p.againstAll), n(p.absenteeVoters), n(p.ballotsIssuedAtHome),
        n(p.ballotsInPortableBoxes), n(p.unofficialForm), n(p.spoiled), n(p.lost),
      ]
      for k in 0..<parties.count {
        row.append(p.ballot == .list && k < p.votes.count ? n(p.votes[k]) : "")
      }
      for k in 0..<positions {
        row.append(p.ballot == .constituency && k < p.votes.count ? n(p.votes[k]) : "")
      }
      row.append(p.synthetic || r.synthetic ? "yes" : "no")
      out += row.joined(separator: ",") + "\n"
    }
    return out
  }

  /// One row per level (nation `KZ`, region code, constituency number), ballot and choice, with the
  /// level's lines repeated; a level without per-choice votes (the constituency ballot above a
  /// constituency) has one row with the choice empty.
  public static func levels(_ r: CountedResult) -> String {
    let regionNames = Dictionary(
      r.regions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    let partyNames = Dictionary(
      r.parties.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    let candidateNames = Dictionary(
      r.candidates.map { ("\($0.constituency)/c\($0.position)", $0.name) },
      uniquingKeysWith: { a, _ in a })
    var out =
      "election,ballot,level,unit,name,protocols,expected,voters_on_list,ballots_issued,ballots_in_box,invalid,against_all,choice,choice_name,votes,synthetic\n"
    for l in r.levels {
      let name: String
      switch l.kind {
      case .nation: name = "Republic of Kazakhstan"
      case .region: name = (regionNames[l.key] ?? nil) ?? ""
      case .constituency: name = "Constituency No. \(l.key)"
      }
      let head = [
        field(r.election.id), l.ballot.rawValue, l.kind.rawValue, field(l.key), field(name),
        String(l.protocols), blank(l.expected), blank(l.votersOnList), blank(l.ballotsIssued),
        blank(l.ballotsInBox), blank(l.invalid), blank(l.againstAll),
      ]
      let mark = r.synthetic ? "yes" : "no"
      if l.votes.isEmpty {
        out += (head + ["", "", "", mark]).joined(separator: ",") + "\n"
      }
      for v in l.votes {
        let choiceName =
          l.ballot == .list
          ? partyNames[v.choice] ?? "" : candidateNames["\(l.key)/\(v.choice)"] ?? ""
        out +=
          (head + [field(v.choice), field(choiceName), String(v.votes), mark]).joined(
            separator: ",")
          + "\n"
      }
    }
    return out
  }

  /// A count, or an empty cell when it is not known.
  static func blank(_ v: Int?) -> String { v.map(String.init) ?? "" }

  /// A CSV field, quoted when it must be.
  static func field(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return s
    }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
