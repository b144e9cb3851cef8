import Foundation
import Hummingbird
import SaylauElections
import SaylauStore

/// Higher commissions' own protocols (territorial, district, regional, central) and their comparison with
/// the sum of the accepted protocols below them: the store's `importCommissionProtocols` and
/// `commissionComparisons`, as `saylau commissions import|compare`.
struct CommissionRoutes: Sendable {
  let service: SaylauService
  var store: Store { service.store }

  struct Imported: Encodable {
    var election: String
    var level: CommissionLevel
    var protocols: Int
  }

  func register(on router: Router<SaylauRequestContext>) {
    let v1 = router.group("/api/v1/elections/:id")
    v1.get("/commissions") { request, context in
      let election = try await API(service: service).election(context)
      let level = try Self.level(Query(request)["level"])
      return try jsonResponse(try await comparisons(election.id, level: level))
    }
    v1.post("/commissions/:level") { request, context in
      let actor = try await API(service: service).actor(request, needs: .importFiles)
      let election = try await API(service: service).election(context)
      guard let level = CommissionLevel(rawValue: context.parameters.get("level") ?? "") else {
        throw APIError(
          .notFound,
          "no commission level '\(context.parameters.get("level") ?? "")' (territorial, district, regional, central)"
        )
      }
      let format = try Query.protocolFormat(of: request)
      let replacing = try Query(request).flag("replace")
      let body = try await request.body(upTo: service.configuration.maximumBodyBytes)
      let schema = try await store.commissionProtocolSchema(election: election.id, level: level)
      let accepted: ProtocolImport.Accepted
      do {
        accepted = try ProtocolImport(schema: schema).run([
          .bytes(Array(buffer: body), name: "request", format: format)
        ])
      } catch let refused as ProtocolImport.Refused {
        throw ProtocolRoutes.refusal(
          refused.description, errors: refused.errorCount,
          issues: refused.issues + refused.warnings)
      }
      let count = try await store.importCommissionProtocols(
        accepted, level: level, election: election.id, source: "api", synthetic: false,
        replacing: replacing, actor: actor)
      service.resultsChanged()
      return try jsonResponse(
        Imported(election: election.id, level: level, protocols: count), status: .created)
    }
  }

  /// The comparisons of `election`'s commission protocols (of one level, or all), regions from the stored
  /// registry on the election's day.
  func comparisons(_ election: String, level: CommissionLevel?) async throws
    -> [CommissionComparison]
  {
    let regions = try await store.constituencyRegions(election: election)
    return try await store.commissionComparisons(
      election: election, level: level, region: { regions[$0] })
  }

  static func level(_ text: String?) throws -> CommissionLevel? {
    guard let text else { return nil }
    guard let level = CommissionLevel(rawValue: text) else {
      throw APIError(
        .badRequest,
        "level: '\(text)' is not one of \(CommissionLevel.allCases.map(\.rawValue).joined(separator: ", "))"
      )
    }
    return level
  }
}
