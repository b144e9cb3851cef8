import CZlib
import Foundation

/// The compact plan store of one chain (`chain-NNN.plans`): every plan of the chain, step by step, in a
/// few dozen bytes each.
///
/// A ReCom step changes only the two merged districts, so a plan is stored as its difference from the
/// previous one (in the spirit of pcompress and BEN): the two districts and, for the units of the merged
/// area in storage order, the run lengths of "goes to the first district" and "goes to the second". The
/// storage order is a breadth-first order of the graph (from the first unit, neighbours in index order),
/// kept in the header: neighbouring units are near each other in it, so a district is a few long runs
/// even when the graph's own order is scattered (Pennsylvania's VTD ids are).
/// Plans are grouped in blocks, one per checkpoint block of the chain; each block starts with a key plan
/// (the plan before its first step, run-length encoded) and is compressed with zlib (deflate), so a
/// block can be read on its own and a resumed run cuts the file at a block boundary.
///
/// ```
/// file    := "SAYLAUPL" version:u8(1) nodes:varint districts:varint (node:varint)^nodes block*
///            (the storage order: the node at each position)
/// block   := "B" firstStep:varint plans:varint rawBytes:varint zlibBytes:varint zlib(payload)
/// payload := keyRuns:varint (district:varint length:varint)^keyRuns delta^plans
/// delta   := 0                                        (the same plan as the step before)
///          | 1 a:varint b:varint runs:varint length:varint^runs
///                                                     (merged units in storage order: the first run
///                                                      goes to a, the next to b, and so on)
/// ```
/// Varints are unsigned LEB128. The format is read back by ``PlanStoreReader``.
public enum PlanStore {
  static let magic = Array("SAYLAUPL".utf8)
  static let version: UInt8 = 1

  /// The storage order of a graph's nodes: breadth-first from node 0 (then from the first node not yet
  /// reached), neighbours in CSR order.
  public static func storageOrder(offsets: [Int32], neighbors: [Int32]) -> [Int32] {
    let n = offsets.count - 1
    var seen = [Bool](repeating: false, count: n)
    var order: [Int32] = []
    order.reserveCapacity(n)
    for s in 0..<n where !seen[s] {
      seen[s] = true
      var head = order.count
      order.append(Int32(s))
      while head < order.count {
        let v = Int(order[head])
        head += 1
        for k in Int(offsets[v])..<Int(offsets[v + 1]) where !seen[Int(neighbors[k])] {
          seen[Int(neighbors[k])] = true
          order.append(neighbors[k])
        }
      }
    }
    return order
  }
}

/// Why a plan store cannot be read or written.
public struct PlanStoreError: Error, Equatable, Sendable, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var description: String { "\(path): \(reason)" }
}

/// Writes the plans of one chain, block by block.
public struct PlanStoreWriter: Sendable {
  let districtCount: Int
  /// The node at each storage position, and the position of each node.
  let order: [Int32]
  let position: [Int32]
  /// One bit per storage position: the merged units of a step, read back in storage order.
  var bits: [UInt64]
  var payload: [UInt8] = []
  var blockFirstStep = 0
  var blockPlans = 0

  /// A writer for plans of `districts` districts, in storage order `order` (``PlanStore/storageOrder(offsets:neighbors:)``).
  public init(districts: Int, order: [Int32]) {
    districtCount = districts
    self.order = order
    var position = [Int32](repeating: 0, count: order.count)
    for (p, v) in order.enumerated() { position[Int(v)] = Int32(p) }
    self.position = position
    bits = [UInt64](repeating: 0, count: (order.count + 63) / 64)
  }

  /// The file header.
  public static func header(districts: Int, order: [Int32]) -> [UInt8] {
    var out = PlanStore.magic
    out.append(PlanStore.version)
    appendVarint(&out, order.count)
    appendVarint(&out, districts)
    for v in order { appendVarint(&out, Int(v)) }
    return out
  }

  /// Starts a block at step `firstStep` with the plan before it.
  public mutating func startBlock(firstStep: Int, plan: [Int32]) {
    payload.removeAll(keepingCapacity: true)
    blockFirstStep = firstStep
    blockPlans = 0
    var runs: [(Int32, Int)] = []
    for v in order {
      let d = plan[Int(v)]
      if let last = runs.last, last.0 == d {
        runs[runs.count - 1].1 += 1
      } else {
        runs.append((d, 1))
      }
    }
    appendVarint(&payload, runs.count)
    for (d, length) in runs {
      appendVarint(&payload, Int(d))
      appendVarint(&payload, length)
    }
  }

