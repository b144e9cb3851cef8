import SaylauCore

/// Random spanning trees of induced subgraphs: uniform (Wilson's algorithm, loop-erased random walks) or
/// the minimum spanning tree of random edge weights with region surcharges (Kruskal).
///
/// The sampler owns its buffers and reuses them from draw to draw, so a ReCom step allocates nothing.
/// A draw over `nodes` builds a local CSR of the subgraph induced by `nodes` (through a global→local
/// index map), then draws a tree. The result is a parent array rooted at the first node of largest
/// degree and an order in which every node comes after its parent.
public struct SpanningTreeSampler: Sendable {
  /// Global node index → local index, or −1 outside the current subgraph (kept until the next prepare,
  /// so that the chain can tell which of a node's neighbours are in the merged pair).
  @usableFromInline var localIndex: [Int32]
  /// The nodes of the current subgraph (the first ``preparedCount``), whose ``localIndex`` entries the
  /// next prepare clears.
  @usableFromInline var preparedNodes: [Int32] = []
  /// Local CSR: node `i`'s slots are `localOffsets[i] ..< localOffsets[i+1]`.
  @usableFromInline var localOffsets: [Int32] = []
  @usableFromInline var localNeighbors: [Int32] = []
  /// The walk's packed adjacency: per local node and per slot (the neighbour in that slot), the node's
  /// first slot in the low 32 bits and its degree in the high 32. A walk step then needs one load to
  /// know where it is and where it can go next, which shortens the chain of dependent loads.
  @usableFromInline var nodeInfo: [UInt64] = []
  @usableFromInline var slotInfo: [UInt64] = []
  /// The same in 32 bits (first slot in the high 24 bits, degree in the low 8) when every degree is below
  /// 256 and there are fewer than 2²⁴ slots: half the memory, so the walk's table stays in the L1 cache.
  @usableFromInline var slotInfo32: [UInt32] = []
  @usableFromInline var compact = false
  /// The walk's table: 16 entries per local node (node `i`'s at `16i ..< 16i + 16`). A node of degree
  /// `d ≤ 16` lists each neighbour `⌊16/d⌋` times and fills the rest with itself; a node of larger
  /// degree holds ``wideEntry`` throughout. Four random bits pick an entry. The walk is then lazy (it
  /// may stay where it is), but when it moves each neighbour is exactly equally likely, and staying
  /// only makes a loop that the loop erasure removes (the node's exit is overwritten by its next real
  /// exit), so Wilson's tree is the same uniform tree. A step needs one load whose address is known as
  /// soon as the previous load is (no multiplication, and no branch on a rejection, on the walk's chain).
  @usableFromInline var walkTable: [UInt16] = []
  @usableFromInline var tableWalk = false
  /// Whether the table's entries are the neighbours' rows (`16·v`) rather than their indices `v` (up to
  /// ``tableRowsLimit`` nodes, so that `16·v` fits in 16 bits). The walk then finds the next entry's
  /// address from the entry it loaded by one addition, which it does before the load arrives (the four
  /// random bits are known ahead): the chain of dependent operations is a load per step, without the
  /// shift and addition that turn an index into an address.
  @usableFromInline var tableRows = false
  @usableFromInline var tableRowsLimit = 4096
  @usableFromInline static let wideEntry: UInt16 = 0xFFFE
  /// For each degree `d ≤ 16` (row `d`), which neighbour each of the 16 entries holds: entry `j` the
  /// neighbour `j / ⌊16/d⌋` for `j < ⌊16/d⌋·d`, the node itself (0xFF here) for the rest.
  @usableFromInline static let tableLayout: [UInt8] = (0...16).flatMap { d -> [UInt8] in
    guard d > 0 else { return [UInt8](repeating: 0xFF, count: 16) }
    let copies = 16 / d
    return (0..<16).map { j in j < copies * d ? UInt8(j / copies) : 0xFF }
  }
  /// ``tableLayout`` with the node itself as `d` (the index after its `d` neighbours).
  @usableFromInline static let tablePicks: [UInt8] = (0...16).flatMap { d -> [UInt8] in
    tableLayout[16 * d..<16 * d + 16].map { $0 == 0xFF ? UInt8(d) : $0 }
  }
  /// Parent (local index) of each local node; the root's parent is −1.
  public private(set) var parent: [Int32] = []
  /// Local nodes in an order where each node follows its parent (the root first).
  public var order: ArraySlice<Int32> { orderStorage[0..<sampledCount] }
  @usableFromInline var orderStorage: [Int32] = []
  @usableFromInline var inTree: [Bool] = []
  @usableFromInline var path: [Int32] = []
  @usableFromInline var preparedCount = 0
  @usableFromInline var sampledCount = 0
  /// The root of the prepared subgraph (first node of largest degree).
  @usableFromInline var root = 0

