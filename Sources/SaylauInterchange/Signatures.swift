import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A detached signature of one export file: who signed it (a name and an Ed25519 public key), the SHA-256
/// of the content, when, and the Ed25519 signature of ``statement`` (which binds the file's name, the
/// hash, the signer and the time, so none of them can be changed without breaking it). Written as JSON next
/// to the file, as `FILE.sig`.
public struct ExportSignature: Sendable, Codable, Hashable {
  /// Always `Ed25519`.
  public var algorithm: String
  /// The export's name when it was signed (`nist.json`, …).
  public var file: String
  /// Who signed: a commission, a person, a server (free text, as configured).
  public var signer: String
  /// The signer's Ed25519 public key, 32 bytes in base64.
  public var publicKey: String
  /// SHA-256 of the content, lower-case hex.
  public var sha256: String
  /// The Ed25519 signature of ``statement``, base64.
  public var signature: String
  /// ISO 8601 UTC.
  public var signedAt: String

  public static let algorithmName = "Ed25519"

  /// The bytes that are signed.
  public var statement: Data {
    Data("saylau-export-signature-v1\n\(file)\n\(sha256)\n\(signer)\n\(signedAt)\n".utf8)
  }

  /// The file name of a signature next to `path`.
  public static func path(for path: String) -> String { path + ".sig" }

  /// The signature as the JSON of a `.sig` file (keys sorted, one trailing newline).
  public func json() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
  }
}

/// What went wrong with keys, signing or a verification. The `kind` is what callers and tests match.
public struct SignatureError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Kind: String, Sendable, Hashable {
    /// No `.sig` file next to the export.
    case missingSignature
    /// The `.sig` file is not a signature of this format.
    case unreadableSignature
    /// The content's SHA-256 is not the one signed: a byte changed.
    case contentChanged
    /// Signed by another key than the one the verifier trusts.
    case wrongKey
    /// The signature does not verify with its public key.
    case badSignature
    /// A key file or key text cannot be read.
    case unreadableKey
    /// A key file exists already (keys are never overwritten).
    case keyExists
    case io
  }

  public var kind: Kind
  public var message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { message }
}

/// An Ed25519 signing key (swift-crypto's `Curve25519.Signing`), kept in a file of its own readable by
/// its owner only (mode 0600). The private key is never printed or logged; only the public key is shown.
public struct ExportSigner: Sendable {
  let key: Curve25519.Signing.PrivateKey
  /// The name written into every signature.
  public var name: String

  init(key: Curve25519.Signing.PrivateKey, name: String) {
    self.key = key
    self.name = name
  }

  /// The public key, 32 bytes in base64.
  public var publicKey: String { key.publicKey.rawRepresentation.base64EncodedString() }

  /// A new key, written to `path` (created with mode 0600; an existing file is refused), and its public
  /// key to `path.pub`.
  /// - Returns: the public key (base64).
  /// - Throws: ``SignatureError`` `keyExists` or `io`.
  @discardableResult
  public static func generate(writingTo path: String) throws(SignatureError) -> String {
    let key = Curve25519.Signing.PrivateKey()
    let text = Data((key.rawRepresentation.base64EncodedString() + "\n").utf8)
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard fd >= 0 else {
      if errno == EEXIST {
        throw SignatureError(.keyExists, "\(path): exists already (a key is never overwritten)")
      }
      throw SignatureError(.io, "\(path): cannot create (\(String(cString: strerror(errno))))")
    }
    let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    guard written == text.count else { throw SignatureError(.io, "\(path): cannot write the key") }
    let publicKey = key.publicKey.rawRepresentation.base64EncodedString()
    do {
      try Data((publicKey + "\n").utf8).write(to: URL(fileURLWithPath: path + ".pub"))
    } catch {
      throw SignatureError(.io, "\(path).pub: cannot write the public key")
    }
    return publicKey
  }

