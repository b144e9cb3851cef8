import SaylauCore

/// What kind of contestant a directory entry is.
public enum PartyKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// A registered political party.
  case party
  /// An electoral bloc of parties.
  case bloc
  /// A group that is not a list: independents, deputies elected by another body, the "against all" line.
  case group
  /// A derived line standing for several lists together ("other lists"): never seated.
  case aggregate
}

/// A party (or bloc or group) as the results and the pages name it.
public struct Party: Sendable, Hashable, Codable, Identifiable {
  public var code: String
  public var kind: PartyKind
  public var name: LocalizedName
  /// A short name for legends and labels.
  public var shortName: String
  /// The colour pages and maps draw it in (`#rrggbb`): a presentation choice, not a fact.
  public var colour: String?
  /// The party it became (renamed, merged into), and since when.
  public var successor: String?
  public var successorSince: HistoricalDate?
  /// `renamed` or `merged`.
  public var successorBasis: String?
  /// Lower-case fragments that identify the party in a nomination text ("aq jol", "ak zhol").
  public var nominationNames: [String]
  public var notes: String?
  public var sources: [String]

  public init(
    code: String, kind: PartyKind, name: LocalizedName, shortName: String, colour: String? = nil,
    successor: String? = nil, successorSince: HistoricalDate? = nil, successorBasis: String? = nil,
    nominationNames: [String] = [], notes: String? = nil, sources: [String] = []
  ) {
    self.code = code
    self.kind = kind
    self.name = name
    self.shortName = shortName
    self.colour = colour
    self.successor = successor
    self.successorSince = successorSince
    self.successorBasis = successorBasis
    self.nominationNames = nominationNames
    self.notes = notes
    self.sources = sources
  }

  public var id: String { code }
}

/// The parties a country's results name, with their identities over time.
public struct PartyDirectory: Sendable, Hashable, Codable {
  public var parties: [Party]
  private var index: [String: Int]

  public init(_ parties: [Party]) {
    self.parties = parties
    index = Dictionary(
      parties.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
  }

  public func party(code: String) -> Party? { index[code].map { parties[$0] } }

  /// The party a nomination text names ("Amanat", "Independent (self-nominated)", "Ak Zhol"), or `nil` when
  /// it names none known here (then it is shown as written, never guessed). The longest matching fragment
  /// wins, so "people's party" is not read as another party's shorter name.
  public func code(forNomination text: String) -> String? {
    let t = text.lowercased()
    var best: (code: String, length: Int)?
    for p in parties {
      for fragment in p.nominationNames where t.contains(fragment) {
        if best.map({ fragment.count > $0.length }) ?? true { best = (p.code, fragment.count) }
      }
    }
    return best?.code
  }

  /// The party `code` had become by `date`, following renamings and mergers that certainly happened by
  /// then (`nur_otan` on 2023-03-19 is `amanat`).
  public func successor(of code: String, on date: CalendarDate) -> String {
    var current = code
    var seen: Set<String> = [code]
    while let p = party(code: current), let next = p.successor, let since = p.successorSince,
      since.latest <= date, seen.insert(next).inserted
    {
      current = next
    }
    return current
  }
}
