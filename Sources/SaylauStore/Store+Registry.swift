import Foundation
import SaylauCore
import SaylauRegistry

extension Store {
  /// The registry as the database holds it: every region, unit, scheme and life of every constituency,
  /// rebuilt as the domain value (equal to the `Registry` the database was seeded with).
  ///
  /// - Throws: `StoreError` of kind `database` when a row cannot be read back (a NULL in a required
  ///   column, a date or a code that is not one), naming the table, the row and the column.
  public func registry() async throws -> Registry {
    let schemes = try await backend.query("SELECT * FROM constituency_schemes ORDER BY id").map {
      row in
      let r = RegistryRows.Reader("constituency_schemes", row, key: "id")
      guard let formed = try r.historical("formed") else { throw r.error("formed", "is NULL") }
      guard let inForce = try r.historical("in_force") else {
        throw r.error("in_force", "is NULL")
      }
      let days = try r.strings("election_days").map { text in
        guard let day = CalendarDate(iso: text) else {
          throw r.error("election_days", "'\(text)' is not a date")
        }
        return day
      }
      return ConstituencyScheme(
        id: try r.required("id"), seatCount: try r.requiredInt("seat_count"), formed: formed,
        inForce: inForce, abolished: try r.historical("abolished"), electionDays: days,
        legalBasis: try r.required("legal_basis"), abolitionBasis: r.text("abolition_basis"),
        sources: try r.strings("sources"))
    }
    let regions = try await backend.query("SELECT * FROM regions ORDER BY position, code").map {
      row in
      let r = RegistryRows.Reader("regions", row, key: "code")
      return Region(
        code: try r.required("code"), isoCode: try r.required("iso_code"),
        katoPrefix: try r.required("kato_prefix"),
        name: LocalizedName(
          en: try r.required("name_en"), kk: r.text("name_kk"), ru: r.text("name_ru")),
        kind: try r.raw("kind", as: RegionKind.self),
        administrativeCenter: r.text("administrative_center"),
        population: try r.count("population"), census2021: try r.count("census_2021"),
        established: try r.day("established"), territoryChanged: try r.day("territory_changed"),
        notes: r.text("notes"))
    }
    var geoCodes: [String: [String]] = [:]
    for row in try await backend.query(
      "SELECT unit_code, geo_code FROM unit_geo_codes ORDER BY unit_code, position, geo_code")
    {
      geoCodes[row[0].text ?? "", default: []].append(row[1].text ?? "")
    }
    let units = try await backend.query("SELECT * FROM units ORDER BY position, code").map { row in
      let r = RegistryRows.Reader("units", row, key: "code")
      let code = try r.required("code")
      return AdministrativeUnit(
        code: code,
        name: LocalizedName(
          en: try r.required("name_en"), kk: r.text("name_kk"), ru: r.text("name_ru")),
        regionCode: try r.required("region_code"), kind: try r.raw("kind", as: UnitKind.self),
        population: try r.count("population"), census2021: try r.count("census_2021"),
        geoCodes: geoCodes[code] ?? [], hostGeoCode: r.text("host_geo_code"), kato: r.text("kato"),
        notes: r.text("notes"))
    }
    var compositions: [String: [UnitShare]] = [:]
    // `is_inferred` is not read: it is derivable from the basis (and kept only because migration 1 made
    // the column NOT NULL).
    for row in try await backend.query(
      "SELECT constituency_id, unit_code, is_partial, basis FROM constituency_units ORDER BY constituency_id, position"
    ) {
      let r = RegistryRows.Reader("constituency_units", row, key: "constituency_id")
      compositions[try r.required("constituency_id"), default: []].append(
        UnitShare(
          unitCode: try r.required("unit_code"), isPartial: r.bool("is_partial"),
          basis: try r.raw("basis", as: Basis.self)))
    }
    var borders: [String: [Int]] = [:]
    for row in try await backend.query(
      "SELECT constituency_id, neighbour_number FROM constituency_borders ORDER BY constituency_id, neighbour_number"
    ) {
      borders[row[0].text ?? "", default: []].append(row[1].int ?? 0)
    }
    let constituencies = try await backend.query("SELECT * FROM constituencies ORDER BY id").map {
      row in
      let r = RegistryRows.Reader("constituencies", row, key: "id")
      let id = try r.required("id")
      var member: Member?
      if let name = r.text("member_name") {
        member = Member(
          name: name, party: r.text("member_party"), elected: try r.requiredInt("member_elected"),
          votePercent: r.text("member_vote_percent"), source: r.text("member_source"))
      }
      return Constituency(
        schemeID: try r.required("scheme_id"), number: try r.requiredInt("number"),
        regionCode: r.text("region_code"), regionName: r.text("region_name"), seat: r.text("seat"),
        composition: compositions[id] ?? [], population: try r.count("population"),
        electorate: try r.count("electorate"), borders: borders[id] ?? [],
        bordersBasis: try r.text("borders_basis").map { _ in
          try r.raw("borders_basis", as: Basis.self)
        },
        member: member, notes: r.text("notes"), sources: try r.strings("sources"))
    }
    return Registry(
      regions: regions, units: units, schemes: schemes, constituencies: constituencies)
  }

