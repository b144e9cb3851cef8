import SaylauCore

/// Why the registry cannot list constituencies for a day: certainly none existed, or whether any existed is
/// uncertain because a scheme's start or end is known only to the year or month.
///
/// The message (``description``) is the one every face shows: the CLI prints it on one line, the API
/// answers it as `{"error": …, "existence": …}` (404 for `Existence.didNotExist`, 422 for
/// `Existence.uncertain`).
public enum RegistryDateError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Certainly no constituencies existed on the day.
  case noneOnDate(NoConstituencies)
  /// The day falls inside the imprecision of `scheme`'s start or end.
  case uncertain(ConstituencyScheme, Uncertainty)

  /// The day asked about.
  public var date: CalendarDate {
    switch self {
    case .noneOnDate(let reason): return reason.date
    case .uncertain(_, let reason): return reason.date
    }
  }

  /// `Existence.didNotExist` or `Existence.uncertain`.
  public var existence: Existence {
    switch self {
    case .noneOnDate: return .didNotExist
    case .uncertain: return .uncertain
    }
  }

  public var description: String {
    switch self {
    case .noneOnDate(let reason):
      return "no constituencies existed on \(reason.date): \(reason.explanation)"
    case .uncertain(let scheme, let reason):
      return
        "whether constituencies existed on \(reason.date) is uncertain: \(reason.explanation(scheme))"
    }
  }
}

/// Where a day without constituencies lies among the registry's schemes.
public struct NoConstituencies: Sendable, Hashable {
  public enum Position: Sendable, Hashable {
    /// The registry has no scheme at all.
    case noSchemes
    /// Before the first scheme came into force.
    case beforeFirstScheme
    /// After one scheme was abolished and before the next came into force.
    case betweenSchemes
    /// After the last scheme was abolished.
    case afterAbolition
  }

  public var date: CalendarDate
  public var position: Position
  /// The scheme abolished most recently before the day.
  public var previous: ConstituencyScheme?
  /// The first scheme to come into force after the day.
  public var next: ConstituencyScheme?

  public init(
    date: CalendarDate, position: Position, previous: ConstituencyScheme?,
    next: ConstituencyScheme?
  ) {
    self.date = date
    self.position = position
    self.previous = previous
    self.next = next
  }

  /// The reason in words, naming the schemes and their dates.
  public var explanation: String {
    switch position {
    case .noSchemes:
      return "the registry has no constituency sets"
    case .beforeFirstScheme:
      guard let next else { return "it is before the registry's first set" }
      return
        "it is before the registry's first set, the \(next.id) set, which came into force \(next.inForce.phrase)"
    case .betweenSchemes:
      guard let previous, let next else { return "it falls between two sets" }
      return
        "it falls between the \(previous.id) set (abolished \(previous.abolished?.phrase ?? "at a day not known")) and the \(next.id) set (in force \(next.inForce.phrase))"
    case .afterAbolition:
      guard let previous else { return "it is after the registry's last set was abolished" }
      return
        "the registry's last set, the \(previous.id) set, was abolished \(previous.abolished?.phrase ?? "at a day not known")"
    }
  }
}

/// Which bound of a scheme makes a day uncertain, and the nearest day that is certain.
public struct Uncertainty: Sendable, Hashable {
  public enum Bound: Sendable, Hashable {
    /// The day the scheme came into force is known only to the year or month.
    case inForce
    /// The day the scheme was abolished is known only to the year or month.
    case abolished
  }

  public var date: CalendarDate
  public var bound: Bound
  /// The first day the scheme certainly existed (for ``Bound/inForce``) or the last (for
  /// ``Bound/abolished``), where one is known.
  public var nearestCertainDay: CalendarDate?

  public init(date: CalendarDate, bound: Bound, nearestCertainDay: CalendarDate?) {
    self.date = date
    self.bound = bound
    self.nearestCertainDay = nearestCertainDay
  }

  func explanation(_ scheme: ConstituencyScheme) -> String {
    switch bound {
    case .inForce:
      return "the \(scheme.id) set came into force \(scheme.inForce.phrase), day not known"
        + (nearestCertainDay.map { " (the first day it certainly existed is \($0))" } ?? "")
    case .abolished:
      return
        "the \(scheme.id) set was abolished \(scheme.abolished?.phrase ?? "at a day not known"), day not known"
        + (nearestCertainDay.map { " (the last day it certainly existed is \($0))" } ?? "")
    }
  }
}

extension HistoricalDate {
  /// "on 2023-01-01", "in May 2007", "in 2004": a date in a sentence, as precise as it is known.
  var phrase: String { day != nil ? "on \(description)" : "in \(longDescription)" }
}

extension Registry {
  /// Where `date` lies when no scheme existed on it.
  func absence(on date: CalendarDate) -> NoConstituencies {
    guard !schemes.isEmpty else {
      return NoConstituencies(date: date, position: .noSchemes, previous: nil, next: nil)
    }
    let previous = schemes.filter { s in s.abolished.map { $0.earliest <= date } ?? false }
      .max { ($0.abolished?.earliest ?? date) < ($1.abolished?.earliest ?? date) }
    let next = schemes.filter { $0.inForce.earliest > date }.min {
      $0.inForce.earliest < $1.inForce.earliest
    }
    let position: NoConstituencies.Position
    switch (previous, next) {
    case (nil, _): position = .beforeFirstScheme
    case (_, nil): position = .afterAbolition
    default: position = .betweenSchemes
    }
    return NoConstituencies(date: date, position: position, previous: previous, next: next)
  }

  /// Which bound of `scheme` makes `date` uncertain (the scheme's existence on `date` is uncertain).
  func uncertainty(of scheme: ConstituencyScheme, on date: CalendarDate) -> Uncertainty {
    if date < scheme.inForce.latest, !scheme.electionDays.contains(where: { $0 <= date }) {
      // Not yet proven to exist: the start is the imprecise bound.
      let candidates = [scheme.inForce.latest] + scheme.electionDays
      let first = candidates.filter { scheme.existence(on: $0) == .existed }.min()
      return Uncertainty(date: date, bound: .inForce, nearestCertainDay: first)
    }
    let candidates =
      (scheme.abolished.map { [$0.earliest.previousDay] } ?? []) + scheme.electionDays
    let last = candidates.filter { scheme.existence(on: $0) == .existed }.max()
    return Uncertainty(date: date, bound: .abolished, nearestCertainDay: last)
  }
}
