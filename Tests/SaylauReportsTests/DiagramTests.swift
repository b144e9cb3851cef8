import Foundation
import SaylauTestSupport
import Testing

@testable import SaylauReports

@Suite struct DiagramTests {
  static func chart(_ seats: [Int]) -> ParliamentChart {
    ParliamentChart(
      title: "Test chamber",
      groups: seats.enumerated().map { i, s in
        ParliamentChart.Group(
          code: "p\(i)", name: "Party \(i)", color: PartyStyle.fallbackPalette[i % 20], seats: s)
      }, source: "Synthetic test input.")
  }

  struct Mark {
    var party: String
    var fill: String
    var x: Double
  }

  /// Seat marks with their party code and fill.
  static func marks(_ svg: String) throws -> [Mark] {
    let doc = try #require(SVGInspector.parse(svg), "the SVG is not well-formed XML")
    return doc.elements(named: "circle", class: "seat").map { e in
      Mark(
        party: e.ancestors.first?["data-party"] ?? "?", fill: e.attributes["fill"] ?? "",
        x: Double(e.attributes["cx"] ?? "") ?? .nan)
    }
  }

  @Test(arguments: [
    [62, 8, 6, 6, 5, 4, 7],  // 2023: 98 seats
    [76, 12, 10, 9],  // 2021: 107 seats
    [145],  // one party, 145 seats
    Array(repeating: 7, count: 19) + [12],  // 20 groups, 145 seats
    [1],  // a single seat
    [3, 0, 2],  // a group with no seat
  ])
  func oneMarkPerSeatInThePartysColour(seats: [Int]) throws {
    let chart = Self.chart(seats)
    let svg = try ParliamentDiagram.svg(chart)
    let marks = try Self.marks(svg)
    #expect(marks.count == seats.reduce(0, +))
    for group in chart.groups {
      let own = marks.filter { $0.party == group.code }
      #expect(own.count == group.seats, "\(group.name)")
      #expect(own.allSatisfy { $0.fill == group.color }, "\(group.name) drawn in another colour")
      // Legend: labelled with the seats.
      #expect(svg.contains(">\(group.name): \(group.seats)<"))
    }
  }

  @Test func sameInputSameBytes() throws {
    let a = try ParliamentDiagram.svg(Self.chart([62, 8, 6, 6, 5, 4, 7]))
    let b = try ParliamentDiagram.svg(Self.chart([62, 8, 6, 6, 5, 4, 7]))
    #expect(a == b)
    #expect(a != (try ParliamentDiagram.svg(Self.chart([61, 9, 6, 6, 5, 4, 7]))))
  }

  @Test func partiesRunLeftToRight() throws {
    let marks = try Self.marks(try ParliamentDiagram.svg(Self.chart([40, 30, 28])))
    func meanX(_ p: String) -> Double {
      let xs = marks.filter { $0.party == p }.map(\.x)
      return xs.reduce(0, +) / Double(xs.count)
    }
    #expect(meanX("p0") < meanX("p1"))
    #expect(meanX("p1") < meanX("p2"))
  }

  /// No two seats overlap, rows add up, and every seat lies in the upper half-ring.
  @Test(arguments: [1, 2, 3, 7, 29, 77, 98, 107, 145, 300, 450])
  func layoutIsSound(total: Int) {
    let seats = HemicycleLayout.seats(total)
    #expect(seats.count == total)
    #expect(HemicycleLayout.seatsPerRow(seats: total).reduce(0, +) == total)
    var overlaps = 0
    for i in seats.indices {
      for j in seats.indices where j > i {
        let dx = seats[i].x - seats[j].x
        let dy = seats[i].y - seats[j].y
        if (dx * dx + dy * dy).squareRoot() < 2 * seats[i].dotRadius { overlaps += 1 }
      }
    }
    #expect(overlaps == 0)
    for s in seats {
      let r = (s.x * s.x + s.y * s.y).squareRoot()
      #expect(s.y >= -1e-9 && r <= 1 + 1e-9 && r >= HemicycleLayout.innerRadius)
    }
  }

  @Test func rowCountsOfCommonChambers() {
    // The documented rule's outcome; a change of the algorithm shows up here.
    #expect(HemicycleLayout.seatsPerRow(seats: 98) == [10, 13, 15, 18, 20, 22])
    #expect(HemicycleLayout.seatsPerRow(seats: 107) == [11, 14, 17, 19, 22, 24])
    #expect(HemicycleLayout.seatsPerRow(seats: 145).count == 7)
  }

  @Test func rejectsImpossibleCompositions() {
    #expect(throws: ParliamentDiagram.InvalidComposition.self) {
      try ParliamentDiagram.svg(Self.chart([0, 0]))
    }
    #expect(throws: ParliamentDiagram.InvalidComposition.self) {
      try ParliamentDiagram.svg(Self.chart([5, -1]))
    }
  }

  /// The 2023 chamber from the bundled data and the election engine against the published composition
  /// (AMANAT 62, Auyl 8, Respublica 6, Ak Zhol 6, People's Party 5, JSDP 4, independents 7).
  @Test func mazhilis2023() throws {
    let context = Fixtures.context2023
    let svg = try ElectionPictures.diagram(context)
    let marks = try Self.marks(svg)
    let expected = [
      "amanat": 62, "auyl": 8, "respublica": 6, "ak_zhol": 6, "qhp": 5, "jsdp": 4, "independent": 7,
    ]
    #expect(marks.count == 98)
    for (code, seats) in expected {
      #expect(marks.filter { $0.party == code }.count == seats, "\(code)")
      #expect(
        marks.filter { $0.party == code }.allSatisfy {
          $0.fill == Fixtures.context2023.styles.known(code)!.color
        })
    }
    #expect(context.engineCheck?.contains("agree") == true)
  }
}
