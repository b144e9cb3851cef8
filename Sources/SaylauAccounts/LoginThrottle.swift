import Foundation

/// Rate limiting of sign-in attempts: after `limit` failures for one name within `window`, that name is
/// refused (without checking the password) until the oldest failure leaves the window; all names together
/// may fail at most `globalLimit` times per window, which bounds a spray of guesses over many names.
///
/// The throttle counts failures only; a success clears the name's failures. It lives in memory (a
/// restart clears it) and is safe to share between requests.
public final class LoginThrottle: Sendable {
  public let limit: Int
  public let globalLimit: Int
  public let window: Duration
  private let state = Mutex(State())

  struct State {
    var failures: [String: [ContinuousClock.Instant]] = [:]
    var all: [ContinuousClock.Instant] = []
  }

  public init(limit: Int = 5, globalLimit: Int = 200, window: Duration = .seconds(15 * 60)) {
    self.limit = limit
    self.globalLimit = globalLimit
    self.window = window
  }

  /// `nil` when `username` may try now; otherwise how long until it may.
  public func retryAfter(_ username: String, now: ContinuousClock.Instant = .now) -> Duration? {
    state.withLock { s in
      s.prune(before: now - window)
      var waits: [Duration] = []
      if let list = s.failures[username], list.count >= limit, let oldest = list.first {
        waits.append(oldest + window - now)
      }
      if s.all.count >= globalLimit, let oldest = s.all.first {
        waits.append(oldest + window - now)
      }
      return waits.max()
    }
  }

  /// Records a failed attempt for `username`.
  public func failed(_ username: String, now: ContinuousClock.Instant = .now) {
    state.withLock { s in
      s.failures[username, default: []].append(now)
      s.all.append(now)
    }
  }

  /// Clears `username`'s failures after a successful sign-in.
  public func succeeded(_ username: String) {
    state.withLock { s in s.failures[username] = nil }
  }
}

extension LoginThrottle.State {
  mutating func prune(before cutoff: ContinuousClock.Instant) {
    all.removeAll { $0 < cutoff }
    for (name, list) in failures {
      let kept = list.filter { $0 >= cutoff }
      failures[name] = kept.isEmpty ? nil : kept
    }
  }
}

/// A lock around a value (Foundation's `NSLock`; `Synchronization.Mutex` needs macOS 15).
final class Mutex<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) { self.value = value }

  func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}