  // Random MSTs: the local edges (u < v), their surcharges, and per node the weight of its tree edge.
  @usableFromInline var edgeU: [Int32] = []
  @usableFromInline var edgeV: [Int32] = []
  /// Surcharge of each local edge (the sum of the weights of the layers it crosses).
  public private(set) var edgeSurcharge: [Double] = []
  @usableFromInline var edgeWeight: [Double] = []
  @usableFromInline var sortKeys: [UInt64] = []
  @usableFromInline var sortScratch: [UInt64] = []
  @usableFromInline var chosenU: [Int32] = []
  @usableFromInline var chosenV: [Int32] = []
  @usableFromInline var chosenW: [Double] = []
  @usableFromInline var maxSurcharge = 0.0
  @usableFromInline var unionParent: [Int32] = []
  @usableFromInline var treeOffsets: [Int32] = []
  @usableFromInline var treeNeighbors: [Int32] = []
  @usableFromInline var treeWeight: [Double] = []
  /// Weight (random weight plus surcharge) of the tree edge from each node to its parent, after a
  /// random-MST draw; without surcharges, the edge's rank in the random order of the edges (which orders
  /// the tree's edges as their weights would).
  public private(set) var parentEdgeWeight: [Double] = []
  @usableFromInline var edgeCount = 0

  /// Whether the subgraph ``prepare(offsets:neighbors:nodes:)`` built is connected; a tree is drawn only
  /// of a connected one (otherwise Wilson's walks never reach the tree).
  public private(set) var preparedIsConnected = true

  public init(nodeCount: Int) {
    localIndex = [Int32](repeating: -1, count: nodeCount)
  }

  /// Draws a uniform spanning tree of the subgraph of `graph` induced by `nodes` (global indices).
  /// The subgraph must be connected.
  public mutating func draw(
    offsets: [Int32], neighbors: [Int32], nodes: [Int32], using rng: inout SeededGenerator
  ) {
    prepare(offsets: offsets, neighbors: neighbors, nodes: nodes)
    sample(using: &rng)
  }

