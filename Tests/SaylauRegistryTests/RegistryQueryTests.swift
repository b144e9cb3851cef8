import SaylauCore
import SaylauRegistry
import Testing

/// The registry's date semantics, look-ups and profiles on a small made-up country (two regions, four
/// units, two schemes), so that every rule is seen without the bundled data.
@Suite struct RegistryQueryTests {
  static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

  /// The old scheme is known to the year at both ends and has an election day; the new one is exact.
  static let registry: Registry = {
    let regions = [
      Region(
        code: "north", isoCode: "XX-1", katoPrefix: "1", name: LocalizedName(en: "North Region"),
        kind: .region),
      Region(
        code: "south", isoCode: "XX-2", katoPrefix: "2",
        name: LocalizedName(en: "South Region", ru: "Южная область"),
        kind: .region, established: day("2020-01-01")),
    ]
    let units = [
      AdministrativeUnit(
        code: "north.a", name: LocalizedName(en: "Alpha"), regionCode: "north", kind: .district,
        geoCodes: ["G1"]),
      AdministrativeUnit(
        code: "north.b", name: LocalizedName(en: "Beta"), regionCode: "north", kind: .city,
        hostGeoCode: "G1"),
      AdministrativeUnit(
        code: "south.c", name: LocalizedName(en: "Gamma"), regionCode: "south", kind: .district,
        geoCodes: ["G3"]),
      AdministrativeUnit(
        code: "south.d", name: LocalizedName(en: "Delta"), regionCode: "south", kind: .district,
        geoCodes: ["G4"]),
    ]
    let old = ConstituencyScheme(
      id: "old", seatCount: 5, formed: HistoricalDate(year: 1990),
      inForce: HistoricalDate(year: 1990),
      abolished: HistoricalDate(year: 1995), electionDays: [day("1990-06-10")],
      legalBasis: "old law",
      abolitionBasis: "ended", sources: [])
    let new = ConstituencyScheme(
      id: "new", seatCount: 3, formed: HistoricalDate(iso: "2019-12-01")!,
      inForce: HistoricalDate(iso: "2020-01-01")!, abolished: nil,
      electionDays: [day("2020-03-01")],
      legalBasis: "new law", abolitionBasis: nil, sources: [])
    func c(_ scheme: String, _ n: Int, _ region: String, _ units: [UnitShare], borders: [Int] = [])
      -> Constituency
    {
      Constituency(
        schemeID: scheme, number: n, regionCode: region, regionName: nil, seat: nil,
        composition: units, population: nil, electorate: nil, borders: borders, bordersBasis: nil,
        member: nil, notes: nil, sources: [])
    }
    return Registry(
      regions: regions, units: units, schemes: [new, old],
      constituencies: [
        c("old", 4, "north", []),
        c(
          "new", 1, "north",
          [UnitShare(unitCode: "north.a"), UnitShare(unitCode: "north.b", basis: .inferred)],
          borders: [2]),
        c(
          "new", 2, "south",
          [UnitShare(unitCode: "south.c"), UnitShare(unitCode: "south.d", isPartial: true)],
          borders: [1, 3]),
        c(
          "new", 3, "south", [UnitShare(unitCode: "south.d", isPartial: true, basis: .deduced)],
          borders: [2]),
      ])
  }()

  var registry: Registry { Self.registry }

  @Test(arguments: [
    ("1989-12-31", NoConstituencies.Position.beforeFirstScheme),
    ("1996-01-01", .betweenSchemes), ("2019-12-31", .betweenSchemes),
  ])
  func certainlyNone(day: String, position: NoConstituencies.Position) {
    #expect(throws: RegistryDateError.self) { try registry.constituencies(on: Self.day(day)) }
    do throws(RegistryDateError) {
      _ = try registry.constituencies(on: Self.day(day))
    } catch {
      #expect(error.existence == .didNotExist)
      guard case .noneOnDate(let reason) = error else { return }
      #expect(reason.position == position)
    }
  }

