/// What the import remembers of every precinct id it has seen, to find duplicate protocols and precincts
/// that change constituency across all the files of one import: per precinct its constituency and, per
/// ballot type, where its protocol is. A million precincts must fit in little memory, so an entry is 32 bytes
/// and numeric ids (the common case) are keyed without building a String.
struct PrecinctIndex {
  /// Where a protocol was first seen.
  struct Occurrence: Equatable {
    var source: Int
    /// File offset of the record's first byte.
    var offset: Int
    /// CSV: the physical line; JSON: the index in the `protocols` array.
    var ordinal: Int
    /// Its counts are in the tallies (so a later duplicate must take them back out).
    var aggregated: Bool
    /// It has been rejected (so a third copy does not reject it again).
    var rejected: Bool
  }

  /// One precinct: its constituency and one packed occurrence per ballot type, in 32 bytes.
  ///
  /// Each occurrence word: bit 63 present, 62 aggregated, 61 rejected, bits 51–60 the source (1,024 files),
  /// 43–50 one byte of the constituency, 0–42 the offset (8 TB). The constituency (16 bits, −1 unknown) is
  /// split over the two words' spare bytes.
  struct Entry {
    var list: UInt64 = 0
    var constituencyBallot: UInt64 = 0
    var listOrdinal: UInt32 = 0
    var constituencyOrdinal: UInt32 = 0
    /// The first protocol's counts for the checks across the two ballots of one precinct: voters on the list
    /// (bits 0–21), ballots issued (22–42) and, for a list protocol, ballots issued less absentee voters
    /// (43–63). A field of all ones is unknown (blank, or beyond its width: then it is not compared).
    var counts: UInt64 = UInt64.max

    static let votersBits: UInt64 = (1 << 22) - 1
    static let issuedBits: UInt64 = (1 << 21) - 1

    /// Packs the counts of the precinct's first protocol.
    mutating func setCounts(voters: Int?, issued: Int?, issuedLessAbsentee: Int?) {
      func field(_ v: Int?, _ mask: UInt64) -> UInt64 {
        guard let v, v >= 0, UInt64(v) < mask else { return mask }
        return UInt64(v)
      }
      counts =
        field(voters, Self.votersBits) | field(issued, Self.issuedBits) << 22
        | field(issuedLessAbsentee, Self.issuedBits) << 43
    }

    /// The first protocol's voters on the list, ballots issued and (list) issued less absentee voters.
    var firstCounts: (voters: Int?, issued: Int?, issuedLessAbsentee: Int?) {
      func value(_ bits: UInt64, _ mask: UInt64) -> Int? { bits == mask ? nil : Int(bits) }
      return (
        value(counts & Self.votersBits, Self.votersBits),
        value((counts >> 22) & Self.issuedBits, Self.issuedBits),
        value((counts >> 43) & Self.issuedBits, Self.issuedBits)
      )
    }

    static let offsetMask: UInt64 = (1 << 43) - 1
    static let empty = Entry()

    init() {}

    init(constituency: Int) {
      self.constituency = constituency
    }

    /// The constituency of the precinct's first protocol; −1 when it was blank or not known.
    var constituency: Int {
      get {
        let high = (list >> 43) & 0xFF
        let low = (constituencyBallot >> 43) & 0xFF
        return Int(Int16(bitPattern: UInt16(high << 8 | low)))
      }
      set {
        let bits = UInt64(UInt16(bitPattern: Int16(clamping: newValue)))
        list = list & ~(0xFF << 43) | ((bits >> 8) & 0xFF) << 43
        constituencyBallot = constituencyBallot & ~(0xFF << 43) | (bits & 0xFF) << 43
      }
    }

    private static func pack(_ o: Occurrence?, keeping word: UInt64) -> (UInt64, UInt32) {
      let kept = word & (0xFF << 43)
      guard let o else { return (kept, 0) }
      let bits =
        (1 << 63) | (o.aggregated ? 1 << 62 : 0) | (o.rejected ? 1 << 61 : 0)
        | (UInt64(o.source & 0x3FF) << 51) | (UInt64(o.offset) & offsetMask) | kept
      return (bits, UInt32(truncatingIfNeeded: o.ordinal))
    }

    private static func unpack(_ bits: UInt64, _ ordinal: UInt32) -> Occurrence? {
      guard bits >> 63 == 1 else { return nil }
      return Occurrence(
        source: Int((bits >> 51) & 0x3FF), offset: Int(bits & offsetMask),
        ordinal: Int(ordinal), aggregated: (bits >> 62) & 1 == 1, rejected: (bits >> 61) & 1 == 1)
    }

