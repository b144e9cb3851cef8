import SaylauCore

/// Why the registry has no life of a constituency number on a day.
public enum ConstituencyQueryError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The day has no (certain) constituencies at all.
  case date(RegistryDateError)
  /// The number belongs to the scheme in force, but the registry does not know that constituency.
  case notInRegistry(number: Int, scheme: ConstituencyScheme, known: [Int])
  /// No constituency had that number on the day; `otherLives` are the schemes in which it existed.
  case noSuchNumber(
    number: Int, date: CalendarDate, known: [Int], otherLives: [ConstituencyScheme])

  public var description: String {
    switch self {
    case .date(let error):
      return error.description
    case .notInRegistry(let number, let scheme, let known):
      return
        "No. \(number) of the \(scheme.id) set (\(scheme.seatCount) constituencies) is not in the registry; it knows \(known.map(String.init).joined(separator: ", "))"
    case .noSuchNumber(let number, let date, let known, let otherLives):
      var message = "there was no constituency No. \(number) on \(date)"
      if otherLives.isEmpty {
        if let low = known.min(), let high = known.max() {
          message += "; the registry knows numbers \(low)–\(high) on that day"
        }
      } else {
        message +=
          "; No. \(number) existed in "
          + otherLives.map { "\($0.inForce.year)–\($0.abolished.map { String($0.year) } ?? "")" }
          .joined(separator: ", ")
      }
      return message
    }
  }
}

extension Registry {
  /// The life of constituency `number` on `date`.
  ///
  /// - Parameters:
  ///   - number: the constituency's number.
  ///   - date: the day asked about.
  /// - Throws: ``ConstituencyQueryError/date(_:)`` for a day without certain constituencies; otherwise why
  ///   the number has no life on the day (unknown to the registry, or not a number of the scheme).
  public func life(number: Int, on date: CalendarDate) throws(ConstituencyQueryError)
    -> Constituency
  {
    let list: [Constituency]
    do throws(RegistryDateError) {
      list = try constituencies(on: date)
    } catch {
      throw .date(error)
    }
    if let found = list.first(where: { $0.number == number }) { return found }
    let known = list.map(\.number)
    let inForce = Set(list.map(\.schemeID)).compactMap { scheme(id: $0) }
    if let scheme = inForce.first(where: { (1...$0.seatCount).contains(number) }) {
      throw .notInRegistry(number: number, scheme: scheme, known: known)
    }
    throw .noSuchNumber(
      number: number, date: date, known: known,
      otherLives: history(of: number).compactMap { scheme(id: $0.schemeID) })
  }

  /// The region named by `query`: its code (`almaty_region`) or any of its names, compared as look-ups
  /// compare them (case, diacritics and generic words ignored).
  public func region(matching query: String) -> Region? {
    if let region = region(code: query) { return region }
    let key = NameKey.key(query)
    guard !key.isEmpty else { return nil }
    return regions.first { $0.name.all.contains { NameKey.key($0) == key } }
  }

  /// Whether the constituency covers all of its region: every unit of the region, none only in part.
  public func coversWholeRegion(_ c: Constituency) -> Bool {
    guard let code = c.regionCode, !c.composition.isEmpty,
      !c.composition.contains(where: \.isPartial)
    else { return false }
    let held = Set(c.composition.map(\.unitCode))
    let all = units(inRegion: code)
    return !all.isEmpty && all.allSatisfy { held.contains($0.code) }
  }
}

extension Registry {
  /// The region (its code) of each constituency of the set used at an election held in `year` (empty when
  /// no set of the registry was used that year): what rolls constituency results up to regions.
  public func regionOfConstituencies(electionYear year: Int) -> [Int: String] {
    guard let scheme = schemes.first(where: { $0.electionDays.contains { $0.year == year } }) else {
      return [:]
    }
    var out: [Int: String] = [:]
    for c in constituencies where c.schemeID == scheme.id {
      if let region = c.regionCode { out[c.number] = region }
    }
    return out
  }
}
