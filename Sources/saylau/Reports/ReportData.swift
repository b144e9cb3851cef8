import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauGeo
import SaylauRegistry
import SaylauReports

/// Loads an election for the report commands: the registry, the geometry, the bundled national result,
/// the list seats decided by the election engine, and the chamber composition.
enum ReportData {
  static func progress(_ message: String) {
    FileHandle.standardError.write(Data("saylau: \(message)\n".utf8))
  }

  /// The election's pictures and pages: its summary, the registry and the unit polygons, loaded here
  /// (the composition root) and gathered by SaylauReports.
  static func context(_ election: String, quiet: Bool = false) throws -> ElectionContext {
    if !quiet { progress("loading registry, geometry and results for \(election)") }
    let choice = try ElectionChoice(election)
    let summary = try choice.summary(.law)
    do {
      return ElectionContext(
        summary: summary, outcomes: choice.result.constituencies,
        registry: try BundledData.registry(), unitFeatures: try BundledData.unitFeatures(),
        parties: try BundledData.parties(),
        elections: try BundledData.elections(), regimes: try BundledData.regimes())
    } catch {
      throw UserError("the bundled dataset is invalid: \(error)")
    }
  }

  /// Writes `contents` to `path`, creating folders, never over one of `inputs`; errors name the path.
  static func write(_ contents: String, to path: String, notOverwriting inputs: [String] = [])
    throws
  {
    let url = URL(fileURLWithPath: path)
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    } catch {
      throw UserError("cannot write \(path): \(error.localizedDescription)")
    }
    try UserError.wrap {
      try OutputFile.write(Data(contents.utf8), to: path, notOverwriting: inputs)
    }
  }

  /// Writes the files of a report into `folder`; returns the bytes written.
  @discardableResult
  static func write(_ files: [ReportSite.File], into folder: String) throws -> Int {
    for file in files {
      try write(file.contents, to: (folder as NSString).appendingPathComponent(file.path))
    }
    return files.reduce(0) { $0 + $1.contents.utf8.count }
  }
}
