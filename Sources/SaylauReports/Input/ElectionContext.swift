import SaylauCore
import SaylauElections
import SaylauGeo
import SaylauRegistry

/// An election with everything the pictures and pages need, already loaded and decided by the caller
/// (the CLI and the server load it from SaylauData and SaylauElections).
public struct ElectionContext: Sendable {
  public var year: Int
  /// The election day: constituencies in force on this day are drawn.
  public var date: CalendarDate
  public var registry: Registry
  public var geometry: MapGeometry
  /// Parties and groups in seating order, with seats from the election engine.
  public var parties: [ElectionReportInput.PartyRow]
  public var againstAll: Int?
  public var electorate: Int?
  public var ballotsCast: Int?
  public var turnoutPublished: String?
  /// Per-constituency facts from the results data, by number.
  public var constituencyFacts: [Int: ConstituencyElectionFacts]
  public var notes: [String]
  public var sources: [String]
  public var engineCheck: String?
  /// The election's summary: the seats, indices and notes every page shows.
  public var summary: ElectionSummary
  /// The parties' colours and short names (from the data), and which party a nomination names.
  public var styles: PartyStyles = .none
  /// The chamber's elections since the registry's first constituency set (for the articles' members table).
  public var memberElections: [MemberElection] = []

  public init(
    year: Int, date: CalendarDate, registry: Registry, geometry: MapGeometry,
    parties: [ElectionReportInput.PartyRow], againstAll: Int?, electorate: Int?, ballotsCast: Int?,
    turnoutPublished: String?, constituencyFacts: [Int: ConstituencyElectionFacts], notes: [String],
    sources: [String], engineCheck: String?, summary: ElectionSummary
  ) {
    self.summary = summary
    self.year = year
    self.date = date
    self.registry = registry
    self.geometry = geometry
    self.parties = parties
    self.againstAll = againstAll
    self.electorate = electorate
    self.ballotsCast = ballotsCast
    self.turnoutPublished = turnoutPublished
    self.constituencyFacts = constituencyFacts
    self.notes = notes
    self.sources = sources
    self.engineCheck = engineCheck
  }

  /// The constituencies in force on election day (none if the registry cannot say for the day).
  public var constituencies: [Constituency] { (try? registry.constituencies(on: date)) ?? [] }

  /// The credit line every picture carries.
  public static let geometryCredit =
    "Boundaries: A. Rodionov, geokz v1.0.2 (CC BY 4.0), from OCHA COD-AB Kazakhstan (UNHCR, CC BY-IGO) incl. © OpenStreetMap contributors (ODbL); modified (dissolved, simplified)."
  public var dataCredit: String {
    "Data: Saylau bundled dataset (CEC results via newtimes.kz, vlast.kz; members and compositions via Wikipedia, CC BY-SA 4.0)."
  }
}

/// What a map is coloured by.
public enum MapTheme: Sendable, Hashable {
  case winner
  case turnout
  case region
  case deviation
  case population
  case electorate
  case candidates
  /// Any numeric column supplied by the caller: a title and a value per constituency number.
  case column(String, [Int: Double])

  public static let names = [
    "winner", "turnout", "region", "deviation", "population", "electorate", "candidates",
  ]

  public static func named(_ name: String) -> MapTheme? {
    switch name {
    case "winner": return .winner
    case "turnout": return .turnout
    case "region": return .region
    case "deviation": return .deviation
    case "population": return .population
    case "electorate": return .electorate
    case "candidates": return .candidates
    default: return nil
    }
  }
}

/// The election's pictures: chamber diagram, seats–votes chart, maps and locator maps.
public enum ElectionPictures {
  static func style(_ c: ElectionContext, _ row: ElectionReportInput.PartyRow, index: Int)
    -> PartyStyle
  {
    c.styles.style(code: row.code, name: row.name, index: index)
  }

  /// The parliament diagram; throws when a party's total seats are unknown (never drawn as zero).
  public static func diagram(_ c: ElectionContext) throws -> String {
    var groups: [ParliamentChart.Group] = []
    for (i, row) in c.parties.enumerated() {
      guard let seats = row.totalSeats else {
        throw ParliamentDiagram.InvalidComposition(
          description:
            "the total seats of '\(row.name)' in \(c.year) are not known; the diagram cannot be drawn"
        )
      }
      guard seats > 0 else { continue }
      let s = style(c, row, index: i)
      groups.append(
        ParliamentChart.Group(code: row.code, name: s.shortName, color: s.color, seats: seats))
    }
    return try ParliamentDiagram.svg(
      ParliamentChart(
        title: "Mäjilis, \(c.year) election", groups: groups,
        source:
          "Seats: list seats decided by Saylau's election engine from the CEC's list votes; constituency and appointed seats as in the data. \(c.dataCredit)"
      ))
  }

