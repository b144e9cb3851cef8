import Foundation
import SaylauElections
import Testing

@testable import SaylauForensics

/// The validation in CI's time: a few small elections. The large run (the documentation's figures) is
/// `bash scripts/forensics-validation.sh`.
@Suite("validation on elections with known answers (small)")
struct ValidationTests {
  @Test(
    "doctored precincts are found, clean ones are rarely flagged, clean tests are not called out")
  func small() throws {
    var settings = ForensicSettings(seed: 1, simulations: 50)
    settings.bootstrap = 20
    let result = try ForensicValidation(
      firstSeed: 101, elections: 3, precincts: 2000, doctoredPercent: 5, parties: parties2023(),
      settings: settings
    ).run()
    #expect(result.recall.trials == 3 * 100)
    // The documented figures (10,000 precincts) are about 57 % recall and 0.1 % false positives; a small
    // election's groups are smaller, so the bounds here are wide but still fail on a broken rule.
    #expect(result.recall.rate > 0.35, "\(result.recall)")
    #expect(result.recallByDoctoring["stuffing"]!.rate > 0.5)
    #expect(result.falsePositiveRate.rate < 0.01, "\(result.falsePositiveRate)")
    #expect(result.cleanElectionFlagRate.rate < 0.01, "\(result.cleanElectionFlagRate)")
    // A clean election is not called out: the nationwide p-values below the level are no more than chance.
    let clean = result.nationalTests.map(\.cleanBelowLevel)
    let below = clean.map(\.hits).reduce(0, +)
    let trials = clean.map(\.trials).reduce(0, +)
    #expect(trials >= 30)
    #expect(
      Probability.binomialUpperTail(below, trials, result.level) > 0.001, "\(below) of \(trials)")
  }

  /// The documented figures (the Validation article: 100 elections, seeds 1–100) at their size: seeds
  /// 201–204, elections of 10,000 precincts with 5 % doctored. Four pooled elections fall well inside
  /// the range one election gives (recall 52.9–61.6 %, false positives 0.037–0.158 %), so these bounds
  /// fail on a rule that changed, not on chance.
  @Test("at the documented size, four more seeds give the documented recall and false positives")
  func documentedSize() throws {
    let result = try ForensicValidation(
      firstSeed: 201, elections: 4, precincts: 10_000, doctoredPercent: 5,
      schema: ProtocolSchema(parties: parties2023(), constituencyCount: 29), simulations: 20
    ).run()
    #expect(result.recall.trials == 4 * 500)
    #expect((0.529...0.616).contains(result.recall.rate), "recall \(result.recall)")
    #expect((0.684...0.796).contains(result.recallByDoctoring["stuffing"]!.rate))
    #expect((0.334...0.456).contains(result.recallByDoctoring["rounding"]!.rate))
    #expect(result.falsePositiveRate.rate <= 0.00158, "\(result.falsePositiveRate)")
    #expect(result.cleanElectionFlagRate.rate <= 0.00165, "\(result.cleanElectionFlagRate)")
  }
}
