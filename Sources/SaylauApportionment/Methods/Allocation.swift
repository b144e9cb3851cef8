import SaylauCore

/// One contender in an allocation: a party list, a region to be apportioned seats, anything with a weight.
///
/// The allocation methods take plain `(name, weight)` pairs so the same code serves party-list seats and the
/// apportionment of constituencies among regions. The order of the array is the tie-break order: an earlier
/// entry wins an exact tie (for party lists, the order of registration by the CEC, rules.md A4.7).
public struct Contender: Sendable, Hashable, Codable {
  /// A stable code or name.
  public var name: String
  /// Votes, population or electorate. Never negative.
  public var weight: Int
  /// Seats this contender must receive at least (for example one constituency per region). Default 0.
  public var minimumSeats: Int

  public init(name: String, weight: Int, minimumSeats: Int = 0) {
    precondition(weight >= 0, "weights are counts and cannot be negative")
    precondition(minimumSeats >= 0, "a minimum cannot be negative")
    self.name = name
    self.weight = weight
    self.minimumSeats = minimumSeats
  }
}

/// The quota of a largest-remainder method.
public enum Quota: String, Sendable, Codable, CaseIterable {
  /// Hare: `V / M`, kept as an exact fraction. The legal quota in Kazakhstan ("first electoral quotient").
  case hare
  /// Droop in its classical integer form: `floor(V / (M + 1)) + 1`.
  case droop
  /// Imperiali: `V / (M + 2)`, an exact fraction. Can hand out more whole seats than exist; see
  /// ``LargestRemainder`` for how that is resolved.
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

/// Any of the allocation methods the library knows.
public enum AllocationMethod: Sendable, Hashable, Codable, CustomStringConvertible {
  case largestRemainder(Quota)
  case divisor(DivisorMethod)

