import SaylauCore

/// A seeded, structure-aware mutator: byte edits, tokens from the target's dictionary, and edits that
/// respect lines and fields (drop, repeat or swap a line; replace, drop or repeat a field; a column of the
/// header; a number made huge). The same seed gives the same mutants.
public struct FuzzMutator {
  public var rng: SeededGenerator
  let dictionary: [[UInt8]]
  /// The largest mutant.
  public var maximumLength = 1 << 16

  public init(seed: UInt64, target: FuzzTarget) {
    rng = SeededGenerator(seed: seed)
    dictionary = target.dictionary
  }

  /// One mutant of `input`: one to eight edits.
  public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
    var b = input
    for _ in 0..<(1 + rng.next(below: 8)) { edit(&b) }
    if b.count > maximumLength { b.removeLast(b.count - maximumLength) }
    return b
  }

  mutating func position(_ b: [UInt8]) -> Int { b.isEmpty ? 0 : rng.next(below: b.count + 1) }

  mutating func token() -> [UInt8] { dictionary[rng.next(below: dictionary.count)] }

  /// The ranges of the lines of `b` (without their line feeds).
  func lines(_ b: [UInt8]) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var start = 0
    for (i, c) in b.enumerated() where c == 0x0A {
      out.append(start..<i)
      start = i + 1
    }
    if start < b.count { out.append(start..<b.count) }
    return out
  }

  /// The ranges of the fields (between commas, or JSON-ish separators) of `b[range]`.
  func fields(_ b: [UInt8], in range: Range<Int>) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var start = range.lowerBound
    for i in range where b[i] == 0x2C || b[i] == 0x3A {
      out.append(start..<i)
      start = i + 1
    }
    out.append(start..<range.upperBound)
    return out
  }

  mutating func edit(_ b: inout [UInt8]) {
    switch rng.next(below: 14) {
    case 0 where !b.isEmpty:  // flip a bit
      let i = rng.next(below: b.count)
      b[i] ^= UInt8(1 << rng.next(below: 8))
    case 1:  // insert a token
      b.insert(contentsOf: token(), at: position(b))
    case 2 where !b.isEmpty:  // delete a range
      let i = rng.next(below: b.count)
      let n = 1 + rng.next(below: min(64, b.count - i))
      b.removeSubrange(i..<(i + n))
    case 3:  // duplicate a line
      let ls = lines(b)
      guard !ls.isEmpty else { return }
      let l = ls[rng.next(below: ls.count)]
      b.insert(contentsOf: Array(b[l]) + [0x0A], at: l.lowerBound)
    case 4:  // swap two lines
      let ls = lines(b)
      guard ls.count > 1 else { return }
      let (x, y) = (ls[rng.next(below: ls.count)], ls[rng.next(below: ls.count)])
      guard x != y else { return }
      let (first, second) = x.lowerBound < y.lowerBound ? (x, y) : (y, x)
      let a = Array(b[first])
      let c = Array(b[second])
      b.replaceSubrange(second, with: a)
      b.replaceSubrange(first, with: c)
    case 5, 6:  // replace a field with a token
      let ls = lines(b)
      guard !ls.isEmpty else { return }
      let fs = fields(b, in: ls[rng.next(below: ls.count)])
      b.replaceSubrange(fs[rng.next(below: fs.count)], with: token())
    case 7:  // drop a field (a column, when it is the header's)
      let ls = lines(b)
      guard !ls.isEmpty else { return }
      let line = ls[rng.next(below: min(ls.count, 2))]
      let fs = fields(b, in: line)
      guard fs.count > 1 else { return }
      let f = fs[rng.next(below: fs.count)]
      b.removeSubrange(f.lowerBound..<min(line.upperBound, f.upperBound + 1))
    case 8:  // repeat a field
      let ls = lines(b)
      guard !ls.isEmpty else { return }
      let line = ls[rng.next(below: ls.count)]
      let fs = fields(b, in: line)
      let f = fs[rng.next(below: fs.count)]
      b.insert(contentsOf: Array(b[f]) + [0x2C], at: f.lowerBound)
    case 9 where !b.isEmpty:  // truncate
      b.removeLast(rng.next(below: b.count))
    case 10:  // make a number huge, or negative
      guard let i = b.indices.filter({ b[$0] >= 0x30 && b[$0] <= 0x39 }).randomElement(using: &rng)
      else { return }
      b.insert(
        contentsOf: rng.next(below: 2) == 0 ? Array("99999999999999999".utf8) : [0x2D], at: i)
    case 11:  // repeat a piece many times (long fields, wide lines, deep nesting)
      guard !b.isEmpty else { return }
      let i = rng.next(below: b.count)
      let piece = Array(b[i..<min(b.count, i + 1 + rng.next(below: 8))])
      let times = 16 << rng.next(below: 8)
      b.insert(contentsOf: Array(repeating: piece, count: times).joined(), at: i)
    case 12:  // a random byte
      b.insert(UInt8(truncatingIfNeeded: rng.next()), at: position(b))
    default:  // a token at the start of a line
      let ls = lines(b)
      guard !ls.isEmpty else { return }
      b.insert(contentsOf: token(), at: ls[rng.next(below: ls.count)].lowerBound)
    }
  }
}
