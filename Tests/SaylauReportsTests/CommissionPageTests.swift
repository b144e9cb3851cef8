import SaylauElections
import SaylauReports
import Testing

/// The coordinator's queue page carries the commission comparisons: every differing line, escaped.
@Suite("Commission comparisons on the coordinator's page")
struct CommissionPageTests {
  @Test(
    "the queue page lists each differing line and the missing precincts; stored text is escaped")
  func queueSection() {
    let c = CommissionComparison(
      level: .territorial, commission: "<b>tec</b>", ballot: .list, expected: 3, counted: 2,
      missing: ["P-9"],
      differences: [
        .init(line: "ballots_issued", label: "Ballots issued to voters", own: 1010, below: 1000)
      ], synthetic: true)
    let document = EntryPages.queue(
      electionID: "e", title: "E", counted: 0, byStatus: [:], lines: [], commissions: [c])
    let text = document.text()
    #expect(text.contains("Commission protocols against the sums below them"))
    #expect(text.contains("Ballots issued to voters") && text.contains("+10"))
    #expect(text.contains("P-9") && text.contains("SYNTHETIC"))
    let html = document.html(stylesheet: "s.css")
    #expect(!html.contains("<b>tec</b>") && html.contains("&lt;b&gt;tec&lt;/b&gt;"))
    #expect(
      !EntryPages.queue(electionID: "e", title: "E", counted: 0, byStatus: [:], lines: []).text()
        .contains("Commission protocols"))
  }
}
