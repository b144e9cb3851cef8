import Foundation

/// Rate limiting of sign-in attempts, by name, by client address and in all.
///
/// - After `limit` failures for one name within `window`, that name is refused (without checking the
///   password) until the oldest failure leaves the window: a guess at one account's password is slow.
/// - After `addressLimit` failures from one client address (whatever the names), that address is refused
///   the same way: one client guessing over many names (a spray) is slow too, and does not lock anyone
///   else out.
/// - All names and addresses together may fail at most `globalLimit` times per window: the backstop against
///   a spray from many addresses.
///
/// The throttle counts failures only; a success clears the name's failures but not the address's (signing
/// in to an account one holds does not buy more guesses at others). It lives in memory (a restart clears
/// it), is safe to share between requests, and holds at most `globalLimit` failures: a refused attempt is
/// not recorded.
public final class LoginThrottle: Sendable {
  public let limit: Int
  public let addressLimit: Int
  public let globalLimit: Int
  public let window: Duration
  private let state = Mutex(State())

  struct State {
    var failures: [String: [ContinuousClock.Instant]] = [:]
    var byAddress: [String: [ContinuousClock.Instant]] = [:]
    var all: [ContinuousClock.Instant] = []
  }

  public init(
    limit: Int = 5, addressLimit: Int = 20, globalLimit: Int = 200,
    window: Duration = .seconds(15 * 60)
  ) {
    self.limit = limit
    self.addressLimit = addressLimit
    self.globalLimit = globalLimit
    self.window = window
  }

  /// Which limit holds an attempt back.
  public enum Limit: String, Sendable, Hashable {
    case name, address, all
  }

  /// `nil` when `username` may try now from `address`; otherwise how long until it may, and the limit
  /// that is longest in the way. `address` `nil` (unknown) is limited by name and in all only.
  public func retryAfter(
    _ username: String, address: String? = nil, now: ContinuousClock.Instant = .now
  ) -> (wait: Duration, limit: Limit)? {
    state.withLock { s in
      s.prune(before: now - window)
      var waits: [(wait: Duration, limit: Limit)] = []
      if let list = s.failures[username], list.count >= limit, let oldest = list.first {
        waits.append((oldest + window - now, .name))
      }
      if let address, let list = s.byAddress[address], list.count >= addressLimit,
        let oldest = list.first
      {
        waits.append((oldest + window - now, .address))
      }
      if s.all.count >= globalLimit, let oldest = s.all.first {
        waits.append((oldest + window - now, .all))
      }
      return waits.max { $0.wait < $1.wait }
    }
  }

  /// Records a failed attempt for `username` from `address`.
  public func failed(
    _ username: String, address: String? = nil, now: ContinuousClock.Instant = .now
  ) {
    state.withLock { s in
      s.failures[username, default: []].append(now)
      if let address { s.byAddress[address, default: []].append(now) }
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
    Self.prune(&failures, before: cutoff)
    Self.prune(&byAddress, before: cutoff)
  }

  static func prune(
    _ lists: inout [String: [ContinuousClock.Instant]], before cutoff: ContinuousClock.Instant
  ) {
    for (key, list) in lists {
      let kept = list.filter { $0 >= cutoff }
      lists[key] = kept.isEmpty ? nil : kept
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
