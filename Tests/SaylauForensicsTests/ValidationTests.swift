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
}
