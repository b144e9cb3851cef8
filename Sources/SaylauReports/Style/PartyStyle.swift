import SaylauElections

/// How a party is drawn: a fill colour and a short display name.
///
/// **Colours are presentation choices, not facts.** No official colour register exists for Kazakh parties.
/// They come with the parties' data (SaylauData's `parties.csv`: chosen to be distinct, close to a party's
/// campaign colour where one is widely recognised); a party without one gets a colour from
/// ``PartyStyle/fallbackPalette`` by its position, so the same input always gets the same colours.
public struct PartyStyle: Hashable, Sendable {
  /// Fill colour as `#rrggbb`.
  public var color: String
  /// A short name for legends and labels.
  public var shortName: String

  public init(color: String, shortName: String) {
    self.color = color
    self.shortName = shortName
  }

  /// The colour of seats and areas whose holder is not known (never a guess at a party).
  public static let unknownColor = "#e3e3e3"
  /// The colour of areas with no value in a numeric choropleth (drawn with a hatch on top).
  public static let noDataColor = "#ffffff"

  /// Colours for parties without one, taken in order of first appearance: 20 colours from
  /// ``Palette/distinct(_:)``, so that neighbours in the list differ in hue and lightness.
  public static let fallbackPalette = Palette.distinct(20)
}

/// The styles of the parties a directory knows: colours and short names from the data, the party a
/// nomination text names, and a fallback for the rest.
public struct PartyStyles: Sendable {
  public var directory: PartyDirectory

  public init(_ directory: PartyDirectory) { self.directory = directory }

  /// No party known: every party gets a fallback colour.
  public static let none = PartyStyles(PartyDirectory([]))

  /// The style for `code`, or a fallback colour chosen by `index` (the party's position in its list).
  public func style(code: String, name: String, index: Int) -> PartyStyle {
    if let p = directory.party(code: code), let colour = p.colour {
      return PartyStyle(color: colour, shortName: p.shortName)
    }
    return PartyStyle(
      color: PartyStyle.fallbackPalette[index % PartyStyle.fallbackPalette.count],
      shortName: directory.party(code: code)?.shortName ?? name)
  }

  /// The style of a known party, `nil` for a code the directory does not know or gives no colour.
  public func known(_ code: String) -> PartyStyle? {
    guard let p = directory.party(code: code), let colour = p.colour else { return nil }
    return PartyStyle(color: colour, shortName: p.shortName)
  }

  /// The party code a nomination names ("Amanat", "Independent (self-nominated)"), or `nil` (then it is
  /// shown as written, never guessed).
  public func code(forNomination text: String) -> String? { directory.code(forNomination: text) }
}

/// Generated colour palettes (so no palette is copied from elsewhere).
public enum Palette {
  /// `count` colours: hues evenly spaced around the circle, alternating between a saturated darker and a
  /// softer lighter tone; consecutive colours are far apart in hue (the hue steps by 3/10 of the circle).
  public static func distinct(_ count: Int) -> [String] {
    (0..<count).map { i in
      let hues = max(1, (count + 1) / 2)
      let step = hues % 3 == 0 ? 1 : 3
      let hue =
        Double((i / 2 * step) % hues) / Double(hues) * 360 + (i % 2 == 1 ? 180.0 / Double(hues) : 0)
      return i % 2 == 0
        ? hsl(hue.truncatingRemainder(dividingBy: 360), 0.62, 0.44)
        : hsl(hue.truncatingRemainder(dividingBy: 360), 0.55, 0.70)
    }
  }

  /// Hue in degrees, saturation and lightness in 0...1, as `#rrggbb`.
  static func hsl(_ h: Double, _ s: Double, _ l: Double) -> String {
    let c = (1 - abs(2 * l - 1)) * s
    let x = c * (1 - abs((h / 60).truncatingRemainder(dividingBy: 2) - 1))
    let m = l - c / 2
    let (r, g, b): (Double, Double, Double)
    switch h {
    case ..<60: (r, g, b) = (c, x, 0)
    case ..<120: (r, g, b) = (x, c, 0)
    case ..<180: (r, g, b) = (0, c, x)
    case ..<240: (r, g, b) = (0, x, c)
    case ..<300: (r, g, b) = (x, 0, c)
    default: (r, g, b) = (c, 0, x)
    }
    return Choropleth.hex(
      Int(((r + m) * 255).rounded()), Int(((g + m) * 255).rounded()), Int(((b + m) * 255).rounded())
    )
  }

  /// Colours `keys` so that adjacent keys get colours far apart: each key, in the given order, takes the
  /// unused palette colour whose smallest RGB distance to its already coloured neighbours is largest
  /// (ties: palette order), then pairs are swapped while that helps. Deterministic.
  public static func assign(keys: [String], neighbours: [String: Set<String>], palette: [String])
    -> [String: String]
  {
    func rgb(_ hex: String) -> (Double, Double, Double) {
      let v = Int(hex.dropFirst(), radix: 16) ?? 0
      return (Double(v >> 16 & 255), Double(v >> 8 & 255), Double(v & 255))
    }
    var assigned: [String: String] = [:]
    var used: Set<String> = []
    for key in keys {
      let coloured = (neighbours[key] ?? []).compactMap { assigned[$0] }.map(rgb)
      var best: String?
      var bestScore = -1.0
      for colour in palette where !used.contains(colour) || used.count >= palette.count {
        let c = rgb(colour)
        var score = 1000.0
        for n in coloured {
          let dr = c.0 - n.0
          let dg = c.1 - n.1
          let db = c.2 - n.2
          score = min(score, (dr * dr + dg * dg + db * db).squareRoot())
        }
        if score > bestScore {
          bestScore = score
          best = colour
        }
      }
      if let best {
        assigned[key] = best
        used.insert(best)
      }
    }
    // Then swap pairs of colours while that raises the closest neighbouring pair's distance around the
    // two keys (a key coloured late, such as an enclave, may have been left with a poor choice).
    func distance(_ a: String, _ b: String) -> Double {
      let x = rgb(a)
      let y = rgb(b)
      let dr = x.0 - y.0
      let dg = x.1 - y.1
      let db = x.2 - y.2
      return (dr * dr + dg * dg + db * db).squareRoot()
    }
    func worst(_ key: String) -> Double {
      var w = 1000.0
      for n in neighbours[key] ?? [] {
        if let a = assigned[key], let b = assigned[n] { w = min(w, distance(a, b)) }
      }
      return w
    }
    for _ in 0..<10 {
      var improved = false
      for i in keys.indices {
        for j in keys.indices where j > i {
          let a = keys[i]
          let b = keys[j]
          guard let ca = assigned[a], let cb = assigned[b] else { continue }
          let before = min(worst(a), worst(b))
          assigned[a] = cb
          assigned[b] = ca
          if min(worst(a), worst(b)) > before + 1e-9 {
            improved = true
          } else {
            assigned[a] = ca
            assigned[b] = cb
          }
        }
      }
      if !improved { break }
    }
    return assigned
  }
}
