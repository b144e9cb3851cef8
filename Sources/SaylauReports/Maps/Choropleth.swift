/// Builders of map fills and legends: by category (winner's party, region) or by number (turnout,
/// deviation, any numeric column). A missing value is always "no data" (hatched) and never a zero.
public enum Choropleth {
  /// One category with its colour and legend label.
  public struct Category: Sendable, Hashable {
    public var key: String
    public var label: String
    public var color: String

    public init(key: String, label: String, color: String) {
      self.key = key
      self.label = label
      self.color = color
    }
  }

  /// Fills by category. `values[n]` is the category key of constituency `n`, or `nil` when unknown;
  /// unknown constituencies get `unknownColor` and the legend line `unknownLabel` (with their count).
  /// The legend lists the categories that occur, in the order given, each with its count.
  public static func categorical(
    numbers: [Int], values: [Int: String?], categories: [Category], unknownLabel: String,
    unknownColor: String = PartyStyle.unknownColor, tooltip: (Int) -> String
  ) -> (areas: [Int: AreaStyle], legend: [LegendEntry]) {
    var areas: [Int: AreaStyle] = [:]
    var counts: [String: Int] = [:]
    var unknown = 0
    let byKey = Dictionary(categories.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    for n in numbers {
      if let key = values[n] ?? nil, let category = byKey[key] {
        areas[n] = AreaStyle(fill: category.color, tooltip: tooltip(n))
        counts[key, default: 0] += 1
      } else {
        areas[n] = AreaStyle(fill: unknownColor, tooltip: tooltip(n))
        unknown += 1
      }
    }
    var legend = categories.filter { counts[$0.key] != nil }.map {
      LegendEntry(swatch: .color($0.color), label: "\($0.label) (\(counts[$0.key]!))")
    }
    if unknown > 0 {
      legend.append(
        LegendEntry(swatch: .color(unknownColor), label: "\(unknownLabel) (\(unknown))"))
    }
    return (areas, legend)
  }

  /// How numeric classes are coloured.
  public enum Scheme: Sendable {
    /// Light to dark blue: more is darker.
    case sequential
    /// Blue below zero, red above, white around zero; classes symmetric about zero.
    case diverging
  }

  /// Fills by number in `classes` equal-interval classes between the smallest and largest value (for
  /// `.diverging`, between −m and +m with m the largest magnitude). `nil` values are "no data".
  /// `format` writes a class bound for the legend.
  public static func numeric(
    numbers: [Int], values: [Int: Double?], classes: Int = 5, scheme: Scheme = .sequential,
    format: (Double) -> String, noDataLabel: String = "No data", tooltip: (Int) -> String
  ) -> (areas: [Int: AreaStyle], legend: [LegendEntry]) {
    let present = numbers.compactMap { values[$0] ?? nil }
    var areas: [Int: AreaStyle] = [:]
    var legend: [LegendEntry] = []
    let missing = numbers.filter { (values[$0] ?? nil) == nil }
    if let lo0 = present.min(), let hi0 = present.max() {
      var lo = lo0
      var hi = hi0
      if case .diverging = scheme {
        let m = max(abs(lo), abs(hi))
        lo = -m
        hi = m
      }
      let k = max(1, classes)
      let width = hi > lo ? (hi - lo) / Double(k) : 1
      let colors = ramp(scheme, count: k)
      func classIndex(_ v: Double) -> Int {
        hi > lo ? min(k - 1, max(0, Int(((v - lo) / width).rounded(.down)))) : 0
      }
      var used = Set<Int>()
      for n in numbers {
        if let v = values[n] ?? nil {
          let c = classIndex(v)
          used.insert(c)
          areas[n] = AreaStyle(fill: colors[c], tooltip: tooltip(n))
        }
      }
      for c in 0..<k where hi == lo ? c == 0 : true {
        let a = lo + Double(c) * width
        let b = c == k - 1 ? hi : lo + Double(c + 1) * width
        let label = hi == lo ? format(lo) : "\(format(a)) – \(format(b))"
        let count = numbers.filter { (values[$0] ?? nil).map(classIndex) == c }.count
        legend.append(LegendEntry(swatch: .color(colors[c]), label: "\(label) (\(count))"))
      }
    }
    for n in missing { areas[n] = AreaStyle(fill: nil, tooltip: tooltip(n)) }
    if !missing.isEmpty {
      legend.append(LegendEntry(swatch: .noData, label: "\(noDataLabel) (\(missing.count))"))
    }
    return (areas, legend)
  }

  /// `count` colours interpolated in RGB between fixed end points chosen for this project (light
  /// #eef3fa to dark #0b4a8b; diverging #2166ac – #f7f7f7 – #b2182b).
  static func ramp(_ scheme: Scheme, count: Int) -> [String] {
    func mix(_ a: (Int, Int, Int), _ b: (Int, Int, Int), _ t: Double) -> String {
      func channel(_ x: Int, _ y: Int) -> Int {
        Int((Double(x) + (Double(y) - Double(x)) * t).rounded())
      }
      return hex(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }
    guard count > 1 else { return [scheme == .sequential ? "#5b8cc4" : "#f7f7f7"] }
    switch scheme {
    case .sequential:
      return (0..<count).map {
        mix((0xee, 0xf3, 0xfa), (0x0b, 0x4a, 0x8b), Double($0) / Double(count - 1))
      }
    case .diverging:
      return (0..<count).map { i in
        let t = Double(i) / Double(count - 1) * 2 - 1
        return t < 0
          ? mix((0xf7, 0xf7, 0xf7), (0x21, 0x66, 0xac), -t)
          : mix((0xf7, 0xf7, 0xf7), (0xb2, 0x18, 0x2b), t)
      }
    }
  }

  static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
    let digits = Array("0123456789abcdef")
    var s = "#"
    for v in [r, g, b] {
      let c = max(0, min(255, v))
      s.append(digits[c / 16])
      s.append(digits[c % 16])
    }
    return s
  }
}

extension Choropleth.Scheme: Equatable {}