  /// Share of list votes against share of all seats.
  public static func seatsVotesChart(_ c: ElectionContext) -> String {
    let valid = c.parties.compactMap(\.votes).reduce(0, +) + (c.againstAll ?? 0)
    let seats =
      c.parties.allSatisfy { $0.totalSeats != nil }
      ? c.parties.compactMap(\.totalSeats).reduce(0, +) : nil
    var rows: [SeatsVotesChart.Row] = []
    for (i, p) in c.parties.enumerated() {
      let s = style(c, p, index: i)
      rows.append(
        SeatsVotesChart.Row(
          name: s.shortName, color: s.color,
          votePercent: p.votes.map { valid > 0 ? Double($0) * 100 / Double(valid) : 0 },
          seatPercent: seats.flatMap { total in
            p.totalSeats.map { Double($0) * 100 / Double(total) }
          }))
    }
    return SeatsVotesChart(
      title: "Votes and seats, Mäjilis \(c.year)",
      voteLabel: "share of list votes (incl. against all)", seatLabel: "share of all seats",
      rows: rows,
      source: c.dataCredit
    ).svg
  }

  /// A map of the constituencies coloured by `theme`.
  public static func map(_ c: ElectionContext, theme: MapTheme) -> String {
    let constituencies = c.constituencies
    let numbers = constituencies.map(\.number)
    let byNumber = Dictionary(
      constituencies.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
    func regionName(_ n: Int) -> String {
      byNumber[n]?.regionCode.flatMap { c.registry.region(code: $0)?.name.en } ?? "region unknown"
    }
    var title: String
    var subtitle: String
    var result: (areas: [Int: AreaStyle], legend: [LegendEntry])
    switch theme {
    case .winner:
      title = "Constituency winners, Mäjilis \(c.year)"
      var values: [Int: String?] = [:]
      var categories: [Choropleth.Category] = []
      var other: [String: String] = [:]
      for n in numbers {
        guard let party = byNumber[n]?.member?.party else {
          values[n] = .some(nil)
          continue
        }
        if let code = c.styles.code(forNomination: party) {
          values[n] = code
        } else {
          other[party] = party
          values[n] = party
        }
      }
      for (i, p) in c.parties.enumerated() {
        let s = style(c, p, index: i)
        categories.append(Choropleth.Category(key: p.code, label: s.shortName, color: s.color))
      }
      if !categories.contains(where: { $0.key == "independent" }),
        let s = c.styles.known("independent")
      {
        categories.append(
          Choropleth.Category(key: "independent", label: s.shortName, color: s.color))
      }
      for (i, name) in other.keys.sorted().enumerated() {
        categories.append(
          Choropleth.Category(
            key: name, label: name, color: PartyStyle.fallbackPalette[(i + 10) % 20]))
      }
      let known = numbers.filter { byNumber[$0]?.member != nil }.count
      subtitle =
        "Winner's party where the data know the winner (\(known) of \(numbers.count)); the others are unknown, not guessed"
      result = Choropleth.categorical(
        numbers: numbers, values: values, categories: categories,
        unknownLabel: "Winner not found in the sources",
        tooltip: { n in
          "No. \(n) (\(regionName(n))): "
            + (byNumber[n]?.member.map { "\($0.name), \($0.party ?? "party unknown")" }
              ?? "winner unknown")
        })
    case .region:
      title = "Constituencies by region, \(c.year)"
      subtitle =
        "\(numbers.count) single-mandate constituencies in \(Set(constituencies.compactMap(\.regionCode)).count) regions and cities"
      let codes = c.registry.regions.map(\.code)
      // Neighbouring regions get clearly different colours (adjacency from the map's shared borders).
      let colours = Palette.assign(
        keys: codes, neighbours: c.geometry.regionNeighbours,
        palette: Palette.distinct(max(codes.count, 1)))
      let categories = codes.map { code in
        Choropleth.Category(
          key: code, label: c.registry.region(code: code)?.name.en ?? code,
          color: colours[code] ?? "#cccccc")
      }
      result = Choropleth.categorical(
        numbers: numbers,
        values: Dictionary(
          numbers.map { ($0, byNumber[$0]?.regionCode) }, uniquingKeysWith: { a, _ in a }),
        categories: categories, unknownLabel: "Region unknown",
        tooltip: { n in "No. \(n): \(regionName(n))" })
    case .turnout:
      title = "Turnout, Mäjilis \(c.year)"
      subtitle =
        "Region-wide preliminary turnout at 22:10 on election day (CEC), shown for each constituency of the region; constituency turnout was not found"
      let values = Dictionary(
        numbers.map { n in
          (n, c.constituencyFacts[n]?.regionTurnoutPreliminary.flatMap(Double.init))
        },
        uniquingKeysWith: { a, _ in a })
      result = Choropleth.numeric(
        numbers: numbers, values: values, format: { SVGFormat.number($0, decimals: 1) + "%" },
        noDataLabel: "Not published",
        tooltip: { n in
          "No. \(n) (\(regionName(n))): "
            + (c.constituencyFacts[n]?.regionTurnoutPreliminary.map {
              "\($0)% (region, preliminary)"
            } ?? "no data")
        })
    case .deviation:
      let ideal = c.electorate.map { Double($0) / Double(max(numbers.count, 1)) }
      title = "Deviation from the ideal electorate, \(c.year)"
      subtitle =
        ideal.map {
          "Electorate against the ideal of \(SVGFormat.grouped(Int($0.rounded()))) voters (national electorate \(SVGFormat.grouped(c.electorate!)) / \(numbers.count), derived)"
        } ?? "The national electorate is not known: no ideal can be computed"
      let values = Dictionary(
        numbers.map { n -> (Int, Double?) in
          guard let ideal, let e = byNumber[n]?.electorate?.value else { return (n, nil) }
          return (n, (Double(e) - ideal) * 100 / ideal)
        }, uniquingKeysWith: { a, _ in a })
      result = Choropleth.numeric(
        numbers: numbers, values: values, classes: 6, scheme: .diverging,
        format: { ($0 > 0 ? "+" : "") + SVGFormat.number($0, decimals: 0) + "%" },
        noDataLabel: "Electorate not known",
        tooltip: { n in
          "No. \(n): "
            + (values[n].flatMap { $0 }.map {
              ($0 > 0 ? "+" : "") + SVGFormat.number($0, decimals: 1) + "%"
            } ?? "no data")
        })
    case .population, .electorate, .candidates:
      let label: String
      let values: [Int: Double?]
      switch theme {
      case .population:
        label = "Population"
        values = Dictionary(
          numbers.map { ($0, byNumber[$0]?.population.map { Double($0.value) }) },
          uniquingKeysWith: { a, _ in a })
      case .electorate:
        label = "Electorate"
        values = Dictionary(
          numbers.map { ($0, byNumber[$0]?.electorate.map { Double($0.value) }) },
          uniquingKeysWith: { a, _ in a })
      default:
        label = "Registered candidates"
        values = Dictionary(
          numbers.map { ($0, c.constituencyFacts[$0]?.registeredCandidates.map(Double.init)) },
          uniquingKeysWith: { a, _ in a })
      }
      title = "\(label) by constituency, \(c.year)"
      subtitle =
        "\(numbers.filter { values[$0].flatMap { $0 } != nil }.count) of \(numbers.count) constituencies have a value in the data"
      result = Choropleth.numeric(
        numbers: numbers, values: values, format: { SVGFormat.grouped(Int($0.rounded())) },
        tooltip: { n in
          "No. \(n): " + (values[n].flatMap { $0 }.map { SVGFormat.grouped(Int($0)) } ?? "no data")
        })
    case .column(let name, let given):
      title = "\(name) by constituency, \(c.year)"
      subtitle = "\(given.count) of \(numbers.count) constituencies have a value"
      let values = Dictionary(numbers.map { ($0, given[$0]) }, uniquingKeysWith: { a, _ in a })
      result = Choropleth.numeric(
        numbers: numbers, values: values, format: { SVGFormat.number($0, decimals: 2) },
        tooltip: { n in
          "No. \(n): " + (given[n].map { SVGFormat.number($0, decimals: 2) } ?? "no data")
        })
    }
    var legend = result.legend
    legend.append(contentsOf: splitAndUnassignedLegend(c))
    return ConstituencyMap.svg(
      MapSpec(
        title: title, subtitle: subtitle,
        source: "\(c.dataCredit) \(ElectionContext.geometryCredit)",
        areas: result.areas, legend: legend), geometry: c.geometry)
  }

  static func splitAndUnassignedLegend(_ c: ElectionContext) -> [LegendEntry] {
    var out: [LegendEntry] = []
    for unit in c.geometry.units where unit.constituencies.count > 1 {
      let numbers = unit.constituencies.map { "No. \($0)" }.joined(separator: "/")
      out.append(
        LegendEntry(swatch: .split, label: "\(unit.name): split \(numbers), line not published"))
    }
    let unassigned = c.geometry.units.filter { $0.constituencies.isEmpty }.map { unit in
      "\(unit.name) (\(c.registry.region(code: unit.regionCode)?.name.en ?? unit.regionCode))"
    }
    if !unassigned.isEmpty {
      out.append(
        LegendEntry(
          swatch: .unassigned,
          label: "In no constituency of the data: \(unassigned.joined(separator: ", "))"))
    }
    return out
  }

  public static func locatorMap(_ c: ElectionContext, number: Int) -> String {
    ConstituencyMap.locatorSVG(
      number: number, title: "Location of electoral district No. \(number)", geometry: c.geometry)
  }
}
