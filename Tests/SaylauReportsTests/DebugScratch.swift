import Foundation
import SaylauCore
import SaylauData
import SaylauGeo
import Testing

@testable import SaylauReports

@Test func scratchArcs() throws {
    let registry = try BundledData.registry()
    let features = try BundledData.unitFeatures()
    let units = MapUnit.units(registry: registry, features: features, on: CalendarDate(iso: "2023-03-19")!)
    let geometry = MapGeometry(units: units)
    let topo = geometry.topology
    func segd(_ p: Position, _ a: Position, _ b: Position) -> Double {
        let dx = b.longitude - a.longitude, dy = b.latitude - a.latitude
        let l2 = dx*dx+dy*dy
        var t = l2 > 0 ? ((p.longitude-a.longitude)*dx + (p.latitude-a.latitude)*dy)/l2 : 0
        t = max(0, min(1, t))
        return hypot(a.longitude + t*dx - p.longitude, a.latitude + t*dy - p.latitude)
    }
    for a in [758, 730] {
        let arc = topo.arcs[a]
        let own = topo.arcFeatures[a][0]
        let samples = [arc[0], arc[1], Position(longitude: (arc[0].longitude+arc[1].longitude)/2, latitude: (arc[0].latitude+arc[1].latitude)/2)]
        for p in samples {
            var near: [String] = []
            for (b, other) in topo.arcs.enumerated() where b != a {
                for j in 0..<(other.count-1) where segd(p, other[j], other[j+1]) <= 0.001 {
                    near.append("\(b):\(topo.arcFeatures[b].map { units[$0].name })")
                }
            }
            print("arc", a, units[own].name, p, near)
        }
    }
}
