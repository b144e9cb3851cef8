import Foundation

extension CountedResult {
  /// The canonical JSON of the result: keys sorted, no escaped slashes, one trailing newline. The
  /// snapshot's SHA-256 is of these bytes.
  public func canonicalJSON() -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Every member is encodable (integers, strings, Booleans and the summary's values).
    return Array((try? encoder.encode(self)) ?? Data()) + [0x0A]
  }

  /// A result read back from its canonical JSON.
  public static func decode(_ bytes: [UInt8]) throws -> CountedResult {
    try JSONDecoder().decode(CountedResult.self, from: Data(bytes))
  }
}