  /// The key of a file written by ``generate(writingTo:)``.
  /// - Throws: ``SignatureError`` `unreadableKey`.
  public static func load(path: String, name: String) throws(SignatureError) -> ExportSigner {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw SignatureError(.unreadableKey, "\(path): cannot read the signing key")
    }
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard let raw = Data(base64Encoded: text),
      let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    else {
      throw SignatureError(
        .unreadableKey, "\(path): not an Ed25519 signing key of `saylau results keygen`")
    }
    return ExportSigner(key: key, name: name)
  }

  /// The signature of `content`, exported as `file`, at `time`.
  public func sign(_ content: Data, file: String, at time: Date = Date()) throws(SignatureError)
    -> ExportSignature
  {
    var s = ExportSignature(
      algorithm: ExportSignature.algorithmName, file: file, signer: name, publicKey: publicKey,
      sha256: ExportSigner.sha256(content), signature: "", signedAt: ExportSigner.timestamp(time))
    do {
      s.signature = try key.signature(for: s.statement).base64EncodedString()
    } catch {
      throw SignatureError(.io, "cannot sign \(file): \(error)")
    }
    return s
  }

  /// SHA-256, lower-case hex.
  public static func sha256(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
  }

  /// ISO 8601 UTC to the second (`2026-12-01T17:00:00Z`).
  public static func timestamp(_ date: Date) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.string(from: date)
  }
}

/// Checks a signed export: the signature file is there, the content's SHA-256 is the one signed, the key is
/// the trusted one (when one is given), and the Ed25519 signature verifies.
public enum ExportVerifier {
  /// What a verification found.
  public struct Verified: Sendable, Hashable {
    public var signature: ExportSignature
    /// Whether the key was checked against a trusted key (otherwise only integrity is shown).
    public var trustedKey: Bool
  }

  /// Verifies `content` against `signature`.
  /// - Parameters:
  ///   - trustedKey: the public key the verifier trusts (base64); `nil` checks integrity only.
  /// - Throws: ``SignatureError``: `unreadableSignature`, `contentChanged`, `wrongKey`, `badSignature`,
  ///   `unreadableKey`.
  public static func verify(content: Data, signature: ExportSignature, trustedKey: String?)
    throws(SignatureError) -> Verified
  {
    guard signature.algorithm == ExportSignature.algorithmName else {
      throw SignatureError(
        .unreadableSignature, "the signature's algorithm is \(signature.algorithm), not Ed25519")
    }
    let digest = ExportSigner.sha256(content)
    guard digest == signature.sha256 else {
      throw SignatureError(
        .contentChanged,
        "the content changed since it was signed (SHA-256 \(digest.prefix(16))…, signed \(signature.sha256.prefix(16))…)"
      )
    }
    if let trustedKey {
      let trusted = try publicKey(trustedKey)
      guard trusted.rawRepresentation.base64EncodedString() == signature.publicKey else {
        throw SignatureError(
          .wrongKey,
          "signed by another key (\(signature.publicKey)), not by the public key given")
      }
    }
    let key = try publicKey(signature.publicKey)
    guard let raw = Data(base64Encoded: signature.signature),
      key.isValidSignature(raw, for: signature.statement)
    else {
      throw SignatureError(
        .badSignature, "the signature does not verify: the file or its signature was altered")
    }
    return Verified(signature: signature, trustedKey: trustedKey != nil)
  }

  /// Verifies the file at `path` with the signature next to it (`path.sig`).
  /// - Parameters:
  ///   - trustedKey: a public key (base64) or the path of a `.pub` file; `nil`: integrity only.
  /// - Throws: ``SignatureError``, `missingSignature` when there is no `.sig` file.
  public static func verify(file path: String, trustedKey: String?) throws(SignatureError)
    -> Verified
  {
    guard let content = FileManager.default.contents(atPath: path) else {
      throw SignatureError(.io, "\(path): cannot read")
    }
    let sigPath = ExportSignature.path(for: path)
    guard let sigData = FileManager.default.contents(atPath: sigPath) else {
      throw SignatureError(.missingSignature, "\(path): no signature (\(sigPath) is missing)")
    }
    let signature: ExportSignature
    do {
      signature = try JSONDecoder().decode(ExportSignature.self, from: sigData)
    } catch {
      throw SignatureError(.unreadableSignature, "\(sigPath): not a signature file of saylau")
    }
    var key = trustedKey
    if let k = trustedKey, let data = FileManager.default.contents(atPath: k) {
      key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    do {
      return try verify(content: content, signature: signature, trustedKey: key)
    } catch {
      throw SignatureError(error.kind, "\(path): \(error.message)")
    }
  }

  static func publicKey(_ text: String) throws(SignatureError) -> Curve25519.Signing.PublicKey {
    guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
      let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    else {
      throw SignatureError(.unreadableKey, "not an Ed25519 public key (32 bytes in base64)")
    }
    return key
  }
}
