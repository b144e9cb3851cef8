import Foundation
import Hummingbird
import SaylauStore

extension SaylauService {
  /// Listens for the writes of every process on the store's PostgreSQL database and clears the answers
  /// kept in memory after each, until the returned task is cancelled. With reads on a standby, an answer
  /// is cleared only once the standby has replayed the write. Returns `nil` on SQLite (nothing is cached
  /// there: another process's write could not be heard).
  public func followStoreChanges() -> Task<Void, Never>? {
    let feed: StoreChangeFeed
    if let backend = store.backend as? PostgresBackend {
      feed = StoreChangeFeed(location: backend.location, logger: logger)
    } else if let backend = store.backend as? ReadReplicaBackend {
      feed = StoreChangeFeed(
        location: backend.primary.location, readReplica: backend, logger: logger)
    } else {
      return nil
    }
    let answers = self.answers
    let metrics = self.metrics
    return Task {
      await feed.run(
        onListening: { answers.setFollowing(true) }, onLost: { answers.setFollowing(false) },
        onChange: {
          answers.invalidate()
          metrics.recordInvalidation()
        })
    }
  }
}
