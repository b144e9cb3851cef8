import Foundation
import SaylauApportionment
import SaylauCore
import SaylauElections

/// The bundled elections of Kazakhstan: the regimes in force by date (`elections/regimes.csv`), the
/// elections (`elections/elections.csv`), the parties (`parties.csv`) and the published results the
/// elections table names. Every file is read by one loader with errors naming the file, line and field.
extension BundledData {
  /// The regimes of rules.md A0, with the polling days of their elections as witnessed days.
  public static func regimes() throws -> RegimeTable {
    try ElectionDataLoader(directory: resourceDirectory).regimes()
  }

  /// Every Mäjilis and Kurultai election the data knows, with or without results.
  public static func elections() throws -> ElectionCatalogue {
    try ElectionDataLoader(directory: resourceDirectory).elections()
  }

  /// The parties the results name, with their successors and display colours.
  public static func parties() throws -> PartyDirectory {
    try ElectionDataLoader(directory: resourceDirectory).parties()
  }

  /// An election by id (`2023-majilis`) or year (`2023`) with its regime and published result (`nil` when
  /// the data has no result for it).
  public static func publishedElection(_ key: String) throws -> PublishedElection {
    try ElectionDataLoader(directory: resourceDirectory).publishedElection(key)
  }

  /// An election of the catalogue in the definition format (``ElectionDefinition``): what `saylau election
  /// init --from` exports and `saylau election show` prints for a bundled election.
  public static func definition(_ key: String) throws -> ElectionDefinition {
    try ElectionDataLoader(directory: resourceDirectory).definition(key)
  }

  /// Every bundled election that has a published result, oldest first.
  public static func publishedElections() throws -> [PublishedElection] {
    let loader = ElectionDataLoader(directory: resourceDirectory)
    return try loader.elections().elections.map { try loader.publishedElection($0.id) }
      .filter { $0.result != nil }
  }
}

/// Why an election cannot be loaded: unknown, or its files are invalid.
public enum ElectionDataError: Error, CustomStringConvertible, Sendable {
  case lookup(ElectionLookupError)
  case dataset(DatasetError)

  public var description: String {
    switch self {
    case .lookup(let e): return e.description
    case .dataset(let e): return "the bundled election data is invalid: \(e)"
    }
  }
}

/// Reads and checks the election tables of a dataset folder.
public struct ElectionDataLoader: Sendable {
  public var directory: URL

  public init(directory: URL) { self.directory = directory }

  static let files = (
    regimes: "elections/regimes.csv", elections: "elections/elections.csv",
    parties: "parties.csv", electionParties: "elections/election_parties.csv"
  )

  func table(_ name: String, columns: [String]) throws -> CSVTable {
    try datasetTable(name, in: directory, columns: columns)
  }

  func count(_ r: CSVTable.Record, _ field: String) throws -> Int? {
    guard let v = try r.optionalInt(field) else { return nil }
    guard v >= 0 else { throw r.error(field, "a count cannot be negative: \(v)") }
    return v
  }

  func flag(_ r: CSVTable.Record, _ field: String) throws -> Bool? {
    switch r.optional(field) {
    case nil: return nil
    case "yes": return true
    case "no": return false
    case let v?: throw r.error(field, "'\(v)' is not yes, no or blank")
    }
  }

