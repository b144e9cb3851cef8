import SaylauApportionment
import SaylauCore

/// A count that departs from the law on purpose: another formula, threshold or number of list seats, or
/// another reading of a rule the law leaves open. The empty value (``law``) is the law's own count.
///
/// The command line and the HTTP API parse their options into this one value, with the same limits and the
/// same error messages, so a what-if gives the same seats on every face.
public struct WhatIf: Sendable, Hashable, Codable {
  public var method: AllocationMethod?
  public var threshold: Threshold?
  public var listSeats: Int?
  public var options: ElectionOptions

  /// The law's count: no change.
  public static let law = WhatIf()

  /// The numbers of list seats a what-if may ask for.
  public static let seatRange = 1...10_000

  public init(
    method: AllocationMethod? = nil, threshold: Threshold? = nil, listSeats: Int? = nil,
    options: ElectionOptions = ElectionOptions()
  ) {
    self.method = method
    self.threshold = threshold
    self.listSeats = listSeats
    self.options = options
  }

  /// Parses the textual form both faces take (`method: "dhondt"`, `threshold: "7.5"`,
  /// `thresholdBase: "in-box"`, …). Every value is optional; `nil` keeps the law's choice.
  /// - Throws: ``WhatIfError`` naming the option and the values it takes.
  public init(
    method: String? = nil, threshold: String? = nil, listSeats: Int? = nil,
    thresholdBase: String? = nil, runnerUp: String? = nil, remainderTie: String? = nil,
    againstAll: String? = nil, majorityBase: String? = nil, quotaRounding: String? = nil
  ) throws(WhatIfError) {
    self.init()
    if let method {
      guard let m = AllocationMethod(name: method) else {
        throw .unknownMethod(method, known: AllocationMethod.names)
      }
      self.method = m
    }
    if let threshold {
      guard let t = Threshold(percentString: threshold) else { throw .badThreshold(threshold) }
      self.threshold = t
    }
    if let listSeats {
      guard Self.seatRange.contains(listSeats) else {
        throw .seatsOutOfRange(listSeats, Self.seatRange)
      }
      self.listSeats = listSeats
    }
    if let thresholdBase {
      guard let b = ThresholdBase(name: thresholdBase) else {
        throw .badValue(option: .thresholdBase, value: thresholdBase, allowed: ThresholdBase.names)
      }
      options.thresholdBase = b
    }
    if let runnerUp {
      switch runnerUp {
      case "on": options.runnerUpGuarantee = true
      case "off": options.runnerUpGuarantee = false
      default: throw .badValue(option: .runnerUp, value: runnerUp, allowed: ["on", "off"])
      }
    }
    if let remainderTie {
      guard let p = RemainderTiePolicy(name: remainderTie) else {
        throw .badValue(
          option: .remainderTie, value: remainderTie, allowed: RemainderTiePolicy.names)
      }
      options.remainderTie = p
    }
    if let againstAll {
      guard let p = AgainstAllPolicy(name: againstAll) else {
        throw .badValue(option: .againstAll, value: againstAll, allowed: AgainstAllPolicy.names)
      }
      options.againstAll = p
    }
    if let majorityBase {
      guard let b = MajorityBase(name: majorityBase) else {
        throw .badValue(option: .majorityBase, value: majorityBase, allowed: MajorityBase.names)
      }
      options.majorityBase = b
    }
    if let quotaRounding {
      guard let r = QuotaRounding(rawValue: quotaRounding) else {
        throw .badValue(
          option: .quotaRounding, value: quotaRounding,
          allowed: QuotaRounding.allCases.map(\.rawValue))
      }
      options.quotaRounding = r
    }
  }

  /// `base` with this what-if's choices over it: every method, threshold or seat count this one names, and
  /// every option this one sets to other than the law's default, replace `base`'s (a definition's rules
  /// under the flags of a face).
  public func over(_ base: WhatIf) -> WhatIf {
    var w = base
    if let m = method { w.method = m }
    if let t = threshold { w.threshold = t }
    if let s = listSeats { w.listSeats = s }
    let law = ElectionOptions()
    let o = options
    if o.thresholdBase != law.thresholdBase { w.options.thresholdBase = o.thresholdBase }
    if o.againstAll != law.againstAll { w.options.againstAll = o.againstAll }
    if o.runnerUpGuarantee != law.runnerUpGuarantee {
      w.options.runnerUpGuarantee = o.runnerUpGuarantee
    }
    if o.remainderTie != law.remainderTie { w.options.remainderTie = o.remainderTie }
    if o.majorityBase != law.majorityBase { w.options.majorityBase = o.majorityBase }
    if o.quotaRounding != law.quotaRounding { w.options.quotaRounding = o.quotaRounding }
    return w
  }

