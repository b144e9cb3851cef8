import Foundation
import SaylauData
import SaylauElections
import SaylauReports
import Testing

/// The library side of `saylau election …` and `saylau tabulate`: what the CLI reads, writes and prints
/// comes from here, so these are tested without the binary.
@Suite struct CountPagesTests {
  static func tempDir() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-count-pages-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func aBundledDefinitionIsShownCheckedAndWrittenBack() throws {
    let loaded = try ElectionInputs.definition("2023-majilis")
    #expect(loaded.file == "bundled 2023-majilis")
    let regimes = try BundledData.regimes()
    let text = CountPages.definition(loaded.definition, regimes: regimes).text()
    #expect(
      text.contains("Regime R2022: 98 seats = 69 list + 29 constituency"))
    #expect(text.contains("amanat"))
    let check = DefinitionCheckView(loaded, regimes: regimes, parties: try BundledData.parties())
    #expect(check.valid && check.regime == "R2022")
    #expect(
      check.text.hasSuffix(
        "2023-majilis: regime R2022; 0 error(s), \(check.warnings.count) warning(s)"))

    let dir = try Self.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let d = try ElectionInputs.initial(
      from: "2023-majilis", id: nil, chamber: nil, date: nil, title: nil, syntheticPrecincts: 2,
      seed: 7)
    #expect(d.precincts?.count == 58 && d.precinctsSynthetic == true)
    let paths = try ElectionInputs.write(d, csv: true, into: dir.path, force: false)
    #expect(paths.contains { $0.hasSuffix("election.json") })
    // A second write refuses before replacing anything; the definition reads back the same.
    #expect(throws: ElectionInputError.self) {
      try ElectionInputs.write(d, csv: true, into: dir.path, force: false)
    }
    let again = try ElectionInputs.definition(dir.path).definition
    #expect(again.precincts?.count == 58 && again.parties.map(\.code) == d.parties.map(\.code))
  }

  @Test func badInputsAreTypedWithEveryProblem() throws {
    do {
      _ = try ElectionInputs.definition("no-such-election")
      Issue.record("an unknown election was read")
    } catch {
      #expect(error.kind == .unknown)
    }
    let dir = try Self.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("election.json")
    try #"{"id": "x", "partys": []}"#.write(to: file, atomically: true, encoding: .utf8)
    do {
      _ = try ElectionInputs.definition(file.path)
      Issue.record("a bad definition was read")
    } catch {
      #expect(error.kind == .invalid)
      #expect(error.issues.contains { $0.contains("election.json:1:1: the required key") })
      #expect(error.message.contains("problem(s) in the definition"))
    }
    do {
      _ = try ElectionInputs.initial(
        from: nil, id: "x", chamber: "majilis", date: "2023-03-19", title: nil,
        syntheticPrecincts: 0, seed: 1)
      Issue.record("an empty synthetic register was accepted")
    } catch {
      #expect(error.kind == .value)
    }
    #expect(RepeatVoting(argument: "Commission 3=r.csv")?.territory == "Commission 3")
    #expect(RepeatVoting(argument: "=r.csv") == nil && RepeatVoting(argument: "r.csv") == nil)
  }

  @Test func aTabulationShowsEveryDecisionItsViewHolds() throws {
    let dir = try Self.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let protocols = dir.appendingPathComponent("p.csv").path
    let files = try SyntheticProtocolFiles(
      seed: 5, stations: 120, protocols: protocols, candidates: nil)
    #expect(files.rows == 240 && files.candidates.hasSuffix("p.candidates.csv"))
    let count = try BundledData.protocolCount(
      try BundledData.publishedElection("2023"), candidates: files.candidates, whatIf: .law,
      protocols: [.file(protocols)], round2: [], acceptValid: false)
    #expect(!count.regionOf.isEmpty)
    let result = try count.run()
    let round1 = try #require(result.round1)
    let view = TabulationView(
      result, round1: round1, election: 2023, notes: result.summary.notes, importOnly: false)
    #expect(
      view.synthetic && view.acceptedRows == 240 && view.parties.map(\.listSeats).reduce(0, +) == 69
    )
    let text = CountPages.tabulation(view, summary: result.summary).text()
    #expect(text.contains("Imported 240 protocol rows from 1 file(s); 0 rejected."))
    for step in view.trace?.steps ?? [] {
      #expect(Self.flat(text).contains(Self.flat(step.text)), "\(step.text)")
    }
    let only = TabulationView(
      result, round1: round1, election: 2023, notes: [], importOnly: true)
    #expect(only.trace == nil && only.parties.isEmpty)
    #expect(!CountPages.tabulation(only, summary: result.summary).text().contains("step by step"))
    // The rejected rows are never written over an input.
    #expect(throws: ElectionInputError.self) {
      try ElectionInputs.writeRejected(
        round1.imported, to: protocols, notOverwriting: [protocols])
    }
  }

  @Test func theCatalogueListsEveryBundledElection() throws {
    let rows = try ElectionListing.bundled()
    #expect(rows.contains { $0.id == "2023-majilis" && $0.hasResult })
    #expect(rows.contains { $0.id == "2026-kurultai" })
    let text = Document.text([CountPages.elections(rows)])
    #expect(text.split(separator: "\n").count == rows.count + 2)
  }

  static func flat(_ s: String) -> String {
    s.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  }
}