  @Test func yearOnlyBoundsAreUncertainWithTheNearestCertainDay() {
    do throws(RegistryDateError) {
      _ = try registry.constituencies(on: Self.day("1990-03-01"))
      Issue.record("1990-03-01 is uncertain")
    } catch {
      guard case .uncertain(let scheme, let why) = error else {
        Issue.record("\(error)")
        return
      }
      #expect(scheme.id == "old" && why.bound == .inForce)
      #expect(why.nearestCertainDay == Self.day("1990-06-10"))
      #expect(
        error.description
          == "whether constituencies existed on 1990-03-01 is uncertain: the old set came into force in 1990, day not known (the first day it certainly existed is 1990-06-10)"
      )
    }
    do throws(RegistryDateError) {
      _ = try registry.constituencies(on: Self.day("1995-06-01"))
    } catch {
      guard case .uncertain(_, let why) = error else { return }
      #expect(why.bound == .abolished)
      #expect(why.nearestCertainDay == Self.day("1994-12-31"))
    }
  }

  @Test func certainDaysListTheirConstituencies() throws {
    #expect(try registry.constituencies(on: Self.day("1992-01-01")).map(\.id) == ["old-4"])
    #expect(try registry.constituencies(on: Self.day("2030-01-01")).map(\.number) == [1, 2, 3])
    #expect(registry.day(nil, today: Self.day("2031-05-05")) == Self.day("2031-05-05"))
    #expect(
      registry.day(Self.day("1992-01-01"), today: Self.day("2031-05-05")) == Self.day("1992-01-01"))
  }

  @Test func lifeOfANumberSaysWhyItHasNone() {
    let today = Self.day("2030-01-01")
    #expect((try? registry.life(number: 2, on: today))?.id == "new-2")
    #expect(throws: ConstituencyQueryError.self) { try registry.life(number: 4, on: today) }
    do throws(ConstituencyQueryError) {
      _ = try registry.life(number: 4, on: today)
    } catch {
      #expect(error.description.contains("No. 4 existed in 1990–1995"), "\(error)")
    }
    do throws(ConstituencyQueryError) {
      _ = try registry.life(number: 3, on: Self.day("1992-01-01"))
    } catch {
      guard case .notInRegistry(_, let scheme, let known) = error else {
        Issue.record("\(error)")
        return
      }
      #expect(scheme.id == "old" && known == [4])
    }
    do throws(ConstituencyQueryError) {
      _ = try registry.life(number: 1, on: Self.day("1990-03-01"))
    } catch {
      guard case .date(let date) = error else { return }
      #expect(date.existence == .uncertain)
    }
  }

  @Test func lookUpsCarryTheSplitAndInferredFlags() throws {
    let today = Self.day("2030-01-01")
    let split = try registry.answer(unit: "south.d", on: today)
    #expect(split.constituencies.map(\.number) == [2, 3])
    #expect(split.isAmbiguous)
    #expect(split.matches.first?.isPartial == true)
    #expect(split.notes == [.split(unit: "Delta District", numbers: [2, 3])])
    let inferred = try registry.answer("Beta", on: today)
    #expect(inferred.matches.first?.isInferred == true)
    #expect(inferred.constituencies.map(\.number) == [1])
    let region = try registry.answer("Южная область", on: today)
    #expect(region.constituencies.map(\.number) == [2, 3])
    // A polygon that hosts a unit without one holds both; the answer says so.
    let polygon = try registry.answer(
      units: ["north.a", "north.b"], polygon: .init(geoCode: "G1", name: "Alpha"),
      point: .init(latitude: 1, longitude: 2), on: today)
    #expect(polygon.notes.contains(.sharedPolygon(geoCode: "G1", units: ["north.a", "north.b"])))
    #expect(throws: LookupError.self) { try registry.answer("Zeta", on: today) }
    #expect(throws: LookupError.self) { try registry.answer(unit: "nowhere", on: today) }
    do throws(LookupError) {
      _ = try registry.answer("Alpha", on: Self.day("2019-12-31"))
    } catch {
      guard case .date(let date) = error else {
        Issue.record("\(error)")
        return
      }
      #expect(date.existence == .didNotExist)
    }
  }

  @Test func regionsMatchByCodeOrAnyName() {
    #expect(registry.region(matching: "north")?.code == "north")
    #expect(registry.region(matching: "south region")?.code == "south")
    #expect(registry.region(matching: "Южная область")?.code == "south")
    #expect(registry.region(matching: "west") == nil)
  }

  @Test func profilesHoldFactsWithTypedBases() throws {
    let one = try registry.life(number: 1, on: Self.day("2030-01-01"))
    let p = registry.profile(of: one)
    #expect(p.coversWholeRegion)
    #expect(p.isSchemeComplete)
    #expect(p.regionConstituencyCount == 1)
    #expect(p.compositionDetails.map(\.basis) == [.sourced, .inferred])
    #expect(p.compositionDetails.map(\.kind) == [.district, .city])
    let two = registry.profile(of: try registry.life(number: 2, on: Self.day("2030-01-01")))
    #expect(!two.coversWholeRegion)
    #expect(two.regionConstituencyCount == 2)
    let old = registry.profile(of: registry.history(of: 4)[0])
    #expect(!old.isSchemeComplete)
    #expect(old.abolished == HistoricalDate(year: 1995))
  }
}
