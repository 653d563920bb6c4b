extension Graph {
    /// The graph with only the nodes its outputs need, renumbered (still topological); the graph
    /// itself when it needs them all.
    @_spi(DerivCore) public func pruned() -> Graph {
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
                var to = 0
                live.forEachLive { i in
                    let n = nodes[i]
                    nodes[to] = n.op.isLeaf ? n : Node(op: n.op, a: m(n.a), b: m(n.b), c: m(n.c))
                    origins[to] = origins[i]
                    to += 1
                }
            }
        }
        nodes.removeLast(count - live.count)
        origins.removeLast(origins.count - live.count)
        names.compact { live.contains(Int($0)) ? live.newID($0) : nil }
        outputs = outputs.map(m)
        exactPrefix = Int(live.newID(NodeID(exactPrefix)))
    }
}

/// Which nodes of a graph its outputs need, one bit per node, with the number of needed nodes
/// before each word of 64 bits (side by side, one look-up). A needed node's id after pruning is
/// the number of needed nodes before it: that count plus one population count. The table takes
/// a quarter of a byte per node, so for a graph of millions of nodes it stays in cache while the
/// marking loop and the renumbering read it at random (a table of new ids would not).
struct Liveness {
    private struct Word {
        var bits: UInt64 = 0
        var before: Int32 = 0
    }
    private var words: [Word]
    /// The number of needed nodes.
    let count: Int

    init(_ g: Graph) {
        var words = [Word](repeating: Word(), count: g.count / 64 + 1)
        var total = 0
        words.withUnsafeMutableBufferPointer { w in
            func mark(_ id: NodeID) { w[Int(id) >> 6].bits |= 1 << UInt64(id & 63) }
            for o in g.outputs { mark(o) }
            g.nodes.withUnsafeBufferPointer { nodes in
                for i in stride(from: nodes.count - 1, through: 0, by: -1) where w[i >> 6].bits & (1 << UInt64(i & 63)) != 0 {
                    nodes[i].forEachArgument { _, a in mark(a) }
                }
            }
            for k in w.indices {
                w[k].before = Int32(total)
                total += w[k].bits.nonzeroBitCount
            }
        }
        self.words = words
        count = total
    }

    func contains(_ i: Int) -> Bool { words[i >> 6].bits & (1 << UInt64(i & 63)) != 0 }

    /// The number of needed nodes before node `id` (`id` may be the graph's node count).
    @inline(__always)
    func newID(_ id: NodeID) -> NodeID {
        let w = words[Int(id) >> 6]
        return w.before + NodeID((w.bits & ((1 << UInt64(id & 63)) - 1)).nonzeroBitCount)
    }

    /// Calls `body` with each needed node, in increasing order.
    func forEachLive(_ body: (Int) -> Void) {
        for (k, word) in words.enumerated() {
            var bits = word.bits
            while bits != 0 {
                body(k << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }
}

extension Graph {
    /// The graph with only the outputs at `indices` (in that order), pruned.
    @_spi(DerivCore) public func selectingOutputs(_ indices: [Int]) -> Graph {
        var g = self
        g.outputs = indices.map { outputs[$0] }
        g.outputNames = indices.map { outputNames[$0] }
        return g.pruned()
    }
}
