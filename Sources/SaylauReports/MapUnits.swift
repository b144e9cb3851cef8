import SaylauCore
import SaylauGeo

extension MapUnit {
    /// The map's units for the constituencies in force on `date`: every polygon of the geometry, with the
    /// constituencies the registry puts it in. A polygon whose unit is split (`isPartial`) gets all its
    /// constituencies; one that no constituency lists gets none and is drawn as unassigned, never guessed.
    public static func units(registry: Registry, features: [GeoFeature], on date: CalendarDate) -> [MapUnit] {
        var unitByGeoCode: [String: AdministrativeUnit] = [:]
        for unit in registry.units {
            for code in unit.geoCodes { unitByGeoCode[code] = unit }
        }
        var numbersByUnit: [String: [Int]] = [:]
        for c in registry.constituencies(on: date) {
            for share in c.composition { numbersByUnit[share.unitCode, default: []].append(c.number) }
        }
        let regionByIso = Dictionary(registry.regions.map { ($0.isoCode, $0.code) }, uniquingKeysWith: { a, _ in a })
        return features.compactMap { feature in
            guard let code = feature.properties["code"] else { return nil }
            let unit = unitByGeoCode[code]
            let regionCode =
                unit?.regionCode ?? feature.properties["region_code"].flatMap { regionByIso[$0] } ?? "unknown"
            let name = unit?.displayName ?? feature.properties["name_en"] ?? code
            let numbers = unit.map { numbersByUnit[$0.code] ?? [] } ?? []
            return MapUnit(
                code: code, name: name, regionCode: regionCode, constituencies: Array(Set(numbers)).sorted(),
                geometry: feature.geometry)
        }
    }
}