    subscript(ballot: BallotType) -> Occurrence? {
      get {
        ballot == .list
          ? Self.unpack(list, listOrdinal) : Self.unpack(constituencyBallot, constituencyOrdinal)
      }
      set {
        if ballot == .list {
          (list, listOrdinal) = Self.pack(newValue, keeping: list)
        } else {
          (constituencyBallot, constituencyOrdinal) = Self.pack(
            newValue, keeping: constituencyBallot)
        }
      }
    }

    /// The first protocol seen for this precinct (either ballot).
    var first: Occurrence? { self[.list] ?? self[.constituency] }
  }

  /// The most files one import may have (the packing keeps 10 bits for the file).
  static let maximumSources = 1024

  private var numeric = IntKeyTable<Entry>(empty: .empty)
  private var named: [String: Entry] = [:]

  /// Sizes the numeric table for about `count` precincts at once instead of growing it.
  mutating func reserve(_ count: Int) {
    if numeric.count == 0 && count > numeric.capacity {
      numeric = IntKeyTable(minimumCapacity: count, empty: .empty)
    }
  }

  /// Calls `body` with the entry of a precinct (`nil` when new) to read and change in place.
  @inline(__always)
  mutating func modify<R>(number: Int, name: String, _ body: (inout Entry?) -> R) -> R {
    if number >= 0 { return numeric.modify(number, body) }
    return body(&named[name])
  }
}

/// An open-addressing hash map from non-negative `Int` keys to values, for the precinct index.
///
/// The standard `Dictionary` hashes with SipHash, which dominated the profile of a million-row import;
/// here a multiplicative (Fibonacci) hash with linear probing over one array of slots (key and value side by
/// side, one cache line per probe) does the job. An adversarial file can only make probing slower, not wrong.
struct IntKeyTable<Value> {
  private struct Slot {
    /// −1 marks an empty slot (keys are non-negative).
    var key: Int
    var value: Value
  }

  private var slots: [Slot]
  private(set) var count = 0
  private var shift: Int
  private let empty: Value

  var capacity: Int { slots.count * 3 / 4 }

  /// `empty` fills the free slots (never handed out).
  init(minimumCapacity: Int = 16, empty: Value) {
    var size = 16
    var bits = 4
    while size * 3 < minimumCapacity * 4 {
      size <<= 1
      bits += 1
    }
    self.empty = empty
    slots = [Slot](repeating: Slot(key: -1, value: empty), count: size)
    shift = 64 - bits
  }

  @inline(__always)
  private func bucket(_ key: Int) -> Int {
    Int(
      truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift)
    )
  }

  /// Calls `body` with the value of `key` (`nil` when absent) for reading and writing in place; a value set
  /// to non-`nil` is stored. Setting an existing value to `nil` is not supported (nothing is ever removed).
  @inline(__always)
  mutating func modify<R>(_ key: Int, _ body: (inout Value?) -> R) -> R {
    if (count + 1) * 4 > slots.count * 3 { grow() }
    let mask = slots.count - 1
    var i = bucket(key)
    return slots.withUnsafeMutableBufferPointer { s in
      while s[i].key >= 0 {
        if s[i].key == key {
          var v: Value? = s[i].value
          let r = body(&v)
          if let v { s[i].value = v }
          return r
        }
        i = (i + 1) & mask
      }
      var v: Value? = nil
      let r = body(&v)
      if let v {
        s[i] = Slot(key: key, value: v)
        count += 1
      }
      return r
    }
  }

  subscript(key: Int) -> Value? {
    let mask = slots.count - 1
    var i = bucket(key)
    while slots[i].key >= 0 {
      if slots[i].key == key { return slots[i].value }
      i = (i + 1) & mask
    }
    return nil
  }

  private mutating func grow() {
    var old: [Slot] = []
    swap(&old, &slots)
    slots = [Slot](repeating: Slot(key: -1, value: empty), count: old.count * 2)
    shift -= 1
    let mask = slots.count - 1
    for slot in old where slot.key >= 0 {
      var i = bucket(slot.key)
      while slots[i].key >= 0 { i = (i + 1) & mask }
      slots[i] = slot
    }
  }
}

/// Hands a pointer to disjoint per-thread slots across a `concurrentPerform` boundary. Each thread touches only
/// its own index, so there is no shared mutable state.
struct UnsafeSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