  /// Parses the CLI spelling: `hare`, `droop`, `imperiali`, `dhondt`, `sainte-lague`,
  /// `modified-sainte-lague`, `danish`, `adams`, `dean`, `huntington-hill`.
  public init?(cliName: String) {
    switch cliName.lowercased() {
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

  public static let cliNames = [
    "hare", "droop", "imperiali", "dhondt", "sainte-lague", "modified-sainte-lague", "danish",
    "adams", "dean",
    "huntington-hill",
  ]

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

/// Errors of the allocation methods.
public enum AllocationError: Error, Equatable, CustomStringConvertible {
  case negativeSeats(Int)
  case minimumsExceedSeats(minimums: Int, seats: Int)
  case nothingToAllocate

  public var description: String {
    switch self {
    case .negativeSeats(let n): return "the number of seats cannot be negative (got \(n))"
    case .minimumsExceedSeats(let m, let s):
      return "the seat minimums add up to \(m), more than the \(s) seats"
    case .nothingToAllocate:
      return "no contender has a positive weight, so no seat can be allocated"
    }
  }
}

/// The result of an allocation: seats per contender, in the input order, plus the ties that were broken.
public struct Allocation: Sendable, Hashable, Codable {
  public var method: AllocationMethod
  public var contenders: [Contender]
  public var seats: [Int]
  /// Human-readable notes on every exact tie that the tie rule had to decide (empty when none).
  public var tiesBroken: [String]

  public var totalSeats: Int { seats.reduce(0, +) }

  /// Seats of the contender named `name`, or `nil` if there is none.
  public func seats(of name: String) -> Int? {
    contenders.firstIndex { $0.name == name }.map { seats[$0] }
  }
}

/// Largest-remainder (Hamilton) allocation with an exact quota.
///
/// Each contender first gets `floor(v / q)` seats; the seats left go one each to the largest remainders
/// `v mod q`. All arithmetic is on integers: with `q = V / k` the whole part is `floor(v·k / V)` and the
/// remainder numerator `(v·k) mod V`, the integer form of rules.md A4.5–6.
///
/// Tie rule: equal remainders go to the earlier contender (registration order, rules.md A4.7).
/// Imperiali over-allocation: if whole seats exceed the seats available, seats are taken back one at a time
/// from the contenders with the smallest remainders (ties: the later contender loses first).
/// Minimums: a contender below its minimum is fixed at its minimum and the rest are re-allocated among the
/// others with the same method, repeated until every minimum holds.
public struct LargestRemainder: Sendable {
  public var quota: Quota
  public init(quota: Quota = .hare) { self.quota = quota }

  public func allocate(_ seatCount: Int, among contenders: [Contender]) throws -> Allocation {
    var fixed = [Int?](repeating: nil, count: contenders.count)
    var ties: [String] = []
    try checkMinimums(seatCount, contenders)
    while true {
      let free = contenders.indices.filter { fixed[$0] == nil }
      let freeSeats = seatCount - fixed.compactMap { $0 }.reduce(0, +)
      let raw = try plain(freeSeats, free.map { contenders[$0] }, &ties)
      let below = free.enumerated().filter { raw[$0.offset] < contenders[$0.element].minimumSeats }
      if below.isEmpty {
        var seats = fixed.map { $0 ?? 0 }
        for (k, i) in free.enumerated() { seats[i] = raw[k] }
        return Allocation(
          method: .largestRemainder(quota), contenders: contenders, seats: seats, tiesBroken: ties)
      }
      for (_, i) in below { fixed[i] = contenders[i].minimumSeats }
    }
  }

  private func plain(_ m: Int, _ cs: [Contender], _ ties: inout [String]) throws -> [Int] {
    if cs.isEmpty || m == 0 { return [Int](repeating: 0, count: cs.count) }
    let total = cs.reduce(0) { $0 + $1.weight }
    guard total > 0 else { throw AllocationError.nothingToAllocate }
    // Quota as the fraction qn / qd; whole = floor(v·qd / qn), remainder numerator = (v·qd) mod qn.
    let (qn, qd): (Int, Int)
    switch quota {
    case .hare: (qn, qd) = (total, m)
    case .imperiali: (qn, qd) = (total, m + 2)
    case .droop: (qn, qd) = (total / (m + 1) + 1, 1)
    }
    var whole = [Int]()
    var rem = [Int]()
    for c in cs {
      let (q, r) = mulDivMod(c.weight, qd, qn)
      whole.append(q)
      rem.append(r)
    }
    var given = whole.reduce(0, +)
    // Largest remainders first; equal remainders: earlier contender first.
    let order = cs.indices.sorted { rem[$0] != rem[$1] ? rem[$0] > rem[$1] : $0 < $1 }
    if given <= m {
      let extra = m - given
      for k in 0..<extra { whole[order[k % order.count]] += 1 }
      if extra > 0 && extra < order.count && rem[order[extra - 1]] == rem[order[extra]] {
        let tied = order.filter { rem[$0] == rem[order[extra]] }.map { cs[$0].name }
        ties.append(
          "equal remainders among \(tied.joined(separator: ", ")); earlier contender preferred")
      }
    } else {
      // Imperiali can over-allocate: take seats back from the smallest remainders.
      var k = order.count - 1
      while given > m {
        let i = order[k]
        if whole[i] > 0 {
          whole[i] -= 1
          given -= 1
        }
        k = k == 0 ? order.count - 1 : k - 1
      }
    }
    return whole
  }
}

/// A highest-averages (divisor) allocation.
///
/// Seats are handed out one at a time to the contender with the largest quotient `v / d(s)`. Quotients are
/// compared by cross-multiplication in 256-bit integers, never as floating point.
///
/// Tie rule: equal quotients go to the contender with more votes, then to the earlier contender.
/// Zero weights: a contender with weight 0 gets no seat beyond its minimum (its quotient is 0, and for Adams,
/// Dean and Huntington–Hill a zero divisor does not lift a zero weight).
/// Minimums: each contender starts at its minimum, and the remaining seats are handed out by quotient from
/// there (the usual rule for apportionment with a floor, e.g. one seat per region).
public struct DivisorAllocation: Sendable {
  public var method: DivisorMethod
  public init(method: DivisorMethod) { self.method = method }

  /// Whether contender `a` (weight `va`, holding `sa`) has strictly higher priority than `b`, ignoring ties.
  @usableFromInline
  func compare(_ va: Int, _ sa: Int, _ vb: Int, _ sb: Int) -> Int {
    let (na, da) = method.divisor(seats: sa)
    let (nb, db) = method.divisor(seats: sb)
    // Zero divisor = infinite quotient (when the weight is positive).
    let infA = na == 0 && va > 0
    let infB = nb == 0 && vb > 0
    if infA || infB { return infA == infB ? 0 : (infA ? 1 : -1) }
    if va == 0 || vb == 0 { return va == vb ? 0 : (va > 0 ? 1 : -1) }
    // va/(na/da) vs vb/(nb/db)  <=>  va·da·nb vs vb·db·na (weights squared for Huntington–Hill).
    let left: WideUInt
    let right: WideUInt
    if method.comparesSquares {
      left = WideUInt.product(va, va, da, nb)
      right = WideUInt.product(vb, vb, db, na)
    } else {
      left = WideUInt.product(va, da, nb)
      right = WideUInt.product(vb, db, na)
    }
    return left == right ? 0 : (left < right ? -1 : 1)
  }

  public func allocate(_ seatCount: Int, among contenders: [Contender]) throws -> Allocation {
    try checkMinimums(seatCount, contenders)
    var seats = contenders.map(\.minimumSeats)
    var left = seatCount - seats.reduce(0, +)
    var ties: [String] = []
    if left > 0 && !contenders.contains(where: { $0.weight > 0 }) {
      throw AllocationError.nothingToAllocate
    }
    while left > 0 {
      var best = -1
      var tiedWithBest: [Int] = []
      for i in contenders.indices where contenders[i].weight > 0 {
        if best < 0 {
          best = i
          continue
        }
        let c = compare(contenders[i].weight, seats[i], contenders[best].weight, seats[best])
        if c > 0 {
          best = i
          tiedWithBest = []
        } else if c == 0 && contenders[i].weight > contenders[best].weight {
          tiedWithBest.append(best)
          best = i
        } else if c == 0 {
          tiedWithBest.append(i)
        }
      }
      // Only report a tie that actually decides who gets the last seat(s).
      if !tiedWithBest.isEmpty && left <= tiedWithBest.count {
        let names = ([best] + tiedWithBest).map { contenders[$0].name }
        ties.append(
          "equal quotients among \(names.joined(separator: ", ")); more votes, then earlier contender preferred"
        )
      }
      seats[best] += 1
      left -= 1
    }
    return Allocation(
      method: .divisor(method), contenders: contenders, seats: seats, tiesBroken: ties)
  }
}

private func checkMinimums(_ seatCount: Int, _ contenders: [Contender]) throws {
  guard seatCount >= 0 else { throw AllocationError.negativeSeats(seatCount) }
  let minimums = contenders.reduce(0) { $0 + $1.minimumSeats }
  guard minimums <= seatCount else {
    throw AllocationError.minimumsExceedSeats(minimums: minimums, seats: seatCount)
  }
}

extension AllocationMethod {
  /// Allocates `seatCount` seats among `contenders` with this method.
  public func allocate(_ seatCount: Int, among contenders: [Contender]) throws -> Allocation {
    switch self {
    case .largestRemainder(let q):
      return try LargestRemainder(quota: q).allocate(seatCount, among: contenders)
    case .divisor(let d):
      return try DivisorAllocation(method: d).allocate(seatCount, among: contenders)
    }
  }
}
