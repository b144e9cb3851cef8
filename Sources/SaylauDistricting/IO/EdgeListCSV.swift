import SaylauCore

/// The edge list of a graph as CSV: `unit_a,unit_b,shared_border_km`, one row per edge, quoted where a
/// name needs it (a name with a comma reads back unchanged).
public enum EdgeListCSV {
  public static let header = ["unit_a", "unit_b", "shared_border_km"]

  /// Writes `graph`'s edges in edge order; a missing border length stays blank.
  public static func write(_ graph: UnitGraph) -> String {
    var csv = CSVWriter(header: header)
    for (e, edge) in graph.edges.enumerated() {
      csv.append([
        graph.names[Int(edge.u)], graph.names[Int(edge.v)],
        graph.edgeAttributes[e]["shared_border_km"]?.text ?? "",
      ])
    }
    return csv.text
  }
}