  /// Adds the plan a chain has just reached.
  public mutating func add(_ chain: ReComChain) {
    blockPlans += 1
    if chain.lastOutcome != .moved || chain.lastMergedCount == 0 {
      payload.append(0)
      return
    }
    let a = chain.mergedA
    let b = chain.mergedB
    payload.append(1)
    appendVarint(&payload, a)
    appendVarint(&payload, b)
    // Runs over the merged units in storage order, the first run (possibly empty) going to `a`: the
    // members' positions are set in a bitmap and read back in order (cheaper than scanning every unit).
    var runs: [Int] = []
    let a32 = Int32(a)
    var current = a32
    var length = 0
    var words = bits
    bits = []
    words.withUnsafeMutableBufferPointer { w in
      chain.members.withUnsafeBufferPointer { mem in
        position.withUnsafeBufferPointer { pos in
          for x in mem {
            let p = Int(pos[Int(x)])
            w[p >> 6] |= 1 << UInt64(p & 63)
          }
        }
      }
      order.withUnsafeBufferPointer { ord in
        chain.assignment.withUnsafeBufferPointer { asg in
          for i in 0..<w.count where w[i] != 0 {
            var word = w[i]
            w[i] = 0
            while word != 0 {
              let p = i << 6 | word.trailingZeroBitCount
              word &= word - 1
              let d = asg[Int(ord[p])]
              if d == current {
                length += 1
              } else {
                runs.append(length)
                current = d
                length = 1
              }
            }
          }
        }
      }
    }
    bits = words
    runs.append(length)
    appendVarint(&payload, runs.count)
    for r in runs { appendVarint(&payload, r) }
  }

  /// The finished block, compressed, with its header; the writer is ready for the next block.
  public mutating func finishBlock() -> [UInt8] {
    let compressed = Self.deflate(payload)
    var out: [UInt8] = [UInt8(ascii: "B")]
    appendVarint(&out, blockFirstStep)
    appendVarint(&out, blockPlans)
    appendVarint(&out, payload.count)
    appendVarint(&out, compressed.count)
    out.append(contentsOf: compressed)
    payload.removeAll(keepingCapacity: true)
    blockPlans = 0
    return out
  }

  /// Whether the current block holds no plan yet.
  public var blockIsEmpty: Bool { blockPlans == 0 }

  static func deflate(_ input: [UInt8]) -> [UInt8] {
    var bound = compressBound(uLong(input.count))
    var out = [UInt8](repeating: 0, count: Int(bound))
    let status = input.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        compress2(dst.baseAddress, &bound, src.baseAddress, uLong(input.count), 6)
      }
    }
    precondition(status == Z_OK, "zlib compress2 failed (\(status))")
    out.removeSubrange(Int(bound)...)
    return out
  }
}

/// Reads a chain's plan store (``PlanStore``) back, plan by plan.
public struct PlanStoreReader: Sendable {
  public let path: String
  public let nodeCount: Int
  public let districtCount: Int
  /// The node at each storage position.
  public let order: [Int32]
  let bytes: [UInt8]
  let dataStart: Int

  /// Opens the plan store at `url`.
  /// - Throws: ``PlanStoreError`` when the file cannot be read or is not a plan store.
  public init(url: URL) throws(PlanStoreError) {
    path = url.path
    do { bytes = Array(try Data(contentsOf: url)) } catch {
      throw PlanStoreError(path: url.path, reason: "cannot read (\(error.localizedDescription))")
    }
    guard bytes.count > 9, Array(bytes[0..<8]) == PlanStore.magic,
      bytes[8] == PlanStore.version
    else {
      throw PlanStoreError(path: url.path, reason: "not a plan store of this version")
    }
    var at = 9
    guard let n = readVarint(bytes, &at), let k = readVarint(bytes, &at) else {
      throw PlanStoreError(path: url.path, reason: "header cut short")
    }
    var order: [Int32] = []
    order.reserveCapacity(n)
    var seen = [Bool](repeating: false, count: n)
    for _ in 0..<n {
      guard let v = readVarint(bytes, &at), v < n, !seen[v] else {
        throw PlanStoreError(path: url.path, reason: "the storage order is not one of the nodes")
      }
      seen[v] = true
      order.append(Int32(v))
    }
    nodeCount = n
    districtCount = k
    self.order = order
    dataStart = at
  }

