import Foundation
import SaylauCore
import SaylauGeo
import SaylauRegistry
import SaylauTestSupport
import Testing

@testable import SaylauReports

@Suite struct MapTests {
  static let context = Fixtures.context2023

  static func parse(_ svg: String) throws -> SVGInspector {
    try #require(SVGInspector.parse(svg), "the SVG is not well-formed XML")
  }

  @Test func winnerMapHasOneShapePerConstituencyAndNoGuesses() throws {
    let svg = ElectionPictures.map(Self.context, theme: .winner)
    let doc = try Self.parse(svg)
    let shapes = doc.elements(named: "path", class: "constituency")
    #expect(shapes.count == 29)
    #expect(
      Set(shapes.compactMap { $0.attributes["data-number"].flatMap(Int.init) }) == Set(1...29))
    // Known winners in their party's colour, the rest "unknown".
    let members = Dictionary(
      uniqueKeysWithValues: Self.context.constituencies.map { ($0.number, $0.member) })
    var unknown = 0
    for shape in shapes {
      let n = Int(shape.attributes["data-number"]!)!
      if let party = members[n]??.party {
        let code = try #require(Fixtures.context2023.styles.code(forNomination: party))
        #expect(
          shape.attributes["fill"] == Fixtures.context2023.styles.known(code)?.color, "No. \(n)")
      } else {
        unknown += 1
        #expect(shape.attributes["fill"] == PartyStyle.unknownColor, "No. \(n)")
      }
    }
    #expect(unknown == 19)  // winners are known for 10 of 29 (SOURCES.md)
    #expect(svg.contains("Winner not found in the sources (19)"))
    #expect(svg.contains("AMANAT (6)"))
  }

  @Test func citiesAreDrawnAgainInInsetsWithTheSplitUnitHatched() throws {
    let doc = try Self.parse(ElectionPictures.map(Self.context, theme: .winner))
    let inset = doc.elements(named: "path", class: "inset-constituency")
    #expect(Set(inset.compactMap { $0.attributes["data-number"].flatMap(Int.init) }) == Set(1...7))
    let insetGroups = doc.elements(named: "g", class: "inset").compactMap {
      $0.attributes["data-region"]
    }
    #expect(insetGroups == ["astana", "almaty_city", "shymkent"])
    // Al-Farabi: one hatched shape on the main map and one in the inset, shared by 6 and 7; the Kentau
    // polygon (with Sauran District inside it) shared by 25 and 26, on the main map only.
    let split = doc.elements.filter { ($0.attributes["class"] ?? "").hasSuffix("shared-unit") }
    #expect(split.compactMap { $0.attributes["data-numbers"] }.sorted() == ["25 26", "6 7", "6 7"])
    #expect(
      split.allSatisfy {
        $0.attributes["fill"] == "url(#split-"
          + ($0.attributes["data-numbers"] ?? "").replacingOccurrences(of: " ", with: "-") + ")"
      })
    // Labels: every number once on the main map (8–29) or in an inset (1–7).
    let labels = doc.elements(named: "text", class: "label").compactMap { Int($0.text) }
    #expect(labels.sorted() == Array(1...29))
  }

  /// Blank values are "no data" (hatched), never coloured as a low value.
  @Test func turnoutBlanksAreNoData() throws {
    let svg = ElectionPictures.map(Self.context, theme: .turnout)
    let doc = try Self.parse(svg)
    let shapes = doc.elements(named: "path", class: "constituency")
    let blank = Self.context.constituencies.filter {
      Self.context.constituencyFacts[$0.number]?.regionTurnoutPreliminary == nil
    }
    #expect(blank.count == 8)  // East Kazakhstan and the three cities were cut off in the source
    for shape in shapes {
      let n = Int(shape.attributes["data-number"]!)!
      let isBlank = blank.contains { $0.number == n }
      #expect((shape.attributes["fill"] == "url(#no-data)") == isBlank, "No. \(n)")
    }
    #expect(svg.contains("Not published (8)"))
  }

  @Test func anyNumericColumn() throws {
    let values: [Int: Double] = [3: 10, 12: 20, 28: 30]
    let doc = try Self.parse(
      ElectionPictures.map(Self.context, theme: .column("Test value", values)))
    let shapes = doc.elements(named: "path", class: "constituency")
    let filled = shapes.filter { $0.attributes["fill"] != "url(#no-data)" }.compactMap {
      $0.attributes["data-number"]
    }
    #expect(Set(filled) == ["3", "12", "28"])
    // Lowest and highest values get the ends of the ramp.
    let fill = Dictionary(
      uniqueKeysWithValues: shapes.map { ($0.attributes["data-number"]!, $0.attributes["fill"]!) })
    #expect(fill["3"] == Choropleth.ramp(.sequential, count: 5).first)
    #expect(fill["28"] == Choropleth.ramp(.sequential, count: 5).last)
  }

  @Test func deviationUsesOnlyKnownElectorates() throws {
    let doc = try Self.parse(ElectionPictures.map(Self.context, theme: .deviation))
    let known = Set(
      Self.context.constituencies.filter { $0.electorate != nil }.map { String($0.number) })
    let coloured = Set(
      doc.elements(named: "path", class: "constituency").filter {
        $0.attributes["fill"] != "url(#no-data)"
      }
      .compactMap { $0.attributes["data-number"] })
    #expect(coloured == known)
    #expect(!known.isEmpty)
  }

  @Test func mapsAreDeterministicAndCompact() {
    let a = ElectionPictures.map(Self.context, theme: .region)
    let b = ElectionPictures.map(Self.context, theme: .region)
    #expect(a == b)
    #expect(a.utf8.count < 400_000, "\(a.utf8.count) bytes")
  }

  @Test(arguments: [1, 6, 12, 19, 28])
  func locatorMapHighlightsOneConstituency(number: Int) throws {
    let svg = ElectionPictures.locatorMap(Self.context, number: number)
    let doc = try Self.parse(svg)
    let own = doc.elements(named: "path", class: "constituency")
    #expect(own.count == 1 && own[0].attributes["data-number"] == String(number))
    // The small city constituencies get a ring so they can be found.
    let ring = !doc.elements(named: "circle", class: "locator-ring").isEmpty
    #expect(ring == (number <= 7))
  }

  @Test func unitsOutsideEveryConstituencyAreShownNotGuessed() throws {
    let unassigned = Self.context.geometry.units.filter { $0.constituencies.isEmpty }.map(\.code)
      .sorted()
    // Alatau city and Nura: in the 2024 geometry only.
    #expect(unassigned == ["KZ191800", "KZ711510"])
    let doc = try Self.parse(ElectionPictures.map(Self.context, theme: .winner))
    #expect(doc.elements(named: "path", class: "unassigned").count == 2)
  }

  /// On the region map, regions that share a border never share a colour.
  @Test func neighbouringRegionsDiffer() throws {
    let doc = try Self.parse(ElectionPictures.map(Self.context, theme: .region))
    var colour: [String: String] = [:]
    let byNumber = Dictionary(
      uniqueKeysWithValues: Self.context.constituencies.map { ($0.number, $0.regionCode!) })
    for shape in doc.elements(named: "path", class: "constituency") {
      let region = byNumber[Int(shape.attributes["data-number"]!)!]!
      colour[region] = shape.attributes["fill"]
    }
    #expect(colour.count == 20)
    #expect(Set(colour.values).count == 20)
    let neighbours = Self.context.geometry.regionNeighbours
    #expect(neighbours["almaty_region"]?.contains("almaty_city") == true)
    // Clearly different: at least 100 apart in RGB (the palette's closest neighbours are 124 apart).
    func rgb(_ hex: String) -> [Double] {
      let v = Int(hex.dropFirst(), radix: 16)!
      return [Double(v >> 16 & 255), Double(v >> 8 & 255), Double(v & 255)]
    }
    for (a, ns) in neighbours {
      for b in ns {
        let d = zip(rgb(colour[a]!), rgb(colour[b]!)).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
          .squareRoot()
        #expect(d >= 100, "\(a) and \(b) are only \(d) apart")
      }
    }
  }
}
