import Foundation

/// The composition of a chamber, as the parliament diagram draws it: groups in seating order (left to right).
public struct ParliamentChart: Sendable, Hashable {
  /// One party or group of members.
  public struct Group: Sendable, Hashable {
    /// A stable code (e.g. `amanat`), used in `data-party` attributes.
    public var code: String
    /// The name shown in the legend.
    public var name: String
    /// Fill colour `#rrggbb` (see ``PartyStyle``).
    public var color: String
    public var seats: Int
    /// Shown after the seat count in the legend, e.g. "22 constituency seats derived".
    public var note: String?

    public init(code: String, name: String, color: String, seats: Int, note: String? = nil) {
      self.code = code
      self.name = name
      self.color = color
      self.seats = seats
      self.note = note
    }
  }

  public var title: String
  public var groups: [Group]
  /// The data credit printed under the picture.
  public var source: String

  public init(title: String, groups: [Group], source: String) {
    self.title = title
    self.groups = groups
    self.source = source
  }

  public var totalSeats: Int { groups.reduce(0) { $0 + $1.seats } }
}

/// One seat's place in a hemicycle, in unit coordinates: the centre of the hemicycle is the origin, the
/// outer edge has radius 1, and y grows upwards.
public struct SeatPosition: Sendable, Hashable {
  /// Row index, 0 = innermost.
  public var row: Int
  /// Index within the row, 0 = leftmost.
  public var index: Int
  /// Seats in this row.
  public var rowSeats: Int
  public var x: Double
  public var y: Double
  /// Radius of the seat's dot in the same units.
  public var dotRadius: Double
}

/// The hemicycle layout: how many rows, how many seats per row, where each seat sits and in which order
/// seats are handed to parties.
///
/// The algorithm:
/// 1. Rows lie between the inner radius ``innerRadius`` (0.4, the empty well in the middle) and 1. With `r`
///    rows, the row spacing is `d = (1 - 0.4) / r` and row `i` has radius `Rᵢ = 0.4 + d (i + ½)`.
/// 2. A row of radius `R` holds at most `⌊πR / d⌋ + 1` seats, so that neighbours on the arc are at least
///    `d` apart, like neighbours across rows. The row count is the smallest `r` whose rows hold all seats.
/// 3. Seats are shared among the rows in proportion to their radii (so the angular density is the same in
///    every row) by largest remainder; equal remainders go to the outer row; no row exceeds its capacity.
/// 4. In a row of `n` seats, seat `j` sits at angle `π (1 − j/(n−1))` (a single seat at `π/2`).
/// 5. Seats are ordered by angle from the left (comparing `j/(n−1)` exactly by cross-multiplication), equal
///    angles inner row first, and parties take consecutive seats in this order. Each party is therefore a
///    wedge, the first party on the left.
public enum HemicycleLayout {
  public static let innerRadius = 0.4

  /// The number of rows for `seats` seats (step 2).
  public static func rowCount(seats: Int) -> Int {
    precondition(seats > 0)
    var rows = 1
    while capacities(rows: rows).reduce(0, +) < seats { rows += 1 }
    return rows
  }

  static func radii(rows: Int) -> [Double] {
    let d = (1 - innerRadius) / Double(rows)
    return (0..<rows).map { innerRadius + d * (Double($0) + 0.5) }
  }

  static func capacities(rows: Int) -> [Int] {
    let d = (1 - innerRadius) / Double(rows)
    return radii(rows: rows).map { Int((Double.pi * $0 / d).rounded(.down)) + 1 }
  }

  /// Seats per row, innermost first (step 3).
  public static func seatsPerRow(seats: Int) -> [Int] {
    let rows = rowCount(seats: seats)
    let radii = radii(rows: rows)
    let capacity = capacities(rows: rows)
    let total = radii.reduce(0, +)
    var counts = radii.indices.map { i in
      min(capacity[i], Int((Double(seats) * radii[i] / total).rounded(.down)))
    }
    var left = seats - counts.reduce(0, +)
    let remainders = radii.indices.map { Double(seats) * radii[$0] / total - Double(counts[$0]) }
    // Largest remainder first; equal remainders (and leftovers after capacity) to the outer row.
    let order = radii.indices.sorted { a, b in
      remainders[a] != remainders[b] ? remainders[a] > remainders[b] : a > b
    }
    while left > 0 {
      var placed = false
      for i in order where left > 0 && counts[i] < capacity[i] {
        counts[i] += 1
        left -= 1
        placed = true
      }
      precondition(placed, "row capacities cannot hold the seats")
    }
    return counts
  }

