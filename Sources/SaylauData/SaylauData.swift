import Foundation
import SaylauCore
import SaylauGeo
import SaylauRegistry

/// The dataset bundled with Saylau: the registry, the geometry and the 2023 results.
///
/// Sources and licences are in `Sources/SaylauData/Resources/README.md`.
public enum BundledData {
  /// The folder of the bundled files.
  public static var resourceDirectory: URL {
    // `.copy("Resources")` keeps the folder; its place inside the bundle differs between platforms.
    Bundle.module.url(forResource: "Resources", withExtension: nil)
      ?? Bundle.module.bundleURL.appendingPathComponent("Resources")
  }

  /// The URL of a bundled file, e.g. `regions.csv`.
  public static func resourceURL(_ name: String) -> URL {
    resourceDirectory.appendingPathComponent(name)
  }

  /// The text of a bundled file, e.g. `regions.csv`.
  public static func text(_ name: String) throws -> String {
    let url = resourceURL(name)
    guard let data = FileManager.default.contents(atPath: url.path),
      let text = String(data: data, encoding: .utf8)
    else { throw DatasetError(file: name, message: "cannot be read as UTF-8 text at \(url.path)") }
    return text
  }

  /// Loads and validates the bundled registry.
  public static func registry() throws -> Registry {
    try RegistryLoader(directory: resourceDirectory).load()
  }

  /// The second-level units' polygons (`kz_adm2.geojson`); property `code` joins to `AdministrativeUnit.geoCodes`.
  public static func unitFeatures() throws -> [GeoFeature] {
    try features("kz_adm2.geojson")
  }

  /// The regions' polygons (`kz_adm1.geojson`); property `code` is the ISO 3166-2 code (`Region.isoCode`).
  public static func regionFeatures() throws -> [GeoFeature] {
    try features("kz_adm1.geojson")
  }

  static func features(_ name: String) throws -> [GeoFeature] {
    let url = resourceURL(name)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw DatasetError(file: name, message: "cannot be read at \(url.path)")
    }
    return try GeoJSONReader.features(from: data, source: name)
  }
}