  func sources(_ r: CSVTable.Record) -> [String] {
    (r.optional("sources") ?? r.optional("source") ?? "").split(separator: ";")
      .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// The elections table.
  public func elections() throws -> ElectionCatalogue {
    let t = try table(
      Self.files.elections,
      columns: ["id", "chamber", "date", "second_round", "regime", "title", "list_results"])
    var seen = Set<String>()
    var out: [Election] = []
    for r in t.records {
      let id = try r.required("id")
      guard seen.insert(id).inserted else { throw r.error("id", "'\(id)' appears twice") }
      guard let date = try r.optionalHistoricalDate("date") else {
        throw r.error("date", "is blank")
      }
      out.append(
        Election(
          id: id, chamber: try r.required("chamber"), date: date,
          secondRound: try r.optionalDate("second_round"), regimeID: try r.required("regime"),
          title: try r.required("title"), notes: r.optional("notes").map { [$0] } ?? [],
          sources: sources(r)))
    }
    return ElectionCatalogue(out)
  }

  /// The regimes table, each regime witnessed on the polling days of its elections.
  public func regimes() throws -> RegimeTable {
    let catalogue = try elections()
    let t = try table(
      Self.files.regimes,
      columns: [
        "id", "chamber", "in_force", "ended", "total_seats", "list_seats", "list_threshold_percent",
        "list_method", "constituency_seats", "constituency_rule", "appointed_body",
        "appointed_code", "appointed_seats", "runner_up_in_law", "against_all_on_ballot", "notes",
      ])
    var seen = Set<String>()
    var out: [Regime] = []
    for r in t.records {
      let id = try r.required("id")
      guard seen.insert(id).inserted else { throw r.error("id", "'\(id)' appears twice") }
      guard let start = try r.optionalHistoricalDate("in_force") else {
        throw r.error("in_force", "is blank")
      }
      var threshold: Threshold?
      if let text = r.optional("list_threshold_percent") {
        guard let th = Threshold(percentString: text) else {
          throw r.error("list_threshold_percent", "'\(text)' is not a percentage such as 5 or 7.5")
        }
        threshold = th
      }
      var method: AllocationMethodName?
      if let text = r.optional("list_method") {
        guard let m = AllocationMethodName(text) else {
          throw r.error("list_method", "'\(text)' is not a known allocation method")
        }
        method = m
      }
      var rule: ConstituencyRule?
      switch r.optional("constituency_rule") {
      case nil: rule = nil
      case "plurality": rule = .plurality
      case "majority_with_runoff": rule = .majorityWithRunoff
      case let v?:
        throw r.error("constituency_rule", "'\(v)' is not plurality or majority_with_runoff")
      }
      var appointed: [AppointedSeats] = []
      if let body = r.optional("appointed_body") {
        guard let seats = try count(r, "appointed_seats") else {
          throw r.error("appointed_seats", "is blank but an appointing body is named")
        }
        appointed.append(
          AppointedSeats(body: body, code: try r.required("appointed_code"), seats: seats))
      }
      var quota: CandidateQuota?
      if let percent = try count(r, "quota_percent") {
        var groups: [QuotaGroup] = []
        for g in r.list("quota_groups") {
          guard let group = QuotaGroup(rawValue: g) else {
            throw r.error("quota_groups", "'\(g)' is not women, youth or disability")
          }
          groups.append(group)
        }
        let applies = r.list("quota_applies_to")
        for a in applies where a != "list" && a != "mandates" {
          throw r.error("quota_applies_to", "'\(a)' is not list or mandates")
        }
        quota = CandidateQuota(
          percent: percent, groups: groups, appliesToList: applies.contains("list"),
          appliesToMandates: applies.contains("mandates"), sources: r.list("quota_sources"))
      }
      let total = try r.requiredInt("total_seats")
      let list = try r.requiredInt("list_seats")
      let smd = try r.requiredInt("constituency_seats")
      let regime = Regime(
        id: id, chamber: try r.required("chamber"),
        inForce: HistoricalSpan(
          start: start, end: try r.optionalHistoricalDate("ended"),
          witnessed: catalogue.witnessedDays(ofRegime: id)),
        totalSeats: total, listSeats: list, listThreshold: threshold,
        listMethod: method?.method, constituencySeats: smd, constituencyRule: rule,
        appointed: appointed, runnerUpGuaranteeInLaw: try flag(r, "runner_up_in_law"),
        againstAllOnBallot: try flag(r, "against_all_on_ballot"), candidateQuota: quota,
        listLengthExtraPercent: try count(r, "list_length_extra_percent"),
        withdrawalExtensionMonths: try count(r, "withdrawal_extension_months"),
        notes: r.optional("notes").map { [$0] } ?? [], sources: sources(r))
      guard list + smd + regime.appointedSeats == total else {
        throw r.error(
          "total_seats",
          "\(total) is not list \(list) + constituency \(smd) + appointed \(regime.appointedSeats)")
      }
      if smd > 0 && rule == nil {
        throw r.error("constituency_rule", "is blank but the regime has constituency seats")
      }
      out.append(regime)
    }
    for e in catalogue.elections where !seen.contains(e.regimeID) {
      throw DatasetError(
        file: Self.files.elections,
        message: "election \(e.id) names an unknown regime \(e.regimeID)")
    }
    return RegimeTable(out)
  }

  /// The parties table.
  public func parties() throws -> PartyDirectory {
    let t = try table(
      Self.files.parties,
      columns: [
        "code", "kind", "name_en", "name_kk", "name_ru", "short_name", "colour", "successor",
        "successor_since", "successor_basis", "nomination_names", "notes",
      ])
    var seen = Set<String>()
    var out: [Party] = []
    for r in t.records {
      let code = try r.required("code")
      guard seen.insert(code).inserted else { throw r.error("code", "'\(code)' appears twice") }
      guard let kind = PartyKind(rawValue: try r.required("kind")) else {
        throw r.error(
          "kind", "'\(r.optional("kind") ?? "")' is not party, bloc, group or aggregate")
      }
      if let c = r.optional("colour"),
        !(c.count == 7 && c.first == "#" && c.dropFirst().allSatisfy(\.isHexDigit))
      {
        throw r.error("colour", "'\(c)' is not a colour of the form #rrggbb")
      }
      out.append(
        Party(
          code: code, kind: kind,
          name: LocalizedName(
            en: try r.required("name_en"), kk: r.optional("name_kk"), ru: r.optional("name_ru")),
          shortName: try r.optional("short_name") ?? r.required("name_en"),
          colour: r.optional("colour"), successor: r.optional("successor"),
          successorSince: try r.optionalHistoricalDate("successor_since"),
          successorBasis: r.optional("successor_basis"),
          nominationNames: r.list("nomination_names").map { $0.lowercased() },
          notes: r.optional("notes"), sources: sources(r)))
    }
    for p in out {
      if let s = p.successor, !seen.contains(s) {
        throw DatasetError(
          file: Self.files.parties, message: "party \(p.code) names an unknown successor \(s)")
      }
    }
    return PartyDirectory(out)
  }

  /// An election with its regime and, where the elections table names them, its published results.
  public func publishedElection(_ key: String) throws -> PublishedElection {
    let catalogue = try elections()
    let election: Election
    do {
      election = try catalogue.find(key)
    } catch {
      throw ElectionDataError.lookup(error)
    }
    guard let regime = try regimes().regime(id: election.regimeID) else {
      throw DatasetError(
        file: Self.files.elections,
        message: "election \(election.id) names an unknown regime \(election.regimeID)")
    }
    let row = try table(
      Self.files.elections, columns: ["id", "list_results", "constituency_results"]
    ).records.first { $0.optional("id") == election.id }
    guard let file = row?.optional("list_results") else {
      return PublishedElection(election: election, regime: regime, result: nil)
    }
    var result = try listResult(file)
    if let constituencies = row?.optional("constituency_results") {
      result.constituencies = try constituencyOutcomes(constituencies)
    }
    let order = try table(
      Self.files.electionParties, columns: ["election", "party", "registration_order"]
    ).records.filter { $0.optional("election") == election.id }
    let known = order.filter { $0.optional("registration_order") != nil }
    if !known.isEmpty && known.count == result.lines.filter({ !$0.isAggregate }).count {
      // Registration order known for every list: the lines are put in that order (it breaks ties).
      var rank: [String: Int] = [:]
      for r in known { rank[r.optional("party") ?? ""] = try r.requiredInt("registration_order") }
      result.lines.sort { (rank[$0.code] ?? Int.max) < (rank[$1.code] ?? Int.max) }
      result.registrationOrderKnown = true
    }
    let parties = try self.parties()
    for l in result.lines where parties.party(code: l.code) == nil {
      throw DatasetError(file: file, message: "party '\(l.code)' is not in \(Self.files.parties)")
    }
    return PublishedElection(election: election, regime: regime, result: result)
  }

  /// An election in the definition format: its lists with ballot position and registration order where the
  /// data gives them (a blank stays blank), its published list vote and seats.
  public func definition(_ key: String) throws -> ElectionDefinition {
    let published = try publishedElection(key)
    var d = ElectionDefinition(published: published)
    let rows = try table(
      Self.files.electionParties,
      columns: ["election", "party", "ballot_position", "registration_order"]
    ).records.filter { $0.optional("election") == published.election.id }
    for r in rows {
      guard let i = d.parties.firstIndex(where: { $0.code == r.optional("party") }) else {
        continue
      }
      d.parties[i].ballotPosition = try r.optionalInt("ballot_position")
      if let o = try r.optionalInt("registration_order") { d.parties[i].registrationOrder = o }
    }
    if let r = published.result {
      d.notes = (d.notes ?? []) + r.notes
      if d.notes?.isEmpty == true { d.notes = nil }
    }
    return d
  }

  /// A national party-list result file (`results_2023_party_list.csv` and the files in `elections/`).
  func listResult(_ file: String) throws -> PublishedResult {
    let rows = try table(
      file,
      columns: [
        "row_type", "party_code", "party_en", "votes", "list_seats", "constituency_seats",
        "constituency_seats_basis", "total_seats", "electorate", "ballots_cast", "invalid_ballots",
        "turnout_pct", "notes", "source",
      ]
    ).records
    var result = PublishedResult(lines: [])
    for r in rows {
      let code = try r.required("party_code")
      switch try r.required("row_type") {
      case "party", "other_lists":
        guard let votes = try count(r, "votes") else {
          throw r.error("votes", "is blank but required for a list")
        }
        let aggregate = r.optional("row_type") == "other_lists"
        result.lines.append(
          PublishedResult.ListLine(
            code: code, name: try r.required("party_en"), votes: votes, isAggregate: aggregate,
            publishedListSeats: try count(r, "list_seats"),
            constituencySeats: try count(r, "constituency_seats"),
            constituencySeatsBasis: r.optional("constituency_seats_basis"),
            publishedTotalSeats: try count(r, "total_seats"), notes: r.optional("notes"),
            sources: sources(r)))
        if let n = r.optional("notes") { result.notes.append("\(code): \(n)") }
      case "against_all":
        result.againstAll = try count(r, "votes")
      case "independents":
        result.independentConstituencySeats = try count(r, "constituency_seats")
        result.independentConstituencySeatsBasis = r.optional("constituency_seats_basis")
        if let n = r.optional("notes") { result.notes.append("independents: \(n)") }
      case "national":
        result.publishedBase = try count(r, "votes")
        result.electorate = try count(r, "electorate")
        result.ballotsIssued = try count(r, "ballots_cast")
        result.invalid = try count(r, "invalid_ballots")
        if let t = r.optional("turnout_pct") {
          guard Double(t) != nil else { throw r.error("turnout_pct", "'\(t)' is not a number") }
          result.publishedTurnout = t
        }
        if let n = r.optional("notes") { result.notes.append(n) }
        result.sources += sources(r)
      case "appointed":
        break  // the regime says how many; the row documents it
      case let other:
        throw r.error(
          "row_type",
          "'\(other)' is not party, other_lists, against_all, independents, appointed or national")
      }
    }
    if let base = result.publishedBase {
      let sum = result.lines.reduce(0) { $0 + $1.votes } + (result.againstAll ?? 0)
      guard sum == base else {
        throw DatasetError(
          file: file,
          message:
            "the lists and 'against all' add up to \(sum), but the national row gives \(base)")
      }
    }
    return result
  }

  /// A constituency results file (`results_2023_constituencies.csv`): one outcome per number.
  func constituencyOutcomes(_ name: String) throws -> [ConstituencyOutcome] {
    let t = try table(
      name,
      columns: [
        "constituency", "region_code", "row_type", "candidate", "party_or_nomination", "votes",
        "percent", "elected", "registered_candidates", "region_turnout_prelim_pct", "source",
      ])
    var byNumber: [Int: ConstituencyOutcome] = [:]
    for record in t.records {
      let number = try record.requiredInt("constituency")
      let region = try record.required("region_code")
      var entry = byNumber[number] ?? ConstituencyOutcome(number: number, regionCode: region)
      switch try record.required("row_type") {
      case "summary":
        entry.registeredCandidates = try record.optionalInt("registered_candidates")
        entry.regionTurnoutPreliminary = record.optional("region_turnout_prelim_pct")
        if let t = entry.regionTurnoutPreliminary, Double(t) == nil {
          throw record.error("region_turnout_prelim_pct", "'\(t)' is not a number")
        }
      case "candidate":
        guard record.optional("elected") == "yes" else { continue }
        entry.winner = try record.required("candidate")
        entry.winnerNomination = record.optional("party_or_nomination")
        entry.winnerPercent = record.optional("percent")
        entry.winnerVotes = try record.optionalInt("votes")
      case let other:
        throw record.error("row_type", "'\(other)' is not summary or candidate")
      }
      for s in sources(record) where !entry.sources.contains(s) { entry.sources.append(s) }
      byNumber[number] = entry
    }
    return byNumber.keys.sorted().map { byNumber[$0]! }
  }
}

/// The spellings of the allocation methods a data file may use.
struct AllocationMethodName {
  var method: SaylauApportionment.AllocationMethod
  init?(_ text: String) {
    guard let m = SaylauApportionment.AllocationMethod(name: text) else { return nil }
    method = m
  }
}
