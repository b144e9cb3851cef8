/// How a fact about a constituency was obtained.
public enum Basis: String, Sendable, Codable {
  /// Read from a cited source.
  case sourced
  /// Deduced from sourced facts by an argument recorded in the notes.
  case deduced
  /// Inferred (plausible, not proven); shown as such wherever it appears.
  case inferred
  /// Computed by Saylau or the dataset's compilers from other data (e.g. borders from the geometry).
  case derived
}
