import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauRegistry

/// `--date YYYY-MM-DD`, defaulting to the latest day on which constituencies existed.
struct DateOptions: ParsableArguments {
  @Option(
    help:
      "The day to answer for, YYYY-MM-DD (default: the latest day on which constituencies existed)."
  )
  var date: String?

  /// Today's date in UTC, the only place the tool reads the clock.
  static var today: CalendarDate {
    let parts = Calendar(identifier: .gregorian).dateComponents(
      in: TimeZone(identifier: "UTC")!, from: Date())
    return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
  }

  func resolve(_ registry: Registry) throws -> CalendarDate {
    if let date {
      guard let parsed = CalendarDate(iso: date) else {
        throw UserError("'\(date)' is not a date of the form YYYY-MM-DD")
      }
      return parsed
    }
    guard let latest = registry.latestDateWithConstituencies(today: DateOptions.today) else {
      throw UserError("the registry has no constituencies in force")
    }
    return latest
  }

  /// The constituencies on the day, or an error that says why there are none.
  func constituencies(_ registry: Registry) throws -> (CalendarDate, [Constituency]) {
    let day = try resolve(registry)
    let found = registry.constituencies(on: day)
    if found.isEmpty {
      let spans = registry.schemes.map { s in
        "the \(s.id) set from \(s.inForce) until \(s.abolished.map { "\($0)" } ?? "now")"
      }
      if let uncertain = registry.schemes(on: day).first(where: { $0.existence == .uncertain }) {
        let s = uncertain.scheme
        throw UserError(
          "whether constituencies existed on \(day) is uncertain: the \(s.id) set came into force in \(s.inForce) and was abolished in \(s.abolished.map { "\($0)" } ?? "-"), days not known; choose another date"
        )
      }
      throw UserError("no constituencies existed on \(day); the registry has \(listJoined(spans))")
    }
    return (day, found)
  }
}

/// Loads the bundled registry, turning a dataset error into one line for the user.
func loadRegistry() throws -> Registry {
  do {
    return try BundledData.registry()
  } catch let error as DatasetError {
    throw UserError("the bundled dataset is invalid: \(error)")
  }
}

struct ConstituenciesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "constituencies",
    abstract: "List the constituencies in force on a date: number, region, seat and composition.")

  @OptionGroup var dateOptions: DateOptions
  @OptionGroup var output: OutputOptions
  @Option(help: "Only this region (code such as almaty_region, or name).")
  var region: String?

  struct Row: Codable {
    var number: Int
    var id: String
    var region: String?
    var regionCode: String?
    var seat: String?
    var composition: [String]
    var compositionNames: [String]
    var member: String?
    var party: String?
  }

  struct Listing: Codable {
    var date: String
    var scheme: String
    var seatCount: Int
    var known: Int
    var constituencies: [Row]
  }

  func run() throws {
    let registry = try loadRegistry()
    var (day, list) = try dateOptions.constituencies(registry)
    if let region {
      let match = registry.regions.first {
        $0.code == region || NameKey.key($0.name.en) == NameKey.key(region)
          || $0.name.all.contains { NameKey.key($0) == NameKey.key(region) }
      }
      guard let match else { throw UserError("'\(region)' is not a region; see `saylau regions`") }
      list = list.filter { $0.regionCode == match.code }
    }
    let scheme = registry.scheme(id: list.first?.schemeID ?? "")
    let rows = list.map { c in
      Row(
        number: c.number, id: c.id,
        region: c.regionCode.flatMap { registry.region(code: $0)?.name.en } ?? c.regionName,
        regionCode: c.regionCode, seat: c.seat, composition: c.composition.map(\.unitCode),
        compositionNames: c.composition.map { share in
          let name = registry.unit(code: share.unitCode)?.displayName ?? share.unitCode
          return (share.isPartial ? "part of " : "") + name
            + (share.basis == .sourced ? "" : " (\(share.basis.rawValue))")
        }, member: c.member?.name, party: c.member?.party)
    }
    let known = registry.constituencies.filter { $0.schemeID == scheme?.id }.count
    if output.json {
      try printJSON(
        Listing(
          date: day.description, scheme: scheme?.id ?? "", seatCount: scheme?.seatCount ?? 0,
          known: known, constituencies: rows))
      return
    }
    var table = TextTable(["No.", "Region", "Seat", "Composition"], numeric: [0])
    for row in rows {
      let whole =
        registry.constituencies(on: day).filter { $0.regionCode == row.regionCode }.count == 1
      let composition =
        row.compositionNames.isEmpty
        ? "(not known)"
        : whole ? "Entirety of \(row.region ?? "")" : row.compositionNames.joined(separator: ", ")
      table.add([String(row.number), row.region ?? "", row.seat ?? "—", composition])
    }
    print(table.render())
    if let scheme {
      var note =
        "\(rows.count) constituencies on \(day) (the \(scheme.id) set, in force from \(scheme.inForce)"
      note += scheme.abolished.map { ", abolished \($0))" } ?? ")"
      if known < scheme.seatCount {
        note += "; the registry knows \(known) of its \(scheme.seatCount) constituencies"
      }
      print("\n" + note + ".")
    }
  }
}