  /// Builds the local CSR of the subgraph induced by `nodes`; ``sample(using:)`` then draws trees of it.
  /// - Parameter knownConnected: the caller knows the subgraph is connected (two connected districts
  ///   that touch), so the check is skipped.
  public mutating func prepare(
    offsets: [Int32], neighbors: [Int32], nodes: [Int32], knownConnected: Bool = false
  ) {
    let m = nodes.count
    if localOffsets.count < m + 1 { localOffsets = [Int32](repeating: 0, count: m + 1) }
    // Room for every slot of the graph (no pass over the nodes to count their slots first), and 16
    // more: the table's rows read 16 slots from each row's first.
    if localNeighbors.count < neighbors.count + 16 {
      localNeighbors = [Int32](repeating: 0, count: neighbors.count + 16)
    }
    if preparedNodes.count < m {
      // Grown, not replaced: its first entries are the nodes whose indices are cleared below.
      preparedNodes.append(contentsOf: repeatElement(0, count: m - preparedNodes.count))
    }
    var index = localIndex
    var off = localOffsets
    var adj = localNeighbors
    var kept = preparedNodes
    localIndex = []
    localOffsets = []
    localNeighbors = []
    preparedNodes = []
    defer {
      localIndex = index
      localOffsets = off
      localNeighbors = adj
      preparedNodes = kept
    }
    var best = -1
    var rootNode = 0
    let previous = preparedCount
    index.withUnsafeMutableBufferPointer { idx in
      off.withUnsafeMutableBufferPointer { lo in
        adj.withUnsafeMutableBufferPointer { la in
          offsets.withUnsafeBufferPointer { go in
            neighbors.withUnsafeBufferPointer { gn in
              nodes.withUnsafeBufferPointer { nd in
                // The previous subgraph's local indices stay until now (``localIndex``).
                kept.withUnsafeMutableBufferPointer { kp in
                  for i in 0..<previous { idx[Int(kp[i])] = -1 }
                  for i in 0..<m {
                    idx[Int(nd[i])] = Int32(i)
                    kp[i] = nd[i]
                  }
                }
                var fill = 0
                lo[0] = 0
                for i in 0..<m {
                  let g = Int(nd[i])
                  for s in Int(go[g])..<Int(go[g + 1]) {
                    // Written always, kept when inside (no branch to mispredict at the pair's edge).
                    let l = idx[Int(gn[s])]
                    la[fill] = l
                    fill &+= Int(truncatingIfNeeded: ~l >> 31 & 1)
                  }
                  lo[i + 1] = Int32(fill)
                  // The root does not change the distribution of the tree (Wilson's theorem holds for
                  // any root), but it does change the running time: walks end sooner at a
                  // well-connected node. Take the first node of largest degree.
                  let d = Int(lo[i + 1] - lo[i])
                  if d > best {
                    best = d
                    rootNode = i
                  }
                }
              }
            }
          }
        }
      }
    }
    let degreeSum = Int(off[m])
    compact = best < 256 && degreeSum < 1 << 24
    tableWalk = m < Int(Self.wideEntry)
    if !tableWalk { packSlots(offsets: off, neighbors: adj, count: m, degreeSum: degreeSum) }

    tableRows = m <= tableRowsLimit
    let shift = tableRows ? 4 : 0
    if tableWalk {
      if walkTable.count < 16 * m { walkTable = [UInt16](repeating: 0, count: 16 * m) }
      off.withUnsafeBufferPointer { lo in
        adj.withUnsafeBufferPointer { la in
          walkTable.withUnsafeMutableBufferPointer { table in
            Self.tablePicks.withUnsafeBufferPointer { layout in
              withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 17) { vals in
                for i in 0..<m {
                  let first = Int(lo[i])
                  let d = Int(lo[i + 1]) - first
                  let base = 16 &* i
                  if d > 16 {
                    for j in 0..<16 { table[base &+ j] = Self.wideEntry }
                    continue
                  }
                  // The row's values (the neighbours, then the node itself at `d`), then the layout's
                  // picks among them: no branch, no select.
                  // (A fixed 16: the slots after the row's are the next rows' or the padding.)
                  for t in 0..<16 { vals[t] = UInt16(truncatingIfNeeded: la[first &+ t] &<< shift) }
                  vals[d] = UInt16(truncatingIfNeeded: i &<< shift)
                  let row = 16 &* d
                  for j in 0..<16 { table[base &+ j] = vals[Int(layout[row &+ j])] }
                }
              }
            }
          }
        }
      }
    }
    root = rootNode
    preparedCount = m
    if connectSeen.count < m {
      connectSeen = [Bool](repeating: false, count: m)
      connectStack = [Int32](repeating: 0, count: m)
    }
    preparedIsConnected =
      knownConnected
      || Self.connected(
        offsets: off, neighbors: adj, count: m, seen: &connectSeen, stack: &connectStack)
    edgeCount = -1  // the edge list is built on the first random-MST draw
  }

  /// The packed adjacency of the walk without a table (``nodeInfo``, ``slotInfo`` or ``slotInfo32``).
  mutating func packSlots(
    offsets off: [Int32], neighbors adj: [Int32], count m: Int, degreeSum: Int
  ) {
    if nodeInfo.count < m { nodeInfo = [UInt64](repeating: 0, count: m) }
    if !compact && slotInfo.count < degreeSum {
      slotInfo = [UInt64](repeating: 0, count: degreeSum)
    }
    let wide = !compact
    off.withUnsafeBufferPointer { lo in
      adj.withUnsafeBufferPointer { la in
        nodeInfo.withUnsafeMutableBufferPointer { ni in
          slotInfo.withUnsafeMutableBufferPointer { si in
            for i in 0..<m {
              ni[i] = UInt64(UInt32(lo[i])) | UInt64(UInt32(lo[i + 1] - lo[i])) << 32
            }
            if wide { for s in 0..<Int(lo[m]) { si[s] = ni[Int(la[s])] } }
          }
        }
      }
    }
    if compact {
      if slotInfo32.count < degreeSum { slotInfo32 = [UInt32](repeating: 0, count: degreeSum) }
      off.withUnsafeBufferPointer { lo in
        adj.withUnsafeBufferPointer { la in
          slotInfo32.withUnsafeMutableBufferPointer { si in
            for s in 0..<Int(lo[m]) {
              let v = Int(la[s])
              si[s] = UInt32(lo[v]) << 8 | UInt32(lo[v + 1] - lo[v])
            }
          }
        }
      }
    }
  }

  /// Scratch buffers of the connectivity check (reused: a step allocates nothing).
  @usableFromInline var connectSeen: [Bool] = []
  @usableFromInline var connectStack: [Int32] = []

  /// Whether the local CSR of `count` nodes is connected (a depth-first walk from node 0 over the
  /// caller's scratch buffers, at least `count` long).
  static func connected(
    offsets: [Int32], neighbors: [Int32], count: Int, seen: inout [Bool], stack: inout [Int32]
  ) -> Bool {
    guard count > 1 else { return true }
    return offsets.withUnsafeBufferPointer { off in
      neighbors.withUnsafeBufferPointer { adj in
        seen.withUnsafeMutableBufferPointer { mk in
          stack.withUnsafeMutableBufferPointer { st in
            for i in 0..<count { mk[i] = false }
            mk[0] = true
            st[0] = 0
            var top = 1
            var reached = 1
            while top > 0 {
              top &-= 1
              let x = Int(st[top])
              for s in Int(off[x])..<Int(off[x + 1]) {
                let y = Int(adj[s])
                if !mk[y] {
                  mk[y] = true
                  reached &+= 1
                  st[top] = Int32(truncatingIfNeeded: y)
                  top &+= 1
                }
              }
            }
            return reached == count
          }
        }
      }
    }
  }

  /// Draws a uniform spanning tree of the prepared subgraph.
  public mutating func sample(using rng: inout SeededGenerator) {
    wilson(count: preparedCount, using: &rng)
  }

  /// Wilson's algorithm on the local CSR.
  @usableFromInline mutating func wilson(count m: Int, using rng: inout SeededGenerator) {
    if parent.count < m {
      parent = [Int32](repeating: -1, count: m)
      inTree = [Bool](repeating: false, count: m)
      orderStorage = [Int32](repeating: 0, count: m)
      path = [Int32](repeating: 0, count: m)
    }
    var order = orderStorage
    var path = self.path
    var parent = self.parent
    var inTree = self.inTree
    orderStorage = []
    self.path = []
    self.parent = []
    self.inTree = []
    defer {
      orderStorage = order
      self.path = path
      self.parent = parent
      self.inTree = inTree
      sampledCount = m
    }
    // The generator lives in registers for the whole draw (an `inout` captured by the closures below
    // would be stored back to memory at every step of the walk).
    var g = rng
    defer { rng = g }
    let root = self.root
    let compact = self.compact
    let tableWalk = self.tableWalk
    // Random bits for the table walk, four a step: 60 bits of a word below a marker bit, refilled when
    // only the marker is left.
    var bits: UInt64 = 1
    walkTable.withUnsafeBufferPointer { table in
      localOffsets.withUnsafeBufferPointer { lo in
        nodeInfo.withUnsafeBufferPointer { info in
          slotInfo32.withUnsafeBufferPointer { slotInfo32 in
            slotInfo.withUnsafeBufferPointer { slotInfo in
              localNeighbors.withUnsafeBufferPointer { adj in
                parent.withUnsafeMutableBufferPointer { next in
                  inTree.withUnsafeMutableBufferPointer { tree in
                    order.withUnsafeMutableBufferPointer { ord in
                      path.withUnsafeMutableBufferPointer { pth in
                        // Every node but the root gets its exit before it joins the tree: only the
                        // root's parent needs setting.
                        for i in 0..<m { tree[i] = false }
                        next[root] = -1
                        tree[root] = true
                        ord[0] = Int32(root)
                        var placed = 1
                        for start in 0..<m where !tree[start] {
                          // Loop-erased random walk from `start` until it hits the tree: the last exit from
                          // each vertex (stored in `next`) is the loop-erased path.
                          var u = start
                          if tableWalk && tableRows {
                            let rows = table.baseAddress!
                            var e = u &<< 4
                            repeat {
                              if bits < 16 { bits = g.next() >> 4 | 1 << 60 }
                              // The entry of `u`'s row the bits pick: the same entry as below.
                              var f = Int((rows + Int(truncatingIfNeeded: bits & 15))[e])
                              bits >>= 4
                              if _slowPath(f == Int(Self.wideEntry)) {
                                let first = Int(lo[u])
                                f = Int(adj[first + g.next(below: Int(lo[u + 1]) - first)]) &<< 4
                              }
                              let v = f &>> 4
                              next[u] = Int32(truncatingIfNeeded: v)
                              u = v
                              e = f
                            } while !tree[u]
                          } else if tableWalk {
                            repeat {
                              if bits < 16 { bits = g.next() >> 4 | 1 << 60 }
                              var v = Int(table[u &<< 4 | Int(truncatingIfNeeded: bits & 15)])
                              bits >>= 4
                              if _slowPath(v == Int(Self.wideEntry)) {
                                let first = Int(lo[u])
                                v = Int(adj[first + g.next(below: Int(lo[u + 1]) - first)])
                              }
                              next[u] = Int32(truncatingIfNeeded: v)
                              u = v
                            } while !tree[u]
                          } else if compact {
                            var here = UInt32(truncatingIfNeeded: info[u] << 8 | info[u] >> 32)
                            repeat {
                              let slot = Int(here >> 8) &+ g.next(below: Int(here & 0xFF))
                              here = slotInfo32[slot]
                              let v = Int(adj[slot])
                              next[u] = Int32(truncatingIfNeeded: v)
                              u = v
                            } while !tree[u]
                          } else {
                            var here = info[u]
                            repeat {
                              let slot =
                                Int(truncatingIfNeeded: here & 0xFFFF_FFFF)
                                + g.next(below: Int(truncatingIfNeeded: here >> 32))
                              here = slotInfo[slot]
                              let v = Int(adj[slot])
                              next[u] = Int32(truncatingIfNeeded: v)
                              u = v
                            } while !tree[u]
                          }
                          // Add the path to the tree, recording it so that parents precede children.
                          var length = 0
                          u = start
                          while !tree[u] {
                            tree[u] = true
                            pth[length] = Int32(truncatingIfNeeded: u)
                            length += 1
                            u = Int(next[u])
                          }
                          while length > 0 {
                            length -= 1
                            ord[placed] = pth[length]
                            placed += 1
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// Builds the local edge list and each edge's surcharge: `surcharge(u, v)` for local nodes `u < v`.
  mutating func prepareEdges(surcharge: (Int, Int) -> Double) {
    let m = preparedCount
    edgeU.removeAll(keepingCapacity: true)
    edgeV.removeAll(keepingCapacity: true)
    edgeSurcharge.removeAll(keepingCapacity: true)
    for u in 0..<m {
      for s in Int(localOffsets[u])..<Int(localOffsets[u + 1]) {
        let v = Int(localNeighbors[s])
        if v > u {
          edgeU.append(Int32(u))
          edgeV.append(Int32(v))
          edgeSurcharge.append(surcharge(u, v))
        }
      }
    }
    edgeCount = edgeU.count
  }

  /// Draws the minimum spanning tree of the prepared subgraph for weights `surcharge + U[0, 1)`, one
  /// uniform draw per edge in edge order (Kruskal's algorithm).
  ///
  /// The weights are sorted as 44-bit fixed-point keys by a radix sort (ties, about one tree in 10⁷, by
  /// edge order), which is several times faster than a comparison sort of the doubles.
  /// - Parameter surcharge: the surcharge of the edge between local nodes `u < v` (called once per
  ///   edge per prepared subgraph).
  public mutating func sampleRandomMST(
    using rng: inout SeededGenerator, surcharge: (Int, Int) -> Double
  ) {
    let m = preparedCount
    if edgeCount < 0 {
      prepareEdges(surcharge: surcharge)
      maxSurcharge = edgeSurcharge.max() ?? 0
    }
    let e = edgeCount
    if parent.count < m {
      parent = [Int32](repeating: -1, count: m)
      inTree = [Bool](repeating: false, count: m)
      orderStorage = [Int32](repeating: 0, count: m)
      path = [Int32](repeating: 0, count: m)
    }
    if parentEdgeWeight.count < m { parentEdgeWeight = [Double](repeating: 0, count: m) }
    if unionParent.count < m { unionParent = [Int32](repeating: 0, count: m) }
    if treeOffsets.count < m + 1 { treeOffsets = [Int32](repeating: 0, count: m + 1) }
    if treeNeighbors.count < 2 * m {
      treeNeighbors = [Int32](repeating: 0, count: 2 * m)
      treeWeight = [Double](repeating: 0, count: 2 * m)
      chosenU = [Int32](repeating: 0, count: m)
      chosenV = [Int32](repeating: 0, count: m)
      chosenW = [Double](repeating: 0, count: m)
    }
    if edgeWeight.count < e {
      edgeWeight = [Double](repeating: 0, count: e)
      sortKeys = [UInt64](repeating: 0, count: e)
      sortScratch = [UInt64](repeating: 0, count: e)
    }
    precondition(e < 1 << 20, "random MSTs of merged areas of up to a million edges")
    // Without surcharges the weights are independent uniforms, and Kruskal's tree depends only on their
    // order, a uniformly random permutation of the edges: Fisher–Yates drawn lazily inside Kruskal's loop
    // (stopping when the tree is complete) gives the same law without weights or a sort. An edge's weight
    // is then its rank in that order (the comparisons between tree edges are the same).
    let shuffle = maxSurcharge == 0
    var g = rng
    if shuffle {
      for i in 0..<e { sortKeys[i] = UInt64(i) }
    } else {
      let scale = 0x1p44 / (maxSurcharge + 1)
      for i in 0..<e {
        let w = edgeSurcharge[i] + g.nextUnitInterval()
        edgeWeight[i] = w
        sortKeys[i] = UInt64(w * scale) << 20 | UInt64(i)
      }
      // LSD radix sort on the 44 key bits, 11 at a time; stable, so ties keep edge order.
      var count = [Int](repeating: 0, count: 2048)
      for pass in 0..<4 {
        let shift = UInt64(20 + 11 * pass)
        for d in 0..<2048 { count[d] = 0 }
        for i in 0..<e { count[Int((sortKeys[i] >> shift) & 2047)] += 1 }
        var sum = 0
        for d in 0..<2048 {
          let c = count[d]
          count[d] = sum
          sum += c
        }
        for i in 0..<e {
          let x = sortKeys[i]
          let d = Int((x >> shift) & 2047)
          sortScratch[count[d]] = x
          count[d] += 1
        }
        swap(&sortKeys, &sortScratch)
      }
    }
    // Kruskal with a union-find (path halving, the smaller index as the root); the tree as a CSR.
    var chosen = 0
    unionParent.withUnsafeMutableBufferPointer { up in
      for i in 0..<m { up[i] = Int32(i) }
      @inline(__always) func find(_ x: Int) -> Int {
        var x = x
        while Int(up[x]) != x {
          let p = Int(up[x])
          up[x] = up[p]
          x = p
        }
        return x
      }
      for k in 0..<e {
        if shuffle {
          let j = k &+ g.next(below: e &- k)
          sortKeys.swapAt(k, j)
        }
        let id = Int(sortKeys[k] & 0xF_FFFF)
        let u = Int(edgeU[id])
        let v = Int(edgeV[id])
        let ru = find(u)
        let rv = find(v)
        if ru == rv { continue }
        up[max(ru, rv)] = Int32(min(ru, rv))
        chosenU[chosen] = Int32(u)
        chosenV[chosen] = Int32(v)
        chosenW[chosen] = shuffle ? Double(k) : edgeWeight[id]
        chosen += 1
        if chosen == m - 1 { break }
      }
    }
    rng = g
    for i in 0...m { treeOffsets[i] = 0 }
    for c in 0..<chosen {
      treeOffsets[Int(chosenU[c]) + 1] += 1
      treeOffsets[Int(chosenV[c]) + 1] += 1
    }
    for i in 0..<m { treeOffsets[i + 1] += treeOffsets[i] }
    for i in 0..<m { unionParent[i] = treeOffsets[i] }  // fill positions (the union-find is done)
    for c in 0..<chosen {
      let u = Int(chosenU[c])
      let v = Int(chosenV[c])
      treeNeighbors[Int(unionParent[u])] = Int32(v)
      treeWeight[Int(unionParent[u])] = chosenW[c]
      unionParent[u] += 1
      treeNeighbors[Int(unionParent[v])] = Int32(u)
      treeWeight[Int(unionParent[v])] = chosenW[c]
      unionParent[v] += 1
    }
    // Breadth-first from the root: parents before children.
    for i in 0..<m {
      parent[i] = -1
      inTree[i] = false
    }
    orderStorage[0] = Int32(root)
    parentEdgeWeight[root] = 0
    var head = 0
    var tail = 1
    inTree[root] = true
    while head < tail {
      let u = Int(orderStorage[head])
      head += 1
      for s in Int(treeOffsets[u])..<Int(treeOffsets[u + 1]) {
        let v = Int(treeNeighbors[s])
        if inTree[v] { continue }
        inTree[v] = true
        parent[v] = Int32(u)
        parentEdgeWeight[v] = treeWeight[s]
        orderStorage[tail] = Int32(v)
        tail += 1
      }
    }
    sampledCount = m
  }
}
