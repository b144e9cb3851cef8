import SaylauApportionment
import SaylauCore
import SaylauRegistry
import Testing

@testable import SaylauElections

/// Official figures of rules.md A8 (CEC results as reported by the press; sources in SOURCES.md).
private let votes2023: [ListVote.Party] = [
  .init(code: "amanat", name: "AMANAT", votes: 3_431_510),
  .init(code: "auyl", name: "Auyl", votes: 693_938),
  .init(code: "respublica", name: "Respublica", votes: 547_154),
  .init(code: "qhp", name: "QHP", votes: 432_920),
  .init(code: "baytaq", name: "Baytaq", votes: 146_431),
  .init(code: "ak_zhol", name: "Aq Jol", votes: 535_139),
  .init(code: "jsdp", name: "JSDP", votes: 331_058),
]
private let vote2023 = ListVote(parties: votes2023, againstAll: 248_291, ballotsIssued: 6_521_860)

private let vote2021 = ListVote(parties: [
  .init(code: "nur_otan", name: "Nur Otan", votes: 5_148_074),
  .init(code: "ak_zhol", name: "Ak Zhol", votes: 792_828),
  .init(code: "qhp", name: "QHP", votes: 659_019),
  .init(code: "auyl", name: "Auyl", votes: 383_023),
  .init(code: "adal", name: "Adal", votes: 258_618),
])

@Test func hareLargestRemainder2023MatchesOfficial() throws {
  let r = try ListSeatDecision(regime: .r2022).decide(vote2023)
  #expect(r.base == 6_366_441)
  #expect(r.seats(of: "amanat") == 40)
  #expect(r.seats(of: "auyl") == 8)
  #expect(r.seats(of: "respublica") == 6)
  #expect(r.seats(of: "ak_zhol") == 6)
  #expect(r.seats(of: "qhp") == 5)
  #expect(r.seats(of: "jsdp") == 4)
  #expect(r.seats(of: "baytaq") == 0)
  #expect(r.rows.first { $0.code == "baytaq" }?.passedThreshold == false)
  #expect(r.options == ElectionOptions())
}

@Test func dhondt2023GivesAmanat41AndJSDP3() throws {
  let r = try ListSeatDecision(regime: .r2022, method: .divisor(.dhondt)).decide(vote2023)
  #expect(r.seats(of: "amanat") == 41)
  #expect(r.seats(of: "jsdp") == 3)
  #expect(r.rows.reduce(0) { $0 + $1.seats } == 69)
}

@Test func hare2021MatchesOfficialAndDHondtDoesNot() throws {
  let hare = try ListSeatDecision(regime: .r2009).decide(vote2021)
  #expect(
    [hare.seats(of: "nur_otan"), hare.seats(of: "ak_zhol"), hare.seats(of: "qhp")] == [76, 12, 10])
  #expect(hare.seats(of: "auyl") == 0)
  #expect(hare.runnerUpGuaranteeApplied == false)
  let dh = try ListSeatDecision(regime: .r2009, method: .divisor(.dhondt)).decide(vote2021)
  #expect([dh.seats(of: "nur_otan"), dh.seats(of: "ak_zhol"), dh.seats(of: "qhp")] == [77, 12, 9])
}

