import Testing

@testable import SaylauCore

@Suite struct CSVWriterTests {
  @Test("fields that need quotes round-trip through CSVTable")
  func roundTrip() throws {
    let rows = [
      ["plain", "a, with comma", "say \"hi\""],
      ["line\nbreak", " leading", "trailing "],
      ["", "Қарасай ауданы", "x"],
    ]
    var w = CSVWriter(header: ["a", "b", "c"])
    for r in rows { w.append(r) }
    let table = try CSVTable(text: w.text, source: "t.csv")
    #expect(table.header == ["a", "b", "c"])
    #expect(table.rows.map(\.fields) == rows)
    #expect(CSVWriter.field("plain") == "plain")
    #expect(CSVWriter.field("a,b") == "\"a,b\"")
    #expect(CSVWriter.field("q\"q") == "\"q\"\"q\"")
  }
}
