import SaylauCore

/// One election of a chamber: its id, its day (as precisely as the sources give it) and the regime it was
/// held under. The catalogue of a country's elections is data (SaylauData's `elections/elections.csv`).
public struct Election: Sendable, Hashable, Codable, Identifiable {
  /// Stable id: `2023-majilis`.
  public var id: String
  /// The chamber elected (`majilis`, `kurultai`).
  public var chamber: String
  /// Polling day; known to the day for the elections with results, to the month for some earlier ones.
  public var date: HistoricalDate
  /// The day of the second round (runoffs), where there was one.
  public var secondRound: CalendarDate?
  /// The id of the regime (``Regime``) the election was held under.
  public var regimeID: String
  public var title: String
  public var notes: [String]
  public var sources: [String]

  public init(
    id: String, chamber: String, date: HistoricalDate, secondRound: CalendarDate? = nil,
    regimeID: String, title: String, notes: [String] = [], sources: [String] = []
  ) {
    self.id = id
    self.chamber = chamber
    self.date = date
    self.secondRound = secondRound
    self.regimeID = regimeID
    self.title = title
    self.notes = notes
    self.sources = sources
  }

  /// The polling day, when it is known to the day.
  public var day: CalendarDate? { date.day == nil ? nil : date.earliest }
}

/// A country's elections, oldest first, with look-ups by id and by year.
public struct ElectionCatalogue: Sendable, Hashable, Codable {
  public var elections: [Election]

  public init(_ elections: [Election]) {
    self.elections = elections.sorted { ($0.date.earliest, $0.id) < ($1.date.earliest, $1.id) }
  }

  /// The election with this id.
  public func election(id: String) -> Election? { elections.first { $0.id == id } }

  /// Finds an election by id (`2023-majilis`) or by year (`2023`, when exactly one election fell in it).
  public func find(_ key: String) throws(ElectionLookupError) -> Election {
    if let e = election(id: key) { return e }
    if let year = Int(key), key.count == 4 {
      let inYear = elections.filter { $0.date.year == year }
      if inYear.count == 1 { return inYear[0] }
      if inYear.count > 1 { throw .ambiguousYear(year, inYear.map(\.id)) }
      throw .noElectionInYear(year, known: elections.map(\.id))
    }
    throw .unknown(key, known: elections.map(\.id))
  }

  /// The days on which each regime is known to have been in force: the polling days of its elections.
  public func witnessedDays(ofRegime id: String) -> [CalendarDate] {
    elections.filter { $0.regimeID == id }.flatMap { e in [e.day, e.secondRound].compactMap { $0 } }
  }
}

/// Why an election could not be found.
public enum ElectionLookupError: Error, Equatable, Sendable, CustomStringConvertible {
  case unknown(String, known: [String])
  case noElectionInYear(Int, known: [String])
  case ambiguousYear(Int, [String])

  public var description: String {
    switch self {
    case .unknown(let k, let known):
      return "no election '\(k)' (known: \(known.joined(separator: ", ")))"
    case .noElectionInYear(let y, let known):
      return "no election in \(y) (known: \(known.joined(separator: ", ")))"
    case .ambiguousYear(let y, let ids):
      return "\(y) had several elections (\(ids.joined(separator: ", "))): name one by its id"
    }
  }
}
