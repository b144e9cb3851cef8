import Foundation
import SaylauCore
import SaylauData
import SaylauRegistry

/// What a new database is seeded with: the registry (the domain value, stored as it is) and the published
/// elections of the bundled dataset as the store's election records.
public struct BundledSeed: Sendable {
  /// An election with its published results.
  public struct Election: Sendable {
    public var election: ElectionRecord
    public var listResults: [ListResultRecord]
    public var candidates: [CandidateRecord]

    public init(
      election: ElectionRecord, listResults: [ListResultRecord], candidates: [CandidateRecord]
    ) {
      self.election = election
      self.listResults = listResults
      self.candidates = candidates
    }
  }

  public var registry: Registry
  public var elections: [Election]

  public init(registry: Registry, elections: [Election]) {
    self.registry = registry
    self.elections = elections
  }

  /// The Mäjilis election of 19 March 2023.
  public static let election2023 = "2023-majilis"

  /// Reads the bundled registry and results.
  public static func load() throws -> BundledSeed {
    let registry = try BundledData.registry()
    return BundledSeed(registry: registry, elections: try elections(registry))
  }

  /// The bundled national results whose election day the registry knows (2004 and 2023: the days of their
  /// constituency schemes); the others have no date in the data and are left out rather than dated by guess.
  static func elections(_ registry: Registry) throws -> [Election] {
    var out: [Election] = []
    for year in ElectionResults.years {
      let days = registry.schemes.flatMap(\.electionDays).filter { $0.year == year }.sorted()
      guard let day = days.first else { continue }
      let official = try ElectionResults.official(year: year)
      var list = official.lines.map { line in
        ListResultRecord(
          partyCode: line.code, rowType: line.isDerivedAggregate ? "other" : "party",
          name: Names(en: line.name),
          votes: line.votes, percent: nil, listSeats: line.officialListSeats,
          constituencySeats: line.constituencySeats,
          totalSeats: line.officialListSeats.flatMap { l in line.constituencySeats.map { l + $0 } })
      }
      if let against = official.againstAll {
        list.append(
          ListResultRecord(
            partyCode: "against_all", rowType: "against_all", name: Names(en: "Against all"),
            votes: against,
            percent: nil, listSeats: nil, constituencySeats: nil, totalSeats: nil))
      }
      if let independents = official.independentConstituencySeats {
        list.append(
          ListResultRecord(
            partyCode: "independent", rowType: "independents",
            name: Names(en: "Independents (self-nominated), constituency seats only"), votes: nil,
            percent: nil, listSeats: 0, constituencySeats: independents, totalSeats: independents))
      }
      let seats = registry.schemes.first { $0.electionDays.contains(day) }?.seatCount
      var candidates: [CandidateRecord] = []
      var turnout: String?
      if year == 2023 {
        candidates = try BundledData.constituencyResults2023().compactMap { r in
          r.winner.map {
            CandidateRecord(
              constituency: r.number, candidate: $0, party: r.winnerNomination,
              votes: r.winnerVotes,
              percent: r.winnerPercent, elected: true)
          }
        }
        turnout = try BundledData.publishedTurnout2023()
      }
      let listSeats = official.lines.compactMap(\.officialListSeats)
      out.append(
        Election(
          election: ElectionRecord(
            id: "\(year)-majilis", date: day.description, chamber: "majilis",
            title: "Mäjilis election, \(Self.longDate(day))",
            listSeats: listSeats.isEmpty ? nil : listSeats.reduce(0, +), constituencySeats: seats,
            electorate: official.electorate, ballotsCast: official.ballotsIssued,
            turnoutPercent: turnout,
            synthetic: false, source: official.lines.first?.source, regime: official.regime),
          listResults: list, candidates: candidates))
    }
    return out
  }

  static func longDate(_ d: CalendarDate) -> String {
    let months = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October",
      "November", "December",
    ]
    return "\(d.day) \(months[d.month - 1]) \(d.year)"
  }
}
