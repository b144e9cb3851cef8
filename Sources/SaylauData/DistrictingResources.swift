import Foundation

/// Access to the bundled resource files for the districting commands and tests.
///
/// A stop-gap until `BundledData.resourceURL(_:)` lands; it can then forward to it.
public enum DistrictingResources {
    /// The URL of a file in Sources/SaylauData/Resources, e.g. `"regions.csv"`.
    public static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources")
            ?? Bundle.module.resourceURL!.appendingPathComponent("Resources").appendingPathComponent(name)
    }

    /// The text of a bundled resource file.
    public static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }
}
