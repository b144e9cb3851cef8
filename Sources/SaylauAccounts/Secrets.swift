import Crypto
import Foundation

/// Random secrets (session ids, API tokens, CSRF tokens) and their stored form.
///
/// A secret is 32 random bytes from the system's generator, written as base64url; the database keeps only
/// its SHA-256 (hex), so a copy of the database lets nobody sign in. A secret has 256 bits of entropy, so a
/// fast hash is enough (no salt or slow hash is needed as it is for passwords).
public enum Secret {
  /// A new secret, `prefix` followed by 43 base64url characters.
  public static func make(prefix: String = "") -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    let text = Data(bytes).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
    return prefix + text
  }

  /// The stored form of a secret: SHA-256, lower-case hex.
  public static func digest(_ secret: String) -> String {
    SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
  }

  /// The SHA-256 of `text` as hex (content hashes of audit records, ETags).
  public static func sha256(_ bytes: some DataProtocol) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
  }

  /// Compares two secrets in time that depends only on their lengths, never on where they differ.
  public static func equal(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    var difference = x.count ^ y.count
    for i in 0..<max(x.count, y.count) {
      difference |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0))
    }
    return difference == 0
  }
}
