import Foundation
import SaylauCore
import SaylauRegistry

/// Reads the registry from the dataset's CSV files and validates it.
///
/// The loader refuses a dataset that breaks an invariant, with an error that names the file, line and
/// field: numbers unique within a scheme, every unit of a region in exactly one constituency (a split unit
/// in each of its parts), borders symmetric and agreeing with the geometry-derived ones, seats per region
/// matching the constituencies, and every code resolving.
public struct RegistryLoader: Sendable {
  /// The folder holding the dataset files.
  public var directory: URL

  public init(directory: URL) { self.directory = directory }

  static let files = (
    regions: "regions.csv", units: "admin_units.csv", schemes: "constituency_schemes.csv",
    bases: "composition_bases.csv"
  )

  /// How a scheme's constituency file is laid out (columns of `constituency_schemes.csv`): the file, the
  /// columns naming each life's member, and, for a scheme whose composition the data knows in full, the
  /// columns of the unit and region tables that must agree with it.
  struct SchemeFile {
    var scheme: ConstituencyScheme
    var file: String
    var memberColumn: String?
    var partyColumn: String?
    var votePercentColumn: String?
    var unitColumn: String?
    var regionSeatsColumn: String?
    var regionUnitsColumn: String?
  }

  func table(_ name: String, columns: [String]) throws -> CSVTable {
    try datasetTable(name, in: directory, columns: columns)
  }

  /// Loads and validates the registry.
  public func load() throws -> Registry {
    let regions = try loadRegions()
    let regionCodes = Set(regions.map(\.code))
    let units = try loadUnits(regionCodes: regionCodes)
    let files = try loadSchemes()
    let schemes = files.map(\.scheme)
    var constituencies: [Constituency] = []
    for f in files {
      constituencies += try loadConstituencies(f, regions: regions, units: units)
    }
    try applyCompositionBases(&constituencies)
    let registry = Registry(
      regions: regions, units: units, schemes: schemes, constituencies: constituencies)
    for c in constituencies where registry.scheme(id: c.schemeID) == nil {
      throw DatasetError(
        file: Self.files.schemes,
        message: "scheme '\(c.schemeID)' used by constituency \(c.id) is not defined")
    }
    return registry
  }

  private func loadRegions() throws -> [Region] {
    let t = try table(
      Self.files.regions,
      columns: [
        "code", "iso_3166_2", "kato_prefix", "name_en", "name_kk", "name_ru", "kind", "population",
        "population_date", "population_year", "smd_seats_2023", "admin_units_2023",
      ])
    var seen = Set<String>()
    return try t.records.map { r in
      let code = try r.required("code")
      guard seen.insert(code).inserted else { throw r.error("code", "'\(code)' appears twice") }
      guard let kind = RegionKind(rawValue: try r.required("kind")) else {
        throw r.error(
          "kind", "'\(r.optional("kind") ?? "")' is not region or city_of_republican_significance")
      }
      return Region(
        code: code, isoCode: try r.required("iso_3166_2"),
        katoPrefix: try r.required("kato_prefix"),
        name: LocalizedName(
          en: try r.required("name_en"), kk: r.optional("name_kk"), ru: r.optional("name_ru")),
        kind: kind, administrativeCenter: r.optional("administrative_center"),
        population: try count(
          r, value: "population", year: "population_year", date: "population_date",
          source: "population_source"),
        census2021: try count(
          r, value: "census_2021_population", year: nil, date: nil,
          source: "census_2021_source", fixedYear: 2021),
        established: try r.optionalDate("established"),
        territoryChanged: try r.optionalDate("territory_changed"),
        notes: r.optional("notes"))
    }
  }

  private func count(
    _ r: CSVTable.Record, value: String, year: String?, date: String?, source: String?,
    fixedYear: Int? = nil,
    note: String? = nil
  ) throws -> DatedCount? {
    guard let v = try r.optionalInt(value) else { return nil }
    guard v >= 0 else { throw r.error(value, "\(v) is negative") }
    let d = try date.flatMap { try r.optionalDate($0) }
    guard let y = try year.flatMap({ try r.optionalInt($0) }) ?? d?.year ?? fixedYear else {
      throw r.error(year ?? value, "a count needs the year it refers to")
    }
    return DatedCount(
      value: v, year: y, date: d, source: source.flatMap { r.optional($0) }, note: note)
  }

