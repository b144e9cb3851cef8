import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauGeo
import SaylauRegistry

/// Why an election could not be loaded for a report.
public struct ReportDataError: Error, CustomStringConvertible {
  public var description: String
}

extension ElectionContext {
  /// Loads election `year` from the bundled data: the registry, the map geometry, the national result,
  /// the list seats decided by SaylauElections (and checked against the published ones), the chamber
  /// composition and, for 2023, the per-constituency facts. `progress` gets a line per slow step.
  public static func load(year: Int, progress: (String) -> Void = { _ in }) throws
    -> ElectionContext
  {
    progress("loading registry, geometry and results for \(year)")
    let registry = try BundledData.registry()
    let official = try ElectionResults.official(year: year)
    guard let regime = Regime.named(official.regime) else {
      throw ReportDataError(
        description: "the \(year) result names an unknown regime '\(official.regime)'")
    }
    let vote = ListVote(
      parties: official.lines.map {
        ListVote.Party(
          code: $0.code, name: $0.name, votes: $0.votes, isAggregate: $0.isDerivedAggregate)
      }, againstAll: official.againstAll, invalid: official.invalid,
      ballotsIssued: official.ballotsIssued)
    let list = try ListSeatDecision(regime: regime).decide(vote)

    // The engine's list seats against the published ones.
    var disagreements: [String] = []
    var compared = 0
    for line in official.lines {
      guard let published = line.officialListSeats else { continue }
      compared += 1
      let decided = list.seats(of: line.code) ?? 0
      if decided != published {
        disagreements.append("\(line.name): engine \(decided), published \(published)")
      }
    }
    let check =
      disagreements.isEmpty
      ? "the list seats decided by Saylau's election engine (\(regime.id): Hare quota, largest remainder, threshold) agree with the CEC's published list seats for all \(compared) lists."
      : "the engine's list seats differ from the published ones: "
        + disagreements.joined(separator: "; ")

    let composition: ChamberComposition
    if regime.constituencySeats > 0 {
      var seats: [String: Int] = [:]
      var known = true
      for line in official.lines {
        guard let s = line.constituencySeats else {
          known = false
          continue
        }
        seats[line.code] = s
      }
      if let ind = official.independentConstituencySeats {
        seats["independent"] = ind
      } else {
        known = false
      }
      if known {
        let basis =
          official.lines.compactMap(\.constituencySeatsBasis).first ?? official
          .independentConstituencySeatsBasis
          ?? "as in the data"
        composition = ChamberComposition(
          regime: regime, list: list, constituencySeatsByParty: seats,
          derivedNote: "constituency seats " + basis)
      } else {
        composition = ChamberComposition(regime: regime, list: list, constituencies: nil)
      }
    } else {
      composition = ChamberComposition(regime: regime, list: list, constituencies: nil)
    }
    let parties = composition.rows.filter { row in
      // Lists that won nothing stay in the results table only when they had votes.
      row.votes != nil || (row.totalSeats ?? 1) > 0
    }.map { row in
      ElectionReportInput.PartyRow(
        code: row.party, name: row.name, votes: row.votes, listSeats: row.listSeats,
        constituencySeats: row.constituencySeats, totalSeats: row.totalSeats,
        flags: row.derived.isEmpty ? [] : ["derived"],
        isAggregate: official.lines.contains { $0.code == row.party && $0.isDerivedAggregate })
    }

    let electionDay =
      registry.schemes.flatMap(\.electionDays).filter { $0.year == year }.min()
      ?? CalendarDate(year: year, month: 7, day: 1)!
    progress("building the map topology")
    let units = MapUnit.units(
      registry: registry, features: try BundledData.unitFeatures(), on: electionDay)
    let geometry = MapGeometry(units: units)

    var facts: [Int: ConstituencyElectionFacts] = [:]
    var turnout: String?
    if year == 2023 {
      for r in try BundledData.constituencyResults2023() {
        facts[r.number] = ConstituencyElectionFacts(
          year: 2023, registeredCandidates: r.registeredCandidates,
          regionTurnoutPreliminary: r.regionTurnoutPreliminary, winner: r.winner,
          winnerNomination: r.winnerNomination, winnerPercent: r.winnerPercent,
          winnerVotes: r.winnerVotes,
          sources: r.sources)
      }
      turnout = try BundledData.publishedTurnout2023()
    }
    var sources: [String] = []
    for line in official.lines {
      for s in line.source.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
      where !s.isEmpty && !sources.contains(s) {
        sources.append(s)
      }
    }
    return ElectionContext(
      year: year, date: electionDay, registry: registry, geometry: geometry, parties: parties,
      againstAll: official.againstAll, electorate: official.electorate,
      ballotsCast: official.ballotsIssued,
      turnoutPublished: turnout, constituencyFacts: facts,
      notes: official.notes + composition.notes + list.notes,
      sources: sources, engineCheck: check)
  }

}
