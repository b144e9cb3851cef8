import SaylauApportionment
import SaylauCore
import SaylauRegistry

/// Why the bundled regions cannot be turned into an apportionment input.
public enum ApportionmentInputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No constituency scheme has this id.
  case noSuchScheme(String)
  /// The registry has no constituency scheme at all.
  case noScheme
  /// Only some constituencies of the scheme are known, so its allocation among regions is not.
  case incompleteScheme(id: String, known: Int, seats: Int)
  /// A constituency of the scheme lies in no known region.
  case constituencyWithoutRegion(scheme: String, number: Int)
  /// A region's population is blank (and it is not the one whose population is scanned).
  case blankPopulation(region: String)

  public var description: String {
    switch self {
    case .noSuchScheme(let id): return "no constituency scheme '\(id)' in the registry"
    case .noScheme: return "the registry has no constituency scheme"
    case .incompleteScheme(let id, let known, let seats):
      return
        "scheme \(id): only \(known) of its \(seats) constituencies are known, so its allocation among regions is not"
    case .constituencyWithoutRegion(let s, let n):
      return "scheme \(s): constituency \(n) lies in no known region"
    case .blankPopulation(let r):
      return
        "regions.csv: field 'population': blank for '\(r)' (a missing population cannot be apportioned)"
    }
  }
}

/// The regions of the bundled registry as an apportionment input: their populations, a minimum of one seat
/// each (the rule since 2022: at least one constituency in every region and city of republican
/// significance), and a constituency scheme's published allocation as the target.
public enum ApportionmentInputs {
  /// The scheme whose allocation is the default target: the latest in force.
  public static func latestScheme(in registry: Registry) throws(ApportionmentInputError)
    -> ConstituencyScheme
  {
    guard let latest = registry.schemes.last else { throw .noScheme }  // sorted by entry into force
    return latest
  }

  /// The regions of `registry` with the seats each had in `schemeID` (default: the latest scheme) as the
  /// target.
  ///
  /// - Parameters:
  ///   - registry: the registry (``BundledData/registry()``).
  ///   - schemeID: the constituency scheme whose allocation is the target; `nil` = the latest.
  ///   - blankAllowed: the region whose population may be blank (its weight is the unknown of a scan).
  /// - Throws: ``ApportionmentInputError`` for an unknown or incomplete scheme or a blank population.
  public static func regions(
    of registry: Registry, scheme schemeID: String? = nil,
    allowingBlankFor blankAllowed: String? = nil
  ) throws(ApportionmentInputError) -> ApportionmentInput {
    let scheme: ConstituencyScheme
    if let schemeID {
      guard let s = registry.scheme(id: schemeID) else { throw .noSuchScheme(schemeID) }
      scheme = s
    } else {
      scheme = try latestScheme(in: registry)
    }
    let constituencies = registry.constituencies.filter { $0.schemeID == scheme.id }
    guard constituencies.count == scheme.seatCount else {
      throw .incompleteScheme(id: scheme.id, known: constituencies.count, seats: scheme.seatCount)
    }
    var seatsOf: [String: Int] = [:]
    for c in constituencies {
      guard let r = c.regionCode, registry.region(code: r) != nil else {
        throw .constituencyWithoutRegion(scheme: scheme.id, number: c.number)
      }
      seatsOf[r, default: 0] += 1
    }
    var input = ApportionmentInput(source: "", contenders: [], target: [])
    var dates: [String: [String]] = [:]
    for region in registry.regions {
      var weight = region.population?.value
      if weight == nil && region.code == blankAllowed {
        input.unknownWeight = input.contenders.count
        weight = 0
      }
      guard let weight else { throw .blankPopulation(region: region.code) }
      if let p = region.population {
        dates[p.date?.description ?? String(p.year), default: []].append(region.code)
      }
      input.contenders.append(Contender(name: region.code, weight: weight, minimumSeats: 1))
      input.target?.append(seatsOf[region.code] ?? 0)
    }
    // "population at 2023-01-01; turkistan 2023-06-01": the common reference date, then the exceptions.
    let byCount = dates.sorted {
      $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key
    }
    var parts = byCount.prefix(1).map { "population at \($0.key)" }
    parts += byCount.dropFirst().map { "\($0.value.joined(separator: ", ")) \($0.key)" }
    input.source =
      "bundled regions (\(parts.joined(separator: "; "))); target: the \(scheme.seatCount) constituencies of scheme \(scheme.id)"
    return input
  }
}