  /// The list-seat decision this what-if asks for under `regime`.
  public func decision(for regime: Regime) -> ListSeatDecision {
    ListSeatDecision(
      regime: regime, options: options, method: method, threshold: threshold, seats: listSeats)
  }

  /// The departures from the law of `regime`, in words; empty when this is the law's count.
  public func changes(from regime: Regime) -> [String] {
    var out: [String] = []
    if let method, method != regime.listMethod { out.append("method \(method)") }
    if let threshold, threshold != regime.listThreshold { out.append("threshold \(threshold)") }
    if let listSeats, listSeats != regime.listSeats { out.append("\(listSeats) list seats") }
    let law = ElectionOptions()
    if options.thresholdBase != law.thresholdBase {
      out.append("threshold base \(options.thresholdBase.name)")
    }
    if let r = options.runnerUpGuarantee, r != (regime.runnerUpGuaranteeInLaw ?? false) {
      out.append("runner-up guarantee \(r ? "on" : "off")")
    }
    if options.againstAll == .repeatElection {
      out.append("'against all' leading forces a repeat election")
    }
    if options.remainderTie != law.remainderTie {
      out.append("remainder ties \(options.remainderTie.name)")
    }
    if options.majorityBase != law.majorityBase {
      out.append("majority base \(options.majorityBase.name)")
    }
    if options.quotaRounding != law.quotaRounding {
      out.append("quota rounded \(options.quotaRounding.rawValue)")
    }
    return out
  }
}

/// A what-if option that could not be read.
public enum WhatIfError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The options of a what-if, by the name both faces document.
  public enum Option: String, Sendable, Equatable {
    case method, threshold, seats, thresholdBase, runnerUp, remainderTie, againstAll, majorityBase
    case quotaRounding
  }

  case unknownMethod(String, known: [String])
  case badThreshold(String)
  case seatsOutOfRange(Int, ClosedRange<Int>)
  case badValue(option: Option, value: String, allowed: [String])

  /// Which option the error is about.
  public var option: Option {
    switch self {
    case .unknownMethod: return .method
    case .badThreshold: return .threshold
    case .seatsOutOfRange: return .seats
    case .badValue(let o, _, _): return o
    }
  }

  public var description: String {
    switch self {
    case .unknownMethod(let m, let known):
      return "unknown method '\(m)'; choose one of \(known.joined(separator: ", "))"
    case .badThreshold(let t):
      return "the threshold must be a percentage between 0 and 100 such as 5 or 3.5, not '\(t)'"
    case .seatsOutOfRange(let n, let r):
      return
        "the number of list seats must be between \(r.lowerBound) and \(r.upperBound), not \(n)"
    case .badValue(let o, let v, let allowed):
      return "\(o.rawValue) must be \(allowed.joined(separator: ", ")), not '\(v)'"
    }
  }
}

extension ThresholdBase {
  /// The names the faces take: `valid`, `in-box`, `issued` (the raw values are accepted too).
  public static let names = ["valid", "in-box", "issued"]

  public var name: String {
    switch self {
    case .validInclAgainstAll: return "valid"
    case .ballotsInBox: return "in-box"
    case .ballotsIssued: return "issued"
    }
  }

  public init?(name: String) {
    guard let found = Self.allCases.first(where: { $0.name == name || $0.rawValue == name }) else {
      return nil
    }
    self = found
  }
}

extension RemainderTiePolicy {
  public static let names = ["registration-order", "error"]

  public var name: String { self == .registrationOrder ? "registration-order" : "error" }

  public init?(name: String) {
    guard let found = Self.allCases.first(where: { $0.name == name || $0.rawValue == name }) else {
      return nil
    }
    self = found
  }
}

extension AgainstAllPolicy {
  public static let names = ["ignore", "repeat-election"]

  public var name: String { self == .ignore ? "ignore" : "repeat-election" }

  public init?(name: String) {
    guard let found = Self.allCases.first(where: { $0.name == name || $0.rawValue == name }) else {
      return nil
    }
    self = found
  }
}

extension MajorityBase {
  public static let names = ["valid", "issued"]

  public var name: String { self == .ballotsIssued ? "issued" : "valid" }

  public init?(name: String) {
    guard let found = Self.allCases.first(where: { $0.name == name || $0.rawValue == name }) else {
      return nil
    }
    self = found
  }
}