  /// Every seat in the order parties take them (step 5).
  public static func seats(_ seats: Int) -> [SeatPosition] {
    let perRow = seatsPerRow(seats: seats)
    let rows = perRow.count
    let radii = radii(rows: rows)
    let d = (1 - innerRadius) / Double(rows)
    let dot = d * 0.44
    var all: [SeatPosition] = []
    for (row, n) in perRow.enumerated() {
      for j in 0..<n {
        let angle = n == 1 ? Double.pi / 2 : Double.pi * (1 - Double(j) / Double(n - 1))
        all.append(
          SeatPosition(
            row: row, index: j, rowSeats: n, x: radii[row] * cos(angle), y: radii[row] * sin(angle),
            dotRadius: dot))
      }
    }
    // Position along the arc as the exact fraction j/(n−1) (½ for a lone seat).
    func fraction(_ s: SeatPosition) -> (Int, Int) {
      s.rowSeats == 1 ? (1, 2) : (s.index, s.rowSeats - 1)
    }
    return all.sorted { a, b in
      let (pa, qa) = fraction(a)
      let (pb, qb) = fraction(b)
      let lhs = pa * qb
      let rhs = pb * qa
      return lhs != rhs ? lhs < rhs : a.row < b.row
    }
  }
}

/// Draws a ``ParliamentChart`` as an SVG hemicycle with a legend, in the style of encyclopedia election
/// pages. The same composition always gives byte-identical SVG.
public enum ParliamentDiagram {
  /// Why a composition cannot be drawn.
  public struct InvalidComposition: Error, CustomStringConvertible {
    public var description: String
  }

  public static func svg(_ chamber: ParliamentChart) throws -> String {
    let total = chamber.totalSeats
    guard total > 0 else { throw InvalidComposition(description: "the chamber has no seats") }
    if let bad = chamber.groups.first(where: { $0.seats < 0 }) {
      throw InvalidComposition(
        description: "group '\(bad.name)' has a negative seat count (\(bad.seats))")
    }
    let width = 640.0
    let radius = 290.0
    let cx = width / 2
    let top = 56.0
    let cy = top + radius
    let seats = HemicycleLayout.seats(total)

    // Legend: two columns when there are more than six groups.
    let legendGroups = chamber.groups
    let columns = legendGroups.count > 6 ? 2 : 1
    let perColumn = (legendGroups.count + columns - 1) / columns
    let legendTop = cy + 34
    let lineHeight = 22.0
    let sourceLines = SVGDocument.wrap(chamber.source, limit: 100)
    let height =
      legendTop + Double(perColumn) * lineHeight + 14 + Double(sourceLines.count) * 14 + 8

    var out = SVGDocument.open(
      width: width, height: height, title: chamber.title,
      description: "Parliament diagram: \(total) seats, one dot per seat, parties left to right.")
    out += SVGDocument.text(chamber.title, x: cx, y: 30, size: 20, anchor: "middle", weight: "bold")

    var seatIndex = 0
    out += "<g class=\"seats\" stroke=\"#ffffff\" stroke-width=\"0.8\">\n"
    for group in chamber.groups where group.seats > 0 {
      out += "<g class=\"party\" data-party=\"\(SVGFormat.escape(group.code))\">\n"
      for _ in 0..<group.seats {
        let s = seats[seatIndex]
        seatIndex += 1
        let x = cx + s.x * radius
        let y = cy - s.y * radius
        let r = min(s.dotRadius * radius, 26)
        out +=
          "<circle class=\"seat\" cx=\"\(SVGFormat.number(x))\" cy=\"\(SVGFormat.number(y))\" r=\"\(SVGFormat.number(r))\" fill=\"\(group.color)\"/>\n"
      }
      out += "</g>\n"
    }
    out += "</g>\n"

    out += SVGDocument.text(
      String(total), x: cx, y: cy - 14, size: 40, anchor: "middle", weight: "bold")
    out += SVGDocument.text(
      "seats · majority \(total / 2 + 1)", x: cx, y: cy + 6, size: 13, anchor: "middle",
      fill: "#54595d")

    out += "<g class=\"legend\">\n"
    let columnWidth = width / Double(columns)
    for (i, group) in legendGroups.enumerated() {
      let column = i / perColumn
      let line = i % perColumn
      let x = 24 + Double(column) * columnWidth
      let y = legendTop + Double(line) * lineHeight
      out +=
        "<rect x=\"\(SVGFormat.number(x))\" y=\"\(SVGFormat.number(y - 11))\" width=\"14\" height=\"14\" rx=\"3\" fill=\"\(group.color)\"/>\n"
      var label = "\(group.name): \(group.seats)"
      if let note = group.note { label += " (\(note))" }
      out += SVGDocument.text(label, x: x + 22, y: y + 1, size: 14)
    }
    out += "</g>\n"
    var y = legendTop + Double(perColumn) * lineHeight + 10
    for line in sourceLines {
      out += SVGDocument.text(line, x: 12, y: y, size: 10.5, fill: "#54595d")
      y += 14
    }
    out += SVGDocument.close
    return out
  }
}
