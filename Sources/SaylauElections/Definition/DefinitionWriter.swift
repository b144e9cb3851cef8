import Foundation
import SaylauCore

extension ElectionDefinition {
  /// The definition as JSON, keys in the format's order, two-space indentation.
  public func json() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(self)) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// The files of the definition format: `election.json` and, with `csv`, the long lists as CSV files
  /// that the JSON names in `files` (lists, constituency candidates, precincts, mandates; only those the
  /// definition has).
  public func files(csv: Bool) -> [(name: String, text: String)] {
    guard csv else { return [("election.json", json())] }
    var d = self
    var out: [(String, String)] = []
    var files = DefinitionFiles()
    if let lists, !lists.isEmpty {
      var w = CSVWriter(
        header: [
          "party", "position", "name", "sex", "birth_date", "age_group", "disability", "status",
        ])
      for l in lists {
        for c in l.candidates {
          w.append([
            l.party, String(c.position), c.name, c.sex?.rawValue ?? "",
            c.birthDate?.description ?? "", c.ageGroup?.rawValue ?? "",
            c.disability.map { $0 ? "yes" : "no" } ?? "", c.status.rawValue,
          ])
        }
      }
      out.append(("lists.csv", w.text))
      files.lists = "lists.csv"
      d.lists = nil
    }
    if let cands = constituencyCandidates, !cands.isEmpty {
      var w = CSVWriter(
        header: ["constituency", "position", "name", "nomination", "nomination_kind", "status"])
      for c in cands {
        w.append([
          String(c.constituency), String(c.position), c.name, c.nomination,
          c.nominationKind?.rawValue ?? "", c.status.rawValue,
        ])
      }
      out.append(("candidates.csv", w.text))
      files.constituencyCandidates = "candidates.csv"
      d.constituencyCandidates = nil
    }
    if let precincts, !precincts.isEmpty {
      var w = CSVWriter(
        header: [
          "precinct", "constituency", "territorial_commission", "abroad", "expected_electorate",
          "synthetic",
        ])
      for p in precincts {
        w.append([
          p.id, p.constituency.map(String.init) ?? "", p.territorialCommission ?? "",
          p.abroad ? "yes" : "no", p.expectedElectorate.map(String.init) ?? "",
          precinctsSynthetic == true ? "yes" : "",
        ])
      }
      out.append(("precincts.csv", w.text))
      files.precincts = "precincts.csv"
      d.precincts = nil
    }
    if let mandates, !mandates.isEmpty {
      var w = CSVWriter(header: ["party", "position"])
      for m in mandates { for p in m.positions { w.append([m.party, String(p)]) } }
      out.append(("mandates.csv", w.text))
      files.mandates = "mandates.csv"
      d.mandates = nil
    }
    d.files = files.isEmpty ? nil : files
    return [("election.json", d.json())] + out
  }

  /// A SYNTHETIC precinct register: `perConstituency` stations in each constituency (or `perConstituency`
  /// in all for an election without constituencies), seeded, with territorial commissions and electorates.
  public func syntheticPrecincts(regime: Regime, perConstituency: Int, seed: UInt64) -> [Precinct] {
    var g = SeededGenerator(seed: seed, stream: 7)
    var out: [Precinct] = []
    let areas =
      regime.constituencySeats == 0
      ? [Int?.none] : (1...regime.constituencySeats).map { Optional($0) }
    for area in areas {
      for k in 1...max(1, perConstituency) {
        let id = area.map { "\($0 * 1000 + k)" } ?? String(k)
        let commission = "Synthetic commission \(area.map(String.init) ?? "0")-\((k - 1) / 5 + 1)"
        out.append(
          Precinct(
            id: id, constituency: area, territorialCommission: commission, abroad: false,
            expectedElectorate: 300 + g.next(below: 2700)))
      }
    }
    return out
  }
}
