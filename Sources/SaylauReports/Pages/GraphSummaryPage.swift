import SaylauDistricting

/// A graph's summary as a document (`saylau graph info`): size, components, isolated units, attributes,
/// and for the bundled units the units without a polygon and the polygons without a unit.
public enum GraphSummaryPage {
  public static func document(_ info: GraphSummary, name: String) -> Document {
    var facts: [[Document.Inline]] = [
      [
        .text(
          "\(info.nodes) units, \(info.edges) adjacencies, \(info.components) connected component(s)"
        )
      ]
    ]
    if !info.isolated.isEmpty {
      facts.append([.text("isolated: \(info.isolated.joined(separator: ", "))")])
    }
    facts.append([.text("attributes: \(info.attributes.joined(separator: ", "))")])
    if let u = info.unitsWithoutPolygon, !u.isEmpty {
      facts.append([.text("units without a polygon: \(u.joined(separator: ", "))")])
    }
    if let p = info.polygonsWithoutUnit, !p.isEmpty {
      facts.append([.text("polygons without a unit of the graph: \(p.joined(separator: ", "))")])
    }
    return Document(title: "Graph \(name)", blocks: [.list(facts)])
  }
}
