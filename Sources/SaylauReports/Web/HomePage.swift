import SaylauCore
import SaylauElections
import SaylauRegistry

/// The server's front page: the map of the constituencies on a day (Albers, with the city insets, each
/// area a link to its constituency's page), coloured by region, winner or turnout, and the table of all
/// constituencies.
public enum HomePage {
  /// What the map is coloured by.
  public enum Colouring: String, CaseIterable, Sendable {
    case region, winner, turnout
  }

  /// The winner of a constituency as the election's results give it.
  public struct Winner: Sendable, Hashable {
    public var name: String
    public var party: String?

    public init(name: String, party: String?) {
      self.name = name
      self.party = party
    }
  }

  public struct Input: Sendable {
    public var date: CalendarDate
    /// Whether `date` is the default day (links then carry no `?date=`).
    public var isDefaultDate: Bool
    public var colouring: Colouring
    public var registry: Registry
    /// The constituencies on `date`, by number.
    public var constituencies: [Constituency]
    /// The map geometry of `date` (its units carry that day's constituency numbers).
    public var geometry: MapGeometry
    /// Winners by number from the stored results of the constituencies' election; where missing, the
    /// registry's member is shown.
    public var winners: [Int: Winner]
    /// Turnout by number in per mille (integer), from imported constituency protocols.
    public var turnoutPerMille: [Int: Int]
    /// Some of those protocols are marked synthetic.
    public var turnoutSynthetic: Bool
    /// The day these constituencies stopped existing, when it has passed (the page then says so).
    public var endedOn: HistoricalDate?
    /// The parties' colours and short names, and which party a nomination names.
    public var styles: PartyStyles

    public init(
      date: CalendarDate, isDefaultDate: Bool, colouring: Colouring, registry: Registry,
      constituencies: [Constituency], geometry: MapGeometry, winners: [Int: Winner],
      turnoutPerMille: [Int: Int], turnoutSynthetic: Bool, endedOn: HistoricalDate?,
      styles: PartyStyles = .none
    ) {
      self.styles = styles
      self.date = date
      self.isDefaultDate = isDefaultDate
      self.colouring = colouring
      self.registry = registry
      self.constituencies = constituencies
      self.geometry = geometry
      self.winners = winners
      self.turnoutPerMille = turnoutPerMille
      self.turnoutSynthetic = turnoutSynthetic
      self.endedOn = endedOn
    }

    /// The address of a constituency's page on this day.
    public func link(_ number: Int) -> String {
      "/constituencies/\(number)" + (isDefaultDate ? "" : "?date=\(date)")
    }
  }

