import Foundation
import SaylauCore
import SaylauData
import Testing

@testable import SaylauReports

@Test func scratchMap() throws {
    let registry = try BundledData.registry()
    let features = try BundledData.unitFeatures()
    let t0 = Date()
    let units = MapUnit.units(registry: registry, features: features, on: CalendarDate(iso: "2023-03-19")!)
    let geometry = MapGeometry(units: units)
    print("topology", Date().timeIntervalSince(t0), geometry.topology.arcs.count, "nearly", geometry.nearlySharedArcs)
    var areas: [Int: AreaStyle] = [:]
    for n in 1...29 where n % 3 != 0 { areas[n] = AreaStyle(fill: PartyStyle.fallbackPalette[n % 20], tooltip: "x") }
    let spec = MapSpec(title: "Test", subtitle: "sub", source: "src", areas: areas, legend: [.init(swatch: .noData, label: "No data")])
    let t1 = Date()
    let svg = ConstituencyMap.svg(spec, geometry: geometry)
    print("render", Date().timeIntervalSince(t1), svg.utf8.count)
    try svg.write(toFile: "/tmp/map.svg", atomically: true, encoding: .utf8)
    try ConstituencyMap.locatorSVG(number: 12, title: "12", geometry: geometry).write(toFile: "/tmp/loc12.svg", atomically: true, encoding: .utf8)
    try ConstituencyMap.locatorSVG(number: 6, title: "6", geometry: geometry).write(toFile: "/tmp/loc6.svg", atomically: true, encoding: .utf8)
}
