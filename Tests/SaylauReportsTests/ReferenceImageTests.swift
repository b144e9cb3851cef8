import Foundation
import SaylauGeo
import Testing

@testable import SaylauReports

/// Renders pictures to PNG with `rsvg-convert` (librsvg) and compares them with committed reference PNGs
/// using ImageMagick's `compare -metric AE -fuzz 10%`: the number of pixels whose colours differ by more
/// than 10%. A picture passes when at most 1% of its pixels differ and its size is the same, which absorbs
/// anti-aliasing and font-hinting noise but not a broken projection, layout or colouring (see
/// `brokenProjectionIsCaught`).
///
/// Both tools are Debian packages listed in `.ci/apt-packages.txt` (`librsvg2-bin`, `imagemagick`, plus
/// `fonts-dejavu-core` for the text). To accept new pictures after an intended change, run the tests with
/// `SAYLAU_UPDATE_REFERENCES=1` and look at the PNGs before committing them.
@Suite(.serialized) struct ReferenceImageTests {
  static let referenceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Reference")
  static let maximumDifferingShare = 0.01

  struct ToolError: Error, CustomStringConvertible {
    var description: String
  }

  /// Runs a tool found on PATH; returns exit status, stdout and stderr.
  static func run(_ arguments: [String]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw ToolError(description: "cannot run \(arguments[0]): \(error)")
    }
    let data = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// PNG width and height from the IHDR chunk.
  static func pngSize(_ url: URL) throws -> (Int, Int) {
    let data = try Data(contentsOf: url)
    guard data.count > 24, data[data.startIndex + 1] == 0x50 else {
      throw ToolError(description: "\(url.path) is not a PNG")
    }
    func be32(_ offset: Int) -> Int {
      (0..<4).reduce(0) { $0 << 8 | Int(data[data.startIndex + offset + $1]) }
    }
    return (be32(16), be32(20))
  }

  static func render(_ svg: String, name: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-reference-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let svgURL = dir.appendingPathComponent("\(name).svg")
    let pngURL = dir.appendingPathComponent("\(name).png")
    try Data(svg.utf8).write(to: svgURL)
    let (status, errors) = try run(["rsvg-convert", "-f", "png", "-o", pngURL.path, svgURL.path])
    guard status == 0 else {
      throw ToolError(
        description:
          "rsvg-convert failed (\(status)): \(errors). Install librsvg2-bin (.ci/apt-packages.txt)."
      )
    }
    return pngURL
  }

  /// Pixels differing by more than 10% between two PNGs of the same size.
  static func differingPixels(_ a: URL, _ b: URL) throws -> Int {
    let (status, output) = try run([
      "compare", "-metric", "AE", "-fuzz", "10%", a.path, b.path, "null:",
    ])
    guard status == 0 || status == 1,
      let count = Double(output.trimmingCharacters(in: .whitespacesAndNewlines))
    else {
      throw ToolError(
        description:
          "ImageMagick compare failed (\(status)): \(output). Install imagemagick (.ci/apt-packages.txt)."
      )
    }
    return Int(count)
  }

