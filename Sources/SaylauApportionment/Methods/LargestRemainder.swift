import SaylauCore

/// Largest-remainder allocation with an exact quota.
///
/// Each contender first gets `floor(v / q)` seats; the seats left go one each to the largest remainders
/// `v mod q`. All arithmetic is on integers: with `q = V / k` the whole part is `floor(v·k / V)` and the
/// remainder numerator `(v·k) mod V`, the integer form of rules.md A4.5–6. Every remainder of one round
/// shares the denominator, so remainders compare as integers.
///
/// Ties follow the ``TiePolicy``; minimums the ``MinimumRule``. Imperiali can hand out more whole seats than
/// exist: seats are then taken back one at a time from the smallest remainders (under
/// ``TiePolicy/breakByOrder`` the later contender loses first).
struct LargestRemainder {
  var quota: Quota
  var ties: TiePolicy
  var minimums: MinimumRule

  typealias Outcome = (seats: [Int], tiesBroken: [String], openTie: Tie?)

  /// Allocates; the inputs have been validated, so every sum fits in `Int`.
  ///
  /// `trace`, when given, receives the structure the result is a function of: per round the house, the
  /// Droop quota, every whole part and the order of the remainders with their equalities. Along one
  /// contender's weight every whole part and every difference of two quotas is monotone (and Droop's quota
  /// is a step), so two weights with the same trace have the same result at every weight between them;
  /// ``reproducingRange(seats:contenders:varying:over:target:method:ties:minimums:)`` bisects on that.
  func allocate(_ seatCount: Int, _ contenders: [Contender], trace: inout [Int]?)
    throws(AllocationError)
    -> Outcome
  {
    var pinned = [Bool](repeating: false, count: contenders.count)
    while true {
      let free = contenders.indices.filter { !pinned[$0] }
      let house =
        seatCount
        - contenders.indices.filter { pinned[$0] }.reduce(0) { $0 + contenders[$1].minimumSeats }
      var seats = contenders.map(\.minimumSeats)
      let round = try plain(
        house, free.map { contenders[$0] }, pinByQuota: minimums == .pinByQuota, trace: &trace)
      switch round {
      case .pin(let local):
        for k in local { pinned[free[k]] = true }
      case .allocated(let raw, let notes, let tie):
        let below = free.indices.filter { raw[$0] < contenders[free[$0]].minimumSeats }
        if minimums == .pinByAllocation && !below.isEmpty {
          for k in below { pinned[free[k]] = true }
          continue
        }
        for (k, i) in free.enumerated() { seats[i] = raw[k] }
        let open = tie.map { t in
          Tie(contenders: t.units.map { contenders[free[$0]].name }, seats: t.seats)
        }
        return (seats, notes, open)
      }
    }
  }

  private enum Round {
    /// Contenders (local indices) whose quota is below their minimum.
    case pin([Int])
    /// Seats per contender, notes on broken ties, and a tie left open (local indices, seats).
    case allocated([Int], [String], (units: [Int], seats: Int)?)
  }

  private func plain(_ m: Int, _ cs: [Contender], pinByQuota: Bool, trace: inout [Int]?)
    throws(AllocationError) -> Round
  {
    trace?.append(-1 - m)  // a round marker that also records the house
    if cs.isEmpty || m == 0 { return .allocated([Int](repeating: 0, count: cs.count), [], nil) }
    let total = cs.reduce(0) { $0 + $1.weight }
    var whole = [Int](repeating: 0, count: cs.count)
    var rem = [Int](repeating: 0, count: cs.count)
    if total > 0 {
      // Quota as the fraction qn / qd; whole = floor(v·qd / qn), remainder numerator = (v·qd) mod qn.
      let (qn, qd): (Int, Int)
      switch quota {
      case .hare: (qn, qd) = (total, m)
      case .imperiali: (qn, qd) = (total, m + 2)
      case .droop: (qn, qd) = (total / (m + 1) + 1, 1)
      }
      for (k, c) in cs.enumerated() { (whole[k], rem[k]) = mulDivMod(c.weight, qd, qn) }
      if quota == .droop { trace?.append(qn) }
    }
    if trace != nil {
      trace!.append(contentsOf: whole)
      let byRemainder = cs.indices.sorted { rem[$0] != rem[$1] ? rem[$0] > rem[$1] : $0 < $1 }
      for (k, i) in byRemainder.enumerated() {
        trace!.append(i)
        trace!.append(k > 0 && rem[byRemainder[k - 1]] == rem[i] ? 1 : 0)
      }
    }
    if pinByQuota {
      // quota = whole + rem/qn with rem/qn < 1, so quota < minimum ⇔ whole < minimum.
      let below = cs.indices.filter { whole[$0] < cs[$0].minimumSeats }
      if !below.isEmpty { return .pin(below) }
    }
    guard total > 0 else {
      // Only reachable with minimums still to check: every seat would go to a zero weight.
      if cs.contains(where: { $0.minimumSeats > 0 }) { return .allocated(whole, [], nil) }
      throw .nothingToAllocate
    }
    let given = whole.reduce(0, +)
    // Largest remainders first; equal remainders: earlier contender first.
    let order = cs.indices.sorted { rem[$0] != rem[$1] ? rem[$0] > rem[$1] : $0 < $1 }
    var notes: [String] = []
    if given <= m {
      let extra = m - given
      switch ties {
      case .breakByOrder:
        // More extra seats than contenders only with Droop's integer quota on tiny weights: go round again.
        for k in 0..<extra { whole[order[k % order.count]] += 1 }
        let cut = extra % order.count
        if cut > 0 && rem[order[cut - 1]] == rem[order[cut]] {
          let tied = order.filter { rem[$0] == rem[order[cut]] }.map { cs[$0].name }
          notes.append(
            "equal remainders among \(tied.joined(separator: ", ")); earlier contender preferred")
        }
      case .leaveOpen:
        var left = extra
        var k = 0
        while left > 0 {
          var j = k
          while j < order.count && rem[order[j]] == rem[order[k]] { j += 1 }
          let group = Array(order[k..<j])
          if group.count > left { return .allocated(whole, [], (group.sorted(), left)) }
          for i in group { whole[i] += 1 }
          left -= group.count
          k = j == order.count ? 0 : j  // round again (Droop on tiny weights, as above)
        }
      }
      return .allocated(whole, notes, nil)
    }
    // Imperiali can over-allocate: take seats back from the smallest remainders, a group of equal
    // remainders at a time (walking down `order`, so within a group the later contender comes first).
    var need = given - m
    var k = order.count - 1
    while need > 0 {
      var j = k
      while j > 0 && rem[order[j - 1]] == rem[order[k]] { j -= 1 }
      let group = order[j...k].filter { whole[$0] > 0 }
      if group.count > need {
        switch ties {
        case .breakByOrder:
          // The later contenders lose first.
          for i in group.suffix(need) { whole[i] -= 1 }
          notes.append(
            "equal remainders among \(group.map { cs[$0].name }.joined(separator: ", ")); the later contender gives back a seat first"
          )
          return .allocated(whole, notes, nil)
        case .leaveOpen:
          // They tie for keeping `group.count − need` seats: all give one back, and those seats stay open.
          for i in group { whole[i] -= 1 }
          return .allocated(whole, [], (group.sorted(), group.count - need))
        }
      }
      for i in group { whole[i] -= 1 }
      need -= group.count
      k = j == 0 ? order.count - 1 : j - 1
    }
    return .allocated(whole, notes, nil)
  }
}
