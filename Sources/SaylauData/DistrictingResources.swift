import Foundation

/// Access to the bundled resource files for the districting commands and tests (forwards to ``BundledData``).
public enum DistrictingResources {
  /// The URL of a file in Sources/SaylauData/Resources, e.g. `"regions.csv"`.
  public static func url(_ name: String) -> URL { BundledData.resourceURL(name) }

  /// The text of a bundled resource file.
  public static func text(_ name: String) throws -> String {
    try String(contentsOf: url(name), encoding: .utf8)
  }
}