  /// The statements that write `registry` into the registry tables: an upsert by key for regions and units
  /// (plans refer to units, so they are updated in place, never dropped and re-created), and a fresh copy of
  /// the schemes, constituencies, compositions, borders and geo codes.
  static func registryStatements(_ registry: Registry) -> [SQLStatement] {
    var statements = [
      "constituency_borders", "constituency_units", "constituencies", "constituency_schemes",
      "unit_geo_codes",
    ].map { SQLStatement("DELETE FROM \($0)") }
    statements += upsert(
      into: "regions", columns: RegistryRows.regionColumns, key: "code",
      rows: registry.regions.enumerated().map { RegistryRows.values($1, position: $0) })
    statements += upsert(
      into: "units", columns: RegistryRows.unitColumns, key: "code",
      rows: registry.units.enumerated().map { RegistryRows.values($1, position: $0) })
    let unitCodes = Set(registry.units.map(\.code))
    let regionCodes = Set(registry.regions.map(\.code))
    // Rows the registry no longer has (a plan that still names such a unit makes this fail, and the
    // whole write rolls back).
    statements += delete(from: "units", keeping: unitCodes)
    statements += delete(from: "regions", keeping: regionCodes)
    statements += SQLStatement.insert(
      into: "unit_geo_codes", columns: ["unit_code", "geo_code", "position"],
      rows: registry.units.flatMap { u in
        u.geoCodes.enumerated().map { [.text(u.code), .text($1), .int($0)] }
      })
    statements += SQLStatement.insert(
      into: "constituency_schemes", columns: RegistryRows.schemeColumns,
      rows: registry.schemes.map(RegistryRows.values))
    statements += SQLStatement.insert(
      into: "constituencies", columns: RegistryRows.constituencyColumns,
      rows: registry.constituencies.map {
        RegistryRows.values($0, scheme: registry.scheme(id: $0.schemeID))
      })
    statements += SQLStatement.insert(
      into: "constituency_units",
      columns: ["constituency_id", "position", "unit_code", "is_partial", "is_inferred", "basis"],
      rows: registry.constituencies.flatMap { c in
        c.composition.enumerated().map { i, share in
          [
            .text(c.id), .int(i), .text(share.unitCode), SQLValue(share.isPartial),
            SQLValue(share.isInferred), .text(share.basis.rawValue),
          ]
        }
      })
    statements += SQLStatement.insert(
      into: "constituency_borders", columns: ["constituency_id", "neighbour_number"],
      rows: registry.constituencies.flatMap { c in c.borders.map { [.text(c.id), .int($0)] } })
    return statements
  }

  /// `INSERT … ON CONFLICT (key) DO UPDATE` (SQLite 3.24+ and PostgreSQL spell it the same).
  static func upsert(into table: String, columns: [String], key: String, rows: [[SQLValue]])
    -> [SQLStatement]
  {
    let update = columns.filter { $0 != key }.map { "\($0) = excluded.\($0)" }.joined(
      separator: ", ")
    return SQLStatement.insert(into: table, columns: columns, rows: rows).map {
      SQLStatement($0.sql + " ON CONFLICT (\(key)) DO UPDATE SET \(update)", $0.arguments)
    }
  }

  static func delete(from table: String, keeping codes: Set<String>) -> [SQLStatement] {
    guard !codes.isEmpty else { return [SQLStatement("DELETE FROM \(table)")] }
    let sorted = codes.sorted()
    let marks = Array(repeating: "?", count: sorted.count).joined(separator: ", ")
    return [
      SQLStatement("DELETE FROM \(table) WHERE code NOT IN (\(marks))", sorted.map { .text($0) })
    ]
  }
}
