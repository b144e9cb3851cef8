/// The state of an election's results: preliminary while protocols come in, final when the commission has
/// established them, certified when it has signed them off. The change to final or certified takes an
/// immutable snapshot of the ``CountedResult``.
public enum ResultState: String, Sendable, Codable, CaseIterable, Hashable {
  case preliminary
  case final
  case certified

  /// "Preliminary", "Final", "Certified".
  public var title: String {
    switch self {
    case .preliminary: return "Preliminary"
    case .final: return "Final"
    case .certified: return "Certified"
    }
  }

  /// Whether protocols may still change: only while preliminary.
  public var acceptsProtocols: Bool { self == .preliminary }
}

/// The lawful changes of state: preliminary → final → certified, and one way back: a final result may be
/// reopened (back to preliminary) with a reason, for a correction or a recount; a certified result is never
/// reopened (a new election day is a new election).
public enum ResultTransition {
  /// Why a change of state is refused.
  public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
      /// Not a lawful step from the current state.
      case notAllowed
      /// Reopening needs a reason.
      case reasonRequired
    }

    public var kind: Kind
    public var message: String
    public var description: String { message }
  }

  /// Checks the change from `current` to `next`.
  /// - Throws: ``Refusal``.
  public static func check(from current: ResultState, to next: ResultState, reason: String?)
    throws(Refusal)
  {
    switch (current, next) {
    case (.preliminary, .final), (.final, .certified): return
    case (.final, .preliminary):
      guard let reason, reason.contains(where: { !$0.isWhitespace }) else {
        throw Refusal(
          kind: .reasonRequired,
          message: "reopening final results needs a reason (a correction, a recount)")
      }
    case (.certified, _):
      throw Refusal(
        kind: .notAllowed, message: "the results are certified: they cannot change any more")
    default:
      throw Refusal(
        kind: .notAllowed,
        message:
          "the results are \(current.rawValue): they cannot become \(next.rawValue) (preliminary → final → certified; final may be reopened)"
      )
    }
  }
}

/// One recorded change of an election's result state.
public struct ResultStateChange: Sendable, Codable, Hashable {
  public var election: String
  /// 1, 2, … per election.
  public var sequence: Int
  public var state: ResultState
  /// ISO 8601 UTC.
  public var at: String
  /// The account (or `cli`, `operator`) that set it.
  public var by: String
  public var reason: String?
  /// The SHA-256 (hex) of the snapshot taken with the change (final and certified).
  public var snapshotSHA256: String?

  public init(
    election: String, sequence: Int, state: ResultState, at: String, by: String, reason: String?,
    snapshotSHA256: String?
  ) {
    self.election = election
    self.sequence = sequence
    self.state = state
    self.at = at
    self.by = by
    self.reason = reason
    self.snapshotSHA256 = snapshotSHA256
  }
}
