@_spi(DerivCore) import DerivCore
/// Forward mode as a graph-to-graph transformation.
///
/// One sweep carries a tangent ẋ for every node in topological order: ẏ = Σᵢ ∂y/∂xᵢ · ẋᵢ, with
/// the partials read from `Op.partial`, the table reverse mode reads too. A tangent that is
/// structurally zero is absent (nil), so terms that would be `0·p` are never built; a partial that
/// is structurally zero is never built either; signs travel beside the tangents (`SignedTerm`),
/// so a partial −1 or −sin costs no `neg` node. The sweep starts at the first seeded input, as no
/// node before it can have a tangent, and stops after the last user of any node that has one, so
/// each column of a sparse Jacobian costs only the span it reaches. A sweep costs about as much
/// as the function, and a full Jacobian needs one sweep per input: forward mode wins when inputs
/// are few.
package enum Forward {
    /// Tangents of every node of `graph` given the seeds on some inputs; nil where the tangent is
    /// zero. `b` extends `graph` (`GraphBuilder(extending:)`), so each node of `graph` is the node
    /// with the same id in `b`. Named nodes get named tangents (`c` → `c_dot`, `NodeNames.nameDerived`).
    package static func tangents(of graph: Graph, seeds: [Int: NodeID], into b: GraphBuilder,
                                naming derivation: Derivation = .tangent) -> [NodeID?] {
        var sweep = Sweep(graph)
        sweep.run(seeds: seeds, into: b, naming: derivation)
        return sweep.tangent.map { $0.map(b.node) }
    }

    /// Sweeps over one graph, run one after another (one per column of a Jacobian): what they
    /// share is worked out once, and each sweep resets only what the one before it reached. The
    /// sweeps build into a builder that extends the graph, so the graph's node ids are the builder's.
    struct Sweep {
        let graph: Graph
        let inputNodes: [NodeID?]
        /// The id of each node's last user (its own id if it has none).
        let lastUser: [Int32]
        /// The tangent of every node after the last sweep, its sign kept apart; nil where zero.
        private(set) var tangent: [SignedTerm?]
        /// The nodes the last sweep gave a tangent, in increasing order.
        private(set) var reached: [NodeID] = []
        /// What the last sweep did, edge by edge, when the sweep records (`deriv trace`); else nil.
        private(set) var record: SweepRecord?
        private var partials: KnownPartials

        init(_ graph: Graph, recording: Bool = false) {
            self.graph = graph
            record = recording ? SweepRecord(mode: .forward) : nil
            inputNodes = graph.inputNodes()
            var lastUser = (0..<Int32(graph.count)).map { $0 }
            for i in 0..<graph.count { graph.nodes[i].forEachArgument { _, arg in lastUser[Int(arg)] = Int32(i) } }
            self.lastUser = lastUser
            tangent = [SignedTerm?](repeating: nil, count: graph.count)
            partials = KnownPartials(count: graph.count)
        }

        mutating func run(seeds: [Int: NodeID], into b: GraphBuilder, naming derivation: Derivation) {
            for node in reached { tangent[Int(node)] = nil }
            reached.removeAll(keepingCapacity: true)
            partials.sweepStarts()
            record?.sweepStarts()
            var start = graph.count
            var end = -1
            for (input, seed) in seeds.sorted(by: { $0.key < $1.key }) {
                guard let node = inputNodes[input] else { continue }
                tangent[Int(node)] = b.signed(seed)
                reached.append(node)
                start = Swift.min(start, Int(node) + 1)
                end = Swift.max(end, Int(lastUser[Int(node)]))
            }
            reached.sort()
            var i = start
            while i <= end {
                defer { i += 1 }
                let n = graph.nodes[i]
                if n.op.isLeaf { continue }
                var sum: SignedTerm?
                n.forEachArgument { k, arg in
                    guard let t = tangent[Int(arg)] else { return }
                    b.currentOrigin = graph.origins[i]
                    guard let p = partials.partial(k, of: n, at: i, in: b) else { return }
                    let term = b.product(b.signed(p), t)
                    record?.append(.init(user: NodeID(i), argument: k, operand: arg, upstream: t, partial: p, contribution: term))
                    sum = sum.map { b.sum($0, term) } ?? term
                }
                if let sum {
                    tangent[i] = sum
                    reached.append(NodeID(i))
                    end = Swift.max(end, Int(lastUser[i]))
                }
            }
            b.currentOrigin = -1
            if record != nil { record!.finish(reached: reached) { tangent[Int($0)] } }
            // Lowest id first: the first program variable to claim a tangent names it. A negative
            // tangent is held as its magnitude: that node is named `minus_c_dot`.
            for node in reached {
                if let name = graph.names[node], let dot = tangent[Int(node)], dot.node >= graph.count {
                    b.names.nameDerived(dot.node, derivation, negative: dot.negative, of: name, role: graph.names.role(node))
                }
            }
        }
    }
}
