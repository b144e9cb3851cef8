import SaylauCore

/// Reading apportionment inputs and scanning an unknown population.
extension ApportionmentUnit {
  /// Reads `name,population[,minimum]` rows. A blank or missing population is an error (never 0).
  public static func read(csv text: String, source: String) throws -> [ApportionmentUnit] {
    let table = try CSVTable(text: text, source: source)
    let name = try table.column("name")
    let population = try table.column("population")
    let minimum = table.header.firstIndex(of: "minimum")
    var units: [ApportionmentUnit] = []
    var seen: Set<String> = []
    for r in table.rows.indices {
      let line = table.rows[r].line
      let n = table.rows[r].fields[name].trimmingSpaces
      if n.isEmpty { throw CSVError(source: source, line: line, field: "name", message: "blank") }
      if !seen.insert(n).inserted {
        throw CSVError(source: source, line: line, field: "name", message: "'\(n)' appears twice")
      }
      guard let p = try table.integer(row: r, column: population) else {
        throw CSVError(
          source: source, line: line, field: "population",
          message: "blank for '\(n)' (a missing population cannot be apportioned; supply a figure)")
      }
      if p < 0 {
        throw CSVError(source: source, line: line, field: "population", message: "negative")
      }
      let m = try minimum.flatMap { try table.integer(row: r, column: $0) } ?? 0
      if m < 0 { throw CSVError(source: source, line: line, field: "minimum", message: "negative") }
      units.append(ApportionmentUnit(name: n, population: p, minimum: m))
    }
    return units
  }
}

/// The values of one unit's (unknown) population for which a method yields a target allocation.
public struct ReproducingRange: Sendable, Hashable, Codable {
  public var method: ApportionmentMethod
  /// Disjoint closed intervals, ascending, in the scanned range.
  public var intervals: [ClosedRange<Int>]
}

/// Finds, exactly, the integer populations of `units[index]` in `range` for which `method` gives
/// `target` with no tie.
///
/// Divisor methods are population-monotone (raising one unit's population never takes a seat from it
/// nor gives one to another), so the allocation is constant on `[a, b]` whenever it is the same at `a`
/// and `b`; the scan bisects down to the exact integer boundaries. Hamilton's method is not monotone
/// (the population paradox), so every integer is evaluated.
public func reproducingRange(
  seats: Int, units: [ApportionmentUnit], varying index: Int, over range: ClosedRange<Int>,
  target: [Int], method: ApportionmentMethod
) throws -> ReproducingRange {
  var work = units
  func outcome(_ value: Int) throws -> Apportionment {
    work[index].population = value
    return try apportion(seats: seats, units: work, method: method)
  }
  // Collect maximal runs of identical outcomes as (start, end, matches).
  var runs: [(Int, Int, Bool)] = []
  func emit(_ a: Int, _ b: Int, _ ok: Bool) {
    if let last = runs.last, last.2 == ok, last.1 + 1 == a {
      runs[runs.count - 1].1 = b
    } else {
      runs.append((a, b, ok))
    }
  }
  func matches(_ x: Apportionment) -> Bool { x.tie == nil && x.allocation == target }
  if method == .hamilton {
    for v in range { emit(v, v, matches(try outcome(v))) }
  } else {
    // Iterative bisection over [lo, hi] with known outcomes at both ends.
    var stack: [(Int, Apportionment, Int, Apportionment)] = []
    let lo = range.lowerBound
    let hi = range.upperBound
    stack.append((lo, try outcome(lo), hi, try outcome(hi)))
    // Process left to right: pop from the end, push right half first.
    while let (a, oa, b, ob) = stack.popLast() {
      if oa == ob {
        emit(a, b, matches(oa))
      } else if b == a + 1 {
        emit(a, a, matches(oa))
        emit(b, b, matches(ob))
      } else if a == b {
        emit(a, a, matches(oa))
      } else {
        let m = a + (b - a) / 2
        let om = try outcome(m)
        stack.append((m + 1, try outcome(m + 1), b, ob))
        stack.append((a, oa, m, om))
      }
    }
  }
  return ReproducingRange(method: method, intervals: runs.filter(\.2).map { $0.0...$0.1 })
}