  public static func document(_ input: Input) -> Document {
    var doc = Document(title: "Mäjilis constituencies")
    let numbers = input.constituencies.map(\.number)
    doc.blocks.append(
      .paragraph([
        .text(
          "\(numbers.count) single-mandate constituencies in force on \(input.date). Select a constituency on the map or in the table."
        )
      ]))
    if let ended = input.endedOn {
      doc.blocks.append(
        .notice(
          [
            .text(
              "These constituencies were abolished \(ended.isExact ? "on" : "in") \(ended); the map shows them as on \(input.date)."
            )
          ], kind: .info))
    }
    doc.blocks.append(
      .navigation(
        label: "Colour by",
        links: Colouring.allCases.map {
          .init(
            title: $0.rawValue.capitalized,
            href: "/?colour=\($0.rawValue)" + (input.isDefaultDate ? "" : "&date=\(input.date)"),
            isCurrent: $0 == input.colouring)
        }))
    let (areas, legend, notes) = colours(input)
    doc.blocks += notes
    let map = ConstituencyMap.svg(
      MapSpec(
        title: "Mäjilis constituencies on \(input.date)",
        subtitle: "Coloured by \(input.colouring.rawValue)",
        source:
          "Boundaries: geokz (CC BY 4.0); constituencies from the Saylau registry. Albers equal-area projection.",
        areas: areas, legend: legend + splitLegend(input.geometry)),
      geometry: input.geometry, linked: { input.link($0) })
    doc.blocks.append(
      .figure(
        svg: map, name: "map",
        caption: splitCaption(input.geometry)))
    doc.blocks.append(.heading(2, "All constituencies"))
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["No.", "Region", "Seat", "Member", "Party"],
          rows: input.constituencies.map { c in
            let winner = input.winners[c.number]
            return [
              [.link(String(c.number), href: input.link(c.number))],
              text(c.regionCode.flatMap { input.registry.region(code: $0)?.name.en }),
              text(c.seat), text(winner?.name ?? c.member?.name),
              text(winner?.party ?? c.member?.party),
            ]
          }, numericColumns: [0])))
    return doc
  }

  /// A cell's text, or "not known" (never blank-as-zero).
  static func text(_ value: String?) -> [Document.Inline] {
    value.map { [.text($0)] } ?? [.text("not known")]
  }

  static func colours(_ input: Input) -> (
    areas: [Int: AreaStyle], legend: [LegendEntry], notes: [Document.Block]
  ) {
    let byNumber = Dictionary(
      input.constituencies.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
    let numbers = input.constituencies.map(\.number)
    func regionName(_ n: Int) -> String {
      byNumber[n]?.regionCode.flatMap { input.registry.region(code: $0)?.name.en }
        ?? "region not known"
    }
    switch input.colouring {
    case .region:
      let codes = input.registry.regions.map(\.code)
      let colours = Palette.assign(
        keys: codes, neighbours: input.geometry.regionNeighbours,
        palette: Palette.distinct(max(codes.count, 1)))
      let result = Choropleth.categorical(
        numbers: numbers,
        values: Dictionary(
          numbers.map { ($0, byNumber[$0]?.regionCode) }, uniquingKeysWith: { a, _ in a }),
        categories: codes.map {
          Choropleth.Category(
            key: $0, label: input.registry.region(code: $0)?.name.en ?? $0,
            color: colours[$0] ?? PartyStyle.unknownColor)
        }, unknownLabel: "region not known", tooltip: { "No. \($0): \(regionName($0))" })
      return (result.areas, [], [])
    case .winner:
      var values: [Int: String?] = [:]
      var categories: [Choropleth.Category] = []
      for n in numbers {
        let party = input.winners[n]?.party ?? byNumber[n]?.member?.party
        guard let party else {
          values[n] = .some(nil)
          continue
        }
        let key = input.styles.code(forNomination: party) ?? party
        values[n] = key
        if !categories.contains(where: { $0.key == key }) {
          let style = input.styles.known(key)
          categories.append(
            Choropleth.Category(
              key: key, label: style?.shortName ?? party,
              color: style?.color
                ?? PartyStyle.fallbackPalette[categories.count % PartyStyle.fallbackPalette.count]))
        }
      }
      categories.sort { $0.label < $1.label }
      let result = Choropleth.categorical(
        numbers: numbers, values: values, categories: categories,
        unknownLabel: "winner not known",
        tooltip: { n in
          "No. \(n) (\(regionName(n))): "
            + ((input.winners[n]?.name ?? byNumber[n]?.member?.name).map {
              "\($0), \(input.winners[n]?.party ?? byNumber[n]?.member?.party ?? "party not known")"
            } ?? "winner not known")
        })
      return (result.areas, result.legend, [])
    case .turnout:
      // Bands of ten percentage points from 40%, decided on integers (per mille): no floating point
      // decides a colour.
      let ramp = Choropleth.ramp(.sequential, count: 5)
      let labels = ["below 40%", "40–50%", "50–60%", "60–70%", "70% and above"]
      var areas: [Int: AreaStyle] = [:]
      var counts = [Int](repeating: 0, count: 5)
      var unknown = 0
      for n in numbers {
        if let permille = input.turnoutPerMille[n] {
          let band = min(4, max(0, (permille - 300) / 100))
          counts[band] += 1
          areas[n] = AreaStyle(
            fill: ramp[band], tooltip: "No. \(n): turnout \(permille / 10).\(permille % 10)%")
        } else {
          unknown += 1
          areas[n] = AreaStyle(fill: nil, tooltip: "No. \(n): turnout not known")
        }
      }
      var legend = labels.indices.filter { counts[$0] > 0 }.map {
        LegendEntry(swatch: .color(ramp[$0]), label: "\(labels[$0]) (\(counts[$0]))")
      }
      if unknown > 0 {
        legend.append(LegendEntry(swatch: .noData, label: "not known (\(unknown))"))
      }
      var notes: [Document.Block] = []
      if input.turnoutPerMille.isEmpty {
        notes.append(
          .notice(
            [
              .text(
                "No constituency turnout is known: the bundled data has none, and no protocols have been imported."
              )
            ], kind: .unknown))
      }
      if input.turnoutSynthetic {
        notes.append(
          .notice(
            [
              .text("Turnout here comes from imported protocols marked "), .strong("synthetic"),
              .text("."),
            ], kind: .synthetic))
      }
      return (areas, legend, notes)
    }
  }

  /// Legend lines for the units split between constituencies (drawn hatched).
  static func splitLegend(_ geometry: MapGeometry) -> [LegendEntry] {
    geometry.units.filter { $0.constituencies.count > 1 }.map { unit in
      LegendEntry(
        swatch: .split,
        label:
          "\(unit.name): split between Nos \(ConstituencySummary.listJoined(unit.constituencies.map(String.init)))"
      )
    }
  }

  /// "Hatched: …" under the map, from the units of the day that are split (none: no caption).
  static func splitCaption(_ geometry: MapGeometry) -> String? {
    let split = geometry.units.filter { $0.constituencies.count > 1 }
    guard !split.isEmpty else { return nil }
    let parts = split.map {
      "\($0.name), split between Nos \(ConstituencySummary.listJoined($0.constituencies.map(String.init)))"
    }
    return "Hatched: \(parts.joined(separator: "; ")) (where the line runs is not in the data)."
  }
}
