import SaylauDistricting
import SaylauRegistry

/// Why an enacted plan is not available.
public enum OfficialPlanError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No constituency scheme has this id.
  case noSuchScheme(String)
  /// The scheme's constituencies are not all known with their units, so its plan is not.
  case compositionsNotKnown(scheme: String, known: Int, seats: Int)

  public var description: String {
    switch self {
    case .noSuchScheme(let id): return "no constituency scheme '\(id)' in the registry"
    case .compositionsNotKnown(let id, let known, let seats):
      return
        "scheme \(id): the units of only \(known) of its \(seats) constituencies are known, so its plan is not"
    }
  }
}

/// An enacted plan: a constituency scheme's constituencies as a ``DistrictPlan``.
public struct EnactedPlan: Sendable {
  /// `enacted-<scheme id>`, the id the API serves it under.
  public var id: String
  public var scheme: String
  public var name: String
  public var plan: DistrictPlan
  /// Each constituency's published population, electorate and seat, by number.
  public var published: [String: PublishedDistrict]
}

/// The enacted plans of the registry's constituency schemes.
public enum OfficialPlans {
  /// The id prefix of enacted plans (`enacted-2023`).
  public static let idPrefix = "enacted-"

  /// The enacted plan of scheme `schemeID`: each constituency's units, a unit in two constituencies (a
  /// district of a city divided between them) under both, inferred units included.
  /// - Throws: ``OfficialPlanError`` for an unknown scheme or one whose compositions are not all known.
  public static func enacted(scheme schemeID: String, in registry: Registry)
    throws(OfficialPlanError)
    -> EnactedPlan
  {
    guard let scheme = registry.scheme(id: schemeID) else { throw .noSuchScheme(schemeID) }
    let constituencies = registry.constituencies.filter { $0.schemeID == scheme.id }
    let composed = constituencies.filter { !$0.composition.isEmpty }
    guard composed.count == scheme.seatCount else {
      throw .compositionsNotKnown(scheme: scheme.id, known: composed.count, seats: scheme.seatCount)
    }
    var rows: [(unit: String, district: String)] = []
    var published: [String: PublishedDistrict] = [:]
    for c in constituencies {
      for share in c.composition { rows.append((share.unitCode, String(c.number))) }
      published[String(c.number)] = PublishedDistrict(
        population: c.population?.value, electorate: c.electorate?.value, seat: c.seat)
    }
    return EnactedPlan(
      id: idPrefix + scheme.id, scheme: scheme.id,
      name: "official \(scheme.id) constituencies (registry, scheme \(scheme.id))",
      plan: DistrictPlan(rows: rows), published: published)
  }

  /// The enacted plan with API id `id` (`enacted-2023`), or `nil` when there is none.
  public static func enacted(id: String, in registry: Registry) -> EnactedPlan? {
    guard id.hasPrefix(idPrefix) else { return nil }
    return try? enacted(scheme: String(id.dropFirst(idPrefix.count)), in: registry)
  }

  /// Every enacted plan the registry knows completely, oldest scheme first.
  public static func all(in registry: Registry) -> [EnactedPlan] {
    registry.schemes.compactMap { try? enacted(scheme: $0.id, in: registry) }
  }
}
