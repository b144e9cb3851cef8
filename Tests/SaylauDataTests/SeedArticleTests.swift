import Foundation
import SaylauCore
import SaylauRegistry
import Testing

@testable import SaylauData

/// Checks the registry against the two encyclopedia articles it must match (Tests/SaylauDataTests/Fixtures).
@Suite struct SeedArticleTests {
  static func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
  }

  /// Spelling variants of Kazakh place names in English: Q/K, J/Zh, alternatives in parentheses.
  static func placeKey(_ name: String) -> Set<String> {
    let variants = name.split(separator: "(").map { $0.replacingOccurrences(of: ")", with: "") }
    return Set(
      variants.map { v in
        NameKey.key(v).replacingOccurrences(of: "zh", with: "j").replacingOccurrences(
          of: "q", with: "k"
        )
        .replacingOccurrences(of: " ", with: "")
      })
  }

  struct ListRow {
    var number: Int
    var region: String
    var seat: String?
    var composition: String
  }

  /// Parses the article's list table; rows of a region after its first omit the region cell.
  static func listRows() throws -> [ListRow] {
    let text = try fixture("constituencies_of_kazakhstan.txt")
    let regionNames = Set(bundled.regions.map(\.name.en))
    var rows: [ListRow] = []
    var currentRegion = ""
    for line in text.split(separator: "\n") where line.hasPrefix("| ") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter
      { !$0.isEmpty }
      guard let number = Int(cells.first ?? "") else { continue }
      var rest = Array(cells.dropFirst())
      if let first = rest.first, regionNames.contains(first) {
        currentRegion = first
        rest.removeFirst()
      }
      let seat = rest.count == 2 ? rest[0] : nil
      rows.append(
        ListRow(number: number, region: currentRegion, seat: seat, composition: rest.last ?? ""))
    }
    return rows
  }

  @Test func listArticleHas29RowsWithTheRegistrysRegions() throws {
    let rows = try Self.listRows()
    #expect(rows.map(\.number) == Array(1...29))
    for row in rows {
      let c = try #require((try? bundled.constituency(number: row.number, on: election2023)) ?? nil)
      #expect(bundled.region(code: c.regionCode!)?.name.en == row.region, "No. \(row.number)")
    }
    var perRegion: [String: Int] = [:]
    for row in rows { perRegion[row.region, default: 0] += 1 }
    #expect(perRegion["Almaty"] == 3)
    #expect(perRegion["Turkistan Region"] == 3)
  }

  @Test func listArticleSeatsMatch() throws {
    for row in try Self.listRows() {
      let c = try #require((try? bundled.constituency(number: row.number, on: election2023)) ?? nil)
      // Cities of republican significance have no seat column; the seat is the city.
      let expected = row.seat ?? row.region
      #expect(
        !Self.placeKey(expected).isDisjoint(with: Self.placeKey(c.seat ?? "")),
        "No. \(row.number): article \(expected), registry \(c.seat ?? "nil")")
    }
  }

  @Test func listArticleWholeRegionRowsCoverTheirRegion() throws {
    for row in try Self.listRows() where row.composition.hasPrefix("Entirety of") {
      let c = try #require((try? bundled.constituency(number: row.number, on: election2023)) ?? nil)
      #expect(
        c.composition.count == bundled.units(inRegion: c.regionCode!).count, "No. \(row.number)")
    }
  }

  @Test func no12InfoboxAndText() throws {
    let text = try Self.fixture("electoral_district_no_12.txt")
    let c = try #require((try? bundled.constituency(number: 12, on: election2023)) ?? nil)
    #expect(text.contains("Population: | \(grouped(c.population!.value)) (\(c.population!.year))"))
    #expect(text.contains("Electorate: | \(grouped(c.electorate!.value)) (\(c.electorate!.year))"))
    #expect(text.contains("Towns: | \(c.seat!) (seat)"))
    #expect(text.contains("Local Council: | \(c.member!.name)"))
    // The borders sentence names its neighbours as "No. N".
    let start = try #require(text.range(of: "shares borders with"))
    let end = try #require(text.range(of: "[3]", range: start.upperBound..<text.endIndex))
    let sentence = String(text[start.lowerBound..<end.lowerBound])
    let numbers = sentence.matches(of: /No\. (\d+)/).compactMap { Int($0.1) }
    #expect(Set(numbers) == Set(c.borders))
    let old = try #require(bundled.history(of: 12).first)
    #expect(
      text.contains(
        "2004 | \(old.member!.name) | \(old.member!.party!.prefix(4)) | \(old.member!.votePercent!)"
      ))
  }

  func grouped(_ n: Int) -> String {
    let s = String(n)
    var out = ""
    for (i, ch) in s.enumerated() {
      if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return out
  }
}