  /// The blocks: where each starts in the file, its first step and its number of plans.
  /// - Throws: ``PlanStoreError`` for a block header that cannot be read.
  public func blocks() throws(PlanStoreError) -> [(offset: Int, firstStep: Int, plans: Int)] {
    var out: [(Int, Int, Int)] = []
    var at = dataStart
    while at < bytes.count {
      let start = at
      guard bytes[at] == UInt8(ascii: "B") else { throw corrupt(at) }
      at += 1
      guard let first = readVarint(bytes, &at), let plans = readVarint(bytes, &at),
        readVarint(bytes, &at) != nil, let z = readVarint(bytes, &at), at + z <= bytes.count
      else { throw corrupt(start) }
      at += z
      out.append((start, first, plans))
    }
    return out
  }

  func corrupt(_ offset: Int) -> PlanStoreError {
    PlanStoreError(path: path, reason: "block at byte \(offset) is cut short or not a block")
  }

  /// Calls `body` with the step and the plan (each node's district) of every stored plan, in order.
  /// - Throws: ``PlanStoreError`` for a block that cannot be decoded; rethrows `body`'s error.
  public func forEachPlan(_ body: (Int, [Int32]) throws -> Void) throws {
    var plan = [Int32](repeating: 0, count: nodeCount)
    var at = dataStart
    while at < bytes.count {
      let start = at
      guard bytes[at] == UInt8(ascii: "B") else { throw corrupt(at) }
      at += 1
      guard let first = readVarint(bytes, &at), let plans = readVarint(bytes, &at),
        let raw = readVarint(bytes, &at), let z = readVarint(bytes, &at), at + z <= bytes.count
      else { throw corrupt(start) }
      var payload = [UInt8](repeating: 0, count: raw)
      var rawLength = uLong(raw)
      let status = bytes.withUnsafeBufferPointer { src in
        payload.withUnsafeMutableBufferPointer { dst in
          uncompress(dst.baseAddress, &rawLength, src.baseAddress! + at, uLong(z))
        }
      }
      guard status == Z_OK, Int(rawLength) == raw else { throw corrupt(start) }
      at += z
      var p = 0
      guard let runs = readVarint(payload, &p) else { throw corrupt(start) }
      var i = 0
      for _ in 0..<runs {
        guard let d = readVarint(payload, &p), let length = readVarint(payload, &p),
          i + length <= nodeCount
        else { throw corrupt(start) }
        for j in 0..<length { plan[Int(order[i + j])] = Int32(d) }
        i += length
      }
      guard i == nodeCount else { throw corrupt(start) }
      var members: [Int32] = []
      for s in 0..<plans {
        guard p < payload.count else { throw corrupt(start) }
        let tag = payload[p]
        p += 1
        if tag == 1 {
          guard let a = readVarint(payload, &p), let b = readVarint(payload, &p),
            let count = readVarint(payload, &p)
          else { throw corrupt(start) }
          members.removeAll(keepingCapacity: true)
          for x in order where plan[Int(x)] == Int32(a) || plan[Int(x)] == Int32(b) {
            members.append(x)
          }
          var j = 0
          var to = Int32(a)
          for r in 0..<count {
            guard let length = readVarint(payload, &p), j + length <= members.count else {
              throw corrupt(start)
            }
            for _ in 0..<length {
              plan[Int(members[j])] = to
              j += 1
            }
            to = r % 2 == 0 ? Int32(b) : Int32(a)
          }
          guard j == members.count else { throw corrupt(start) }
        } else if tag != 0 {
          throw corrupt(start)
        }
        try body(first + s, plan)
      }
    }
  }
}

@inline(__always) func appendVarint(_ out: inout [UInt8], _ value: Int) {
  var v = UInt64(value)
  while v >= 0x80 {
    out.append(UInt8(v & 0x7F) | 0x80)
    v >>= 7
  }
  out.append(UInt8(v))
}

func readVarint(_ bytes: [UInt8], _ at: inout Int) -> Int? {
  var shift: UInt64 = 0
  var v: UInt64 = 0
  while at < bytes.count {
    let b = bytes[at]
    at += 1
    v |= UInt64(b & 0x7F) << shift
    if b & 0x80 == 0 { return Int(exactly: v) }
    shift += 7
    if shift > 63 { return nil }
  }
  return nil
}
