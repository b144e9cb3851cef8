import SaylauData
import SaylauElections
import Testing

@testable import SaylauReports

/// The printable result protocol and the trace section the election pages share.
@Suite struct ResultProtocolTests {
  @Test func the2023ProtocolHasEveryStepAndPrintsOnItsOwn() throws {
    let summary = try BundledData.publishedElection("2023").summary()
    let html = ResultProtocol.html(summary)
    #expect(html.contains("<style>"))
    #expect(html.contains("@page { size: A4;"))
    #expect(!html.contains("<link rel=\"stylesheet\""))
    // The A8 table: the two remainders that win the last seats.
    #expect(html.contains("4,927,845") && html.contains("3,877,149"))
    for step in summary.trace.steps.prefix(3) {
      #expect(html.contains(SVGFormat.escape(step.text)), "\(step.text)")
    }
    #expect(html.contains("3. The seats"))
    // The pages of an election show the same steps.
    let blocks = ElectionSections.trace(summary)
    #expect(blocks.count > summary.trace.steps.count)
  }

  @Test func aWhatIfAndSyntheticProtocolSaysSo() throws {
    var w = WhatIf()
    w.method = .divisor(.dhondt)
    let summary = try BundledData.publishedElection("2021").summary(whatIf: w)
    let doc = ResultProtocol.document(summary)
    #expect(doc.markdown.contains("**WHAT-IF**"))
  }
}
