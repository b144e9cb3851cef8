/// The queue of a database's writes in this process: one transaction at a time, the others wait in order.
///
/// SQLite has a single writer, and imports into PostgreSQL lock the imports table, so concurrent writes wait
/// for each other either way; waiting here, before the transaction starts, makes the wait visible. A task
/// that runs with a ``WriteQueue/Observer`` (``WriteQueue/observer``) is told when its write joins the
/// queue and when it leaves it, so a server can leave the time spent queued out of its request deadline
/// (and bound it on its own). A waiting task that is cancelled leaves the queue at once
/// (`CancellationError`), so nothing waits forever behind a write that will not come.
public actor WriteQueue {
  /// What a task is told about its write's place in the queue.
  public struct Observer: Sendable {
    /// The write joined the queue (called before it waits, also when it need not).
    public var queued: @Sendable () async -> Void
    /// The write holds the queue: its transaction starts now.
    public var admitted: @Sendable () async -> Void

    public init(
      queued: @escaping @Sendable () async -> Void, admitted: @escaping @Sendable () async -> Void
    ) {
      self.queued = queued
      self.admitted = admitted
    }
  }

  /// The observer of the current task's writes (none by default).
  @TaskLocal public static var observer: Observer?

  private var held = false
  private var waiting: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
  private var nextID: UInt64 = 0

  public init() {}

  /// Waits for the queue, in order, and holds it until ``release()``.
  /// - Throws: `CancellationError` when the task is cancelled while it waits (it then does not hold it).
  public func acquire() async throws {
    let observer = Self.observer
    await observer?.queued()
    if held {
      let id = nextID
      nextID += 1
      try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation {
          (continuation: CheckedContinuation<Void, any Error>) in
          if Task.isCancelled {
            continuation.resume(throwing: CancellationError())
          } else {
            waiting.append((id, continuation))
          }
        }
      } onCancel: {
        Task { await self.leave(id) }
      }
    } else {
      held = true
    }
    await observer?.admitted()
  }

  /// Takes the queue if it is free; `false` (without waiting) when a write holds it.
  public func tryAcquire() -> Bool {
    if held { return false }
    held = true
    return true
  }

  /// Hands the queue to the next waiting write, or frees it.
  public func release() {
    if waiting.isEmpty {
      held = false
    } else {
      waiting.removeFirst().continuation.resume()
    }
  }

  /// A cancelled write leaves the queue (if it is still waiting: one already admitted holds it).
  private func leave(_ id: UInt64) {
    if let i = waiting.firstIndex(where: { $0.id == id }) {
      waiting.remove(at: i).continuation.resume(throwing: CancellationError())
    }
  }
}