@Test func hare2016And2004MatchOfficial() throws {
  let v2016 = ListVote(parties: [
    .init(code: "nur_otan", name: "Nur Otan", votes: 6_183_757),
    .init(code: "ak_zhol", name: "Ak Zhol", votes: 540_406),
    .init(code: "knpk", name: "KNPK", votes: 537_123),
    .init(code: "other", name: "other lists (derived)", votes: 261_582, isAggregate: true),
  ])
  let r16 = try ListSeatDecision(regime: .r2009).decide(v2016)
  #expect(r16.base == 7_522_868)
  #expect(
    [r16.seats(of: "nur_otan"), r16.seats(of: "ak_zhol"), r16.seats(of: "knpk")] == [84, 7, 7])
  let v2004 = ListVote(parties: [
    .init(code: "otan", name: "Otan", votes: 2_883_706),
    .init(code: "ak_zhol", name: "Ak Zhol", votes: 572_672),
    .init(code: "asar", name: "Asar", votes: 541_239),
    .init(code: "aist", name: "AIST", votes: 336_177),
    .init(code: "other", name: "other lists (derived)", votes: 423_979, isAggregate: true),
  ])
  let r04 = try ListSeatDecision(regime: .r1999).decide(v2004)
  #expect(r04.base == 4_757_773)
  #expect(r04.rows.map(\.seats) == [7, 1, 1, 1, 0])
  let d04 = try ListSeatDecision(regime: .r1999, method: .divisor(.dhondt)).decide(v2004)
  #expect(d04.rows.map(\.seats) == [8, 1, 1, 0, 0])
  // On ballots in the box (valid + 135,431 invalid) AIST falls below 7% (6.87%) and would not be seated.
  var opts = ElectionOptions()
  opts.thresholdBase = .ballotsInBox
  var v = v2004
  v.invalid = 135_431
  let strict = try ListSeatDecision(regime: .r1999, options: opts).decide(v)
  #expect(strict.seats(of: "aist") == 0)
  #expect(strict.base == 4_893_204)
}

@Test func thresholdIsExactAtTheBoundary() {
  let t = Threshold.percent(5)
  #expect(t.isReached(by: 5, of: 100))
  #expect(!t.isReached(by: 4, of: 100))
  #expect(t.isReached(by: 318_323, of: 6_366_441))
  #expect(!t.isReached(by: 318_322, of: 6_366_441))
  #expect(Threshold(percentString: "3.25") == Threshold(numerator: 325, denominator: 10000))
  #expect(Threshold(percentString: "abc") == nil)
  #expect(Threshold(percentString: "101") == nil)
}

@Test func ballotsIssuedBaseNeedsTheCount() throws {
  var opts = ElectionOptions()
  opts.thresholdBase = .ballotsIssued
  let r = try ListSeatDecision(regime: .r2022, options: opts).decide(vote2023)
  #expect(r.base == 6_521_860)
  #expect(r.seats(of: "jsdp")! > 0)  // 331,058 ≥ 326,093
  #expect(throws: ListSeatError.missingBase(.ballotsIssued)) {
    try ListSeatDecision(regime: .r2022, options: opts).decide(vote2021)
  }
}

@Test func runnerUpGuaranteeBehindAFlag() throws {
  // 2007-like: only the leader passes 7%.
  let v = ListVote(parties: [
    .init(code: "a", name: "A", votes: 5_000_000),
    .init(code: "b", name: "B", votes: 300_000),
    .init(code: "c", name: "C", votes: 350_000),
  ])
  let off = try ListSeatDecision(regime: .r2007).decide(v)
  #expect(off.rows.map(\.seats) == [98, 0, 0])
  let on = try ListSeatDecision(regime: .r2009).decide(v)
  #expect(on.runnerUpGuaranteeApplied)
  #expect(on.rows.first { $0.code == "c" }?.admittedAsRunnerUp == true)
  // floor(0.7 · 350000 · 98 / 5350000) = 4
  #expect(on.rows.map(\.seats) == [94, 0, 4])
  var opts = ElectionOptions()
  opts.runnerUpGuarantee = true
  let v5 = ListVote(parties: [
    .init(code: "a", name: "A", votes: 5_000_000), .init(code: "b", name: "B", votes: 200_000),
    .init(code: "c", name: "C", votes: 250_000),
  ])
  #expect(try ListSeatDecision(regime: .r2022).decide(v5).runnerUpGuaranteeApplied == false)
  let forced = try ListSeatDecision(regime: .r2022, options: opts).decide(v5)
  #expect(forced.runnerUpGuaranteeApplied)
  // A tiny runner-up still gets 2 seats.
  let tiny = ListVote(parties: [
    .init(code: "a", name: "A", votes: 1_000_000), .init(code: "b", name: "B", votes: 10),
  ])
  #expect(try ListSeatDecision(regime: .r2009).decide(tiny).rows.map(\.seats) == [96, 2])
}

