extension UnitGraph {
  /// Number of connected components of the subgraph induced by `members` (node indices).
  public func componentCount(of members: [Int]) -> Int {
    var inSet = Set(members)
    var count = 0
    var stack: [Int] = []
    for start in members where inSet.contains(start) {
      count += 1
      inSet.remove(start)
      stack.append(start)
      while let x = stack.popLast() {
        for y in neighbors(of: x) where inSet.contains(Int(y)) {
          inSet.remove(Int(y))
          stack.append(Int(y))
        }
      }
    }
    return count
  }

  /// Connected components of the subgraph induced by `members`, as lists of node indices.
  public func components(of members: [Int]) -> [[Int]] {
    var inSet = Set(members)
    var out: [[Int]] = []
    for start in members where inSet.contains(start) {
      var comp = [start]
      inSet.remove(start)
      var k = 0
      while k < comp.count {
        for y in neighbors(of: comp[k]) where inSet.contains(Int(y)) {
          inSet.remove(Int(y))
          comp.append(Int(y))
        }
        k += 1
      }
      out.append(comp.sorted())
    }
    return out
  }
}
