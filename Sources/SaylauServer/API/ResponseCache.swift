import Foundation
import Hummingbird
import SaylauStore

/// Answers of the read routes kept in memory, so that a replica under load computes each answer once per
/// write rather than once per request.
///
/// The cache is on only while the server hears of every write (``SaylauService/followStoreChanges()``, on
/// PostgreSQL): any write, through this replica or another, clears it. An answer computed while a write
/// landed is not kept (the generation check), so no answer older than the last write is ever served from
/// memory.
final class ResponseCache: @unchecked Sendable {
  private let lock = NSLock()
  private var enabled = false
  private var generation = 0
  private var entries: [String: Response] = [:]
  /// Beyond this many answers the cache starts afresh (a bound on memory, not an eviction policy).
  let capacity: Int

  init(capacity: Int = 4096) { self.capacity = capacity }

  /// The cached answer to `request`, or `compute`'s (kept when it is a 200 and nothing was written
  /// meanwhile).
  func answer(_ request: Request, _ compute: () async throws -> Response) async throws -> Response {
    let key = request.uri.description
    let (on, start, hit) = lock.withLock { () -> (Bool, Int, Response?) in
      (enabled, generation, enabled ? entries[key] : nil)
    }
    if let hit { return hit }
    let response = try await compute()
    guard on, response.status == .ok else { return response }
    lock.withLock {
      if enabled && generation == start {
        if entries.count >= capacity { entries.removeAll() }
        entries[key] = response
      }
    }
    return response
  }

  /// Forgets every answer (a write landed somewhere).
  func invalidate() {
    lock.lock()
    generation += 1
    entries.removeAll()
    lock.unlock()
  }

  /// Turns caching on (the change feed listens) or off (it lost its connection: writes may go unheard).
  func setEnabled(_ on: Bool) {
    lock.lock()
    enabled = on
    generation += 1
    entries.removeAll()
    lock.unlock()
  }

  var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return entries.count
  }
}

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
    let responses = self.responses
    let results = self.resultsCache
    let metrics = self.metrics
    return Task {
      await feed.run(
        onListening: { responses.setEnabled(true) }, onLost: { responses.setEnabled(false) },
        onChange: {
          responses.invalidate()
          results.invalidate()
          metrics.recordInvalidation()
        })
    }
  }
}
