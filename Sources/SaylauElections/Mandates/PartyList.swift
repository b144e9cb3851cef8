import SaylauCore

/// A candidate's sex as the list declares it (the quota of rules.md A4.9 counts women).
public enum Sex: String, Sendable, Hashable, Codable, CaseIterable {
  case female
  case male
}

/// An age group a list may give instead of a birth date.
public enum AgeGroup: String, Sendable, Hashable, Codable, CaseIterable {
  /// Under 29 on polling day (the quota's "young people").
  case under29 = "under_29"
  /// 29 or older on polling day.
  case from29 = "29_and_over"
}

/// One candidate of a party list: position, name and what the quota needs. Every attribute the list does
/// not declare stays `nil` (unknown), never false.
public struct ListCandidate: Sendable, Hashable, Codable {
  /// 1-based position on the registered list (lists were alphabetical in 2007–2022, rules.md A4.9: the
  /// position identifies, it does not rank unless the party's choice is absent).
  public var position: Int
  public var name: String
  public var sex: Sex?
  public var birthDate: CalendarDate?
  /// Used when the birth date is not given.
  public var ageGroup: AgeGroup?
  /// A declared disability; `nil` when not declared either way.
  public var disability: Bool?
  public var status: CandidateStatus

  public init(
    position: Int, name: String, sex: Sex? = nil, birthDate: CalendarDate? = nil,
    ageGroup: AgeGroup? = nil, disability: Bool? = nil, status: CandidateStatus = .registered
  ) {
    self.position = position
    self.name = name
    self.sex = sex
    self.birthDate = birthDate
    self.ageGroup = ageGroup
    self.disability = disability
    self.status = status
  }

  /// Whether the candidate is younger than `age` on `day`: from the birth date, else from the age group
  /// (which speaks of 29 only); `nil` when unknown.
  public func isYounger(than age: Int, on day: CalendarDate) -> Bool? {
    if let b = birthDate {
      let birthdayPassed = (day.month, day.day) >= (b.month, b.day)
      let years = day.year - b.year - (birthdayPassed ? 0 : 1)
      return years < age
    }
    guard let ageGroup, age == 29 else { return nil }
    return ageGroup == .under29
  }

  /// Whether the candidate counts for `quota` on `day`: `true` as soon as one group is certain, `false`
  /// when every group is known not to apply, `nil` otherwise.
  public func countsFor(_ quota: CandidateQuota, on day: CalendarDate) -> Bool? {
    var unknown = false
    for g in quota.groups {
      let member: Bool?
      switch g {
      case .women: member = sex.map { $0 == .female }
      case .youth: member = isYounger(than: quota.youthBelowAge, on: day)
      case .disability: member = disability
      }
      if member == true { return true }
      if member == nil { unknown = true }
    }
    return unknown ? nil : false
  }
}

/// A party's registered list of candidates.
public struct PartyList: Sendable, Hashable, Codable {
  public var party: String
  /// By position.
  public var candidates: [ListCandidate]

  public init(party: String, candidates: [ListCandidate]) {
    self.party = party
    self.candidates = candidates.sorted { $0.position < $1.position }
  }

  /// The candidate at `position`.
  public func candidate(at position: Int) -> ListCandidate? {
    candidates.first { $0.position == position }
  }

  /// Candidates who can take a mandate (registered, not withdrawn or struck off).
  public var standing: [ListCandidate] { candidates.filter { $0.status.isStanding } }
}

/// The quota test (rules.md A4.9) on one group of people: a party's list or a party's mandates.
public struct QuotaCheck: Sendable, Hashable, Codable {
  public enum Scope: String, Sendable, Hashable, Codable {
    case list
    case mandates
  }

  public enum Outcome: String, Sendable, Hashable, Codable {
    /// At least the required number are in the quota's groups.
    case met
    /// Fewer are, even counting every unknown as in the quota.
    case notMet
    /// Whether it is met depends on attributes the data does not give.
    case undetermined
  }

  public var party: String
  public var scope: Scope
  /// How many people are counted (the list's standing candidates, or the party's deputies).
  public var people: Int
  /// How many certainly belong to a quota group (each person once).
  public var inQuota: Int
  /// How many cannot be told (sex, age or disability not declared).
  public var unknown: Int
  /// The least number the quota needs, under the rounding option.
  public var required: Int
  public var percent: Int
  public var rounding: QuotaRounding
  public var outcome: Outcome
  /// The check in words.
  public var text: String

  /// Checks `people` against `quota` on `day` (ages are taken on that day).
  public init(
    party: String, scope: Scope, people: [ListCandidate], quota: CandidateQuota,
    rounding: QuotaRounding, on day: CalendarDate
  ) {
    self.party = party
    self.scope = scope
    self.people = people.count
    var yes = 0
    var unknown = 0
    for p in people {
      switch p.countsFor(quota, on: day) {
      case true?: yes += 1
      case nil: unknown += 1
      case false?: break
      }
    }
    inQuota = yes
    self.unknown = unknown
    required = rounding.minimum(percent: quota.percent, of: people.count)
    percent = quota.percent
    self.rounding = rounding
    outcome = yes >= required ? .met : (yes + unknown < required ? .notMet : .undetermined)
    let groups = quota.groups.map(\.rawValue).joined(separator: ", ")
    let what = scope == .list ? "list" : "mandates"
    let verdict: String
    switch outcome {
    case .met: verdict = "met"
    case .notMet: verdict = "NOT met"
    case .undetermined: verdict = "cannot be decided: \(unknown) without the attributes it needs"
    }
    text =
      "\(party) \(what): \(yes) of \(people.count) are \(groups); at least \(required) needed (\(quota.percent) %, rounded \(rounding.rawValue)): \(verdict) (rules.md A4.9)"
  }
}
