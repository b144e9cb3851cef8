import SaylauApportionment

/// One election's list vote allocated by every method, the rest of the count held as the law or a what-if
/// sets it: what the formula alone decides. `saylau seats --all-methods` and
/// `GET /api/v1/elections/{id}/seats/methods` show this value.
public struct MethodComparison: Sendable, Hashable {
  /// The count under one method.
  public struct Row: Sendable, Hashable {
    public var method: AllocationMethod
    /// Whether this is the formula of the election's regime.
    public var isLegalMethod: Bool
    /// List seats by party code.
    public var seats: [String: Int]
    /// The summary's list-tier indices under this method (`nil` where they cannot be computed).
    public var gallagherListTier: Double?
    public var loosemoreHanbyListTier: Double?
  }

  public var election: Election
  public var listSeats: Int
  public var threshold: Threshold
  /// The lists in the order of the count.
  public var parties: [String]
  /// Every method, in ``AllocationMethod/allCases`` order.
  public var rows: [Row]
}

extension PublishedElection {
  /// The list vote allocated by every method, with the threshold, seats and rule readings of `whatIf` (its
  /// method, if any, is replaced in turn by each).
  ///
  /// - Throws: ``ElectionSummaryError``: no result, or a count the data cannot make (e.g. a regime
  ///   without list seats).
  public func methodComparison(whatIf: WhatIf = .law) throws(ElectionSummaryError)
    -> MethodComparison
  {
    var rows: [MethodComparison.Row] = []
    var first: ElectionSummary?
    for method in AllocationMethod.allCases {
      var w = whatIf
      w.method = method
      let s = try summary(whatIf: w)
      if first == nil { first = s }
      rows.append(
        MethodComparison.Row(
          method: method, isLegalMethod: method == regime.listMethod,
          seats: Dictionary(
            uniqueKeysWithValues: (s.listCount?.rows ?? []).map { ($0.code, $0.seats) }),
          gallagherListTier: s.index("gallagherListTier"),
          loosemoreHanbyListTier: s.index("loosemoreHanbyListTier")))
    }
    guard let count = first?.listCount else {
      throw .decision(
        election: election.id, .other("the regime \(regime.id) has no list seats to compare"))
    }
    return MethodComparison(
      election: election, listSeats: count.seats, threshold: count.threshold,
      parties: count.rows.map(\.code), rows: rows)
  }
}

/// A method comparison as `saylau seats --all-methods --json` and the API print it. Indices are rounded to
/// three decimals (they are descriptive statistics; the seats are exact).
public struct MethodComparisonView: Sendable, Hashable, Encodable {
  public struct Row: Sendable, Hashable, Encodable {
    /// The method in words ("largest remainder, Hare quota").
    public var method: String
    /// The name the CLI and the API take (`hare`).
    public var cliName: String
    public var isLegalMethod: Bool
    public var seats: [String: Int]
    public var gallagher: Double?
    public var loosemoreHanby: Double?
  }

  public var election: String
  /// Always true: a comparison of methods is a what-if.
  public var whatIf = true
  public var listSeats: Int
  public var threshold: String
  public var parties: [String]
  public var methods: [Row]

  public init(_ c: MethodComparison) {
    func rounded(_ x: Double?) -> Double? { x.map { ($0 * 1000).rounded() / 1000 } }
    election = c.election.id
    listSeats = c.listSeats
    threshold = c.threshold.description
    parties = c.parties
    methods = c.rows.map {
      Row(
        method: $0.method.description, cliName: $0.method.name, isLegalMethod: $0.isLegalMethod,
        seats: $0.seats, gallagher: rounded($0.gallagherListTier),
        loosemoreHanby: rounded($0.loosemoreHanbyListTier))
    }
  }
}