@Test func remainderTiesGoToTheEarlierListOrFail() throws {
  let v = ListVote(parties: [
    .init(code: "x", name: "X", votes: 100), .init(code: "y", name: "Y", votes: 100),
    .init(code: "z", name: "Z", votes: 100),
  ])
  let r = try ListSeatDecision(regime: .r2022, seats: 4).decide(v)
  #expect(r.rows.map(\.seats) == [2, 1, 1])
  #expect(r.tiesBroken.count == 1)
  var opts = ElectionOptions()
  opts.remainderTie = .error
  #expect(throws: ListSeatError.self) {
    try ListSeatDecision(regime: .r2022, options: opts, seats: 4).decide(v)
  }
}

@Test func regimeTableMatchesRulesA0() {
  #expect(Regime.all.map(\.id) == ["R1995", "R1999", "R2007", "R2009", "R2022", "R2026"])
  for r in Regime.all {
    #expect(r.listSeats + r.constituencySeats + r.appointedSeats == r.totalSeats, "\(r.id)")
  }
  #expect(Regime.r2022.listThreshold == .percent(5))
  #expect(Regime.r2026.listMethod == nil)
  #expect(throws: ListSeatError.noMethod("R2026")) {
    try ListSeatDecision(regime: .r2026).decide(vote2021)
  }
}

// MARK: - Allocation methods

/// The list-seat policies (ties broken by registration order, minimums pinned by allocation), which these
/// tests were written for.
extension AllocationMethod {
  fileprivate func allocate(_ seats: Int, among contenders: [Contender]) throws -> Allocation {
    try allocate(seats, among: contenders, ties: .breakByOrder, minimums: .pinByAllocation)
  }
}

private func cs(_ w: [Int]) -> [Contender] {
  w.enumerated().map { Contender(name: "p\($0.offset)", weight: $0.element) }
}

@Test func textbookDivisorExamples() throws {
  // Classic example: 100,000 / 80,000 / 30,000 / 20,000 votes, 8 seats.
  let w = cs([100_000, 80_000, 30_000, 20_000])
  #expect(try AllocationMethod.divisor(.dhondt).allocate(8, among: w).seats == [4, 3, 1, 0])
  #expect(try AllocationMethod.divisor(.sainteLague).allocate(8, among: w).seats == [3, 3, 1, 1])
  // Hare: q = 28,750 → whole 3, 2, 1, 0; remainders .478, .783, .043, .696 → +1 to the 2nd and the 4th.
  #expect(try AllocationMethod.largestRemainder(.hare).allocate(8, among: w).seats == [3, 3, 1, 1])
  // Adams gives everyone with votes a first seat.
  #expect(try AllocationMethod.divisor(.adams).allocate(4, among: w).seats == [1, 1, 1, 1])
  // Modified Sainte-Laguë's 1.4 first divisor keeps a small party out where plain Sainte-Laguë seats it.
  let w2 = cs([1000, 130])
  #expect(try AllocationMethod.divisor(.sainteLague).allocate(5, among: w2).seats == [4, 1])
  #expect(
    try AllocationMethod.divisor(.modifiedSainteLague).allocate(5, among: w2).seats == [5, 0])
  // Danish 1, 4, 7: 1000/1, 1000/4=250, 300/1, 1000/7≈142.9, 300/4=75 → [3, 1] for 4 seats.
  #expect(
    try AllocationMethod.divisor(.danish).allocate(4, among: cs([1000, 300])).seats == [3, 1])
}

