import SaylauCore
import SaylauGeo
import SaylauRegistry

extension MapUnit {
  /// The map's units for the constituencies in force on `date`: every polygon of the geometry, with the
  /// constituencies the registry puts it in. A polygon whose unit is split (`isPartial`) gets all its
  /// constituencies; one that no constituency lists gets none and is drawn as unassigned, never guessed.
  /// A unit without a polygon of its own (`AdministrativeUnit.hostGeoCode`: Sauran inside the Kentau
  /// polygon) adds its constituencies to its host polygon, which is then drawn as split. On a day without
  /// certain constituencies every polygon is unassigned.
  public static func units(registry: Registry, features: [GeoFeature], on date: CalendarDate)
    -> [MapUnit]
  {
    var unitByGeoCode: [String: AdministrativeUnit] = [:]
    for unit in registry.units {
      for code in unit.geoCodes { unitByGeoCode[code] = unit }
    }
    var numbersByUnit: [String: [Int]] = [:]
    var numbersByGeoCode: [String: [Int]] = [:]
    var extraNames: [String: [String]] = [:]
    let hosts = Dictionary(
      registry.units.compactMap { u in u.hostGeoCode.map { (u.code, $0) } },
      uniquingKeysWith: { a, _ in a })
    for c in (try? registry.constituencies(on: date)) ?? [] {
      for share in c.composition {
        numbersByUnit[share.unitCode, default: []].append(c.number)
        // A unit without a polygon of its own lies inside another unit's polygon, which therefore holds
        // parts of both units' constituencies.
        if let host = hosts[share.unitCode] {
          numbersByGeoCode[host, default: []].append(c.number)
          extraNames[host, default: []].append(
            registry.unit(code: share.unitCode)?.displayName ?? share.unitCode)
        }
      }
    }
    let regionByIso = Dictionary(
      registry.regions.map { ($0.isoCode, $0.code) }, uniquingKeysWith: { a, _ in a })
    return features.compactMap { feature in
      guard let code = feature.properties["code"] else { return nil }
      let unit = unitByGeoCode[code]
      let regionCode =
        unit?.regionCode ?? feature.properties["region_code"].flatMap { regionByIso[$0] }
        ?? "unknown"
      var name = unit?.displayName ?? feature.properties["name_en"] ?? code
      if let extra = extraNames[code] { name += " (incl. " + extra.joined(separator: ", ") + ")" }
      let numbers =
        (unit.map { numbersByUnit[$0.code] ?? [] } ?? []) + (numbersByGeoCode[code] ?? [])
      return MapUnit(
        code: code, name: name, regionCode: regionCode,
        constituencies: Array(Set(numbers)).sorted(),
        geometry: feature.geometry)
    }
  }
}
