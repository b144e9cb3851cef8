import SaylauDistricting
func loadKazakhstanGraph() throws -> (graph: UnitGraph, x: Int) { throw UserError("not yet") }
func geoJSONGraph(data: Data, source: String, idProperty: String?, toleranceMetres: Double) throws -> (graph: UnitGraph, x: Int) { throw UserError("not yet") }
import Foundation
