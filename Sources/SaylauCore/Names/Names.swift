/// A name in the three languages the registry records: English, Kazakh and Russian.
///
/// English is always present (the dataset's key language); Kazakh and Russian are `nil` where no
/// source gave them.
public struct LocalizedName: Hashable, Sendable, Codable {
  public var en: String
  public var kk: String?
  public var ru: String?

  public init(en: String, kk: String? = nil, ru: String? = nil) {
    self.en = en
    self.kk = kk
    self.ru = ru
  }

  /// All known spellings, English first.
  public var all: [String] { [en] + [kk, ru].compactMap { $0 } }
}

/// A count (people, voters) with the date or year it refers to and where it comes from.
///
/// A count that no source gave is `nil` wherever it is used, never zero.
public struct DatedCount: Hashable, Sendable, Codable {
  public var value: Int
  /// The year the count refers to.
  public var year: Int
  /// The exact reference date, where the source gives one.
  public var date: CalendarDate?
  public var source: String?
  /// How the value was obtained when it was not read directly from a source ("derived", "inferred").
  public var note: String?

  public init(
    value: Int, year: Int, date: CalendarDate? = nil, source: String? = nil, note: String? = nil
  ) {
    self.value = value
    self.year = year
    self.date = date
    self.source = source
    self.note = note
  }
}