struct ConstituencyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "constituency",
    abstract: "Show one constituency: infobox, summary, neighbours and the history of its number.")

  @Argument(help: "The constituency's number.")
  var number: Int
  @OptionGroup var dateOptions: DateOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let registry = try loadRegistry()
    let (day, list) = try dateOptions.constituencies(registry)
    guard let c = list.first(where: { $0.number == number }) else {
      let lives = registry.history(of: number)
      var message = "there was no constituency No. \(number) on \(day)"
      if let scheme = registry.scheme(id: list.first?.schemeID ?? ""), number >= 1,
        number <= scheme.seatCount
      {
        message =
          "No. \(number) of the \(scheme.id) set (\(scheme.seatCount) constituencies) is not in the registry; it knows \(list.map { String($0.number) }.joined(separator: ", "))"
      } else if lives.isEmpty {
        message +=
          "; the registry knows numbers \(list.map(\.number).min() ?? 0)–\(list.map(\.number).max() ?? 0) on that day"
      } else {
        message +=
          "; No. \(number) existed in "
          + lives.compactMap { registry.scheme(id: $0.schemeID) }
          .map { "\($0.inForce.year)–\($0.abolished.map { String($0.year) } ?? "")" }.joined(
            separator: ", ")
      }
      throw UserError(message)
    }
    let profile = registry.profile(of: c)
    if output.json {
      try printJSON(profile)
      return
    }
    print(render(profile))
  }

  func render(_ p: ConstituencyProfile) -> String {
    var lines = [p.name.en, String(repeating: "=", count: p.name.en.count)]
    func field(_ label: String, _ value: String?) {
      guard let value, !value.isEmpty else { return }
      lines.append(label.padding(toLength: 13, withPad: " ", startingAt: 0) + value)
    }
    field("Kazakh:", p.name.kk)
    field("Russian:", p.name.ru)
    field("Region:", p.region)
    field("Seat:", p.seat)
    field(
      "Population:",
      p.population.map { "\(grouped($0)) (\(p.populationYear.map(String.init) ?? "?"))" }
        ?? "not known")
    field(
      "Electorate:",
      p.electorate.map { "\(grouped($0)) (\(p.electorateYear.map(String.init) ?? "?"))" }
        ?? "not known")
    field(
      "Established:",
      "formed \(p.formed), in force \(p.inForce)"
        + (p.history.first?.scheme != String(p.id.prefix(4)) ? " (re-established)" : ""))
    field("Abolished:", p.abolished)
    field(
      "Member:",
      p.member.map { m in
        "\(m)" + (p.party.map { " (\($0))" } ?? "")
          + (p.memberElected.map { ", elected \($0)" } ?? "")
          + (p.votePercent.map { ", \($0)%" } ?? "")
      } ?? "not known")
    if !p.compositionDetails.isEmpty {
      field(
        "Composition:",
        p.compositionDetails.map {
          ($0.partial ? "part of " : "") + $0.name + ($0.basis == "sourced" ? "" : " (\($0.basis))")
        }.joined(separator: ", "))
    }
    if !p.neighbours.isEmpty {
      field(
        "Borders:",
        p.neighbours.map { "No. \($0.number)" + ($0.region.map { " (\($0))" } ?? "") }.joined(
          separator: ", ")
          + (p.bordersBasis == "derived" ? " [derived from the geometry]" : ""))
    }
    lines.append("")
    lines.append(wrap(p.summary, width: 100))
    lines.append("")
    lines.append("History of No. \(p.number)")
    var table = TextTable(["Years", "Region", "Member", "Party", "%"])
    for life in p.history {
      table.add([
        "\(life.from.prefix(4))–\(life.until.map { String($0.prefix(4)) } ?? "")",
        life.region ?? "",
        life.member ?? "not known", life.party ?? "", life.votePercent ?? "",
      ])
    }
    lines.append(table.render())
    if p.schemeKnownCount < p.schemeSeatCount {
      lines.append(
        "(The registry knows \(p.schemeKnownCount) of the \(p.schemeSeatCount) constituencies of the \(p.id.prefix(4)) set.)"
      )
    }
    if let basis = p.abolitionBasis, p.abolished != nil {
      lines.append("")
      lines.append(wrap("Abolition: " + basis, width: 100))
    }
    return lines.joined(separator: "\n")
  }
}

/// Wraps text at word boundaries.
func wrap(_ text: String, width: Int) -> String {
  var lines: [String] = []
  var current = ""
  for word in text.split(separator: " ") {
    if current.count + word.count + 1 > width, !current.isEmpty {
      lines.append(current)
      current = String(word)
    } else {
      current += current.isEmpty ? String(word) : " " + word
    }
  }
  if !current.isEmpty { lines.append(current) }
  return lines.joined(separator: "\n")
}

