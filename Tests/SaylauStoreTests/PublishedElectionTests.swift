import SaylauData
import SaylauElections
import SaylauStore
import SaylauTestSupport
import Testing

/// The store gives back exactly the elections it was seeded with, so a summary computed by the server from
/// the store equals the one the command line computes from the bundled data.
@Suite struct PublishedElectionTests {
  @Test(
    "every bundled election, the regimes and the parties round-trip through the store",
    arguments: Engine.available)
  func roundTrip(engine: Engine) async throws {
    let db = try await TestDatabase.make(engine)
    let store = try await db.open()
    let regimes = try BundledData.regimes()
    #expect(try await store.regimes() == regimes)
    #expect(try await store.parties() == BundledData.parties())
    for e in try BundledData.elections().elections {
      let bundled = try BundledData.publishedElection(e.id)
      let stored = try #require(try await store.publishedElection(id: e.id), "\(e.id)")
      #expect(stored == bundled, "\(e.id)")
      if bundled.result != nil {
        #expect(try stored.summary() == bundled.summary(), "\(e.id)")
      }
    }
    #expect(try await store.publishedElection(id: "1899-majilis") == nil)
    try await store.close()
    await db.cleanup()
  }
}