@Test func huntingtonHillMatchesTheUSHouse1790Style() throws {
  // Squared comparison: with 1 seat each, next seat to a if a²/(1·2) > b²/(1·2).
  let w = cs([7, 5])
  #expect(try AllocationMethod.divisor(.huntingtonHill).allocate(3, among: w).seats == [2, 1])
  // Hill priority v/sqrt(s(s+1)): 8/sqrt(2)=5.66 vs 5/sqrt(2)=3.54 → 8 gets 2nd; then 8/sqrt(6)=3.27 vs 3.54 → 5 gets 3rd... 4 seats: [2,2]
  #expect(
    try AllocationMethod.divisor(.huntingtonHill).allocate(4, among: cs([8, 5])).seats == [2, 2])
  // Dean: 8·3/(2·1·2)=6 vs 5·3/4=3.75 → 2nd to 8; 8·5/(2·2·3)=3.33 vs 3.75 → 3rd to 5.
  #expect(try AllocationMethod.divisor(.dean).allocate(4, among: cs([8, 5])).seats == [2, 2])
  #expect(try AllocationMethod.divisor(.dean).allocate(3, among: cs([8, 5])).seats == [2, 1])
  // Huge weights do not overflow the exact comparison.
  let big = cs([Int.max / 2, Int.max / 3, 7])
  #expect(try AllocationMethod.divisor(.huntingtonHill).allocate(10, among: big).totalSeats == 10)
}

@Test func droopAndImperialiQuotas() throws {
  // Droop: V=230000, M=8 → q = 25556; whole 3,3,1,0 = 7; remainders → 1 more.
  let w = cs([100_000, 80_000, 30_000, 20_000])
  #expect(
    try AllocationMethod.largestRemainder(.droop).allocate(8, among: w).seats == [4, 3, 1, 0])
  // Imperiali over-allocation: 3 equal parties, 2 seats: q = 300/4 = 75 → whole 1+1+1 = 3 > 2, the last loses.
  #expect(
    try AllocationMethod.largestRemainder(.imperiali).allocate(2, among: cs([100, 100, 100])).seats
      == [1, 1, 0])
}

@Test func seatMinimumsForApportionment() throws {
  let regions = [
    Contender(name: "big", weight: 1_000_000, minimumSeats: 1),
    Contender(name: "mid", weight: 300_000, minimumSeats: 1),
    Contender(name: "tiny", weight: 10_000, minimumSeats: 1),
  ]
  for m in AllocationMethod.allCases {
    let a = try m.allocate(10, among: regions)
    #expect(a.totalSeats == 10, "\(m)")
    #expect(a.seats.allSatisfy { $0 >= 1 }, "\(m)")
  }
  #expect(throws: AllocationError.minimumsExceedSeats(minimums: 3, seats: 2)) {
    try AllocationMethod.divisor(.dhondt).allocate(2, among: regions)
  }
}

// MARK: - Properties

@Test func propertiesOnSeededRandomInputs() throws {
  var g = SeededGenerator(seed: 2023)
  for _ in 0..<150 {
    let n = 2 + g.next(below: 7)
    let w = (0..<n).map { _ in g.next(below: 1_000_000) + 1 }
    let m = 1 + g.next(below: 60)
    let contenders = cs(w)
    let total = w.reduce(0, +)
    // Hamilton satisfies the quota rule: floor(q_i) ≤ s_i ≤ ceil(q_i), q_i = v_i·M/V.
    let hare = try AllocationMethod.largestRemainder(.hare).allocate(m, among: contenders)
    #expect(hare.totalSeats == m)
    for i in 0..<n {
      let (lo, r) = mulDivMod(w[i], m, total)
      #expect(hare.seats[i] >= lo && hare.seats[i] <= lo + (r > 0 ? 1 : 0))
    }
    for d in DivisorMethod.allCases {
      let a = try AllocationMethod.divisor(d).allocate(m, among: contenders)
      let b = try AllocationMethod.divisor(d).allocate(m + 1, among: contenders)
      #expect(a.totalSeats == m && b.totalSeats == m + 1)
      // House monotonicity: one more seat never takes a seat away from anyone.
      #expect(zip(a.seats, b.seats).allSatisfy { $0 <= $1 }, "\(d)")
    }
    for q in Quota.allCases {
      #expect(
        try AllocationMethod.largestRemainder(q).allocate(m, among: contenders).totalSeats == m)
    }
  }
}

