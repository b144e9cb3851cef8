import Dispatch

/// A thread-safe counter of steps done, for the progress bar.
public final class EnsembleProgress: @unchecked Sendable {
  private let lock = NSLockLite()
  private var done = 0
  public init() {}
  public func add(_ n: Int) { lock.withLock { done += n } }
  public var value: Int { lock.withLock { done } }
  /// Returns the current count and increments it (a job ticket).
  func takeNext() -> Int {
    lock.withLock {
      done += 1
      return done - 1
    }
  }
}

/// A minimal mutex on top of Dispatch, for the counters the chains share.
final class NSLockLite: @unchecked Sendable {
  private let semaphore = DispatchSemaphore(value: 1)
  func withLock<T>(_ body: () throws -> T) rethrows -> T {
    semaphore.wait()
    defer { semaphore.signal() }
    return try body()
  }
}

/// Runs `count` independent jobs on up to `threads` threads (1 = serially, in order). Each job must be
/// deterministic on its own; results do not depend on the thread count.
public func runParallel(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
  if threads <= 1 || count <= 1 {
    for i in 0..<count { body(i) }
    return
  }
  let jobs = EnsembleProgress()  // a shared counter of jobs handed out
  let workers = min(threads, count)
  DispatchQueue.concurrentPerform(iterations: workers) { _ in
    while true {
      let job = jobs.takeNext()
      if job >= count { return }
      body(job)
    }
  }
}
