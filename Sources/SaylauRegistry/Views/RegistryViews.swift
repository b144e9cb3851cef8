import SaylauCore

// The registry's answers as JSON: the shapes `GET /api/v1/…` returns (described in the OpenAPI document)
// and `saylau constituencies|regions|lookup --json` prints. One shape per answer, built here from the
// domain types, so the two faces cannot drift apart.

/// A count with the year or day it refers to and its source.
public struct DatedCountView: Encodable, Sendable, Hashable {
  public var value: Int
  public var year: Int?
  public var date: String?
  public var source: String?

  public init?(_ count: DatedCount?) {
    guard let count else { return nil }
    value = count.value
    year = count.year
    date = count.date?.description
    source = count.source
  }
}

/// A region or city of republican significance.
public struct RegionView: Encodable, Sendable, Hashable {
  public var code: String
  public var isoCode: String
  public var katoPrefix: String?
  public var name: LocalizedName
  public var kind: String
  public var administrativeCenter: String?
  public var population: DatedCountView?

  public init(_ r: Region) {
    code = r.code
    isoCode = r.isoCode
    katoPrefix = r.katoPrefix
    name = r.name
    kind = r.kind.rawValue
    administrativeCenter = r.administrativeCenter
    population = DatedCountView(r.population)
  }
}

/// A region with what it held on a day: its units and the numbers of its constituencies.
public struct RegionOnDayView: Encodable, Sendable, Hashable {
  public var region: RegionView
  public var unitCount: Int
  public var constituencies: [Int]

  enum CodingKeys: String, CodingKey { case unitCount, constituencies }

  public func encode(to encoder: any Encoder) throws {
    try region.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(unitCount, forKey: .unitCount)
    try container.encode(constituencies, forKey: .constituencies)
  }
}

/// The regions that existed on a day, with their constituencies: `GET /api/v1/regions?date=D`.
public struct RegionListView: Encodable, Sendable, Hashable {
  public var date: String
  public var regions: [RegionOnDayView]
  /// The number of constituencies on the day.
  public var constituencyCount: Int

  /// The regions in force on `date`, each with its units and constituencies.
  ///
  /// - Throws: the registry's refusal for a day without certain constituencies.
  public init(_ registry: Registry, on date: CalendarDate) throws(RegistryDateError) {
    let list = try registry.constituencies(on: date)
    self.date = date.description
    regions = registry.regions.filter { $0.exists(on: date) }.map { r in
      RegionOnDayView(
        region: RegionView(r), unitCount: registry.units(inRegion: r.code).count,
        constituencies: list.filter { $0.regionCode == r.code }.map(\.number))
    }
    constituencyCount = list.count
  }
}

/// An administrative unit (district or city).
public struct UnitView: Encodable, Sendable, Hashable {
  public var code: String
  public var regionCode: String
  public var name: LocalizedName
  public var kind: String
  public var kato: String?
  public var population: DatedCountView?
  public var census2021: Int?
  public var geoCodes: [String]
  public var hostGeoCode: String?

  public init(_ u: AdministrativeUnit) {
    code = u.code
    regionCode = u.regionCode
    name = u.name
    kind = u.kind.rawValue
    kato = u.kato
    population = DatedCountView(u.population)
    census2021 = u.census2021?.value
    geoCodes = u.geoCodes.sorted()
    hostGeoCode = u.hostGeoCode
  }
}

/// One life of a constituency number.
public struct ConstituencyView: Encodable, Sendable, Hashable {
  /// One unit of its composition.
  public struct Share: Encodable, Sendable, Hashable {
    public var unitCode: String
    public var isPartial: Bool
    public var isInferred: Bool
    public var basis: Basis
  }
  /// The member elected.
  public struct Member: Encodable, Sendable, Hashable {
    public var name: String
    public var party: String?
  }

  public var id: String
  public var scheme: String
  public var number: Int
  public var regionCode: String?
  public var seat: String?
  public var population: DatedCountView?
  public var electorate: DatedCountView?
  public var composition: [Share]
  public var borders: [Int]
  public var member: Member?
  /// The first day the scheme can have been in force, and the first day it can have been abolished (the
  /// earliest day an imprecise date allows); `…AsPublished` gives them as the sources do.
  public var established: String
  public var abolished: String?
  public var establishedAsPublished: String?
  public var abolishedAsPublished: String?