  func check(_ svg: String, name: String) throws {
    let rendered = try Self.render(svg, name: name)
    let reference = Self.referenceDirectory.appendingPathComponent("\(name).png")
    if ProcessInfo.processInfo.environment["SAYLAU_UPDATE_REFERENCES"] == "1" {
      try FileManager.default.createDirectory(
        at: Self.referenceDirectory, withIntermediateDirectories: true)
      _ = try? FileManager.default.removeItem(at: reference)
      try FileManager.default.copyItem(at: rendered, to: reference)
      // Writing references checks nothing: the run fails, so it can never stand for a passing one.
      Issue.record(
        "\(name): reference rewritten from this run (SAYLAU_UPDATE_REFERENCES=1); look at it, then run the tests without the variable"
      )
      return
    }
    guard FileManager.default.fileExists(atPath: reference.path) else {
      Issue.record(
        "no reference picture \(reference.path); create it with SAYLAU_UPDATE_REFERENCES=1")
      return
    }
    let (w, h) = try Self.pngSize(rendered)
    let (rw, rh) = try Self.pngSize(reference)
    #expect(w == rw && h == rh, "\(name): \(w)×\(h) rendered, \(rw)×\(rh) in the reference")
    guard w == rw && h == rh else { return }
    let differing = try Self.differingPixels(rendered, reference)
    let share = Double(differing) / Double(w * h)
    #expect(
      share <= Self.maximumDifferingShare,
      "\(name): \(differing) of \(w * h) pixels differ (\(share))")
  }

  @Test func diagram2023() throws {
    try check(try ElectionPictures.diagram(Fixtures.context2023), name: "diagram-2023")
  }

  @Test func diagram145SeatsTwentyParties() throws {
    let chart = ParliamentChart(
      title: "145 seats, 20 parties (synthetic)",
      groups: (0..<20).map { i in
        ParliamentChart.Group(
          code: "p\(i)", name: "Party \(i + 1)", color: PartyStyle.fallbackPalette[i],
          seats: i < 5 ? 11 : 6)
      }, source: "Synthetic input for a layout test; not an election.")
    try check(try ParliamentDiagram.svg(chart), name: "diagram-145-synthetic")
  }

  @Test func winnerMap2023() throws {
    try check(ElectionPictures.map(Fixtures.context2023, theme: .winner), name: "map-winner-2023")
  }

  @Test func turnoutMap2023() throws {
    try check(ElectionPictures.map(Fixtures.context2023, theme: .turnout), name: "map-turnout-2023")
  }

  @Test func locatorMap12() throws {
    try check(ElectionPictures.locatorMap(Fixtures.context2023, number: 12), name: "locator-12")
  }

  @Test func seatsVotes2023() throws {
    try check(ElectionPictures.seatsVotesChart(Fixtures.context2023), name: "seats-votes-2023")
  }

  /// The comparison is sensitive enough: the same map in a projection centred 10° further east differs
  /// from the reference by far more than the tolerance.
  @Test func brokenProjectionIsCaught() throws {
    let reference = Self.referenceDirectory.appendingPathComponent("locator-12.png")
    try #require(
      FileManager.default.fileExists(atPath: reference.path),
      "no reference picture \(reference.path): the sensitivity test needs it")
    let skewed = MapGeometry(
      units: Fixtures.context2023.geometry.units,
      projection: AlbersConic(
        centralMeridian: 77, originLatitude: 48, standardParallel1: 43, standardParallel2: 53))
    let svg = ConstituencyMap.locatorSVG(
      number: 12, title: "Location of electoral district No. 12", geometry: skewed)
    let rendered = try Self.render(svg, name: "locator-12-skewed")
    let (w, h) = try Self.pngSize(rendered)
    let (rw, rh) = try Self.pngSize(reference)
    // Either the size changes (which `check` rejects) or many pixels do.
    let share =
      w == rw && h == rh ? Double(try Self.differingPixels(rendered, reference)) / Double(w * h) : 1
    #expect(share > 5 * Self.maximumDifferingShare, "only \(share) of the pixels changed")
  }

  /// A shift of the map by two pixels (a broken fit) is caught too.
  @Test func shiftedMapIsCaught() throws {
    let reference = Self.referenceDirectory.appendingPathComponent("map-winner-2023.png")
    try #require(
      FileManager.default.fileExists(atPath: reference.path),
      "no reference picture \(reference.path): the sensitivity test needs it")
    let svg = ElectionPictures.map(Fixtures.context2023, theme: .winner).replacingOccurrences(
      of: "<g class=\"main-map\">", with: "<g class=\"main-map\" transform=\"translate(2 2)\">")
    let rendered = try Self.render(svg, name: "map-winner-shifted")
    let differing = try Self.differingPixels(rendered, reference)
    let (w, h) = try Self.pngSize(rendered)
    #expect(Double(differing) / Double(w * h) > Self.maximumDifferingShare, "\(differing) pixels")
  }
}
