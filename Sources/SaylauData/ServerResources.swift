import Foundation

/// Files of the bundled dataset for the store's seed and the server's map (until the registry loader
/// offers the same; kept separate so it does not clash with it).
public enum ServerResources {
    /// The URL of `name` in Sources/SaylauData/Resources, or `nil` if it is not bundled.
    public static func url(_ name: String) -> URL? {
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources")
    }
}
