import Foundation
import SaylauElections
import Testing

@testable import SaylauForensics

@Suite("synthetic elections with known answers")
struct SyntheticElectionTests {
  @Test("doctoring changes only the chosen precincts, keeps every control relation, and says how")
  func doctoring() throws {
    let parties = try parties2023()
    let clean = SyntheticElection(seed: 3, precincts: 2000, parties: parties).generate()
    let doctored = SyntheticElection(seed: 3, precincts: 2000, parties: parties, doctoredPercent: 5)
      .generate()
    #expect(clean.doctored.isEmpty)
    #expect(doctored.doctored.count == 100)
    #expect(Set(doctored.doctored.values) == Set(SyntheticElection.Doctoring.allCases))
    let schema = ProtocolSchema(parties: parties, constituencyCount: 29)
    var changed = 0
    for (a, b) in zip(clean.protocols, doctored.protocols) {
      #expect(ProtocolCheck.check(b, schema: schema).isEmpty, "\(b.precinct)")
      if doctored.doctored[b.precinct] == nil {
        #expect(a == b)
      } else if a != b && b.ballot == .list {
        changed += 1
      }
    }
    // Nearly every doctored list protocol changed (a precinct already round, or without room to stuff,
    // may not).
    #expect(changed >= 95)
    #expect(clean.districts == doctored.districts)
    // Heterogeneous: district turnouts spread widely.
    var byDistrict: [String: (Int, Int)] = [:]
    for p in clean.protocols where p.ballot == .list {
      let d = clean.districts[p.precinct]!
      let t = byDistrict[d] ?? (0, 0)
      byDistrict[d] = (t.0 + p.ballotsIssued!, t.1 + p.votersOnList!)
    }
    let turnouts = byDistrict.values.map { Double($0.0) / Double($0.1) }
    #expect(turnouts.max()! - turnouts.min()! > 0.3)
  }

  @Test("the CSV files read back through the one protocol import")
  func files() throws {
    let e = SyntheticElection(
      seed: 8, precincts: 50, parties: try parties2023(), doctoredPercent: 10
    )
    .generate()
    let schema = ProtocolSchema(parties: e.parties, constituencyCount: 29)
    let accepted = try ProtocolImport(schema: schema).run([
      .bytes(Array(e.protocolsCSV().utf8), name: "p.csv", format: .csv)
    ])
    #expect(accepted.acceptedRows == 100)
    #expect(accepted.synthetic)
    var stream = accepted.protocols()
    let back = try stream.next(upTo: 1000)
    #expect(back.map(\.ballotsIssued) == e.protocols.map(\.ballotsIssued))
    #expect(try PrecinctTables.register(Array(e.districtsCSV().utf8), file: "d.csv") == e.districts)
    #expect(
      try PrecinctTables.answerKey(Array(e.doctoredCSV().utf8), file: "k.csv")
        == e.doctored.mapValues(\.rawValue))
    #expect(throws: (any Error).self) {
      try PrecinctTables.register(Array("precinct,district\n1,a\n1,b\n".utf8), file: "d.csv")
    }
  }
}
