@_spi(DerivCore) import DerivCore
/// Reverse mode as a graph-to-graph transformation.
///
/// After the primal nodes, one sweep visits the nodes in reverse topological order and pushes
/// each node's adjoint ȳ to its arguments: x̄ᵢ += ∂y/∂xᵢ · ȳ (seed 003: downstream gradient =
/// local gradient × upstream gradient). A node's adjoint is complete when the sweep reaches it,
/// because all its users come later in topological order; fan-out is summed. Adjoints that are
/// structurally zero are absent (nil), and constants get none (nothing differentiates with
/// respect to them), so their partials, such as ∂(x^2)/∂2 = x^2·log(x), are never built. Signs
/// travel beside the adjoints (`SignedTerm`), so a partial −1 or −sin costs no `neg` node. The
/// sweep starts at the highest seed and stops once no adjoint is waiting to be pushed, and it
/// keeps a list of the nodes it reached, so each row of a sparse Jacobian costs only what it
/// reaches. One sweep gives the gradient of one output with respect to every input, at a small
/// constant multiple of the function's cost: reverse mode wins when outputs are few.
package enum Reverse {
    /// Adjoints of every node of `graph` given seeds on some nodes (usually `[output: 1]`); nil
    /// where the adjoint is zero. `b` extends `graph` (`GraphBuilder(extending:)`), so each node
    /// of `graph` is the node with the same id in `b`. Named nodes get named adjoints (`c` → `c_bar`).
    package static func adjoints(of graph: Graph, seeds: [NodeID: NodeID], into b: GraphBuilder) -> [NodeID?] {
        var sweep = Sweep(graph)
        sweep.run(seeds: seeds, into: b)
        return sweep.adjoint.map { $0.map(b.node) }
    }

    /// Sweeps over one graph, run one after another (one per row of a Jacobian): what they share
    /// is worked out once, and each sweep resets only what the one before it reached. The sweeps
    /// build into a builder that extends the graph, so the graph's node ids are the builder's.
    struct Sweep {
        let graph: Graph
        /// The names of the inputs' nodes; with the graph's names (program variables), the nodes
        /// whose adjoints are named.
        private let inputNames: [NodeID: String]
        /// The adjoint of every node after the last sweep, its sign kept apart; nil where zero.
        private(set) var adjoint: [SignedTerm?]
        /// The nodes the last sweep gave an adjoint.
        private(set) var reached: [NodeID] = []
        /// What the last sweep did, edge by edge, when the sweep records (`deriv trace`); else nil.
        private(set) var record: SweepRecord?
        private var partials: KnownPartials

        init(_ graph: Graph, recording: Bool = false) {
            self.graph = graph
            record = recording ? SweepRecord(mode: .reverse) : nil
            var inputNames: [NodeID: String] = [:]
            for (i, node) in graph.inputNodes().enumerated() {
                if let node { inputNames[node] = graph.inputs[i] }
            }
            self.inputNames = inputNames
            adjoint = [SignedTerm?](repeating: nil, count: graph.count)
            partials = KnownPartials(count: graph.count)
        }

        mutating func run(seeds: [NodeID: NodeID], into b: GraphBuilder) {
            for node in reached { adjoint[Int(node)] = nil }
            reached.removeAll(keepingCapacity: true)
            partials.sweepStarts()
            record?.sweepStarts()
            var waiting = 0
            for (node, seed) in seeds.sorted(by: { $0.key < $1.key }) where adjoint[Int(node)] == nil {
                adjoint[Int(node)] = b.signed(seed)
                reached.append(node)
                waiting += 1
            }
            var i = Int(seeds.keys.max() ?? -1)
            while waiting > 0 {
                defer { i -= 1 }
                guard let bar = adjoint[i] else { continue }
                waiting -= 1
                let n = graph.nodes[i]
                if n.op.isLeaf { continue }
                b.currentOrigin = graph.origins[i]
                n.forEachArgument { k, arg in
                    // The argument's adjoint and node are read together, so that in a big graph
                    // their two cache misses overlap; the partial reads the node next.
                    let previous = adjoint[Int(arg)]
                    guard b[arg].op != .constant, let p = partials.partial(k, of: n, at: i, in: b) else { return }
                    let term = b.product(b.signed(p), bar)
                    record?.append(.init(user: NodeID(i), argument: k, operand: arg, upstream: bar, partial: p, contribution: term))
                    if let sum = previous {
                        adjoint[Int(arg)] = b.sum(sum, term)
                    } else {
                        adjoint[Int(arg)] = term
                        reached.append(arg)
                        waiting += 1
                    }
                }
            }
            b.currentOrigin = -1
            if record != nil { record!.finish(reached: reached) { adjoint[Int($0)] } }
            // Highest id first: the first named node to claim an adjoint names it. A negative
            // adjoint is held as its magnitude: that node is named `minus_c_bar`.
            forEachReachedFromTheHighest { node in
                guard let bar = adjoint[Int(node)], bar.node >= graph.count else { return }
                let own = graph.names[node].map { ($0, graph.names.role(node)) } ?? inputNames[node].map { ($0, NodeRole.input) }
                guard let (name, role) = own else { return }
                // A name given before (by a node with a higher id, or by an earlier sweep) stays.
                b.names.nameDerived(bar.node, .adjoint, negative: bar.negative, of: name, role: role)
            }
        }

        /// Calls `body` with each node the last sweep reached, highest id first: when the sweep
        /// reached much of the graph, by one pass over the ids (reading the names in order),
        /// else by sorting what it reached (a row of a sparse Jacobian costs what it reaches).
        private func forEachReachedFromTheHighest(_ body: (NodeID) -> Void) {
            if reached.count >= graph.count / 8 {
                for i in stride(from: graph.count - 1, through: 0, by: -1) where adjoint[i] != nil { body(NodeID(i)) }
            } else {
                for node in reached.sorted(by: >) { body(node) }
            }
        }
    }
}
