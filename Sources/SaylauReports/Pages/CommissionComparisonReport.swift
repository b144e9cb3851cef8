import SaylauElections

/// Higher commissions' own protocols against the sum of the protocols below them
/// (``CommissionComparison``): one block list for `saylau commissions compare` and the coordinator's page.
public enum CommissionComparisonReport {
  /// The blocks: a summary line, then per commission whether it agrees, and a table of every line that
  /// differs (the commission's figure, the sum below, the difference) and the precincts still missing.
  public static func blocks(_ comparisons: [CommissionComparison], headingLevel: Int = 2)
    -> [Document.Block]
  {
    var blocks: [Document.Block] = []
    if comparisons.contains(where: \.synthetic) {
      blocks.append(
        .notice(
          [.text("SYNTHETIC: these protocols or this register are made up.")], kind: .synthetic))
    }
    let differing = comparisons.filter { !$0.agrees }
    blocks.append(
      .paragraph([
        .text(
          "\(comparisons.count) commission protocol(s) compared with the sum of the accepted protocols below them: "
            + (differing.isEmpty
              ? "every one agrees." : "\(differing.count) differ or have protocols missing below."))
      ]))
    for c in comparisons {
      let name = "\(c.level.title) commission \(c.commission), \(c.ballot.rawValue) ballot"
      blocks.append(.heading(headingLevel + 1, name))
      var facts: [[Document.Inline]] = [
        [.text("\(c.counted) of \(c.expected) precincts below have an accepted protocol")]
      ]
      if c.agrees {
        facts.append([.strong("Agrees"), .text(": every line equals the sum below.")])
      } else if c.differences.isEmpty {
        facts.append([.text("Every line equals the sum of the protocols in so far.")])
      }
      blocks.append(.list(facts))
      if !c.differences.isEmpty {
        blocks.append(
          .table(
            Document.Table(
              caption: "\(c.differences.count) line(s) differ",
              header: ["Line", "Commission's protocol", "Sum below", "Difference"],
              rows: c.differences.map { d in
                [
                  [.text(d.label)], [.text(d.own.map(SVGFormat.grouped) ?? "blank")],
                  [.text(d.below.map(SVGFormat.grouped) ?? "not known (a blank below)")],
                  [.text(d.difference.map(signed) ?? "–")],
                ]
              }, numericColumns: [1, 2, 3])))
      }
      if !c.missing.isEmpty {
        let shown = c.missing.prefix(20).joined(separator: ", ")
        blocks.append(
          .paragraph([
            .text(
              "No accepted protocol yet from \(c.missing.count) precinct(s): \(shown)"
                + (c.missing.count > 20 ? ", …" : ""))
          ]))
      }
    }
    return blocks
  }

  /// The same as a document of its own (`saylau commissions compare`).
  public static func document(_ comparisons: [CommissionComparison], election: String) -> Document {
    Document(
      title: "Commission protocols of \(election) against the sums below them",
      blocks: blocks(comparisons))
  }

  static func signed(_ value: Int) -> String {
    value > 0 ? "+" + SVGFormat.grouped(value) : SVGFormat.grouped(value)
  }
}

extension CommissionLevel {
  /// The level's name in a sentence's start ("Territorial").
  public var title: String {
    switch self {
    case .territorial: return "Territorial"
    case .district: return "District"
    case .regional: return "Regional"
    case .central: return "Central"
    }
  }
}
