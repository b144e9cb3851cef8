/// An open-addressing hash map from `Int` keys to values, for the importer's precinct index.
///
/// The standard `Dictionary` hashes with SipHash, which dominated the profile of a million-row import;
/// here a multiplicative (Fibonacci) hash with linear probing over one array of slots (key and value side by
/// side, one cache line per probe) does the job. An adversarial file can only make probing slower, not wrong.
struct IntKeyTable<Value> {
  private struct Slot {
    var key: Int
    var value: Value
  }

  private var slots: [Slot?]
  private(set) var count = 0
  private var shift: Int

  init(minimumCapacity: Int = 16) {
    var capacity = 16
    var bits = 4
    while capacity * 3 < minimumCapacity * 4 {
      capacity <<= 1
      bits += 1
    }
    slots = [Slot?](repeating: nil, count: capacity)
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
      while let slot = s[i] {
        if slot.key == key {
          var v: Value? = slot.value
          s[i] = nil
          let r = body(&v)
          s[i] = Slot(key: key, value: v!)
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
    while let slot = slots[i] {
      if slot.key == key { return slot.value }
      i = (i + 1) & mask
    }
    return nil
  }

  /// Calls `body` with every key and value, in table order.
  func forEach(_ body: (Int, Value) -> Void) {
    for case let slot? in slots { body(slot.key, slot.value) }
  }

  private mutating func grow() {
    let old = slots
    slots = [Slot?](repeating: nil, count: old.count * 2)
    shift -= 1
    let mask = slots.count - 1
    for case let slot? in old {
      var i = bucket(slot.key)
      while slots[i] != nil { i = (i + 1) & mask }
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
