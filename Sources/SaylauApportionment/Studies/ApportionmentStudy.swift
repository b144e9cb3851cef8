/// A study of an apportionment input under several methods, as a districting researcher runs it: each
/// method's seats (ties for the last seats reported and left open, minimums pinned by quota), compared with a
/// target allocation where the input has one; or, with one unit's weight unknown, the values of that weight
/// for which each method reproduces the target.
public struct ApportionmentStudy: Sendable, Hashable, Codable {
  /// One method's answer.
  public struct MethodResult: Sendable, Hashable, Codable {
    public struct OpenTie: Sendable, Hashable, Codable {
      public var units: [String]
      public var seats: Int
    }
    /// The method's apportionment name (`hamilton`, `webster`, …).
    public var method: String
    public var allocation: [String: Int]
    public var tie: OpenTie?
    public var matchesTarget: Bool?
    /// With a varied weight: the closed intervals of values that reproduce the target.
    public var reproducingIntervals: [[Int]]?
  }

  public var seats: Int
  public var source: String
  public var varied: String?
  public var scannedRange: [Int]?
  public var results: [MethodResult]

  /// Apportions `seats` among the input's contenders by each method.
  /// - Throws: ``AllocationError``.
  public static func compare(
    _ input: ApportionmentInput, seats: Int, methods: [AllocationMethod]
  ) throws(AllocationError) -> ApportionmentStudy {
    var results: [MethodResult] = []
    for m in methods {
      let a = try m.allocate(
        seats, among: input.contenders, ties: .leaveOpen, minimums: .pinByQuota)
      results.append(
        MethodResult(
          method: m.apportionmentName,
          allocation: Dictionary(uniqueKeysWithValues: zip(a.contenders.map(\.name), a.seats)),
          tie: a.openTie.map { MethodResult.OpenTie(units: $0.contenders, seats: $0.seats) },
          matchesTarget: input.target.map { $0 == a.seats && a.openTie == nil }))
    }
    return ApportionmentStudy(seats: seats, source: input.source, results: results)
  }

  /// Scans the weight of `contender` over `range` and gives, for each method, the values for which it
  /// reproduces the input's target exactly (no open tie).
  /// - Throws: ``ApportionmentStudyError`` naming the method whose scan failed.
  public static func scan(
    _ input: ApportionmentInput, seats: Int, varying contender: String,
    over range: ClosedRange<Int>,
    methods: [AllocationMethod]
  ) throws(ApportionmentStudyError) -> ApportionmentStudy {
    guard let index = input.contenders.firstIndex(where: { $0.name == contender }) else {
      throw .noSuchContender(contender)
    }
    guard let target = input.target else { throw .noTarget }
    var results: [MethodResult] = []
    for m in methods {
      do {
        let found = try reproducingRange(
          seats: seats, contenders: input.contenders, varying: index, over: range, target: target,
          method: m, ties: .leaveOpen, minimums: .pinByQuota)
        results.append(
          MethodResult(
            method: m.apportionmentName, allocation: [:],
            reproducingIntervals: found.intervals.map { [$0.lowerBound, $0.upperBound] }))
      } catch {
        throw .scan(method: m.apportionmentName, error)
      }
    }
    return ApportionmentStudy(
      seats: seats, source: input.source, varied: contender,
      scannedRange: [range.lowerBound, range.upperBound], results: results)
  }
}

/// Why a study cannot be made.
public enum ApportionmentStudyError: Error, Equatable, Sendable, CustomStringConvertible {
  case noSuchContender(String)
  /// Scanning needs a target allocation to reproduce.
  case noTarget
  case scan(method: String, ReproducingRangeError)

  public var description: String {
    switch self {
    case .noSuchContender(let name): return "no unit named '\(name)'"
    case .noTarget: return "scanning a weight needs a target allocation (a 'target' column)"
    case .scan(let m, let e): return "\(m): \(e.description)"
    }
  }
}
