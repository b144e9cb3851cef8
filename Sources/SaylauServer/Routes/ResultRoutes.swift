import Foundation
import Hummingbird
import SaylauAccounts
import SaylauElections
import SaylauInterchange
import SaylauStore

/// The results' lifecycle and exports over HTTP, the store and interchange functions of `saylau results`:
/// the state (preliminary, final, certified) and its history, the snapshots, and the exports (NIST
/// SP 1500-100 JSON, CSV, the printable protocol, the canonical result), each with a detached Ed25519
/// signature when the server has a signing key (`saylau serve --signing-key`).
struct ResultRoutes: Sendable {
  let service: SaylauService
  var store: Store { service.store }

  struct StateRequest: Decodable {
    var state: ResultState
    var reason: String?
  }

  struct Snapshots: Encodable { var snapshots: [ResultSnapshotRecord] }

  struct ExportEntry: Encodable {
    var name: String
    var mediaType: String
    var sha256: String
    var bytes: Int
    /// Where its signature is, when the server signs.
    var signature: String?
  }

  struct Exports: Encodable {
    var election: String
    var state: ResultState
    var generatedAt: String
    var snapshot: Int?
    var files: [ExportEntry]
  }

  func register(on router: Router<SaylauRequestContext>) {
    let v1 = router.group("/api/v1/elections/:id")
    v1.get("/results/state") { _, context in
      let election = try await API(service: service).election(context)
      return try jsonResponse(try await store.resultStatus(election: election.id))
    }
    v1.post("/results/state") { request, context in
      let actor = try await API(service: service).actor(request, needs: .setResultState)
      let election = try await API(service: service).election(context)
      let body = try await request.body(upTo: 1 << 16)
      let asked: StateRequest = try API(service: service).decode(body)
      let change = try await store.changeResultState(
        election: election.id, to: asked.state, reason: asked.reason, actor: actor)
      service.resultsChanged()
      return try jsonResponse(change, status: .created)
    }
    v1.get("/results/snapshots") { _, context in
      let election = try await API(service: service).election(context)
      return try jsonResponse(
        Snapshots(snapshots: try await store.resultSnapshots(election: election.id)))
    }
    v1.get("/results/snapshots/:sequence") { _, context in
      let election = try await API(service: service).election(context)
      guard let sequence = Int(try context.parameters.require("sequence")), sequence > 0 else {
        throw APIError(.badRequest, "path: 'sequence' must be a positive integer")
      }
      let (record, content) = try await store.resultSnapshot(
        election: election.id, sequence: sequence)
      var headers: HTTPFields = [.contentType: "application/json"]
      headers[.init("X-Content-SHA256")!] = record.sha256
      return Response(
        status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: content)))
    }
    let cache = ExportCache()
    v1.get("/exports") { request, context in
      let election = try await API(service: service).election(context)
      let (source, files) = try await exports(
        election.id, snapshot: try Self.snapshot(request), cache)
      let signs = service.configuration.signer != nil
      return try jsonResponse(
        Exports(
          election: election.id, state: source.state, generatedAt: source.generatedAt,
          snapshot: source.snapshot,
          files: files.map { f in
            ExportEntry(
              name: f.name, mediaType: ResultExports.mediaType(f.name),
              sha256: ExportSigner.sha256(Data(f.bytes)), bytes: f.bytes.count,
              signature: signs ? "/api/v1/elections/\(election.id)/exports/\(f.name).sig" : nil)
          }))
    }
    v1.get("/exports/:file") { request, context in
      let election = try await API(service: service).election(context)
      var name = try context.parameters.require("file")
      let signature = name.hasSuffix(".sig")
      if signature { name.removeLast(4) }
      guard ResultExports.names.contains(name) else {
        throw APIError(
          .notFound,
          "there is no export '\(name)' (one of \(ResultExports.names.joined(separator: ", ")))")
      }
      let (_, files) = try await exports(election.id, snapshot: try Self.snapshot(request), cache)
      guard let file = files.first(where: { $0.name == name }) else {
        throw APIError(.notFound, "there is no export '\(name)'")
      }
      if signature {
        guard let signer = service.configuration.signer else {
          throw APIError(
            .notFound, "this server signs no exports (it was started without a signing key)")
        }
        let sig = try signer.sign(Data(file.bytes), file: "\(election.id)-\(file.name)")
        return Response(
          status: .ok, headers: [.contentType: "application/json"],
          body: .init(byteBuffer: ByteBuffer(bytes: sig.json())))
      }
      var headers: HTTPFields = [
        .contentType: ResultExports.mediaType(name),
        .contentDisposition: "attachment; filename=\"\(election.id)-\(name)\"",
      ]
      headers[.init("X-Content-SHA256")!] = ExportSigner.sha256(Data(file.bytes))
      return Response(
        status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
  }

  /// What the exports are made of and the files: a snapshot's exports are made once and kept (a snapshot
  /// never changes); preliminary ones once per change of the results (the key carries the results' ETag,
  /// which every accepted protocol, import or state change moves, on every replica).
  func exports(_ election: String, snapshot: Int?, _ cache: ExportCache) async throws -> (
    ExportSummary, [ExportFile]
  ) {
    var sequence = snapshot
    if sequence == nil {
      let status = try await store.resultStatus(election: election)
      if status.state != .preliminary {
        sequence = status.history.last { $0.snapshotSHA256 != nil }?.sequence
      }
    }
    let key =
      sequence.map { "\(election)#\($0)" } ?? "\(election)#preliminary#\(service.answers.etag)"
    if let cached = cache.get(key) { return cached }
    let source = try await store.exportSource(election: election, snapshot: sequence)
    let files = ResultExports.files(
      source.result, state: source.state, generatedAt: source.generatedAt,
      issuer: ResultExports.issuer)
    let summary = ExportSummary(
      state: source.state, generatedAt: source.generatedAt, snapshot: source.snapshot?.sequence)
    cache.put(key, (summary, files))
    return (summary, files)
  }

  /// `?snapshot=N`, if given.
  static func snapshot(_ request: Request) throws -> Int? {
    guard let text = request.uri.queryParameters["snapshot"].map(String.init) else { return nil }
    guard let n = Int(text), n > 0 else {
      throw APIError(.badRequest, "query: 'snapshot' must be a positive integer")
    }
    return n
  }
}

/// The state, time and snapshot of a set of exports.
struct ExportSummary: Sendable {
  var state: ResultState
  var generatedAt: String
  var snapshot: Int?
}

/// The exports last made, in memory: of the latest few snapshots (which never change) and of the
/// preliminary count as of a version of the results.
final class ExportCache: Sendable {
  private let entries = Locked<[(String, (ExportSummary, [ExportFile]))]>([])
  static let capacity = 4

  func get(_ key: String) -> (ExportSummary, [ExportFile])? {
    entries.withLock { list in list.first { $0.0 == key }?.1 }
  }

  func put(_ key: String, _ value: (ExportSummary, [ExportFile])) {
    entries.withLock { list in
      list.removeAll { $0.0 == key }
      list.append((key, value))
      if list.count > Self.capacity { list.removeFirst(list.count - Self.capacity) }
    }
  }
}
