/// The quota of a largest-remainder method.
public enum Quota: String, Sendable, Codable, CaseIterable {
  /// Hare: `V / M`, kept as an exact fraction. The legal quota in Kazakhstan ("first electoral quotient");
  /// with largest remainders it is Hamilton's (Vinton's) method of apportionment.
  case hare
  /// Droop in its classical integer form: `floor(V / (M + 1)) + 1`.
  case droop
  /// Imperiali: `V / (M + 2)`, an exact fraction. Can hand out more whole seats than exist; the seats
  /// are then taken back from the smallest remainders.
  case imperiali
}

/// A divisor (highest-averages) method, defined by its sequence of divisors `d(s)` for the next seat of a
/// contender that already holds `s` seats.
public enum DivisorMethod: String, Sendable, Codable, CaseIterable {
  /// D'Hondt (Jefferson): `d(s) = s + 1`.
  case dhondt
  /// Sainte-Laguë (Webster): `d(s) = 2s + 1`.
  case sainteLague
  /// Modified Sainte-Laguë (Scandinavian): first divisor 1.4, then `2s + 1`.
  case modifiedSainteLague
  /// Danish: `d(s) = 3s + 1` (1, 4, 7, …).
  case danish
  /// Adams (smallest divisors): `d(s) = s`, so every contender with a positive weight gets a first seat
  /// before anyone gets a second.
  case adams
  /// Dean (harmonic mean): `d(s) = 2s(s+1) / (2s+1)`; compared exactly as a fraction.
  case dean
  /// Huntington–Hill (geometric mean, used for the US House): `d(s) = sqrt(s(s+1))`; compared exactly by
  /// squaring both sides: `v_a² · s_b(s_b+1)` against `v_b² · s_a(s_a+1)`.
  case huntingtonHill

  /// The divisor `numerator / denominator` for a contender holding `s` seats (for Huntington–Hill, the
  /// square of the divisor). A zero numerator means the divisor is zero: infinite priority.
  @usableFromInline
  func divisor(seats s: Int) -> (numerator: Int, denominator: Int) {
    switch self {
    case .dhondt: return (s + 1, 1)
    case .sainteLague: return (2 * s + 1, 1)
    case .modifiedSainteLague: return s == 0 ? (7, 5) : (2 * s + 1, 1)
    case .danish: return (3 * s + 1, 1)
    case .adams: return (s, 1)
    case .dean: return (2 * s * (s + 1), 2 * s + 1)
    case .huntingtonHill: return (s * (s + 1), 1)
    }
  }

  /// Whether the weights are squared in the comparison (Huntington–Hill, whose divisors are square roots).
  @usableFromInline
  var comparesSquares: Bool { self == .huntingtonHill }
}

/// Any of the allocation methods the library knows: the one list of methods for party-list seats and for
/// the apportionment of constituencies among regions.
public enum AllocationMethod: Sendable, Hashable, Codable, CustomStringConvertible, CaseIterable {
  case largestRemainder(Quota)
  case divisor(DivisorMethod)

  /// Every method: the three quotas, then the seven divisor methods.
  public static var allCases: [AllocationMethod] {
    Quota.allCases.map(AllocationMethod.largestRemainder)
      + DivisorMethod.allCases.map(AllocationMethod.divisor)
  }

  /// Parses a method's name: `hare`, `droop`, `imperiali`, `dhondt`, `sainte-lague`,
  /// `modified-sainte-lague`, `danish`, `adams`, `dean`, `huntington-hill`, or one of the aliases of the
  /// apportionment literature: `hamilton` (Hare), `jefferson` (D'Hondt), `webster` (Sainte-Laguë), `hill`.
  /// Case does not matter.
  public init?(name: String) {
    switch name.lowercased() {
    case "hare", "lr-hare", "hamilton": self = .largestRemainder(.hare)
    case "droop", "lr-droop": self = .largestRemainder(.droop)
    case "imperiali", "lr-imperiali": self = .largestRemainder(.imperiali)
    case "dhondt", "d'hondt", "jefferson": self = .divisor(.dhondt)
    case "sainte-lague", "webster": self = .divisor(.sainteLague)
    case "modified-sainte-lague": self = .divisor(.modifiedSainteLague)
    case "danish": self = .divisor(.danish)
    case "adams": self = .divisor(.adams)
    case "dean": self = .divisor(.dean)
    case "huntington-hill", "hill": self = .divisor(.huntingtonHill)
    default: return nil
    }
  }

  /// The canonical name of each method, in ``allCases`` order.
  public static var names: [String] { allCases.map(\.name) }

  /// The canonical name, as ``init(name:)`` reads it: `hare`, `dhondt`, `sainte-lague`, ….
  public var name: String {
    switch self {
    case .largestRemainder(let q): return q.rawValue
    case .divisor(.dhondt): return "dhondt"
    case .divisor(.sainteLague): return "sainte-lague"
    case .divisor(.modifiedSainteLague): return "modified-sainte-lague"
    case .divisor(.danish): return "danish"
    case .divisor(.adams): return "adams"
    case .divisor(.dean): return "dean"
    case .divisor(.huntingtonHill): return "huntington-hill"
    }
  }

  /// The name used for apportioning seats among states or regions, where the literature has its own:
  /// `hamilton` (Hare), `jefferson` (D'Hondt), `webster` (Sainte-Laguë); otherwise ``name``.
  public var apportionmentName: String {
    switch self {
    case .largestRemainder(.hare): return "hamilton"
    case .divisor(.dhondt): return "jefferson"
    case .divisor(.sainteLague): return "webster"
    default: return name
    }
  }

  /// Whether the method is monotone in the weights: raising one contender's weight never takes a seat
  /// from it nor gives one to another. Every divisor method is; largest remainder is not (the population
  /// paradox).
  public var isPopulationMonotone: Bool {
    if case .divisor = self { return true }
    return false
  }

  public var description: String {
    switch self {
    case .largestRemainder(.hare): return "largest remainder, Hare quota"
    case .largestRemainder(.droop): return "largest remainder, Droop quota"
    case .largestRemainder(.imperiali): return "largest remainder, Imperiali quota"
    case .divisor(.dhondt): return "D'Hondt"
    case .divisor(.sainteLague): return "Sainte-Laguë"
    case .divisor(.modifiedSainteLague): return "modified Sainte-Laguë"
    case .divisor(.danish): return "Danish"
    case .divisor(.adams): return "Adams"
    case .divisor(.dean): return "Dean"
    case .divisor(.huntingtonHill): return "Huntington–Hill"
    }
  }
}

extension AllocationMethod {
  /// Encoded as its canonical ``name`` (`"hare"`, `"dhondt"`), the word the CLI and the API take.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(name)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let method = AllocationMethod(name: text) else {
      throw DecodingError.dataCorruptedError(
        in: container,
        debugDescription:
          "'\(text)' is not an allocation method (\(AllocationMethod.names.joined(separator: ", ")))"
      )
    }
    self = method
  }
}
