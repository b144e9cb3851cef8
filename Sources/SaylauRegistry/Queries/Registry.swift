import SaylauCore

/// The constituency registry: regions, administrative units and every life of every constituency.
///
/// A value type built once from the dataset (or rebuilt by the store) and queried by date, number, unit or
/// name. All queries are pure. Two registries are equal when their regions, units, schemes and
/// constituencies are.
public struct Registry: Sendable, Equatable {
  public let regions: [Region]
  public let units: [AdministrativeUnit]
  public let schemes: [ConstituencyScheme]
  /// Every known life of every constituency, ordered by scheme and number.
  public let constituencies: [Constituency]

  private let regionIndex: [String: Int]
  private let unitIndex: [String: Int]
  private let schemeIndex: [String: Int]

  public init(
    regions: [Region], units: [AdministrativeUnit], schemes: [ConstituencyScheme],
    constituencies: [Constituency]
  ) {
    self.regions = regions
    self.units = units
    self.schemes = schemes.sorted { $0.inForce.earliest < $1.inForce.earliest }
    self.constituencies = constituencies.sorted {
      ($0.schemeID, $0.number) < ($1.schemeID, $1.number)
    }
    regionIndex = Dictionary(
      regions.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
    unitIndex = Dictionary(
      units.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
    schemeIndex = Dictionary(
      self.schemes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
  }

  public static func == (a: Registry, b: Registry) -> Bool {
    a.regions == b.regions && a.units == b.units && a.schemes == b.schemes
      && a.constituencies == b.constituencies
  }

  public func region(code: String) -> Region? { regionIndex[code].map { regions[$0] } }
  public func unit(code: String) -> AdministrativeUnit? { unitIndex[code].map { units[$0] } }
  public func scheme(id: String) -> ConstituencyScheme? { schemeIndex[id].map { schemes[$0] } }

  /// The schemes whose existence on `date` is certain or uncertain (not those that certainly did not exist).
  public func schemes(on date: CalendarDate) -> [(scheme: ConstituencyScheme, existence: Existence)]
  {
    schemes.compactMap { scheme in
      let existence = scheme.existence(on: date)
      return existence == .didNotExist ? nil : (scheme, existence)
    }
  }

  /// The constituencies that existed on `date`, by number.
  ///
  /// - Parameter date: the day asked about.
  /// - Returns: the constituencies of every scheme that certainly existed on the day.
  /// - Throws: ``RegistryDateError/noneOnDate(_:)`` when certainly none existed (before the first scheme,
  ///   between two schemes, after the last was abolished), ``RegistryDateError/uncertain(_:_:)`` when a
  ///   scheme's start or end is known only to the year or month and the day falls inside that imprecision.
  public func constituencies(on date: CalendarDate) throws(RegistryDateError) -> [Constituency] {
    let existence = schemes.map { ($0, $0.existence(on: date)) }
    if let (scheme, _) = existence.first(where: { $0.1 == .uncertain }) {
      throw .uncertain(scheme, uncertainty(of: scheme, on: date))
    }
    let ids = Set(existence.filter { $0.1 == .existed }.map(\.0.id))
    guard !ids.isEmpty else { throw .noneOnDate(absence(on: date)) }
    return constituencies.filter { ids.contains($0.schemeID) }.sorted { $0.number < $1.number }
  }

  /// The life of constituency `number` that existed on `date`, if the registry knows it.
  ///
  /// - Throws: the ``RegistryDateError`` of ``constituencies(on:)`` for a day without (certain)
  ///   constituencies.
  public func constituency(number: Int, on date: CalendarDate) throws(RegistryDateError)
    -> Constituency?
  {
    try constituencies(on: date).first { $0.number == number }
  }

  /// Every known life of constituency `number`, oldest first.
  public func history(of number: Int) -> [Constituency] {
    constituencies.filter { $0.number == number }.sorted {
      (scheme(id: $0.schemeID)?.inForce.earliest ?? $0.schemeID.calendarFallback)
        < (scheme(id: $1.schemeID)?.inForce.earliest ?? $1.schemeID.calendarFallback)
    }
  }

  /// The constituencies in force on `date` that hold all or part of the unit.
  ///
  /// - Throws: the ``RegistryDateError`` of ``constituencies(on:)``.
  public func constituencies(containingUnit code: String, on date: CalendarDate)
    throws(RegistryDateError) -> [Constituency]
  {
    try constituencies(on: date).filter { c in c.composition.contains { $0.unitCode == code } }
  }

  /// The latest day on which constituencies certainly existed: the day before the last abolition, or
  /// `today` while a scheme is still in force. `today` comes from the caller (SaylauCore's `Today`), so the
  /// registry never reads the clock.
  public func latestDateWithConstituencies(today: CalendarDate) -> CalendarDate? {
    var latest: CalendarDate?
    for scheme in schemes {
      let day: CalendarDate
      if let last = scheme.lastCertainDay {
        day = last
      } else {
        guard today >= scheme.inForce.latest else { continue }
        day = today
      }
      if latest.map({ day > $0 }) ?? true { latest = day }
    }
    return latest
  }

  /// The day a face answers for: the day asked for, else the latest day with constituencies, else `today`
  /// (for which ``constituencies(on:)`` then says why there are none).
  public func day(_ asked: CalendarDate?, today: CalendarDate) -> CalendarDate {
    asked ?? latestDateWithConstituencies(today: today) ?? today
  }

  /// The neighbours of a constituency, resolved to their lives in the same scheme.
  public func neighbours(of constituency: Constituency) -> [Constituency] {
    constituency.borders.compactMap { n in
      constituencies.first { $0.schemeID == constituency.schemeID && $0.number == n }
    }
  }

  /// The units of a region, in dataset order.
  public func units(inRegion code: String) -> [AdministrativeUnit] {
    units.filter { $0.regionCode == code }
  }
}

extension String {
  /// Orders schemes the registry does not describe by their id, read as a year.
  fileprivate var calendarFallback: CalendarDate {
    CalendarDate(year: Int(self) ?? 0, month: 1, day: 1) ?? CalendarDate(year: 1, month: 1, day: 1)!
  }
}