  private func loadUnits(regionCodes: Set<String>) throws -> [AdministrativeUnit] {
    let t = try table(
      Self.files.units,
      columns: [
        "code", "name_en", "name_kk", "name_ru", "region_code", "kind", "population",
        "population_date",
        "constituency_2023", "geo_code", "host_geo_code", "kato",
      ])
    var seen = Set<String>()
    return try t.records.map { r in
      let code = try r.required("code")
      guard seen.insert(code).inserted else { throw r.error("code", "'\(code)' appears twice") }
      let region = try r.required("region_code")
      guard regionCodes.contains(region) else {
        throw r.error("region_code", "'\(region)' is not a region code")
      }
      guard code.hasPrefix(region + ".") else {
        throw r.error("code", "'\(code)' does not start with its region code '\(region).'")
      }
      guard let kind = UnitKind(rawValue: try r.required("kind")) else {
        throw r.error(
          "kind", "'\(r.optional("kind") ?? "")' is not district, city or city_district")
      }
      let geoCodes = r.list("geo_code")
      let host = r.optional("host_geo_code")
      if host != nil && !geoCodes.isEmpty {
        throw r.error(
          "host_geo_code",
          "is only for a unit without a polygon of its own; this one has \(geoCodes)")
      }
      return AdministrativeUnit(
        code: code,
        name: LocalizedName(
          en: try r.required("name_en"), kk: r.optional("name_kk"), ru: r.optional("name_ru")),
        regionCode: region, kind: kind,
        population: try count(
          r, value: "population", year: nil, date: "population_date",
          source: "population_source"),
        census2021: try count(
          r, value: "census_2021_population", year: nil, date: nil,
          source: "census_2021_source", fixedYear: 2021),
        geoCodes: geoCodes, hostGeoCode: host, kato: r.optional("kato"),
        notes: r.optional("notes"))
    }
  }

  private func loadSchemes() throws -> [SchemeFile] {
    let t = try table(
      Self.files.schemes,
      columns: [
        "id", "seat_count", "formed", "in_force", "abolished", "election_days", "legal_basis",
        "sources", "file", "member_column", "party_column", "vote_pct_column", "unit_column",
        "region_seats_column", "region_units_column",
      ])

    var seen = Set<String>()
    return try t.records.map { r in
      let id = try r.required("id")
      guard seen.insert(id).inserted else { throw r.error("id", "'\(id)' appears twice") }
      guard let formed = try r.optionalHistoricalDate("formed") else {
        throw r.error("formed", "is blank but required")
      }
      guard let inForce = try r.optionalHistoricalDate("in_force") else {
        throw r.error("in_force", "is blank but required")
      }
      let abolished = try r.optionalHistoricalDate("abolished")
      if let abolished, abolished.latest <= inForce.earliest {
        throw r.error("abolished", "\(abolished) is not after in_force \(inForce)")
      }
      let days = try r.list("election_days").map { text in
        guard let d = CalendarDate(iso: text) else {
          throw r.error("election_days", "'\(text)' is not a date")
        }
        return d
      }
      let scheme = ConstituencyScheme(
        id: id, seatCount: try r.requiredInt("seat_count"), formed: formed, inForce: inForce,
        abolished: abolished, electionDays: days, legalBasis: try r.required("legal_basis"),
        abolitionBasis: r.optional("abolition_basis"),
        sources: r.list("sources"))
      return SchemeFile(
        scheme: scheme, file: try r.required("file"), memberColumn: r.optional("member_column"),
        partyColumn: r.optional("party_column"), votePercentColumn: r.optional("vote_pct_column"),
        unitColumn: r.optional("unit_column"), regionSeatsColumn: r.optional("region_seats_column"),
        regionUnitsColumn: r.optional("region_units_column"))
    }
  }

  private func numbers(_ r: CSVTable.Record, _ field: String) throws -> [Int] {
    try r.list(field).map { text in
      guard let n = Int(text), n > 0 else {
        throw r.error(field, "'\(text)' is not a constituency number")
      }
      return n
    }
  }

