import Foundation
import SaylauCore
import SaylauGeo
import SaylauRegistry
import Testing

@testable import SaylauData

let bundled: Registry = try! BundledData.registry()
let election2023 = CalendarDate(iso: "2023-03-19")!

@Suite struct BundledRegistryTests {
  @Test func hasTheDivisionOfTheElection() {
    #expect(bundled.regions.count == 20)
    #expect(
      bundled.regions.filter { $0.kind == .cityOfRepublicanSignificance }.map(\.code).sorted()
        == ["almaty_city", "astana", "shymkent"])
    #expect(bundled.units.count == 221)
    #expect(bundled.units.filter { $0.kind == .district }.count == 166)
    #expect((try! bundled.constituencies(on: election2023)).map(\.number) == Array(1...29))
  }

  @Test func everyRegionHasAtLeastOneConstituencyAndNoneCrossesABorder() {
    let list = (try! bundled.constituencies(on: election2023))
    for region in bundled.regions {
      #expect(list.contains { $0.regionCode == region.code }, "\(region.code) has no constituency")
    }
    for c in list {
      for share in c.composition {
        #expect(bundled.unit(code: share.unitCode)?.regionCode == c.regionCode)
      }
    }
  }

  @Test func seatsPerRegionAsPublished() {
    // vlast.kz (rules.md A6.3): Almaty city and Turkistan 3; Astana, Shymkent, Almaty Region, Jambyl and
    // Karaganda 2; the other 13 one each.
    let list = (try! bundled.constituencies(on: election2023))
    var seats: [String: Int] = [:]
    for c in list { seats[c.regionCode!, default: 0] += 1 }
    #expect(seats["almaty_city"] == 3)
    #expect(seats["turkistan"] == 3)
    for code in ["astana", "shymkent", "almaty_region", "jambyl", "karaganda"] {
      #expect(seats[code] == 2)
    }
    #expect(seats.values.filter { $0 == 1 }.count == 13)
  }

  @Test func constituency12MatchesItsArticle() throws {
    let c = try #require((try! bundled.constituency(number: 12, on: election2023)))
    #expect(c.seat == "Kaskelen")
    #expect(c.regionCode == "almaty_region")
    #expect(c.electorate?.value == 493_732)
    #expect(c.electorate?.year == 2023)
    #expect(c.population?.value == 964_419)
    #expect(c.borders == [3, 4, 5, 11, 16, 17, 19])
    #expect(c.member?.name == "Daniar Qasqaraurov")
    #expect(
      Set(c.composition.map(\.unitCode))
        == [
          "almaty_region.balkhash", "almaty_region.ile", "almaty_region.zhambyl",
          "almaty_region.karasay",
        ])
    let history = bundled.history(of: 12)
    #expect(history.map(\.schemeID) == ["2004", "2023"])
    #expect(history[0].regionCode == "aktobe")
    #expect(history[0].member?.name == "Aitaly Äbdirahmanuly")
  }

  @Test func alFarabiIsSplitBetweenSixAndSeven() {
    let holders = try! bundled.constituencies(
      containingUnit: "shymkent.al_farabi", on: election2023)
    #expect(holders.map(\.number) == [6, 7])
    #expect(
      holders.allSatisfy { $0.composition.first { $0.unitCode == "shymkent.al_farabi" }!.isPartial }
    )
  }

  @Test func inferredUnitsKeepTheirFlag() {
    let c25 = (try! bundled.constituency(number: 25, on: election2023))!
    #expect(c25.composition.first { $0.unitCode == "turkistan.turkestan_city" }?.basis == .inferred)
    #expect(c25.composition.filter(\.isInferred).count == 1)
  }
  @Test func deducedUnitsKeepTheirFlag() {
    let c26 = (try! bundled.constituency(number: 26, on: election2023))!
    #expect(c26.composition.first { $0.unitCode == "turkistan.sayram" }?.basis == .deduced)
    let c25 = (try! bundled.constituency(number: 25, on: election2023))!
    #expect(c25.composition.first { $0.unitCode == "turkistan.otrar" }?.basis == .deduced)
    #expect(c25.composition.first { $0.unitCode == "turkistan.arys_city" }?.basis == .sourced)
  }

  @Test func blanksStayBlank() {
    #expect(bundled.region(code: "ulytau")?.population == nil)
    #expect((try! bundled.constituency(number: 2, on: election2023))?.population == nil)
    #expect((try! bundled.constituency(number: 2, on: election2023))?.member == nil)
    #expect(bundled.units.filter { $0.population != nil }.count == 42)
  }

  @Test func bordersAreSymmetric() {
    let list = (try! bundled.constituencies(on: election2023))
    for c in list {
      for n in c.borders {
        #expect(list.first { $0.number == n }!.borders.contains(c.number), "\(c.number) / \(n)")
      }
    }
  }

  @Test(arguments: [
    ("2022-12-31", [Int]()), ("2023-01-01", Array(1...29)), ("2026-06-30", Array(1...29)),
    ("2026-07-01", []),
    ("2005-06-01", [1, 3, 6, 7, 8, 11, 12, 19, 21]), ("2010-01-01", []),
  ])
  func constituenciesByDate(day: String, numbers: [Int]) {
    // A day without constituencies is an error that says why (none existed), not an empty list.
    do throws(RegistryDateError) {
      let found = try bundled.constituencies(on: CalendarDate(iso: day)!).map(\.number)
      #expect(found == numbers)
    } catch {
      #expect(numbers.isEmpty, "\(day): \(error)")
      #expect(error.existence == .didNotExist)
    }
  }

  @Test(arguments: [
    (
      "2004-05-01",
      "whether constituencies existed on 2004-05-01 is uncertain: the 2004 set came into force in 2004, day not known (the first day it certainly existed is 2004-09-19)"
    ),
    (
      "2007-05-01",
      "whether constituencies existed on 2007-05-01 is uncertain: the 2004 set was abolished in 2007, day not known (the last day it certainly existed is 2006-12-31)"
    ),
  ])
  func uncertainDaysAreRefusedWithTheReason(day: String, message: String) {
    #expect(throws: RegistryDateError.self) {
      try bundled.constituencies(on: CalendarDate(iso: day)!)
    }
    do throws(RegistryDateError) {
      _ = try bundled.constituencies(on: CalendarDate(iso: day)!)
    } catch {
      #expect(error.existence == .uncertain)
      #expect(error.description == message)
      if case .uncertain(let scheme, _) = error { #expect(scheme.id == "2004") }
    }
  }

  @Test(arguments: [
    (
      "2003-06-01", NoConstituencies.Position.beforeFirstScheme,
      "the 2004 set, which came into force in 2004"
    ),
    (
      "2022-12-31", .betweenSchemes,
      "between the 2004 set (abolished in 2007) and the 2023 set (in force on 2023-01-01)"
    ),
    ("2026-07-01", .afterAbolition, "the 2023 set, was abolished on 2026-07-01"),
  ])
  func daysWithoutConstituenciesSayWhere(
    day: String, position: NoConstituencies.Position, names: String
  ) {
    do throws(RegistryDateError) {
      _ = try bundled.constituencies(on: CalendarDate(iso: day)!)
      Issue.record("\(day) should have no constituencies")
    } catch {
      guard case .noneOnDate(let reason) = error else {
        Issue.record("\(error)")
        return
      }
      #expect(reason.position == position)
      #expect(error.description.hasPrefix("no constituencies existed on \(day): "))
      #expect(error.description.contains(names), "\(error)")
    }
  }

  @Test func latestDateIsTheDayBeforeTheKurultai() {
    #expect(
      bundled.latestDateWithConstituencies(today: CalendarDate(iso: "2026-11-22")!)
        == CalendarDate(iso: "2026-06-30"))
    let scheme = bundled.scheme(id: "2023")!
    #expect(scheme.abolitionBasis?.contains("Kurultai") == true)
    #expect(scheme.sources.contains { $0.contains("timesca.com") })
  }
}

