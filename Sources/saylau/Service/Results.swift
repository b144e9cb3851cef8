import ArgumentParser
import Foundation
import SaylauAccounts
import SaylauElections
import SaylauInterchange
import SaylauStore

extension ResultState: ExpressibleByArgument {}

/// `saylau results state|snapshots|export|keygen`: the store's lifecycle and the exports of
/// `GET /api/v1/elections/{id}/exports` (the same bytes); the command line acts as `cli` in the audit log.
struct ResultsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "results",
    abstract: "Results lifecycle and signed exports: state, snapshots, export, keygen.",
    subcommands: [State.self, Snapshots.self, Export.self, Keygen.self])

  struct State: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show the results' state, or set it (final, certified; preliminary reopens final).")
    @Argument(help: "Election id (e.g. 2023-majilis).") var election: String
    @Option(help: "The new state: final, certified, or preliminary (reopen, needs --reason).")
    var set: ResultState?
    @Option(help: "Why (required to reopen).") var reason: String?
    @OptionGroup var storage: StorageOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
      if let set {
        let change = try await withStore(storage) {
          try await $0.changeResultState(
            election: election, to: set, reason: reason, actor: .commandLine)
        }
        if output.json { return try printJSON(change) }
        print(
          "\(election): \(change.state.title) since \(change.at)\(change.snapshotSHA256.map { " (snapshot SHA-256 \($0))" } ?? "")"
        )
        return
      }
      let status = try await withStore(storage) { try await $0.resultStatus(election: election) }
      if output.json { return try printJSON(status) }
      print(
        "\(election): \(status.state.title)\(status.since.map { " since \($0) (\(status.by ?? ""))" } ?? "")"
      )
      for c in status.history {
        print(
          "  \(c.sequence)\t\(c.at)\t\(c.state.rawValue)\t\(c.by)\(c.reason.map { "\t\($0)" } ?? "")"
        )
      }
    }
  }

  struct Snapshots: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the results' snapshots.")
    @Argument(help: "Election id.") var election: String
    @OptionGroup var storage: StorageOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
      let list = try await withStore(storage) { try await $0.resultSnapshots(election: election) }
      if output.json { return try printJSON(list) }
      for s in list {
        print(
          "\(s.sequence)\t\(s.takenAt)\t\(s.state.rawValue)\t\(s.takenBy)\t\(s.protocols) protocols\t\(s.sha256)"
        )
      }
    }
  }

  struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Write the exports (NIST SP 1500-100 JSON, CSV, the result protocol), signed with --key.",
      discussion: """
        Writes ELECTION-result.json, -nist.json, -precincts.csv, -levels.csv and -protocol.html into --out, \
        each with a detached signature FILE.sig when --key is given. Final or certified results are \
        exported from their snapshot; preliminary ones as they stand. `saylau verify FILE` checks them.
        """)
    @Argument(help: "Election id.") var election: String
    @Option(help: "Directory to write into (created if needed).") var out: String
    @Option(help: "Signing key of `saylau results keygen`.") var key: String?
    @Option(help: "The signer's name written into every signature.") var signer: String?
    @Option(help: "Export this snapshot (its sequence) instead of the current state's.")
    var snapshot: Int?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
      if key != nil && signer == nil { throw UserError("--key needs --signer NAME (who signs)") }
      let signing = try key.map { k in
        do throws(SignatureError) {
          return try ExportSigner.load(path: k, name: signer ?? "")
        } catch {
          throw UserError(error.description)
        }
      }
      let source = try await withStore(storage) {
        try await $0.exportSource(election: election, snapshot: snapshot)
      }
      let files = ResultExports.files(
        source.result, state: source.state, generatedAt: source.generatedAt,
        issuer: ResultExports.issuer)
      try UserError.wrap {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for f in files {
          let name = "\(election)-\(f.name)"
          let path = (out as NSString).appendingPathComponent(name)
          try Data(f.bytes).write(to: URL(fileURLWithPath: path))
          if let signing {
            try signing.sign(Data(f.bytes), file: name).json().write(
              to: URL(fileURLWithPath: ExportSignature.path(for: path)))
          }
          print("\(path)\(signing == nil ? "" : " (signed)")")
        }
      }
      printErr(
        "\(election): \(source.state.title)\(source.snapshot.map { ", snapshot \($0.sequence) of \($0.takenAt)" } ?? "")\(source.result.synthetic ? " (SYNTHETIC)" : "")"
      )
    }
  }

  struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Make an Ed25519 signing key: FILE (mode 0600, never printed) and FILE.pub.")
    @Option(help: "Where to write the private key (an existing file is refused).") var out: String

    func run() throws {
      let publicKey: String
      do { publicKey = try ExportSigner.generate(writingTo: out) } catch {
        throw UserError(error.description)
      }
      print("public key \(publicKey) (in \(out).pub)")
    }
  }
}

/// `saylau verify FILE [--public-key K]`: the signature next to FILE (FILE.sig) and the content's SHA-256.
struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check a signed export: its signature (FILE.sig) and its content's SHA-256.",
    discussion: """
      Exit status 0 when the content is whole and the signature verifies; 1 with one line on stderr for a \
      changed byte, another key than --public-key, or a missing or unreadable signature. Without \
      --public-key only the file's integrity is checked, not who signed it.
      """)
  @Argument(help: "The exported file.") var file: String
  @Option(help: "The signer's public key: base64, or a .pub file of `saylau results keygen`.")
  var publicKey: String?

  func run() throws {
    let verified: ExportVerifier.Verified
    do { verified = try ExportVerifier.verify(file: file, trustedKey: publicKey) } catch {
      throw UserError(error.description)
    }
    let s = verified.signature
    print(
      "\(file): verified, signed by \(s.signer) at \(s.signedAt), SHA-256 \(s.sha256)\(verified.trustedKey ? "" : " (key \(s.publicKey) not checked: give --public-key)")"
    )
  }
}