@Test func indices() {
  // One party all votes, all seats: no disproportionality, one effective party.
  #expect(ProportionalityIndex.gallagher(votes: [10, 0], seats: [5, 0]) == 0)
  #expect(ProportionalityIndex.effectiveNumberOfParties([50, 50]) == 2)
  #expect(ProportionalityIndex.effectiveNumberOfParties([0, 0]) == nil)
  // Votes 60/40, seats 100/0: LH = ½(40+40) = 40; Gallagher = sqrt(½(1600+1600)) = 40.
  #expect(abs(ProportionalityIndex.loosemoreHanby(votes: [60, 40], seats: [1, 0]) - 40) < 1e-9)
  #expect(abs(ProportionalityIndex.gallagher(votes: [60, 40], seats: [1, 0]) - 40) < 1e-9)
}

/// Every method on the eligible 2023 and 2021 lists, against an independent implementation in Python with exact
/// fractions (`python3 Benchmarks/elections/peer_methods.py`, output pasted here).
@Test func everyMethodMatchesThePythonPeer() throws {
  let peer = """
    2023 hare amanat=40 auyl=8 respublica=6 ak_zhol=6 qhp=5 jsdp=4
    2023 droop amanat=40 auyl=8 respublica=6 ak_zhol=6 qhp=5 jsdp=4
    2023 imperiali amanat=40 auyl=8 respublica=6 ak_zhol=6 qhp=5 jsdp=4
    2023 dhondt amanat=41 auyl=8 respublica=6 ak_zhol=6 qhp=5 jsdp=3
    2023 sainte-lague amanat=40 auyl=8 respublica=6 ak_zhol=6 qhp=5 jsdp=4
    2023 modified-sainte-lague amanat=40 auyl=8 respublica=6 ak_zhol=6 qhp=5 jsdp=4
    2023 danish amanat=40 auyl=8 respublica=6 ak_zhol=6 qhp=5 jsdp=4
    2023 adams amanat=39 auyl=8 respublica=7 ak_zhol=6 qhp=5 jsdp=4
    2023 dean amanat=40 auyl=8 respublica=6 ak_zhol=6 qhp=5 jsdp=4
    2023 huntington-hill amanat=40 auyl=8 respublica=6 ak_zhol=6 qhp=5 jsdp=4
    2021 hare nur_otan=76 ak_zhol=12 qhp=10
    2021 droop nur_otan=77 ak_zhol=12 qhp=9
    2021 imperiali nur_otan=77 ak_zhol=12 qhp=9
    2021 dhondt nur_otan=77 ak_zhol=12 qhp=9
    2021 sainte-lague nur_otan=76 ak_zhol=12 qhp=10
    2021 modified-sainte-lague nur_otan=76 ak_zhol=12 qhp=10
    2021 danish nur_otan=76 ak_zhol=12 qhp=10
    2021 adams nur_otan=76 ak_zhol=12 qhp=10
    2021 dean nur_otan=76 ak_zhol=12 qhp=10
    2021 huntington-hill nur_otan=76 ak_zhol=12 qhp=10
    """
  let eligible: [Int: (seats: Int, parties: [Contender])] = [
    2023: (
      69,
      votes2023.filter { $0.code != "baytaq" }.map { Contender(name: $0.code, weight: $0.votes) }
    ),
    2021: (98, vote2021.parties.prefix(3).map { Contender(name: $0.code, weight: $0.votes) }),
  ]
  for line in peer.split(separator: "\n") {
    let parts = line.split(separator: " ").map(String.init)
    let (m, contenders) = try #require(eligible[Int(parts[0])!])
    let method = try #require(AllocationMethod(name: parts[1]))
    let got = try method.allocate(m, among: contenders)
    for pair in parts.dropFirst(2) {
      let kv = pair.split(separator: "=").map(String.init)
      #expect(got.seats(of: kv[0]) == Int(kv[1]), "\(line)")
    }
  }
}
