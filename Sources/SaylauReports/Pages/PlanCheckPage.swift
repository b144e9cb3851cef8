import Foundation
import SaylauDistricting

/// The report of a plan check as a document: coverage, nesting, contiguity under the stated policy for units
/// without a polygon (and which districts depend on it), splits, population, then one row per district. The
/// command line prints it (`saylau plan check`); a page can show it.
public enum PlanCheckPage {
  public static func document(_ r: CheckedPlan) -> Document {
    let c = r.check
    var doc = Document(title: "Plan: \(r.plan)")
    var facts: [[Document.Inline]] = [
      [
        .text(
          "Graph: \(r.graph), \(c.units) units, \(c.districts) districts, \(c.cutEdges) cut edges")
      ],
      [
        .text(
          "Coverage: "
            + (c.unassignedUnits.isEmpty
              ? "every unit assigned"
              : "\(c.unassignedUnits.count) unassigned: "
                + c.unassignedUnits.prefix(10).joined(separator: ", ")
                + (c.unassignedUnits.count > 10 ? ", …" : "")))
      ],
    ]
    if !c.unknownUnits.isEmpty {
      facts.append([.text("Units not in the graph: \(c.unknownUnits.joined(separator: ", "))")])
    }
    if !c.unitsWithoutPolygon.isEmpty {
      facts.append([
        .text(
          "Units in the plan without a polygon: "
            + c.unitsWithoutPolygon.map { "\($0.unit) (inside \($0.host ?? "no known polygon"))" }
            .joined(separator: ", "))
      ])
    }
    if !r.polygonsWithoutUnit.isEmpty {
      facts.append([
        .text(
          "Polygons of no unit of the graph (not assigned): \(r.polygonsWithoutUnit.joined(separator: ", "))"
        )
      ])
    }
    facts.append([
      .text(
        "Nesting in regions: "
          + (c.nestingViolations.isEmpty
            ? "every district lies in one region"
            : "crossing: " + c.nestingViolations.joined(separator: ", ")))
    ])
    facts.append([
      .text(
        "Contiguity (\(c.policy.rawValue)): "
          + (c.nonContiguous.isEmpty
            ? "every district contiguous"
            : "NOT contiguous: " + c.nonContiguous.joined(separator: ", ")))
    ])
    for label in c.contiguityDependsOnPolicy {
      guard let d = c.districtChecks.first(where: { $0.district == label }) else { continue }
      facts.append([
        .text(
          "Depends on the units without a polygon: \(label) (merge-into-host: \(d.piecesByPolicy.mergeIntoHost) piece(s); exclude-unit: \(d.piecesByPolicy.excludeUnit))"
        )
      ])
    }
    facts.append([
      .text("Split units: \(c.splitUnits.isEmpty ? "none" : c.splitUnits.joined(separator: ", "))")
    ])
    if let ideal = c.idealPopulation {
      facts.append([
        .text(
          "Ideal population \(Int(ideal.rounded())), max deviation \(c.maxAbsoluteDeviation.map { String(format: "%.2f%%", $0 * 100) } ?? "unknown")"
        )
      ])
    } else {
      facts.append([
        .text(
          "Population: \(c.unitsWithoutPopulation) of \(c.units) units have none, so the total and the ideal are unknown"
        )
      ])
    }
    doc.blocks.append(.list(facts))
    if !c.notes.isEmpty { doc.blocks.append(.list(c.notes.map { [.text("Note: \($0)")] })) }
    func cell(_ s: String) -> [Document.Inline] { [.text(s)] }
    let rows: [[[Document.Inline]]] = c.districtChecks.map { d in
      let pub = r.published?[d.district]
      let popText =
        d.population.map(String.init)
        ?? (pub?.population.map { "\($0) (pub.)" } ?? "unknown (\(d.unitsWithoutPopulation) blank)")
      return [
        cell(d.district), cell(String(d.units)), cell(String(d.pieces)), cell(popText),
        cell(d.deviationFromRegionIdeal.map { String(format: "%+.1f%%", $0 * 100) } ?? "-"),
        cell(String(d.cutEdges)), cell(d.areaKm2.map { String(format: "%.0f", $0) } ?? "-"),
        cell(d.polsbyPopper.map { String(format: "%.3f", $0) } ?? "-"),
        cell(d.reock.map { String(format: "%.3f", $0) } ?? "-"),
        cell(d.neighbours.joined(separator: ";")),
      ]
    }
    doc.blocks.append(
      .table(
        Document.Table(
          header: [
            "district", "units", "pieces", "population", "dev(region)", "cut", "area km²", "PP",
            "Reock", "neighbours",
          ], rows: rows, numericColumns: [1, 2, 5])))
    let pieces = c.districtChecks.filter { $0.pieces > 1 }.flatMap { d in
      d.pieceUnits.enumerated().map { i, piece in
        [
          Document.Inline.text(
            "district \(d.district), piece \(i + 1): \(piece.joined(separator: ", "))")
        ]
      }
    }
    if !pieces.isEmpty { doc.blocks.append(.list(pieces)) }
    return doc
  }
}
