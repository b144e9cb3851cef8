import SaylauStore

extension BundledSeed {
  /// The id of the Mäjilis election of 19 March 2023 in the bundled data, which the store tests import
  /// protocols into.
  public static let election2023 = "2023-majilis"
}
