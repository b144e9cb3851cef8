import Foundation
import SaylauCore

/// What a name or code found in the registry.
public enum LookupTarget: Hashable, Sendable {
  case unit(AdministrativeUnit)
  case region(Region)
}

/// The outcome of a look-up by name or code.
public struct LookupResult: Sendable {
  /// The units and regions whose name or code matches exactly (after normalisation).
  public var matches: [LookupTarget]
  /// Close names, for a miss: English display names of units and regions, nearest first.
  public var suggestions: [String]
}

extension Registry {
  /// Finds units and regions by code or by English, Kazakh or Russian name, ignoring case, diacritics,
  /// punctuation and generic words ("District", "ауданы", "район").
  ///
  /// A name can match several units (there are three units called Abai); all are returned. When nothing
  /// matches, up to five suggestions are given.
  public func lookup(_ query: String) -> LookupResult {
    let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
    if let unit = unit(code: trimmed) {
      return LookupResult(matches: [.unit(unit)], suggestions: [])
    }
    if let region = region(code: trimmed) {
      return LookupResult(matches: [.region(region)], suggestions: [])
    }
    if let unit = units.first(where: {
      $0.geoCodes.contains(trimmed.uppercased()) || $0.kato == trimmed
    }) {
      return LookupResult(matches: [.unit(unit)], suggestions: [])
    }
    let key = NameKey.key(trimmed)
    let wantsRegion = NameKey.mentionsRegion(trimmed)
    var matches: [LookupTarget] = []
    if !key.isEmpty {
      for region in regions where region.name.all.contains(where: { NameKey.key($0) == key }) {
        matches.append(.region(region))
      }
      // "Almaty Region" names the region, not Almaty city's districts: prefer the kind the query names.
      if !(wantsRegion && !matches.isEmpty) {
        for unit in units where unit.name.all.contains(where: { NameKey.key($0) == key }) {
          matches.append(.unit(unit))
        }
      }
      // "Almaty Region" is the region, not the city of Almaty.
      if wantsRegion,
        matches.contains(where: { if case .region(let r) = $0 { r.kind == .region } else { false } }
        )
      {
        matches.removeAll { if case .region(let r) = $0 { r.kind != .region } else { true } }
      }
    }
    if !matches.isEmpty { return LookupResult(matches: matches, suggestions: []) }
    var scored: [(Int, String)] = []
    for unit in units {
      let d = unit.name.all.map { NameKey.distance(NameKey.key($0), key) }.min() ?? Int.max
      scored.append((d, unit.displayName))
    }
    for region in regions {
      let d = region.name.all.map { NameKey.distance(NameKey.key($0), key) }.min() ?? Int.max
      scored.append((d, region.name.en))
    }
    let limit = max(2, key.count / 2)
    let suggestions = scored.filter { $0.0 <= limit }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(
      \.1)
    var seen = Set<String>()
    return LookupResult(
      matches: [], suggestions: Array(suggestions.filter { seen.insert($0).inserted }.prefix(5)))
  }
}

extension NameKey {
  /// Whether the query names a first-level unit ("Region", "облысы", "область").
  static func mentionsRegion(_ query: String) -> Bool {
    let words = query.lowercased().split(whereSeparator: { !$0.isLetter })
    return words.contains {
      ["region", "oblast", "oblysy", "облысы", "область"].contains(String($0))
    }
  }
}
