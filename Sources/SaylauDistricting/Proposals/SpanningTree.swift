import SaylauCore

/// Uniform random spanning trees of induced subgraphs by Wilson's algorithm (loop-erased random walks).
///
/// The sampler owns its buffers and reuses them from draw to draw, so a ReCom step allocates nothing.
/// A draw over `nodes` builds a local CSR of the subgraph induced by `nodes` (through a global→local
/// index map), then runs Wilson's algorithm. The result is a parent array rooted at a random node and an
/// order in which every node comes after its parent.
public struct SpanningTreeSampler: Sendable {
  /// Global node index → local index, or −1 outside the current subgraph.
  @usableFromInline var localIndex: [Int32]
  @usableFromInline var localOffsets: [Int32] = []
  @usableFromInline var localNeighbors: [Int32] = []
  /// Parent (local index) of each local node; the root's parent is −1.
  public private(set) var parent: [Int32] = []
  /// Local nodes in an order where each node follows its parent (the root first).
  public var order: ArraySlice<Int32> { orderStorage[0..<sampledCount] }
  @usableFromInline var orderStorage: [Int32] = []
  @usableFromInline var inTree: [Bool] = []
  @usableFromInline var path: [Int32] = []
  @usableFromInline var preparedCount = 0
  @usableFromInline var sampledCount = 0

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
  public mutating func prepare(offsets: [Int32], neighbors: [Int32], nodes: [Int32]) {
    let m = nodes.count
    var degreeSum = 0
    for g in nodes { degreeSum += Int(offsets[Int(g) + 1] - offsets[Int(g)]) }
    if localOffsets.count < m + 1 { localOffsets = [Int32](repeating: 0, count: m + 1) }
    if localNeighbors.count < degreeSum { localNeighbors = [Int32](repeating: 0, count: degreeSum) }
    var index = localIndex
    var off = localOffsets
    var adj = localNeighbors
    localIndex = []
    localOffsets = []
    localNeighbors = []
    defer {
      localIndex = index
      localOffsets = off
      localNeighbors = adj
    }
    index.withUnsafeMutableBufferPointer { idx in
      off.withUnsafeMutableBufferPointer { lo in
        adj.withUnsafeMutableBufferPointer { la in
          offsets.withUnsafeBufferPointer { go in
            neighbors.withUnsafeBufferPointer { gn in
              for (i, g) in nodes.enumerated() { idx[Int(g)] = Int32(i) }
              var fill = 0
              lo[0] = 0
              for (i, g) in nodes.enumerated() {
                for s in Int(go[Int(g)])..<Int(go[Int(g) + 1]) {
                  let l = idx[Int(gn[s])]
                  if l >= 0 {
                    la[fill] = l
                    fill += 1
                  }
                }
                lo[i + 1] = Int32(fill)
              }
              for g in nodes { idx[Int(g)] = -1 }
            }
          }
        }
      }
    }
    preparedCount = m
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
    localOffsets.withUnsafeBufferPointer { off in
      localNeighbors.withUnsafeBufferPointer { adj in
        parent.withUnsafeMutableBufferPointer { next in
          inTree.withUnsafeMutableBufferPointer { tree in
            order.withUnsafeMutableBufferPointer { ord in
              path.withUnsafeMutableBufferPointer { pth in
                for i in 0..<m {
                  tree[i] = false
                  next[i] = -1
                }
                // The root does not change the distribution of the tree (Wilson's theorem holds for any
                // root), but it does change the running time: walks end sooner at a well-connected node.
                // Take the first node of largest degree.
                var root = 0
                var best = -1
                for i in 0..<m {
                  let d = Int(off[i + 1] - off[i])
                  if d > best {
                    best = d
                    root = i
                  }
                }
                tree[root] = true
                ord[0] = Int32(root)
                var placed = 1
                for start in 0..<m where !tree[start] {
                  // Loop-erased random walk from `start` until it hits the tree: the last exit from each
                  // vertex (stored in `next`) is the loop-erased path.
                  var u = start
                  while !tree[u] {
                    let lo = Int(off[u])
                    let deg = Int(off[u + 1]) - lo
                    let v = Int(adj[lo + rng.next(below: deg)])
                    next[u] = Int32(v)
                    u = v
                  }
                  // Add the path to the tree, recording it so that parents precede children.
                  var length = 0
                  u = start
                  while !tree[u] {
                    tree[u] = true
                    pth[length] = Int32(u)
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
