import SaylauCore
import SaylauElections
import SaylauGeo
import SaylauRegistry

extension ElectionContext {
  /// Gathers what the pictures and pages of an election need from values the caller loaded: the election's
  /// summary (seats decided by the engine and compared with the published ones), the registry and the unit
  /// polygons. Nothing is read from disk here: the command line and the server load the data and call this.
  ///
  /// - Parameters:
  ///   - summary: the election's summary (``PublishedElection/summary(whatIf:parties:)``).
  ///   - outcomes: what is known of each constituency's result (the published result's constituencies).
  ///   - registry: the constituency registry; the constituencies in force on polling day are drawn.
  ///   - unitFeatures: the second-level unit polygons, joined to the registry by geo code.
  ///   - parties: the party directory: colours, short names, and the parties nominations name.
  ///   - elections: the catalogue of elections, with the regimes they were held under (the articles list
  ///     the chamber's elections since the registry's first constituency set).
  public init(
    summary: ElectionSummary, outcomes: [ConstituencyOutcome], registry: Registry,
    unitFeatures: [GeoFeature], parties: PartyDirectory = PartyDirectory([]),
    elections: ElectionCatalogue = ElectionCatalogue([]), regimes: RegimeTable = RegimeTable([])
  ) {
    let election = summary.election
    let published = summary.rows.filter { $0.publishedListSeats != nil }
    let disagreements = published.filter { $0.publishedListSeats != $0.listSeats }.map {
      "\($0.name): engine \($0.listSeats), published \($0.publishedListSeats!)"
    }
    let method =
      summary.listCount.map { "\($0.method), threshold \($0.threshold)" } ?? "no list seats"
    let check =
      disagreements.isEmpty
      ? "the list seats decided by Saylau's election engine (\(summary.regime.id): \(method)) agree with the CEC's published list seats for all \(published.count) lists."
      : "the engine's list seats differ from the published ones: "
        + disagreements.joined(separator: "; ")
    let partyRows = summary.rows.filter { row in
      // Lists that won nothing stay in the results table only when they had votes.
      row.votes != nil || (row.totalSeats ?? 1) > 0
    }.map { row in
      ElectionReportInput.PartyRow(
        code: row.party, name: row.name, votes: row.votes, listSeats: row.listSeats,
        constituencySeats: row.constituencySeats, totalSeats: row.totalSeats,
        flags: row.derived.isEmpty ? [] : ["derived"], isAggregate: row.kind == .aggregate)
    }
    // Polling day; an election known only to the month or year is drawn on its first day.
    let day = election.date.earliest
    let units = MapUnit.units(registry: registry, features: unitFeatures, on: day)
    var facts: [Int: ConstituencyElectionFacts] = [:]
    for o in outcomes {
      facts[o.number] = ConstituencyElectionFacts(year: election.date.year, outcome: o)
    }
    var sources: [String] = []
    for s in summary.sources where !sources.contains(s) { sources.append(s) }
    self.init(
      year: election.date.year, date: day, registry: registry,
      geometry: MapGeometry(units: units), parties: partyRows, againstAll: summary.againstAll,
      electorate: summary.electorate, ballotsCast: summary.ballotsIssued,
      turnoutPublished: summary.publishedTurnout, constituencyFacts: facts,
      notes: summary.notes + summary.composition.notes, sources: sources, engineCheck: check,
      summary: summary)
    self.styles = PartyStyles(parties)
    memberElections = MemberElection.list(
      registry: registry, elections: elections, regimes: regimes, chamber: election.chamber)
  }
}
