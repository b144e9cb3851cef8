import SaylauCore

/// A highest-averages (divisor) allocation.
///
/// Every contender starts at its minimum (the divisor method with lower bounds, e.g. one seat per region);
/// the remaining seats are handed out one at a time to the contender with the largest quotient `v / d(s)`.
/// Quotients are compared by cross-multiplication in 256-bit integers (``WideUInt``), never as floating
/// point. A contender with weight 0 gets no seat beyond its minimum (its quotient is 0, and for Adams, Dean
/// and Huntington–Hill a zero divisor does not lift a zero weight).
///
/// Ties: a tie decides seats when more contenders share the largest quotient than seats are left. Under
/// ``TiePolicy/breakByOrder`` the contender with more weight, then the earlier one, wins, with a note; under
/// ``TiePolicy/leaveOpen`` those seats stay open. Tied contenders that all fit each get a seat (the order
/// among them cannot matter).
struct DivisorAllocation {
  var method: DivisorMethod
  var ties: TiePolicy

  /// Compares the quotients of `a` (weight `va`, holding `sa`) and `b`: negative, zero or positive.
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

  /// Allocates; the inputs have been validated (seats and weights within ``AllocationLimits``).
  func allocate(_ seatCount: Int, _ contenders: [Contender]) -> LargestRemainder.Outcome {
    var seats = contenders.map(\.minimumSeats)
    var left = seatCount - seats.reduce(0, +)
    var notes: [String] = []
    while left > 0 {
      // The contenders with the largest quotient, in input order; `best` is the one breakByOrder prefers.
      var group: [Int] = []
      var best = -1
      for i in contenders.indices where contenders[i].weight > 0 {
        guard best >= 0 else {
          best = i
          group = [i]
          continue
        }
        let c = compare(contenders[i].weight, seats[i], contenders[best].weight, seats[best])
        if c > 0 {
          best = i
          group = [i]
        } else if c == 0 {
          group.append(i)
          if contenders[i].weight > contenders[best].weight { best = i }
        }
      }
      if group.count <= left {
        for i in group { seats[i] += 1 }
        left -= group.count
        continue
      }
      switch ties {
      case .leaveOpen:
        return (seats, [], Tie(contenders: group.map { contenders[$0].name }, seats: left))
      case .breakByOrder:
        let names = ([best] + group.filter { $0 != best }).map { contenders[$0].name }
        notes.append(
          "equal quotients among \(names.joined(separator: ", ")); more votes, then earlier contender preferred"
        )
        seats[best] += 1
        left -= 1
      }
    }
    return (seats, notes, nil)
  }
}