struct LookupCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lookup",
    abstract:
      "Find the constituency of a district, city or region, by name (English, Kazakh, Russian) or code."
  )

  @Argument(
    help:
      "A unit or region: name in any of the three languages, dataset code, geo code or KATO code.")
  var query: String
  @OptionGroup var dateOptions: DateOptions
  @OptionGroup var output: OutputOptions

  struct Match: Codable {
    var type: String
    var code: String
    var name: String
    var nameKk: String?
    var nameRu: String?
    var region: String?
    var regionCode: String
    var constituencies: [Int]
    var partial: Bool
    var inferred: Bool
  }

  struct Answer: Codable {
    var query: String
    var date: String
    var matches: [Match]
  }

  func run() throws {
    let registry = try loadRegistry()
    let (day, list) = try dateOptions.constituencies(registry)
    let result = registry.lookup(query)
    guard !result.matches.isEmpty else {
      var message = "no district, city or region matches '\(query)'"
      if !result.suggestions.isEmpty {
        message += "; did you mean: \(result.suggestions.joined(separator: ", "))?"
      }
      throw UserError(message)
    }
    let matches = result.matches.map { target -> Match in
      switch target {
      case .unit(let u):
        let holders = list.filter { $0.composition.contains { $0.unitCode == u.code } }
        let shares = holders.flatMap { $0.composition.filter { $0.unitCode == u.code } }
        return Match(
          type: "unit", code: u.code, name: u.displayName, nameKk: u.name.kk, nameRu: u.name.ru,
          region: registry.region(code: u.regionCode)?.name.en, regionCode: u.regionCode,
          constituencies: holders.map(\.number), partial: shares.contains(where: \.isPartial),
          inferred: shares.contains(where: \.isInferred))
      case .region(let r):
        return Match(
          type: "region", code: r.code, name: r.name.en, nameKk: r.name.kk, nameRu: r.name.ru,
          region: r.name.en,
          regionCode: r.code, constituencies: list.filter { $0.regionCode == r.code }.map(\.number),
          partial: false, inferred: false)
      }
    }
    if output.json {
      try printJSON(Answer(query: query, date: day.description, matches: matches))
      return
    }
    for m in matches {
      let numbers = m.constituencies.map { "No. \($0)" }
      var line = "\(m.name) (\(m.code))"
      if m.type == "unit", let region = m.region { line += ", \(region)" }
      line += ": "
      if numbers.isEmpty {
        line += "no constituency on \(day)"
      } else if m.partial {
        line +=
          "split between \(listJoined(numbers)) on \(day) (the dividing line is not in the registry)"
      } else {
        line +=
          (numbers.count == 1 ? "constituency " : "constituencies ") + listJoined(numbers)
          + " on \(day)"
      }
      if m.inferred { line += " [inferred]" }
      print(line)
    }
  }
}

struct RegionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "regions",
    abstract:
      "List the regions and cities of republican significance with their number of constituencies.")

  @OptionGroup var dateOptions: DateOptions
  @OptionGroup var output: OutputOptions

  struct Row: Codable {
    var code: String
    var isoCode: String
    var name: LocalizedName
    var kind: String
    var administrativeCenter: String?
    var population: Int?
    var populationDate: String?
    var units: Int
    var constituencies: Int
    var constituencyNumbers: [Int]
  }

  struct Listing: Codable {
    var date: String
    var regions: [Row]
    var totalConstituencies: Int
  }

  func run() throws {
    let registry = try loadRegistry()
    let (day, list) = try dateOptions.constituencies(registry)
    let rows = registry.regions.filter { $0.exists(on: day) }.map { r in
      let numbers = list.filter { $0.regionCode == r.code }.map(\.number)
      return Row(
        code: r.code, isoCode: r.isoCode, name: r.name, kind: r.kind.rawValue,
        administrativeCenter: r.administrativeCenter, population: r.population?.value,
        populationDate: r.population.map { $0.date?.description ?? String($0.year) },
        units: registry.units(inRegion: r.code).count, constituencies: numbers.count,
        constituencyNumbers: numbers)
    }
    if output.json {
      try printJSON(Listing(date: day.description, regions: rows, totalConstituencies: list.count))
      return
    }
    var table = TextTable(
      ["Code", "Region", "Centre", "Population", "Units", "Seats", "Numbers"], numeric: [3, 4, 5])
    for r in rows {
      table.add([
        r.code, r.name.en, r.administrativeCenter ?? "",
        r.population.map { "\(grouped($0)) (\(r.populationDate ?? ""))" } ?? "not known",
        String(r.units), String(r.constituencies),
        r.constituencyNumbers.map(String.init).joined(separator: ", "),
      ])
    }
    print(table.render())
    print("\n\(list.count) constituencies on \(day).")
    if let s = registry.scheme(id: list.first?.schemeID ?? ""), s.id != "2023" {
      print(
        "Regions are shown in the 2023 division; the \(s.id) constituencies lay in the regions of their time."
      )
    }
  }
}
