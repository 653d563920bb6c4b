extension Graph {
    /// The graph with only the nodes its outputs need, renumbered (still topological); the graph
    /// itself when it needs them all.
    public func pruned() -> Graph {
        var g = self
        g.prune()
        return g
    }

    /// Removes the nodes no output needs and renumbers the rest (still topological), in place:
    /// one backward marking loop, one forward loop that moves each needed node down to its new
    /// id. When this graph holds the only reference to its node array (`GraphBuilder.finishPruned`)
    /// nothing is copied, so pruning a derivative of millions of nodes touches no fresh memory.
    mutating func prune() {
        let live = Liveness(self)
        if live.count == count { return }
        func m(_ x: NodeID) -> NodeID { x >= 0 ? live.newID(x) : -1 }
        nodes.withUnsafeMutableBufferPointer { nodes in
            origins.withUnsafeMutableBufferPointer { origins in
                live.forEachLive { i in
                    let n = nodes[i], to = Int(live.newID(NodeID(i)))
                    nodes[to] = Node(op: n.op, a: m(n.a), b: m(n.b), c: m(n.c), payload: n.payload)
                    origins[to] = origins[i]
                }
            }
        }
        nodes.removeLast(count - live.count)
        origins.removeLast(origins.count - live.count)
        var newNames: [NodeID: String] = [:]
        newNames.reserveCapacity(names.count)
        for (id, name) in names where live.contains(Int(id)) { newNames[live.newID(id)] = name }
        names = newNames
        outputs = outputs.map(m)
        exactPrefix = Int(live.newID(NodeID(exactPrefix)))
    }
}

/// Which nodes of a graph its outputs need, one bit per node, with the number of needed nodes
/// before each word of 64 bits. A needed node's id after pruning is the number of needed nodes
/// before it: one look-up in the word counts and one population count. Both tables together take
/// about a tenth of a byte per node, so for a graph of millions of nodes they stay in cache while
/// the marking loop and the renumbering read them at random (a table of new ids would not).
struct Liveness {
    private var words: [UInt64]
    private var before: [Int32]
    /// The number of needed nodes.
    let count: Int

    init(_ g: Graph) {
        var words = [UInt64](repeating: 0, count: g.count / 64 + 1)
        words.withUnsafeMutableBufferPointer { w in
            func mark(_ id: NodeID) { w[Int(id) >> 6] |= 1 << UInt64(id & 63) }
            for o in g.outputs { mark(o) }
            g.nodes.withUnsafeBufferPointer { nodes in
                for i in stride(from: nodes.count - 1, through: 0, by: -1) where w[i >> 6] & (1 << UInt64(i & 63)) != 0 {
                    nodes[i].forEachArgument { _, a in mark(a) }
                }
            }
        }
        var before = [Int32](repeating: 0, count: words.count)
        var total = 0
        for (k, word) in words.enumerated() {
            before[k] = Int32(total)
            total += word.nonzeroBitCount
        }
        self.words = words
        self.before = before
        count = total
    }

    func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }

    /// The number of needed nodes before node `id` (`id` may be the graph's node count).
    @inline(__always)
    func newID(_ id: NodeID) -> NodeID {
        let k = Int(id) >> 6
        return before[k] + NodeID((words[k] & ((1 << UInt64(id & 63)) - 1)).nonzeroBitCount)
    }

    /// Calls `body` with each needed node, in increasing order.
    func forEachLive(_ body: (Int) -> Void) {
        for (k, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                body(k << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }
}
