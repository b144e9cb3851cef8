import SaylauApportionment

/// An apportionment study as a document: each method's seats next to the input (and the target), the open
/// ties, and whether each method reproduces the target; or, for a scanned weight, the values that do.
public enum ApportionmentPage {
  public static func document(_ study: ApportionmentStudy, input: ApportionmentInput) -> Document {
    var doc = Document(title: "Apportionment of \(study.seats) seats (\(study.source))")
    if let varied = study.varied, let scanned = study.scannedRange {
      doc.blocks.append(
        .paragraph([
          .text(
            "Population of \(varied) scanned over \(scanned[0])–\(scanned[1]); values reproducing the target:"
          )
        ]))
      doc.blocks.append(
        .table(
          Document.Table(
            header: ["method", "values"],
            rows: study.results.map { r in
              let iv = r.reproducingIntervals ?? []
              return [
                [.text(r.method)],
                [
                  .text(
                    iv.isEmpty ? "none" : iv.map { "\($0[0])–\($0[1])" }.joined(separator: ", "))
                ],
              ]
            })))
      return doc
    }
    var header = ["unit", "population"] + (input.target == nil ? [] : ["target"])
    header += study.results.map(\.method)
    let rows: [[[Document.Inline]]] = input.contenders.enumerated().map { i, u in
      var row = [u.name, String(u.weight)] + (input.target.map { [String($0[i])] } ?? [])
      row += study.results.map { String($0.allocation[u.name] ?? 0) }
      return row.map { [Document.Inline.text($0)] }
    }
    doc.blocks.append(
      .table(Document.Table(header: header, rows: rows, numericColumns: Set(1..<header.count))))
    var lines: [[Document.Inline]] = []
    for r in study.results {
      if let t = r.tie {
        lines.append([
          .strong("TIE (\(r.method)): "),
          .text(
            "\(t.units.joined(separator: ", ")) tie for the last \(t.seats) seat(s); left open"),
        ])
      }
      if let m = r.matchesTarget {
        lines.append([.text("\(r.method): \(m ? "reproduces" : "does not reproduce") the target")])
      }
    }
    if !lines.isEmpty { doc.blocks.append(.list(lines)) }
    return doc
  }
}
