import Foundation
import SaylauCore
import SaylauData
import SaylauRegistry

/// What a new database is seeded with: the registry and the published elections of the bundled dataset,
/// read by SaylauData's loaders and turned into the store's records.
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

  public var registry: RegistrySnapshot
  public var elections: [Election]

  public init(registry: RegistrySnapshot, elections: [Election]) {
    self.registry = registry
    self.elections = elections
  }

  /// The Mäjilis election of 19 March 2023.
  public static let election2023 = "2023-majilis"

  /// Reads the bundled registry and results.
  public static func load() throws -> BundledSeed {
    let registry = try BundledData.registry()
    return BundledSeed(registry: snapshot(of: registry), elections: try elections(registry))
  }

  static func count(_ c: DatedCount?) -> Count? {
    c.map { Count(value: $0.value, year: $0.year, date: $0.date?.description, source: $0.source) }
  }

  static func names(_ n: LocalizedName) -> Names { Names(en: n.en, kk: n.kk, ru: n.ru) }

  /// The registry as records; a constituency's life runs from its scheme's entry into force to its abolition
  /// (the earliest day a partly known date allows).
  public static func snapshot(of registry: Registry) -> RegistrySnapshot {
    let regions = registry.regions.map { r in
      RegionRecord(
        code: r.code, isoCode: r.isoCode, katoPrefix: r.katoPrefix, name: names(r.name),
        kind: r.kind.rawValue,
        administrativeCenter: r.administrativeCenter, population: count(r.population))
    }
    let units = registry.units.map { u in
      UnitRecord(
        code: u.code, regionCode: u.regionCode, name: names(u.name), kind: u.kind.rawValue,
        kato: u.kato,
        population: count(u.population), census2021: u.census2021?.value,
        geoCodes: u.geoCodes.sorted())
    }
    let constituencies = registry.constituencies.compactMap { c -> ConstituencyRecord? in
      guard let scheme = registry.scheme(id: c.schemeID) else { return nil }
      return ConstituencyRecord(
        id: c.id, number: c.number, regionCode: c.regionCode, seat: c.seat,
        population: count(c.population),
        electorate: count(c.electorate),
        composition: c.composition.map {
          UnitShareRecord(
            unitCode: $0.unitCode, isPartial: $0.isPartial, isInferred: $0.isInferred,
            basis: $0.basis.rawValue)
        }, borders: c.borders.sorted(),
        member: c.member.map { MemberRecord(name: $0.name, party: $0.party) },
        established: scheme.inForce.earliest.description,
        abolished: scheme.abolished?.earliest.description,
        establishedAsPublished: scheme.inForce.description,
        abolishedAsPublished: scheme.abolished?.description)
    }
    return RegistrySnapshot(regions: regions, units: units, constituencies: constituencies)
  }

  /// The bundled elections that have a published result and a polling day known to the day.
  static func elections(_ registry: Registry) throws -> [Election] {
    var out: [Election] = []
    for published in try BundledData.publishedElections() {
      guard let result = published.result, let day = published.election.day else { continue }
      var list = result.lines.map { line in
        ListResultRecord(
          partyCode: line.code, rowType: line.isAggregate ? "other" : "party",
          name: Names(en: line.name),
          votes: line.votes, percent: nil, listSeats: line.publishedListSeats,
          constituencySeats: published.regime.constituencySeats == 0 ? 0 : line.constituencySeats,
          totalSeats: line.publishedListSeats.flatMap { l in
            (published.regime.constituencySeats == 0 ? 0 : line.constituencySeats).map { l + $0 }
          })
      }
      if let against = result.againstAll {
        list.append(
          ListResultRecord(
            partyCode: "against_all", rowType: "against_all", name: Names(en: "Against all"),
            votes: against,
            percent: nil, listSeats: nil, constituencySeats: nil, totalSeats: nil))
      }
      if let independents = result.independentConstituencySeats {
        list.append(
          ListResultRecord(
            partyCode: "independent", rowType: "independents",
            name: Names(en: "Independents (self-nominated), constituency seats only"), votes: nil,
            percent: nil, listSeats: 0, constituencySeats: independents, totalSeats: independents))
      }
      let candidates = result.constituencies.compactMap { r in
        r.winner.map {
          CandidateRecord(
            constituency: r.number, candidate: $0, party: r.winnerNomination,
            votes: r.winnerVotes, percent: r.winnerPercent, elected: true)
        }
      }
      let listSeats = result.lines.compactMap(\.publishedListSeats)
      out.append(
        Election(
          election: ElectionRecord(
            id: published.election.id, date: day.description, chamber: published.election.chamber,
            title: published.election.title,
            listSeats: listSeats.isEmpty ? nil : listSeats.reduce(0, +),
            constituencySeats: published.regime.constituencySeats,
            electorate: result.electorate, ballotsCast: result.ballotsIssued,
            turnoutPercent: result.publishedTurnout,
            synthetic: result.synthetic, source: result.lines.first?.sources.first,
            regime: published.regime.id),
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
