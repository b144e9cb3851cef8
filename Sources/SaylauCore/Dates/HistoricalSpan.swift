/// A period known from historical sources: it began on ``start`` (inclusive) and ended on ``end``
/// (exclusive, the first day it no longer held), each possibly known only to the month or the year, plus the
/// days on which it is known to have held (election days held under a law or a constituency set).
///
/// ``existence(on:)`` answers for a calendar day without inventing precision: a day inside the imprecision of
/// a bound is ``Existence/uncertain`` unless a witnessed day proves the period held.
public struct HistoricalSpan: Hashable, Sendable, Codable {
  public var start: HistoricalDate
  /// The first day the period no longer held; `nil` while it still holds.
  public var end: HistoricalDate?
  /// Days on which the period certainly held.
  public var witnessed: [CalendarDate]

  public init(start: HistoricalDate, end: HistoricalDate?, witnessed: [CalendarDate] = []) {
    self.start = start
    self.end = end
    self.witnessed = witnessed.sorted()
  }

  /// Whether the period held on `date`.
  public func existence(on date: CalendarDate) -> Existence {
    if let first = witnessed.first, let last = witnessed.last, first <= date, date <= last {
      return .existed
    }
    if date < start.earliest { return .didNotExist }
    if let end, date >= end.latest { return .didNotExist }
    let started = date >= start.latest || witnessed.contains { $0 <= date }
    let notEnded = end.map { date < $0.earliest || witnessed.contains { $0 >= date } } ?? true
    return started && notEnded ? .existed : .uncertain
  }

  /// The last day on which the period certainly held, if it has ended.
  public var lastCertainDay: CalendarDate? { end.map { $0.earliest.previousDay } }
}
