import SaylauCore

/// The answer to "which constituency is this place in?", by name, by unit code or by point: the units or
/// regions found, the constituencies holding them on the day, and what the data cannot say (a split unit
/// whose dividing line is not published, a polygon that holds several units).
///
/// `saylau lookup` and `GET /api/v1/lookup` both render this value.
public struct LookupAnswer: Sendable, Hashable {
  /// One unit or region found, with the constituencies that hold it.
  public struct Match: Sendable, Hashable {
    public var target: LookupTarget
    /// The constituencies holding all or part of it on the day, by number.
    public var constituencies: [Constituency]
    /// The unit is split between constituencies (the dividing line is not in the data).
    public var isPartial: Bool
    /// Its membership is only inferred (`Basis.inferred`).
    public var isInferred: Bool

    public init(
      target: LookupTarget, constituencies: [Constituency], isPartial: Bool, isInferred: Bool
    ) {
      self.target = target
      self.constituencies = constituencies
      self.isPartial = isPartial
      self.isInferred = isInferred
    }
  }

  /// The polygon of the geometry a point fell in.
  public struct Polygon: Sendable, Hashable {
    public var geoCode: String
    public var name: String

    public init(geoCode: String, name: String) {
      self.geoCode = geoCode
      self.name = name
    }
  }

  /// A point in WGS 84 degrees.
  public struct Point: Sendable, Hashable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
      self.latitude = latitude
      self.longitude = longitude
    }
  }

  /// What the answer cannot settle, in the library's words.
  public enum Note: Sendable, Hashable, CustomStringConvertible {
    /// A unit split between constituencies, whose dividing line the data does not give.
    case split(unit: String, numbers: [Int])
    /// One polygon holds several units (a unit without a polygon of its own lies inside it).
    case sharedPolygon(geoCode: String, units: [String])
    /// The polygon matches no unit of the registry.
    case polygonWithoutUnit(geoCode: String)

    public var description: String {
      switch self {
      case .split(let unit, let numbers):
        return
          "\(unit) is split between constituencies \(numbers.map(String.init).joined(separator: " and ")); the data does not say where the line runs"
      case .sharedPolygon(let geoCode, let units):
        return
          "polygon \(geoCode) holds several units (\(units.joined(separator: ", "))); the data has no polygon for each"
      case .polygonWithoutUnit(let geoCode):
        return "polygon \(geoCode) matches no unit of the registry"
      }
    }
  }

  public var date: CalendarDate
  /// The point asked about, for a look-up by point.
  public var point: Point?
  /// The polygon the point fell in, for a look-up by point.
  public var polygon: Polygon?
  public var matches: [Match]
  /// Every constituency found, by number, each once.
  public var constituencies: [Constituency]
  public var notes: [Note]

  /// More than one constituency may hold the place (a split unit, or a polygon shared by units).
  public var isAmbiguous: Bool { constituencies.count > 1 }

  /// The units found (for a point: the units of its polygon).
  public var units: [AdministrativeUnit] {
    matches.compactMap { if case .unit(let u) = $0.target { u } else { nil } }
  }
}

/// Why a look-up found nothing to answer.
public enum LookupError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The day has no (certain) constituencies.
  case date(RegistryDateError)
  /// No unit or region has that name or code; `suggestions` are the nearest names.
  case noMatch(query: String, suggestions: [String])
  /// No unit has that code.
  case unknownUnit(String)
  /// The point lies in no polygon of the geometry.
  case outsideGeometry(LookupAnswer.Point)

  public var description: String {
    switch self {
    case .date(let error):
      return error.description
    case .noMatch(let query, let suggestions):
      return "no district, city or region matches '\(query)'"
        + (suggestions.isEmpty ? "" : "; did you mean: \(suggestions.joined(separator: ", "))?")
    case .unknownUnit(let code):
      return "no unit '\(code)'"
    case .outsideGeometry(let p):
      return "(\(p.latitude), \(p.longitude)) is not inside any unit polygon of the geometry"
    }
  }
}

