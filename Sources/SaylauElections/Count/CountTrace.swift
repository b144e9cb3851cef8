/// One step of a count as every face shows it: what was decided, by which rule, in words, with its table.
/// The command line prints every step, the HTML result protocol renders every step, and the JSON carries
/// them, so no face can hide a decision another shows.
public struct CountStep: Sendable, Hashable, Codable {
  public enum Kind: String, Sendable, Hashable, Codable {
    /// The rules used: regime, what-if choices and their reasons, options.
    case rules
    /// The threshold base and the threshold test per list.
    case threshold
    /// The quota, whole seats, remainders, ranks and the seats they give (rules.md A8).
    case allocation
    /// A tie and how it was broken.
    case tie
    /// The runner-up guarantee's arithmetic.
    case runnerUp
    /// One constituency's decision (round 1 or runoff).
    case constituency
    /// Seats to people: list order or the party's choice, list exhaustion.
    case mandates
    /// A quota check of a list or of mandates.
    case candidateQuota
    /// A vacancy, a replacement, a by-election.
    case event
    /// Something the law leaves to the commission.
    case commission
    /// Anything else a reader must know (data gaps, SYNTHETIC, …).
    case note
  }

  public var kind: Kind
  /// The rule of rules.md applied (`A4.6`); `nil` when none.
  public var rule: String?
  /// The decision in words.
  public var text: String
  public var table: StepTable?

  public init(kind: Kind, rule: String? = nil, text: String, table: StepTable? = nil) {
    self.kind = kind
    self.rule = rule
    self.text = text
    self.table = table
  }
}

/// A small table of a step: column names and rows of cells as displayed.
public struct StepTable: Sendable, Hashable, Codable {
  public var columns: [String]
  public var rows: [[String]]

  public init(columns: [String], rows: [[String]]) {
    self.columns = columns
    self.rows = rows
  }
}

/// The explained count: the list-seat trace (rules.md A8), every constituency decision of every round
/// with its reason, and the steps in order.
public struct CountTrace: Sendable, Hashable, Codable {
  public var list: ListSeatTrace?
  /// Every constituency decision, round 1 first, then the runoffs.
  public var constituencies: [ConstituencyResult]
  public var steps: [CountStep]

  public init(list: ListSeatTrace?, constituencies: [ConstituencyResult], steps: [CountStep]) {
    self.list = list
    self.constituencies = constituencies
    self.steps = steps
  }

  public static let empty = CountTrace(list: nil, constituencies: [], steps: [])
}

extension CountTrace {
  /// The steps of a list-seat decision: base and threshold, then the allocation table, the ties, the
  /// runner-up arithmetic and the commission's decisions.
  static func listSteps(_ r: ListSeatResult, registrationOrderKnown: Bool) -> [CountStep] {
    let t = r.trace
    let g = ListSeatTrace.grouped
    var steps: [CountStep] = []
    steps.append(
      CountStep(
        kind: .threshold, rule: "A4.1–A4.2",
        text:
          "Threshold base: \(t.thresholdBase.label) = \(g(t.baseVotes)); threshold \(t.thresholdVotes), so a list needs at least \(g(t.minimumPassingVotes)) votes; \(t.rows.filter(\.passedThreshold).count) of \(t.rows.filter { !$0.thresholdTest.hasPrefix("an aggregate") }.count) lists pass.",
        table: StepTable(
          columns: ["list", "votes", "test", "passed"],
          rows: t.rows.map {
            [
              $0.code, g($0.votes), $0.thresholdTest,
              $0.passedThreshold ? "yes" : ($0.admittedAsRunnerUp ? "runner-up" : "no"),
            ]
          })))
    switch t.kind {
    case "largestRemainder":
      let eligible = t.rows.filter(\.eligible)
      steps.append(
        CountStep(
          kind: .allocation, rule: "A4.4–A4.6",
          text:
            "\(t.method): S = \(g(t.eligibleVotes)) votes of the eligible lists; quota \(t.quota ?? ""); whole parts give \(t.wholeSeatsTotal ?? 0) seats, the \(t.remainderSeatsTotal ?? 0) left go to the largest remainders: \(eligible.filter { ($0.remainderSeats ?? 0) > 0 }.sorted { ($0.rank ?? 0) < ($1.rank ?? 0) }.map { "\($0.code) (\(g($0.remainder ?? 0)))" }.joined(separator: ", ")).",
          table: StepTable(
            columns: [
              "list", "votes", "v × M", "whole", "remainder", "fraction", "rank", "+", "seats",
            ],
            rows: eligible.map {
              [
                $0.code, g($0.votes), $0.product.map(g) ?? "", $0.wholeSeats.map(String.init) ?? "",
                $0.remainder.map(g) ?? "", $0.remainderFraction ?? "",
                $0.rank.map(String.init) ?? "",
                ($0.remainderSeats ?? 0) > 0 ? "+\($0.remainderSeats!)" : "",
                String($0.seats),
              ]
            })))
    case "divisor":
      steps.append(
        CountStep(
          kind: .allocation,
          text:
            "\(t.method) (highest averages) among the \(t.rows.filter(\.eligible).count) eligible lists, \(t.seats) seats: \(t.rows.filter(\.eligible).map { "\($0.code) \($0.seats)" }.joined(separator: ", ")).",
          table: nil))
    case "runnerUp":
      if let ru = t.runnerUp {
        steps.append(
          CountStep(
            kind: .runnerUp, rule: "A4.3",
            text:
              "Runner-up guarantee: only \(ru.leader) passed; \(ru.runnerUp) is admitted below the threshold. \(ru.computation) (an interpretation of a truncated text).",
            table: nil))
      }
    default:
      break
    }
    for tie in t.ties {
      steps.append(
        CountStep(
          kind: .tie, rule: "A4.7",
          text:
            "Tie: \(tie)"
            + (registrationOrderKnown
              ? " (registration order)"
              : " (registration order is not in the data: the order of the lists in the data decided)")
        ))
    }
    for c in t.commissionDecisions {
      steps.append(CountStep(kind: .commission, rule: "A4", text: c))
    }
    steps.append(
      CountStep(
        kind: .allocation, rule: "A4",
        text:
          "List seats: \(r.rows.filter { $0.seats > 0 }.map { "\($0.code) \($0.seats)" }.joined(separator: ", "))\(r.rows.allSatisfy { $0.seats == 0 } ? "none" : "") of \(r.seats)."
      ))
    return steps
  }

  /// One step per constituency decision.
  static func constituencySteps(_ results: [ConstituencyResult]) -> [CountStep] {
    results.map { r in
      CountStep(
        kind: .constituency, rule: r.round == 2 ? "A5.8" : "A5",
        text:
          "Constituency \(r.constituency)\(r.round == 2 ? ", runoff" : ""): \(r.status.rawValue): \(r.reason)."
      )
    }
  }
}