@Suite struct LookupTests {
  @Test(arguments: [
    "Karasay District", "karasay", "KARASAY DISTRICT", "Қарасай ауданы", "Карасайский район",
    "almaty_region.karasay", "KZ195200",
  ])
  func findsKarasay(query: String) throws {
    let result = bundled.lookup(query)
    guard case .unit(let unit)? = result.matches.first, result.matches.count == 1 else {
      Issue.record("no single match for \(query): \(result.matches)")
      return
    }
    #expect(unit.code == "almaty_region.karasay")
    #expect(
      (try! bundled.constituencies(containingUnit: unit.code, on: election2023)).map(\.number) == [
        12
      ])
  }

  @Test func ambiguousNamesReturnEveryMatch() {
    let codes = bundled.lookup("Abai District").matches.compactMap { m -> String? in
      if case .unit(let u) = m { return u.code } else { return nil }
    }
    #expect(Set(codes) == ["abai.abai", "karaganda.abai", "shymkent.abai"])
  }

  @Test func regionQueriesPreferTheRegion() {
    guard case .region(let r)? = bundled.lookup("Almaty Region").matches.first else {
      Issue.record("no region")
      return
    }
    #expect(r.code == "almaty_region")
    #expect(bundled.lookup("Almaty Region").matches.count == 1)
  }

  @Test func missesComeWithSuggestions() {
    let result = bundled.lookup("Karasy")
    #expect(result.matches.isEmpty)
    #expect(result.suggestions.first == "Karasay District")
  }
}

