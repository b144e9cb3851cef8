import Foundation

/// Normalises names for look-ups: case, diacritics, Kazakh letters, punctuation and generic words.
///
/// "Karasay District", "karasay", "Қарасай ауданы" and "Карасайский район" all reduce to keys that meet:
/// the Latin and Cyrillic spellings are compared separately, each without its generic noun.
public enum NameKey {
  /// Generic words that say what kind of unit a name is, not which one (in folded spelling).
  static let genericWords: Set<String> = [
    "district", "city", "region", "of", "the", "town", "raion", "rayon", "audany", "oblysy",
    "oblast",
    "ауданы", "раион", "каласы", "кала", "город", "облысы", "область", "г", "р",
  ]

  /// The key of a name: lowercase, without diacritics or punctuation, Kazakh letters folded to their
  /// Russian neighbours, generic words dropped, Russian adjective endings trimmed.
  public static func key(_ name: String) -> String {
    // Foundation's folding drops Latin and Cyrillic diacritics ("ä" -> "a", "й" -> "и"); the Kazakh
    // letters have no decomposition and are folded by hand.
    var folded = ""
    let base = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    for scalar in base.lowercased().unicodeScalars {
      folded.unicodeScalars.append(contentsOf: fold(scalar))
    }
    let words = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    let kept = words.filter { !genericWords.contains($0) }.map(trimAdjective)
    return kept.joined(separator: " ")
  }

  /// Russian district names are adjectives ("Карасайский район", folded "карасаискии"); trim the ending so they meet the noun
  /// form ("Карасай").
  static func trimAdjective(_ word: String) -> String {
    for ending in ["скии", "цкии", "скои", "ская", "ое", "ии", "ыи"] where word.hasSuffix(ending) {
      let stem = word.dropLast(ending.count)
      if stem.count >= 3 { return String(stem) }
    }
    return word
  }

  static func fold(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
    switch scalar {
    case "ә": return ["а"]
    case "ғ": return ["г"]
    case "қ": return ["к"]
    case "ң": return ["н"]
    case "ө": return ["о"]
    case "ұ", "ү": return ["у"]
    case "һ": return ["х"]
    case "і": return ["и"]
    case "ё": return ["е"]
    case "ı": return ["i"]
    case "ß": return ["s", "s"]
    default: break
    }
    return [scalar]
  }

  /// Levenshtein distance between two keys, for suggestions on a miss.
  public static func distance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[y.count]
  }
}