extension Registry {
  /// Looks up a unit or region by name (English, Kazakh or Russian) or code, and the constituencies that
  /// hold it on `date`.
  ///
  /// - Parameters:
  ///   - query: a name in any of the three languages, a dataset code, a geo code or a KATO code.
  ///   - date: the day asked about.
  /// - Throws: ``LookupError/date(_:)`` for a day without certain constituencies (checked first), else
  ///   ``LookupError/noMatch(query:suggestions:)``.
  public func answer(_ query: String, on date: CalendarDate) throws(LookupError) -> LookupAnswer {
    let list = try lookupList(on: date)
    let result = lookup(query)
    guard !result.matches.isEmpty else {
      throw .noMatch(query: query, suggestions: result.suggestions)
    }
    return answer(result.matches, in: list, date: date, polygon: nil, point: nil)
  }

  /// Looks up one unit by its dataset code.
  ///
  /// - Throws: ``LookupError/date(_:)`` for a day without certain constituencies (checked first), else
  ///   ``LookupError/unknownUnit(_:)``.
  public func answer(unit code: String, on date: CalendarDate) throws(LookupError) -> LookupAnswer {
    let list = try lookupList(on: date)
    guard let unit = unit(code: code) else { throw .unknownUnit(code) }
    return answer([.unit(unit)], in: list, date: date, polygon: nil, point: nil)
  }

  /// The answer for the units a polygon holds (a look-up by point; the geometry finds the polygon).
  ///
  /// - Throws: ``LookupError/date(_:)`` for a day without certain constituencies.
  public func answer(
    units codes: [String], polygon: LookupAnswer.Polygon, point: LookupAnswer.Point,
    on date: CalendarDate
  ) throws(LookupError) -> LookupAnswer {
    let list = try lookupList(on: date)
    let units = codes.compactMap { unit(code: $0) }
    var answer = answer(
      units.map { .unit($0) }, in: list, date: date, polygon: polygon, point: point)
    if units.count > 1 {
      answer.notes.append(.sharedPolygon(geoCode: polygon.geoCode, units: units.map(\.code)))
    }
    if units.isEmpty { answer.notes.append(.polygonWithoutUnit(geoCode: polygon.geoCode)) }
    return answer
  }

  private func lookupList(on date: CalendarDate) throws(LookupError) -> [Constituency] {
    do throws(RegistryDateError) {
      return try constituencies(on: date)
    } catch {
      throw .date(error)
    }
  }

  private func answer(
    _ targets: [LookupTarget], in list: [Constituency], date: CalendarDate,
    polygon: LookupAnswer.Polygon?, point: LookupAnswer.Point?
  ) -> LookupAnswer {
    var matches: [LookupAnswer.Match] = []
    var notes: [LookupAnswer.Note] = []
    var all: [Int: Constituency] = [:]
    for target in targets {
      switch target {
      case .unit(let u):
        let holders = list.filter { $0.composition.contains { $0.unitCode == u.code } }
        let shares = holders.flatMap { $0.composition.filter { $0.unitCode == u.code } }
        let partial = shares.contains(where: \.isPartial)
        matches.append(
          .init(
            target: target, constituencies: holders, isPartial: partial,
            isInferred: shares.contains(where: \.isInferred)))
        if partial { notes.append(.split(unit: u.displayName, numbers: holders.map(\.number))) }
        for c in holders { all[c.number] = c }
      case .region(let r):
        let holders = list.filter { $0.regionCode == r.code }
        matches.append(
          .init(target: target, constituencies: holders, isPartial: false, isInferred: false))
        for c in holders { all[c.number] = c }
      }
    }
    return LookupAnswer(
      date: date, point: point, polygon: polygon, matches: matches,
      constituencies: all.values.sorted { $0.number < $1.number }, notes: notes)
  }
}