@Suite struct GeometryTests {
  @Test func everyUnitPolygonIsInTheGeometry() throws {
    let features = try BundledData.unitFeatures()
    #expect(features.count == 224)
    let codes = Set(features.compactMap { $0.properties["code"] })
    for unit in bundled.units {
      for code in unit.geoCodes { #expect(codes.contains(code), "\(unit.code): \(code)") }
    }
    // Sauran District has no polygon of its own (it lies inside Kentau's).
    #expect(bundled.unit(code: "turkistan.sauran")?.geoCodes == [])
  }

  @Test func kaskelenLiesInKarasayDistrict() throws {
    // Kaskelen, the seat of No. 12 and centre of Karasay District: 43.20° N, 76.62° E.
    let features = try BundledData.unitFeatures()
    let kaskelen = Position(longitude: 76.62, latitude: 43.20)
    let hits = features.filter { $0.geometry.contains(kaskelen) }.compactMap {
      $0.properties["code"]
    }
    #expect(hits == bundled.unit(code: "almaty_region.karasay")!.geoCodes)
  }

  @Test func regionsJoinToTheirPolygons() throws {
    let features = try BundledData.regionFeatures()
    #expect(
      Set(features.compactMap { $0.properties["code"] }) == Set(bundled.regions.map(\.isoCode)))
  }

  @Test func theGeographyJoinsPolygonsToUnitsWithTheirHosts() throws {
    let geography = try KazakhstanGeography.bundled(registry: bundled)
    #expect(geography.polygons.count == 224)
    // Sauran has no polygon; its host (admin_units.csv host_geo_code) holds it beside Kentau.
    let kentau = try #require(geography.polygons.first { $0.geoCode == "KZ612000" })
    #expect(kentau.unitCodes.contains("turkistan.sauran"))
    #expect(kentau.unitCodes.count == 2)
    // Kaskelen, in Karasay District: constituency No. 12.
    let answer = try geography.answer(
      latitude: 43.20, longitude: 76.62, in: bundled, on: election2023)
    #expect(answer.polygon?.geoCode == "KZ195200")
    #expect(answer.constituencies.map(\.number) == [12])
    #expect(throws: LookupError.self) {
      try geography.answer(latitude: 55.75, longitude: 37.62, in: bundled, on: election2023)
    }
  }
}
