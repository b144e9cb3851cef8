import Dispatch
import HummingbirdBcrypt

/// Password hashing with bcrypt (HummingbirdBcrypt, the OpenBSD implementation): a salt per hash, a cost
/// that doubles the work per step. Hashing and verifying run on a Dispatch thread, never on the server's
/// cooperative threads (bcrypt is slow by design).
public struct PasswordHasher: Sendable {
  /// log2 of bcrypt's rounds: 12 by default (about a quarter of a second on a server core); tests use 4.
  public var cost: UInt8

  public init(cost: UInt8 = 12) {
    self.cost = min(31, max(4, cost))
  }

  /// The shortest password accepted.
  public static let minimumLength = 12
  /// bcrypt reads at most 72 bytes: a longer password would be cut without a word.
  public static let maximumBytes = 72

  /// Checks the password policy: 12 characters or more, at most 72 bytes.
  /// - Throws: ``AccountError`` `.weakPassword`.
  public static func validate(_ password: String) throws(AccountError) {
    if password.count < minimumLength {
      throw AccountError(
        .weakPassword, "the password must be at least \(minimumLength) characters")
    }
    if password.utf8.count > maximumBytes {
      throw AccountError(.weakPassword, "the password must be at most \(maximumBytes) bytes")
    }
  }

  /// A new bcrypt hash of `password` (`$2b$…`).
  public func hash(_ password: String) async -> String {
    let cost = self.cost
    return await Self.offThread { Bcrypt.hash(password, cost: cost) }
  }

  /// Whether `password` matches `hash`.
  public func verify(_ password: String, hash: String) async -> Bool {
    await Self.offThread { Bcrypt.verify(password, hash: hash) }
  }

  /// A hash of this cost to verify against when the account does not exist, so that an unknown name takes
  /// as long to refuse as a wrong password (the name's existence does not leak through timing). Made once
  /// per cost.
  public var decoy: String {
    let cost = self.cost
    return Self.decoys.withLock { cache in
      if let hash = cache[cost] { return hash }
      let hash = Bcrypt.hash(Secret.make(), cost: cost)
      cache[cost] = hash
      return hash
    }
  }

  private static let decoys = Mutex<[UInt8: String]>([:])

  static func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
      DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
  }
}