  public init(_ c: Constituency, _ registry: Registry) {
    let scheme = registry.scheme(id: c.schemeID)
    id = c.id
    self.scheme = c.schemeID
    number = c.number
    regionCode = c.regionCode
    seat = c.seat
    population = DatedCountView(c.population)
    electorate = DatedCountView(c.electorate)
    composition = c.composition.map {
      Share(
        unitCode: $0.unitCode, isPartial: $0.isPartial, isInferred: $0.isInferred, basis: $0.basis)
    }
    borders = c.borders
    member = c.member.map { Member(name: $0.name, party: $0.party) }
    established = scheme?.inForce.earliest.description ?? c.schemeID
    abolished = scheme?.abolished?.earliest.description
    establishedAsPublished = scheme?.inForce.description
    abolishedAsPublished = scheme?.abolished?.description
  }
}

/// The constituencies in force on a day: `GET /api/v1/constituencies?date=D`.
public struct ConstituencyListView: Encodable, Sendable, Hashable {
  public var date: String
  public var constituencies: [ConstituencyView]

  /// The constituencies on `date`, optionally of one region only.
  ///
  /// - Throws: the registry's refusal for a day without certain constituencies.
  public init(_ registry: Registry, on date: CalendarDate, region: String? = nil)
    throws(RegistryDateError)
  {
    var list = try registry.constituencies(on: date)
    if let region { list = list.filter { $0.regionCode == region } }
    self.date = date.description
    constituencies = list.map { ConstituencyView($0, registry) }
  }
}

/// A look-up's answer: `GET /api/v1/lookup`.
public struct LookupView: Encodable, Sendable, Hashable {
  public struct Point: Encodable, Sendable, Hashable {
    public var lat: Double
    public var lon: Double
  }
  public struct Polygon: Encodable, Sendable, Hashable {
    public var geoCode: String
    public var name: String
  }
  public struct Unit: Encodable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var regionCode: String
  }
  public struct Holder: Encodable, Sendable, Hashable {
    public var id: String
    public var number: Int
    public var regionCode: String?
    public var seat: String?
  }
  /// One unit or region found, with the numbers of the constituencies holding it.
  public struct Match: Encodable, Sendable, Hashable {
    /// `unit` or `region`.
    public var type: String
    public var code: String
    public var name: LocalizedName
    public var regionCode: String
    public var constituencies: [Int]
    public var partial: Bool
    public var inferred: Bool
  }

  public var date: String
  public var point: Point?
  public var polygon: Polygon?
  public var matches: [Match]
  public var units: [Unit]
  public var constituencies: [Holder]
  /// More than one constituency may hold the place (a split unit, or a polygon shared by units).
  public var ambiguous: Bool
  public var notes: [String]

  public init(_ answer: LookupAnswer) {
    date = answer.date.description
    point = answer.point.map { Point(lat: $0.latitude, lon: $0.longitude) }
    polygon = answer.polygon.map { Polygon(geoCode: $0.geoCode, name: $0.name) }
    matches = answer.matches.map { m in
      let numbers = m.constituencies.map(\.number)
      switch m.target {
      case .unit(let u):
        return Match(
          type: "unit", code: u.code, name: u.name, regionCode: u.regionCode,
          constituencies: numbers, partial: m.isPartial, inferred: m.isInferred)
      case .region(let r):
        return Match(
          type: "region", code: r.code, name: r.name, regionCode: r.code,
          constituencies: numbers, partial: false, inferred: false)
      }
    }
    units = answer.units.map { Unit(code: $0.code, name: $0.name.en, regionCode: $0.regionCode) }
    constituencies = answer.constituencies.map {
      Holder(id: $0.id, number: $0.number, regionCode: $0.regionCode, seat: $0.seat)
    }
    ambiguous = answer.isAmbiguous
    notes = answer.notes.map(\.description)
  }
}
