import Foundation
import SaylauCore
import SaylauRegistry
import Testing

@testable import SaylauData

/// Broken copies of the dataset: the loader must refuse each with the file, line and field.
@Suite struct LoaderErrorTests {
  /// Copies the bundled dataset to a fresh folder, applies `edit` to one file, and loads it.
  func load(editing file: String, _ edit: (inout [String]) -> Void) throws -> Registry {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for name in try FileManager.default.contentsOfDirectory(
      atPath: BundledData.resourceDirectory.path)
    where name.hasSuffix(".csv") {
      try FileManager.default.copyItem(
        at: BundledData.resourceURL(name), to: dir.appendingPathComponent(name))
    }
    let url = dir.appendingPathComponent(file)
    var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
    edit(&lines)
    try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    return try RegistryLoader(directory: dir).load()
  }

  func expectError(
    _ file: String, reportedIn reported: String? = nil, line: Int?, field: String?,
    containing text: String,
    _ edit: (inout [String]) -> Void
  ) {
    do {
      _ = try load(editing: file, edit)
      Issue.record("the broken \(file) loaded")
    } catch let error as DatasetError {
      #expect(error.file == (reported ?? file), "\(error)")
      #expect(error.line == line, "\(error)")
      #expect(error.field == field, "\(error)")
      #expect(error.description.contains(text), "\(error)")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  /// The lines of a bundled file, as the edits see them.
  func bundledLines(_ file: String) throws -> [String] {
    try String(contentsOf: BundledData.resourceURL(file), encoding: .utf8).components(
      separatedBy: "\n")
  }

  /// The physical line (1-based) of the row whose first field is `key`.
  func lineOf(_ lines: [String], _ key: String) -> Int {
    lines.firstIndex { $0.hasPrefix(key + ",") }! + 1
  }

  @Test func theUntouchedCopyLoads() throws {
    let registry = try load(editing: "regions.csv") { _ in }
    #expect(registry.constituencies.count == bundled.constituencies.count)
  }

  @Test func duplicateNumber() throws {
    let lines = try bundledLines("constituencies_2023.csv")
    let line13 = lineOf(lines, "13")
    expectError(
      "constituencies_2023.csv", line: line13, field: "number", containing: "appears twice"
    ) { lines in
      lines[line13 - 1] = "12" + lines[line13 - 1].dropFirst(2)
    }
  }

  @Test func unitInNoConstituency() throws {
    let units = try bundledLines("admin_units.csv")
    let karasay = lineOf(units, "almaty_region.karasay")
    expectError(
      "constituencies_2023.csv", reportedIn: "admin_units.csv", line: karasay, field: "code",
      containing: "in no constituency"
    ) { lines in
      let i = lines.firstIndex { $0.hasPrefix("12,") }!
      lines[i] = lines[i].replacingOccurrences(of: ";almaty_region.karasay", with: "")
    }
  }

  @Test func unitInTwoConstituenciesWithoutPart() throws {
    let lines = try bundledLines("constituencies_2023.csv")
    expectError(
      "constituencies_2023.csv", line: lineOf(lines, "11"), field: "composition",
      containing: "must be ':part' in each"
    ) {
      lines in
      let i = lines.firstIndex { $0.hasPrefix("11,") }!
      lines[i] = lines[i].replacingOccurrences(
        of: "almaty_region.uygur", with: "almaty_region.uygur;almaty_region.karasay")
    }
  }

  @Test func asymmetricBorders() throws {
    let lines = try bundledLines("constituencies_2023.csv")
    let line12 = lineOf(lines, "12")
    expectError("constituencies_2023.csv", line: line12, field: "borders", containing: "disagree") {
      lines in
      lines[line12 - 1] = lines[line12 - 1].replacingOccurrences(
        of: "19;16;5;3;4;11;17", with: "19;16;5;3;4;11;17;28")
    }
  }

  @Test func seatsPerRegionMismatch() throws {
    let lines = try bundledLines("regions.csv")
    let turkistan = lineOf(lines, "turkistan")
    expectError("regions.csv", line: turkistan, field: "smd_seats_2023", containing: "says 2 but") {
      lines in
      lines[turkistan - 1] = lines[turkistan - 1].replacingOccurrences(of: ",3,17,", with: ",2,17,")
    }
  }

  @Test func nonNumericElectorate() throws {
    let lines = try bundledLines("constituencies_2023.csv")
    let line12 = lineOf(lines, "12")
    expectError(
      "constituencies_2023.csv", line: line12, field: "electorate", containing: "'493,732x'"
    ) { lines in
      lines[line12 - 1] = lines[line12 - 1].replacingOccurrences(
        of: ",493732,", with: ",\"493,732x\",")
    }
  }

  @Test func unknownUnitInComposition() throws {
    let lines = try bundledLines("constituencies_2023.csv")
    let line12 = lineOf(lines, "12")
    expectError(
      "constituencies_2023.csv", line: line12, field: "composition",
      containing: "almaty_region.nowhere"
    ) { lines in
      lines[line12 - 1] = lines[line12 - 1].replacingOccurrences(
        of: "almaty_region.karasay,", with: "almaty_region.karasay;almaty_region.nowhere,")
    }
  }

  @Test func missingColumnAndBrokenQuoting() {
    expectError("regions.csv", line: 1, field: "kind", containing: "missing") { lines in
      lines[0] = lines[0].replacingOccurrences(of: ",kind,", with: ",kynd,")
    }
    expectError("constituencies_2004.csv", line: 11, field: nil, containing: "unterminated quote") {
      lines in
      // Ten lines (header and nine rows) come first; the new row is line 11.
      lines.insert("99,Astana,,\"Unclosed,,,,", at: 10)
    }
  }

  @Test func unknownSchemeAndBadDates() {
    expectError("constituency_schemes.csv", line: 3, field: "abolished", containing: "not after") {
      lines in
      lines[2] = lines[2].replacingOccurrences(of: ",2026-07-01,", with: ",2022-07-01,")
    }
    expectError("constituency_schemes.csv", line: 3, field: "in_force", containing: "2023-02-30") {
      lines in
      lines[2] = lines[2].replacingOccurrences(of: ",2023-01-01,", with: ",2023-02-30,")
    }
  }

  @Test func compositionBasisForAUnitOutsideTheConstituency() {
    expectError(
      "composition_bases.csv", line: 2, field: "unit",
      containing: "not in the composition of No. 26"
    ) { lines in
      lines[1] = lines[1].replacingOccurrences(of: "turkistan.sayram", with: "turkistan.arys_city")
    }
  }
}
