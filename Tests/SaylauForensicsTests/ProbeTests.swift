import Foundation
import SaylauElections
import Testing

@testable import SaylauForensics

@Suite struct Probe {
  @Test func probe() throws {
    guard ProcessInfo.processInfo.environment["FORENSICS_PROBE"] != nil else { return }
    let parties = try parties2023()
    let n = Int(ProcessInfo.processInfo.environment["FORENSICS_PROBE"]!) ?? 10000
    for pct in [0, 5] {
      let e = SyntheticElection(seed: 1, precincts: n, parties: parties, doctoredPercent: pct)
        .generate()
      var settings = ForensicSettings()
      settings.simulations = 200
      let t0 = Date()
      let report = try Forensics.analyse(
        ForensicInput(
          schema: ProtocolSchema(parties: parties, constituencyCount: 29, synthetic: true),
          protocols: e.protocols, districtOfPrecinct: e.districts), settings: settings)
      let ids = e.protocols.filter { $0.ballot == .list }.map(\.precinct)
      let score = FlagScore(report, doctored: e.doctored.mapValues(\.rawValue), precincts: ids)
      print("== \(pct)% doctored: \(Date().timeIntervalSince(t0)) s")
      print("counts", report.flagCounts.map { "\($0.kind.rawValue)=\($0.precincts)" })
      print(
        "recall", score.recall ?? -1, score.byDoctoring, "fpr", score.falsePositiveRate ?? -1,
        score.cleanByFlag)
      for a in report.areas where a.area == .nation {
        for m in a.measures {
          print(
            a.ballot, m.name.prefix(60), m.observed, m.expected ?? -1, m.pValue ?? -1,
            m.qValue ?? -1)
        }
      }
      print(
        "p below", report.pValuesBelowLevel, "of", report.pValues, "q below",
        report.qValuesBelowLevel)
      for f in report.flags.prefix(8) { print(f.precinct, f.ballot, f.kind, f.evidence) }
    }
  }
}
