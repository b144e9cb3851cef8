import Foundation
import SaylauData
import SaylauDistricting

/// Ensembles as documents: a run's distributions and diagnostics, a plan's place in an ensemble, a
/// validation against the exact distribution, the Kazakhstan study. The command line prints their text.
public enum EnsemblePages {
  /// A finished run: its size and time, each statistic's distribution, then its diagnostics.
  public static func run(_ s: EnsembleSummary, settings: EnsembleSettings, directory: String)
    -> Document
  {
    let seconds = String(format: "%.1f", s.seconds ?? 0)
    var doc = Document(
      title:
        "Ensemble in \(directory): \(settings.chains) chain(s) × \(settings.steps) steps, \(seconds) s (\(settings.proposal.name))"
    )
    doc.blocks.append(
      .list(
        s.distributions.sorted { $0.key < $1.key }.map { name, d in
          [
            .text(
              "\(name): mean \(number(d.mean)), 5% \(number(d.p5)), median \(number(d.p50)), 95% \(number(d.p95)) (n=\(d.count))"
            )
          ]
        }))
    doc.blocks += diagnostics(s)
    return doc
  }

  /// The diagnostics in words: convergence per statistic, moves, diversity, the plan store's size.
  public static func diagnostics(_ s: EnsembleSummary) -> [Document.Block] {
    guard let d = s.diagnostics else { return [] }
    var items: [[Document.Inline]] = d.statistics.map { st in
      let r = st.rHat.map { String(format: "%.3f", $0) } ?? "–"
      let e = st.effectiveSampleSize.map { String(Int($0.rounded())) } ?? "–"
      return [.text("\(st.statistic): R-hat \(r), effective sample size \(e)")]
    }
    var moves = "acceptance \(String(format: "%.1f", 100 * d.acceptanceRate)) %"
    if let l = d.selfLoopRate { moves += ", self-loops \(String(format: "%.1f", 100 * l)) %" }
    if let n = d.distinctPlans, let p = d.planDiversity {
      moves += ", \(n) distinct plans (\(String(format: "%.1f", 100 * p)) % of steps)"
    }
    items.append([.text(moves)])
    var rejected: [String: Int] = [:]
    for c in d.chains { for (k, v) in c.rejections { rejected[k, default: 0] += v } }
    if !rejected.isEmpty {
      items.append([
        .text(
          "self-loops by reason: "
            + rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", "))
      ])
    }
    if let b = s.planStoreBytesPerPlan, let total = s.planStoreBytes {
      items.append([
        .text("plan store: \(total) bytes, \(String(format: "%.1f", b)) bytes per plan")
      ])
    }
    return [.heading(2, "Diagnostics (trace plot: trace.svg)"), .list(items)]
  }

  /// A plan's place in an ensemble: each statistic's value and percentile.
  public static func comparison(_ c: EnsembleComparison) -> Document {
    Document(
      title: c.storedPlans.map {
        "Among the \($0) stored plans (statistics computed from the plans)"
      }
        ?? "In the ensemble (recorded statistics)",
      blocks: [placements(c.placement.placements)])
  }

  static func placements(_ ps: [Placement]) -> Document.Block {
    .list(
      ps.map { p in
        [
          .text(
            "\(p.statistic): \(number(p.value)) at the \(String(format: "%.1f", p.percentile))th percentile (ensemble median \(number(p.ensembleMedian)))"
          )
        ]
      })
  }

  /// A variant's run against the exact stationary distribution of a small grid.
  public static func validation(_ r: ExactValidationReport) -> Document {
    Document(
      title:
        "\(r.variant) on \(r.graph) into \(r.districts), ε \(r.epsilon): \(r.plans) balanced plans, \(r.steps) steps",
      blocks: [
        .list([
          [
            .text(
              String(
                format: "plans: TV %.4f (sampling alone: %.4f ± %.4f, %d runs of the exact chain)",
                r.totalVariation, r.referenceMean, r.referenceSD, r.replicates))
          ],
          [
            .text(
              String(
                format: "cut edges: TV %.4f (sampling alone: %.4f ± %.4f)",
                r.cutEdgesTotalVariation, r.cutEdgesReferenceMean, r.cutEdgesReferenceSD))
          ],
          [
            .text(
              String(
                format: "self-loops: %.2f %% (exactly %.2f %%)", 100 * r.selfLoopRate,
                100 * r.exactSelfLoopRate))
          ],
        ]),
        .paragraph([
          .strong(
            r.passed ? "agrees within sampling error" : "DISAGREES beyond 4 standard errors")
        ]),
      ])
  }

  /// The Kazakhstan study: the table and its region totals, the ensemble, the enacted plan's check with
  /// these numbers and its place in the ensemble for each way of making a split unit whole.
  public static func kazakhstan(_ r: KazakhstanEnsembleReport) -> Document {
    let mark = r.synthetic ? "SYNTHETIC " : ""
    let s = r.summary
    var doc = Document(
      title:
        "\(mark)Kazakhstan ensemble in \(r.directory): \(s.diagnostics?.chains.count ?? 0) chain(s), \(r.seatsPerRegion.values.reduce(0, +)) constituencies nested in \(r.seatsPerRegion.count) regions, ε \(r.epsilon) of each region's ideal"
    )
    if r.synthetic {
      doc.blocks.append(
        .notice([.text("the table says it is generated data, not real counts.")], kind: .synthetic))
    }
    doc.blocks.append(
      .paragraph([
        .text(
          "\(mark)\(r.measure) table \(r.table): \(r.units) units, every unit of scheme \(r.scheme) once; dates \(r.dates.joined(separator: ", ")); source \(r.sources.joined(separator: "; "))"
        )
      ]))
    doc.blocks.append(
      .list(
        r.regionTotals.map { t in
          var line = "\(t.region): \(t.total)"
          if let reg = t.registryPopulation, let d = t.differencePercent {
            line +=
              " (registry \(reg)\(t.registryDate.map { " on \($0)" } ?? ""): \(String(format: "%+.2f", d)) %)"
          }
          return [.text(line + ", \(r.seatsPerRegion[t.region] ?? 0) seat(s)")]
        }))
    doc.blocks += diagnostics(s)
    doc.blocks.append(.heading(2, "\(mark)The enacted \(r.scheme) plan with these numbers"))
    doc.blocks += PlanCheckPage.document(r.enactedCheck).blocks
    doc.blocks.append(.heading(2, "\(mark)Its place in the ensemble"))
    for alt in r.placements {
      let choice = alt.wholeIn.sorted { $0.key < $1.key }.map {
        "\($0.key) wholly in No. \($0.value)"
      }
      doc.blocks.append(
        .paragraph([.text((choice.isEmpty ? "as enacted" : choice.joined(separator: ", ")) + ":")]))
      doc.blocks.append(placements(alt.placements))
    }
    let names = Set(r.placements.flatMap { $0.placements.map(\.statistic) })
    for name in names.sorted() where r.placements.count > 1 {
      let ps = r.placements.compactMap { a in
        a.placements.first { $0.statistic == name }?.percentile
      }
      if let lo = ps.min(), let hi = ps.max(), hi - lo >= 0.05 {
        doc.blocks.append(
          .paragraph([
            .text(
              "\(name) depends on how the split unit is made whole: \(String(format: "%.1f", lo))th to \(String(format: "%.1f", hi))th percentile"
            )
          ]))
      }
    }
    return doc
  }

  static func number(_ x: Double) -> String {
    String(format: x.magnitude >= 100 ? "%.1f" : "%.4f", x)
  }
}