  /// Reads one scheme's constituency file. Rows give a region by code (`region_code`) or, for a scheme of
  /// an earlier division, by the name it bore then (`region`, "Almaty (city)"); a composition where the file
  /// has one; borders published and geometry-derived, which must agree. A scheme whose composition the data
  /// knows in full is then validated against the unit and region tables.
  private func loadConstituencies(
    _ f: SchemeFile, regions: [Region], units: [AdministrativeUnit]
  ) throws -> [Constituency] {
    let file = f.file
    let t = try table(file, columns: ["number", "seat", "notes", "source"])
    let unitByCode = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) })
    // The year of the scheme's first election: the year its members were elected.
    let electedYear = f.scheme.electionDays.min()?.year ?? f.scheme.inForce.year
    var result: [Constituency] = []
    var lineOf: [Int: Int] = [:]
    for r in t.records {
      let number = try r.requiredInt("number")
      guard number > 0 else { throw r.error("number", "\(number) is not a positive number") }
      guard lineOf[number] == nil else {
        throw r.error(
          "number", "constituency \(number) appears twice (first on line \(lineOf[number]!))")
      }
      lineOf[number] = r.line
      let region: Region
      var regionName: String?
      if let code = r.optional("region_code") {
        guard let found = regions.first(where: { $0.code == code }) else {
          throw r.error("region_code", "'\(code)' is not a region code")
        }
        region = found
        regionName = found.name.en
      } else {
        let name = try r.required("region")
        // A region of that time, by its name; "(city)" marks a city of republican significance.
        let isCity = name.hasSuffix("(city)")
        let bare = isCity ? String(name.dropLast(6)).trimmingCharacters(in: .whitespaces) : name
        guard
          let found = regions.first(where: {
            $0.name.en == bare && (isCity ? $0.kind == .cityOfRepublicanSignificance : true)
          })
        else { throw r.error("region", "'\(name)' matches no region") }
        region = found
        regionName = name
      }
      var shares: [UnitShare] = []
      for (field, basis) in [("composition", Basis.sourced), ("composition_inferred", .inferred)] {
        for entry in r.list(field) {
          let partial = entry.hasSuffix(":part")
          let code = partial ? String(entry.dropLast(5)) : entry
          guard let unit = unitByCode[code] else {
            throw r.error(field, "unit '\(code)' is not in \(Self.files.units)")
          }
          guard unit.regionCode == region.code else {
            throw r.error(field, "unit '\(code)' lies in \(unit.regionCode), not in \(region.code)")
          }
          guard !shares.contains(where: { $0.unitCode == code }) else {
            throw r.error(field, "unit '\(code)' is listed twice")
          }
          shares.append(UnitShare(unitCode: code, isPartial: partial, basis: basis))
        }
      }
      let published = try numbers(r, "borders")
      let derived = try numbers(r, "borders_derived")
      if !published.isEmpty, !derived.isEmpty, Set(published) != Set(derived) {
        throw r.error(
          "borders",
          "published borders \(published.sorted()) disagree with the geometry-derived \(derived.sorted())"
        )
      }
      if published.contains(number) {
        throw r.error("borders", "constituency \(number) borders itself")
      }
      let borders = published.isEmpty ? derived : published
      let bordersBasis: Basis? = published.isEmpty ? (derived.isEmpty ? nil : .derived) : .sourced
      let sources = (r.optional("source") ?? "").components(separatedBy: "; ").filter {
        !$0.isEmpty
      }
      var member: Member?
      if let column = f.memberColumn, let name = r.optional(column) {
        member = Member(
          name: name, party: f.partyColumn.flatMap { r.optional($0) }, elected: electedYear,
          votePercent: f.votePercentColumn.flatMap { r.optional($0) }, source: sources.first)
      }
      let population = try count(
        r, value: "population", year: "population_year", date: nil, source: nil,
        note: "as published in the constituency article's infobox")
      let electorate = try count(
        r, value: "electorate", year: "electorate_year", date: nil, source: "electorate_source")
      var notes = [
        r.optional("composition_status").map { "Composition: \($0)" }, r.optional("notes"),
      ]
      .compactMap { $0 }
      if let source = r.optional("borders_source"), !published.isEmpty {
        notes.append("Borders: \(source)")
      }
      if r.optional("region_code") == nil {
        notes.append("Region as named then, within its borders of that time.")
      }
      result.append(
        Constituency(
          schemeID: f.scheme.id, number: number, regionCode: region.code, regionName: regionName,
          seat: r.optional("seat"), composition: shares, population: population,
          electorate: electorate, borders: borders.sorted(), bordersBasis: bordersBasis,
          member: member, notes: notes.isEmpty ? nil : notes.joined(separator: " "),
          sources: sources))
    }
    try validateBorders(result, file: file, lineOf: lineOf)
    if f.unitColumn != nil || f.regionSeatsColumn != nil {
      guard result.count == f.scheme.seatCount else {
        throw DatasetError(
          file: file,
          message:
            "the scheme is validated as complete but the file has \(result.count) of its \(f.scheme.seatCount) constituencies"
        )
      }
      try validateComposition(result, f, lineOf: lineOf, units: units)
    }
    return result
  }

  /// Borders name constituencies of the same file and are symmetric.
  private func validateBorders(_ constituencies: [Constituency], file: String, lineOf: [Int: Int])
    throws
  {
    let byNumber = Dictionary(uniqueKeysWithValues: constituencies.map { ($0.number, $0) })
    for c in constituencies {
      for n in c.borders {
        guard let other = byNumber[n] else {
          throw DatasetError(
            file: file, line: lineOf[c.number], field: "borders",
            message: "constituency \(n) does not exist")
        }
        if !other.borders.isEmpty, !other.borders.contains(c.number) {
          throw DatasetError(
            file: file, line: lineOf[c.number], field: "borders",
            message:
              "No. \(c.number) borders No. \(n), but No. \(n) (line \(lineOf[n]!)) does not list No. \(c.number)"
          )
        }
      }
    }
  }

  /// A scheme known in full: every unit in exactly one constituency (a split unit only in parts, in two or
  /// more), the unit table's column agreeing, and the region table's seats and unit counts matching.
  private func validateComposition(
    _ constituencies: [Constituency], _ f: SchemeFile, lineOf: [Int: Int],
    units: [AdministrativeUnit]
  ) throws {
    let file = f.file
    var holders: [String: [(number: Int, partial: Bool)]] = [:]
    for c in constituencies {
      for share in c.composition {
        holders[share.unitCode, default: []].append((c.number, share.isPartial))
      }
    }
    if let unitColumn = f.unitColumn {
      let unitTable = try table(Self.files.units, columns: ["code", unitColumn])
      for r in unitTable.records {
        let code = try r.required("code")
        let held = holders[code] ?? []
        if held.isEmpty {
          throw r.error("code", "unit '\(code)' is in no constituency of \(file)")
        }
        if held.count == 1, held[0].partial {
          throw DatasetError(
            file: file, line: lineOf[held[0].number], field: "composition",
            message: "unit '\(code)' is marked ':part' but no other constituency holds the rest")
        }
        if held.count > 1, held.contains(where: { !$0.partial }) {
          let numbers = held.map { String($0.number) }.joined(separator: ", ")
          throw DatasetError(
            file: file, line: lineOf[held[0].number], field: "composition",
            message:
              "unit '\(code)' is in constituencies \(numbers); a unit in several must be ':part' in each"
          )
        }
        // The unit file's own column must agree ("25?" marks an inferred assignment).
        let listed = r.list(unitColumn).map { $0.replacingOccurrences(of: "?", with: "") }
        let expected = held.map { String($0.number) }
        if Set(listed) != Set(expected) {
          throw r.error(
            unitColumn,
            "says \(listed.joined(separator: ";")) but \(file) puts the unit in \(expected.joined(separator: ";"))"
          )
        }
      }
    }
    guard let seatsColumn = f.regionSeatsColumn else { return }
    var columns = ["code", seatsColumn]
    if let u = f.regionUnitsColumn { columns.append(u) }
    for r in try table(Self.files.regions, columns: columns).records {
      let code = try r.required("code")
      let seats = try r.requiredInt(seatsColumn)
      let actual = constituencies.filter { $0.regionCode == code }.count
      guard seats == actual else {
        throw r.error(
          seatsColumn, "says \(seats) but \(file) has \(actual) constituencies in '\(code)'")
      }
      guard seats >= 1 else {
        throw r.error(seatsColumn, "every region has at least one constituency")
      }
      if let unitsColumn = f.regionUnitsColumn, let unitCount = try r.optionalInt(unitsColumn) {
        let actualUnits = units.filter { $0.regionCode == code }.count
        guard unitCount == actualUnits else {
          throw r.error(
            unitsColumn,
            "says \(unitCount) but \(Self.files.units) has \(actualUnits) units in '\(code)'")
        }
      }
    }
  }

  /// Applies `composition_bases.csv`: units whose membership the dataset's status text calls deduced,
  /// recorded one per row so the flag can travel with the unit.
  private func applyCompositionBases(_ constituencies: inout [Constituency]) throws {
    let t = try table(
      Self.files.bases, columns: ["scheme", "number", "unit", "basis", "reason", "source"])
    for r in t.records {
      let scheme = try r.required("scheme")
      let number = try r.requiredInt("number")
      let unit = try r.required("unit")
      guard let basis = Basis(rawValue: try r.required("basis")), basis != .derived else {
        throw r.error("basis", "'\(r.optional("basis") ?? "")' is not sourced, deduced or inferred")
      }
      _ = try r.required("reason")
      guard
        let i = constituencies.firstIndex(where: { $0.schemeID == scheme && $0.number == number })
      else {
        throw r.error("number", "constituency \(number) of scheme \(scheme) does not exist")
      }
      guard let j = constituencies[i].composition.firstIndex(where: { $0.unitCode == unit }) else {
        throw r.error("unit", "'\(unit)' is not in the composition of No. \(number)")
      }
      constituencies[i].composition[j].basis = basis
    }
  }

}
